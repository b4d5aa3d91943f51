// Rules about the intent itself and the state of the market: validity, exchange and market
// status, stale data, the close window.
#include <cmath>

#include <fmt/format.h>

#include "risk/rules.hpp"

namespace antevorta::risk::detail {

namespace {

RiskDecision invalid(std::string detail) {
  return RiskDecision::deny(DenyReason::invalid_intent, "intent", {}, {}, std::move(detail));
}

bool probability_ok(const std::optional<double>& p) {
  return !p || (std::isfinite(*p) && *p >= 0.0 && *p <= 1.0);
}

std::string_view book_rule(const config::RiskConfig& c) {
  return c.max_book_age_seconds ? "max_book_age_seconds" : "price_band";
}

}  // namespace

Verdict check_intent(const strategy::OrderIntent& intent) {
  if (intent.id.empty()) return invalid("the intent has no id");
  if (intent.strategy.empty()) return invalid("the intent names no strategy");
  if (intent.ticker.empty()) return invalid("the intent names no market");
  if (intent.count <= Count{}) {
    return invalid(fmt::format("count must be > 0, was {}", intent.count));
  }
  if (intent.limit_price <= Price::zero() || intent.limit_price >= Price::one()) {
    return invalid(fmt::format("limit price must be > 0 and < 1, was {}", intent.limit_price));
  }
  const auto& e = intent.evidence;
  if (!probability_ok(e.probability) || !probability_ok(e.confidence)) {
    return invalid("evidence probability and confidence must be between 0 and 1");
  }
  // A contract pays at most $1, so no edge per contract lies outside [-1, 1].
  if (e.edge_after_fees &&
      !(std::isfinite(*e.edge_after_fees) && std::abs(*e.edge_after_fees) <= 1.0)) {
    return invalid("evidence edge_after_fees must be between -1 and 1 dollars per contract");
  }
  return std::nullopt;
}

Verdict check_position_known(Context& ctx) {
  const auto position = ctx.view.position(ctx.intent.ticker);
  if (!position) return unknown("intent", "position", ctx.intent.ticker.str());
  ctx.position = *position;
  ctx.split = split_intent(ctx.intent, position->position);
  return std::nullopt;
}

Verdict check_purpose(Context& ctx) {
  const bool must_reduce = ctx.intent.reduce_only || ctx.purpose != IntentPurpose::entry;
  if (!must_reduce || ctx.split.reduces_only()) return std::nullopt;
  return RiskDecision::deny(
      DenyReason::invalid_intent, "intent", ctx.position.position.to_string(),
      ctx.intent.count.to_string(),
      fmt::format("a {} intent must only reduce the position ({} held); it would open {}",
                  ctx.intent.reduce_only ? "reduce_only" : to_string(ctx.purpose),
                  ctx.position.position, ctx.split.opening));
}

Verdict check_exchange(Context& ctx) {
  if (!ctx.config.require_exchange_active) return std::nullopt;
  constexpr std::string_view rule = "require_exchange_active";
  const auto active = ctx.view.exchange_trading_active(ctx.intent.ticker);
  if (!active) return unknown(rule, "exchange_status", ctx.intent.ticker.str());
  if (!*active) {
    return RiskDecision::deny(DenyReason::exchange_inactive, std::string(rule), "true", "false",
                              "the exchange is not trading (paused or closed)");
  }
  const MarketInfo* market = ctx.market();
  if (market == nullptr) return unknown(rule, "market", ctx.intent.ticker.str());
  if (market->status != kalshi::MarketStatus::active) {
    const auto status = kalshi::to_string(market->status);
    return RiskDecision::deny(DenyReason::market_inactive, std::string(rule), "active",
                              std::string(status),
                              fmt::format("market {} is {}", ctx.intent.ticker, status));
  }
  return std::nullopt;
}

Verdict check_staleness(Context& ctx) {
  const auto& c = ctx.config;
  if (c.max_book_age_seconds || c.price_band) {
    const std::string_view rule = book_rule(c);
    const BookTop* book = ctx.book();
    if (book == nullptr) return unknown(rule, "book", ctx.intent.ticker.str());
    if (!book->fresh) {
      return RiskDecision::deny(DenyReason::stale_book, std::string(rule), "fresh", "stale",
                                fmt::format("the book of {} is out of sync", ctx.intent.ticker));
    }
    if (c.max_book_age_seconds) {
      const Duration age = ctx.now - book->confirmed_at;
      if (age > *c.max_book_age_seconds) {
        return RiskDecision::deny(DenyReason::stale_book, std::string(rule),
                                  seconds_text(*c.max_book_age_seconds), seconds_text(age),
                                  fmt::format("the book of {} was last confirmed {} ago",
                                              ctx.intent.ticker, seconds_text(age)));
      }
    }
  }
  if (c.max_feed_age_seconds) {
    constexpr std::string_view rule = "max_feed_age_seconds";
    const auto feeds = ctx.view.feeds(ctx.intent.strategy, ctx.intent.ticker);
    if (!feeds) return unknown(rule, "feeds", ctx.intent.strategy.str());
    for (const auto& feed : *feeds) {
      if (!feed.updated_at) {
        return RiskDecision::deny(DenyReason::stale_feed, std::string(rule),
                                  seconds_text(*c.max_feed_age_seconds), "never",
                                  fmt::format("feed {} has never updated", feed.name));
      }
      const Duration age = ctx.now - *feed.updated_at;
      if (age > *c.max_feed_age_seconds) {
        return RiskDecision::deny(
            DenyReason::stale_feed, std::string(rule), seconds_text(*c.max_feed_age_seconds),
            seconds_text(age),
            fmt::format("feed {} last updated {} ago", feed.name, seconds_text(age)));
      }
    }
  }
  return std::nullopt;
}

Verdict check_close_window(Context& ctx) {
  const auto& window = ctx.config.no_entry_before_close_seconds;
  if (!window || !ctx.entry()) return std::nullopt;
  constexpr std::string_view rule = "no_entry_before_close_seconds";
  const MarketInfo* market = ctx.market();
  if (market == nullptr) return unknown(rule, "market", ctx.intent.ticker.str());
  if (!market->close_time) return unknown(rule, "close_time", ctx.intent.ticker.str());
  const Duration remaining = *market->close_time - ctx.now;
  if (remaining >= *window) return std::nullopt;
  return RiskDecision::deny(
      DenyReason::close_window, std::string(rule), seconds_text(*window), seconds_text(remaining),
      fmt::format("market {} closes in {}; no new entries in the last {}", ctx.intent.ticker,
                  seconds_text(remaining), seconds_text(*window)));
}

}  // namespace antevorta::risk::detail
