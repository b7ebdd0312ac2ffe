#pragma once
// Runs the built `finishline` (FL_BINARY) to completion as a user would, its stdout and stderr
// in files inside a test's folder so neither can block.
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "tests/support/slurp.hpp"
#include "tests/support/temp_dir.hpp"

extern char** environ;

namespace fl::test {

struct CommandOutput {
    int exit_code = -1;  // 128 + n when killed by signal n
    std::string out;
    std::string err;
};

// FL_BINARY with `args`; its output lands in `dir` (stdout.txt, stderr.txt).
inline CommandOutput run_finishline(const TempDir& dir, std::vector<std::string> args) {
    const auto out_path = dir.file("stdout.txt"), err_path = dir.file("stderr.txt");
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 1, out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_addopen(&fa, 2, err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);

    args.insert(args.begin(), FL_BINARY);
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);

    // In a sanitizer build a finding must not pass for exit code 1 ("user error").
    std::vector<std::string> env_text{"ASAN_OPTIONS=exitcode=86", "UBSAN_OPTIONS=exitcode=87"};
    for (char** e = environ; *e; ++e) {
        const std::string_view v(*e);
        if (!v.starts_with("ASAN_OPTIONS=") && !v.starts_with("UBSAN_OPTIONS=")) env_text.emplace_back(v);
    }
    std::vector<char*> envp;
    for (auto& e : env_text) envp.push_back(e.data());
    envp.push_back(nullptr);

    pid_t pid = 0;
    const int rc = posix_spawn(&pid, FL_BINARY, &fa, nullptr, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&fa);
    CommandOutput r;
    if (rc != 0) {
        ADD_FAILURE() << "cannot run " << FL_BINARY << ": " << std::strerror(rc);
        return r;
    }
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    r.out = slurp(out_path);
    r.err = slurp(err_path);
    return r;
}

}  // namespace fl::test
