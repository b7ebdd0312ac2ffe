// The marshal console driven like a person drives it — characters typed (as a keyboard or a
// barcode scanner sends them), mouse clicks on its buttons — over a real Service on a real
// race file. Real ImGui frames with no window (HeadlessUi); what counts is what ends up in
// the race file.
#include <chrono>
#include <algorithm>
#include <functional>
#include <memory>
#include <thread>

#include <gtest/gtest.h>

#include "gui/app.hpp"
#include "gui/error.hpp"
#include "gui/headless_ui.hpp"
#include "gui/service_link.hpp"
#include "ingest/service.hpp"
#include "tests/gui/sample_race.hpp"
#include "tests/ingest/device_emulators.hpp"
#include "tests/ingest/mosquitto_broker.hpp"
#include "tests/ingest/mqtt_subscriber.hpp"
#include "ingest/relay_message.hpp"
#include "timing/race_id.hpp"
#include "tests/support/temp_dir.hpp"
#include "timing/race_file.hpp"
#include "timing/text_encoding.hpp"

namespace fl::gui {
namespace {

using namespace std::chrono;

class ConsoleOnService : public ::testing::Test {
protected:
    virtual test::SampleOptions options() const {
        test::SampleOptions o;
        o.runners = 300;
        return o;
    }
    void SetUp() override {
        test::write_sample_race(path_, dir_.path().string(), options());
        {
            // A device record the finish mat sent that could not be understood (as the service
            // stores it): the console lists it.
            timing::RaceFile file(path_);
            const auto* mat = file.config().find_reader("finish-mat");
            ASSERT_NE(mat, nullptr);
            file.append_refused({mat->id, timing::RaceCalendar::now(),
                                 std::string("CT01_33~9~finish\x01", 17), "a tag read needs at "
                                 "least 5 fields", 1});
            add_records(file);
        }
        ingest::ServiceOptions so;
        so.log_sink = [](std::string_view) {};
        service_ = std::make_unique<ingest::Service>(path_, std::move(so));
        service_->start();
        Settings s;
        s.view = View::console;
        app_ = std::make_unique<App>(link_to(*service_), clock_, s);
        ui_ = std::make_unique<HeadlessUi>(*app_, ImVec2(1400.0f, 900.0f));
        ASSERT_TRUE(frames_until([&] { return app_->shown() != nullptr; }));
        frame();
    }
    // More records in the race file before the service opens it.
    virtual void add_records(timing::RaceFile&) {}
    void TearDown() override {
        ui_.reset();
        app_.reset();
        service_->stop();
        service_->wait();
    }

    void frame() { ui_->frame(); }
    // Frames (as a window would draw them) until `done`, for at most 10 s.
    bool frames_until(const std::function<bool()>& done) {
        const auto give_up = steady_clock::now() + seconds{10};
        while (steady_clock::now() < give_up) {
            frame();
            if (done()) return true;
            std::this_thread::sleep_for(milliseconds{5});
        }
        return false;
    }
    // Keys as the window hands them on: text, '\n' for Enter, '\b', '\x1b' (entry_line.hpp).
    void type(std::u32string_view keys) {
        for (const auto c : keys) ui_->io().AddInputCharacter(static_cast<unsigned>(c));
    }
    void click(const std::string& name) {
        frame();  // where things are now (a popup settles its size and place on its 2nd frame)
        frame();
        const auto p = app_->console().place(name);
        ASSERT_TRUE(p) << "no control \"" << name << "\" on screen";
        auto& io = ui_->io();
        io.MousePos = p->centre();
        frame();
        io.MouseDown[0] = true;
        frame();
        io.MouseDown[0] = false;
        frame();
    }
    const ActionLog& log() { return app_->console().log(); }
    // The newest line sent (an empty one when nothing was sent).
    const LoggedAction& newest() {
        static const LoggedAction none;
        return log().items().empty() ? none : log().items().front();
    }
    // Frames until the newest line sent has its answer; returns it.
    std::string answer() {
        EXPECT_TRUE(frames_until([&] { return log().waiting() == 0; }))
            << "no answer from the service";
        return newest().reply;
    }
    timing::RaceFile file() { return timing::RaceFile(path_, timing::RaceFile::Access::read_only); }
    std::vector<timing::Entry> entries_from(const std::string& source) {
        std::vector<timing::Entry> out;
        for (auto& e : file().entries())
            if (e.source == source) out.push_back(e);
        return out;
    }
    std::vector<timing::Correction> corrections() { return file().corrections(); }

    test::TempDir dir_;
    std::string path_ = dir_.file("race.db");
    timing::Clock clock_;
    std::unique_ptr<ingest::Service> service_;
    std::unique_ptr<App> app_;
    std::unique_ptr<HeadlessUi> ui_;
};

TEST_F(ConsoleOnService, TypedBibAndEnterIsCommittedAsAScan) {
    type(U"101\n");
    frame();
    const auto reply = answer();
    EXPECT_EQ(reply.rfind("OK E", 0), 0u) << reply;
    const auto stored = entries_from("gui");
    ASSERT_EQ(stored.size(), 1u);
    EXPECT_EQ(stored[0].kind, timing::EntryKind::scan);
    EXPECT_EQ(stored[0].bib, "101");
    EXPECT_EQ(newest().record, fmt::format("E{}", stored[0].id));
    EXPECT_EQ(app_->console().entry().text(), "");
}

TEST_F(ConsoleOnService, AScannerBurstWithinOneFrameCommitsEveryBib) {
    // A keyboard-wedge scanner types bib + Enter in a few milliseconds: three of them arrive
    // before the next frame.
    type(U"102\n103\n104\n");
    frame();
    EXPECT_EQ(log().items().size(), 3u);
    answer();
    const auto stored = entries_from("gui");
    ASSERT_EQ(stored.size(), 3u);
    EXPECT_EQ(stored[0].bib, "102");
    EXPECT_EQ(stored[1].bib, "103");
    EXPECT_EQ(stored[2].bib, "104");
}

TEST_F(ConsoleOnService, SpaceInTheEmptyBoxRecordsATap) {
    type(U" ");
    frame();
    EXPECT_EQ(newest().line, "TAP");
    answer();
    const auto stored = entries_from("gui");
    ASSERT_EQ(stored.size(), 1u);
    EXPECT_EQ(stored[0].kind, timing::EntryKind::tap);
    EXPECT_EQ(stored[0].bib, "");
}

TEST_F(ConsoleOnService, ARefusedLineShowsTheReasonAndStoresNothing) {
    type(U"START 99K\n");
    frame();
    const auto reply = answer();
    EXPECT_EQ(reply.rfind("ERR no event \"99K\"", 0), 0u) << reply;
    EXPECT_EQ(newest().state, LoggedAction::State::error);
    EXPECT_TRUE(entries_from("gui").empty());
}

TEST_F(ConsoleOnService, AnUnknownBibIsStoredAndTheAnswerSaysSo) {
    type(U"12x\n");
    frame();
    const auto reply = answer();
    EXPECT_NE(reply.find("not registered"), std::string::npos) << reply;
    EXPECT_EQ(entries_from("gui").size(), 1u);
}

TEST_F(ConsoleOnService, OneClickUndoStoresACompensatingCorrection) {
    type(U"105\n");
    frame();
    answer();
    const auto record = newest().record;
    ASSERT_FALSE(record.empty());
    click("undo " + record);
    EXPECT_EQ(newest().line, "UNDO " + record);
    const auto reply = answer();
    EXPECT_EQ(reply.rfind("OK C", 0), 0u) << reply;
    // The entry is still there (never deleted); an undo correction names it.
    const auto stored = entries_from("gui");
    ASSERT_EQ(stored.size(), 1u);
    bool undone = false;
    for (const auto& c : corrections())
        if (c.kind == timing::CorrectionKind::undo && c.entry_id == stored[0].id) undone = true;
    EXPECT_TRUE(undone);
    frame();
    EXPECT_FALSE(app_->console().place("undo " + record))
        << "an undone entry offers no second undo";
}

TEST_F(ConsoleOnService, GunButtonAsksFirstThenRecordsTheGun) {
    const auto guns_before = [&] {
        int n = 0;
        for (const auto& e : file().entries()) n += e.kind == timing::EntryKind::gun;
        return n;
    };
    const int before = guns_before();
    click("start START 5K");
    EXPECT_TRUE(log().items().empty()) << "nothing is sent before the confirmation";
    click("confirm");
    ASSERT_EQ(log().items().size(), 1u);
    EXPECT_EQ(newest().line, "START 5K");
    answer();
    EXPECT_EQ(guns_before(), before + 1);
    const auto stored = entries_from("gui");
    ASSERT_EQ(stored.size(), 1u);
    EXPECT_EQ(stored[0].event_id, file().config().find_event("5K")->id);
}

TEST_F(ConsoleOnService, CancellingTheGunSendsNothing) {
    click("start START 10K A");
    click("cancel");
    frame();
    EXPECT_TRUE(log().items().empty());
    EXPECT_FALSE(app_->console().place("confirm"));
}

TEST_F(ConsoleOnService, LookUpARunnerThenDnfDqAndEdit) {
    click("lookup");
    type(U"107");
    frame();
    EXPECT_EQ(app_->console().entry().text(), "") << "typing went to the lookup field";
    click("dnf");
    click("confirm");
    EXPECT_EQ(newest().line, "DNF 107");
    answer();

    click("dq reason");
    type(U"cut the course");
    frame();
    click("dq");
    click("confirm");
    EXPECT_EQ(newest().line, "DQ 107 \"cut the course\"");
    answer();

    click("edit value");
    type(U"Zoë Quinn");
    frame();
    click("save");
    EXPECT_EQ(newest().line, "EDIT 107 name=\"Zoë Quinn\"");
    answer();

    bool dnf = false, dq = false, edit = false;
    for (const auto& c : corrections()) {
        if (c.who != "gui") continue;
        dnf |= c.kind == timing::CorrectionKind::dnf && c.bib == "107";
        dq |=
            c.kind == timing::CorrectionKind::dq && c.bib == "107" && c.reason == "cut the course";
        edit |= c.kind == timing::CorrectionKind::edit_participant && c.bib == "107" &&
                c.data == "name=Zoë Quinn";
    }
    EXPECT_TRUE(dnf);
    EXPECT_TRUE(dq);
    EXPECT_TRUE(edit);
}

TEST_F(ConsoleOnService, TheBibBoxGetsTheKeyboardBackWhenClicked) {
    click("lookup");
    type(U"109\n");  // into the lookup field: Enter there sends nothing
    frame();
    frame();
    EXPECT_TRUE(log().items().empty());
    click("entry");
    frame();
    EXPECT_TRUE(app_->console().entry_has_keyboard());
    type(U"110\n");
    frame();
    answer();
    const auto stored = entries_from("gui");
    ASSERT_EQ(stored.size(), 1u);
    EXPECT_EQ(stored[0].bib, "110");
}

TEST_F(ConsoleOnService, AssignAnUnassignedReadToABib) {
    const auto s = app_->shown();
    ASSERT_TRUE(s->unassigned_reads && !s->unassigned_reads->empty());
    const auto read = s->unassigned_reads->front();
    EXPECT_FALSE(app_->console().place(fmt::format("read R{}", read.read_id)));
    click("raw reads");
    click(fmt::format("read R{}", read.read_id));
    click("assign bib");
    type(U"111");
    frame();
    click("assign read");
    EXPECT_EQ(newest().line, fmt::format("ASSIGN READ R{} 111", read.read_id));
    const auto reply = answer();
    EXPECT_EQ(reply.rfind("OK C", 0), 0u) << reply;
    bool assigned = false;
    for (const auto& c : corrections())
        assigned |= c.kind == timing::CorrectionKind::assign_read && c.read_id == read.read_id &&
                    c.bib == "111";
    EXPECT_TRUE(assigned);
    // Once the engine has it, the read leaves the unassigned list.
    EXPECT_TRUE(frames_until([&] {
        for (const auto& r : *app_->shown()->unassigned_reads)
            if (r.read_id == read.read_id) return false;
        return true;
    }));
}

TEST_F(ConsoleOnService, PreferManualOnAConflict) {
    const auto s = app_->shown();
    ASSERT_TRUE(s->conflicts && !s->conflicts->empty());
    const auto bib = s->conflicts->front().bib;
    click("tab Conflicts");
    click("prefer " + bib);
    EXPECT_EQ(newest().line, "PREFER MANUAL " + bib);
    answer();
    bool preferred = false;
    for (const auto& c : corrections())
        preferred |= c.kind == timing::CorrectionKind::prefer_manual && c.bib == bib;
    EXPECT_TRUE(preferred);
}

TEST_F(ConsoleOnService, RefusedDeviceRecordsAreListedWithTheirBytes) {
    const auto s = app_->shown();
    ASSERT_TRUE(s->refused);
    ASSERT_EQ(s->refused->size(), 1u);
    EXPECT_EQ(s->refused->front().reader, "finish-mat");
    EXPECT_FALSE(app_->console().place("refused X1"));
    // Wide enough for every list's tab to show whole (narrower, the tab row scrolls).
    ui_->io().DisplaySize = ImVec2(1900.0f, 900.0f);
    click("tab Refused records");
    frame();
    EXPECT_TRUE(app_->console().place("refused X1"));
    EXPECT_EQ(timing::escaped_bytes(s->refused->front().raw), "CT01_33~9~finish\\x01");
}

TEST_F(ConsoleOnService, ReadersWithRunnersOnCourseAndNoConnectionAreFlagged) {
    // Nothing is connected to the sample race's readers while runners are on course.
    ASSERT_FALSE(app_->console().readers().empty());
    for (const auto& r : app_->console().readers()) {
        if (r.status.name == "finish-mat") {
            EXPECT_EQ(r.health, ReaderHealth::offline);
        }
    }
}

// The issue's case: a stray chip left by the finish mat, read 249 times. The list shows it
// once, with its count, first and last read; assigning the chip assigns every read, and the
// raw reads are one click away.
class ConsoleWithStrayChip : public ConsoleOnService {
protected:
    static constexpr int stray_reads = 249;
    void add_records(timing::RaceFile& file) override {
        const auto* mat = file.config().find_reader("finish-mat");
        const auto* finish = file.config().find_point("finish");
        ASSERT_TRUE(mat && finish);
        first_ = std::chrono::floor<seconds>(timing::RaceCalendar::now()) - minutes{45};
        for (int i = 0; i < stray_reads; ++i) {
            timing::NewRead r;
            r.reader_id = mat->id;
            r.timing_point_id = finish->id;
            r.chip = "STRAY01";
            r.device_time = first_ + seconds{10 * i};
            r.receive_time = *r.device_time + milliseconds{200};
            r.device_seq = 900'000 + i;
            r.raw = fmt::format("STRAY01~{}", i);
            ASSERT_TRUE(file.append_read(r));
        }
    }
    timing::Instant first_{};
};

TEST_F(ConsoleWithStrayChip, OneRowPerChipAndAssigningTheChipTakesEveryRead) {
    const auto s = app_->shown();
    ASSERT_TRUE(s->unassigned_reads);
    const auto sample_strays = test::SampleOptions{}.stray_reads;  // one read each
    ASSERT_EQ(s->unassigned_reads->size(), static_cast<std::size_t>(stray_reads + sample_strays));
    // One row for the chip, none per read.
    EXPECT_TRUE(app_->console().place("chip STRAY01 finish"));
    for (const auto& r : *s->unassigned_reads)
        EXPECT_FALSE(app_->console().place(fmt::format("read R{}", r.read_id)));
    const auto chips = group_unassigned(*s->unassigned_reads);
    ASSERT_EQ(chips.size(), static_cast<std::size_t>(1 + sample_strays));
    const auto stray = std::find_if(chips.begin(), chips.end(), [](const auto& c) { return c.chip == "STRAY01"; });
    ASSERT_NE(stray, chips.end());
    EXPECT_EQ(stray->reads, 249u);
    EXPECT_EQ(stray->first, first_);
    EXPECT_EQ(stray->last, first_ + seconds{10 * 248});
    EXPECT_EQ(stray->readers, std::vector<std::string>{"finish-mat"});

    // Its raw reads, one click away, and back.
    click("chip STRAY01 finish");
    click("show reads");
    frame();
    int shown = 0;
    for (const auto& r : *s->unassigned_reads)
        shown += app_->console().place(fmt::format("read R{}", r.read_id)).has_value();
    EXPECT_GT(shown, 5);  // as many as the list's height holds
    EXPECT_FALSE(app_->console().place("chip STRAY01 finish"));
    click("by chip");
    frame();
    EXPECT_TRUE(app_->console().place("chip STRAY01 finish"));

    click("chip STRAY01 finish");
    click("assign bib");
    type(U"111");
    frame();
    click("assign chip");
    EXPECT_EQ(newest().line, "ASSIGN STRAY01 111");
    EXPECT_EQ(answer().rfind("OK C", 0), 0u);
    // Every one of its reads leaves the list; the other strays stay.
    EXPECT_TRUE(frames_until([&] {
        return app_->shown()->unassigned_reads->size() == static_cast<std::size_t>(sample_strays);
    }));
    EXPECT_FALSE(app_->console().place("chip STRAY01 finish"));
}

// A RACE RESULT decoder 5 minutes slow (its GETTIME against this computer's clock): the
// reader table says so, with what to do, and the offset stays applied.
TEST(ConsoleReaders, AClockOffsetOverAMinuteIsAWarningWithWhatToDo) {
    test::RaceResultDecoder decoder(std::function<std::string()>([] {
        const timing::RaceCalendar utc_day(date::year{2014} / 4 / 12, timing::find_zone("UTC"), {});
        // 5 min 0.25 s slow: the offset reads +0:05:00.xxx whatever the round trip's timing.
        return utc_day.local_time(timing::RaceCalendar::now() - minutes{5} - milliseconds{250});
    }));
    test::TempDir dir;
    const auto path = dir.file("race.db");
    test::SampleOptions o;
    o.runners = 50;
    o.extra_readers = fmt::format("[[readers]]\nname = \"decoder\"\nprotocol = \"raceresult\"\n"
                                  "connect = \"127.0.0.1:{}\"\ntiming_point = \"finish\"\n",
                                  decoder.port());
    test::write_sample_race(path, dir.path().string(), o);
    ingest::ServiceOptions so;
    so.log_sink = [](std::string_view) {};
    ingest::Service service(path, std::move(so));
    service.start();
    timing::Clock clock;
    Settings s;
    s.view = View::console;
    App app(link_to(service), clock, s);
    HeadlessUi ui(app, ImVec2(1400.0f, 900.0f));
    std::optional<std::string> warning;
    const auto give_up = steady_clock::now() + seconds{30};
    while (!warning && steady_clock::now() < give_up) {
        ui.frame();
        if (app.shown())
            for (const auto& r : app.console().readers())
                if (r.status.name == "decoder") warning = r.clock_warning;
        std::this_thread::sleep_for(milliseconds{5});
    }
    ui.frame();  // the table and the warning under it are drawn
    service.stop();
    service.wait();
    ASSERT_TRUE(warning) << "no clock warning for the decoder in the console";
    EXPECT_NE(warning->find("clock offset +0:05:00."), std::string::npos) << *warning;
    EXPECT_NE(warning->find("reader decoder's clock is behind this computer's"), std::string::npos) << *warning;
    EXPECT_NE(warning->find("set clock_offset = \"0:00:00\" on reader decoder"), std::string::npos) << *warning;
    // The other readers have no measured offset: nothing to warn about.
    for (const auto& r : app.console().readers()) {
        if (r.status.name != "decoder") {
            EXPECT_FALSE(r.clock_warning) << r.status.name;
        }
    }
}

// A remote site relaying to this finish (issue 15) is listed under the readers; when its
// heartbeats stop it is a warning at the top of the console, saying how many of its reads
// the finish lacks (the heartbeat said 3, none arrived).
TEST(ConsoleSites, ASiteThatWentQuietIsAWarning) {
    test::TempDir dir;
    test::MosquittoBroker broker(dir.file("broker"));
    const auto path = dir.file("race.db");
    test::SampleOptions o;
    o.runners = 20;
    o.extra_readers = fmt::format("[mqtt]\nbroker = \"{}\"\n", broker.address());
    test::write_sample_race(path, dir.path().string(), o);
    ingest::ServiceOptions so;
    so.log_sink = [](std::string_view) {};
    so.central.check = milliseconds{50};
    so.central.site_quiet = milliseconds{1500};
    ingest::Service service(path, std::move(so));
    service.start();
    test::MqttSubscriber site(broker.address(), {});  // publishes as the site would
    ASSERT_TRUE(site.wait_connected());
    const ingest::SiteHeartbeat hb{"km15", 3, 3, 0, timing::to_micros(timing::RaceCalendar::now()), {}};
    // Sent until the finish has it: the finish subscribes only once it has connected.
    ASSERT_TRUE(test::wait_for([&] {
        site.publish(ingest::site_topic(timing::race_id(service.config()), "km15"), ingest::encode(hb));
        std::this_thread::sleep_for(milliseconds{100});
        return !service.site_status().empty();
    }));

    timing::Clock clock;
    Settings s;
    s.view = View::console;
    App app(link_to(service), clock, s);
    HeadlessUi ui(app, ImVec2(1400.0f, 900.0f));
    const auto frames_until = [&](auto pred) {
        const auto give_up = steady_clock::now() + seconds{30};
        while (steady_clock::now() < give_up) {
            ui.frame();
            if (app.shown() && pred()) return true;
            std::this_thread::sleep_for(milliseconds{10});
        }
        return false;
    };
    const auto km15 = [&]() -> std::optional<ingest::SiteStatus> {
        for (const auto& x : app.console().sites())
            if (x.name == "km15") return x;
        return std::nullopt;
    };
    ASSERT_TRUE(frames_until([&] { return km15() && km15()->connected; }));
    EXPECT_EQ(km15()->last_seq, 3);
    EXPECT_EQ(km15()->behind, 3);
    for (const auto& w : app.console().warnings()) EXPECT_EQ(w.find("site km15"), std::string::npos) << w;
    // No heartbeat for 1.5 s: quiet.
    std::string warning;
    ASSERT_TRUE(frames_until([&] {
        for (const auto& w : app.console().warnings())
            if (w.starts_with("QUIET: site km15: no heartbeat since ")) warning = w;
        return !warning.empty();
    }));
    EXPECT_TRUE(warning.ends_with(", 3 of its reads not here yet")) << warning;
    EXPECT_FALSE(km15()->connected);
    service.stop();
    service.wait();
}

// The same console over a race whose event, wave and category names hold spaces, double quotes
// and accented letters (issue 20: an event called "Fun Run" could not be started). Each button
// and menu must send a line the service reads back as the very names on screen.
class ConsoleOnNamedRace : public ConsoleOnService {
protected:
    test::SampleOptions options() const override {
        auto o = ConsoleOnService::options();
        o.event_10k = R"(Fête "Fun Run" 10K)";
        o.event_5k = "Fun Run";
        o.wave_a = "Vague Élite";
        o.wave_b = R"(Wave "B" ünd)";
        return o;
    }
    std::vector<timing::Entry> guns_from_gui() {
        std::vector<timing::Entry> out;
        for (auto& e : entries_from("gui"))
            if (e.kind == timing::EntryKind::gun) out.push_back(e);
        return out;
    }
    // The runner panel's field menu, then the value box and Save.
    void edit(const std::string& field, std::u32string_view value) {
        click("edit field");
        click("field " + field);
        click("edit value");
        type(value);
        frame();
        click("save");
    }
    bool corrected(timing::CorrectionKind kind, std::string_view bib, std::string_view data) {
        for (const auto& c : corrections())
            if (c.who == "gui" && c.kind == kind && c.bib == bib &&
                (c.kind == timing::CorrectionKind::dq ? c.reason : c.data) == data)
                return true;
        return false;
    }
};

TEST_F(ConsoleOnNamedRace, EveryGunButtonQuotesTheNamesAndStartsThatWave) {
    const auto config = file().config();
    const auto* ten = config.find_event(R"(Fête "Fun Run" 10K)");
    const auto* five = config.find_event("Fun Run");
    ASSERT_TRUE(ten && five && ten->waves.size() == 2);
    // The lines as a marshal would type them (README, marshal protocol: names with spaces).
    const struct {
        std::string line;
        std::int64_t event_id;
        std::optional<std::int64_t> wave_id;
        std::string described;
    } buttons[] = {
        {R"(START "Fête \"Fun Run\" 10K" "Vague Élite")", ten->id, ten->waves[0].id,
         R"(gun "Fête \"Fun Run\" 10K" "Vague Élite" )"},
        {R"(START "Fête \"Fun Run\" 10K" "Wave \"B\" ünd")", ten->id, ten->waves[1].id,
         R"(gun "Fête \"Fun Run\" 10K" "Wave \"B\" ünd" )"},
        {R"(START "Fun Run")", five->id, std::nullopt, R"(gun "Fun Run" )"},
    };
    for (const auto& b : buttons) {
        SCOPED_TRACE(b.line);
        const auto before = guns_from_gui().size();
        click("start " + b.line);
        click("confirm");
        EXPECT_EQ(newest().line, b.line);
        const auto reply = answer();
        EXPECT_EQ(reply.find("OK E"), 0u) << reply;
        EXPECT_NE(reply.find(b.described), std::string::npos) << reply;
        const auto guns = guns_from_gui();
        ASSERT_EQ(guns.size(), before + 1);
        EXPECT_EQ(guns.back().event_id, b.event_id);
        EXPECT_EQ(guns.back().wave_id, b.wave_id);
    }
}

TEST_F(ConsoleOnNamedRace, TypedNamesWithSpacesQuotedOrNot) {
    const auto five = file().config().find_event("Fun Run")->id;
    type(U"START fun run\n");  // unquoted, any case: the longest event name the words spell
    frame();
    auto reply = answer();
    EXPECT_EQ(reply.find("OK E"), 0u) << reply;
    type(U"START \"Fête \\\"Fun Run\\\" 10K\" \"Wave \\\"B\\\" ünd\" 07:00:00\n");
    frame();
    reply = answer();
    EXPECT_EQ(reply.find("OK E"), 0u) << reply;
    EXPECT_NE(reply.find(R"(gun "Fête \"Fun Run\" 10K" "Wave \"B\" ünd" 07:00:00.000)"),
              std::string::npos)
        << reply;
    type(U"START Fun\n");
    frame();
    EXPECT_EQ(answer(), R"(ERR no event "Fun": events are "Fête \"Fun Run\" 10K", "Fun Run")");
    const auto guns = guns_from_gui();
    ASSERT_EQ(guns.size(), 2u);
    EXPECT_EQ(guns[0].event_id, five);
    EXPECT_EQ(guns[0].wave_id, std::nullopt);
}

TEST_F(ConsoleOnNamedRace, RunnerDnfDqAndEveryEditFieldWithSpacesQuotesAndAccents) {
    click("lookup");
    type(U"107");  // the 10K, wave "Vague Élite"
    frame();
    click("dnf");
    click("confirm");
    EXPECT_EQ(newest().line, "DNF 107");
    EXPECT_EQ(answer().find("OK C"), 0u);

    click("dq reason");
    type(U"cut the \"short\" loop at the café");
    frame();
    click("dq");
    click("confirm");
    EXPECT_EQ(newest().line, R"(DQ 107 "cut the \"short\" loop at the café")");
    EXPECT_EQ(answer().find("OK C"), 0u);
    EXPECT_TRUE(corrected(timing::CorrectionKind::dq, "107", R"(cut the "short" loop at the café)"));

    const struct {
        std::string field;
        std::u32string typed;
        std::string line, data;
    } edits[] = {
        {"category", U"Männer \"Masters\" 40+", R"(EDIT 107 category="Männer \"Masters\" 40+")",
         R"(category=Männer "Masters" 40+)"},
        {"team", U"Club Athlétique \"Les Lièvres\"", R"(EDIT 107 team="Club Athlétique \"Les Lièvres\"")",
         R"(team=Club Athlétique "Les Lièvres")"},
        {"name", U"Zoë \"Zo\" Quinn", R"(EDIT 107 name="Zoë \"Zo\" Quinn")", R"(name=Zoë "Zo" Quinn)"},
        {"wave", U"Wave \"B\" ünd", R"(EDIT 107 wave="Wave \"B\" ünd")", R"(wave=Wave "B" ünd)"},
        {"event", U"Fun Run", R"(EDIT 107 event="Fun Run")", "event=Fun Run"},
    };
    for (const auto& e : edits) {
        SCOPED_TRACE(e.line);
        edit(e.field, e.typed);
        EXPECT_EQ(newest().line, e.line);
        const auto reply = answer();
        EXPECT_EQ(reply.find("OK C"), 0u) << reply;
        EXPECT_TRUE(corrected(timing::CorrectionKind::edit_participant, "107", e.data));
    }
    // The engine applied them: the runner panel's source shows the names as typed.
    EXPECT_TRUE(frames_until([&] {
        const auto* row = app_->shown()->find_bib("107");
        return row && row->runner->category == R"(Männer "Masters" 40+)" &&
               row->runner->team == R"(Club Athlétique "Les Lièvres")" &&
               row->runner->name == R"(Zoë "Zo" Quinn)" && row->runner->event == "Fun Run";
    }));
}

TEST_F(ConsoleOnNamedRace, ListButtonsAssignIgnorePreferAndUndo) {
    const auto s = app_->shown();
    ASSERT_TRUE(s->unassigned_reads && s->unassigned_reads->size() >= 3);
    ASSERT_TRUE(s->conflicts && !s->conflicts->empty());
    const auto first = (*s->unassigned_reads)[0], second = (*s->unassigned_reads)[1];
    // The third must not wear the second's chip: assigning that chip takes its reads off the
    // list, and a slow frame (a sanitizer build) would then click another row.
    std::optional<results::UnassignedRead> third_read;
    for (std::size_t i = 2; i < s->unassigned_reads->size() && !third_read; ++i)
        if ((*s->unassigned_reads)[i].chip != second.chip) third_read = (*s->unassigned_reads)[i];
    ASSERT_TRUE(third_read) << "the sample race needs a third unassigned chip";
    const auto third = *third_read;
    const auto bib = s->conflicts->front().bib;

    click("raw reads");
    click(fmt::format("read R{}", first.read_id));
    click("assign bib");
    type(U"111");
    frame();
    click("assign read");
    EXPECT_EQ(newest().line, fmt::format("ASSIGN READ R{} 111", first.read_id));
    EXPECT_EQ(answer().find("OK C"), 0u);

    click(fmt::format("read R{}", second.read_id));
    click("assign chip");
    EXPECT_EQ(newest().line, fmt::format("ASSIGN {} 111", second.chip));
    EXPECT_EQ(answer().find("OK C"), 0u);

    click(fmt::format("read R{}", third.read_id));
    click("ignore read");
    EXPECT_EQ(newest().line, fmt::format("IGNORE R{}", third.read_id));
    EXPECT_EQ(answer().find("OK C"), 0u);

    click("tab Conflicts");
    click("prefer " + bib);
    EXPECT_EQ(newest().line, "PREFER MANUAL " + bib);
    EXPECT_EQ(answer().find("OK C"), 0u);

    const auto record = newest().record;
    click("undo " + record);
    EXPECT_EQ(newest().line, "UNDO " + record);
    EXPECT_EQ(answer().find("OK C"), 0u);

    // The scan of bib 9999, which nobody wears.
    const auto now = app_->shown();
    ASSERT_TRUE(now->unknown_bibs && !now->unknown_bibs->empty());
    const auto scan = now->unknown_bibs->front().entry_id;
    click("tab Unknown bibs");
    click(fmt::format("undo E{}", scan));
    EXPECT_EQ(newest().line, fmt::format("UNDO E{}", scan));
    EXPECT_EQ(answer().find("OK C"), 0u);

    int kinds = 0;
    for (const auto& c : corrections()) {
        if (c.who != "gui") continue;
        kinds += (c.kind == timing::CorrectionKind::assign_read && c.read_id == first.read_id) +
                 (c.kind == timing::CorrectionKind::assign_chip && c.chip == second.chip) +
                 (c.kind == timing::CorrectionKind::ignore_read && c.read_id == third.read_id) +
                 (c.kind == timing::CorrectionKind::prefer_manual && c.bib == bib) +
                 (c.kind == timing::CorrectionKind::undo && c.entry_id == scan);
    }
    EXPECT_EQ(kinds, 5);
}

TEST(AppFonts, CtrlPlusReRasterisesTheFontsLarger) {
    timing::Clock clock;
    test::SampleOptions o;
    o.runners = 50;
    auto engine = test::sample_engine(o);
    const auto snapshot = engine.snapshot();
    ServiceLink link;
    link.config = engine.config();
    link.standings = [snapshot] { return snapshot; };
    App app(link, clock, Settings{});
    HeadlessUi ui(app);
    ui.frame();
    const float before = app.fonts().board->FontSize;
    const int tex_before = ui.io().Fonts->TexHeight;
    app.hotkey(Hotkey::font_bigger);
    EXPECT_TRUE(app.fonts_stale());
    ui.frame();
    EXPECT_FALSE(app.fonts_stale());
    EXPECT_FLOAT_EQ(app.fonts().board->FontSize, before * font_scale_step);
    EXPECT_GE(ui.io().Fonts->TexHeight, tex_before);
    app.hotkey(Hotkey::font_reset);
    ui.frame();
    EXPECT_FLOAT_EQ(app.fonts().board->FontSize, before);
    for (int i = 0; i < 40; ++i) app.hotkey(Hotkey::font_smaller);
    ui.frame();
    EXPECT_FLOAT_EQ(app.font_scale(), min_font_scale);
}

TEST(AppFonts, AMissingFontSaysWhatToInstall) {
    timing::Clock clock;
    Settings s;
    s.font_dir = "/nonexistent/fonts";
    App app(ServiceLink{}, clock, s);
    HeadlessUi ui(app);
    try {
        ui.frame();
        FAIL() << "a missing font must be reported";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("fonts-dejavu-core"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("/nonexistent/fonts/DejaVuSans.ttf"),
                  std::string::npos)
            << e.what();
    }
}

}  // namespace
}  // namespace fl::gui
