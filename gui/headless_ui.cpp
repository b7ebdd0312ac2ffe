#include "gui/headless_ui.hpp"

#include "gui/app.hpp"

namespace fl::gui {

HeadlessUi::HeadlessUi(App& app, ImVec2 display) : app_(app), context_(ImGui::CreateContext()) {
    ImGui::SetCurrentContext(context_);
    auto& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.DisplaySize = display;
    io.BackendFlags = ImGuiBackendFlags_None;
}

HeadlessUi::~HeadlessUi() { ImGui::DestroyContext(context_); }

ImGuiIO& HeadlessUi::io() {
    ImGui::SetCurrentContext(context_);
    return ImGui::GetIO();
}

void HeadlessUi::frame(float seconds) {
    ImGui::SetCurrentContext(context_);
    auto& io = ImGui::GetIO();
    if (app_.fonts_stale()) {
        app_.load_fonts(*io.Fonts);
        // No renderer: the pixels are made (as a renderer would ask) but not uploaded anywhere.
        unsigned char* pixels = nullptr;
        int w = 0, h = 0;
        io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
    }
    io.DeltaTime = seconds;
    ImGui::NewFrame();
    app_.build_frame();
    ImGui::Render();
}

const ImDrawData* HeadlessUi::draw_data() const { return ImGui::GetDrawData(); }

}  // namespace fl::gui
