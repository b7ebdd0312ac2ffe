#pragma once
// Finds the characters of a new standings snapshot that the font atlas lacks, off the GUI
// thread. Walking every name of a 50,000-runner race costs milliseconds — more than a whole
// frame's budget — and a busy race publishes a snapshot many times a second, while new
// characters come only with new participants. The frame hands over the snapshot pointer and
// goes on; when the scan finds characters the atlas lacks, `found` runs on the scanner thread
// with them (post them to the GUI thread there).
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

#include "gui/fonts.hpp"
#include "results/standings.hpp"

namespace fl::gui {

class GlyphScanner {
public:
    using Found = std::function<void(GlyphSet)>;
    // `known`: the characters the atlas already holds.
    GlyphScanner(GlyphSet known, Found found);
    ~GlyphScanner();  // finishes the scan under way, then joins
    GlyphScanner(const GlyphScanner&) = delete;
    GlyphScanner& operator=(const GlyphScanner&) = delete;

    // Any thread: scan this snapshot next (a snapshot not started yet is replaced).
    void scan(std::shared_ptr<const results::Standings> snapshot);
    // Every snapshot handed over has been scanned (and `found` called where it applied).
    bool idle() const;

private:
    void run();

    GlyphSet known_;  // scanner thread only
    Found found_;
    mutable std::mutex mutex_;
    std::condition_variable wake_;
    std::shared_ptr<const results::Standings> pending_;
    bool busy_ = false;
    bool stopping_ = false;
    std::thread thread_;
};

}  // namespace fl::gui
