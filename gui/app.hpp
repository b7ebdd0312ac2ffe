#pragma once
// The board and the console over one service: owns the views, takes one standings snapshot per
// frame, runs what other threads posted, and says when the screen next changes by itself so
// the window can sleep until then. Knows ImGui but not GLFW or OpenGL: the benchmark and the
// tests build its frames without a window.
#include <atomic>
#include <chrono>
#include <memory>

#include "gui/board_view.hpp"
#include "gui/console_view.hpp"
#include "gui/fonts.hpp"
#include "gui/glyph_scanner.hpp"
#include "gui/run_queue.hpp"
#include "gui/service_link.hpp"
#include "gui/settings.hpp"
#include "timing/clock.hpp"

struct ImFontAtlas;

namespace fl::gui {

// font_reset: back to the scale the window started with (--font-scale).
// toggle_qr: the board's QR code of [web] public_url, hidden or shown.
enum class Hotkey {
    font_bigger,
    font_smaller,
    font_reset,
    show_board,
    show_console,
    show_both,
    toggle_qr
};

class App {
public:
    // `clock` is the service's clock (a demo runs it faster): the race clocks, highlights and
    // the console's times read it. It must outlive the App.
    App(ServiceLink link, const timing::Clock& clock, Settings settings);
    ~App();
    App(const App&) = delete;
    App& operator=(const App&) = delete;

    // Builds this frame's windows: call between ImGui::NewFrame() and ImGui::Render().
    void build_frame();
    void hotkey(Hotkey k);

    // The window re-rasterises the fonts (and uploads the atlas) before a frame when asked.
    bool fonts_stale() const { return fonts_stale_; }
    // Clears and rebuilds `atlas` at the current scale, for the characters of the race seen so
    // far, and applies the theme to match. A snapshot with a new character (a participant
    // added or renamed) makes the fonts stale again; a character no font draws is said once on
    // stderr, with the package to install.
    void load_fonts(ImFontAtlas& atlas);
    const GlyphSet& glyphs() const { return glyphs_; }
    float font_scale() const { return settings_.font_scale; }
    int font_loads() const { return font_loads_; }  // how often the atlas was rebuilt
    const FontSet& fonts() const { return fonts_; }

    // A published snapshot newer than the one on screen (a cheap pointer compare).
    bool snapshot_changed() const;
    // The service has published standings (before that the window shows "waiting").
    bool snapshot_ready() const;
    // The board shows what the current snapshot and selection ask for (its worker has caught
    // up): a screenshot waits for this.
    bool settled() const;
    // Real time until the screen changes by itself: the next second of a race clock or a page
    // turn; at most a second. The window sleeps this long when nothing else happens.
    std::chrono::steady_clock::duration until_next_change() const;

    const std::shared_ptr<RunQueue>& queue() const { return queue_; }
    View view() const { return settings_.view; }
    const Settings& settings() const { return settings_; }
    const ServiceLink& link() const { return link_; }
    BoardView& board() { return board_; }
    ConsoleView& console() { return console_; }
    const std::shared_ptr<const results::Standings>& shown() const { return shown_; }

private:
    void draw_waiting();
    void draw_notice(const std::string& notice);
    void follow_zone();
    void board_qr();
    void start_glyph_scanner();

    ServiceLink link_;
    const timing::Clock& clock_;
    Settings settings_;
    timing::RaceCalendar calendar_;
    std::string calendar_zone_;  // a remote board's zone, once its standings named it
    std::shared_ptr<RunQueue> queue_ = std::make_shared<RunQueue>();
    GlyphSet glyphs_;
    // Snapshots after the first are searched for new characters off the GUI thread; what it
    // finds comes back through the queue (counted until applied, for settled()).
    std::unique_ptr<GlyphScanner> scanner_;
    std::shared_ptr<std::atomic<int>> glyphs_in_flight_ = std::make_shared<std::atomic<int>>(0);
    FontSet fonts_;
    bool fonts_stale_ = true;
    int font_loads_ = 0;
    std::size_t missing_said_ = 0;  // how many characters the stderr note last named
    float start_scale_ = 1.0f;  // Ctrl 0 goes back to it
    BoardView board_;
    ConsoleView console_;
    std::shared_ptr<const results::Standings> shown_;
    SteadyTime readers_at_{};
};

}  // namespace fl::gui
