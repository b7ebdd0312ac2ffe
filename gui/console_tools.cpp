// The console's right-hand tools: reader status, gun buttons, and a runner's DNF, DQ and edits.
#include <algorithm>
#include <array>

#include <fmt/format.h>
#include <imgui.h>
#include <imgui_stdlib.h>

#include "gui/board_model.hpp"
#include "gui/console_parts.hpp"
#include "gui/console_view.hpp"
#include "results/display.hpp"
#include "timing/participant_fields.hpp"

namespace fl::gui {
namespace {

std::string offset_text(const std::optional<timing::Duration>& d) {
    if (!d) return "-";
    const double s = static_cast<double>(d->count()) / 1e6;
    return fmt::format("{:+.3f} s", s);
}

}  // namespace

using namespace widgets;
using namespace console;

void ConsoleView::draw_readers(const FrameContext& c) {
    heading(c, fmt::format("Readers   {} runners on course", on_course_));
    if (readers_.empty()) {
        text_coloured(theme::dim, "No reader status from the service.");
        return;
    }
    if (!ImGui::BeginTable(
            "readers", 6,
            ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingFixedFit))
        return;
    ImGui::TableSetupColumn("Reader", ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableSetupColumn("State");
    ImGui::TableSetupColumn("Last read");
    ImGui::TableSetupColumn("Reads");
    ImGui::TableSetupColumn("Errors");
    ImGui::TableSetupColumn("Offset");
    ImGui::TableHeadersRow();
    for (const auto& r : readers_) {
        const auto& st = r.status;
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        text(st.name);
        if (ImGui::IsItemHovered() && !st.endpoint.empty()) {
            ImGui::BeginTooltip();
            text(fmt::format("{} {}", st.protocol, st.endpoint));
            for (const auto& p : st.peers) text(fmt::format("peer {}", p));
            if (!st.last_error.empty()) text(fmt::format("last error: {}", st.last_error));
            ImGui::EndTooltip();
        }
        ImGui::TableNextColumn();
        // A mat waiting for the field says from when it is expected to read.
        if (r.health == ReaderHealth::waiting)
            text_coloured(health_colour(r.health),
                          fmt::format("reads from {}", clock_text(c, *r.reads_from).substr(0, 8)));
        else
            text_coloured(health_colour(r.health),
                          r.health == ReaderHealth::ok || r.health == ReaderHealth::idle
                              ? std::string(st.connected() ? "connected" : "not connected")
                              : std::string(to_string(r.health)));
        ImGui::TableNextColumn();
        text_coloured(r.health == ReaderHealth::quiet ? theme::warn : theme::text,
                      ago(st.last_read, c.now));
        ImGui::TableNextColumn();
        text(fmt::format("{}", st.reads_today));
        ImGui::TableNextColumn();
        text_coloured(st.parse_errors > 0 ? theme::warn : theme::text,
                      fmt::format("{}", st.parse_errors));
        ImGui::TableNextColumn();
        if (r.clock_warning) text_coloured(theme::warn, offset_text(st.clock_offset) + " (!)");
        else text(offset_text(st.clock_offset));
    }
    ImGui::EndTable();
    // Under the table, not in a tooltip: the timer must read what to do without hunting for it.
    ImGui::PushTextWrapPos(0.0f);
    for (const auto& r : readers_)
        if (r.clock_warning) text_coloured(theme::warn, fmt::format("{}: {}", r.status.name, *r.clock_warning));
    ImGui::PopTextWrapPos();
    draw_sites(c);
}

// The remote sites relaying to this finish (issue 15): heard from, how far behind, their clock.
void ConsoleView::draw_sites(const FrameContext& c) {
    if (sites_.empty()) return;
    heading(c, fmt::format("Sites   {} relaying through the broker", sites_.size()));
    if (!ImGui::BeginTable("sites", 5,
                           ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingFixedFit))
        return;
    ImGui::TableSetupColumn("Site", ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableSetupColumn("State");
    ImGui::TableSetupColumn("Last read");
    ImGui::TableSetupColumn("Reads (behind)");
    ImGui::TableSetupColumn("Clock");
    ImGui::TableHeadersRow();
    for (const auto& s : sites_) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        text(s.name);
        ImGui::TableNextColumn();
        text_coloured(s.connected ? theme::ok : theme::warn, s.connected ? "connected" : "QUIET");
        ImGui::TableNextColumn();
        text(ago(s.last_read, c.now));
        ImGui::TableNextColumn();
        text_coloured(s.behind > 0 ? theme::warn : theme::text, fmt::format("{} ({})", s.held, s.behind));
        ImGui::TableNextColumn();
        text(offset_text(s.clock_difference));
    }
    ImGui::EndTable();
}

void ConsoleView::draw_guns(const FrameContext& c) {
    heading(c, "Start");
    for (const auto& e : c.standings.events) {
        for (const auto& w : e->waves) {
            const auto who = w.name.empty() ? e->name : fmt::format("{} wave {}", e->name, w.name);
            const auto line = w.name.empty()
                                  ? fmt::format("START {}", word(e->name))
                                  : fmt::format("START {} {}", word(e->name), word(w.name));
            ImGui::PushID(line.c_str());
            if (button(fmt::format("Start {}", who).c_str(), "start " + line))
                ask(fmt::format("Record the gun for {} now?", who), line, "Record the gun");
            ImGui::SameLine();
            text_coloured(w.recorded() ? theme::ok : theme::dim,
                          fmt::format("gun {} ({})", clock_text(c, w.gun).substr(0, 10),
                                      w.recorded() ? "recorded" : "scheduled"));
            ImGui::PopID();
        }
    }
}

void ConsoleView::draw_runner(const FrameContext& c) {
    heading(c, "Runner");
    ImGui::SetNextItemWidth(ImGui::CalcTextSize("000000000").x);
    ImGui::InputTextWithHint("##lookup", "bib", &lookup_bib_);
    remember("lookup");
    const auto bib = trimmed(lookup_bib_);
    if (bib.empty()) {
        ImGui::SameLine();
        text_coloured(theme::dim, "Type a bib to look a runner up, then DNF, DQ or edit.");
        return;
    }
    const auto* row = c.standings.find_bib(bib);
    if (!row) {
        ImGui::SameLine();
        text_coloured(theme::warn, fmt::format("No participant has bib {}.", bib));
        return;
    }
    const auto& r = *row->runner;
    ImGui::SameLine();
    ImGui::PushFont(c.fonts.ui_bold);
    text(r.name);
    ImGui::PopFont();
    text(fmt::format("{}{}  {}{}  {}{}", r.event, r.wave.empty() ? "" : " wave " + r.wave,
                     r.gender ? std::string(1, timing::to_char(*r.gender)) : std::string("-"),
                     r.age ? fmt::format(" {}", *r.age) : std::string(), r.category,
                     r.team.empty() ? "" : "  " + r.team));
    if (r.status == results::Status::finished) {
        text_coloured(theme::ok, fmt::format("finished {}  place {}  ({} finish{})",
                                             results::show_time(r.rank_time, c.standings.display),
                                             row->place ? fmt::format("{}", *row->place) : "-",
                                             results::to_string(r.finish_source),
                                             r.finish ? " at " + clock_text(c, *r.finish) : ""));
    } else {
        text_coloured(r.status == results::Status::dq ? theme::error : theme::dim,
                      r.status == results::Status::dq ? fmt::format("DQ: {}", r.dq_reason)
                                                      : std::string(status_text(r)));
    }

    if (button("DNF", "dnf"))
        ask(fmt::format("Record bib {} ({}) as DNF?", bib, r.name), "DNF " + word(bib), "DNF");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(std::max(
        ImGui::GetContentRegionAvail().x - ImGui::CalcTextSize("Disqualify").x - 40.0f, 60.0f));
    ImGui::InputTextWithHint("##dq_reason", "DQ reason", &dq_reason_);
    remember("dq reason");
    ImGui::SameLine();
    const auto reason = trimmed(dq_reason_);
    ImGui::BeginDisabled(reason.empty());
    if (button("Disqualify", "dq"))
        ask(fmt::format("Disqualify bib {} ({}): {}?", bib, r.name, reason),
            fmt::format("DQ {} {}", word(bib), word(reason)), "Disqualify");
    ImGui::EndDisabled();

    // The field menu by hand (not ImGui::Combo) so that each choice has a place to click.
    const auto field_at = ImGui::GetCursorScreenPos();
    const float field_width = ImGui::CalcTextSize("birthdate0000").x;
    ImGui::SetNextItemWidth(field_width);
    if (ImGui::BeginCombo("##field", timing::editable_fields[static_cast<std::size_t>(edit_field_)].data())) {
        for (std::size_t i = 0; i < timing::editable_fields.size(); ++i) {
            if (ImGui::Selectable(timing::editable_fields[i].data(), static_cast<int>(i) == edit_field_))
                edit_field_ = static_cast<int>(i);
            remember(fmt::format("field {}", timing::editable_fields[i]));
        }
        ImGui::EndCombo();
    }
    places_["edit field"] =
        Place{field_at, ImVec2(field_at.x + field_width, field_at.y + ImGui::GetFrameHeight())};
    ImGui::SameLine();
    ImGui::SetNextItemWidth(
        std::max(ImGui::GetContentRegionAvail().x - ImGui::CalcTextSize("Save").x - 30.0f, 60.0f));
    ImGui::InputTextWithHint("##edit_value", "new value", &edit_value_);
    remember("edit value");
    ImGui::SameLine();
    const auto value = trimmed(edit_value_);
    const auto* field = timing::editable_fields[static_cast<std::size_t>(edit_field_)].data();
    // The rule the service applies to the EDIT, shown before it is sent.
    const auto problem = timing::field_problem(*timing::parse_field(field), value,
                                               c.calendar.race_date());
    ImGui::BeginDisabled(value.empty() || !problem.empty());
    if (button("Save", "save")) {
        submit(fmt::format("EDIT {} {}={}", word(bib), field, word(value)));
        edit_value_.clear();
    }
    ImGui::EndDisabled();
    if (!value.empty() && !problem.empty()) text_coloured(theme::warn, problem);
}

}  // namespace fl::gui
