#pragma once
// The marshal console: the bib box (keyboard or barcode scanner; Enter records, a space in an
// empty box is a TAP), recent entries with undo, unassigned reads, conflicts, reader status,
// gun buttons, DQ/DNF and participant edits. Every action is a marshal protocol line sent
// through ServiceLink::submit, exactly as a marshal typing on the TCP port would send it.
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <imgui.h>

#include "gui/action_log.hpp"
#include "gui/entry_line.hpp"
#include "gui/frame_context.hpp"
#include "gui/reader_health.hpp"
#include "gui/run_queue.hpp"
#include "gui/service_link.hpp"
#include "gui/settings.hpp"
#include "gui/unassigned_chips.hpp"
#include "timing/clock.hpp"

namespace fl::gui {

class ConsoleView {
public:
    ConsoleView(const ServiceLink& link, std::shared_ptr<RunQueue> queue,
                const timing::Clock& clock, const Settings& settings);

    void draw(const FrameContext& c, ImVec2 pos, ImVec2 size);

    // Sends one marshal line; the answer is posted back to the GUI thread into the log.
    void submit(std::string line);
    void set_readers(std::vector<ingest::ReaderStatus> readers);
    // The remote sites relaying to this finish: one that went quiet (no heartbeat) is a
    // warning, like a quiet reader.
    void set_sites(std::vector<ingest::SiteStatus> sites) { sites_ = std::move(sites); }
    const std::vector<ingest::SiteStatus>& sites() const { return sites_; }
    // The warnings shown above the console in the last frame (quiet readers and sites).
    const std::vector<std::string>& warnings() const { return warnings_; }

    const ActionLog& log() const { return log_; }
    const EntryLine& entry() const { return entry_; }
    // Whether typing went to the bib box in the last frame (no other text field was active).
    bool entry_has_keyboard() const { return entry_keyboard_; }
    // The readers as judged in the last frame.
    struct ReaderLine {
        ingest::ReaderStatus status;
        ReaderHealth health = ReaderHealth::ok;
        std::optional<std::string> clock_warning;  // a measured offset over a minute
        std::optional<timing::Instant> reads_from;  // reads_expected_from
    };
    const std::vector<ReaderLine>& readers() const { return readers_; }

    // Where a control was drawn in the last frame, by name ("entry", "lookup", "dnf",
    // "undo E12", "start START 5K", "confirm", "chip 04A1 finish", "raw reads", "show reads",
    // "read R7", "assign read", ...): tests click them the way a person would.
    struct Place {
        ImVec2 min, max;
        ImVec2 centre() const { return ImVec2((min.x + max.x) * 0.5f, (min.y + max.y) * 0.5f); }
    };
    std::optional<Place> place(const std::string& name) const;

private:
    bool button(const char* label, std::string name, bool small = false);
    void remember(std::string name);
    void take_typing();
    void judge_readers(const FrameContext& c);
    void draw_entry(const FrameContext& c);
    void draw_warnings(const FrameContext& c);
    void draw_recent(const FrameContext& c, ImVec2 size);
    void draw_lists(const FrameContext& c, ImVec2 size);
    const std::vector<UnassignedChip>& unassigned_chips(const FrameContext& c);
    void draw_unassigned(const FrameContext& c);
    void draw_chips(const FrameContext& c);
    void draw_raw_reads(const FrameContext& c);
    // The bib box beside a picked chip or read; what is typed in it, trimmed.
    std::string assign_bib_box();
    void draw_conflicts(const FrameContext& c);
    void draw_taps(const FrameContext& c);
    void draw_unknown_bibs(const FrameContext& c);
    void draw_flagged(const FrameContext& c);
    void draw_refused(const FrameContext& c);
    void draw_issues(const FrameContext& c);
    void draw_laps(const FrameContext& c, const results::EventStandings& e);
    void draw_readers(const FrameContext& c);
    void draw_sites(const FrameContext& c);
    void draw_guns(const FrameContext& c);
    void draw_runner(const FrameContext& c);
    void draw_confirmation();
    void ask(std::string question, std::string line, std::string yes);

    const ServiceLink& link_;
    std::shared_ptr<RunQueue> queue_;
    const timing::Clock& clock_;
    timing::Duration quiet_after_;

    EntryLine entry_;
    ActionLog log_;
    bool entry_keyboard_ = true;

    std::vector<ingest::ReaderStatus> reader_status_;
    std::vector<ingest::SiteStatus> sites_;  // shown by draw_sites
    std::vector<std::string> warnings_;
    std::vector<ReaderLine> readers_;
    bool race_running_ = false;
    int on_course_ = 0;

    // Unassigned reads: grouped by chip and point (from the snapshot's list), or every read
    // (of one chip, or of all).
    std::shared_ptr<const std::vector<results::UnassignedRead>> grouped_from_;
    std::vector<UnassignedChip> chips_;
    std::string selected_chip_, selected_point_;
    bool raw_reads_ = false;
    std::string raw_chip_;
    std::int64_t selected_read_ = 0;
    std::string assign_bib_;
    std::string lookup_bib_;
    std::string dq_reason_;
    int edit_field_ = 0;
    std::string edit_value_;

    struct Confirmation {
        std::string question;
        std::string line;
        std::string yes;
    };
    std::optional<Confirmation> confirm_;
    bool open_confirm_ = false;
    std::map<std::string, Place> places_;
};

}  // namespace fl::gui
