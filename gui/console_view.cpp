#include "gui/console_view.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>
#include <imgui.h>

#include "gui/console_parts.hpp"

namespace fl::gui {

using namespace widgets;
using namespace console;

ConsoleView::ConsoleView(const ServiceLink& link, std::shared_ptr<RunQueue> queue,
                         const timing::Clock& clock, const Settings& settings)
    : link_(link), queue_(std::move(queue)), clock_(clock), quiet_after_(settings.quiet_after) {}

void ConsoleView::submit(std::string line) {
    const auto seq = log_.sent(line, clock_.now());
    if (!link_.submit) {
        log_.answered(seq, "ERR the console is not connected to a running service");
        return;
    }
    // The answer arrives on a service thread: hand it to the GUI thread. The log
    // outlives every task the queue runs (the queue is closed before the console goes).
    link_.submit(std::move(line), [queue = queue_, log = &log_, seq](std::string reply) {
        queue->post([log, seq, reply = std::move(reply)]() mutable {
            log->answered(seq, std::move(reply));
        });
    });
}

bool ConsoleView::button(const char* label, std::string name, bool small) {
    const bool pressed = small ? ImGui::SmallButton(label) : ImGui::Button(label);
    remember(std::move(name));
    return pressed;
}

void ConsoleView::remember(std::string name) {
    places_[std::move(name)] = Place{ImGui::GetItemRectMin(), ImGui::GetItemRectMax()};
}

std::optional<ConsoleView::Place> ConsoleView::place(const std::string& name) const {
    const auto it = places_.find(name);
    if (it == places_.end()) return std::nullopt;
    return it->second;
}

void ConsoleView::set_readers(std::vector<ingest::ReaderStatus> readers) {
    reader_status_ = std::move(readers);
}

void ConsoleView::take_typing() {
    auto& io = ImGui::GetIO();
    // Another text field (search, DQ reason, edit) had the keyboard in the last frame: leave
    // the characters to it. Otherwise everything typed is the bib box's, in order.
    entry_keyboard_ = !io.WantTextInput;
    if (!entry_keyboard_) return;
    for (const ImWchar ch : io.InputQueueCharacters)
        if (auto line = entry_.type(static_cast<char32_t>(ch))) submit(std::move(*line));
    io.InputQueueCharacters.resize(0);
}

void ConsoleView::judge_readers(const FrameContext& c) {
    on_course_ = 0;
    for (const auto& e : c.standings.events) on_course_ += e->counts.on_course;
    race_running_ = on_course_ > 0;
    readers_.clear();
    for (const auto& r : reader_status_) {
        const auto from = reads_expected_from(link_.config, c.standings, r.name);
        readers_.push_back({r, reader_health(r, c.now, race_running_, quiet_after_, from),
                            ingest::clock_warning(r), from});
    }
}

void ConsoleView::draw(const FrameContext& c, ImVec2 pos, ImVec2 size) {
    places_.clear();
    take_typing();
    judge_readers(c);
    ImGui::SetNextWindowPos(pos);
    ImGui::SetNextWindowSize(size);
    ImGui::PushStyleColor(ImGuiCol_WindowBg, theme::panel);
    ImGui::Begin("Marshal console", nullptr, panel_flags);
    ImGui::PopStyleColor();
    ImGui::PushFont(c.fonts.ui);

    draw_entry(c);
    draw_warnings(c);

    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const bool wide = avail.x > 52.0f * ImGui::GetFontSize();
    const float spacing = ImGui::GetStyle().ItemSpacing.y;
    if (wide) {
        const float left_w = std::floor(avail.x * 0.56f);
        ImGui::BeginChild("left", ImVec2(left_w, avail.y), false, ImGuiWindowFlags_NoScrollbar);
        const float recent_h = std::floor(avail.y * 0.5f);
        draw_recent(c, ImVec2(left_w, recent_h));
        draw_lists(c, ImVec2(left_w, avail.y - recent_h - spacing));
        ImGui::EndChild();
        ImGui::SameLine();
        ImGui::BeginChild("right", ImVec2(0, avail.y), false);
        draw_readers(c);
        ImGui::Spacing();
        draw_guns(c);
        ImGui::Spacing();
        draw_runner(c);
        ImGui::EndChild();
    } else {
        const float recent_h = std::floor(avail.y * 0.36f);
        draw_recent(c, ImVec2(avail.x, recent_h));
        if (ImGui::BeginTabBar("panels")) {
            const ImVec2 rest = ImGui::GetContentRegionAvail();
            const auto tab = [&](const char* name, auto&& body) {
                const bool open = ImGui::BeginTabItem(name);
                remember(fmt::format("tab {}", name));
                if (open) {
                    body();
                    ImGui::EndTabItem();
                }
            };
            tab("Reads & conflicts", [&] { draw_lists(c, rest); });
            tab("Readers", [&] { draw_readers(c); });
            tab("Start", [&] { draw_guns(c); });
            tab("Runner", [&] { draw_runner(c); });
            ImGui::EndTabBar();
        }
    }
    draw_confirmation();
    ImGui::PopFont();
    ImGui::End();
}

void ConsoleView::draw_entry(const FrameContext& c) {
    ImGui::PushFont(c.fonts.entry);
    const float h = ImGui::GetFontSize() + 2.0f * ImGui::GetStyle().FramePadding.y;
    const float w =
        std::max(ImGui::GetContentRegionAvail().x * 0.42f, ImGui::CalcTextSize("00000000").x);
    const ImVec2 p = ImGui::GetCursorScreenPos();
    // Clicking the box takes the keyboard back from any other field.
    ImGui::InvisibleButton("##bib_box", ImVec2(w, h));
    remember("entry");
    auto* dl = ImGui::GetWindowDrawList();
    const ImVec2 q(p.x + w, p.y + h);
    dl->AddRectFilled(p, q, ImGui::GetColorU32(theme::background), 4.0f);
    dl->AddRect(p, q, ImGui::GetColorU32(entry_keyboard_ ? theme::accent : theme::dim), 4.0f, 0,
                entry_keyboard_ ? 3.0f : 1.0f);
    const ImVec2 t(p.x + ImGui::GetStyle().FramePadding.x * 2.0f,
                   p.y + ImGui::GetStyle().FramePadding.y);
    dl->PushClipRect(p, q, true);
    if (entry_.text().empty()) {
        dl->AddText(t, ImGui::GetColorU32(theme::dim), entry_keyboard_ ? "bib" : "click to scan");
    } else {
        dl->AddText(t, ImGui::GetColorU32(theme::text), entry_.text().c_str());
    }
    if (entry_keyboard_) {
        const float x =
            entry_.text().empty() ? t.x : t.x + ImGui::CalcTextSize(entry_.text().c_str()).x + 2.0f;
        dl->AddRectFilled(ImVec2(x, t.y), ImVec2(x + 3.0f, t.y + ImGui::GetFontSize()),
                          ImGui::GetColorU32(theme::accent));
    }
    dl->PopClipRect();
    ImGui::PopFont();

    // The last answer beside the box, big enough to read at arm's length.
    ImGui::SameLine();
    ImGui::BeginGroup();
    ImGui::PushFont(c.fonts.board_bold);
    if (const auto* last = log_.last_answered()) {
        const bool ok = last->state == LoggedAction::State::ok;
        text_coloured(ok ? theme::ok : theme::error,
                      fmt::format("{}  {}", ok ? "OK" : "ERR", last->line));
        ImGui::PopFont();
        ImGui::PushFont(c.fonts.ui);
        text_coloured(ok ? theme::ok : theme::error, last->reply);
    } else {
        text_coloured(theme::dim, "Ready");
        ImGui::PopFont();
        ImGui::PushFont(c.fonts.ui);
        text_coloured(theme::dim, "Nothing sent yet");
    }
    if (const auto n = log_.waiting(); n > 0)
        text_coloured(theme::dim, fmt::format("{} waiting for an answer", n));
    ImGui::PopFont();
    ImGui::EndGroup();
    text_coloured(theme::dim,
                  "Scan or type a bib, Enter records it.  Space in an empty box = TAP.  "
                  "Esc clears.  Any marshal command works too (HELP).");
}

void ConsoleView::draw_warnings(const FrameContext& c) {
    warnings_.clear();
    for (const auto& s : sites_) {
        if (s.connected) continue;
        const auto line = fmt::format("QUIET: site {}: no heartbeat since {}{}", s.name, ago(s.last_heartbeat, c.now),
                                      s.behind > 0 ? fmt::format(", {} of its reads not here yet", s.behind)
                                                   : std::string{});
        warnings_.push_back(line);
        ImGui::PushFont(c.fonts.ui_bold);
        text_coloured(theme::warn, line);
        ImGui::PopFont();
    }
    for (const auto& r : readers_) {
        if (r.health != ReaderHealth::quiet && r.health != ReaderHealth::offline) continue;
        const auto what =
            r.health == ReaderHealth::offline
                ? fmt::format("{} is not connected, {} runners on course", r.status.name,
                              on_course_)
                : fmt::format("{} has not read for {} with {} runners on course", r.status.name,
                              ago(r.status.last_read, c.now), on_course_);
        warnings_.push_back(fmt::format("{}: {}", to_string(r.health), what));
        ImGui::PushFont(c.fonts.ui_bold);
        text_coloured(health_colour(r.health), warnings_.back());
        ImGui::PopFont();
    }
}

void ConsoleView::draw_recent(const FrameContext& c, ImVec2 size) {
    heading(c, fmt::format("Recent ({})", log_.items().size()));
    const auto& items = log_.items();
    const ImVec2 table(size.x, std::max(size.y - ImGui::GetTextLineHeightWithSpacing(), 40.0f));
    if (!ImGui::BeginTable("recent", 4, list_flags, table)) return;
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn("Sent", ImGuiTableColumnFlags_WidthFixed,
                            ImGui::CalcTextSize("00:00:00").x);
    ImGui::TableSetupColumn("Line", ImGuiTableColumnFlags_WidthFixed,
                            ImGui::CalcTextSize("START 5K A 00").x);
    ImGui::TableSetupColumn("Answer", ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthFixed,
                            ImGui::CalcTextSize(" Undo ").x + 8.0f);
    ImGui::TableHeadersRow();
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(items.size()));
    while (clipper.Step()) {
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
            const auto& a = items[static_cast<std::size_t>(i)];
            ImGui::TableNextRow();
            ImGui::PushID(static_cast<int>(a.seq));
            ImGui::TableNextColumn();
            text(clock_text(c, a.at).substr(0, 8));
            ImGui::TableNextColumn();
            text(a.line);
            ImGui::TableNextColumn();
            switch (a.state) {
                case LoggedAction::State::waiting: text_coloured(theme::dim, "waiting..."); break;
                case LoggedAction::State::ok:
                    text_coloured(a.undone_by.empty() ? theme::ok : theme::dim,
                                  a.undone_by.empty()
                                      ? a.reply
                                      : fmt::format("{} (undone by {})", a.reply, a.undone_by));
                    break;
                case LoggedAction::State::error: text_coloured(theme::error, a.reply); break;
            }
            ImGui::TableNextColumn();
            if (const auto undo = ActionLog::undo_line(a)) {
                if (button("Undo", fmt::format("undo {}", a.record), true)) submit(*undo);
            }
            ImGui::PopID();
        }
    }
    ImGui::EndTable();
}

void ConsoleView::ask(std::string question, std::string line, std::string yes) {
    confirm_ = Confirmation{std::move(question), std::move(line), std::move(yes)};
    open_confirm_ = true;
}

void ConsoleView::draw_confirmation() {
    if (open_confirm_) {
        ImGui::OpenPopup("Confirm");
        open_confirm_ = false;
    }
    const auto* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(ImVec2(vp->Pos.x + vp->Size.x * 0.5f, vp->Pos.y + vp->Size.y * 0.5f),
                            ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
    if (!ImGui::BeginPopupModal("Confirm", nullptr, ImGuiWindowFlags_AlwaysAutoResize)) return;
    if (confirm_) {
        text(confirm_->question);
        text_coloured(theme::dim, fmt::format("sends: {}", confirm_->line));
        if (button(confirm_->yes.c_str(), "confirm")) {
            submit(confirm_->line);
            if (confirm_->line.rfind("DQ ", 0) == 0) dq_reason_.clear();
            confirm_.reset();
            ImGui::CloseCurrentPopup();
        }
        ImGui::SameLine();
    }
    if (button("Cancel", "cancel") || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape))) {
        confirm_.reset();
        ImGui::CloseCurrentPopup();
    }
    ImGui::EndPopup();
}

}  // namespace fl::gui
