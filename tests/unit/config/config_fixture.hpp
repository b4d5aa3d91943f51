// Per-test config trees in a fresh temporary directory, loaded with an explicit environment.
#pragma once

#include <atomic>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <string>
#include <string_view>
#include <unistd.h>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "antevorta/config/loader.hpp"

namespace antevorta::config::testing {

namespace fs = std::filesystem;

class TempDir {
 public:
  TempDir() {
    static std::atomic<int> counter{0};
    path_ = fs::temp_directory_path() /
            fmt::format("antevorta-config-{}-{}-{}", ::getpid(), counter++, std::random_device{}());
    fs::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const fs::path& path() const { return path_; }

  void write(const fs::path& relative, std::string_view text) const {
    const fs::path target = path_ / relative;
    fs::create_directories(target.parent_path());
    std::ofstream(target, std::ios::binary) << text;
  }

 private:
  fs::path path_;
};

// Changes the working directory for the lifetime of the object.
class WorkingDir {
 public:
  explicit WorkingDir(const fs::path& dir) : saved_(fs::current_path()) { fs::current_path(dir); }
  ~WorkingDir() {
    std::error_code ec;
    fs::current_path(saved_, ec);
  }
  WorkingDir(const WorkingDir&) = delete;
  WorkingDir& operator=(const WorkingDir&) = delete;

 private:
  fs::path saved_;
};

class ConfigTest : public ::testing::Test {
 protected:
  // Writes <tmp>/config/<relative>.
  void file(const fs::path& relative, std::string_view text) {
    tmp_.write(fs::path("config") / relative, text);
  }
  void dotenv(std::string_view text) { tmp_.write(".env", text); }

  // The source name errors use for <tmp>/config/<relative>.
  std::string source(const fs::path& relative) const {
    return (tmp_.path() / "config" / relative).generic_string();
  }
  std::string dotenv_source(int line) const {
    return fmt::format("{}:{}", (tmp_.path() / ".env").generic_string(), line);
  }

  LoadResult load_with(std::map<std::string, std::string> environment = {}) {
    LoadOptions options;
    options.config_dir = tmp_.path() / "config";
    options.dotenv_path = tmp_.path() / ".env";
    options.environment = std::move(environment);
    return load(options);
  }

  // Loads and expects success; fails the test with every error otherwise.
  AppConfig load_ok(std::map<std::string, std::string> environment = {}) {
    LoadResult result = load_with(std::move(environment));
    EXPECT_TRUE(result.errors.empty()) << all(result);
    if (!result.config) return AppConfig{};
    return std::move(*result.config);
  }

  static std::string all(const LoadResult& result) {
    std::string out;
    for (const auto& e : result.errors) out += e.to_string() + "\n";
    return out;
  }

  static const ConfigError* error_at(const LoadResult& result, std::string_view key_path) {
    for (const auto& e : result.errors) {
      if (e.key_path == key_path) return &e;
    }
    return nullptr;
  }

  TempDir tmp_;
};

}  // namespace antevorta::config::testing
