// The typed event bus every component talks through (DESIGN §1).
//
//   auto sub = bus.subscribe<BookUpdated>([&](const BookUpdated& e) { … });
//   bus.publish(BookUpdated{…});
//
// Contract:
// - Run-to-completion: publish() from outside a handler delivers at once, to every
//   subscriber of that type in subscription order, then drains whatever the handlers
//   published. publish() from inside a handler only queues; the event is delivered after
//   the current event has reached all its subscribers. Handlers are never re-entered.
// - Order: events are delivered in the order they were published (FIFO), across types.
// - Subscriptions are RAII: destroying (or reset()ing) the Subscription unsubscribes. A
//   handler unsubscribed during dispatch is not called afterwards, even for the event being
//   dispatched; a handler subscribed during dispatch first sees the next event.
// - A subscription may outlive the bus; it then does nothing.
// - One thread: the bus is not thread-safe (it lives on the io_context's thread).
// - Errors: a handler that throws is a bug; the bus logs it (event type, what()), counts it
//   in handler_errors() and goes on with the next handler, so one faulty component cannot
//   silence the others.
// - Bound: at most max_queued events may wait (default 1,000,000). Exceeding it means a
//   handler feedback loop; publish() throws BusOverflow (a broken invariant).
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <typeinfo>
#include <utility>
#include <vector>

#include "antevorta/core/logging.hpp"

namespace antevorta {

class BusOverflow : public std::logic_error {
 public:
  using std::logic_error::logic_error;
};

class EventBus;

namespace detail {
class ChannelBase {
 public:
  virtual ~ChannelBase() = default;
  virtual void unsubscribe(std::uint64_t id) noexcept = 0;
};
std::size_t next_event_type_index() noexcept;
template <class E>
std::size_t event_type_index() noexcept {
  static const std::size_t index = next_event_type_index();
  return index;
}
}  // namespace detail

class [[nodiscard]] Subscription {
 public:
  Subscription() = default;
  Subscription(std::weak_ptr<detail::ChannelBase> channel, std::uint64_t id)
      : channel_(std::move(channel)), id_(id) {}
  Subscription(Subscription&& o) noexcept : channel_(std::move(o.channel_)), id_(o.id_) {
    o.channel_.reset();
  }
  Subscription& operator=(Subscription&& o) noexcept {
    if (this != &o) {
      reset();
      channel_ = std::move(o.channel_);
      id_ = o.id_;
      o.channel_.reset();
    }
    return *this;
  }
  Subscription(const Subscription&) = delete;
  Subscription& operator=(const Subscription&) = delete;
  ~Subscription() { reset(); }

  void reset() noexcept {
    if (auto c = channel_.lock()) c->unsubscribe(id_);
    channel_.reset();
  }
  bool active() const noexcept { return !channel_.expired(); }

 private:
  std::weak_ptr<detail::ChannelBase> channel_;
  std::uint64_t id_ = 0;
};

class EventBus {
 public:
  explicit EventBus(Logger logger = null_logger("bus"), std::size_t max_queued = 1'000'000)
      : logger_(std::move(logger)), max_queued_(max_queued) {}
  EventBus(const EventBus&) = delete;
  EventBus& operator=(const EventBus&) = delete;

  template <class E, class F>
  Subscription subscribe(F&& handler) {
    auto& channel = channel_for<E>();
    const std::uint64_t id = ++next_subscription_id_;
    channel.slots.push_back({id, std::function<void(const E&)>(std::forward<F>(handler))});
    return Subscription(channel_ptr<E>(), id);
  }

  template <class E>
  void publish(E event) {
    if (dispatching_) {
      if (queue_.size() >= max_queued_) {
        throw BusOverflow("event bus queue exceeded " + std::to_string(max_queued_) +
                          " events; a handler is publishing in a loop");
      }
      queue_.push_back(std::make_unique<Queued<E>>(std::move(event)));
      return;
    }
    dispatching_ = true;
    struct Reset {
      bool& flag;
      ~Reset() { flag = false; }
    } reset{dispatching_};
    deliver(event);
    drain();
  }

  template <class E>
  std::size_t subscriber_count() const {
    const std::size_t index = detail::event_type_index<E>();
    if (index >= channels_.size() || !channels_[index]) return 0;
    std::size_t n = 0;
    for (const auto& s : static_cast<const Channel<E>&>(*channels_[index]).slots) {
      n += s.removed ? 0 : 1;
    }
    return n;
  }

  std::size_t queued() const noexcept { return queue_.size(); }
  std::uint64_t handler_errors() const noexcept { return handler_errors_; }
  std::uint64_t delivered() const noexcept { return delivered_; }

 private:
  template <class E>
  struct Channel final : detail::ChannelBase {
    struct Slot {
      std::uint64_t id;
      std::function<void(const E&)> handler;
      bool removed = false;
    };
    // A deque: subscribing during dispatch appends without moving the handler that is
    // running. Removal during dispatch only marks the slot; it is erased afterwards.
    std::deque<Slot> slots;
    bool in_dispatch = false;
    bool needs_compaction = false;

    void unsubscribe(std::uint64_t id) noexcept override {
      for (auto& s : slots) {
        if (s.id == id && !s.removed) {
          s.removed = true;
          if (in_dispatch) {
            needs_compaction = true;
          } else {
            compact();
          }
          return;
        }
      }
    }
    void compact() noexcept {
      std::erase_if(slots, [](const Slot& x) { return x.removed; });
      needs_compaction = false;
    }
  };

  struct QueuedBase {
    virtual ~QueuedBase() = default;
    virtual void deliver(EventBus& bus) = 0;
  };
  template <class E>
  struct Queued final : QueuedBase {
    explicit Queued(E e) : event(std::move(e)) {}
    void deliver(EventBus& bus) override { bus.deliver(event); }
    E event;
  };

  template <class E>
  Channel<E>& channel_for() {
    const std::size_t index = detail::event_type_index<E>();
    if (index >= channels_.size()) channels_.resize(index + 1);
    if (!channels_[index]) channels_[index] = std::make_shared<Channel<E>>();
    return static_cast<Channel<E>&>(*channels_[index]);
  }
  template <class E>
  std::shared_ptr<detail::ChannelBase> channel_ptr() {
    return channels_[detail::event_type_index<E>()];
  }

  template <class E>
  void deliver(const E& event) {
    const std::size_t index = detail::event_type_index<E>();
    if (index >= channels_.size() || !channels_[index]) return;
    // Channels are never removed and live on the heap, so this reference survives handlers
    // that subscribe to new types (growing channels_) or drop every subscription.
    auto& channel = static_cast<Channel<E>&>(*channels_[index]);
    channel.in_dispatch = true;
    const std::size_t n = channel.slots.size();  // later subscribers wait for the next event
    for (std::size_t i = 0; i < n; ++i) {
      auto& slot = channel.slots[i];
      if (slot.removed) continue;
      try {
        slot.handler(event);
      } catch (const std::exception& e) {
        ++handler_errors_;
        logger_->error("bus_handler_failed event={} error={}", log_value(typeid(E).name()),
                       log_value(e.what()));
      } catch (...) {
        ++handler_errors_;
        logger_->error("bus_handler_failed event={} error=unknown", log_value(typeid(E).name()));
      }
      ++delivered_;
    }
    channel.in_dispatch = false;
    if (channel.needs_compaction) channel.compact();
  }

  void drain() {
    while (!queue_.empty()) {
      auto next = std::move(queue_.front());
      queue_.pop_front();
      next->deliver(*this);
    }
  }

  Logger logger_;
  std::size_t max_queued_;
  std::vector<std::shared_ptr<detail::ChannelBase>> channels_;
  std::deque<std::unique_ptr<QueuedBase>> queue_;
  bool dispatching_ = false;
  std::uint64_t next_subscription_id_ = 0;
  std::uint64_t handler_errors_ = 0;
  std::uint64_t delivered_ = 0;
};

}  // namespace antevorta
