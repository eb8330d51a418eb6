#include "opsdesk/protocol/money.h"

#include <array>
#include <limits>

namespace opsdesk::protocol {

namespace {

constexpr std::array kCurrencies{
    Currency{"CNY", 2}, Currency{"USD", 2}, Currency{"EUR", 2}, Currency{"GBP", 2},
    Currency{"HKD", 2}, Currency{"JPY", 0}, Currency{"KRW", 0}, Currency{"SGD", 2},
    Currency{"AUD", 2}, Currency{"CAD", 2}, Currency{"CHF", 2}, Currency{"TWD", 2},
    Currency{"KWD", 3}, Currency{"BHD", 3},
};

}  // namespace

std::span<const Currency> currencies() {
    return kCurrencies;
}

std::optional<Currency> findCurrency(std::string_view code) {
    for (const auto& c : kCurrencies) {
        if (c.code == code) {
            return c;
        }
    }
    return std::nullopt;
}

std::string formatDecimal(std::int64_t minor, const Currency& currency) {
    const bool negative = minor < 0;
    // Work in unsigned so that INT64_MIN formats correctly.
    std::uint64_t magnitude =
        negative ? 0 - static_cast<std::uint64_t>(minor) : static_cast<std::uint64_t>(minor);
    std::string digits = std::to_string(magnitude);
    const auto exp = static_cast<std::size_t>(currency.exponent);
    if (exp > 0) {
        if (digits.size() <= exp) {
            digits.insert(0, exp - digits.size() + 1, '0');
        }
        digits.insert(digits.size() - exp, 1, '.');
    }
    return negative ? "-" + digits : digits;
}

std::optional<std::int64_t> parseDecimal(std::string_view text, const Currency& currency) {
    bool negative = false;
    if (!text.empty() && text.front() == '-') {
        negative = true;
        text.remove_prefix(1);
    }
    if (text.empty()) {
        return std::nullopt;
    }
    std::uint64_t value = 0;
    int fraction = -1;  // -1: not in the fraction part yet
    bool sawDigit = false;
    constexpr std::uint64_t kLimit =
        static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
    for (char ch : text) {
        if (ch == '.') {
            if (fraction >= 0 || currency.exponent == 0) {
                return std::nullopt;
            }
            fraction = 0;
            continue;
        }
        if (ch < '0' || ch > '9') {
            return std::nullopt;
        }
        if (fraction >= 0 && ++fraction > currency.exponent) {
            return std::nullopt;
        }
        sawDigit = true;
        if (value > (kLimit - static_cast<std::uint64_t>(ch - '0')) / 10) {
            return std::nullopt;
        }
        value = value * 10 + static_cast<std::uint64_t>(ch - '0');
    }
    if (!sawDigit) {
        return std::nullopt;
    }
    for (int i = fraction < 0 ? 0 : fraction; i < currency.exponent; ++i) {
        if (value > kLimit / 10) {
            return std::nullopt;
        }
        value *= 10;
    }
    const auto signedValue = static_cast<std::int64_t>(value);
    return negative ? -signedValue : signedValue;
}

std::optional<std::int64_t> checkedAdd(std::int64_t a, std::int64_t b) {
    std::int64_t r = 0;
    if (__builtin_add_overflow(a, b, &r)) {
        return std::nullopt;
    }
    return r;
}

std::optional<std::int64_t> checkedMul(std::int64_t a, std::int64_t b) {
    std::int64_t r = 0;
    if (__builtin_mul_overflow(a, b, &r)) {
        return std::nullopt;
    }
    return r;
}

}  // namespace opsdesk::protocol
