#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace opsdesk::protocol {

// Money on the wire is an integer count of the currency's minor units next to an ISO 4217 code.
// Never a float anywhere.
struct Currency {
    std::string_view code;  // "CNY"
    int exponent;           // number of minor-unit digits: 2 for CNY, 0 for JPY
};

std::optional<Currency> findCurrency(std::string_view code);
// Every currency the server knows, the shop's own (CNY) first: what a form offers.
std::span<const Currency> currencies();

struct Money {
    std::int64_t minor = 0;
    std::string currency;  // ISO 4217

    friend bool operator==(const Money&, const Money&) = default;
};

// "12999", "CNY" -> "129.99"; negative amounts keep their sign ("-0.50"). No grouping and no
// currency symbol: presentation is the client's job (locale-aware), this is the plain decimal.
std::string formatDecimal(std::int64_t minor, const Currency& currency);

// "129.99" -> 12999 for a currency with two digits. Accepts an optional leading '-', digits, and
// at most `exponent` fraction digits after '.'. Refuses anything else and values that would
// overflow int64.
std::optional<std::int64_t> parseDecimal(std::string_view text, const Currency& currency);

// Checked arithmetic for sums of minor units (totals, refunds).
std::optional<std::int64_t> checkedAdd(std::int64_t a, std::int64_t b);
std::optional<std::int64_t> checkedMul(std::int64_t a, std::int64_t b);

}  // namespace opsdesk::protocol
