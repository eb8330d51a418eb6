#pragma once

// Which price a SKU has at a given second: pure functions of its list prices over time and the
// promotions that target it, with no database and no clock, so the price book (price_book.h),
// the claims and the tests all compute it the same way. The rules are written out for people in
// docs/API.md ("Which promotion sets the price").

#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace opsdesk::server::promotions {

// A moment to the second: seconds since 1970-01-01T00:00:00Z.
using Second = std::int64_t;
inline constexpr Second kBeginning = std::numeric_limits<Second>::min();
inline constexpr Second kNever = std::numeric_limits<Second>::max();

// "2026-06-18T00:00:00Z", also with a fraction (dropped: the second it falls in) or an offset
// ("+08:00"); nullopt for anything else.
std::optional<Second> parseTime(std::string_view text);
// The contract's form, "2026-06-18T00:00:00Z".
std::string formatTime(Second t);
// The second it is now, by this machine's clock.
Second currentSecond();

enum class Kind { Percent, Amount, BuyXGetY, FlashSale };
std::optional<Kind> kindFromString(std::string_view name);
std::string_view toString(Kind kind);
// Percent, amount and flash sale change the unit price; buy-x-get-y does not (it is an offer
// for the checkout, reported beside the price).
inline bool setsUnitPrice(Kind kind) {
    return kind != Kind::BuyXGetY;
}

// A promotion as pricing sees it.
struct Terms {
    std::int64_t id = 0;
    Kind kind = Kind::Percent;
    Second starts = 0;
    Second ends = 0;          // the earlier of ends_at and ended_at: out of force from this second
    Second soldOut = kNever;  // a flash sale that reached its cap sets no price from this second
    int priority = 0;
    bool exclusive = false;
    std::int64_t percent = 0;
    std::int64_t amountMinor = 0;
    std::int64_t flashPriceMinor = 0;
    int buy = 0;
    int get = 0;

    bool inForce(Second t) const {
        return starts <= t && t < ends && (kind != Kind::FlashSale || t < soldOut);
    }
};

// The unit price `terms` makes of a list price: never below 0 nor above the list price. A
// percentage takes off the discount rounded to the nearest minor unit (halves up).
std::int64_t promotedPrice(const Terms& terms, std::int64_t listMinor);

// What the storefront is told about a SKU at one second.
struct Price {
    std::int64_t listMinor = 0;
    std::int64_t priceMinor = 0;
    std::int64_t promotionId = 0;  // the promotion that set price_minor; 0 for none
    std::int64_t offerId = 0;      // a buy-x-get-y in force beside it; 0 for none
    int buy = 0;
    int get = 0;

    bool operator==(const Price&) const = default;
};

// The price at second `t` given the list price then and the promotions targeting the SKU:
// 1. only promotions in force at `t` count;
// 2. ordered by priority (highest first), an exclusive one before others of its priority, then
//    by id: the first exclusive one shuts out every promotion after it in that order;
// 3. of those left, the unit price comes from the highest priority, then the lowest price it
//    gives, then the lowest id; the offer from the buy-x-get-y of highest priority, lowest id.
Price priceAt(std::int64_t listMinor, std::span<const Terms> promotions, Second t);

// A list price in force from `from` (until the next one); before the first, the first's.
struct ListPrice {
    Second from = kBeginning;
    std::int64_t minor = 0;
};

// A SKU's answer for every second, precomputed: the price changes only at a list price change
// or a promotion's start, end or sell-out, so between two of those seconds it is one answer.
class Schedule {
public:
    Schedule() = default;
    // `list` in order of `from`; at least one.
    Schedule(std::span<const ListPrice> list, std::span<const Terms> promotions);

    const Price& at(Second t) const;
    // The seconds at which the answer changes, in order (the first segment starts at the
    // beginning of time).
    std::span<const Second> changes() const { return {starts_.data() + 1, starts_.size() - 1}; }

private:
    std::vector<Second> starts_{kBeginning};
    std::vector<Price> prices_{Price{}};
};

}  // namespace opsdesk::server::promotions
