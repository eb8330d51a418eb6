#pragma once

// Reading the promotions module's request bodies strictly: every member checked against its
// type and limits, members nobody asked for refused by name, and all problems of a body
// reported at once (422 `validation_failed` with `fields`).

#include <boost/json/object.hpp>
#include <cstdint>
#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace opsdesk::server::promotions {

class Fields {
public:
    // Member names `o` may have; any other is reported as "<prefix><name>": "unknown field".
    void onlyKnown(const boost::json::object& o, std::initializer_list<std::string_view> known,
                   std::string_view prefix = {});

    // Each reader answers nullopt when the member is absent or null (reported when `required`)
    // and when it is not valid (reported).
    std::optional<std::string> text(const boost::json::object& o, std::string_view key,
                                    const std::string& path, std::size_t maxChars,
                                    bool required = false);
    std::optional<std::int64_t> integer(const boost::json::object& o, std::string_view key,
                                        const std::string& path, std::int64_t min, std::int64_t max,
                                        bool required = false);
    std::optional<bool> boolean(const boost::json::object& o, std::string_view key,
                                const std::string& path);
    // An array of distinct strings of 1 to maxChars characters, at most maxItems of them.
    std::optional<std::vector<std::string>> texts(const boost::json::object& o,
                                                  std::string_view key, const std::string& path,
                                                  std::size_t maxItems, std::size_t maxChars);
    // An array of distinct positive ids, at most maxItems of them.
    std::optional<std::vector<std::int64_t>> ids(const boost::json::object& o, std::string_view key,
                                                 const std::string& path, std::size_t maxItems);
    // An RFC 3339 time in whole seconds, as seconds since the epoch.
    std::optional<std::int64_t> time(const boost::json::object& o, std::string_view key,
                                     const std::string& path, bool required = false);

    void fail(const std::string& path, std::string why);
    bool ok() const { return errors_.empty(); }
    // 422 `validation_failed` naming every field reported, unless there is none.
    void throwIfAny(std::string message) const;

private:
    std::map<std::string, std::string> errors_;
};

}  // namespace opsdesk::server::promotions
