#include "gui/glyph_scanner.hpp"

namespace fl::gui {

GlyphScanner::GlyphScanner(GlyphSet known, Found found)
    : known_(std::move(known)), found_(std::move(found)), thread_([this] { run(); }) {}

GlyphScanner::~GlyphScanner() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
        pending_.reset();
    }
    wake_.notify_all();
    thread_.join();
}

void GlyphScanner::scan(std::shared_ptr<const results::Standings> snapshot) {
    {
        std::lock_guard lock(mutex_);
        pending_ = std::move(snapshot);
    }
    wake_.notify_all();
}

bool GlyphScanner::idle() const {
    std::lock_guard lock(mutex_);
    return !pending_ && !busy_;
}

void GlyphScanner::run() {
    std::unique_lock lock(mutex_);
    for (;;) {
        wake_.wait(lock, [this] { return stopping_ || pending_; });
        if (stopping_) return;
        auto snapshot = std::move(pending_);
        pending_.reset();
        busy_ = true;
        lock.unlock();
        if (known_.add(*snapshot) && found_) found_(known_);
        snapshot.reset();  // released here, not under the lock
        lock.lock();
        busy_ = false;
    }
}

}  // namespace fl::gui
