#include <unistd.h>

#include <filesystem>
#include <system_error>

#include <fmt/format.h>

#include "timing/error.hpp"
#include "timing/race_file.hpp"
#include "tools/commands/command.hpp"

namespace fl::cli {
namespace {

namespace fs = std::filesystem;

// The copy is written under a name of its own and renamed into place only once it checks out:
// a failed or interrupted backup never leaves a half-written file under the name asked for.
class PartialFile {
public:
    explicit PartialFile(const std::string& dest) : path_(fmt::format("{}.partial-{}", dest, ::getpid())) {
        remove();
    }
    ~PartialFile() {
        if (!kept_) remove();
    }
    PartialFile(const PartialFile&) = delete;
    PartialFile& operator=(const PartialFile&) = delete;
    const std::string& path() const { return path_; }
    void kept() { kept_ = true; }

private:
    void remove() noexcept {
        std::error_code ec;
        for (const char* suffix : {"", "-journal", "-wal", "-shm"}) fs::remove(path_ + suffix, ec);
    }
    std::string path_;
    bool kept_ = false;
};

std::string describe(const timing::RaceCounts& c) {
    return fmt::format("{} participant(s), {} chip(s), {} read(s), {} entr{}, {} correction(s), "
                       "{} clock sync(s), {} refused record(s)",
                       c.participants, c.chips, c.reads, c.entries, c.entries == 1 ? "y" : "ies",
                       c.corrections, c.clock_syncs, c.refused);
}

void refuse_bad_destination(const std::string& race, const std::string& copy, bool force) {
    const fs::path dest(copy);
    const auto folder = dest.has_parent_path() ? dest.parent_path() : fs::path(".");
    if (!fs::is_directory(folder))
        throw timing::Error(fmt::format("cannot write the copy '{}': folder '{}' does not exist; "
                                        "create it or choose another place",
                                        copy, folder.string()));
    if (!fs::exists(dest)) return;
    std::error_code ec;
    if (fs::equivalent(race, dest, ec))
        throw timing::Error(fmt::format("'{}' is the race file itself: give the copy another name",
                                        copy));
    if (fs::is_directory(dest))
        throw timing::Error(fmt::format("'{}' is a folder: give the copy a file name, e.g. '{}'", copy,
                                        (dest / fs::path(race).filename()).string()));
    if (!force)
        throw timing::Error(fmt::format("'{}' already exists: choose another name, or add --force "
                                        "to replace it",
                                        copy));
    // A -wal beside the old file means some program has it open (or did not end cleanly):
    // replacing it under that program would mix two races.
    const auto wal = copy + "-wal";
    if (fs::exists(wal) && fs::file_size(wal, ec) > 0)
        throw timing::Error(fmt::format("'{}' is in use or was not closed cleanly ('{}' is not "
                                        "empty): stop the program using it, or choose another name",
                                        copy, wal));
}

}  // namespace

void add_backup(CLI::App& app) {
    auto* cmd = app.add_subcommand("backup", "Copy the race file safely, also while 'finishline serve' runs");
    static std::string race, copy;
    static bool force = false;
    cmd->add_option("RACE", race, "Race file to copy")->required();
    cmd->add_option("COPY", copy, "The copy to create (a new file)")->required();
    cmd->add_flag("--force", force, "Replace COPY when it already exists");
    cmd->footer(
        "The copy is one moment of the race, taken with SQLite's online backup while the service "
        "keeps storing reads, then opened and checked (integrity, counts) before it is given its "
        "name. It is a single file: nothing else needs to travel with it.");
    cmd->callback([] {
        timing::RaceFile file(race, timing::RaceFile::Access::read_only);
        refuse_bad_destination(race, copy, force);

        PartialFile partial(copy);
        const auto held = file.copy_to(partial.path());
        {
            timing::RaceFile check(partial.path(), timing::RaceFile::Access::read_only);
            auto st = check.db().prepare("PRAGMA integrity_check");
            const auto verdict = st.step() ? st.column_text(0) : std::string("no answer");
            if (verdict != "ok")
                throw timing::Error(fmt::format("the copy of '{}' failed SQLite's integrity check "
                                                "({}): '{}' was left untouched; check the disk "
                                                "holding the copy and run backup again",
                                                race, verdict, copy));
            const auto found = check.counts();
            if (found != held)
                throw timing::Error(fmt::format("the copy of '{}' holds {}, the race held {}: "
                                                "'{}' was left untouched; run backup again",
                                                race, describe(found), describe(held), copy));
        }
        for (const char* stale : {"-wal", "-shm"}) fs::remove(copy + stale);
        fs::rename(partial.path(), copy);
        partial.kept();
        fmt::print("copied {} to {}: {}; integrity check ok\n", race, copy, describe(held));
    });
}

}  // namespace fl::cli
