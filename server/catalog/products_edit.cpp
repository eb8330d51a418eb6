// One product: read, created, edited. Every write is whole: the product, its SKUs, their price
// history and stock, the audit row and product.updated commit together or not at all.

#include <algorithm>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <map>
#include <pqxx/pqxx>
#include <set>

#include "audit/audit.h"
#include "catalog/catalog_internal.h"
#include "core/api_error.h"
#include "opsdesk/protocol/money.h"

namespace opsdesk::server::catalog {

namespace {

using protocol::ErrorCode;

constexpr std::size_t kMaxVariants = 100;
constexpr std::size_t kMaxTags = 50;
constexpr std::int64_t kMaxPrice = 1'000'000'000'000;  // ten billion in major units
constexpr std::int64_t kMaxStock = 1'000'000'000;

std::string lower(std::string s) {
    for (char& c : s) {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return s;
}

// The fields of a product a body may set (all optional on PATCH).
struct ProductFields {
    std::optional<std::string> title;
    std::optional<std::string> description;
    std::optional<std::string> status;
    bool categoryGiven = false;  // "category_id" present, maybe null (no category)
    std::optional<std::int64_t> categoryId;
    std::optional<boost::json::array> tags;
    std::optional<boost::json::object> attributes;
};

ProductFields readProductFields(const boost::json::object& body, FieldErrors& f, bool create) {
    ProductFields p;
    p.title = f.text(body, "title", "title", 500);
    if (create && !p.title && !f.errors.contains("title")) {
        f.add("title", "required");
    }
    p.description = f.text(body, "description", "description", 20000, true);
    p.status = f.text(body, "status", "status", 20);
    if (p.status && *p.status != "draft" && *p.status != "active" && *p.status != "archived") {
        f.add("status", "must be draft, active or archived");
    }
    if (const auto* c = body.if_contains("category_id")) {
        p.categoryGiven = true;
        if (c->is_int64() && c->as_int64() > 0) {
            p.categoryId = c->as_int64();
        } else if (!c->is_null()) {
            f.add("category_id", "must be a category's id or null");
        }
    }
    if (const auto* t = body.if_contains("tags")) {
        if (!t->is_array() || t->as_array().size() > kMaxTags) {
            f.add("tags", "must be a list of at most 50 tags");
        } else {
            boost::json::array tags;
            std::set<std::string> seen;
            for (const auto& tag : t->as_array()) {
                if (!tag.is_string() || tag.as_string().empty() || tag.as_string().size() > 50) {
                    f.add("tags", "each tag is text of 1 to 50 characters");
                    break;
                }
                if (seen.insert(std::string(tag.as_string())).second) {
                    tags.push_back(tag);
                }
            }
            p.tags = std::move(tags);
        }
    }
    p.attributes = f.attributes(body, "attributes", "attributes");
    return p;
}

// A variant as a body gives it: on create (and added on PATCH) with its SKU, price and
// currency; changed on PATCH with its SKU and what changes.
struct VariantFields {
    std::string sku;
    std::optional<std::string> title;
    std::optional<std::int64_t> price;
    std::optional<std::string> currency;
    std::optional<std::int64_t> stock;
    std::optional<std::int64_t> threshold;
    std::optional<boost::json::object> attributes;
};

std::optional<VariantFields> readVariant(const boost::json::value& v, const std::string& path,
                                         FieldErrors& f, bool isNew) {
    if (!v.is_object()) {
        f.add(path, "must be an object");
        return std::nullopt;
    }
    const auto& o = v.as_object();
    VariantFields out;
    const auto sku = f.text(o, "sku", path + ".sku", 64);
    if (!sku) {
        if (!f.errors.contains(path + ".sku")) {
            f.add(path + ".sku", "required");
        }
    } else if (!isSku(*sku)) {
        f.add(path + ".sku", "letters, digits, '.', '_' and '-', starting with a letter or digit");
    } else {
        out.sku = *sku;
    }
    out.title = f.text(o, "title", path + ".title", 500, true);
    out.price = f.number(o, "price_minor", path + ".price_minor", 0, kMaxPrice);
    out.currency = f.text(o, "currency", path + ".currency", 3);
    if (out.currency && !protocol::findCurrency(*out.currency)) {
        f.add(path + ".currency", "unknown currency");
    }
    out.stock = f.number(o, "stock", path + ".stock", 0, kMaxStock);
    out.threshold = f.number(o, "low_stock_threshold", path + ".low_stock_threshold", 0, kMaxStock);
    out.attributes = f.attributes(o, "attributes", path + ".attributes");
    if (isNew) {
        for (const auto& [given, name] : {std::pair{out.price.has_value(), "price_minor"},
                                          std::pair{out.currency.has_value(), "currency"}}) {
            if (!given && !f.errors.contains(path + "." + name)) {
                f.add(path + "." + name, "required");
            }
        }
    }
    return out;
}

std::vector<VariantFields> readVariantList(const boost::json::value* v, const std::string& path,
                                           FieldErrors& f, bool isNew) {
    std::vector<VariantFields> out;
    if (!v || v->is_null()) {
        return out;
    }
    if (!v->is_array() || v->as_array().size() > kMaxVariants) {
        f.add(path, "must be a list of at most 100 variants");
        return out;
    }
    std::set<std::string> seen;
    int i = 0;
    for (const auto& item : v->as_array()) {
        const std::string at = path + "[" + std::to_string(i++) + "]";
        if (auto variant = readVariant(item, at, f, isNew)) {
            if (!variant->sku.empty() && !seen.insert(lower(variant->sku)).second) {
                f.add(at + ".sku", "given twice (SKUs are the same whatever their case)");
            }
            out.push_back(std::move(*variant));
        }
    }
    return out;
}

// New variants as jsonb_to_recordset reads them (insertVariants).
boost::json::array variantRecords(const std::vector<VariantFields>& variants, int firstPosition) {
    boost::json::array out;
    int position = firstPosition;
    for (const auto& v : variants) {
        out.push_back(
            boost::json::object{{"position", position++},
                                {"sku", v.sku},
                                {"title", v.title.value_or("")},
                                {"attributes", v.attributes.value_or(boost::json::object())},
                                {"price_minor", v.price.value_or(0)},
                                {"currency", v.currency.value_or("")},
                                {"stock", v.stock.value_or(0)},
                                {"low_stock_threshold", v.threshold.value_or(0)}});
    }
    return out;
}

// Writes new SKUs of a product, each with the first row of its price history and, when it comes
// with stock, the adjustment that put it there: one statement.
void insertVariants(pqxx::transaction_base& tx, const api::Call& call, std::int64_t productId,
                    const std::vector<VariantFields>& variants, int firstPosition,
                    const std::string& priceReason) {
    if (variants.empty()) {
        return;
    }
    tx.exec_params(
        "WITH v AS (SELECT * FROM jsonb_to_recordset($2::jsonb) AS v(position int, sku text, "
        "  title text, attributes jsonb, price_minor bigint, currency text, stock int, "
        "  low_stock_threshold int)), "
        "ins AS (INSERT INTO skus (product_id, position, sku, title, attributes, price_minor, "
        "  currency, stock, low_stock_threshold) SELECT $1, position, sku, title, attributes, "
        "  price_minor, currency, stock, low_stock_threshold FROM v "
        "  RETURNING id, price_minor, currency, stock), "
        "prices AS (INSERT INTO price_history (sku_id, from_minor, to_minor, currency, reason, "
        "  actor_id, actor) SELECT id, NULL, price_minor, currency, $3, $4, $5 FROM ins) "
        "INSERT INTO stock_adjustments (sku_id, delta, stock_after, reason, actor_id, actor) "
        "SELECT id, stock, stock, 'initial stock', $4, $5 FROM ins WHERE stock <> 0",
        productId, boost::json::serialize(variantRecords(variants, firstPosition)),
        priceReason.empty() ? std::string("new variant") : priceReason, call.user().userId,
        call.user().username);
}

// 409 naming the first of these SKUs that exists already (whatever its case), if any.
void refuseTakenSkus(pqxx::transaction_base& tx, const std::vector<VariantFields>& variants) {
    if (variants.empty()) {
        return;
    }
    boost::json::array wanted;
    for (const auto& v : variants) {
        wanted.emplace_back(lower(v.sku));
    }
    const auto taken = tx.exec_params(
        "SELECT s.sku, s.product_id FROM skus s WHERE lower(s.sku) IN "
        "(SELECT jsonb_array_elements_text($1::jsonb)) ORDER BY s.sku LIMIT 1",
        boost::json::serialize(wanted));
    if (!taken.empty()) {
        const auto sku = taken[0][0].as<std::string>();
        throw ApiError(ErrorCode::Conflict,
                       "The SKU " + sku + " exists already (SKUs are the same whatever their case)",
                       {}, {{"sku", sku}, {"product_id", taken[0][1].as<std::int64_t>()}});
    }
}

// Runs a write; a SKU taken meanwhile by a concurrent write (the unique index said so) is the
// same 409 as one found taken before, naming it.
template <class Write>
http::Response namingTakenSku(api::Call& call, const std::vector<VariantFields>& added,
                              Write&& write) {
    try {
        return write();
    } catch (const pqxx::unique_violation&) {
        pqxx::read_transaction tx(call.db);
        refuseTakenSkus(tx, added);
        throw;
    }
}

void requireCategory(pqxx::transaction_base& tx, const std::optional<std::int64_t>& id) {
    if (id && tx.exec_params("SELECT 1 FROM categories WHERE id = $1 FOR SHARE", *id).empty()) {
        throw validationFailed({{"category_id", "no such category"}});
    }
}

// What the audit trail keeps of a product: the fields a person edits.
boost::json::object snapshot(pqxx::transaction_base& tx, std::int64_t id) {
    const auto r = tx.exec_params1(
        "SELECT jsonb_build_object('title', p.title, 'description', p.description, "
        "'status', p.status, 'category_id', p.category_id, 'tags', p.tags, "
        "'attributes', p.attributes, 'version', p.version, "
        "'variants', coalesce((SELECT jsonb_agg(jsonb_build_object('sku', s.sku, "
        "  'title', s.title, 'price_minor', s.price_minor, 'currency', s.currency, "
        "  'low_stock_threshold', s.low_stock_threshold, 'attributes', s.attributes) "
        "  ORDER BY s.position, s.id) FROM skus s WHERE s.product_id = p.id), '[]'))::text "
        "FROM products p WHERE p.id = $1",
        id);
    return boost::json::parse(r[0].as<std::string>()).as_object();
}

// The members that differ, before and after (the version always).
std::pair<boost::json::object, boost::json::object> changedOnly(const boost::json::object& before,
                                                                const boost::json::object& after) {
    boost::json::object b;
    boost::json::object a;
    for (const auto& [key, value] : after) {
        const auto* old = before.if_contains(key);
        if (!old || *old != value || key == "version") {
            b[key] = old ? *old : nullptr;
            a[key] = value;
        }
    }
    return {std::move(b), std::move(a)};
}

void refreshSearch(pqxx::transaction_base& tx, std::int64_t id) {
    tx.exec_params("UPDATE products p SET search = " OPSDESK_SQL_PRODUCT_SEARCH " WHERE p.id = $1",
                   id);
}

// The product's new state: the answer, its ETag, and product.updated.
http::Response answerWith(pqxx::work& tx, const api::Call& call, std::int64_t id, int status) {
    auto detail = requireDetail(tx, id);
    publishProducts(tx, {id}, &call.user());
    tx.commit();
    return api::withVersion(http::Response::json(status, std::move(detail.json)), detail.version);
}

}  // namespace

// --- shared with the other sources ---

void FieldErrors::throwIfAny(std::string message) {
    if (!errors.empty()) {
        throw validationFailed(std::move(errors), std::move(message));
    }
}

std::optional<std::string> FieldErrors::text(const boost::json::object& o, std::string_view key,
                                             const std::string& path, std::size_t max,
                                             bool allowEmpty) {
    const auto* v = o.if_contains(key);
    if (!v || v->is_null()) {
        return std::nullopt;
    }
    if (!v->is_string() || v->as_string().size() > max || (!allowEmpty && v->as_string().empty())) {
        add(path, "must be text of " + std::string(allowEmpty ? "0" : "1") + " to " +
                      std::to_string(max) + " bytes");
        return std::nullopt;
    }
    return std::string(v->as_string());
}

std::optional<std::int64_t> FieldErrors::number(const boost::json::object& o, std::string_view key,
                                                const std::string& path, std::int64_t min,
                                                std::int64_t max) {
    const auto* v = o.if_contains(key);
    if (!v || v->is_null()) {
        return std::nullopt;
    }
    if (!v->is_int64() || v->as_int64() < min || v->as_int64() > max) {
        add(path,
            "must be a whole number from " + std::to_string(min) + " to " + std::to_string(max));
        return std::nullopt;
    }
    return v->as_int64();
}

std::optional<boost::json::object> FieldErrors::attributes(const boost::json::object& o,
                                                           std::string_view key,
                                                           const std::string& path) {
    const auto* v = o.if_contains(key);
    if (!v || v->is_null()) {
        return std::nullopt;
    }
    if (!v->is_object() || v->as_object().size() > 50) {
        add(path, "must be an object of at most 50 attributes");
        return std::nullopt;
    }
    for (const auto& [name, value] : v->as_object()) {
        const bool scalar = (value.is_string() && value.as_string().size() <= 1000) ||
                            value.is_number() || value.is_bool();
        if (name.empty() || name.size() > 100 || !scalar) {
            add(path,
                "names of 1 to 100 bytes, each with text (at most 1000 bytes), a number or "
                "true/false");
            return std::nullopt;
        }
    }
    return v->as_object();
}

std::optional<ProductDetail> readDetail(pqxx::transaction_base& tx, std::int64_t id) {
    const auto r = tx.exec_params(
        "SELECT (" PRODUCT_ITEM_JSON "::jsonb || jsonb_build_object("
        "'description', p.description, 'attributes', p.attributes, "
        "'created_at', " TS("p.created_at") ", "
        "'variants', coalesce((SELECT jsonb_agg(jsonb_build_object(" OPSDESK_SQL_VARIANT_FIELDS
        ", 'attributes', s.attributes) ORDER BY s.position, s.id) "
        "  FROM skus s WHERE s.product_id = p.id), '[]'), "
        // From the top of the tree down to the product's category.
        "'category_path', coalesce((WITH RECURSIVE up AS ("
        "  SELECT c.id, c.name, c.parent_id, 0 AS depth FROM categories c WHERE c.id = p.category_id"
        "  UNION ALL SELECT c.id, c.name, c.parent_id, up.depth + 1 FROM categories c "
        "  JOIN up ON c.id = up.parent_id WHERE up.depth < 64) "
        "  SELECT jsonb_agg(jsonb_build_object('id', id, 'name', name) ORDER BY depth DESC) "
        "  FROM up), '[]'), "
        "'images', coalesce((SELECT jsonb_agg(jsonb_build_object('id', i.id, "
        "  'url', '/api/v1/images/' || i.id, "
        "  'thumbnail_url', '/api/v1/images/' || i.id || '/thumbnail', "
        "  'width', i.width, 'height', i.height) ORDER BY i.position, i.id) "
        "  FROM product_images i WHERE i.product_id = p.id), '[]')"
        "))::text, p.version FROM products p WHERE p.id = $1",
        id);
    if (r.empty()) {
        return std::nullopt;
    }
    return ProductDetail{r[0][0].as<std::string>(), r[0][1].as<int>()};
}

ProductDetail requireDetail(pqxx::transaction_base& tx, std::int64_t id) {
    auto detail = readDetail(tx, id);
    if (!detail) {
        throw notFound("No such product");
    }
    return std::move(*detail);
}

// --- handlers ---

http::Response getProduct(api::Call& call) {
    const auto id = call.idParam("id");
    pqxx::read_transaction tx(call.db);
    auto detail = requireDetail(tx, id);
    return api::withVersion(http::Response::json(200, std::move(detail.json)), detail.version);
}

http::Response createProduct(api::Call& call) {
    const auto body = call.jsonBody();
    FieldErrors f;
    const auto p = readProductFields(body, f, true);
    const auto variants = readVariantList(body.if_contains("variants"), "variants", f, true);
    const auto priceReason = f.text(body, "price_reason", "price_reason", 1000, true);
    f.throwIfAny("The product is not valid");
    return namingTakenSku(call, variants, [&] {
        pqxx::work tx(call.db);
        requireCategory(tx, p.categoryId);
        refuseTakenSkus(tx, variants);
        const auto id =
            tx.exec_params1(
                  "INSERT INTO products (title, description, status, category_id, tags, "
                  "attributes) VALUES ($1, $2, $3, $4, "
                  "ARRAY(SELECT jsonb_array_elements_text($5::jsonb)), $6::jsonb) RETURNING id",
                  *p.title, p.description.value_or(""), p.status.value_or("draft"), p.categoryId,
                  boost::json::serialize(p.tags.value_or(boost::json::array())),
                  boost::json::serialize(p.attributes.value_or(boost::json::object())))[0]
                .as<std::int64_t>();
        insertVariants(tx, call, id, variants, 0, priceReason.value_or(""));
        refreshSearch(tx, id);
        audit::record(tx, call,
                      {"product.create", "product", std::to_string(id), nullptr, snapshot(tx, id)});
        return answerWith(tx, call, id, 201);
    });
}

http::Response updateProduct(api::Call& call) {
    const auto id = call.idParam("id");
    const int expected = call.ifMatchVersion();
    const auto body = call.jsonBody();
    FieldErrors f;
    const auto p = readProductFields(body, f, false);
    std::vector<VariantFields> added;
    std::vector<VariantFields> changed;
    std::vector<std::string> removed;
    if (const auto* v = body.if_contains("variants"); v && !v->is_null()) {
        if (!v->is_object()) {
            f.add("variants", "must be {\"add\":[…],\"change\":[…],\"remove\":[\"SKU\",…]}");
        } else {
            const auto& o = v->as_object();
            added = readVariantList(o.if_contains("add"), "variants.add", f, true);
            changed = readVariantList(o.if_contains("change"), "variants.change", f, false);
            if (const auto* r = o.if_contains("remove"); r && !r->is_null()) {
                if (!r->is_array() || r->as_array().size() > kMaxVariants) {
                    f.add("variants.remove", "must be a list of at most 100 SKUs");
                } else {
                    for (const auto& sku : r->as_array()) {
                        if (!sku.is_string() || !isSku(sku.as_string())) {
                            f.add("variants.remove", "must be a list of SKUs");
                            break;
                        }
                        removed.emplace_back(sku.as_string());
                    }
                }
            }
        }
    }
    const auto priceReason = f.text(body, "price_reason", "price_reason", 1000, true);
    f.throwIfAny("The change is not valid");

    return namingTakenSku(call, added, [&] {
        pqxx::work tx(call.db);
        const auto locked =
            tx.exec_params("SELECT version FROM products WHERE id = $1 FOR UPDATE", id);
        if (locked.empty()) {
            throw notFound("No such product");
        }
        api::requireVersion(expected, locked[0][0].as<int>());
        const auto before = snapshot(tx, id);

        // The product's SKUs as they are, by their name in lower case.
        struct Current {
            std::int64_t id;
            std::string sku;
            std::int64_t price;
            std::string currency;
            int stock;
        };
        std::map<std::string, Current> current;
        int nextPosition = 0;
        for (const auto& row :
             tx.exec_params("SELECT id, sku, price_minor, currency, stock, position FROM skus "
                            "WHERE product_id = $1 ORDER BY id FOR UPDATE",
                            id)) {
            current.emplace(
                lower(row[1].as<std::string>()),
                Current{row[0].as<std::int64_t>(), row[1].as<std::string>(),
                        row[2].as<std::int64_t>(), row[3].as<std::string>(), row[4].as<int>()});
            nextPosition = std::max(nextPosition, row[5].as<int>() + 1);
        }
        FieldErrors g;
        std::set<std::string> gone;
        for (std::size_t i = 0; i < removed.size(); ++i) {
            if (!current.contains(lower(removed[i]))) {
                g.add("variants.remove[" + std::to_string(i) + "]", "not a SKU of this product");
            }
            gone.insert(lower(removed[i]));
        }
        bool pricesChange = !added.empty();
        for (std::size_t i = 0; i < changed.size(); ++i) {
            const std::string at = "variants.change[" + std::to_string(i) + "]";
            const auto it = current.find(lower(changed[i].sku));
            if (it == current.end() || gone.contains(it->first)) {
                g.add(at + ".sku", "not a SKU of this product");
                continue;
            }
            const auto& c = it->second;
            if (changed[i].stock && *changed[i].stock != c.stock) {
                g.add(at + ".stock",
                      "stock changes by adjustments with a reason "
                      "(POST /skus/{sku}/stock-adjustments)");
            }
            pricesChange = pricesChange || (changed[i].price && *changed[i].price != c.price) ||
                           (changed[i].currency && *changed[i].currency != c.currency);
        }
        for (std::size_t i = 0; i < added.size(); ++i) {
            if (current.contains(lower(added[i].sku))) {
                g.add("variants.add[" + std::to_string(i) + "].sku",
                      "is a SKU of this product already");
            }
        }
        if (current.size() - gone.size() + added.size() > kMaxVariants) {
            g.add("variants", "a product has at most 100 variants");
        }
        g.throwIfAny("The change is not valid");
        // Setting a price is the price permission's, on top of the route's catalog.write.
        if (pricesChange && !call.user().has(protocol::Permission::CatalogPrice)) {
            throw ApiError(
                ErrorCode::Forbidden, "Changing prices needs the price permission", {},
                {{"required_permission", protocol::toString(protocol::Permission::CatalogPrice)}})
                .audited({"product.price_change_refused",
                          "product",
                          std::to_string(id),
                          {{"attempted", body.at("variants")}}});
        }
        if (p.categoryGiven) {
            requireCategory(tx, p.categoryId);
        }
        refuseTakenSkus(tx, added);

        tx.exec_params(
            "UPDATE products SET title = coalesce($2, title), "
            "description = coalesce($3, description), status = coalesce($4, status), "
            "category_id = CASE WHEN $5 THEN $6 ELSE category_id END, "
            "tags = CASE WHEN $7::jsonb IS NULL THEN tags "
            "  ELSE ARRAY(SELECT jsonb_array_elements_text($7::jsonb)) END, "
            "attributes = coalesce($8::jsonb, attributes) WHERE id = $1",
            id, p.title, p.description, p.status, p.categoryGiven, p.categoryId,
            p.tags ? std::optional(boost::json::serialize(*p.tags)) : std::nullopt,
            p.attributes ? std::optional(boost::json::serialize(*p.attributes)) : std::nullopt);
        for (const auto& sku : gone) {
            tx.exec_params("DELETE FROM skus WHERE id = $1", current.at(sku).id);
        }
        for (const auto& v : changed) {
            const auto& c = current.at(lower(v.sku));
            const auto price = v.price.value_or(c.price);
            const auto currency = v.currency.value_or(c.currency);
            tx.exec_params(
                "UPDATE skus SET title = coalesce($2, title), "
                "attributes = coalesce($3::jsonb, attributes), price_minor = $4, currency = $5, "
                "low_stock_threshold = coalesce($6, low_stock_threshold), updated_at = now() "
                "WHERE id = $1",
                c.id, v.title,
                v.attributes ? std::optional(boost::json::serialize(*v.attributes)) : std::nullopt,
                price, currency, v.threshold);
            if (price != c.price || currency != c.currency) {
                tx.exec_params(
                    "INSERT INTO price_history (sku_id, from_minor, to_minor, currency, reason, "
                    "actor_id, actor) VALUES ($1, $2, $3, $4, $5, $6, $7)",
                    c.id, c.price, price, currency, priceReason.value_or(""), call.user().userId,
                    call.user().username);
            }
        }
        insertVariants(tx, call, id, added, nextPosition, priceReason.value_or(""));
        auto after = snapshot(tx, id);
        after["version"] = before.at("version");
        if (after == before) {
            // Nothing changes: the product stays at its version, and nothing is written (the
            // transaction is not committed).
            auto detail = requireDetail(tx, id);
            return api::withVersion(http::Response::json(200, std::move(detail.json)),
                                    detail.version);
        }
        tx.exec_params(
            "UPDATE products p SET version = version + 1, updated_at = now(), "
            "search = " OPSDESK_SQL_PRODUCT_SEARCH " WHERE p.id = $1",
            id);
        after["version"] = before.at("version").as_int64() + 1;
        auto [was, is] = changedOnly(before, after);
        if (priceReason && !priceReason->empty()) {
            is["price_reason"] = *priceReason;
        }
        audit::record(
            tx, call,
            {"product.update", "product", std::to_string(id), std::move(was), std::move(is)});
        return answerWith(tx, call, id, 200);
    });
}

}  // namespace opsdesk::server::catalog
