#pragma once
// A configured reader as the io thread sees it. io thread only.
#include <cstddef>

#include "ingest/connection_pool.hpp"
#include "ingest/read_builder.hpp"
#include "timing/config.hpp"

namespace fl::ingest {

struct ReaderRuntime {
    ReaderRuntime(const timing::RaceConfig& race, const timing::ReaderConfig& reader)
        : config(reader),
          builder(race, reader),
          connections(static_cast<std::size_t>(reader.max_connections)) {}
    const timing::ReaderConfig& config;
    ReadBuilder builder;
    int active = 0;  // connections now open
    ConnectionPool connections;  // accepted by its listener, against max_connections
};

}  // namespace fl::ingest
