#include "results/corrections.hpp"

#include <algorithm>
#include <array>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "timing/dead_heat.hpp"
#include "timing/participant_fields.hpp"

namespace fl::results {
namespace {

using timing::CorrectionKind;

std::string describe(const timing::Correction& c) {
    return fmt::format("correction {} ({})", c.id, timing::to_string(c.kind));
}

}  // namespace

CorrectionsInForce derive_corrections(std::span<const timing::Correction> log) {
    CorrectionsInForce out;
    auto issue = [&](const timing::Correction& c, std::string what) {
        out.issues.push_back({fmt::format("{}: {}", describe(c), what)});
    };
    auto index_of = [&](std::int64_t id) -> std::optional<std::size_t> {
        auto it = std::lower_bound(log.begin(), log.end(), id,
                                   [](const timing::Correction& c, std::int64_t v) { return c.id < v; });
        if (it == log.end() || it->id != id) return std::nullopt;
        return static_cast<std::size_t>(it - log.begin());
    };

    // Newest first: an undo in force takes its (older) target out, so by the time we reach a
    // correction we know whether it is in force.
    std::vector<char> active(log.size(), 1);
    for (std::size_t i = log.size(); i-- > 0;) {
        const auto& c = log[i];
        if (!active[i] || c.kind != CorrectionKind::undo) continue;
        // An undo of an entry (the marshal's UNDO E<id>) withdraws that entry; undoing this undo
        // in turn (it is a correction like any other) puts the entry back.
        if (c.entry_id) out.withdrawn_entries.insert(*c.entry_id);
        if (!c.target_id) {
            if (!c.entry_id) issue(c, "undo names no correction (target_id) or entry (entry_id): nothing undone");
            continue;
        }
        auto t = index_of(*c.target_id);
        if (!t || *c.target_id >= c.id) {
            issue(c, fmt::format("undo of correction {}, which {}: nothing undone", *c.target_id,
                                 t ? "is not older than the undo" : "does not exist"));
            continue;
        }
        active[*t] = 0;
    }

    for (std::size_t i = 0; i < log.size(); ++i) {
        if (!active[i]) continue;
        const auto& c = log[i];
        auto need_bib = [&] {
            if (c.bib.empty()) issue(c, "names no bib: ignored");
            return !c.bib.empty();
        };
        switch (c.kind) {
        case CorrectionKind::ignore_read:
            if (c.read_id) out.ignored_reads.insert(*c.read_id);
            else issue(c, "names no read: ignored");
            break;
        case CorrectionKind::assign_read:
            if (!c.read_id) issue(c, "names no read: ignored");
            else if (need_bib()) out.read_to_bib[*c.read_id] = c.bib;
            break;
        case CorrectionKind::assign_chip:
            if (c.chip.empty()) issue(c, "names no chip: ignored");
            else if (need_bib()) out.chip_to_bib[c.chip] = c.bib;
            break;
        case CorrectionKind::add_finish:
        case CorrectionKind::move_finish:
            if (!c.time) issue(c, "gives no time: ignored");
            else if (need_bib()) {
                auto& b = out.bibs[c.bib];
                b.finish = c.time;
                b.finish_known = c.created;
                b.finish_id = c.id;
            }
            break;
        case CorrectionKind::set_gun:
            if (!c.time || !c.event_id) issue(c, "needs an event and a time: ignored");
            else out.guns.push_back({c.id, *c.event_id, c.wave_id, *c.time});
            break;
        case CorrectionKind::dq:
            if (need_bib()) out.bibs[c.bib].dq_reason = c.reason.empty() ? c.data : c.reason;
            break;
        case CorrectionKind::dnf:
            if (need_bib()) out.bibs[c.bib].dnf = true;
            break;
        case CorrectionKind::prefer_manual:
            if (need_bib()) out.bibs[c.bib].prefer_manual = true;
            break;
        case CorrectionKind::dead_heat: {
            auto group = timing::dead_heat_bibs(c.data);
            if (group.size() < 2) issue(c, "a dead heat needs two or more bibs separated by spaces");
            else out.dead_heats.push_back(std::move(group));
            break;
        }
        case CorrectionKind::undo:
            break;  // handled above
        case CorrectionKind::edit_participant: {
            if (!need_bib()) break;
            const auto eq = c.data.find('=');
            const auto field = c.data.substr(0, eq);
            if (eq == std::string::npos || !timing::editable_field(field)) {
                issue(c, fmt::format("expected data \"field=value\" with field one of {}; got \"{}\"",
                                     fmt::join(timing::editable_fields, ", "), c.data));
                break;
            }
            out.bibs[c.bib].edits.emplace_back(field, c.data.substr(eq + 1));
            break;
        }
        }
    }
    return out;
}

}  // namespace fl::results
