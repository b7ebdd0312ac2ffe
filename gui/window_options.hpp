#pragma once
// The command-line options of the window, shared by `serve` and `demo`:
//   --gui  --view board|console|both  --screenshot FILE.png [--frames N]
//   --fullscreen  --font-scale X  --font-dir DIR  --no-qr
#include <string>

#include "gui/window.hpp"

namespace CLI {
class App;
}

namespace fl::gui {

struct GuiOptions {
    bool gui = false;  // --gui: open the window
    std::string view = "both";
    WindowOptions window;
    // --gui, or --screenshot (which implies it).
    bool wanted() const { return gui || !window.screenshot.empty(); }
    // The window options with --view applied.
    WindowOptions resolve() const;
};

void add_gui_options(CLI::App& command, GuiOptions& options);

}  // namespace fl::gui
