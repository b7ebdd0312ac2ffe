#include "gui/app.hpp"

#include <algorithm>

#include <fmt/format.h>
#include <imgui.h>

#include "gui/theme.hpp"
#include "ingest/public_url.hpp"
#include "results/error.hpp"
#include "results/qr_code.hpp"

namespace fl::gui {
namespace {

// Reader status is a copy taken under the status board's lock: twice a second is plenty.
constexpr auto readers_every = std::chrono::milliseconds(500);

// A config that was never loaded (no zone) shows clock times in UTC.
timing::RaceCalendar calendar_for(const timing::RaceConfig& c) {
    if (c.timezone.empty())
        return timing::RaceCalendar(c.date, timing::find_zone("UTC"), timing::Duration{0});
    return c.calendar();
}

}  // namespace

App::App(ServiceLink link, const timing::Clock& clock, Settings settings)
    : link_(std::move(link)),
      clock_(clock),
      settings_(std::move(settings)),
      calendar_(calendar_for(link_.config)),
      board_(settings_, [queue = queue_] { queue->post([] {}); }),
      console_(link_, queue_, clock_, settings_) {
    settings_.font_scale = clamp_font_scale(settings_.font_scale);
    if (link_.read_only) settings_.view = View::board;
    start_scale_ = settings_.font_scale;
    glyphs_.add(link_.config);
    board_qr();
}

void App::board_qr() {
    board_.show_qr(settings_.show_qr);
    if (!link_.config.web) return;
    // Encoded once: the address cannot change while the service runs. An every-interface
    // listen without public_url shows this machine's own address, as the service logs it.
    const auto chosen = ingest::public_url(*link_.config.web, ingest::network_addresses());
    const auto& url = chosen.url;
    if (results::names_every_interface(url)) {
        fmt::print(stderr, "board: no QR code: {}\n", chosen.note);
        return;
    }
    try {
        board_.set_qr(results::QrCode::encode(url), url);
    } catch (const results::Error& e) {
        fmt::print(stderr, "board: no QR code: {}\n", e.what());
    }
}

App::~App() {
    // Answers still on their way are dropped: nothing may run against a console that has gone.
    queue_->close();
}

void App::start_glyph_scanner() {
    scanner_ = std::make_unique<GlyphScanner>(glyphs_, [this, queue = queue_, in_flight = glyphs_in_flight_](GlyphSet found) {
        ++*in_flight;
        // Runs on the GUI thread, or never once the queue is closed (the App has gone).
        queue->post([this, in_flight, found = std::move(found)]() mutable {
            if (found.size() > glyphs_.size()) {  // the scanner's set only grows from ours
                glyphs_ = std::move(found);
                fonts_stale_ = true;
            }
            --*in_flight;
        });
    });
}

void App::load_fonts(ImFontAtlas& atlas) {
    fonts_ = gui::load_fonts(atlas, settings_.font_scale, settings_.font_dir, glyphs_);
    theme::apply(settings_.font_scale);
    fonts_stale_ = false;
    ++font_loads_;
    if (fonts_.missing.size() > missing_said_)
        fmt::print(stderr, "board: {}\n", missing_fonts_message(fonts_.missing));
    missing_said_ = fonts_.missing.size();
}

void App::hotkey(Hotkey k) {
    auto scale = [&](float s) {
        s = clamp_font_scale(s);
        if (s != settings_.font_scale) {
            settings_.font_scale = s;
            fonts_stale_ = true;
        }
    };
    switch (k) {
        case Hotkey::font_bigger: scale(settings_.font_scale * font_scale_step); break;
        case Hotkey::font_smaller: scale(settings_.font_scale / font_scale_step); break;
        case Hotkey::font_reset: scale(start_scale_); break;
        case Hotkey::show_board: settings_.view = View::board; break;
        case Hotkey::show_console:
            if (!link_.read_only) settings_.view = View::console;
            break;
        case Hotkey::show_both:
            if (!link_.read_only) settings_.view = View::both;
            break;
        case Hotkey::toggle_qr:
            settings_.show_qr = !settings_.show_qr;
            board_.show_qr(settings_.show_qr);
            break;
    }
}

bool App::snapshot_changed() const { return link_.standings && link_.standings() != shown_; }

bool App::settled() const {
    const bool glyphs = !scanner_ || (scanner_->idle() && *glyphs_in_flight_ == 0 && !fonts_stale_);
    return glyphs && (settings_.view == View::console || !shown_ || board_.settled());
}

bool App::snapshot_ready() const { return link_.standings && link_.standings() != nullptr; }

std::chrono::steady_clock::duration App::until_next_change() const {
    using namespace std::chrono;
    // The race clocks show whole seconds of the (possibly scaled) clock.
    const auto now = clock_.now().time_since_epoch();
    const auto into = now - floor<seconds>(now);
    auto wait = clock_.real(duration_cast<timing::Duration>(seconds{1} - into));
    wait = std::clamp<steady_clock::duration>(wait, milliseconds{10}, seconds{1});
    if (board_.pager().paging() && settings_.view != View::console) {
        const auto page = board_.pager().next_change() - steady_clock::now();
        wait = std::clamp<steady_clock::duration>(page, milliseconds{10}, wait);
    }
    return wait;
}

void App::draw_waiting() {
    const auto* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(vp->Pos);
    ImGui::SetNextWindowSize(vp->Size);
    ImGui::Begin("Waiting", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoSavedSettings);
    ImGui::PushFont(fonts_.board_bold);
    const auto notice = link_.notice ? link_.notice() : std::string{};
    if (notice.empty()) {
        ImGui::TextUnformatted("Waiting for the service to load the race...");
    } else {
        ImGui::PushStyleColor(ImGuiCol_Text, theme::warn);
        ImGui::TextWrapped("%s", notice.c_str());
        ImGui::PopStyleColor();
    }
    ImGui::PopFont();
    ImGui::End();
}

void App::draw_notice(const std::string& notice) {
    if (notice.empty()) return;
    // A band across the bottom, over the board: a remote board that lost its broker must say
    // so, or a stale board would pass for a live one.
    const auto* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(ImVec2(vp->WorkPos.x, vp->WorkPos.y + vp->WorkSize.y), ImGuiCond_Always, ImVec2(0.0f, 1.0f));
    ImGui::SetNextWindowSize(ImVec2(vp->WorkSize.x, 0.0f));
    ImGui::PushStyleColor(ImGuiCol_WindowBg, theme::panel);
    ImGui::Begin("Notice", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoInputs |
                     ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoFocusOnAppearing);
    ImGui::PushFont(fonts_.board_bold);
    ImGui::PushStyleColor(ImGuiCol_Text, theme::warn);
    ImGui::TextWrapped("%s", notice.c_str());
    ImGui::PopStyleColor();
    ImGui::PopFont();
    ImGui::End();
    ImGui::PopStyleColor();
}

void App::follow_zone() {
    // A remote board starts without the race config: clock times follow the zone its
    // standings name.
    if (!link_.config.timezone.empty() || !shown_ || shown_->timezone.empty() || shown_->timezone == calendar_zone_)
        return;
    calendar_zone_ = shown_->timezone;
    try {
        calendar_ = timing::RaceCalendar(shown_->date, timing::find_zone(shown_->timezone), timing::Duration{0});
    } catch (const std::exception& e) {
        fmt::print(stderr, "board: clock times in UTC: {}\n", e.what());
    }
}

void App::build_frame() {
    queue_->run();
    const auto tick = std::chrono::steady_clock::now();
    if (link_.standings) {
        auto latest = link_.standings();
        // New names are drawn from the next frames on: the atlas cannot change inside a frame.
        if (latest != shown_ && latest) {
            if (!scanner_) {
                // The first snapshot: its characters before anything is drawn.
                if (glyphs_.add(*latest)) fonts_stale_ = true;
                start_glyph_scanner();
            } else {
                scanner_->scan(latest);
            }
        }
        shown_ = std::move(latest);
    }
    // On a scaled clock (a demo or rehearsal at 30x) the status is fetched as often in race
    // time, or a reader would look quiet only because its status is old.
    const auto every = std::max<std::chrono::steady_clock::duration>(
        std::chrono::milliseconds(20),
        std::chrono::duration_cast<std::chrono::steady_clock::duration>(readers_every / std::max(1.0, clock_.speed())));
    if (link_.readers && (readers_at_ == SteadyTime{} || tick - readers_at_ >= every)) {
        console_.set_readers(link_.readers());
        if (link_.sites) console_.set_sites(link_.sites());
        readers_at_ = tick;
    }
    if (!shown_) {
        draw_waiting();
        return;
    }
    follow_zone();
    const FrameContext c{
        *shown_,
        clock_.now(),
        tick,
        fonts_,
        std::chrono::duration_cast<timing::Duration>(settings_.highlight_for * clock_.speed()),
        calendar_};
    const auto* vp = ImGui::GetMainViewport();
    const ImVec2 pos = vp->WorkPos;
    const ImVec2 size = vp->WorkSize;
    switch (settings_.view) {
        case View::board: board_.draw(c, pos, size); break;
        case View::console: console_.draw(c, pos, size); break;
        case View::both: {
            const float board_w = std::floor(size.x * 0.56f);
            board_.draw(c, pos, ImVec2(board_w, size.y));
            console_.draw(c, ImVec2(pos.x + board_w, pos.y), ImVec2(size.x - board_w, size.y));
            break;
        }
    }
    if (link_.notice) draw_notice(link_.notice());
}

}  // namespace fl::gui
