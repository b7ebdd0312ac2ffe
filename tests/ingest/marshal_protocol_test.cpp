#include <gtest/gtest.h>

#include "ingest/marshal_protocol.hpp"
#include "ingest/marshal_session.hpp"
#include "tests/ingest/parser_fixture.hpp"

using namespace fl;
using fl::test::utc;
using Kind = ingest::MarshalCommand::Kind;
using Type = ingest::MarshalSession::Action::Type;
using namespace std::chrono;

namespace {

ingest::MarshalCommand parsed(std::string_view line) {
    auto p = ingest::parse_marshal_line(line);
    EXPECT_TRUE(p.command.has_value()) << line << ": " << p.error;
    return p.command.value_or(ingest::MarshalCommand{});
}

std::string refused(std::string_view line) {
    auto p = ingest::parse_marshal_line(line);
    EXPECT_FALSE(p.command.has_value()) << line;
    return p.error;
}

}  // namespace

TEST(MarshalProtocol, BibsAndTaps) {
    auto c = parsed("123");
    EXPECT_EQ(c.kind, Kind::bib);
    EXPECT_EQ(c.bib, "123");
    EXPECT_FALSE(c.time_of_day);
    c = parsed("  123   10:15:03.250 ");
    EXPECT_EQ(c.time_of_day, hours{10} + minutes{15} + seconds{3} + milliseconds{250});
    c = parsed("tap");
    EXPECT_EQ(c.kind, Kind::tap);
    c = parsed("TAP 10:15:03");
    EXPECT_EQ(c.time_of_day, hours{10} + minutes{15} + seconds{3});
    EXPECT_NE(refused("123 10:75:00").find("not a time"), std::string::npos);
    EXPECT_NE(refused("TAP later").find("not a time"), std::string::npos);
    EXPECT_NE(refused("hello world again").find("not a bib or a command"), std::string::npos);
    EXPECT_NE(refused("12\x01").find("control characters"), std::string::npos);
    EXPECT_TRUE(ingest::parse_marshal_line("   ").error.empty());
}

std::vector<ingest::MarshalWord> words(std::initializer_list<std::pair<const char*, bool>> list) {
    std::vector<ingest::MarshalWord> out;
    for (const auto& [text, quoted] : list) out.push_back({text, quoted});
    return out;
}

TEST(MarshalProtocol, StartTakesATrailingTime) {
    auto c = parsed("START 5K 10:00:00");
    EXPECT_EQ(c.kind, Kind::start);
    EXPECT_EQ(c.names, words({{"5K", false}}));
    EXPECT_EQ(c.time_of_day, hours{10});
    c = parsed("START 5K B");
    EXPECT_EQ(c.names, words({{"5K", false}, {"B", false}}));
    EXPECT_FALSE(c.time_of_day);
    c = parsed("START 5K B 07:05:00.5");
    EXPECT_EQ(c.names, words({{"5K", false}, {"B", false}}));
    EXPECT_EQ(c.time_of_day, hours{7} + minutes{5} + milliseconds{500});
    EXPECT_FALSE(refused("START").empty());
    EXPECT_NE(refused("GUN 5K A").find("gun time"), std::string::npos);
    EXPECT_EQ(parsed("GUN 5K 07:00:02").kind, Kind::gun);
}

// Issue 20: names with spaces, written in double quotes (\" inside) or as plain words.
TEST(MarshalProtocol, QuotedWordsHoldSpacesQuotesAndAccents) {
    const auto split = [](std::string_view line) { return ingest::split_marshal_words(line).words; };
    EXPECT_EQ(split(R"(START "Fun Run" 07:00:00)"),
              words({{"START", false}, {"Fun Run", true}, {"07:00:00", false}}));
    EXPECT_EQ(split("  START\tFun   Run  "), words({{"START", false}, {"Fun", false}, {"Run", false}}));
    EXPECT_EQ(split(R"(START "Fête \"Fun Run\" 10K" "Wave ü")"),
              words({{"START", false}, {R"(Fête "Fun Run" 10K)", true}, {"Wave ü", true}}));
    EXPECT_EQ(split(R"(EDIT 7 name="Zoë Quinn")"),
              words({{"EDIT", false}, {"7", false}, {"name=Zoë Quinn", true}}));
    EXPECT_EQ(split(R"(x "a\\b" c\d "" "tab	here")"),
              words({{"x", false}, {R"(a\b)", true}, {R"(c\d)", false}, {"", true}, {"tab\there", true}}));
    const auto open = ingest::split_marshal_words(R"(START "Fun Run)");
    EXPECT_NE(open.error.find("a quote is not closed in \"Fun Run"), std::string::npos) << open.error;
    EXPECT_NE(refused(R"(START "Fun Run 07:00:00)").find("quote is not closed"), std::string::npos);
    EXPECT_NE(refused(R"(DQ 12 "cut \" the course)").find("quote is not closed"), std::string::npos);
}

TEST(MarshalProtocol, MarshalWordQuotesOnlyWhatNeedsIt) {
    EXPECT_EQ(ingest::marshal_word("5K"), "5K");
    EXPECT_EQ(ingest::marshal_word("Männer"), "Männer");
    EXPECT_EQ(ingest::marshal_word(R"(O'Brien\x)"), R"(O'Brien\x)");
    EXPECT_EQ(ingest::marshal_word("Fun Run"), R"("Fun Run")");
    EXPECT_EQ(ingest::marshal_word(R"(Fête "Fun Run" 10K)"), R"("Fête \"Fun Run\" 10K")");
    EXPECT_EQ(ingest::marshal_word(R"(a\ "b")"), R"("a\\ \"b\"")");
    EXPECT_EQ(ingest::marshal_word(""), R"("")");
    EXPECT_EQ(ingest::marshal_word("07:00:00"), R"("07:00:00")") << "else read as the time";
    // Whatever the text, the word splits back to it.
    for (const std::string name : {"Fun Run", R"(Fête "Fun Run" 10K)", R"(a\ "b")", R"(end\)",
                                   R"(\")", "", "07:00:00", "tab\tinside", "Ünd  two  spaces"}) {
        const auto back = ingest::split_marshal_words("START " + ingest::marshal_word(name)).words;
        ASSERT_EQ(back.size(), 2u) << name;
        EXPECT_EQ(back[1].text, name);
    }
}

TEST(MarshalProtocol, StartNamesAreWordsAndAQuotedTimeIsAName) {
    auto c = parsed(R"(START "Fun Run" "Wave 1" 07:00:00)");
    EXPECT_EQ(c.names, words({{"Fun Run", true}, {"Wave 1", true}}));
    EXPECT_EQ(c.time_of_day, hours{7});
    c = parsed("START Fun Run Wave 1");
    EXPECT_EQ(c.names, words({{"Fun", false}, {"Run", false}, {"Wave", false}, {"1", false}}));
    EXPECT_FALSE(c.time_of_day);
    c = parsed(R"(START 10K "07:00:00")");
    EXPECT_EQ(c.names, words({{"10K", false}, {"07:00:00", true}}));
    EXPECT_FALSE(c.time_of_day);
    EXPECT_NE(refused(R"(GUN "Fun Run" "07:00:02")").find("gun time"), std::string::npos);
}

TEST(MarshalProtocol, ReasonsAndEditValuesMayBeQuoted) {
    EXPECT_EQ(parsed(R"(DQ 12 "cut the course")").text, "cut the course");
    EXPECT_NE(refused(R"(DQ 12 "")").find("needs its reason"), std::string::npos);
    EXPECT_NE(refused(R"(DQ 12 "  ")").find("needs its reason"), std::string::npos);
    EXPECT_EQ(parsed("DQ 12   cut  the\tcourse ").text, "cut the course");
    EXPECT_EQ(parsed(R"(DQ 12 "said \"no\" twice")").text, R"(said "no" twice)");
    EXPECT_EQ(parsed(R"(EDIT 12 team="Harbour Harriers")").text, "team=Harbour Harriers");
    EXPECT_EQ(parsed(R"(EDIT 12 name="Dwayne \"The Rock\" Johnson")").text,
              R"(name=Dwayne "The Rock" Johnson)");
    EXPECT_EQ(parsed("EDIT 12 category=Männer 40–49").text, "category=Männer 40–49");
    EXPECT_EQ(parsed(R"(EDIT 12 event = "Fun Run")").text, "event=Fun Run");
    EXPECT_EQ(parsed(R"(EDIT 12 "wave=Wave 1")").text, "wave=Wave 1");
}

TEST(MarshalProtocol, CorrectionCommands) {
    auto c = parsed("UNDO E12");
    EXPECT_EQ(c.kind, Kind::undo);
    EXPECT_TRUE(c.undo_entry);
    EXPECT_EQ(c.id, 12);
    c = parsed("undo c7");
    EXPECT_FALSE(c.undo_entry);
    EXPECT_EQ(c.id, 7);
    EXPECT_NE(refused("UNDO 12").find("UNDO E<n>"), std::string::npos);

    c = parsed("DQ 123 cut the course at 3 km");
    EXPECT_EQ(c.kind, Kind::dq);
    EXPECT_EQ(c.bib, "123");
    EXPECT_EQ(c.text, "cut the course at 3 km");
    EXPECT_FALSE(refused("DQ 123").empty()) << "a DQ needs its reason";
    EXPECT_EQ(parsed("DNF 9").kind, Kind::dnf);
    EXPECT_EQ(parsed("PREFER MANUAL 9").kind, Kind::prefer_manual);
    c = parsed("MOVE 9 07:31:00.100");
    EXPECT_EQ(c.kind, Kind::move);
    EXPECT_TRUE(c.time_of_day);

    c = parsed("ASSIGN CT0099 12");
    EXPECT_EQ(c.kind, Kind::assign_chip);
    EXPECT_EQ(c.chip, "CT0099");
    EXPECT_EQ(c.bib, "12");
    c = parsed("ASSIGN READ R55 12");
    EXPECT_EQ(c.kind, Kind::assign_read);
    EXPECT_EQ(c.id, 55);
    c = parsed("IGNORE 56");
    EXPECT_EQ(c.kind, Kind::ignore);
    EXPECT_EQ(c.id, 56);
    EXPECT_FALSE(refused("IGNORE abc").empty());

    c = parsed("EDIT 12 name=Ada King-Lovelace");
    EXPECT_EQ(c.kind, Kind::edit);
    EXPECT_EQ(c.text, "name=Ada King-Lovelace");
    EXPECT_NE(refused("EDIT 12 shoe=9").find("cannot edit"), std::string::npos);
    c = parsed("DEADHEAT 12 34 56");
    EXPECT_EQ(c.bibs, (std::vector<std::string>{"12", "34", "56"}));
    EXPECT_FALSE(refused("DEADHEAT 12").empty());
    EXPECT_EQ(parsed("STATUS").kind, Kind::status);
    EXPECT_EQ(parsed("quit").kind, Kind::quit);
    EXPECT_EQ(parsed("AUTH s3cret-finish-line").text, "s3cret-finish-line");
}

TEST(MarshalProtocol, ConstantTimeCompare) {
    EXPECT_TRUE(ingest::constant_time_equal("s3cret-finish-line", "s3cret-finish-line"));
    EXPECT_FALSE(ingest::constant_time_equal("s3cre", "s3cret-finish-line"));
    EXPECT_FALSE(ingest::constant_time_equal("s3cret-finish-line!", "s3cret-finish-line"));
    EXPECT_FALSE(ingest::constant_time_equal("S3cret", "s3cret-finish-line"));
    EXPECT_FALSE(ingest::constant_time_equal("", "s3cret-finish-line"));
}

TEST(MarshalSession, TokenIsRequiredFirstAndWrongOnesCloseEventually) {
    const auto race = test::parser_config("token = \"s3cret-finish-line\"\n");
    ingest::MarshalSession s(race, "marshal 127.0.0.1:1", false);
    const auto now = utc(2014, 4, 12, 11, 30, 0);
    auto a = s.handle("123", now);
    EXPECT_EQ(a.type, Type::reply);
    EXPECT_EQ(a.reply, "ERR authenticate first: send AUTH <token>");
    for (int i = 1; i < ingest::max_failed_auth; ++i) {
        a = s.handle("AUTH guess", now);
        EXPECT_EQ(a.type, Type::reply);
        EXPECT_TRUE(a.reply.starts_with("ERR wrong token"));
    }
    EXPECT_EQ(s.handle("AUTH guess", now).type, Type::close);

    ingest::MarshalSession ok(race, "marshal 127.0.0.1:2", false);
    EXPECT_EQ(ok.handle("AUTH s3cret-finish-line", now).reply, "OK authenticated");
    EXPECT_EQ(ok.handle("123", now).type, Type::store);
}

TEST(MarshalSession, CommandsBecomeEntriesAndCorrections) {
    const auto race = test::parser_config();
    ingest::MarshalSession s(race, "gui", false);
    const auto now = utc(2014, 4, 12, 11, 30, 0);

    auto a = s.handle("123", now);
    ASSERT_EQ(a.type, Type::store);
    auto& scan = std::get<timing::NewEntry>(*a.record);
    EXPECT_EQ(scan.kind, timing::EntryKind::scan);
    EXPECT_EQ(scan.time, now);
    EXPECT_EQ(scan.source, "gui");
    EXPECT_EQ(a.describe, "scan 123 07:30:00.000");

    a = s.handle("123 07:31:00.5", now);
    EXPECT_EQ(std::get<timing::NewEntry>(*a.record).kind, timing::EntryKind::finish);
    EXPECT_EQ(std::get<timing::NewEntry>(*a.record).time, utc(2014, 4, 12, 11, 31, 0, 500'000));

    a = s.handle("START 5k b 07:05:00", now);  // event and wave names match whatever their case
    ASSERT_EQ(a.type, Type::store);
    const auto& gun = std::get<timing::NewEntry>(*a.record);
    EXPECT_EQ(gun.kind, timing::EntryKind::gun);
    EXPECT_EQ(gun.event_id, 1);
    EXPECT_EQ(gun.wave_id, 2);
    EXPECT_EQ(a.describe, "gun 5K B 07:05:00.000");
    a = s.handle("START 10K", now);
    EXPECT_EQ(a.reply, "ERR no event \"10K\": events are 5K, 1K");
    a = s.handle("START 1K A", now);
    EXPECT_EQ(a.reply, "ERR event 1K has no waves");

    a = s.handle("UNDO E4", now);
    const auto& undo = std::get<timing::NewCorrection>(*a.record);
    EXPECT_EQ(undo.kind, timing::CorrectionKind::undo);
    EXPECT_EQ(undo.entry_id, 4);
    EXPECT_EQ(undo.target_id, std::nullopt);
    EXPECT_EQ(undo.who, "gui");

    a = s.handle("DEADHEAT 12 34", now);
    EXPECT_EQ(std::get<timing::NewCorrection>(*a.record).data, "12 34");
    a = s.handle("GUN 5K 07:00:03", now);
    EXPECT_EQ(std::get<timing::NewCorrection>(*a.record).kind, timing::CorrectionKind::set_gun);
    EXPECT_EQ(s.handle("STATUS", now).type, Type::status);
    EXPECT_EQ(s.handle("QUIT", now).type, Type::quit);
}

namespace {

// A race whose names hold spaces, quotes and accents: "Fun Run" and "Fun Run Kids" (one name
// is the start of the other), waves "Wave 1" and Élan "Fast".
timing::RaceConfig named_race() {
    auto cfg = timing::parse_config(R"(
[race]
name = "Names"
date = 2014-04-12
timezone = "America/Toronto"
[[events]]
name = "Fun Run"
distance_m = 5000
start = 07:00:00
  [[events.waves]]
  name = "Wave 1"
  [[events.waves]]
  name = "Élan \"Fast\""
  offset = 00:05:00
[[events]]
name = "Fun Run Kids"
distance_m = 1000
start = 08:00:00
[[events]]
name = "10K"
distance_m = 10000
start = 07:30:00
)",
                                    "names.toml");
    std::int64_t id = 0;
    for (auto& e : cfg.events) {
        e.id = ++id;
        for (auto& w : e.waves) w.id = ++id;
    }
    return cfg;
}

struct Gun {
    std::int64_t event = 0;
    std::optional<std::int64_t> wave;
    std::string describe;
};

Gun gun_of(ingest::MarshalSession& s, std::string_view line) {
    const auto a = s.handle(line, utc(2014, 4, 12, 11, 30, 0));
    if (a.type != Type::store) {
        ADD_FAILURE() << line << ": " << a.reply;
        return {};
    }
    if (const auto* e = std::get_if<timing::NewEntry>(&*a.record))
        return {e->event_id.value_or(0), e->wave_id, a.describe};
    const auto& k = std::get<timing::NewCorrection>(*a.record);
    return {k.event_id.value_or(0), k.wave_id, a.describe};
}

}  // namespace

TEST(MarshalSession, EventAndWaveNamesWithSpacesQuotedOrNot) {
    const auto race = named_race();
    ingest::MarshalSession s(race, "marshal 127.0.0.1:1", true);
    // Ids: Fun Run 1 (Wave 1 = 2, Élan "Fast" = 3), Fun Run Kids 4, 10K 5.
    auto g = gun_of(s, "START Fun Run");
    EXPECT_EQ(g.event, 1);
    EXPECT_EQ(g.wave, std::nullopt);
    EXPECT_EQ(g.describe, R"(gun "Fun Run" 07:30:00.000)");
    g = gun_of(s, R"(START "Fun Run")");
    EXPECT_EQ(g.event, 1);
    g = gun_of(s, "START Fun Run Kids");  // the longest event name the words spell
    EXPECT_EQ(g.event, 4);
    EXPECT_EQ(g.wave, std::nullopt);
    g = gun_of(s, "start fun run wave 1 07:00:00");
    EXPECT_EQ(g.event, 1);
    EXPECT_EQ(g.wave, 2);
    EXPECT_EQ(g.describe, R"(gun "Fun Run" "Wave 1" 07:00:00.000)");
    g = gun_of(s, R"(START "Fun Run" "Élan \"Fast\"" 07:05:00)");
    EXPECT_EQ(g.wave, 3);
    EXPECT_EQ(g.describe, R"(gun "Fun Run" "Élan \"Fast\"" 07:05:00.000)");
    g = gun_of(s, R"(GUN "Fun Run" Wave 1 07:00:02)");
    EXPECT_EQ(g.event, 1);
    EXPECT_EQ(g.wave, 2);
    EXPECT_EQ(g.describe, R"(set_gun "Fun Run" "Wave 1" 07:00:02.000)");
    g = gun_of(s, "GUN 10k 07:30:01");
    EXPECT_EQ(g.event, 5);

    const auto now = utc(2014, 4, 12, 11, 30, 0);
    EXPECT_EQ(s.handle("START Fun", now).reply,
              R"(ERR no event "Fun": events are "Fun Run", "Fun Run Kids", 10K)");
    EXPECT_EQ(s.handle(R"(START "Fun Run" Kids)", now).reply,
              R"(ERR event "Fun Run" has no wave "Kids": waves are "Wave 1", "Élan \"Fast\"")");
    EXPECT_EQ(s.handle("START Fun Run Wave 2", now).reply,
              R"(ERR event "Fun Run" has no wave "Wave 2": waves are "Wave 1", "Élan \"Fast\"")");
    EXPECT_EQ(s.handle("START 10K A", now).reply, "ERR event 10K has no waves");
    // A quoted word is one name: "Fun" "Run" are not the event Fun Run.
    EXPECT_EQ(s.handle(R"(START "Fun" "Run")", now).reply.rfind("ERR no event", 0), 0u);
    EXPECT_EQ(s.handle(R"(START "Fun Run)", now).reply.rfind("ERR a quote is not closed", 0), 0u);
}

TEST(MarshalSession, HelpShowsHowToWriteANameWithSpaces) {
    const auto race = named_race();
    ingest::MarshalSession s(race, "gui", true);
    const auto help = s.handle("HELP", utc(2014, 4, 12, 11, 30, 0)).reply;
    EXPECT_NE(help.find(R"(START "Fun Run" "Wave 1")"), std::string::npos) << help;
    EXPECT_NE(help.find(R"(\")"), std::string::npos) << help;
}

TEST(MarshalSession, RepliesAfterCommit) {
    timing::NewEntry e;
    timing::NewCorrection c;
    ingest::RecordOutcome stored;
    stored.id = 12;
    EXPECT_EQ(ingest::MarshalSession::reply_for(e, stored, "scan 1 07:00:00.000"), "OK E12 scan 1 07:00:00.000");
    EXPECT_EQ(ingest::MarshalSession::reply_for(c, stored, "dnf 1"), "OK C12 dnf 1");
    stored.note = "bib 1 is not registered";
    EXPECT_EQ(ingest::MarshalSession::reply_for(e, stored, "scan 1"), "OK E12 scan 1 (bib 1 is not registered)");
    ingest::RecordOutcome refused;
    refused.error = "no participant with bib 9";
    EXPECT_EQ(ingest::MarshalSession::reply_for(c, refused, "dnf 9"), "ERR no participant with bib 9");
}
