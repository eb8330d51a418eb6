#pragma once

#include <string>
#include <string_view>

namespace opsdesk::server::db {

// A LIKE pattern that matches `text` anywhere in a value, its %, _ and \ taken as they are.
inline std::string likePattern(std::string_view text) {
    std::string out = "%";
    for (const char c : text) {
        if (c == '%' || c == '_' || c == '\\') {
            out.push_back('\\');
        }
        out.push_back(c);
    }
    out.push_back('%');
    return out;
}

}  // namespace opsdesk::server::db
