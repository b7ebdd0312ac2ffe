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

TEST(MarshalProtocol, StartTakesATrailingTime) {
    auto c = parsed("START 5K 10:00:00");
    EXPECT_EQ(c.kind, Kind::start);
    EXPECT_EQ(c.event, "5K");
    EXPECT_EQ(c.wave, "");
    EXPECT_EQ(c.time_of_day, hours{10});
    c = parsed("START 5K B");
    EXPECT_EQ(c.wave, "B");
    EXPECT_FALSE(c.time_of_day);
    c = parsed("START 5K B 07:05:00.5");
    EXPECT_EQ(c.wave, "B");
    EXPECT_EQ(c.time_of_day, hours{7} + minutes{5} + milliseconds{500});
    EXPECT_FALSE(refused("START").empty());
    EXPECT_FALSE(refused("START 5K A B C").empty());
    EXPECT_NE(refused("GUN 5K A").find("gun time"), std::string::npos);
    EXPECT_EQ(parsed("GUN 5K 07:00:02").kind, Kind::gun);
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
    EXPECT_EQ(parsed("AUTH s3cret").text, "s3cret");
}

TEST(MarshalProtocol, ConstantTimeCompare) {
    EXPECT_TRUE(ingest::constant_time_equal("s3cret", "s3cret"));
    EXPECT_FALSE(ingest::constant_time_equal("s3cre", "s3cret"));
    EXPECT_FALSE(ingest::constant_time_equal("s3cret!", "s3cret"));
    EXPECT_FALSE(ingest::constant_time_equal("S3cret", "s3cret"));
    EXPECT_FALSE(ingest::constant_time_equal("", "s3cret"));
}

TEST(MarshalSession, TokenIsRequiredFirstAndWrongOnesCloseEventually) {
    const auto race = test::parser_config("token = \"s3cret\"\n");
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
    EXPECT_EQ(ok.handle("AUTH s3cret", now).reply, "OK authenticated");
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
