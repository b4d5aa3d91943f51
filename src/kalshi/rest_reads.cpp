// The REST client's typed reads: market data, account, portfolio, and pagination.
#include <set>

#include <boost/asio/use_awaitable.hpp>
#include <fmt/format.h>

#include "antevorta/kalshi/rest_client.hpp"

#include "kalshi/rest_internal.hpp"

namespace antevorta::kalshi {

namespace asio = boost::asio;
using detail::decode;
using detail::QueryBuilder;
using detail::url_encode;

namespace {

constexpr std::size_t kOrderbooksPerCall = 100;

RestClient::Call get(std::string path, std::string query = {}) {
  RestClient::Call c;
  c.method = "GET";
  c.path = std::move(path);
  c.query = std::move(query);
  c.bucket = BucketKind::read;
  return c;
}

RestError paging_error(std::string message) {
  return RestError{RestErrorKind::bad_response, 0, {}, std::move(message), {}};
}

// Fetches pages from query.cursor until the cursor comes back empty.
template <class Item, class Query, class Fetch>
asio::awaitable<RestResult<std::vector<Item>>> collect(Query query, Fetch fetch, int max_pages) {
  std::vector<Item> out;
  std::set<std::string> seen;
  if (!query.cursor.empty()) seen.insert(query.cursor);
  for (int pages = 1;; ++pages) {
    auto page = co_await fetch(query);
    if (!page) co_return unexpected(page.error());
    for (auto& item : page->items) out.push_back(std::move(item));
    if (page->cursor.empty()) co_return out;
    if (!seen.insert(page->cursor).second) {
      co_return unexpected(paging_error(fmt::format("cursor \"{}\" repeated", page->cursor)));
    }
    if (pages >= max_pages) {
      co_return unexpected(paging_error(fmt::format("more than {} pages", max_pages)));
    }
    query.cursor = std::move(page->cursor);
  }
}

std::string_view to_query(OrderStatus s) { return to_string(s); }

}  // namespace

asio::awaitable<RestResult<AccountLimits>> RestClient::account_limits() {
  auto r = co_await read(get("/account/limits"));
  if (!r) co_return unexpected(r.error());
  co_return decode<AccountLimits>(*r, parse_account_limits);
}

asio::awaitable<RestResult<AccountLimits>> RestClient::load_account_limits() {
  auto r = co_await account_limits();
  if (r) configure_limits(*r);
  co_return r;
}

asio::awaitable<RestResult<EndpointCostsInfo>> RestClient::load_endpoint_costs() {
  auto r = co_await read(get("/account/endpoint_costs"));
  if (!r) co_return unexpected(r.error());
  auto info = decode<EndpointCostsInfo>(*r, parse_endpoint_costs);
  if (info) limiter_.set_costs(EndpointCosts::from(*info));
  co_return info;
}

asio::awaitable<RestResult<ExchangeStatus>> RestClient::exchange_status() {
  auto r = co_await read(get("/exchange/status"));
  if (!r) co_return unexpected(r.error());
  co_return decode<ExchangeStatus>(*r, parse_exchange_status);
}

asio::awaitable<RestResult<Page<Market>>> RestClient::markets(MarketQuery q) {
  QueryBuilder b;
  b.opt("limit", q.limit).opt("cursor", q.cursor).opt("event_ticker", q.event_ticker);
  b.opt("series_ticker", q.series_ticker).opt("tickers", detail::join(q.tickers));
  if (q.status) b.add("status", detail::to_query(*q.status));
  if (q.mve_filter) b.add("mve_filter", detail::to_query(*q.mve_filter));
  b.opt("min_created_ts", q.min_created_ts).opt("max_created_ts", q.max_created_ts);
  b.opt("min_close_ts", q.min_close_ts).opt("max_close_ts", q.max_close_ts);
  b.opt("min_settled_ts", q.min_settled_ts).opt("max_settled_ts", q.max_settled_ts);
  b.opt("min_updated_ts", q.min_updated_ts);
  auto r = co_await read(get("/markets", b.str()));
  if (!r) co_return unexpected(r.error());
  co_return decode<Page<Market>>(*r, parse_markets_response);
}

asio::awaitable<RestResult<std::vector<Market>>> RestClient::all_markets(MarketQuery q) {
  co_return co_await collect<Market>(
      std::move(q), [this](MarketQuery p) { return markets(std::move(p)); }, options_.max_pages);
}

asio::awaitable<RestResult<Market>> RestClient::market(MarketTicker ticker) {
  auto r = co_await read(get("/markets/" + url_encode(ticker.str())));
  if (!r) co_return unexpected(r.error());
  co_return decode<Market>(*r, parse_market_response);
}

asio::awaitable<RestResult<RestOrderbook>> RestClient::orderbook(MarketTicker ticker, int depth) {
  QueryBuilder b;
  if (depth > 0) b.add("depth", std::to_string(depth));
  auto r = co_await read(get("/markets/" + url_encode(ticker.str()) + "/orderbook", b.str()));
  if (!r) co_return unexpected(r.error());
  auto book = decode<RestOrderbook>(*r, parse_orderbook_response);
  if (book && book->ticker.empty()) book->ticker = std::move(ticker);
  co_return book;
}

asio::awaitable<RestResult<std::vector<RestOrderbook>>> RestClient::orderbooks(
    std::vector<MarketTicker> tickers) {
  std::vector<RestOrderbook> out;
  for (std::size_t begin = 0; begin < tickers.size(); begin += kOrderbooksPerCall) {
    const std::size_t end = std::min(tickers.size(), begin + kOrderbooksPerCall);
    QueryBuilder b;  // the parameter repeats: a comma-joined value returns one book
    for (std::size_t i = begin; i < end; ++i) b.add("tickers", tickers[i].str());
    auto r = co_await read(get("/markets/orderbooks", b.str()));
    if (!r) co_return unexpected(r.error());
    auto books = decode<std::vector<RestOrderbook>>(*r, parse_orderbooks_response);
    if (!books) co_return unexpected(books.error());
    for (auto& book : *books) out.push_back(std::move(book));
  }
  co_return out;
}

asio::awaitable<RestResult<Page<Event>>> RestClient::events(EventQuery q) {
  QueryBuilder b;
  b.opt("limit", q.limit).opt("cursor", q.cursor);
  if (q.with_nested_markets) b.add("with_nested_markets", "true");
  if (q.status) b.add("status", detail::to_query(*q.status));
  b.opt("series_ticker", q.series_ticker).opt("tickers", detail::join(q.tickers));
  b.opt("min_close_ts", q.min_close_ts).opt("min_updated_ts", q.min_updated_ts);
  auto r = co_await read(get("/events", b.str()));
  if (!r) co_return unexpected(r.error());
  co_return decode<Page<Event>>(*r, parse_events_response);
}

asio::awaitable<RestResult<Event>> RestClient::event(EventTicker ticker, bool with_nested_markets) {
  QueryBuilder b;
  b.add("with_nested_markets", with_nested_markets ? "true" : "false");
  auto r = co_await read(get("/events/" + url_encode(ticker.str()), b.str()));
  if (!r) co_return unexpected(r.error());
  co_return decode<Event>(*r, parse_event_response);
}

asio::awaitable<RestResult<Series>> RestClient::series(SeriesTicker ticker) {
  auto r = co_await read(get("/series/" + url_encode(ticker.str())));
  if (!r) co_return unexpected(r.error());
  co_return decode<Series>(*r, parse_series_response);
}

asio::awaitable<RestResult<Page<Trade>>> RestClient::trades(TradeQuery q) {
  QueryBuilder b;
  b.opt("ticker", q.ticker).opt("min_ts", q.min_ts).opt("max_ts", q.max_ts);
  b.opt("limit", q.limit).opt("cursor", q.cursor).opt("is_block_trade", q.is_block_trade);
  auto r = co_await read(get("/markets/trades", b.str()));
  if (!r) co_return unexpected(r.error());
  co_return decode<Page<Trade>>(*r, parse_trades_response);
}

asio::awaitable<RestResult<Balance>> RestClient::balance(std::optional<int> exchange_index) {
  QueryBuilder b;
  b.opt("exchange_index", exchange_index);
  auto r = co_await read(get("/portfolio/balance", b.str()));
  if (!r) co_return unexpected(r.error());
  co_return decode<Balance>(*r, parse_balance);
}

asio::awaitable<RestResult<PositionsPage>> RestClient::positions(PositionQuery q) {
  QueryBuilder b;
  b.opt("limit", q.limit).opt("cursor", q.cursor).opt("count_filter", q.count_filter);
  b.opt("ticker", q.ticker).opt("event_ticker", q.event_ticker);
  b.opt("subaccount", q.subaccount).opt("exchange_index", q.exchange_index);
  auto r = co_await read(get("/portfolio/positions", b.str()));
  if (!r) co_return unexpected(r.error());
  co_return decode<PositionsPage>(*r, parse_positions_response);
}

asio::awaitable<RestResult<PositionsPage>> RestClient::all_positions(PositionQuery q) {
  PositionsPage all;
  std::set<std::string> seen;
  if (!q.cursor.empty()) seen.insert(q.cursor);
  for (int pages = 1;; ++pages) {
    auto page = co_await positions(q);
    if (!page) co_return unexpected(page.error());
    for (auto& p : page->market_positions) all.market_positions.push_back(std::move(p));
    for (auto& p : page->event_positions) all.event_positions.push_back(std::move(p));
    if (page->cursor.empty()) co_return all;
    if (!seen.insert(page->cursor).second || pages >= options_.max_pages) {
      co_return unexpected(
          paging_error(fmt::format("cursor \"{}\" repeated or too many pages", page->cursor)));
    }
    q.cursor = std::move(page->cursor);
  }
}

asio::awaitable<RestResult<Page<Order>>> RestClient::orders(OrderQuery q) {
  QueryBuilder b;
  b.opt("ticker", q.ticker).opt("event_ticker", detail::join(q.event_tickers));
  b.opt("min_ts", q.min_ts).opt("max_ts", q.max_ts);
  if (q.status) b.add("status", to_query(*q.status));
  b.opt("limit", q.limit).opt("cursor", q.cursor);
  b.opt("subaccount", q.subaccount).opt("exchange_index", q.exchange_index);
  auto r = co_await read(get("/portfolio/orders", b.str()));
  if (!r) co_return unexpected(r.error());
  co_return decode<Page<Order>>(*r, parse_orders_response);
}

asio::awaitable<RestResult<std::vector<Order>>> RestClient::all_orders(OrderQuery q) {
  co_return co_await collect<Order>(
      std::move(q), [this](OrderQuery p) { return orders(std::move(p)); }, options_.max_pages);
}

asio::awaitable<RestResult<Order>> RestClient::order(OrderId order_id) {
  auto r = co_await read(get("/portfolio/orders/" + url_encode(order_id.str())));
  if (!r) co_return unexpected(r.error());
  co_return decode<Order>(*r, parse_order_response);
}

asio::awaitable<RestResult<Page<Fill>>> RestClient::fills(FillQuery q) {
  QueryBuilder b;
  b.opt("ticker", q.ticker).opt("order_id", q.order_id);
  b.opt("min_ts", q.min_ts).opt("max_ts", q.max_ts);
  b.opt("limit", q.limit).opt("cursor", q.cursor);
  b.opt("subaccount", q.subaccount).opt("exchange_index", q.exchange_index);
  auto r = co_await read(get("/portfolio/fills", b.str()));
  if (!r) co_return unexpected(r.error());
  co_return decode<Page<Fill>>(*r, parse_fills_response);
}

asio::awaitable<RestResult<std::vector<Fill>>> RestClient::all_fills(FillQuery q) {
  co_return co_await collect<Fill>(
      std::move(q), [this](FillQuery p) { return fills(std::move(p)); }, options_.max_pages);
}

asio::awaitable<RestResult<Page<Settlement>>> RestClient::settlements(SettlementQuery q) {
  QueryBuilder b;
  b.opt("limit", q.limit).opt("cursor", q.cursor);
  b.opt("ticker", q.ticker).opt("event_ticker", q.event_ticker);
  b.opt("min_ts", q.min_ts).opt("max_ts", q.max_ts).opt("subaccount", q.subaccount);
  auto r = co_await read(get("/portfolio/settlements", b.str()));
  if (!r) co_return unexpected(r.error());
  co_return decode<Page<Settlement>>(*r, parse_settlements_response);
}

}  // namespace antevorta::kalshi
