#pragma once
// Small ImGui drawing helpers the board and the console share (GUI thread only).
#include <string>
#include <string_view>

#include <imgui.h>

#include "timing/text.hpp"

namespace fl::gui::widgets {

// The fixed, full-size panels the board and console are drawn in.
inline constexpr auto panel_flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                    ImGuiWindowFlags_NoSavedSettings |
                                    ImGuiWindowFlags_NoBringToFrontOnFocus;

inline void text(std::string_view t) { ImGui::TextUnformatted(t.data(), t.data() + t.size()); }

inline void text_coloured(const ImVec4& colour, std::string_view t) {
    ImGui::PushStyleColor(ImGuiCol_Text, colour);
    text(t);
    ImGui::PopStyleColor();
}

// Right-aligned in what is left of the line (or table cell).
inline void text_right(std::string_view t) {
    const float w = ImGui::CalcTextSize(t.data(), t.data() + t.size()).x;
    const float avail = ImGui::GetContentRegionAvail().x;
    if (avail > w) ImGui::SetCursorPosX(ImGui::GetCursorPosX() + avail - w);
    text(t);
}

// Surrounding spaces and tabs removed.
inline std::string trimmed(std::string_view t) { return std::string(timing::trim_blanks(t)); }

}  // namespace fl::gui::widgets
