#pragma once

// Membership of a virtual category as one SQL condition over a product row: a manual one's
// hand-picked products, a rule's conditions evaluated by PostgreSQL when the query runs (so
// membership follows every product change at once, with nothing to rebuild). The product list's
// virtual_category_id filter, the members list, the preview, the storefront's price book and the
// promotions' overlaps all use this one translation.

#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <pqxx/connection_base>
#include <pqxx/transaction_base>
#include <string>
#include <string_view>
#include <vector>

namespace opsdesk::server::promotions {

class Fields;

// A saved rule: a product is a member when it meets every condition the rule names.
struct Rule {
    std::optional<std::int64_t> categoryId;
    bool includeDescendants = true;  // the category's subcategories, at any depth
    // A SKU of the product in `currency` priced within [min, max] (in stock, when inStock); a
    // price condition needs the currency.
    std::optional<std::int64_t> minPriceMinor;
    std::optional<std::int64_t> maxPriceMinor;
    std::optional<std::string> currency;
    std::vector<std::string> tagsAny;               // at least one of these tags
    std::optional<boost::json::object> attributes;  // the product's attributes contain these
    std::optional<bool> inStock;                    // a SKU with stock above 0 (false: none)
    std::vector<std::string> statuses;              // draft, active, archived

    // The rule as stored and answered (only the conditions it names).
    boost::json::object toJson() const;
};

// Reads a rule strictly; every problem goes into `fields` under "<path>.<condition>" (unknown
// conditions by name). Does not check that the category exists.
Rule readRule(const boost::json::value& value, Fields& fields, const std::string& path = "rule");

// The rule as a condition on the product row `product` (an alias such as "p"), its values
// written as quoted literals, so it can stand anywhere in a query without parameters.
std::string ruleCondition(const Rule& rule, pqxx::connection_base& c,
                          std::string_view product = "p");

// The membership condition of a virtual category from its stored row (kind "manual" or "rule",
// and the rule's JSON text).
std::string membershipCondition(std::int64_t id, std::string_view kind, std::string_view ruleJson,
                                pqxx::connection_base& c, std::string_view product = "p");

// The membership condition of virtual category `id` as it is stored now, on the product row
// `product`; nullopt when there is no such virtual category. For the product list:
//     if (const auto member = virtualCategoryCondition(tx, id, "p")) where += " AND " + *member;
std::optional<std::string> virtualCategoryCondition(pqxx::transaction_base& tx, std::int64_t id,
                                                    std::string_view product = "p");

}  // namespace opsdesk::server::promotions
