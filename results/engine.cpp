#include "results/engine.hpp"

#include <fmt/format.h>

#include "results/error.hpp"
#include "results/live_race.hpp"

namespace fl::results {
namespace {

std::shared_ptr<const AgeGradeTable> table_for(const timing::RaceConfig& config) {
    const auto& path = config.results.age_grade_table;
    if (!path || path->empty()) return nullptr;
    auto table = std::make_shared<const AgeGradeTable>(AgeGradeTable::load(*path));
    if (!table->has_edition(config.results.age_grade_edition)) {
        const auto eds = table->editions();
        throw Error(fmt::format("age_grade_edition {} is not in '{}' (it has {}): change [results] "
                                "age_grade_edition in the race config",
                                config.results.age_grade_edition, *path, fmt::join(eds, ", ")));
    }
    return table;
}

}  // namespace

Engine::Engine(timing::RaceConfig config, std::vector<timing::Participant> participants)
    : Engine(config, std::move(participants), table_for(config)) {}

Engine::Engine(timing::RaceConfig config, std::vector<timing::Participant> participants,
               std::shared_ptr<const AgeGradeTable> age_grades)
    : race_(std::make_unique<LiveRace>(std::move(config), std::move(participants), std::move(age_grades))) {}

Engine::~Engine() = default;
Engine::Engine(Engine&&) noexcept = default;
Engine& Engine::operator=(Engine&&) noexcept = default;

void Engine::add_read(const timing::Read& r) { race_->add_read(r); }
void Engine::add_entry(const timing::Entry& e) { race_->add_entry(e); }
void Engine::add_correction(const timing::Correction& c) { race_->add_correction(c); }
void Engine::add_clock_sync(const timing::ClockSync& s) { race_->add_clock_sync(s); }
void Engine::add_refused(const timing::Refused& r) { race_->add_refused(r); }
void Engine::name_readers(const std::map<std::int64_t, std::string>& names) { race_->name_readers(names); }
bool Engine::knows_reader(std::int64_t id) const { return race_->knows_reader(id); }
void Engine::set_participants(std::vector<timing::Participant> participants) {
    race_->set_participants(std::move(participants));
}

void Engine::update() { race_->update(); }
std::shared_ptr<const Standings> Engine::snapshot() { return race_->snapshot(); }

std::shared_ptr<const Standings> Engine::rescore() {
    race_->rescore();
    return race_->snapshot();
}

std::uint64_t Engine::version() const { return race_->version(); }
FedIds Engine::fed() const { return race_->fed(); }
std::size_t Engine::reads_stored() const { return race_->reads_stored(); }
const timing::RaceConfig& Engine::config() const { return race_->config(); }

}  // namespace fl::results
