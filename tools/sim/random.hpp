#pragma once
// A small seeded generator with its own distributions. The standard library's distributions
// differ between implementations, and a plan must come out the same for a seed everywhere.
#include <cmath>
#include <cstdint>
#include <numbers>
#include <span>
#include <string_view>

#include "timing/text.hpp"

namespace fl::sim {

// splitmix64's finaliser: turns related seeds (1, 2, 3 ...) into unrelated streams.
constexpr std::uint64_t mix(std::uint64_t x) {
    x += 0x9E3779B97F4A7C15ull;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
    return x ^ (x >> 31);
}
constexpr std::uint64_t mix(std::uint64_t a, std::uint64_t b) { return mix(a ^ mix(b)); }
constexpr std::uint64_t mix(std::uint64_t a, std::uint64_t b, std::uint64_t c) {
    return mix(mix(a, b), c);
}

// FNV-1a: a seed from a name (a bib, a device), stable across runs and platforms.
constexpr std::uint64_t hash(std::string_view s) { return timing::fnv1a(s); }

class Rng {
public:
    explicit Rng(std::uint64_t seed) : state_(mix(seed)) {}

    std::uint64_t next() {
        state_ += 0x9E3779B97F4A7C15ull;
        std::uint64_t z = state_;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    }
    double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }  // [0, 1)
    double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }
    // Inclusive; the modulo bias is far below anything a simulation can see.
    std::int64_t between(std::int64_t lo, std::int64_t hi) {
        if (hi <= lo) return lo;
        return lo + static_cast<std::int64_t>(next() % (static_cast<std::uint64_t>(hi - lo) + 1));
    }
    bool chance(double p) { return uniform() < p; }
    double normal() {  // Box-Muller
        const double u1 = 1.0 - uniform();  // (0, 1]: log is finite
        const double u2 = uniform();
        return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
    }
    template <class T>
    const T& pick(std::span<const T> items) {
        return items[static_cast<std::size_t>(next() % items.size())];
    }

private:
    std::uint64_t state_;
};

}  // namespace fl::sim
