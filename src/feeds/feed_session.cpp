#include "antevorta/feeds/feed_session.hpp"

#include <cassert>
#include <chrono>
#include <utility>

#include <fmt/format.h>

namespace antevorta::feeds {

namespace {

std::string silence(Duration d) {
  return fmt::format("no data for {}s",
                     std::chrono::duration_cast<std::chrono::seconds>(d).count());
}

}  // namespace

FeedSession::FeedSession(std::string source, Duration stale_after, Duration stale_reconnect)
    : source_(std::move(source)), stale_after_(stale_after), stale_reconnect_(stale_reconnect) {
  assert(stale_after_ > Duration::zero());
  assert(stale_reconnect_ == Duration::zero() || stale_reconnect_ > stale_after_);
}

SessionStep FeedSession::move_to(FeedState next, std::string detail, Timestamp now) {
  SessionStep step;
  state_ = next;
  FeedStateChanged& e = step.announce.emplace();
  e.source = source_;
  e.state = next;
  e.detail = std::move(detail);
  e.at = now;
  return step;
}

SessionStep FeedSession::start(Timestamp now) {
  if (started_) return {};
  started_ = true;
  return move_to(FeedState::connecting, {}, now);
}

SessionStep FeedSession::connected(Timestamp now) {
  if (!started_ || state_ == FeedState::down) return {};
  connected_ = true;
  closing_ = false;
  connected_at_ = now;
  last_tick_.reset();
  return {};
}

SessionStep FeedSession::frame(const FrameResult& result, Timestamp now) {
  if (!connected_) return {};
  switch (result.status) {
    case FrameStatus::data:
      if (result.ticks == 0) return {};
      last_tick_ = now;
      if (state_ != FeedState::live) return move_to(FeedState::live, {}, now);
      return {};
    case FrameStatus::error: {
      closing_ = true;
      SessionStep step;
      step.reconnect = true;
      step.reason = fmt::format("venue error: {}", result.text);
      return step;
    }
    case FrameStatus::shutdown: {
      closing_ = true;
      SessionStep step;
      step.reconnect = true;
      step.reason = "server shutdown";
      return step;
    }
    case FrameStatus::subscribed:
    case FrameStatus::heartbeat:
    case FrameStatus::info:
    case FrameStatus::ignored:
    case FrameStatus::malformed:
      break;
  }
  return {};
}

SessionStep FeedSession::check(Timestamp now) {
  if (!connected_ || closing_) return {};
  const Duration quiet = now - reference();
  if (stale_reconnect_ > Duration::zero() && quiet >= stale_reconnect_) {
    closing_ = true;
    SessionStep step;
    step.reconnect = true;
    step.reason = silence(quiet);
    return step;
  }
  if (quiet >= stale_after_ && state_ != FeedState::stale) {
    return move_to(FeedState::stale, silence(quiet), now);
  }
  return {};
}

SessionStep FeedSession::failed(Timestamp now, std::string_view error) {
  if (!started_ || state_ == FeedState::down) return {};
  connected_ = false;
  last_tick_.reset();
  return move_to(FeedState::connecting, std::string(error), now);
}

SessionStep FeedSession::stopped(Timestamp now) {
  connected_ = false;
  if (!started_ || state_ == FeedState::down) return {};
  return move_to(FeedState::down, "stopped", now);
}

std::optional<Timestamp> FeedSession::next_check() const noexcept {
  if (!connected_ || closing_) return std::nullopt;
  if (state_ != FeedState::stale) return reference() + stale_after_;
  if (stale_reconnect_ == Duration::zero()) return std::nullopt;
  return reference() + stale_reconnect_;
}

}  // namespace antevorta::feeds
