#include "gui/window_options.hpp"

#include <CLI/CLI.hpp>

namespace fl::gui {

WindowOptions GuiOptions::resolve() const {
    auto w = window;
    w.settings.view = parse_view(view).value_or(View::both);
    return w;
}

void add_gui_options(CLI::App& cmd, GuiOptions& o) {
    cmd.add_flag("--gui", o.gui, "Open the live board and marshal console window");
    cmd.add_option("--view", o.view, "What the window shows: board, console or both")
        ->check(CLI::IsMember({"board", "console", "both"}))
        ->capture_default_str();
    cmd.add_option(
        "--screenshot", o.window.screenshot,
        "Render --frames frames, write the window to this PNG file and exit (implies --gui)");
    cmd.add_option("--frames", o.window.frames, "Frames to render before --screenshot")
        ->check(CLI::Range(1, 100000))
        ->capture_default_str();
    cmd.add_flag("--fullscreen", o.window.fullscreen,
                 "Fill the primary monitor (a kiosk board); F11 toggles it");
    cmd.add_option("--font-scale", o.window.settings.font_scale,
                   "Text size, 0.5 to 3 (Ctrl +/- and Ctrl 0 change it while running)")
        ->check(CLI::Range(0.5, 3.0))
        ->capture_default_str();
    cmd.add_flag_callback(
        "--no-qr", [&o] { o.window.settings.show_qr = false; },
        "Start without the QR code of [web] public_url on the board (F4 shows it)");
    cmd.add_option("--font-dir", o.window.settings.font_dir,
                   "Folder holding DejaVuSans.ttf and DejaVuSans-Bold.ttf")
        ->check(CLI::ExistingDirectory)
        ->capture_default_str();
    cmd.add_option(
           "--size",
           [&o](const CLI::results_t& r) {
               const auto& t = r.front();
               const auto x = t.find('x');
               if (x == std::string::npos) return false;
               try {
                   o.window.width = std::stoi(t.substr(0, x));
                   o.window.height = std::stoi(t.substr(x + 1));
               } catch (const std::exception&) {
                   return false;
               }
               return o.window.width >= 320 && o.window.height >= 240 && o.window.width <= 16384 &&
                      o.window.height <= 16384;
           },
           "Window size WIDTHxHEIGHT (default 1280x800)")
        ->type_name("WxH");
}

}  // namespace fl::gui
