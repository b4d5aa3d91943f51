// GoogleTest printers for the value types the kalshi tests compare (found by
// argument-dependent lookup), so failures show "0.4200 x 13.00" instead of bytes.
#pragma once

#include <ostream>

#include "antevorta/core/fixed.hpp"
#include "antevorta/kalshi/order_book.hpp"

namespace antevorta {
inline void PrintTo(Price p, std::ostream* os) { *os << p.to_string(); }
inline void PrintTo(Count c, std::ostream* os) { *os << c.to_string(); }
namespace kalshi {
inline void PrintTo(const BookLevel& l, std::ostream* os) {
  *os << l.price.to_string() << " x " << l.size.to_string();
}
inline void PrintTo(const OrderBook::Quote& q, std::ostream* os) {
  *os << q.price.to_string() << " x " << q.size.to_string();
}
}  // namespace kalshi
}  // namespace antevorta
