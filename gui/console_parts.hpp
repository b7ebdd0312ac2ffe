#pragma once
// What the console's files share (GUI thread only).
#include <string>
#include <string_view>

#include <imgui.h>

#include "gui/frame_context.hpp"
#include "gui/reader_health.hpp"
#include "gui/theme.hpp"
#include "gui/widgets.hpp"
#include "ingest/marshal_protocol.hpp"

namespace fl::gui::console {

inline constexpr auto list_flags = ImGuiTableFlags_ScrollY | ImGuiTableFlags_RowBg |
                                   ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingFixedFit;

inline void heading(const FrameContext& c, std::string_view t) {
    ImGui::PushFont(c.fonts.ui_bold);
    widgets::text_coloured(theme::accent, t);
    ImGui::PopFont();
}

// An instant as the race's local time of day, "HH:MM:SS.mmm".
inline std::string clock_text(const FrameContext& c, timing::Instant t) {
    return c.calendar.local_time(t);
}

// A name, bib or value as one word of a marshal line ("Fun Run" in quotes, 5K as it is): every
// line the console builds puts what it did not write itself through this, the rule the
// service's parser undoes.
inline std::string word(std::string_view t) { return ingest::marshal_word(t); }

// A bib or chip as one protocol token: no spaces inside.
inline bool one_token(std::string_view t) {
    return !t.empty() && t.find_first_of(" \t") == std::string_view::npos;
}

inline ImVec4 health_colour(ReaderHealth h) {
    switch (h) {
        case ReaderHealth::ok: return theme::ok;
        case ReaderHealth::idle: return theme::dim;
        case ReaderHealth::waiting: return theme::dim;
        case ReaderHealth::quiet: return theme::warn;
        case ReaderHealth::offline: return theme::error;
    }
    return theme::text;
}

}  // namespace fl::gui::console
