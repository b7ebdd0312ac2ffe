#include "results/gun_in_force.hpp"

#include <tuple>

namespace fl::results {

namespace {

bool applies(const RecordedGun& g, const EventLayout& event, const WaveClock& wave) {
    if (g.from == GunRecord::entry)
        return (!g.event_id || *g.event_id == event.config->id) && (!g.wave_id || *g.wave_id == wave.id);
    const auto use = event.use_of(static_cast<std::size_t>(g.point));
    return use == PointUse::start || (!event.has_start_point && (use == PointUse::finish || use == PointUse::lap));
}

}  // namespace

Gun gun_in_force(const EventLayout& event, const WaveClock& wave, std::span<const GunCorrection> set_guns,
                 std::span<const RecordedGun> recorded) {
    const GunCorrection* best = nullptr;
    for (const auto& g : set_guns)
        if (g.event_id == event.config->id && (!g.wave_id || *g.wave_id == wave.id) && (!best || g.id > best->id))
            best = &g;
    if (best)
        return {timing::to_micros(best->time) + (best->wave_id ? 0 : wave.offset.count()), GunSource::corrected};

    const RecordedGun* latest = nullptr;
    for (const auto& g : recorded)
        if (applies(g, event, wave) &&
            (!latest || std::tie(g.known, g.from, g.id) > std::tie(latest->known, latest->from, latest->id)))
            latest = &g;
    if (latest) {
        // A wave's own gun entry is its start; any other gun is the event's, which each wave
        // follows by its offset.
        const bool wave_level = latest->from == GunRecord::entry && latest->wave_id;
        return {latest->time + (wave_level ? 0 : wave.offset.count()), GunSource::recorded};
    }
    return {wave.scheduled, GunSource::scheduled};
}

}  // namespace fl::results
