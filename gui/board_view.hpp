#pragma once
// The board: race clocks and counts, the latest finishers, the standings of one event with a
// tab per filter, a search, spectator paging, and finishers per minute. Draws what
// board_model.hpp decides.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <imgui.h>

#include "gui/auto_pager.hpp"
#include "gui/board_model.hpp"
#include "gui/board_worker.hpp"
#include "gui/column_widths.hpp"
#include "gui/frame_context.hpp"
#include "gui/settings.hpp"
#include "results/qr_code.hpp"
#include "results/team_scores.hpp"

namespace fl::gui {

class BoardView {
public:
    // `ready` runs on the board's worker thread when a recomputed view is ready to draw.
    BoardView(const Settings& settings, std::function<void()> ready);

    void draw(const FrameContext& c, ImVec2 pos, ImVec2 size);

    // What is selected; "" event = the first.
    const std::string& event() const { return event_; }
    const std::string& filter() const { return filter_label_; }
    const std::string& search() const { return search_; }
    void select_event(std::string name);
    void select_filter(std::string label);
    void set_search(std::string text);

    // The QR code of the address phones open ([web] public_url), drawn under the latest
    // finishers (beside them when the board is short of height) while shown.
    void set_qr(results::QrCode code, std::string url);
    void show_qr(bool shown) { qr_shown_ = shown; }
    // Its side in pixels (quiet zone included) as last drawn; 0: not drawn.
    float qr_drawn() const { return qr_drawn_; }

    // The view drawn in the last frame: its rows index its own event table.
    std::shared_ptr<const EventView> shown() const { return worker_.latest(); }
    // The view on screen is the one the current selection and snapshot asked for.
    bool settled() const { return worker_.settled(); }
    const AutoPager& pager() const { return pager_; }
    // The team table drawn in the last frame (a [[teams]] tab is selected), else nullptr.
    const results::TeamStandings* teams_shown() const { return teams_drawn_ ? &teams_->table : nullptr; }
    // The results table's column widths as last drawn (measure_result_columns).
    const ResultColumns& columns() const { return columns_; }

private:
    void draw_clocks(const FrameContext& c, float width);
    void draw_latest(const FrameContext& c, ImVec2 size);
    // The latest finishers with the QR code below them, or beside them when `beside`.
    void draw_latest_and_qr(const FrameContext& c, bool beside);
    void draw_qr(float module_px);
    void draw_standings(const FrameContext& c,
                        const std::shared_ptr<const results::EventStandings>& e,
                        const EventView* view, ImVec2 size);
    void draw_table(const FrameContext& c, const EventView& view, ImVec2 size);
    void draw_teams(const FrameContext& c, const std::shared_ptr<const results::EventStandings>& e,
                    const timing::TeamConfig& config, ImVec2 size);
    void draw_histogram(const FrameContext& c, const EventView* view, ImVec2 size);
    const ResultColumns& result_columns(const EventView& view, timing::Resolution display);

    std::string event_;
    std::string filter_label_ = "Overall";
    std::string search_;
    // The selection changed from outside: tell the tab bars for a couple of frames (ImGui
    // applies a programmatic tab selection on the next frame).
    int select_filter_frames_ = 0;
    int select_event_frames_ = 0;

    AutoPager pager_;
    std::string paged_key_;     // event/filter/search the pager is paging
    float scroll_set_ = -1.0f;  // the scroll the pager asked for last

    std::shared_ptr<const results::EventStandings> measured_event_;
    const ImFont* measured_font_ = nullptr;
    float measured_size_ = 0.0f;
    ResultColumns columns_;

    std::optional<results::QrCode> qr_;
    std::string qr_url_;
    bool qr_shown_ = true;
    bool histogram_ = true;
    float qr_drawn_ = 0.0f;

    // A team table worked out for one event snapshot: again only when the snapshot changes.
    struct Teams {
        std::shared_ptr<const results::EventStandings> event;  // keeps the table's rows alive
        std::string name;
        results::TeamStandings table;
        std::vector<std::string> members;  // per team: its Members cell, made once, not per frame
    };
    std::optional<Teams> teams_;
    bool teams_drawn_ = false;

    BoardWorker worker_;  // last: its thread stops before the rest goes
};

}  // namespace fl::gui
