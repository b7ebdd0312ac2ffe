#include "ingest/relay_readers.hpp"

#include <fmt/format.h>

namespace fl::ingest {

std::string relay_reader_name(std::string_view site) { return fmt::format("relay:{}", site); }

std::int64_t RelayReaders::id_for(timing::Connection& db, const std::string& site) {
    if (const auto it = ids_.find(site); it != ids_.end()) return it->second;
    const auto name = relay_reader_name(site);
    db.cached("INSERT INTO readers(name, protocol) VALUES (?, 'relay') ON CONFLICT(name) DO NOTHING")
        .bind_all(std::string_view(name))
        .run();
    auto& st = db.cached("SELECT id FROM readers WHERE name = ?");
    st.bind(1, std::string_view(name));
    st.step();
    const auto id = st.column_int64(0);
    st.reset();
    ids_.emplace(site, id);
    return id;
}

}  // namespace fl::ingest
