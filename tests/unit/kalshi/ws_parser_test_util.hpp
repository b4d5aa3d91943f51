// Helpers shared by the WsParser tests (ws_parse_*_test.cpp).
#pragma once

#include <filesystem>
#include <fstream>
#include <span>
#include <sstream>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <gtest/gtest.h>

#include "antevorta/core/decimal.hpp"
#include "antevorta/kalshi/order_book.hpp"
#include "antevorta/kalshi/ws_messages.hpp"

#include "support/files.hpp"
#include "support/paths.hpp"
#include "unit/kalshi/printers.hpp"

namespace antevorta::kalshi::ws_test {

namespace fs = std::filesystem;

inline Price P(const char* text) { return *Price::parse(text); }
inline Count C(const char* text) { return *Count::parse(text); }
inline Money M(const char* text) { return *Money::parse(text); }
inline Decimal D(const char* text) { return *Decimal::parse(text); }
inline BookLevel L(const char* price, const char* size) { return BookLevel{P(price), C(size)}; }

using antevorta::test::read_file;
using antevorta::test::read_lines;

// The project's own fixtures (tests/fixtures/kalshi).
inline fs::path fixture(const char* name) {
  return test::source_dir() / "tests" / "fixtures" / "kalshi" / name;
}

// Parses `frame` and returns the message as T (a copy of its views: valid until the
// parser's next parse), or T{} after recording a failure.
template <class T>
T parse_as(WsParser& parser, std::string_view frame) {
  auto result = parser.parse(frame);
  if (!result) {
    ADD_FAILURE() << result.error().message() << " in " << frame;
    return T{};
  }
  if (!std::holds_alternative<T>(*result)) {
    ADD_FAILURE() << "unexpected message type (index " << result->index() << ") for " << frame;
    return T{};
  }
  return std::get<T>(*result);
}

template <class T>
T parse_fixture(WsParser& parser, const char* name, std::string& storage) {
  storage = read_file(fixture(name));
  return parse_as<T>(parser, storage);
}

inline std::vector<BookLevel> levels(std::span<const BookLevel> span) {
  return {span.begin(), span.end()};
}

inline FrameError parse_error(std::string_view frame, WsParserOptions options = {}) {
  WsParser parser(options);
  auto result = parser.parse(frame);
  if (result) {
    ADD_FAILURE() << "parsed, expected an error: " << frame;
    return FrameError{};
  }
  return result.error();
}

// A table row for the rejection tests: the frame must fail with `code` at `field`.
struct BadFrame {
  const char* name;
  const char* frame;
  FrameErrorCode code;
  const char* field;
};

inline void PrintTo(const BadFrame& c, std::ostream* os) { *os << c.name; }

inline void expect_rejected(const BadFrame& c) {
  const FrameError e = parse_error(c.frame);
  EXPECT_EQ(e.code, c.code) << c.name << ": " << e.message();
  EXPECT_EQ(e.field, c.field) << c.name << ": " << e.message();
  EXPECT_FALSE(e.message().empty());
}

inline fs::path shared_kalshi() { return test::shared_dir() / "reference" / "kalshi"; }
inline fs::path shared_wire() { return test::shared_dir() / "reference" / "wire" / "kalshi"; }

}  // namespace antevorta::kalshi::ws_test
