// Paper value types: names and conversions to the exchange's own types.
#include "antevorta/execution/paper_types.hpp"

#include <fmt/format.h>

namespace antevorta::execution {

std::string_view to_string(PaperFillCause c) noexcept {
  switch (c) {
    case PaperFillCause::taker:
      return "taker";
    case PaperFillCause::queue:
      return "queue";
    case PaperFillCause::trade_through:
      return "trade_through";
    case PaperFillCause::book_cross:
      return "book_cross";
  }
  return "?";
}

std::string_view to_string(PaperError e) noexcept {
  switch (e) {
    case PaperError::market_not_found:
      return "market_not_found";
    case PaperError::book_stale:
      return "book_stale";
    case PaperError::order_not_found:
      return "order_not_found";
    case PaperError::rule:
      return "rule";
  }
  return "?";
}

kalshi::Fill PaperFill::to_kalshi() const {
  kalshi::Fill f;
  f.fill_id = trade_id.str();
  f.trade_id = trade_id;
  f.order_id = order_id;
  f.ticker = ticker;
  f.outcome_side = kalshi::outcome_side_of(side);
  f.book_side = side;
  f.count = count;
  f.yes_price = yes_price;
  f.no_price = yes_price.complement();
  f.is_taker = liquidity == kalshi::Liquidity::taker;
  f.fee_cost = fee;
  f.created_time = time;
  return f;
}

kalshi::Order PaperOrder::to_kalshi() const {
  kalshi::Order o;
  o.order_id = id;
  o.client_order_id = client_order_id;
  o.ticker = ticker;
  o.outcome_side = kalshi::outcome_side_of(side);
  o.book_side = side;
  o.status = status;
  o.status_text = std::string(kalshi::to_string(status));
  o.yes_price = yes_price;
  o.no_price = yes_price.complement();
  o.fill_count = fill_count;
  o.remaining_count = remaining_count;
  o.initial_count = initial_count;
  o.taker_fees = taker_fees;
  o.maker_fees = maker_fees;
  o.expiration_time = expiration;
  o.created_time = created_time;
  o.last_update_time = last_update_time;
  o.last_update_reason = std::string(sim::to_string(last_update_reason));
  return o;
}

std::string PaperRejection::describe() const {
  if (error == PaperError::rule) return fmt::format("paper: {}", sim::to_string(rule));
  return fmt::format("paper: {}", to_string(error));
}

kalshi::RestError PaperRejection::to_rest_error() const {
  kalshi::RestError e;
  e.kind = kalshi::RestErrorKind::rejected;
  switch (error) {
    case PaperError::rule:
      e.status = static_cast<unsigned>(sim::http_status(rule));
      e.code = std::string(sim::kalshi_error_code(rule));
      break;
    case PaperError::market_not_found:
      e.status = 404;
      e.code = "not_found";
      break;
    case PaperError::order_not_found:
      e.status = 404;
      e.code = "not_found";
      break;
    case PaperError::book_stale:
      e.status = 400;
      e.code = "paper_book_stale";
      break;
  }
  e.message = describe();
  return e;
}

kalshi::OrderWriteResult write_result(const PaperSubmitResult& result, Timestamp at) {
  kalshi::OrderWriteResult w;
  w.attempts = 1;
  if (!result) {
    w.outcome = kalshi::WriteOutcome::rejected;
    w.error = result.error().to_rest_error();
    return w;
  }
  w.outcome = kalshi::WriteOutcome::accepted;
  const PaperResult& r = *result;
  if (!r.order) return w;  // not produced by submit()
  const PaperOrder& o = *r.order;
  if (r.already_existed) {
    w.already_existed = true;
    w.order = o.to_kalshi();
  }
  kalshi::OrderAck ack;
  ack.order_id = o.id;
  if (!o.client_order_id.empty()) ack.client_order_id = o.client_order_id;
  ack.fill_count = o.fill_count;
  ack.remaining_count = o.remaining_count;
  ack.ts = at;
  w.ack = std::move(ack);
  return w;
}

}  // namespace antevorta::execution
