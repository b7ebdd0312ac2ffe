#include "timing/participant_import.hpp"

#include <algorithm>
#include <map>
#include <optional>

#include <fmt/format.h>

#include "timing/csv.hpp"
#include "timing/participant_fields.hpp"
#include "timing/race_file.hpp"
#include "timing/text.hpp"

namespace fl::timing {
namespace {

enum class Column { bib, name, first_name, last_name, gender, birthdate, age, event, wave,
                    category, team, chip };

std::optional<Column> column_of(std::string_view header) {
    static const std::map<std::string, Column, std::less<>> names{
        {"bib", Column::bib},           {"name", Column::name},
        {"first_name", Column::first_name}, {"last_name", Column::last_name},
        {"gender", Column::gender},     {"birthdate", Column::birthdate},
        {"age", Column::age},           {"event", Column::event},
        {"wave", Column::wave},         {"category", Column::category},
        {"team", Column::team},         {"club", Column::team},
        {"chip", Column::chip}};
    auto it = names.find(ascii_lower(trim_blanks(header)));
    return it == names.end() ? std::nullopt : std::optional(it->second);
}

struct Row {
    int line = 0;
    Participant p;
};

// Compares what an import can change (not the row id).
bool same(const Participant& a, const Participant& b) {
    auto x = a, y = b;
    x.id = y.id = 0;
    std::sort(x.chips.begin(), x.chips.end());
    std::sort(y.chips.begin(), y.chips.end());
    return x == y;
}

}  // namespace

ImportError::ImportError(std::string source, std::vector<ImportProblem> problems)
    : Error([&] {
          std::string msg = fmt::format("{}: {} problem(s), nothing was imported:", source,
                                        problems.size());
          for (const auto& p : problems) msg += fmt::format("\n  {}:{}: {}", source, p.line, p.reason);
          return msg;
      }()),
      problems_(std::move(problems)) {}

ImportReport import_participants_csv(RaceFile& race, std::string_view bytes,
                                     std::string_view source, std::optional<Encoding> encoding) {
    auto decoded = decode_text(bytes, encoding, source);
    const auto records = parse_csv(decoded.text, source);
    if (records.empty())
        throw Error(fmt::format("{}: the file is empty; expected a header row starting with bib", source));
    const auto& cfg = race.config();

    ImportReport report;
    report.encoding_note = std::move(decoded.note);
    std::map<Column, std::size_t> col;
    std::vector<ImportProblem> problems;
    const auto& header = records.front();
    for (std::size_t i = 0; i < header.fields.size(); ++i) {
        const auto c = column_of(header.fields[i]);
        if (!c) {
            report.ignored_columns.emplace_back(trim_blanks(header.fields[i]));
            continue;
        }
        if (!col.emplace(*c, i).second)
            problems.push_back({header.line, fmt::format("column '{}' appears twice", trim_blanks(header.fields[i]))});
    }
    if (!col.count(Column::bib))
        problems.push_back({header.line, "no 'bib' column in the header row"});
    if (!problems.empty()) throw ImportError(std::string(source), std::move(problems));

    // Chips stored for bibs this file does not mention stay theirs.
    std::map<std::string, std::string, std::less<>> chip_owner;  // chip → bib
    std::map<std::string, Participant, std::less<>> existing;
    for (auto& p : race.participants()) {
        for (const auto& c : p.chips) chip_owner[c] = p.bib;
        existing.emplace(p.bib, std::move(p));
    }

    std::vector<Row> rows;
    std::map<std::string, int, std::less<>> bib_line;
    std::map<std::string, std::pair<std::string, int>, std::less<>> chip_in_file;  // chip → bib, line
    for (std::size_t r = 1; r < records.size(); ++r) {
        const auto& rec = records[r];
        auto bad = [&](std::string reason) { problems.push_back({rec.line, std::move(reason)}); };
        if (rec.fields.size() != header.fields.size()) {
            bad(fmt::format("{} fields, but the header has {} (check quoting and commas)",
                            rec.fields.size(), header.fields.size()));
            continue;
        }
        auto get = [&](Column c) -> std::string_view {
            auto it = col.find(c);
            return it == col.end() ? std::string_view{} : trim_blanks(rec.fields[it->second]);
        };
        Row row{rec.line, {}};
        auto& p = row.p;
        // Each field's rule is the one EDIT and the CLI apply (participant_fields).
        auto check = [&](Field f, std::string_view value) {
            auto why = field_problem(f, value, cfg.date);
            if (!why.empty()) bad(std::move(why));
            return why.empty();
        };
        p.bib = get(Column::bib);
        if (!check(Field::bib, p.bib)) continue;
        if (auto [it, fresh] = bib_line.emplace(p.bib, rec.line); !fresh)
            bad(fmt::format("duplicate bib '{}' (also on line {})", p.bib, it->second));

        p.name = get(Column::name);
        if (p.name.empty()) {
            const auto first = get(Column::first_name), last = get(Column::last_name);
            p.name = fmt::format("{}{}{}", first, first.empty() || last.empty() ? "" : " ", last);
        }
        check(Field::name, p.name);
        if (auto g = get(Column::gender); check(Field::gender, g)) p.gender = parse_gender(g);
        if (auto b = get(Column::birthdate); check(Field::birthdate, b) && !b.empty())
            p.birthdate = parse_birthdate(b, cfg.date);
        if (auto a = get(Column::age); check(Field::age, a) && !a.empty()) p.age = parse_age(a);
        p.event = get(Column::event);
        const EventConfig* event = nullptr;
        if (!check(Field::event, p.event)) {
            // Not text an event could be named: reported, nothing to look up.
        } else if (p.event.empty()) {
            if (cfg.events.size() == 1)
                event = &cfg.events.front();
            else
                bad("missing event: this race has several events, so each row needs one");
        } else if (!(event = cfg.find_event(p.event))) {
            std::string known;
            for (const auto& e : cfg.events) known += fmt::format("{}'{}'", known.empty() ? "" : ", ", e.name);
            bad(fmt::format("unknown event '{}': expected one of {}", p.event, known));
        }
        if (event) p.event = event->name;
        p.wave = get(Column::wave);
        if (check(Field::wave, p.wave) && event && !p.wave.empty() &&
            std::none_of(event->waves.begin(), event->waves.end(),
                         [&](const auto& w) { return w.name == p.wave; }))
            bad(fmt::format("unknown wave '{}' for event '{}'", p.wave, event->name));
        p.category = get(Column::category);
        check(Field::category, p.category);
        p.team = get(Column::team);
        check(Field::team, p.team);

        for (const auto listed : split(get(Column::chip), ';')) {
            const auto chip = trim_blanks(listed);
            if (chip.empty() || !check(Field::chip, chip)) continue;
            if (std::find(p.chips.begin(), p.chips.end(), chip) != p.chips.end()) continue;
            auto [it, fresh] = chip_in_file.emplace(chip, std::pair{p.bib, rec.line});
            if (!fresh) {
                bad(fmt::format("chip '{}' already used by bib '{}' (line {})", chip,
                                it->second.first, it->second.second));
            }
            p.chips.emplace_back(chip);
        }
        rows.push_back(std::move(row));
    }
    // A chip held in the race file by a bib this file does not re-import is taken.
    for (const auto& row : rows) {
        for (const auto& chip : row.p.chips) {
            auto owner = chip_owner.find(chip);
            if (owner != chip_owner.end() && owner->second != row.p.bib &&
                !bib_line.count(owner->second))
                problems.push_back({row.line, fmt::format("chip '{}' already used by bib '{}' in "
                                                          "the race file",
                                                          chip, owner->second)});
        }
    }
    if (!problems.empty()) {
        std::stable_sort(problems.begin(), problems.end(),
                         [](const auto& a, const auto& b) { return a.line < b.line; });
        throw ImportError(std::string(source), std::move(problems));
    }

    auto& db = race.db();
    Transaction tx(db);
    auto event_id = [&](const std::string& name) { return cfg.find_event(name)->id; };
    auto wave_id = [&](const Participant& p) -> std::optional<std::int64_t> {
        if (p.wave.empty()) return std::nullopt;
        for (const auto& w : cfg.find_event(p.event)->waves)
            if (w.name == p.wave) return w.id;
        return std::nullopt;
    };
    // Chips move between bibs in one file: free them all first, then hand them out.
    for (const auto& row : rows) {
        if (existing.count(row.p.bib)) {
            db.cached("DELETE FROM chips WHERE participant_id = (SELECT id FROM participants WHERE bib = ?)")
                .bind_all(std::string_view(row.p.bib))
                .run();
        }
    }
    for (const auto& row : rows) {
        const auto& p = row.p;
        auto it = existing.find(p.bib);
        const std::optional<std::string> gender =
            p.gender ? std::optional<std::string>(std::string(1, to_char(*p.gender))) : std::nullopt;
        const std::optional<std::string> birth =
            p.birthdate ? std::optional(format_date(*p.birthdate)) : std::nullopt;
        if (it == existing.end()) {
            ++report.added;
        } else if (same(it->second, p)) {
            ++report.unchanged;
        } else {
            ++report.updated;
        }
        db.cached(R"(INSERT INTO participants(bib, name, gender, birthdate, age, event_id, wave_id,
                                              category, team)
                     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                     ON CONFLICT(bib) DO UPDATE SET name = excluded.name, gender = excluded.gender,
                       birthdate = excluded.birthdate, age = excluded.age,
                       event_id = excluded.event_id, wave_id = excluded.wave_id,
                       category = excluded.category, team = excluded.team)")
            .bind_all(std::string_view(p.bib), std::string_view(p.name), gender, birth, p.age,
                      event_id(p.event), wave_id(p), std::string_view(p.category),
                      std::string_view(p.team))
            .run();
        for (const auto& chip : p.chips) {
            db.cached("INSERT INTO chips(chip, participant_id) VALUES (?, (SELECT id FROM participants WHERE bib = ?))")
                .bind_all(std::string_view(chip), std::string_view(p.bib))
                .run();
        }
    }
    tx.commit();
    report.kept = static_cast<int>(std::count_if(existing.begin(), existing.end(), [&](const auto& e) {
        return !bib_line.count(e.first);
    }));
    return report;
}

}  // namespace fl::timing
