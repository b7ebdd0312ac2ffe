#include "gui/board_view.hpp"

#include <algorithm>
#include <cfloat>
#include <cmath>

#include <fmt/format.h>
#include <imgui.h>
#include <imgui_stdlib.h>

#include "gui/theme.hpp"
#include "gui/widgets.hpp"
#include "results/backyard.hpp"
#include "results/display.hpp"

namespace fl::gui {
namespace {

using namespace widgets;

float row_height() { return ImGui::GetTextLineHeight() + 2.0f * ImGui::GetStyle().CellPadding.y; }

std::string place_text(std::optional<int> place, bool dead_heat) {
    if (!place) return {};
    return dead_heat ? fmt::format("={}", *place) : fmt::format("{}", *place);
}

std::string time_text(const results::RunnerResult& r, timing::Resolution res) {
    if (r.status == results::Status::finished) return results::show_time(r.rank_time, res);
    return std::string(status_text(r));
}

// Marks a row that just finished: yellow band, black text. Returns whether it pushed a colour.
bool mark_fresh(bool fresh) {
    if (!fresh) return false;
    ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg0, ImGui::GetColorU32(theme::fresh_bg));
    ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg1, ImGui::GetColorU32(theme::fresh_bg));
    ImGui::PushStyleColor(ImGuiCol_Text, theme::fresh_text);
    return true;
}

}  // namespace

BoardView::BoardView(const Settings& settings, std::function<void()> ready)
    : pager_(settings.paging), histogram_(settings.histogram), worker_(std::move(ready)) {}

void BoardView::select_event(std::string name) {
    event_ = std::move(name);
    select_event_frames_ = 2;
}

void BoardView::select_filter(std::string label) {
    filter_label_ = std::move(label);
    select_filter_frames_ = 2;
}

void BoardView::set_search(std::string t) { search_ = std::move(t); }

void BoardView::set_qr(results::QrCode code, std::string url) {
    qr_ = std::move(code);
    qr_url_ = std::move(url);
}

void BoardView::draw(const FrameContext& c, ImVec2 pos, ImVec2 size) {
    ImGui::SetNextWindowPos(pos);
    ImGui::SetNextWindowSize(size);
    ImGui::Begin("Board", nullptr, panel_flags | ImGuiWindowFlags_NoScrollWithMouse);
    const auto& s = c.standings;

    ImGui::PushFont(c.fonts.board_bold);
    text_coloured(theme::accent, s.race);
    ImGui::SameLine();
    text_right(c.calendar.local_time(c.now).substr(0, 8));
    ImGui::PopFont();

    draw_clocks(c, ImGui::GetContentRegionAvail().x);

    if (s.events.empty()) {
        ImGui::PushFont(c.fonts.board);
        text_coloured(theme::dim, "This race has no events.");
        ImGui::PopFont();
        ImGui::End();
        return;
    }
    auto selected = s.events.front();
    for (const auto& e : s.events)
        if (e->name == event_) selected = e;
    if (s.events.size() > 1) {
        ImGui::PushFont(c.fonts.board_bold);
        if (ImGui::BeginTabBar("events")) {
            for (const auto& e : s.events) {
                const bool force = select_event_frames_ > 0 && e->name == event_;
                if (ImGui::BeginTabItem(e->name.c_str(), nullptr,
                                        force ? ImGuiTabItemFlags_SetSelected : 0)) {
                    if (select_event_frames_ == 0 && e->name != selected->name) {
                        event_ = e->name;
                        selected = e;
                    }
                    ImGui::EndTabItem();
                }
            }
            ImGui::EndTabBar();
        }
        ImGui::PopFont();
    }
    if (select_event_frames_ > 0) --select_event_frames_;
    if (event_.empty()) event_ = selected->name;

    // The rows, tabs and histogram of the selection come from the worker; until the view for
    // this very snapshot is ready the newest one it made is drawn.
    worker_.request(selected, filter_label_, search_);
    const auto view = worker_.latest();

    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float spacing = ImGui::GetStyle().ItemSpacing.y;
    const float histogram_h = histogram_ ? std::max(avail.y * 0.18f, 5.0f * ImGui::GetFontSize()) : -spacing;
    const float body_h = std::max(avail.y - histogram_h - spacing, 1.0f);
    // Wide screens: latest finishers beside the results; narrow ones: above them.
    const bool wide = avail.x > 60.0f * ImGui::GetFontSize();
    if (wide) {
        const float latest_w = std::floor(avail.x * 0.40f);
        ImGui::BeginChild("latest", ImVec2(latest_w, body_h), false, ImGuiWindowFlags_NoScrollbar);
        draw_latest_and_qr(c, false);
        ImGui::EndChild();
        ImGui::SameLine();
        ImGui::BeginChild("standings", ImVec2(0, body_h), false, ImGuiWindowFlags_NoScrollbar);
        draw_standings(c, selected, view.get(), ImGui::GetContentRegionAvail());
        ImGui::EndChild();
    } else {
        const float latest_h = std::floor(body_h * 0.38f);
        ImGui::BeginChild("latest", ImVec2(0, latest_h), false, ImGuiWindowFlags_NoScrollbar);
        draw_latest_and_qr(c, true);
        ImGui::EndChild();
        ImGui::BeginChild("standings", ImVec2(0, body_h - latest_h - spacing), false,
                          ImGuiWindowFlags_NoScrollbar);
        draw_standings(c, selected, view.get(), ImGui::GetContentRegionAvail());
        ImGui::EndChild();
    }
    if (histogram_) draw_histogram(c, view.get(), ImGui::GetContentRegionAvail());
    ImGui::End();
}

void BoardView::draw_clocks(const FrameContext& c, float width) {
    const auto clocks = race_clocks(c.standings, c.now);
    if (clocks.empty()) return;
    const auto per_row = std::min<std::size_t>(clocks.size(), 3);
    const float gap = ImGui::GetStyle().ItemSpacing.x;
    const float card_w =
        std::floor((width - gap * static_cast<float>(per_row - 1)) / static_cast<float>(per_row));
    const auto& pad = ImGui::GetStyle().WindowPadding;
    const float card_h = c.fonts.board_bold->FontSize + c.fonts.clock->FontSize +
                         c.fonts.board->FontSize + 2.0f * ImGui::GetStyle().ItemSpacing.y +
                         2.0f * pad.y + 2.0f;
    ImGui::PushStyleColor(ImGuiCol_ChildBg, theme::panel);
    for (std::size_t i = 0; i < clocks.size(); ++i) {
        const auto& k = clocks[i];
        if (i % per_row != 0) ImGui::SameLine();
        ImGui::PushID(static_cast<int>(i));
        ImGui::BeginChild("clock", ImVec2(card_w, card_h), true,
                          ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse);
        ImGui::PushFont(c.fonts.board_bold);
        text(k.event);
        ImGui::PopFont();
        if (k.started && !k.gun_recorded) {
            ImGui::SameLine();
            ImGui::PushFont(c.fonts.board);
            text_coloured(theme::dim, "(scheduled start)");
            ImGui::PopFont();
        } else if (!k.started) {
            ImGui::SameLine();
            ImGui::PushFont(c.fonts.board);
            text_coloured(theme::dim,
                          fmt::format("starts {}", c.calendar.local_time(k.gun).substr(0, 8)));
            ImGui::PopFont();
        }
        ImGui::PushFont(c.fonts.clock);
        // A backyard ultra's clock counts down the loop under way.
        text_coloured(k.started ? theme::accent : theme::dim,
                      k.loop && k.started ? fmt::format("{}  loop {}", format_clock(k.loop->left), k.loop->loop)
                                          : format_clock(k.started ? k.elapsed : -k.elapsed));
        ImGui::PopFont();
        // A narrow card (several events, or the split view) takes the counts in smaller type,
        // then in short.
        const auto counts = !k.loop ? fmt::format("{} finished   {} started   {} on course",
                                                  k.counts.finished, k.counts.started, k.counts.on_course)
                            : !k.winner.empty() ? k.winner
                                                : fmt::format("{} still in of {} started", k.still_in, k.counts.started);
        const auto brief = !k.loop ? fmt::format("{} in   {} on course", k.counts.finished, k.counts.on_course)
                                   : !k.winner.empty() ? k.winner : fmt::format("{} still in", k.still_in);
        const float room = ImGui::GetContentRegionAvail().x;
        auto width = [](ImFont* f, const std::string& t) {
            return f->CalcTextSizeA(f->FontSize, FLT_MAX, 0.0f, t.c_str()).x;
        };
        ImFont* font = c.fonts.board;
        const std::string* line = &counts;
        if (width(font, counts) > room) font = c.fonts.ui;
        if (width(font, counts) > room) line = &brief;
        ImGui::PushFont(font);
        text(*line);
        ImGui::PopFont();
        ImGui::EndChild();
        ImGui::PopID();
    }
    ImGui::PopStyleColor();
}

void BoardView::draw_latest_and_qr(const FrameContext& c, bool beside) {
    const ImVec2 room = ImGui::GetContentRegionAvail();
    const auto& style = ImGui::GetStyle();
    const float caption_h = c.fonts.ui->FontSize + style.ItemSpacing.y;
    float module = 0.0f;
    qr_drawn_ = 0.0f;
    if (qr_ && qr_shown_) {
        const float modules = static_cast<float>(qr_->size() + 2 * results::QrCode::quiet_zone);
        // About 200 px at font scale 1 (larger with the text): scans from a couple of metres
        // off the screen. Below the latest finishers it leaves them at least seven rows' room;
        // beside them, at least 60% of the width. Whole pixels a module keep the edges sharp.
        float side = 200.0f * c.fonts.scale;
        if (beside)
            side = std::min({side, room.y - caption_h, room.x * 0.4f});
        else
            side = std::min({side, room.x * 0.6f, room.y - 7.0f * row_height()});
        module = std::floor(side / modules);
        // Below 3 px a module a phone across the finish area no longer reads it: no code
        // rather than one that fails.
        if (module < 3.0f) module = 0.0f;
        qr_drawn_ = module * modules;
    }
    if (qr_drawn_ == 0.0f) {
        draw_latest(c, room);
        return;
    }
    if (beside) {
        const float list_w = room.x - qr_drawn_ - style.ItemSpacing.x;
        ImGui::BeginChild("latest_list", ImVec2(list_w, room.y), false,
                          ImGuiWindowFlags_NoScrollbar);
        draw_latest(c, ImGui::GetContentRegionAvail());
        ImGui::EndChild();
        ImGui::SameLine();
        ImGui::BeginGroup();
        draw_qr(module);
        // The address under it when it fits whole (a cut address is no use to anyone).
        ImGui::PushFont(c.fonts.ui);
        const float w = ImGui::CalcTextSize(qr_url_.c_str()).x;
        if (w <= qr_drawn_) {
            ImGui::SetCursorPosX(ImGui::GetCursorPosX() + std::floor((qr_drawn_ - w) / 2.0f));
            text_coloured(theme::dim, qr_url_);
        }
        ImGui::PopFont();
        ImGui::EndGroup();
    } else {
        const float list_h = room.y - qr_drawn_ - style.ItemSpacing.y;
        ImGui::BeginChild("latest_list", ImVec2(room.x, list_h), false,
                          ImGuiWindowFlags_NoScrollbar);
        draw_latest(c, ImGui::GetContentRegionAvail());
        ImGui::EndChild();
        draw_qr(module);
        // What it is and the address, beside it.
        ImGui::SameLine();
        ImGui::BeginGroup();
        ImGui::PushTextWrapPos(0.0f);
        ImGui::PushFont(c.fonts.board_bold);
        text_coloured(theme::accent, "Live results");
        ImGui::PopFont();
        ImGui::PushFont(c.fonts.board);
        text("on your phone:");
        ImGui::PopFont();
        ImGui::PushFont(c.fonts.ui);
        text_coloured(theme::dim, qr_url_);
        ImGui::PopFont();
        ImGui::PopTextWrapPos();
        ImGui::EndGroup();
    }
}

void BoardView::draw_qr(float module) {
    const ImVec2 at = ImGui::GetCursorScreenPos();
    const ImVec2 p(std::floor(at.x), std::floor(at.y));
    auto* dl = ImGui::GetWindowDrawList();
    // White paper under the dark modules whatever the theme: a phone reads dark on light.
    dl->AddRectFilled(p, ImVec2(p.x + qr_drawn_, p.y + qr_drawn_), IM_COL32_WHITE);
    const float quiet = module * static_cast<float>(results::QrCode::quiet_zone);
    const int n = qr_->size();
    for (int y = 0; y < n; ++y) {
        const float top = p.y + quiet + static_cast<float>(y) * module;
        for (int x = 0; x < n;) {
            if (!qr_->dark(x, y)) {
                ++x;
                continue;
            }
            int end = x;  // a run of dark modules is one rectangle
            while (end < n && qr_->dark(end, y)) ++end;
            const float left = p.x + quiet + static_cast<float>(x) * module;
            dl->AddRectFilled(ImVec2(left, top),
                              ImVec2(left + static_cast<float>(end - x) * module, top + module),
                              IM_COL32_BLACK);
            x = end;
        }
    }
    ImGui::Dummy(ImVec2(qr_drawn_, qr_drawn_));
}

void BoardView::draw_latest(const FrameContext& c, ImVec2 size) {
    const auto& s = c.standings;
    ImGui::PushFont(c.fonts.board_bold);
    text_coloured(theme::accent, "Latest finishers");
    ImGui::PopFont();
    ImGui::PushFont(c.fonts.board);
    const float rh = row_height();
    const float table_h = size.y - ImGui::GetFrameHeightWithSpacing();
    const auto fit = static_cast<std::size_t>(std::max(1.0f, std::floor(table_h / rh) - 1.0f));
    const auto lines = latest_lines(s, c.now, c.highlight_window, fit);
    if (lines.empty()) {
        text_coloured(theme::dim, "No finishers yet.");
        ImGui::PopFont();
        return;
    }
    const bool several_events = s.events.size() > 1;
    const int columns = several_events ? 5 : 4;
    if (ImGui::BeginTable("latest", columns,
                          ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH |
                              ImGuiTableFlags_SizingFixedFit)) {
        // A handful of lines: sized to exactly what they show.
        const auto width = [](std::string_view t) { return ImGui::CalcTextSize(t.data(), t.data() + t.size()).x; };
        float place_w = width("#"), bib_w = width("Bib"), event_w = 0.0f, time_w = width("Time");
        for (const auto& e : s.events) event_w = std::max(event_w, width(e->name));
        for (const auto& l : lines) {
            place_w = std::max(place_w, width(place_text(l.place, false)));
            bib_w = std::max(bib_w, width(l.runner->bib));
            time_w = std::max(time_w, width(time_text(*l.runner, s.display)));
        }
        ImGui::TableSetupColumn("#", ImGuiTableColumnFlags_WidthFixed, place_w);
        ImGui::TableSetupColumn("Bib", ImGuiTableColumnFlags_WidthFixed, bib_w);
        ImGui::TableSetupColumn("Name", ImGuiTableColumnFlags_WidthStretch);
        if (several_events) ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthFixed, event_w);
        ImGui::TableSetupColumn("Time", ImGuiTableColumnFlags_WidthFixed, time_w);
        ImGui::TableHeadersRow();
        for (const auto& l : lines) {
            const auto& r = *l.runner;
            ImGui::TableNextRow(ImGuiTableRowFlags_None, rh);
            const bool pushed = mark_fresh(l.highlight);
            ImGui::TableNextColumn();
            text_right(place_text(l.place, false));
            ImGui::TableNextColumn();
            text(r.bib);
            ImGui::TableNextColumn();
            text(r.name);
            if (several_events) {
                ImGui::TableNextColumn();
                text(r.event);
            }
            ImGui::TableNextColumn();
            text_right(time_text(r, s.display));
            if (pushed) ImGui::PopStyleColor();
        }
        ImGui::EndTable();
    }
    ImGui::PopFont();
}

void BoardView::draw_standings(const FrameContext& c,
                               const std::shared_ptr<const results::EventStandings>& ep,
                               const EventView* view, ImVec2 size) {
    static const std::vector<BoardFilter> overall_only{
        BoardFilter{FilterKind::overall, timing::Gender::F, {}, "Overall"}};
    const auto& filters = view && !view->filters.empty() ? view->filters : overall_only;

    const float top = ImGui::GetCursorPosY();
    ImGui::PushFont(c.fonts.board_bold);
    text_coloured(theme::accent, fmt::format("Results {}", ep->name));
    ImGui::PopFont();
    ImGui::SameLine();
    ImGui::PushFont(c.fonts.board);
    ImGui::SetNextItemWidth(
        std::min(ImGui::GetContentRegionAvail().x * 0.5f, 18.0f * ImGui::GetFontSize()));
    ImGui::InputTextWithHint("##search", "Search bib or name", &search_);
    ImGui::PopFont();

    ImGui::PushFont(c.fonts.board);
    if (ImGui::BeginTabBar("filters", ImGuiTabBarFlags_FittingPolicyScroll)) {
        for (const auto& f : filters) {
            const bool force = select_filter_frames_ > 0 && f.label == filter_label_;
            if (ImGui::BeginTabItem(f.label.c_str(), nullptr,
                                    force ? ImGuiTabItemFlags_SetSelected : 0)) {
                if (select_filter_frames_ == 0) filter_label_ = f.label;
                ImGui::EndTabItem();
            }
        }
        // A tab per [[teams]] table of the event, after the runners' tabs.
        for (const auto& t : c.standings.teams) {
            if (t.event != ep->name) continue;
            const bool force = select_filter_frames_ > 0 && t.name == filter_label_;
            if (ImGui::BeginTabItem(t.name.c_str(), nullptr, force ? ImGuiTabItemFlags_SetSelected : 0)) {
                if (select_filter_frames_ == 0) filter_label_ = t.name;
                ImGui::EndTabItem();
            }
        }
        ImGui::EndTabBar();
    }
    ImGui::PopFont();
    // Count the forced selection down only against a real list of tabs (not the stand-in
    // before the worker's first view), so a tab chosen early is still chosen once it exists.
    if (select_filter_frames_ > 0 && view && view->event) --select_filter_frames_;

    const float used = ImGui::GetCursorPosY() - top;
    const ImVec2 table(size.x, std::max(size.y - used, row_height() * 2.0f));
    teams_drawn_ = false;
    for (const auto& t : c.standings.teams)
        if (t.event == ep->name && t.name == filter_label_) {
            draw_teams(c, ep, t, table);
            return;
        }
    if (!view || !view->event) {
        ImGui::PushFont(c.fonts.board);
        text_coloured(theme::dim, "Loading results...");
        ImGui::PopFont();
        return;
    }
    draw_table(c, *view, table);
}

void BoardView::draw_teams(const FrameContext& c, const std::shared_ptr<const results::EventStandings>& e,
                           const timing::TeamConfig& config, ImVec2 size) {
    if (!teams_ || teams_->event != e || teams_->name != config.name) {
        teams_ = Teams{e, config.name, results::compute_teams(*e, config, c.standings.display), {}};
        for (const auto& t : teams_->table.teams) {
            const auto listed = results::listed_members(t, config, c.standings.display);
            teams_->members.push_back(fmt::format("{}{}", t.place ? "" : fmt::format("short of runners: {}.  ", t.short_of),
                                                  fmt::join(listed, ", ")));
        }
    }
    teams_drawn_ = true;
    const auto& table = teams_->table;
    ImGui::PushFont(c.fonts.board);
    text_coloured(theme::dim, results::scoring_rule(config));
    if (table.teams.empty()) {
        text_coloured(theme::dim, "No team has a finisher yet.");
        ImGui::PopFont();
        return;
    }
    const float rh = row_height();
    const ImVec2 room(size.x, std::max(ImGui::GetContentRegionAvail().y, rh * 2.0f));
    constexpr auto flags = ImGuiTableFlags_ScrollY | ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH |
                           ImGuiTableFlags_SizingFixedFit;
    if (ImGui::BeginTable("teams", 4, flags, room)) {
        const float em = ImGui::GetFontSize();
        ImGui::TableSetupScrollFreeze(0, 1);
        ImGui::TableSetupColumn("Place", ImGuiTableColumnFlags_WidthFixed, 3.0f * em);
        ImGui::TableSetupColumn("Team", ImGuiTableColumnFlags_WidthFixed, 11.0f * em);
        ImGui::TableSetupColumn("Score", ImGuiTableColumnFlags_WidthFixed, 5.0f * em);
        ImGui::TableSetupColumn("Members", ImGuiTableColumnFlags_WidthStretch);
        ImGui::TableHeadersRow();
        for (std::size_t i = 0; i < table.teams.size(); ++i) {
            const auto& t = table.teams[i];
            const auto& members = teams_->members[i];
            ImGui::TableNextRow(ImGuiTableRowFlags_None, rh);
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(t.place ? fmt::format("{}{}", t.tied ? "=" : "", *t.place).c_str() : "");
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(t.team.c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(results::score_text(t, c.standings.display).c_str());
            ImGui::TableNextColumn();
            if (t.place) ImGui::TextUnformatted(members.c_str());
            else text_coloured(theme::dim, members);
        }
        ImGui::EndTable();
    }
    ImGui::PopFont();
}

void BoardView::draw_table(const FrameContext& c, const EventView& view, ImVec2 size) {
    const auto& e = *view.event;
    const auto& rows = view.rows;
    const auto& f = view.filter;
    const auto key = fmt::format("{}\x1f{}\x1f{}", e.name, f.label, view.search);
    bool to_top = false;
    if (key != paged_key_) {
        paged_key_ = key;
        pager_.restart(c.tick);
        to_top = true;
    }
    ImGui::PushFont(c.fonts.board);
    if (rows.empty()) {
        text_coloured(theme::dim,
                      view.search.empty() ? "No finishers yet." : "Nobody matches the search.");
        ImGui::PopFont();
        return;
    }
    const float rh = row_height();
    const auto& w = result_columns(view, c.standings.display);
    // The name matters most (at least 8 ems): category and pace only when there is room for
    // them too.
    const float cells = ImGui::GetStyle().CellPadding.x * 2.0f;
    const float base = w.place + w.bib + w.time + 3.0f * cells + 8.0f * ImGui::GetFontSize();
    const bool with_category = size.x > base + w.category + cells;
    const bool with_pace = size.x > base + w.category + w.pace + 2.0f * cells;
    // A lap race: the laps beside the name (they rank first), the last lap's time for the pace.
    const bool laps = e.counts_laps();
    const int columns = 4 + (with_category ? 1 : 0) + (with_pace ? 1 : 0) + (laps ? 1 : 0);
    constexpr auto flags = ImGuiTableFlags_ScrollY | ImGuiTableFlags_RowBg |
                           ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingFixedFit;
    if (ImGui::BeginTable("results", columns, flags, size)) {
        ImGui::TableSetupScrollFreeze(0, 1);
        ImGui::TableSetupColumn("Place", ImGuiTableColumnFlags_WidthFixed, w.place);
        ImGui::TableSetupColumn("Bib", ImGuiTableColumnFlags_WidthFixed, w.bib);
        ImGui::TableSetupColumn("Name", ImGuiTableColumnFlags_WidthStretch);
        if (laps)
            ImGui::TableSetupColumn(e.backyard() ? "Loops" : "Laps", ImGuiTableColumnFlags_WidthFixed,
                                    std::max(w.place, ImGui::CalcTextSize("Loops").x));
        if (with_category)
            ImGui::TableSetupColumn("Category", ImGuiTableColumnFlags_WidthFixed, w.category);
        ImGui::TableSetupColumn("Time", ImGuiTableColumnFlags_WidthFixed, w.time);
        // A backyard ultra: who is still in, by the loop clock.
        const auto loops = e.backyard() && !e.waves.empty()
                               ? std::optional(results::loop_clock(e.waves.front().gun, e.interval, c.now))
                               : std::nullopt;
        if (with_pace)
            ImGui::TableSetupColumn(loops ? "" : laps ? "Last lap" : "/km", ImGuiTableColumnFlags_WidthFixed,
                                    laps ? std::max(w.time, ImGui::CalcTextSize("Last lap").x) : w.pace);
        ImGui::TableHeadersRow();

        // Spectator paging, paused while someone scrolls by hand.
        const int total = static_cast<int>(rows.size());
        const int per_page = std::max(1, static_cast<int>(std::floor((size.y - rh) / rh)));
        const float y = ImGui::GetScrollY();
        const float expected = std::clamp(scroll_set_, 0.0f, ImGui::GetScrollMaxY());
        if (!to_top && scroll_set_ >= 0.0f && std::abs(y - expected) > 1.0f) {
            pager_.scrolled_by_hand(static_cast<int>(std::lround(y / rh)), c.tick);
            scroll_set_ = y;
        }
        const int first = pager_.update(total, per_page, c.tick);
        if (to_top) {
            ImGui::SetScrollY(0.0f);
            scroll_set_ = 0.0f;
        } else if (!pager_.paused(c.tick)) {
            const float target = static_cast<float>(first) * rh;
            if (target != scroll_set_) {
                ImGui::SetScrollY(target);
                scroll_set_ = target;
            }
        }

        ImGuiListClipper clipper;
        clipper.Begin(total, rh);
        while (clipper.Step()) {
            for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
                const auto& row = e.rows[rows[static_cast<std::size_t>(i)]];
                const auto& r = *row.runner;
                ImGui::TableNextRow(ImGuiTableRowFlags_None, rh);
                const bool pushed = mark_fresh(highlighted(r, c.now, c.highlight_window));
                ImGui::TableNextColumn();
                text_right(place_text(shown_place(row, f.kind), row.dead_heat));
                ImGui::TableNextColumn();
                text(r.bib);
                ImGui::TableNextColumn();
                text(r.name);
                if (laps) {
                    ImGui::TableNextColumn();
                    text_right(std::to_string(r.laps));
                }
                if (with_category) {
                    ImGui::TableNextColumn();
                    if (row.category_place && f.kind != FilterKind::category)
                        text(fmt::format("{} ({})", r.category, *row.category_place));
                    else
                        text(r.category);
                }
                ImGui::TableNextColumn();
                if (r.status == results::Status::finished)
                    text_right(time_text(r, c.standings.display));
                else
                    text_coloured(pushed ? theme::fresh_text : theme::dim, status_text(r));
                if (with_pace) {
                    ImGui::TableNextColumn();
                    if (loops)
                        text_right(results::still_in(r, *loops) ? "in" : "out");
                    else
                        text_right(laps ? (r.lap_times.empty() ? std::string{} : results::show_time(r.lap_times.back(), c.standings.display))
                                        : results::show_pace(r.pace_per_km));
                }
                if (pushed) ImGui::PopStyleColor();
            }
        }
        ImGui::EndTable();
    }
    ImGui::PopFont();
}

const ResultColumns& BoardView::result_columns(const EventView& view, timing::Resolution display) {
    // Measured again only for a new snapshot of the event or another font or size (Ctrl +).
    const ImFont* font = ImGui::GetFont();
    const float size = ImGui::GetFontSize();
    if (view.event != measured_event_ || font != measured_font_ || size != measured_size_) {
        measured_event_ = view.event;
        measured_font_ = font;
        measured_size_ = size;
        columns_ = measure_result_columns(*view.event, display, [](std::string_view t) {
            return ImGui::CalcTextSize(t.data(), t.data() + t.size()).x;
        });
    }
    return columns_;
}

void BoardView::draw_histogram(const FrameContext& c, const EventView* view, ImVec2 size) {
    if (!view) return;
    const auto& h = view->histogram;
    ImGui::PushFont(c.fonts.ui_bold);
    const auto unit =
        h.bin_minutes == 1 ? std::string("minute") : fmt::format("{} minutes", h.bin_minutes);
    if (h.counts.empty()) {
        text_coloured(theme::dim, fmt::format("Finishers per {}: none yet", unit));
        ImGui::PopFont();
        return;
    }
    const auto minute_text = [](std::int64_t m) {
        const auto t = format_clock(std::chrono::minutes(m));
        return t.substr(0, t.size() - 3);  // H:MM
    };
    const auto peak_at = h.first_minute + static_cast<std::int64_t>(h.peak_bin) * h.bin_minutes;
    text(fmt::format("Finishers per {}   peak {} at {}   {} in all", unit, h.peak,
                     minute_text(peak_at), h.total));
    ImGui::PopFont();
    const float label_h = ImGui::GetTextLineHeightWithSpacing();
    const float plot_h = std::max(size.y - ImGui::GetTextLineHeightWithSpacing() - label_h, 8.0f);
    ImGui::PlotHistogram("##per_minute", h.counts.data(), static_cast<int>(h.counts.size()), 0,
                         nullptr, 0.0f, static_cast<float>(h.peak) * 1.1f, ImVec2(size.x, plot_h));
    // Race time under both ends of the plot.
    text_coloured(theme::dim, minute_text(h.first_minute));
    ImGui::SameLine();
    text_right(
        minute_text(h.first_minute + static_cast<std::int64_t>(h.counts.size()) * h.bin_minutes));
}

}  // namespace fl::gui
