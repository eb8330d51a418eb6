#include "promotions/fields.h"

#include <algorithm>
#include <set>

#include "core/api_error.h"
#include "promotions/pricing.h"

namespace opsdesk::server::promotions {

namespace {

const boost::json::value* member(const boost::json::object& o, std::string_view key) {
    const auto* v = o.if_contains(key);
    return v && !v->is_null() ? v : nullptr;
}

// Characters, not bytes: a limit of 200 means 200 Chinese characters too.
std::size_t characters(std::string_view s) {
    return std::size_t(std::count_if(
        s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

}  // namespace

void Fields::onlyKnown(const boost::json::object& o, std::initializer_list<std::string_view> known,
                       std::string_view prefix) {
    for (const auto& kv : o) {
        if (std::find(known.begin(), known.end(), kv.key()) == known.end()) {
            fail(std::string(prefix) + std::string(kv.key()), "unknown field");
        }
    }
}

std::optional<std::string> Fields::text(const boost::json::object& o, std::string_view key,
                                        const std::string& path, std::size_t maxChars,
                                        bool required) {
    const auto* v = member(o, key);
    if (!v) {
        if (required) {
            fail(path, "required");
        }
        return std::nullopt;
    }
    if (!v->is_string() || v->as_string().empty() || characters(v->as_string()) > maxChars) {
        fail(path, "must be text of 1 to " + std::to_string(maxChars) + " characters");
        return std::nullopt;
    }
    return std::string(v->as_string());
}

std::optional<std::int64_t> Fields::integer(const boost::json::object& o, std::string_view key,
                                            const std::string& path, std::int64_t min,
                                            std::int64_t max, bool required) {
    const auto* v = member(o, key);
    if (!v) {
        if (required) {
            fail(path, "required");
        }
        return std::nullopt;
    }
    std::int64_t n = 0;
    if (v->is_int64()) {
        n = v->as_int64();
    } else if (v->is_uint64() && v->as_uint64() <= std::uint64_t(max)) {
        n = std::int64_t(v->as_uint64());
    } else {
        fail(path,
             "must be a whole number from " + std::to_string(min) + " to " + std::to_string(max));
        return std::nullopt;
    }
    if (n < min || n > max) {
        fail(path,
             "must be a whole number from " + std::to_string(min) + " to " + std::to_string(max));
        return std::nullopt;
    }
    return n;
}

std::optional<bool> Fields::boolean(const boost::json::object& o, std::string_view key,
                                    const std::string& path) {
    const auto* v = member(o, key);
    if (!v) {
        return std::nullopt;
    }
    if (!v->is_bool()) {
        fail(path, "must be true or false");
        return std::nullopt;
    }
    return v->as_bool();
}

std::optional<std::vector<std::string>> Fields::texts(const boost::json::object& o,
                                                      std::string_view key, const std::string& path,
                                                      std::size_t maxItems, std::size_t maxChars) {
    const auto* v = member(o, key);
    if (!v) {
        return std::nullopt;
    }
    const std::string why = "must be a list of at most " + std::to_string(maxItems) +
                            " different texts of 1 to " + std::to_string(maxChars) + " characters";
    if (!v->is_array() || v->as_array().size() > maxItems) {
        fail(path, why);
        return std::nullopt;
    }
    std::vector<std::string> out;
    std::set<std::string> seen;
    for (const auto& item : v->as_array()) {
        if (!item.is_string() || item.as_string().empty() ||
            characters(item.as_string()) > maxChars ||
            !seen.insert(std::string(item.as_string())).second) {
            fail(path, why);
            return std::nullopt;
        }
        out.emplace_back(item.as_string());
    }
    return out;
}

std::optional<std::vector<std::int64_t>> Fields::ids(const boost::json::object& o,
                                                     std::string_view key, const std::string& path,
                                                     std::size_t maxItems) {
    const auto* v = member(o, key);
    if (!v) {
        return std::nullopt;
    }
    const std::string why =
        "must be a list of at most " + std::to_string(maxItems) + " different ids";
    if (!v->is_array() || v->as_array().size() > maxItems) {
        fail(path, why);
        return std::nullopt;
    }
    std::vector<std::int64_t> out;
    std::set<std::int64_t> seen;
    for (const auto& item : v->as_array()) {
        if (!item.is_int64() || item.as_int64() < 1 || !seen.insert(item.as_int64()).second) {
            fail(path, why);
            return std::nullopt;
        }
        out.push_back(item.as_int64());
    }
    return out;
}

std::optional<std::int64_t> Fields::time(const boost::json::object& o, std::string_view key,
                                         const std::string& path, bool required) {
    const auto* v = member(o, key);
    if (!v) {
        if (required) {
            fail(path, "required");
        }
        return std::nullopt;
    }
    const auto t = v->is_string() ? parseTime(v->as_string()) : std::nullopt;
    if (!t || v->as_string().find('.') != boost::json::string::npos) {
        fail(path, "must be an RFC 3339 time in whole seconds (2026-06-18T00:00:00Z)");
        return std::nullopt;
    }
    return t;
}

void Fields::fail(const std::string& path, std::string why) {
    errors_.emplace(path, std::move(why));  // the first reason a field gives is kept
}

void Fields::throwIfAny(std::string message) const {
    if (!errors_.empty()) {
        throw validationFailed(errors_, std::move(message));
    }
}

}  // namespace opsdesk::server::promotions
