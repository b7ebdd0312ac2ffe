#include "gui/window.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <mutex>
#include <thread>

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <GL/gl.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>
#include <fmt/format.h>
#include <imgui.h>

#include "gui/app.hpp"
#include "gui/entry_line.hpp"
#include "gui/error.hpp"
#include "gui/screenshot.hpp"

namespace fl::gui {
namespace {

using Clock = std::chrono::steady_clock;

// Input frames come at most this often (a display's vsync does the same; Xvfb has none).
constexpr auto min_frame_gap = std::chrono::milliseconds(15);
// A new standings snapshot redraws at most this often: a busy race publishes far more often
// than a screen needs, but a finisher should be on the board well within 50 ms of being
// scored (BENCHMARKS.md: new snapshot on screen).
constexpr auto snapshot_frame_gap = std::chrono::milliseconds(30);
// How often an idle window looks for a new snapshot (a pointer compare, no frame) when no
// service wakes it (snapshot_published).
constexpr auto snapshot_poll = std::chrono::milliseconds(100);
// After input, a couple more frames let ImGui settle hover and layout changes.
constexpr int frames_after_input = 2;

std::mutex glfw_error_mutex;
std::string glfw_error;  // the last GLFW error, for the message of a failed open

void on_glfw_error(int code, const char* description) {
    std::lock_guard lock(glfw_error_mutex);
    glfw_error = fmt::format("{} (GLFW error 0x{:x})", description ? description : "unknown", code);
}

std::string last_glfw_error() {
    std::lock_guard lock(glfw_error_mutex);
    return glfw_error.empty() ? std::string("no reason given") : glfw_error;
}

}  // namespace

struct Window::Impl {
    Impl(ServiceLink link, const timing::Clock& clock, const WindowOptions& o)
        : options(o), app(std::move(link), clock, o.settings) {}
    ~Impl();
    Impl(const Impl&) = delete;
    Impl& operator=(const Impl&) = delete;

    WindowOptions options;
    App app;
    GLFWwindow* window = nullptr;
    ImGuiContext* imgui = nullptr;
    bool glfw_ready = false;
    bool glfw_backend = false;
    bool gl_backend = false;
    std::uint64_t frames = 0;
    std::atomic<bool> posted{false};  // the run queue has work (set from any thread)
    bool input = false;               // GLFW delivered input since the last frame
    int windowed_x = 0, windowed_y = 0, windowed_w = 1280, windowed_h = 800;

    void render(const std::string* capture);
    void toggle_fullscreen();
    void on_key(int key, int scancode, int action, int mods);
    void on_char(unsigned c);
    static Impl& of(GLFWwindow* w) { return *static_cast<Impl*>(glfwGetWindowUserPointer(w)); }
};

void Window::Impl::on_key(int key, int scancode, int action, int mods) {
    input = true;
    ImGui_ImplGlfw_KeyCallback(window, key, scancode, action, mods);
    if (action != GLFW_PRESS && action != GLFW_REPEAT) return;
    auto& io = ImGui::GetIO();
    // Editing keys go into the character queue, in order with the typed text (entry_line.hpp).
    switch (key) {
        case GLFW_KEY_ENTER:
        case GLFW_KEY_KP_ENTER: io.AddInputCharacter(EntryLine::enter); break;
        case GLFW_KEY_BACKSPACE: io.AddInputCharacter(EntryLine::backspace); break;
        case GLFW_KEY_ESCAPE: io.AddInputCharacter(EntryLine::escape); break;
        default: break;
    }
    if (action != GLFW_PRESS) return;
    const bool ctrl = (mods & GLFW_MOD_CONTROL) != 0;
    if (ctrl && (key == GLFW_KEY_EQUAL || key == GLFW_KEY_KP_ADD)) app.hotkey(Hotkey::font_bigger);
    if (ctrl && (key == GLFW_KEY_MINUS || key == GLFW_KEY_KP_SUBTRACT))
        app.hotkey(Hotkey::font_smaller);
    if (ctrl && (key == GLFW_KEY_0 || key == GLFW_KEY_KP_0)) app.hotkey(Hotkey::font_reset);
    if (key == GLFW_KEY_F1) app.hotkey(Hotkey::show_board);
    if (key == GLFW_KEY_F2) app.hotkey(Hotkey::show_console);
    if (key == GLFW_KEY_F3) app.hotkey(Hotkey::show_both);
    if (key == GLFW_KEY_F4) app.hotkey(Hotkey::toggle_qr);
    if (key == GLFW_KEY_F11) toggle_fullscreen();
}

void Window::Impl::on_char(unsigned c) {
    input = true;
    ImGui_ImplGlfw_CharCallback(window, c);
}

void Window::Impl::toggle_fullscreen() {
    if (glfwGetWindowMonitor(window)) {
        glfwSetWindowMonitor(window, nullptr, windowed_x, windowed_y, windowed_w, windowed_h, 0);
        glfwSetInputMode(window, GLFW_CURSOR, GLFW_CURSOR_NORMAL);
        return;
    }
    GLFWmonitor* monitor = glfwGetPrimaryMonitor();
    const GLFWvidmode* mode = monitor ? glfwGetVideoMode(monitor) : nullptr;
    if (!mode) return;
    glfwGetWindowPos(window, &windowed_x, &windowed_y);
    glfwGetWindowSize(window, &windowed_w, &windowed_h);
    glfwSetWindowMonitor(window, monitor, 0, 0, mode->width, mode->height, mode->refreshRate);
    // A kiosk board has nobody at a mouse: hide the pointer.
    if (app.view() == View::board) glfwSetInputMode(window, GLFW_CURSOR, GLFW_CURSOR_HIDDEN);
}

void Window::Impl::render(const std::string* capture) {
    ImGui::SetCurrentContext(imgui);
    auto& io = ImGui::GetIO();
    if (app.fonts_stale()) {
        app.load_fonts(*io.Fonts);
        // The first frame's NewFrame uploads the atlas; later ones replace the texture.
        if (frames > 0) {
            ImGui_ImplOpenGL3_DestroyFontsTexture();
            ImGui_ImplOpenGL3_CreateFontsTexture();
        }
    }
    posted = false;
    input = false;
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    ImGui::NewFrame();
    app.build_frame();
    ImGui::Render();
    int w = 0, h = 0;
    glfwGetFramebufferSize(window, &w, &h);
    glViewport(0, 0, w, h);
    glClearColor(0.0f, 0.0f, 0.0f, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    if (capture) save_framebuffer_png(*capture, w, h);  // the back buffer, before the swap
    glfwSwapBuffers(window);
    ++frames;
}

Window::Window(ServiceLink link, const timing::Clock& clock, const WindowOptions& options)
    : d_(std::make_unique<Impl>(std::move(link), clock, options)) {
    auto& d = *d_;
    glfwSetErrorCallback(on_glfw_error);
    if (!glfwInit()) {
        const char* display = std::getenv("DISPLAY");
        throw Error(fmt::format(
            "cannot open the board window: {}{}; run it on a desktop, "
            "under xvfb-run, or without --gui",
            last_glfw_error(), display && *display ? fmt::format(" (DISPLAY={})", display) : ""));
    }
    d.glfw_ready = true;
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
    glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
    glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
    GLFWmonitor* monitor = options.fullscreen ? glfwGetPrimaryMonitor() : nullptr;
    const GLFWvidmode* mode = monitor ? glfwGetVideoMode(monitor) : nullptr;
    const int w = mode ? mode->width : options.width;
    const int h = mode ? mode->height : options.height;
    d.windowed_w = options.width;
    d.windowed_h = options.height;
    d.window = glfwCreateWindow(w, h, options.title.c_str(), mode ? monitor : nullptr, nullptr);
    if (!d.window) {
        const auto why = last_glfw_error();
        throw Error(
            fmt::format("cannot create an OpenGL 3.3 core window: {}; check the graphics "
                        "driver (Mesa's llvmpipe works under xvfb-run)",
                        why));
    }
    glfwSetWindowUserPointer(d.window, &d);
    glfwMakeContextCurrent(d.window);
    glfwSwapInterval(1);
    if (mode && options.settings.view == View::board)
        glfwSetInputMode(d.window, GLFW_CURSOR, GLFW_CURSOR_HIDDEN);

    IMGUI_CHECKVERSION();
    d.imgui = ImGui::CreateContext();
    ImGui::SetCurrentContext(d.imgui);
    ImGui::GetIO().IniFilename = nullptr;  // the layout is fixed: nothing to remember
    d.app.load_fonts(*ImGui::GetIO().Fonts);

    // Our callbacks forward to ImGui's and add what it lacks (ordered Enter, hotkeys, waking).
    d.glfw_backend = ImGui_ImplGlfw_InitForOpenGL(d.window, false);
    d.gl_backend = ImGui_ImplOpenGL3_Init("#version 330");
    if (!d.glfw_backend || !d.gl_backend)
        throw Error("cannot start the ImGui GLFW/OpenGL3 backends: is OpenGL 3.3 available?");
    glfwSetKeyCallback(d.window, [](GLFWwindow* w, int key, int sc, int action, int mods) {
        Impl::of(w).on_key(key, sc, action, mods);
    });
    glfwSetCharCallback(d.window, [](GLFWwindow* w, unsigned c) { Impl::of(w).on_char(c); });
    glfwSetMouseButtonCallback(d.window, [](GLFWwindow* w, int button, int action, int mods) {
        Impl::of(w).input = true;
        ImGui_ImplGlfw_MouseButtonCallback(w, button, action, mods);
    });
    glfwSetScrollCallback(d.window, [](GLFWwindow* w, double x, double y) {
        Impl::of(w).input = true;
        ImGui_ImplGlfw_ScrollCallback(w, x, y);
    });
    glfwSetCursorPosCallback(d.window,
                             [](GLFWwindow* w, double, double) { Impl::of(w).input = true; });
    glfwSetCursorEnterCallback(d.window, [](GLFWwindow* w, int entered) {
        Impl::of(w).input = true;
        ImGui_ImplGlfw_CursorEnterCallback(w, entered);
    });
    glfwSetWindowFocusCallback(d.window, [](GLFWwindow* w, int focused) {
        Impl::of(w).input = true;
        ImGui_ImplGlfw_WindowFocusCallback(w, focused);
    });
    glfwSetFramebufferSizeCallback(d.window,
                                   [](GLFWwindow* w, int, int) { Impl::of(w).input = true; });
    glfwSetWindowRefreshCallback(d.window, [](GLFWwindow* w) { Impl::of(w).input = true; });
    glfwSetMonitorCallback(ImGui_ImplGlfw_MonitorCallback);

    // Answers from the service wake the window at once (glfwPostEmptyEvent is thread-safe).
    Impl* self = &d;
    d.app.queue()->set_wake([self] {
        self->posted = true;
        glfwPostEmptyEvent();
    });
}

void Window::snapshot_published() {
    glfwPostEmptyEvent();  // thread-safe; the loop then sees snapshot_changed()
}

// Also runs when the constructor throws half way: everything opened so far is closed.
Window::Impl::~Impl() {
    // No thread may wake a window that is going away.
    app.queue()->close();
    if (imgui) {
        ImGui::SetCurrentContext(imgui);
        if (gl_backend) ImGui_ImplOpenGL3_Shutdown();
        if (glfw_backend) ImGui_ImplGlfw_Shutdown();
        ImGui::DestroyContext(imgui);
    }
    if (window) glfwDestroyWindow(window);
    if (glfw_ready) glfwTerminate();
}

Window::~Window() = default;

void Window::frame() {
    glfwPollEvents();
    d_->render(nullptr);
}

void Window::screenshot(const std::string& path) {
    glfwPollEvents();
    d_->render(&path);
}

std::uint64_t Window::frames() const { return d_->frames; }
bool Window::closing() const { return glfwWindowShouldClose(d_->window) != 0; }
void Window::close() { glfwSetWindowShouldClose(d_->window, GLFW_TRUE); }
App& Window::app() { return d_->app; }

void Window::key(int glfw_key, int action, int mods) {
    ImGui::SetCurrentContext(d_->imgui);
    d_->on_key(glfw_key, glfwGetKeyScancode(glfw_key), action, mods);
}

void Window::character(unsigned codepoint) {
    ImGui::SetCurrentContext(d_->imgui);
    d_->on_char(codepoint);
}

int Window::run() {
    auto& d = *d_;
    if (!d.options.screenshot.empty()) {
        // The picture is of the race, not of "waiting for the service": give the service a
        // moment to publish its first standings.
        const auto give_up = Clock::now() + std::chrono::seconds(10);
        while (!d.app.snapshot_ready() && Clock::now() < give_up)
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        frame();
        while (!d.app.settled() && Clock::now() < give_up) {
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
            frame();
        }
        for (int i = 1; i < std::max(d.options.frames, 1); ++i) frame();
        screenshot(d.options.screenshot);
        return 0;
    }
    auto last = Clock::now() - std::chrono::seconds(1);
    auto due = Clock::now();
    int settle = frames_after_input;
    while (!closing()) {
        glfwPollEvents();
        if (d.options.should_close && d.options.should_close()) break;
        const auto now = Clock::now();
        if (glfwGetWindowAttrib(d.window, GLFW_ICONIFIED)) {
            glfwWaitEventsTimeout(1.0);  // minimised: nobody sees it, draw nothing
            continue;
        }
        const bool input = d.input || d.posted;
        if (input) settle = frames_after_input;
        const bool snapshot = d.app.snapshot_changed();
        const bool want =
            input || settle > 0 || now >= due || (snapshot && now - last >= snapshot_frame_gap);
        if (want && now - last >= min_frame_gap) {
            if (!input && settle > 0) --settle;
            d.render(nullptr);
            last = Clock::now();
            due = last + d.app.until_next_change();
            continue;
        }
        // Sleep until the next tick, the next snapshot look, or input, whichever comes first.
        auto wake = std::min(due, now + snapshot_poll);
        if (want) wake = std::min(wake, last + min_frame_gap);
        if (snapshot) wake = std::min(wake, std::max(now, last + snapshot_frame_gap));
        const auto wait = std::chrono::duration<double>(wake - now).count();
        if (wait > 0) glfwWaitEventsTimeout(wait);
    }
    return 0;
}

int run_window(ServiceLink link, const timing::Clock& clock, const WindowOptions& options) {
    Window w(std::move(link), clock, options);
    return w.run();
}

}  // namespace fl::gui
