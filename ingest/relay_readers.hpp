#pragma once
// The reader row that reads relayed from a remote site are stored under in the finish's race
// file: one per site, named "relay:<site>" (protocol "relay"), created the first time the
// site's reads arrive, inside the journal writer's transaction. With the site's seq as the
// device sequence, the race file's unique (reader, device sequence) key is exactly the
// (site, seq) key that makes a message delivered twice a duplicate. The read's `location`
// keeps the site's reader name.
#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "timing/db.hpp"

namespace fl::ingest {

std::string relay_reader_name(std::string_view site);

class RelayReaders {
public:
    // The reader id for `site`, inserting the row when it is new (in the caller's transaction).
    std::int64_t id_for(timing::Connection& db, const std::string& site);
    // After a rolled-back transaction: rows inserted in it are gone.
    void forget() { ids_.clear(); }

private:
    std::map<std::string, std::int64_t, std::less<>> ids_;
};

}  // namespace fl::ingest
