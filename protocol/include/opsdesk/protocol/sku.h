#pragma once

#include <algorithm>
#include <string_view>

namespace opsdesk::protocol {

// What a SKU may be, wherever one is typed, imported or read from a path: 1 to 64 ASCII letters,
// digits and . _ -, starting with a letter or digit (no '/', so it stands in a URL path as it is).
// The schema holds the same rule (skus.sku's CHECK in 0011_catalog.sql).
inline constexpr std::size_t kMaxSkuLength = 64;

inline bool isSku(std::string_view s) {
    const auto alnum = [](char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    };
    if (s.empty() || s.size() > kMaxSkuLength || !alnum(s.front())) {
        return false;
    }
    return std::all_of(s.begin() + 1, s.end(),
                       [&](char c) { return alnum(c) || c == '.' || c == '_' || c == '-'; });
}

}  // namespace opsdesk::protocol
