#pragma once
// Wrong marshal tokens per peer address, across connections: reconnecting must not buy an
// attacker a fresh set of guesses. After `max_failures` wrong tokens within `window` of the
// first, the address is refused without comparing until that window has passed. The table is
// bounded (expired entries go first, then the oldest) so spoofed addresses cannot grow it.
#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

namespace fl::ingest {

class AuthFailures {
public:
    using Clock = std::chrono::steady_clock;
    struct Rule {
        int max_failures = 5;
        Clock::duration window = std::chrono::seconds{60};
        std::size_t max_addresses = 4096;
    };

    AuthFailures() = default;
    explicit AuthFailures(Rule rule) : rule_(rule) {}

    // How long `address` must wait before its next AUTH is compared; nullopt: go ahead.
    std::optional<Clock::duration> blocked(std::string_view address, Clock::time_point now);
    void failed(std::string_view address, Clock::time_point now);
    void succeeded(std::string_view address);
    std::size_t tracked() const;

private:
    struct Tries {
        Clock::time_point first;
        int count = 0;
    };
    bool expired(const Tries& t, Clock::time_point now) const { return now - t.first >= rule_.window; }

    Rule rule_;
    mutable std::mutex mutex_;
    std::map<std::string, Tries, std::less<>> tries_;
};

}  // namespace fl::ingest
