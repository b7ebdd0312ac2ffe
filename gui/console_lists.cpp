// The console's lists from the standings: unassigned reads (assign, ignore), conflicts
// (prefer manual), taps and unknown bibs (undo), flagged reads, refused device records, issues.
#include <algorithm>
#include <initializer_list>
#include <span>
#include <vector>

#include <fmt/format.h>
#include <imgui.h>
#include <imgui_stdlib.h>

#include "gui/console_parts.hpp"
#include "results/display.hpp"
#include "gui/console_view.hpp"
#include "timing/text_encoding.hpp"

namespace fl::gui {

using namespace widgets;
using namespace console;

namespace {

struct Column {
    const char* name;
    ImGuiTableColumnFlags flags = 0;
};

// A list filling `size` (by default the space left), header row frozen, only the visible rows
// drawn: `row(item, i)` fills the columns of one item after its row has begun.
template <class List, class Row>
void clipped_table(const char* id, std::initializer_list<Column> columns, const List& list, Row&& row,
                   ImVec2 size = ImGui::GetContentRegionAvail()) {
    if (!ImGui::BeginTable(id, static_cast<int>(columns.size()), list_flags, size)) return;
    ImGui::TableSetupScrollFreeze(0, 1);
    for (const auto& column : columns) ImGui::TableSetupColumn(column.name, column.flags);
    ImGui::TableHeadersRow();
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(list.size()));
    while (clipper.Step()) {
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
            ImGui::TableNextRow();
            row(list[static_cast<std::size_t>(i)], i);
        }
    }
    ImGui::EndTable();
}

// The space a list may take above the two lines of controls under it.
ImVec2 above_controls() {
    return ImVec2(0, std::max(ImGui::GetContentRegionAvail().y - ImGui::GetFrameHeightWithSpacing() * 2.0f, 40.0f));
}

}  // namespace

void ConsoleView::draw_lists(const FrameContext& c, ImVec2 size) {
    const auto& s = c.standings;
    auto count = [](const auto& p) { return p ? p->size() : std::size_t{0}; };
    ImGui::BeginChild("lists", size, false, ImGuiWindowFlags_NoScrollbar);
    if (ImGui::BeginTabBar("lists_tabs", ImGuiTabBarFlags_FittingPolicyScroll)) {
        const auto tab = [&](const char* name, std::size_t n, auto&& body) {
            const auto label = fmt::format("{} ({})###{}", name, n, name);
            const bool open = ImGui::BeginTabItem(label.c_str());
            remember(fmt::format("tab {}", name));
            if (open) {
                body();
                ImGui::EndTabItem();
            }
        };
        tab("Unassigned chips", unassigned_chips(c).size(), [&] { draw_unassigned(c); });
        tab("Conflicts", count(s.conflicts), [&] { draw_conflicts(c); });
        tab("Taps", count(s.unpaired_taps), [&] { draw_taps(c); });
        tab("Unknown bibs", count(s.unknown_bibs), [&] { draw_unknown_bibs(c); });
        tab("Flagged reads", count(s.flagged_reads), [&] { draw_flagged(c); });
        tab("Refused records", count(s.refused), [&] { draw_refused(c); });
        tab("Issues", count(s.issues), [&] { draw_issues(c); });
        // A lap race: every runner's laps, for the marshal counting them at the line.
        for (const auto& e : s.events)
            if (e->counts_laps())
                tab(fmt::format("{} {}", e->name, e->backyard() ? "loops" : "laps").c_str(), static_cast<std::size_t>(e->counts.finished),
                    [&] { draw_laps(c, *e); });
        ImGui::EndTabBar();
    }
    ImGui::EndChild();
}

const std::vector<UnassignedChip>& ConsoleView::unassigned_chips(const FrameContext& c) {
    // Grouped once per snapshot of the list, not per frame.
    if (c.standings.unassigned_reads != grouped_from_) {
        grouped_from_ = c.standings.unassigned_reads;
        chips_ = grouped_from_ ? group_unassigned(*grouped_from_) : std::vector<UnassignedChip>{};
    }
    return chips_;
}

void ConsoleView::draw_unassigned(const FrameContext& c) {
    if (!c.standings.unassigned_reads || c.standings.unassigned_reads->empty()) {
        text_coloured(theme::dim, "Every read belongs to a runner.");
        return;
    }
    if (raw_reads_) draw_raw_reads(c);
    else draw_chips(c);
}

std::string ConsoleView::assign_bib_box() {
    ImGui::SameLine();
    ImGui::SetNextItemWidth(ImGui::CalcTextSize("0000000").x);
    ImGui::InputTextWithHint("##assign_bib", "bib", &assign_bib_);
    remember("assign bib");
    return trimmed(assign_bib_);
}

void ConsoleView::draw_chips(const FrameContext& c) {
    const auto& chips = unassigned_chips(c);
    if (button("Show every read", "raw reads", true)) {
        raw_reads_ = true;
        raw_chip_.clear();
    }
    clipped_table(
        "unassigned_chips",
        {{"Chip"}, {"Point"}, {"Reads"}, {"First"}, {"Last"}, {"Reader", ImGuiTableColumnFlags_WidthStretch}}, chips,
        [&](const UnassignedChip& g, int i) {
            ImGui::TableNextColumn();
            ImGui::PushID(i);
            const bool is_selected = g.chip == selected_chip_ && g.timing_point == selected_point_;
            // The chip is drawn as text, not as the selectable's label: a device's chip could
            // hold ImGui's "##".
            if (ImGui::Selectable("##chip", is_selected,
                                  ImGuiSelectableFlags_SpanAllColumns | ImGuiSelectableFlags_AllowItemOverlap)) {
                selected_chip_ = g.chip;
                selected_point_ = g.timing_point;
            }
            remember(fmt::format("chip {} {}", g.chip, g.timing_point));
            ImGui::PopID();
            ImGui::SameLine();
            text(g.chip);
            ImGui::TableNextColumn();
            text(g.timing_point);
            ImGui::TableNextColumn();
            text_right(fmt::format("{}", g.reads));
            ImGui::TableNextColumn();
            text(clock_text(c, g.first));
            ImGui::TableNextColumn();
            text(g.reads > 1 ? clock_text(c, g.last) : std::string());
            ImGui::TableNextColumn();
            text(readers_text(g));
        },
        above_controls());
    const auto picked = std::find_if(chips.begin(), chips.end(), [&](const UnassignedChip& g) {
        return g.chip == selected_chip_ && g.timing_point == selected_point_;
    });
    if (picked == chips.end()) {
        text_coloured(theme::dim, "Pick a chip to give it to a bib: every read of it goes with it.");
        return;
    }
    text(fmt::format("Chip {} ({} read{} at {}):", picked->chip, picked->reads, picked->reads == 1 ? "" : "s",
                     picked->timing_point));
    const auto bib = assign_bib_box();
    ImGui::BeginDisabled(!one_token(bib) || !one_token(picked->chip));
    ImGui::SameLine();
    if (button("Assign chip", "assign chip")) submit(fmt::format("ASSIGN {} {}", word(picked->chip), word(bib)));
    ImGui::EndDisabled();
    ImGui::SameLine();
    if (button("Show its reads", "show reads")) {
        raw_reads_ = true;
        raw_chip_ = picked->chip;
    }
}

void ConsoleView::draw_raw_reads(const FrameContext& c) {
    const auto& all = *c.standings.unassigned_reads;
    std::vector<const results::UnassignedRead*> reads;
    reads.reserve(all.size());
    for (const auto& r : all)
        if (raw_chip_.empty() || r.chip == raw_chip_) reads.push_back(&r);
    if (button("By chip", "by chip", true)) raw_reads_ = false;
    ImGui::SameLine();
    text_coloured(theme::dim, raw_chip_.empty()
                                  ? fmt::format("every unassigned read ({})", reads.size())
                                  : fmt::format("the {} reads of chip {}", reads.size(), raw_chip_));
    clipped_table(
        "unassigned", {{"Read"}, {"Chip"}, {"Point"}, {"Time"}, {"Reader", ImGuiTableColumnFlags_WidthStretch}}, reads,
        [&](const results::UnassignedRead* r, int) {
            ImGui::TableNextColumn();
            const auto label = fmt::format("R{}", r->read_id);
            if (ImGui::Selectable(label.c_str(), r->read_id == selected_read_, ImGuiSelectableFlags_SpanAllColumns))
                selected_read_ = r->read_id;
            remember("read " + label);
            ImGui::TableNextColumn();
            text(r->chip);
            ImGui::TableNextColumn();
            text(r->timing_point);
            ImGui::TableNextColumn();
            text(clock_text(c, r->time));
            ImGui::TableNextColumn();
            text(r->reader);
        },
        above_controls());
    const auto picked = std::find_if(reads.begin(), reads.end(),
                                     [&](const results::UnassignedRead* r) { return r->read_id == selected_read_; });
    if (picked == reads.end()) {
        text_coloured(theme::dim, "Pick a read to give it to a bib.");
        return;
    }
    const auto& read = **picked;
    text(fmt::format("R{} chip {}:", read.read_id, read.chip));
    const auto bib = assign_bib_box();
    ImGui::BeginDisabled(!one_token(bib));
    ImGui::SameLine();
    if (button("Assign read", "assign read")) submit(fmt::format("ASSIGN READ R{} {}", read.read_id, word(bib)));
    ImGui::SameLine();
    ImGui::BeginDisabled(!one_token(read.chip));
    if (button("Assign chip", "assign chip")) submit(fmt::format("ASSIGN {} {}", word(read.chip), word(bib)));
    ImGui::EndDisabled();
    ImGui::EndDisabled();
    ImGui::SameLine();
    if (button("Ignore read", "ignore read")) submit(fmt::format("IGNORE R{}", read.read_id));
}

void ConsoleView::draw_conflicts(const FrameContext& c) {
    if (!c.standings.conflicts || c.standings.conflicts->empty()) {
        text_coloured(theme::dim, "No bib has both a chip finish and a manual one.");
        return;
    }
    const auto& list = *c.standings.conflicts;
    clipped_table("conflicts", {{"Bib"}, {"Event"}, {"Chip"}, {"Manual"}, {"Used"}, {""}}, list,
                  [&](const auto& k, int i) {
                      ImGui::PushID(i);
                      ImGui::TableNextColumn();
                      text(k.bib);
                      ImGui::TableNextColumn();
                      text(k.event);
                      ImGui::TableNextColumn();
                      text(clock_text(c, k.chip_finish));
                      ImGui::TableNextColumn();
                      text(clock_text(c, k.manual_finish));
                      ImGui::TableNextColumn();
                      text(k.winner == results::FinishSource::chip ? "chip" : "manual");
                      ImGui::TableNextColumn();
                      if (k.winner == results::FinishSource::chip &&
                          button("Prefer manual", "prefer " + k.bib, true))
                          submit(fmt::format("PREFER MANUAL {}", word(k.bib)));
                      ImGui::PopID();
                  });
}

void ConsoleView::draw_laps(const FrameContext& c, const results::EventStandings& e) {
    if (e.counts.finished == 0) {
        text_coloured(theme::dim, "No laps yet: a lap counts at the lap mat, or type the bib and time.");
        return;
    }
    const auto rows = std::span(e.rows).first(static_cast<std::size_t>(e.counts.finished));
    clipped_table(("laps " + e.name).c_str(), {{"Place"}, {"Bib"}, {"Name", ImGuiTableColumnFlags_WidthStretch}, {"Laps"},
                                               {"Last lap"}, {"Crossed"}, {"Time"}},
                  rows, [&](const results::Row& row, int) {
                      const auto& r = *row.runner;
                      ImGui::TableNextColumn();
                      text(row.place ? std::to_string(*row.place) : std::string{});
                      ImGui::TableNextColumn();
                      text(r.bib);
                      ImGui::TableNextColumn();
                      text(r.name);
                      ImGui::TableNextColumn();
                      text(fmt::format("{}{}", r.laps, r.laps_complete ? " (done)" : ""));
                      ImGui::TableNextColumn();
                      text(r.lap_times.empty() ? std::string{} : results::show_time(r.lap_times.back(), c.standings.display));
                      ImGui::TableNextColumn();
                      text(r.finish ? clock_text(c, *r.finish) : std::string{});
                      ImGui::TableNextColumn();
                      text(results::show_time(r.rank_time, c.standings.display));
                  });
}

void ConsoleView::draw_taps(const FrameContext& c) {
    if (!c.standings.unpaired_taps || c.standings.unpaired_taps->empty()) {
        text_coloured(theme::dim, "Every TAP is paired with a bib scan.");
        return;
    }
    const auto& list = *c.standings.unpaired_taps;
    clipped_table("taps", {{"Entry"}, {"Time"}, {"Source", ImGuiTableColumnFlags_WidthStretch}, {""}}, list,
                  [&](const auto& t, int i) {
                      ImGui::PushID(i);
                      ImGui::TableNextColumn();
                      text(fmt::format("E{}", t.entry_id));
                      ImGui::TableNextColumn();
                      text(clock_text(c, t.time));
                      ImGui::TableNextColumn();
                      text(t.source);
                      ImGui::TableNextColumn();
                      if (button("Undo", fmt::format("undo E{}", t.entry_id), true))
                          submit(fmt::format("UNDO E{}", t.entry_id));
                      ImGui::PopID();
                  });
}

void ConsoleView::draw_unknown_bibs(const FrameContext& c) {
    if (!c.standings.unknown_bibs || c.standings.unknown_bibs->empty()) {
        text_coloured(theme::dim, "Every entered bib belongs to a participant.");
        return;
    }
    const auto& list = *c.standings.unknown_bibs;
    clipped_table("unknown", {{"Entry"}, {"Bib"}, {"Time"}, {"Source", ImGuiTableColumnFlags_WidthStretch}, {""}},
                  list, [&](const auto& u, int i) {
                      ImGui::PushID(i);
                      ImGui::TableNextColumn();
                      text(fmt::format("E{}", u.entry_id));
                      ImGui::TableNextColumn();
                      text(u.bib);
                      ImGui::TableNextColumn();
                      text(clock_text(c, u.time));
                      ImGui::TableNextColumn();
                      text(u.source);
                      ImGui::TableNextColumn();
                      if (button("Undo", fmt::format("undo E{}", u.entry_id), true))
                          submit(fmt::format("UNDO E{}", u.entry_id));
                      ImGui::PopID();
                  });
}

void ConsoleView::draw_flagged(const FrameContext& c) {
    if (!c.standings.flagged_reads || c.standings.flagged_reads->empty()) {
        text_coloured(theme::dim, "No read was stored with a bad time or an unknown location.");
        return;
    }
    const auto& list = *c.standings.flagged_reads;
    clipped_table("flagged",
                  {{"Read"}, {"Chip"}, {"Reader"}, {"Received"}, {"Why", ImGuiTableColumnFlags_WidthStretch}}, list,
                  [&](const auto& f, int) {
                      ImGui::TableNextColumn();
                      text(fmt::format("R{}", f.read_id));
                      ImGui::TableNextColumn();
                      text(f.chip);
                      ImGui::TableNextColumn();
                      text(f.reader);
                      ImGui::TableNextColumn();
                      text(clock_text(c, f.receive_time));
                      ImGui::TableNextColumn();
                      text(f.reason);
                  });
}

void ConsoleView::draw_refused(const FrameContext& c) {
    if (!c.standings.refused || c.standings.refused->empty()) {
        text_coloured(theme::dim, "Every device record was understood.");
        return;
    }
    text_coloured(theme::warn, "Stored as received, not scored: read each one and type what it "
                               "meant (e.g. \"<bib> HH:MM:SS\" for a finish), or fix the device.");
    const auto& list = *c.standings.refused;
    clipped_table("refused",
                  {{"Record"}, {"Reader"}, {"Received"}, {"Bytes", ImGuiTableColumnFlags_WidthStretch},
                   {"Why", ImGuiTableColumnFlags_WidthStretch}},
                  list, [&](const auto& r, int) {
                      ImGui::TableNextColumn();
                      text(fmt::format("X{}", r.refused_id));
                      ImGui::TableNextColumn();
                      text(r.reader);
                      ImGui::TableNextColumn();
                      text(clock_text(c, r.received));
                      ImGui::TableNextColumn();
                      text(timing::escaped_bytes(r.raw));
                      remember(fmt::format("refused X{}", r.refused_id));
                      ImGui::TableNextColumn();
                      text(r.reason);
                  });
}

void ConsoleView::draw_issues(const FrameContext& c) {
    if (!c.standings.issues || c.standings.issues->empty()) {
        text_coloured(theme::dim, "Every correction applied cleanly.");
        return;
    }
    ImGui::BeginChild("issues_list");
    for (const auto& i : *c.standings.issues) {
        ImGui::PushTextWrapPos(0.0f);
        text_coloured(theme::warn, i.what);
        ImGui::PopTextWrapPos();
    }
    ImGui::EndChild();
}

}  // namespace fl::gui
