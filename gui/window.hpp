#pragma once
// The board and console in a GLFW window with OpenGL 3.3: waits for events when nothing
// changes (the race clock still ticks once a second), goes fullscreen for a kiosk, and can
// write what it shows to a PNG and exit (--screenshot) for machines without a screen.
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "gui/service_link.hpp"
#include "gui/settings.hpp"
#include "timing/clock.hpp"

namespace fl::gui {

class App;

struct WindowOptions {
    Settings settings;        // view, font scale, font folder, highlight and paging times
    bool fullscreen = false;  // kiosk: the whole primary monitor
    int width = 1280;         // windowed size
    int height = 800;
    std::string screenshot;  // when set: render `frames` frames, write this PNG, return
    int frames = 3;
    std::string title = "FinishLine";
    // Polled by run() a few times a second: true closes the window (e.g. after SIGTERM).
    std::function<bool()> should_close;
};

class Window {
public:
    // Opens the window. Throws gui::Error when there is no display or no OpenGL 3.3, saying so.
    Window(ServiceLink link, const timing::Clock& clock, const WindowOptions& options);
    ~Window();
    Window(const Window&) = delete;
    Window& operator=(const Window&) = delete;

    // Runs until the window is closed, or with options.screenshot until the PNG is written.
    // Returns the exit code for the command (0).
    int run();

    // One frame now (events polled first). Tests drive the window with it.
    void frame();
    // Renders one more frame and writes it to `path` as a PNG.
    void screenshot(const std::string& path);
    std::uint64_t frames() const;
    bool closing() const;
    void close();

    // Input exactly as GLFW hands it to the window's callbacks: tests type the way a keyboard
    // or a keyboard-wedge barcode scanner does (GLFW_KEY_* codes, GLFW_PRESS/RELEASE).
    void key(int glfw_key, int action, int mods = 0);
    void character(unsigned codepoint);

    App& app();
    // Any thread: a new standings snapshot was published; the window draws it without waiting
    // for its next look (the service calls this from its results thread).
    void snapshot_published();

private:
    struct Impl;
    std::unique_ptr<Impl> d_;
};

// What `serve --gui` and `demo` call: opens the window over the service and runs it.
int run_window(ServiceLink link, const timing::Clock& clock, const WindowOptions& options);

}  // namespace fl::gui
