#pragma once
// An ImGui context with no window behind it: builds real frames of an App (NewFrame, every
// widget, Render into draw lists) without a display or OpenGL. The frame-build benchmark and
// the tests that drive the console with key events use it.
#include <imgui.h>

namespace fl::gui {

class App;

class HeadlessUi {
public:
    explicit HeadlessUi(App& app, ImVec2 display = ImVec2(1280.0f, 800.0f));
    ~HeadlessUi();
    HeadlessUi(const HeadlessUi&) = delete;
    HeadlessUi& operator=(const HeadlessUi&) = delete;

    // NewFrame, App::build_frame, Render (re-rasterising the fonts first when the App asks).
    void frame(float seconds = 1.0f / 60.0f);
    ImGuiIO& io();
    const ImDrawData* draw_data() const;

private:
    App& app_;
    ImGuiContext* context_;
};

}  // namespace fl::gui
