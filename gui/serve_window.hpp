#pragma once
// `finishline serve RACE.db --gui`: the service on background threads, the window in front.
#include "gui/window.hpp"

namespace fl::ingest {
class Service;
}

namespace fl::gui {

// Starts `service` (constructed with handle_signals = false), runs the window over it until
// the window is closed or SIGINT/SIGTERM arrives, then stops the service, which commits
// everything it received before this returns. Returns the command's exit code (0).
// Throws gui::Error when the window cannot open (the service is stopped first).
int serve_with_window(ingest::Service& service, const timing::Clock& clock,
                      const WindowOptions& options);

}  // namespace fl::gui
