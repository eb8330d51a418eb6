#include "promotions/virtual_category_sql.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <pqxx/pqxx>

#include "opsdesk/protocol/money.h"
#include "promotions/fields.h"

namespace opsdesk::server::promotions {

namespace {

// Limits of a rule: enough for any real merchandising rule, small enough that a rule can never
// make a costly query by its size alone.
constexpr std::size_t kMaxTags = 20;
constexpr std::size_t kMaxAttributes = 20;
constexpr std::int64_t kMaxPriceMinor = 1'000'000'000'000;
constexpr std::string_view kStatuses[] = {"draft", "active", "archived"};

std::string quoted(pqxx::connection_base& c, const std::string& text) {
    return c.quote(text);
}

std::string textArray(pqxx::connection_base& c, const std::vector<std::string>& items) {
    std::string out = "ARRAY[";
    for (std::size_t i = 0; i < items.size(); ++i) {
        out += (i ? "," : "") + quoted(c, items[i]);
    }
    return out + "]::text[]";
}

}  // namespace

boost::json::object Rule::toJson() const {
    boost::json::object o;
    if (categoryId) {
        o["category_id"] = *categoryId;
        o["include_descendants"] = includeDescendants;
    }
    if (minPriceMinor) {
        o["min_price_minor"] = *minPriceMinor;
    }
    if (maxPriceMinor) {
        o["max_price_minor"] = *maxPriceMinor;
    }
    if (currency) {
        o["currency"] = *currency;
    }
    if (!tagsAny.empty()) {
        o["tags_any"] = boost::json::value_from(tagsAny);
    }
    if (attributes) {
        o["attributes"] = *attributes;
    }
    if (inStock) {
        o["in_stock"] = *inStock;
    }
    if (!statuses.empty()) {
        o["status"] = boost::json::value_from(statuses);
    }
    return o;
}

Rule readRule(const boost::json::value& value, Fields& fields, const std::string& path) {
    Rule rule;
    if (!value.is_object()) {
        fields.fail(path, "must be an object of conditions");
        return rule;
    }
    const auto& o = value.as_object();
    const std::string at = path + ".";
    fields.onlyKnown(o,
                     {"category_id", "include_descendants", "min_price_minor", "max_price_minor",
                      "currency", "tags_any", "attributes", "in_stock", "status"},
                     at);
    rule.categoryId = fields.integer(o, "category_id", at + "category_id", 1, INT64_MAX);
    if (const auto d = fields.boolean(o, "include_descendants", at + "include_descendants")) {
        rule.includeDescendants = *d;
    }
    rule.minPriceMinor =
        fields.integer(o, "min_price_minor", at + "min_price_minor", 0, kMaxPriceMinor);
    rule.maxPriceMinor =
        fields.integer(o, "max_price_minor", at + "max_price_minor", 0, kMaxPriceMinor);
    if (rule.minPriceMinor && rule.maxPriceMinor && *rule.minPriceMinor > *rule.maxPriceMinor) {
        fields.fail(at + "max_price_minor", "must not be below min_price_minor");
    }
    rule.currency = fields.text(o, "currency", at + "currency", 3);
    if (rule.currency && !protocol::findCurrency(*rule.currency)) {
        fields.fail(at + "currency", "unknown currency");
    }
    if ((rule.minPriceMinor || rule.maxPriceMinor) && !rule.currency) {
        fields.fail(at + "currency", "required with a price range (prices are per currency)");
    }
    if (auto tags = fields.texts(o, "tags_any", at + "tags_any", kMaxTags, 100)) {
        if (tags->empty()) {
            fields.fail(at + "tags_any", "must name at least one tag (or be left out)");
        }
        rule.tagsAny = std::move(*tags);
    }
    if (const auto* a = o.if_contains("attributes"); a && !a->is_null()) {
        bool good =
            a->is_object() && !a->as_object().empty() && a->as_object().size() <= kMaxAttributes;
        if (good) {
            for (const auto& kv : a->as_object()) {
                const auto& v = kv.value();
                good = good && !kv.key().empty() && kv.key().size() <= 100 &&
                       ((v.is_string() && v.as_string().size() <= 200) || v.is_number() ||
                        v.is_bool());
            }
        }
        if (good) {
            rule.attributes = a->as_object();
        } else {
            fields.fail(at + "attributes",
                        "must be an object of 1 to 20 attributes, each a name and a text, number "
                        "or true/false value");
        }
    }
    rule.inStock = fields.boolean(o, "in_stock", at + "in_stock");
    if (auto statuses = fields.texts(o, "status", at + "status", 3, 20)) {
        for (const auto& s : *statuses) {
            if (std::find(std::begin(kStatuses), std::end(kStatuses), s) == std::end(kStatuses)) {
                fields.fail(at + "status", "unknown status: " + s);
            }
        }
        if (statuses->empty()) {
            fields.fail(at + "status", "must name at least one status (or be left out)");
        }
        rule.statuses = std::move(*statuses);
    }
    return rule;
}

std::string ruleCondition(const Rule& rule, pqxx::connection_base& c, std::string_view product) {
    const std::string p(product);
    std::string out = "(TRUE";
    if (rule.categoryId) {
        const auto id = std::to_string(*rule.categoryId);
        if (rule.includeDescendants) {
            // UNION, not UNION ALL: a cycle someone made in the tree ends the walk instead of
            // running it forever.
            out += " AND " + p + ".category_id IN (WITH RECURSIVE sub(id) AS (SELECT " + id +
                   "::bigint UNION SELECT c.id FROM categories c JOIN sub ON c.parent_id = sub.id) "
                   "SELECT id FROM sub)";
        } else {
            out += " AND " + p + ".category_id = " + id;
        }
    }
    if (!rule.statuses.empty()) {
        out += " AND " + p + ".status = ANY (" + textArray(c, rule.statuses) + ")";
    }
    if (!rule.tagsAny.empty()) {
        out += " AND " + p + ".tags && " + textArray(c, rule.tagsAny);
    }
    if (rule.attributes) {
        out += " AND " + p + ".attributes @> " +
               quoted(c, boost::json::serialize(*rule.attributes)) + "::jsonb";
    }
    // Price and stock are a SKU's: one SKU must meet all of them together.
    std::string sku;
    if (rule.currency) {
        sku += " AND rs.currency = " + quoted(c, *rule.currency);
    }
    if (rule.minPriceMinor) {
        sku += " AND rs.price_minor >= " + std::to_string(*rule.minPriceMinor);
    }
    if (rule.maxPriceMinor) {
        sku += " AND rs.price_minor <= " + std::to_string(*rule.maxPriceMinor);
    }
    if (rule.inStock.value_or(false)) {
        sku += " AND rs.stock > 0";
    }
    if (!sku.empty()) {
        out += " AND EXISTS (SELECT 1 FROM skus rs WHERE rs.product_id = " + p + ".id" + sku + ")";
    }
    if (rule.inStock && !*rule.inStock) {
        out += " AND NOT EXISTS (SELECT 1 FROM skus rs WHERE rs.product_id = " + p +
               ".id AND rs.stock > 0)";
    }
    return out + ")";
}

std::string membershipCondition(std::int64_t id, std::string_view kind, std::string_view ruleJson,
                                pqxx::connection_base& c, std::string_view product) {
    if (kind == "manual") {
        return "(" + std::string(product) +
               ".id IN (SELECT product_id FROM virtual_category_products "
               "WHERE virtual_category_id = " +
               std::to_string(id) + "))";
    }
    // Stored rules were validated when they were saved; one edited by hand at psql that no
    // longer reads matches nothing rather than everything.
    Fields problems;
    boost::system::error_code ec;
    const auto json = boost::json::parse(ruleJson, ec);
    const auto rule = ec ? Rule{} : readRule(json, problems);
    if (ec || !problems.ok()) {
        return "FALSE";
    }
    return ruleCondition(rule, c, product);
}

std::optional<std::string> virtualCategoryCondition(pqxx::transaction_base& tx, std::int64_t id,
                                                    std::string_view product) {
    const auto row = tx.exec_params(
        "SELECT kind, coalesce(rule::text, '') FROM virtual_categories WHERE id = $1", id);
    if (row.empty()) {
        return std::nullopt;
    }
    return membershipCondition(id, row[0][0].c_str(), row[0][1].c_str(), tx.conn(), product);
}

}  // namespace opsdesk::server::promotions
