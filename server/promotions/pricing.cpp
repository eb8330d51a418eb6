#include "promotions/pricing.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <chrono>
#include <cstdio>

namespace opsdesk::server::promotions {

namespace {

using namespace std::chrono;

// Reads exactly `n` digits at `pos`.
bool digits(std::string_view s, std::size_t pos, std::size_t n, int* out) {
    if (pos + n > s.size()) {
        return false;
    }
    const auto* first = s.data() + pos;
    const auto [ptr, ec] = std::from_chars(first, first + n, *out);
    return ec == std::errc{} && ptr == first + n;
}

constexpr std::array kKinds{std::pair{Kind::Percent, std::string_view("percent")},
                            std::pair{Kind::Amount, std::string_view("amount")},
                            std::pair{Kind::BuyXGetY, std::string_view("buy_x_get_y")},
                            std::pair{Kind::FlashSale, std::string_view("flash_sale")}};

// The order of rule 2: priority, then exclusive first, then id.
bool ranksBefore(const Terms& a, const Terms& b) {
    if (a.priority != b.priority) {
        return a.priority > b.priority;
    }
    if (a.exclusive != b.exclusive) {
        return a.exclusive;
    }
    return a.id < b.id;
}

}  // namespace

std::optional<Second> parseTime(std::string_view s) {
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0;
    if (s.size() < 20 || s.size() > 40 || !digits(s, 0, 4, &y) || s[4] != '-' ||
        !digits(s, 5, 2, &mo) || s[7] != '-' || !digits(s, 8, 2, &d) ||
        (s[10] != 'T' && s[10] != 't') || !digits(s, 11, 2, &h) || s[13] != ':' ||
        !digits(s, 14, 2, &mi) || s[16] != ':' || !digits(s, 17, 2, &sec)) {
        return std::nullopt;
    }
    std::size_t pos = 19;
    if (s[pos] == '.') {
        const auto start = ++pos;
        while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
            ++pos;
        }
        if (pos == start) {
            return std::nullopt;
        }
    }
    int offset = 0;  // seconds east of UTC
    if (pos + 1 == s.size() && (s[pos] == 'Z' || s[pos] == 'z')) {
        offset = 0;
    } else if (int oh = 0, om = 0; pos + 6 == s.size() && (s[pos] == '+' || s[pos] == '-') &&
                                   digits(s, pos + 1, 2, &oh) && s[pos + 3] == ':' &&
                                   digits(s, pos + 4, 2, &om) && oh < 24 && om < 60) {
        offset = (s[pos] == '-' ? -1 : 1) * (oh * 3600 + om * 60);
    } else {
        return std::nullopt;
    }
    const year_month_day date{year{y}, month{unsigned(mo)}, day{unsigned(d)}};
    if (!date.ok() || h > 23 || mi > 59 || sec > 59) {
        return std::nullopt;
    }
    const auto days = sys_days(date).time_since_epoch().count();
    return Second(days) * 86400 + h * 3600 + mi * 60 + sec - offset;
}

std::string formatTime(Second t) {
    const auto days = t >= 0 ? t / 86400 : (t - 86399) / 86400;
    const auto rest = t - days * 86400;
    const year_month_day date{sys_days{std::chrono::days{days}}};
    char out[32];
    const int n = std::snprintf(out, sizeof out, "%04d-%02u-%02uT%02d:%02d:%02dZ", int(date.year()),
                                unsigned(date.month()), unsigned(date.day()), int(rest / 3600),
                                int(rest / 60 % 60), int(rest % 60));
    return std::string(out, std::size_t(n));
}

Second currentSecond() {
    return duration_cast<seconds>(system_clock::now().time_since_epoch()).count();
}

std::optional<Kind> kindFromString(std::string_view name) {
    for (const auto& [kind, text] : kKinds) {
        if (text == name) {
            return kind;
        }
    }
    return std::nullopt;
}

std::string_view toString(Kind kind) {
    return kKinds[std::size_t(kind)].second;
}

std::int64_t promotedPrice(const Terms& terms, std::int64_t listMinor) {
    std::int64_t price = listMinor;
    switch (terms.kind) {
        case Kind::Percent: {
            // In 128 bits: a list price near the top of bigint times 99 must not overflow.
            const auto off = (__int128(listMinor) * terms.percent + 50) / 100;
            price = listMinor - std::int64_t(off);
            break;
        }
        case Kind::Amount:
            price = listMinor - std::min(listMinor, terms.amountMinor);
            break;
        case Kind::FlashSale:
            price = std::min(listMinor, terms.flashPriceMinor);
            break;
        case Kind::BuyXGetY:
            break;
    }
    return std::clamp<std::int64_t>(price, 0, std::max<std::int64_t>(listMinor, 0));
}

Price priceAt(std::int64_t listMinor, std::span<const Terms> promotions, Second t) {
    std::vector<const Terms*> live;
    for (const auto& p : promotions) {
        if (p.inForce(t)) {
            live.push_back(&p);
        }
    }
    std::sort(live.begin(), live.end(),
              [](const Terms* a, const Terms* b) { return ranksBefore(*a, *b); });
    if (const auto cut =
            std::find_if(live.begin(), live.end(), [](const Terms* p) { return p->exclusive; });
        cut != live.end()) {
        live.erase(cut + 1, live.end());
    }
    Price out{listMinor, listMinor};
    const Terms* setter = nullptr;
    std::int64_t setterPrice = 0;
    for (const Terms* p : live) {
        if (!setsUnitPrice(p->kind)) {
            if (out.offerId == 0) {  // `live` is in order: the first is the one
                out.offerId = p->id;
                out.buy = p->buy;
                out.get = p->get;
            }
            continue;
        }
        const auto price = promotedPrice(*p, listMinor);
        if (!setter || p->priority > setter->priority ||
            (p->priority == setter->priority &&
             (price < setterPrice || (price == setterPrice && p->id < setter->id)))) {
            setter = p;
            setterPrice = price;
        }
    }
    if (setter) {
        out.priceMinor = setterPrice;
        out.promotionId = setter->id;
    }
    return out;
}

Schedule::Schedule(std::span<const ListPrice> list, std::span<const Terms> promotions) {
    std::vector<Second> at;
    for (const auto& l : list) {
        at.push_back(l.from);
    }
    for (const auto& p : promotions) {
        at.push_back(p.starts);
        at.push_back(p.ends);
        if (p.soldOut != kNever) {
            at.push_back(p.soldOut);
        }
    }
    at.push_back(kBeginning);
    std::sort(at.begin(), at.end());
    at.erase(std::unique(at.begin(), at.end()), at.end());
    starts_.clear();
    prices_.clear();
    std::size_t next = 0;  // the first list price not yet in force
    for (const Second t : at) {
        while (next < list.size() && list[next].from <= t) {
            ++next;
        }
        const auto listMinor = list.empty() ? 0 : list[next == 0 ? 0 : next - 1].minor;
        auto price = priceAt(listMinor, promotions, t);
        if (!prices_.empty() && prices_.back() == price) {
            continue;
        }
        starts_.push_back(t);
        prices_.push_back(price);
    }
}

const Price& Schedule::at(Second t) const {
    const auto it = std::upper_bound(starts_.begin(), starts_.end(), t);
    return prices_[std::size_t(it - starts_.begin()) - 1];
}

}  // namespace opsdesk::server::promotions
