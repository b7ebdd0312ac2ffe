#include "gui/theme.hpp"

namespace fl::gui::theme {

void apply(float scale) {
    ImGuiStyle style;
    ImGui::StyleColorsDark(&style);
    style.WindowRounding = 0.0f;
    style.WindowBorderSize = 0.0f;
    style.FrameRounding = 3.0f;
    style.FramePadding = ImVec2(8.0f, 5.0f);
    style.ItemSpacing = ImVec2(10.0f, 6.0f);
    style.CellPadding = ImVec2(8.0f, 3.0f);
    style.ScrollbarSize = 18.0f;
    auto* c = style.Colors;
    c[ImGuiCol_WindowBg] = background;
    c[ImGuiCol_ChildBg] = background;
    c[ImGuiCol_PopupBg] = ImVec4(0.12f, 0.12f, 0.15f, 1.0f);
    c[ImGuiCol_Text] = text;
    c[ImGuiCol_TextDisabled] = dim;
    c[ImGuiCol_Border] = ImVec4(0.35f, 0.35f, 0.40f, 1.0f);
    c[ImGuiCol_TableRowBg] = background;
    c[ImGuiCol_TableRowBgAlt] = row_alt;
    c[ImGuiCol_TableHeaderBg] = ImVec4(0.16f, 0.16f, 0.20f, 1.0f);
    c[ImGuiCol_PlotHistogram] = accent;
    c[ImGuiCol_PlotHistogramHovered] = ImVec4(1.0f, 1.0f, 1.0f, 1.0f);
    c[ImGuiCol_TabActive] = ImVec4(0.22f, 0.40f, 0.75f, 1.0f);
    c[ImGuiCol_ModalWindowDimBg] = ImVec4(0.0f, 0.0f, 0.0f, 0.6f);
    style.ScaleAllSizes(scale);
    ImGui::GetStyle() = style;
}

}  // namespace fl::gui::theme
