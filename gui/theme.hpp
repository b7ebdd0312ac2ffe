#pragma once
// High-contrast colours for a screen in daylight: white on black, yellow for what just
// happened, green/amber/red for the state of things. One place, so board and console agree.
#include <imgui.h>

namespace fl::gui::theme {

inline const ImVec4 background{0.0f, 0.0f, 0.0f, 1.0f};
inline const ImVec4 panel{0.08f, 0.08f, 0.10f, 1.0f};
inline const ImVec4 text{1.0f, 1.0f, 1.0f, 1.0f};
inline const ImVec4 dim{0.70f, 0.72f, 0.76f, 1.0f};
inline const ImVec4 accent{1.0f, 0.84f, 0.0f, 1.0f};    // headings, the race clock
inline const ImVec4 fresh_bg{1.0f, 0.84f, 0.0f, 1.0f};  // a finish that just arrived
inline const ImVec4 fresh_text{0.0f, 0.0f, 0.0f, 1.0f};
inline const ImVec4 ok{0.30f, 0.90f, 0.35f, 1.0f};
inline const ImVec4 warn{1.0f, 0.62f, 0.0f, 1.0f};
inline const ImVec4 error{1.0f, 0.30f, 0.28f, 1.0f};
inline const ImVec4 row_alt{0.11f, 0.11f, 0.13f, 1.0f};

// The ImGui style for `scale` (paddings grow with the fonts).
void apply(float scale);

}  // namespace fl::gui::theme
