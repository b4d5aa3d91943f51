#include "antevorta/kalshi/ws_session.hpp"

#include <algorithm>
#include <array>
#include <utility>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "antevorta/kalshi/ws_messages.hpp"

namespace antevorta::kalshi {

namespace {

constexpr std::array<std::pair<Channel, std::string_view>, 8> kChannels{{
    {Channel::orderbook_delta, "orderbook_delta"},
    {Channel::ticker, "ticker"},
    {Channel::trade, "trade"},
    {Channel::fill, "fill"},
    {Channel::user_orders, "user_orders"},
    {Channel::market_positions, "market_positions"},
    {Channel::market_lifecycle_v2, "market_lifecycle_v2"},
    {Channel::cfbenchmarks_value, "cfbenchmarks_value"},
}};

// A failed subscribe with one of these codes is worth another try: channel error, internal
// error, command timeout, buffer overflow, too many requests.
bool retryable(std::int64_t code) noexcept {
  return is_terminal_error_code(code) || code == 18 || code == 27;
}

constexpr int kMaxSubscribeFailures = 3;

nlohmann::json tickers_json(const std::vector<MarketTicker>& tickers) {
  auto array = nlohmann::json::array();
  for (const auto& t : tickers) array.push_back(t.str());
  return array;
}

}  // namespace

std::string_view to_string(Channel channel) noexcept {
  for (const auto& [c, name] : kChannels) {
    if (c == channel) return name;
  }
  return "unknown";
}

std::optional<Channel> channel_from_string(std::string_view name) noexcept {
  for (const auto& [c, n] : kChannels) {
    if (n == name) return c;
  }
  return std::nullopt;
}

std::string_view to_string(SubscriptionState state) noexcept {
  switch (state) {
    case SubscriptionState::idle:
      return "idle";
    case SubscriptionState::subscribing:
      return "subscribing";
    case SubscriptionState::active:
      return "active";
    case SubscriptionState::resubscribing:
      return "resubscribing";
    case SubscriptionState::failed:
      return "failed";
  }
  return "unknown";
}

std::string_view to_string(IssueKind kind) noexcept {
  switch (kind) {
    case IssueKind::command_failed:
      return "command_failed";
    case IssueKind::subscription_lost:
      return "subscription_lost";
    case IssueKind::sequence_gap:
      return "sequence_gap";
    case IssueKind::unknown_reply:
      return "unknown_reply";
  }
  return "unknown";
}

// ---- What the daemon wants --------------------------------------------------------------

SubKey WsSession::subscribe(SubscriptionSpec spec, SessionActions& out) {
  const SubKey key = next_key_++;
  auto& sub = subs_[key];
  sub.key = key;
  sub.spec = std::move(spec);
  if (connected_) send_subscribe(sub, out);
  return key;
}

void WsSession::unsubscribe(SubKey key, SessionActions& out) {
  auto it = subs_.find(key);
  if (it == subs_.end()) return;
  if (it->second.sid) {
    sid_index_.erase(*it->second.sid);
    if (connected_) send_unsubscribe(*it->second.sid, key, out);
  }
  // A subscribe still in flight is cleaned up when its `subscribed` arrives (unknown key).
  subs_.erase(it);
}

void WsSession::add_markets(SubKey key, const std::vector<MarketTicker>& tickers,
                            SessionActions& out) {
  auto it = subs_.find(key);
  if (it == subs_.end()) return;
  auto& sub = it->second;
  std::vector<MarketTicker> added;
  for (const auto& t : tickers) {
    if (std::find(sub.spec.market_tickers.begin(), sub.spec.market_tickers.end(), t) ==
        sub.spec.market_tickers.end()) {
      sub.spec.market_tickers.push_back(t);
      added.push_back(t);
    }
  }
  if (added.empty()) return;
  if (sub.state == SubscriptionState::active && connected_) {
    send_update(sub, "add_markets", added, out);
  } else if (sub.state == SubscriptionState::failed && connected_) {
    send_subscribe(sub, out);
  }
  // idle: sent on connect; subscribing: reconciled when `subscribed` arrives.
}

void WsSession::remove_markets(SubKey key, const std::vector<MarketTicker>& tickers,
                               SessionActions& out) {
  auto it = subs_.find(key);
  if (it == subs_.end()) return;
  auto& sub = it->second;
  std::vector<MarketTicker> removed;
  for (const auto& t : tickers) {
    auto pos = std::find(sub.spec.market_tickers.begin(), sub.spec.market_tickers.end(), t);
    if (pos != sub.spec.market_tickers.end()) {
      sub.spec.market_tickers.erase(pos);
      removed.push_back(t);
    }
  }
  if (removed.empty()) return;
  if (sub.state == SubscriptionState::active && connected_) {
    if (sub.spec.market_tickers.empty() && sub.spec.channel == Channel::orderbook_delta) {
      // An orderbook subscription cannot be empty: drop it on the wire, keep it wanted.
      sid_index_.erase(*sub.sid);
      send_unsubscribe(*sub.sid, sub.key, out);
      sub.sid.reset();
      sub.last_seq.reset();
      sub.sent_markets.clear();
      sub.state = SubscriptionState::idle;
    } else {
      send_update(sub, "delete_markets", removed, out);
    }
  }
}

void WsSession::request_snapshot(SubKey key, const std::vector<MarketTicker>& tickers,
                                 SessionActions& out) {
  auto it = subs_.find(key);
  if (it == subs_.end() || tickers.empty()) return;
  auto& sub = it->second;
  if (sub.spec.channel != Channel::orderbook_delta || sub.state != SubscriptionState::active ||
      !connected_) {
    return;
  }
  const std::int64_t id = next_id();
  nlohmann::json cmd{{"id", id},
                     {"cmd", "update_subscription"},
                     {"params",
                      {{"sids", {*sub.sid}},
                       {"market_tickers", tickers_json(tickers)},
                       {"action", "get_snapshot"}}}};
  out.commands.push_back(cmd.dump());
  pending_[id] = Pending{CommandKind::snapshot, sub.key};
}

void WsSession::list_subscriptions(SessionActions& out) {
  if (!connected_) return;
  const std::int64_t id = next_id();
  out.commands.push_back(nlohmann::json{{"id", id}, {"cmd", "list_subscriptions"}}.dump());
  pending_[id] = Pending{CommandKind::list, 0};
}

// ---- Connection -------------------------------------------------------------------------

void WsSession::on_connected(SessionActions& out) {
  connected_ = true;
  next_id_ = 1;
  pending_.clear();
  sid_index_.clear();
  for (auto& [key, sub] : subs_) {
    sub.sid.reset();
    sub.last_seq.reset();
    if (sub.state == SubscriptionState::failed) continue;
    if (sub.spec.channel == Channel::orderbook_delta && sub.spec.market_tickers.empty()) {
      sub.state = SubscriptionState::idle;
      continue;
    }
    send_subscribe(sub, out);
  }
}

void WsSession::on_disconnected(SessionActions& out) {
  connected_ = false;
  pending_.clear();
  for (auto& [key, sub] : subs_) {
    if (sub.sid) out.forget_sids.push_back(*sub.sid);
    sub.sid.reset();
    sub.last_seq.reset();
    sub.sent_markets.clear();
    if (sub.state != SubscriptionState::failed) sub.state = SubscriptionState::idle;
    mark_books_stale(sub, StaleReason::disconnected, out);
  }
  sid_index_.clear();
}

// ---- Incoming envelopes -----------------------------------------------------------------

void WsSession::on_subscribed(std::optional<std::int64_t> id, std::int64_t sid,
                              std::string_view channel, SessionActions& out) {
  auto pending = id ? pending_.find(*id) : pending_.end();
  if (pending == pending_.end() || pending->second.kind != CommandKind::subscribe) {
    out.issues.push_back(SessionIssue{IssueKind::unknown_reply, std::nullopt, 0,
                                      fmt::format("subscribed sid {} ({}) for no pending "
                                                  "subscribe",
                                                  sid, channel)});
    if (connected_) send_unsubscribe(sid, 0, out);
    return;
  }
  const SubKey key = pending->second.key;
  pending_.erase(pending);
  auto it = subs_.find(key);
  if (it == subs_.end()) {
    // Unsubscribed while the subscribe was in flight.
    send_unsubscribe(sid, key, out);
    return;
  }
  auto& sub = it->second;
  sub.sid = sid;
  sub.last_seq.reset();
  sub.failures = 0;
  sub.state = SubscriptionState::active;
  sid_index_[sid] = key;
  if (sub.spec.channel == Channel::orderbook_delta) {
    out.yes_price_sids.emplace_back(sid, sub.spec.use_yes_price);
  }
  // Markets added or removed while the subscribe was in flight.
  std::vector<MarketTicker> added;
  std::vector<MarketTicker> removed;
  for (const auto& t : sub.spec.market_tickers) {
    if (std::find(sub.sent_markets.begin(), sub.sent_markets.end(), t) == sub.sent_markets.end()) {
      added.push_back(t);
    }
  }
  for (const auto& t : sub.sent_markets) {
    if (std::find(sub.spec.market_tickers.begin(), sub.spec.market_tickers.end(), t) ==
        sub.spec.market_tickers.end()) {
      removed.push_back(t);
    }
  }
  if (!added.empty()) send_update(sub, "add_markets", added, out);
  if (!removed.empty()) send_update(sub, "delete_markets", removed, out);
}

SeqVerdict WsSession::on_ok(std::optional<std::int64_t> id, std::optional<std::int64_t> sid,
                            std::optional<std::int64_t> seq, SessionActions& out) {
  if (id) pending_.erase(*id);
  if (!sid) return SeqVerdict::accept;
  return check_seq(*sid, seq, out);
}

SeqVerdict WsSession::on_unsubscribed(std::optional<std::int64_t> id,
                                      std::optional<std::int64_t> sid,
                                      std::optional<std::int64_t> /*seq*/, SessionActions& out) {
  if (id) pending_.erase(*id);
  if (sid) {
    // Only abandoned sids are unsubscribed, and they left the index when abandoned; if the
    // exchange dropped a live one on its own, it has to be subscribed again.
    if (auto* sub = by_sid(*sid)) {
      sid_index_.erase(*sid);
      replace(*sub, StaleReason::sequence_gap, out);
    }
    out.forget_sids.push_back(*sid);
  }
  return SeqVerdict::ignore;
}

void WsSession::on_error(std::optional<std::int64_t> id, std::optional<std::int64_t> sid,
                         std::int64_t code, std::string_view message, SessionActions& out) {
  auto pending = id ? pending_.find(*id) : pending_.end();
  if (pending != pending_.end()) {
    const Pending p = pending->second;
    pending_.erase(pending);
    if (p.kind == CommandKind::unsubscribe && code == 7) return;  // already gone
    out.issues.push_back(SessionIssue{IssueKind::command_failed,
                                      p.key != 0 ? std::optional<SubKey>(p.key) : std::nullopt,
                                      code, std::string(message)});
    auto it = subs_.find(p.key);
    if (it == subs_.end()) return;
    auto& sub = it->second;
    if (p.kind == CommandKind::subscribe) {
      if (retryable(code) && ++sub.failures < kMaxSubscribeFailures) {
        send_subscribe(sub, out);
      } else {
        sub.state = SubscriptionState::failed;
        mark_books_stale(sub, StaleReason::sequence_gap, out);
      }
    } else if (is_terminal_error_code(code) && sub.state == SubscriptionState::active) {
      replace(sub, StaleReason::sequence_gap, out);
    }
    return;
  }
  if (!is_terminal_error_code(code)) {
    out.issues.push_back(
        SessionIssue{IssueKind::unknown_reply, std::nullopt, code, std::string(message)});
    return;
  }
  // A terminal error about a subscription: the one named, or (when it names none) every
  // live subscription, since any of them may be dead.
  std::vector<Subscription*> affected;
  if (sid) {
    if (auto* sub = by_sid(*sid)) affected.push_back(sub);
  } else {
    for (auto& [key, sub] : subs_) {
      if (sub.state == SubscriptionState::active) affected.push_back(&sub);
    }
  }
  for (auto* sub : affected) {
    out.issues.push_back(
        SessionIssue{IssueKind::subscription_lost, sub->key, code, std::string(message)});
    replace(*sub, StaleReason::sequence_gap, out);
  }
}

SeqVerdict WsSession::on_data(std::int64_t sid, std::optional<std::int64_t> seq,
                              SessionActions& out) {
  return check_seq(sid, seq, out);
}

// ---- Inspection -------------------------------------------------------------------------

const WsSession::Subscription* WsSession::find(SubKey key) const {
  auto it = subs_.find(key);
  return it == subs_.end() ? nullptr : &it->second;
}

const WsSession::Subscription* WsSession::find_by_sid(std::int64_t sid) const {
  auto it = sid_index_.find(sid);
  return it == sid_index_.end() ? nullptr : find(it->second);
}

std::vector<const WsSession::Subscription*> WsSession::subscriptions() const {
  std::vector<const Subscription*> all;
  all.reserve(subs_.size());
  for (const auto& [key, sub] : subs_) all.push_back(&sub);
  return all;
}

std::set<MarketTicker> WsSession::book_markets() const {
  std::set<MarketTicker> markets;
  for (const auto& [key, sub] : subs_) {
    if (sub.spec.channel != Channel::orderbook_delta) continue;
    markets.insert(sub.spec.market_tickers.begin(), sub.spec.market_tickers.end());
  }
  return markets;
}

// ---- Internals --------------------------------------------------------------------------

void WsSession::send_subscribe(Subscription& sub, SessionActions& out) {
  const std::int64_t id = next_id();
  nlohmann::json params{{"channels", {std::string(to_string(sub.spec.channel))}}};
  if (!sub.spec.market_tickers.empty()) {
    params["market_tickers"] = tickers_json(sub.spec.market_tickers);
  }
  switch (sub.spec.channel) {
    case Channel::orderbook_delta:
      params["use_yes_price"] = sub.spec.use_yes_price;
      break;
    case Channel::ticker:
      if (sub.spec.send_initial_snapshot) params["send_initial_snapshot"] = true;
      break;
    case Channel::cfbenchmarks_value:
      params["index_ids"] = sub.spec.index_ids;
      break;
    default:
      break;
  }
  out.commands.push_back(
      nlohmann::json{{"id", id}, {"cmd", "subscribe"}, {"params", std::move(params)}}.dump());
  pending_[id] = Pending{CommandKind::subscribe, sub.key};
  sub.sent_markets = sub.spec.market_tickers;
  if (sub.state != SubscriptionState::resubscribing) sub.state = SubscriptionState::subscribing;
}

void WsSession::send_unsubscribe(std::int64_t sid, SubKey key, SessionActions& out) {
  const std::int64_t id = next_id();
  out.commands.push_back(
      nlohmann::json{{"id", id}, {"cmd", "unsubscribe"}, {"params", {{"sids", {sid}}}}}.dump());
  pending_[id] = Pending{CommandKind::unsubscribe, key};
}

void WsSession::send_update(Subscription& sub, std::string_view action,
                            const std::vector<MarketTicker>& tickers, SessionActions& out) {
  const std::int64_t id = next_id();
  nlohmann::json cmd{{"id", id},
                     {"cmd", "update_subscription"},
                     {"params",
                      {{"sids", {*sub.sid}},
                       {"market_tickers", tickers_json(tickers)},
                       {"action", std::string(action)}}}};
  out.commands.push_back(cmd.dump());
  pending_[id] = Pending{CommandKind::update, sub.key};
  sub.sent_markets = sub.spec.market_tickers;
}

void WsSession::replace(Subscription& sub, StaleReason reason, SessionActions& out) {
  if (sub.sid) {
    sid_index_.erase(*sub.sid);
    if (connected_) send_unsubscribe(*sub.sid, sub.key, out);
  }
  sub.sid.reset();
  sub.last_seq.reset();
  mark_books_stale(sub, reason, out);
  if (!connected_) {
    sub.state = SubscriptionState::idle;
    return;
  }
  sub.state = SubscriptionState::resubscribing;
  send_subscribe(sub, out);
}

void WsSession::mark_books_stale(const Subscription& sub, StaleReason reason,
                                 SessionActions& out) const {
  if (sub.spec.channel != Channel::orderbook_delta) return;
  for (const auto& t : sub.spec.market_tickers) out.stale_books.push_back(StaleBook{t, reason});
}

SeqVerdict WsSession::check_seq(std::int64_t sid, std::optional<std::int64_t> seq,
                                SessionActions& out) {
  Subscription* sub = by_sid(sid);
  if (sub == nullptr) return SeqVerdict::ignore;
  if (!seq) return SeqVerdict::accept;
  if (sub->last_seq && *seq != *sub->last_seq + 1) {
    ++gaps_;
    out.issues.push_back(SessionIssue{
        IssueKind::sequence_gap, sub->key, 0,
        fmt::format("sid {}: expected seq {}, got {}", sid, *sub->last_seq + 1, *seq)});
    replace(*sub, StaleReason::sequence_gap, out);
    return SeqVerdict::gap;
  }
  sub->last_seq = seq;
  return SeqVerdict::accept;
}

WsSession::Subscription* WsSession::by_sid(std::int64_t sid) {
  auto it = sid_index_.find(sid);
  if (it == sid_index_.end()) return nullptr;
  auto sub = subs_.find(it->second);
  return sub == subs_.end() ? nullptr : &sub->second;
}

}  // namespace antevorta::kalshi
