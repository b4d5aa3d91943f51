// IndexSet, and the reader of recorded index paths (CSV `unix_ms,asset,value`).
#include <charconv>
#include <fstream>
#include <sstream>

#include "antevorta/sim/index_path.hpp"

namespace antevorta::sim {

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}

}  // namespace

IndexPath& IndexSet::add(IndexPath path) { return paths_.emplace_back(std::move(path)); }

IndexPath* IndexSet::by_asset(std::string_view asset) {
  for (auto& p : paths_) {
    if (p.spec().asset == asset) return &p;
  }
  return nullptr;
}

const IndexPath* IndexSet::by_asset(std::string_view asset) const {
  return const_cast<IndexSet*>(this)->by_asset(asset);
}

IndexPath* IndexSet::by_id(std::string_view index_id) {
  for (auto& p : paths_) {
    if (p.spec().index_id == index_id) return &p;
  }
  return nullptr;
}

const IndexPath* IndexSet::by_id(std::string_view index_id) const {
  return const_cast<IndexSet*>(this)->by_id(index_id);
}

std::vector<std::string> IndexSet::ids() const {
  std::vector<std::string> out;
  for (const auto& p : paths_) out.push_back(p.spec().index_id);
  return out;
}

Expected<std::vector<RecordedPoint>, std::string> parse_index_recording(std::string_view text) {
  std::vector<RecordedPoint> points;
  std::size_t line_no = 0;
  while (!text.empty()) {
    const auto end = text.find('\n');
    const std::string_view line = trim(text.substr(0, end));
    text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 1);
    ++line_no;
    if (line.empty() || line.front() == '#') continue;
    const auto c1 = line.find(',');
    const auto c2 = c1 == std::string_view::npos ? c1 : line.find(',', c1 + 1);
    if (c2 == std::string_view::npos) {
      return unexpected(fmt::format("line {}: expected unix_ms,asset,value", line_no));
    }
    const std::string_view ms_text = trim(line.substr(0, c1));
    RecordedPoint p;
    const auto [ptr, ec] =
        std::from_chars(ms_text.data(), ms_text.data() + ms_text.size(), p.unix_ms);
    if (ec != std::errc{} || ptr != ms_text.data() + ms_text.size()) {
      if (points.empty() && line_no == 1) continue;  // a header line
      return unexpected(fmt::format("line {}: unix_ms \"{}\" is not an integer", line_no, ms_text));
    }
    p.asset = std::string(trim(line.substr(c1 + 1, c2 - c1 - 1)));
    const std::string_view value_text = trim(line.substr(c2 + 1));
    auto value = Decimal::parse(value_text);
    if (!value || *value <= Decimal{} || p.asset.empty()) {
      return unexpected(
          fmt::format("line {}: value \"{}\" of asset \"{}\" is not a positive decimal", line_no,
                      value_text, p.asset));
    }
    p.value = *value;
    points.push_back(std::move(p));
  }
  return points;
}

Expected<std::vector<RecordedPoint>, std::string> load_index_recording(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return unexpected(fmt::format("cannot read index path file \"{}\"", path));
  std::ostringstream text;
  text << in.rdbuf();
  auto points = parse_index_recording(text.str());
  if (!points) return unexpected(fmt::format("index path file \"{}\": {}", path, points.error()));
  return points;
}

}  // namespace antevorta::sim
