#include "antevorta/config/loader.hpp"

#include <algorithm>
#include <exception>
#include <fstream>
#include <iterator>
#include <system_error>

#include <fmt/format.h>

#include "config/internal.hpp"

extern char** environ;  // NOLINT: POSIX

namespace antevorta::config {

namespace fs = std::filesystem;

namespace detail {

bool read_text_file(const fs::path& path, std::string& out) {
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) return false;
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  out.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  return !in.bad();
}

}  // namespace detail

std::map<std::string, std::string> process_environment() {
  std::map<std::string, std::string> out;
  for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry) {
    const std::string_view text(*entry);
    const auto eq = text.find('=');
    if (eq == std::string_view::npos) continue;
    out.emplace(std::string(text.substr(0, eq)), std::string(text.substr(eq + 1)));
  }
  return out;
}

namespace {

class Loading {
 public:
  Loading(const LoadOptions& options, std::vector<ConfigError>& errors)
      : options_(options), errors_(errors) {}

  std::optional<AppConfig> run() {
    const fs::path& dir = options_.config_dir;
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) {
      errors_.push_back({dir.generic_string(), "", "config directory not found"});
      return std::nullopt;
    }
    const fs::path base_path = dir / "base.yaml";
    if (!fs::exists(base_path, ec)) {
      errors_.push_back({base_path.generic_string(), "", "required file not found"});
      return std::nullopt;
    }
    Node tree = read_layer(base_path);

    // Environment and .env first: together with base.yaml they decide the execution mode,
    // which picks the mode file. The real environment beats .env, so .env goes in first.
    Node overrides;
    const bool dotenv_read =
        detail::apply_dotenv(options_.dotenv_path, options_.environment, overrides, errors_);
    for (const auto& [name, value] : options_.environment) {
      if (!name.starts_with(detail::kEnvPrefix)) continue;
      detail::apply_variable(overrides, name, value, Origin{"environment " + name, 0}, true,
                             errors_);
    }
    Node resolved = tree;
    merge(resolved, overrides);
    const std::optional<std::string> mode = resolved_mode(resolved);

    if (mode) add_optional_layer(tree, dir / (*mode + ".yaml"), *mode);
    add_optional_layer(tree, dir / "risk.yaml", mode);
    for (const auto& file : yaml_files(dir / "strategies")) add_optional_layer(tree, file, mode);
    for (const auto& file : yaml_files(dir / "sources")) add_optional_layer(tree, file, mode);
    merge(tree, std::move(overrides));
    if (dotenv_read) files_.push_back(options_.dotenv_path);

    AppConfig config;
    config.config_dir = dir;
    config.files = std::move(files_);
    detail::parse_sections(tree, config, errors_);
    config.tree = std::move(tree);
    if (!errors_.empty()) return std::nullopt;
    return config;
  }

 private:
  // "paper" or "live" when valid; otherwise validation reports it and no mode file is read.
  static std::optional<std::string> resolved_mode(const Node& tree) {
    const Node* node = tree.find_path("kalshi.execution_mode");
    if (node == nullptr || node->is_null()) return "paper";
    if (node->kind == Node::Kind::scalar && (node->text == "paper" || node->text == "live")) {
      return node->text;
    }
    return std::nullopt;
  }

  Node read_layer(const fs::path& path) {
    const std::string source = path.generic_string();
    std::string text;
    if (!detail::read_text_file(path, text)) {
      errors_.push_back({source, "", "cannot read file"});
      return {};
    }
    files_.push_back(path);
    return parse_yaml(text, source, errors_);
  }

  void add_optional_layer(Node& tree, const fs::path& path,
                          const std::optional<std::string>& mode) {
    std::error_code ec;
    if (!fs::exists(path, ec)) return;
    Node layer = read_layer(path);
    if (mode) check_mode_unchanged(layer, *mode);
    merge(tree, std::move(layer));
  }

  // The mode file was chosen before it was read; letting it (or a later file) switch the
  // mode would leave the other mode's file unread.
  void check_mode_unchanged(const Node& layer, const std::string& mode) {
    const Node* node = layer.find_path("kalshi.execution_mode");
    if (node == nullptr) return;
    const std::string value = node->is_null() ? "paper" : node->text;
    if (node->kind == Node::Kind::sequence || node->is_mapping() || value == mode) return;
    errors_.push_back({node->origin.source, "kalshi.execution_mode",
                       fmt::format("cannot be changed here (the mode was resolved as \"{}\" from "
                                   "base.yaml and the environment, and it selects paper.yaml or "
                                   "live.yaml); set it in base.yaml or with "
                                   "ANTEVORTA__KALSHI__EXECUTION_MODE",
                                   mode),
                       node->origin.line});
  }

  std::vector<fs::path> yaml_files(const fs::path& dir) {
    std::vector<fs::path> out;
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) return out;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
      const auto ext = it->path().extension();
      if ((ext == ".yaml" || ext == ".yml") && it->is_regular_file(ec)) out.push_back(it->path());
    }
    if (ec) errors_.push_back({dir.generic_string(), "", "cannot list directory: " + ec.message()});
    std::sort(out.begin(), out.end(),
              [](const fs::path& a, const fs::path& b) { return a.filename() < b.filename(); });
    return out;
  }

  const LoadOptions& options_;
  std::vector<ConfigError>& errors_;
  std::vector<fs::path> files_;
};

}  // namespace

LoadResult load(const LoadOptions& options) {
  LoadResult result;
  try {
    result.config = Loading(options, result.errors).run();
  } catch (const std::exception& e) {
    // Only a defect (or memory exhaustion) gets here; bad input is reported above.
    result.config.reset();
    result.errors.push_back({options.config_dir.generic_string(), "",
                             fmt::format("internal error while loading: {}", e.what())});
  }
  return result;
}

}  // namespace antevorta::config
