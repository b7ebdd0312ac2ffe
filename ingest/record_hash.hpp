#pragma once
// A stable 63-bit hash of a device record (FNV-1a 64, top bit cleared): the idempotency key
// for devices that carry no sequence number of their own, so a retransmitted record is stored
// once. It must never change between versions: stored keys depend on it.
#include <cstdint>
#include <string_view>

#include "timing/text.hpp"

namespace fl::ingest {

constexpr std::int64_t record_hash(std::string_view bytes) {
    return static_cast<std::int64_t>(timing::fnv1a(bytes) & 0x7fff'ffff'ffff'ffffull);
}

}  // namespace fl::ingest
