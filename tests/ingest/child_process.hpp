#pragma once
// Runs the built `finishline` as a child process, as a user would: its own process, its
// stderr in a file, signals and exit codes observed from outside.
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdint>
#include <fstream>
#include <map>
#include <optional>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "tests/ingest/tcp_peer.hpp"
#include "tests/support/slurp.hpp"

extern char** environ;

namespace fl::test {

class ChildProcess {
public:
    ChildProcess(const std::vector<std::string>& args, const std::string& out_path,
                 const std::string& err_path) {
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_addopen(&actions, 1, out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        posix_spawn_file_actions_addopen(&actions, 2, err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        std::vector<char*> argv;
        for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
        argv.push_back(nullptr);
        const int rc = posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), environ);
        posix_spawn_file_actions_destroy(&actions);
        if (rc != 0) throw std::runtime_error("cannot start " + args[0]);
    }
    ~ChildProcess() {
        if (pid_ > 0 && !exit_code_) {
            ::kill(pid_, SIGKILL);
            int status = 0;
            ::waitpid(pid_, &status, 0);
        }
    }
    ChildProcess(const ChildProcess&) = delete;
    ChildProcess& operator=(const ChildProcess&) = delete;

    void signal(int sig) { ::kill(pid_, sig); }
    pid_t pid() const { return pid_; }
    // The exit code once it has exited within `timeout` (128 + n when killed by signal n).
    std::optional<int> wait(milliseconds timeout = patience) {
        wait_for([&] {
            if (exit_code_) return true;
            int status = 0;
            if (::waitpid(pid_, &status, WNOHANG) == pid_) {
                exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
                return true;
            }
            return false;
        }, timeout);
        return exit_code_;
    }

private:
    pid_t pid_ = -1;
    std::optional<int> exit_code_;
};

// The ports a `finishline serve` listens on, by listener name ("marshal", "finish-mat"), read
// from its log ("<name>: listening on 127.0.0.1:<port>") once it says "service: serving";
// empty when it does not within `timeout`.
inline std::map<std::string, std::uint16_t> served_ports(const std::string& log_path,
                                                         milliseconds timeout = patience) {
    std::map<std::string, std::uint16_t> ports;
    if (!wait_for([&] { return slurp(log_path).find("service: serving") != std::string::npos; }, timeout))
        return ports;
    const std::regex listening(R"(([\w-]+): listening on 127\.0\.0\.1:(\d+))");
    const auto log = slurp(log_path);
    for (std::sregex_iterator it(log.begin(), log.end(), listening), end; it != end; ++it)
        ports[(*it)[1]] = static_cast<std::uint16_t>(std::stoi((*it)[2]));
    return ports;
}

struct RunResult {
    int exit_code = -1;
    std::string out, err;
};

// Runs a command to completion.
inline RunResult run_command(const std::vector<std::string>& args, const std::string& dir) {
    const auto out = dir + "/cmd.out", err = dir + "/cmd.err";
    ChildProcess child(args, out, err);
    RunResult r;
    r.exit_code = child.wait().value_or(-1);
    r.out = slurp(out);
    r.err = slurp(err);
    return r;
}

}  // namespace fl::test
