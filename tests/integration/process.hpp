// Runs the built antevorta binary as a child process for the CLI tests: explicit working
// directory and environment (nothing inherited but PATH; the operator API listens on an
// ephemeral loopback port unless the test sets ANTEVORTA__HTTP__LISTEN), stdout and stderr
// captured.
#pragma once

#include <chrono>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <sys/types.h>
#include <vector>

#include "support/paths.hpp"

namespace antevorta::test {

struct ProcessResult {
  int exit_code = -1;  // -1 when killed by a signal or timed out
  std::string out;
  std::string err;
};

class Process {
 public:
  // as_unprivileged: when running as root, start the binary as nobody (through setpriv) so
  // that file permissions apply to it.
  Process(std::vector<std::string> args, std::filesystem::path cwd,
          std::map<std::string, std::string> env = {}, bool as_unprivileged = false);
  ~Process();  // kills the child if it is still running
  Process(const Process&) = delete;
  Process& operator=(const Process&) = delete;

  pid_t pid() const noexcept { return pid_; }
  void signal(int signo) const;
  // Waits for exit; std::nullopt on timeout (the child keeps running).
  std::optional<int> wait(std::chrono::milliseconds timeout);
  // Polls captured stderr until it contains `needle`.
  bool wait_for_stderr(const std::string& needle, std::chrono::milliseconds timeout) const;
  std::string out() const;
  std::string err() const;

 private:
  pid_t pid_ = -1;
  bool reaped_ = false;
  std::filesystem::path out_path_;
  std::filesystem::path err_path_;
};

// Runs to completion (10 s limit).
ProcessResult run_antevorta(const std::vector<std::string>& args, const std::filesystem::path& cwd,
                            const std::map<std::string, std::string>& env = {},
                            bool as_unprivileged = false);

std::filesystem::path make_temp_dir(const std::string& prefix);

}  // namespace antevorta::test
