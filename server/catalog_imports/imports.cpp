// The dry run of a catalog import: the file read (csv_reader), its rows checked and compared with
// the catalog, and what each row would change written to catalog_import_rows. The catalog itself
// is only read.

#include "catalog_imports/imports.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <pqxx/pqxx>
#include <unordered_map>

#include "audit/audit.h"
#include "catalog/csv_reader.h"
#include "catalog_imports/import_rows.h"
#include "catalog_imports/imports_internal.h"
#include "core/api_error.h"
#include "opsdesk/protocol/money.h"
#include "opsdesk/protocol/permissions.h"

namespace opsdesk::server::catalog_imports {

namespace {

using protocol::ErrorCode;

// A row is at most 64 KiB (a title is at most 500 characters, 50 tags of 100): more is not a
// product file. The rows cap keeps a dry run's memory and time bounded with the 20 MiB body.
constexpr csv::Limits kLimits{64 * 1024, 64, 100'000};
// An answer lists at most this many errors (error_count says how many there are): a file with
// more is the wrong file, and the first ones say why.
constexpr std::size_t kMaxListedErrors = 1000;

std::string_view reasonCode(csv::ErrorKind kind) {
    switch (kind) {
        case csv::ErrorKind::Empty:
            return "empty";
        case csv::ErrorKind::NotUtf8:
            return "not_utf8";
        case csv::ErrorKind::NulByte:
            return "nul_byte";
        case csv::ErrorKind::UnclosedQuote:
            return "unclosed_quote";
        case csv::ErrorKind::AfterQuote:
            return "text_after_quote";
        case csv::ErrorKind::RecordTooLong:
            return "line_too_long";
        case csv::ErrorKind::TooManyColumns:
            return "too_many_columns";
        case csv::ErrorKind::TooManyRows:
            return "too_many_rows";
    }
    return "unreadable";
}

std::string jsonString(std::string_view s) {
    return boost::json::serialize(boost::json::string_view(s.data(), s.size()));
}

std::string jsonStrings(const std::vector<std::string>& items) {
    std::string out = "[";
    for (const auto& item : items) {
        out += out.size() > 1 ? "," : "";
        out += jsonString(item);
    }
    return out + "]";
}

template <class T>
std::string jsonOr(const std::optional<T>& v, std::string (*write)(const T&)) {
    return v ? write(*v) : "null";
}

std::string jsonText(const std::string& s) {
    return jsonString(s);
}
std::string jsonInt(const std::int64_t& v) {
    return std::to_string(v);
}
std::string jsonList(const std::vector<std::string>& v) {
    return jsonStrings(v);
}

// A SKU as the catalog has it now, with its product.
struct Existing {
    std::int64_t skuId = 0;
    std::int64_t productId = 0;
    int version = 0;
    std::string variantTitle;
    std::int64_t price = 0;
    std::string currency;
    std::int64_t stock = 0;
    std::int64_t lowStock = 0;
    std::string productTitle;
    std::string status;
    std::optional<std::int64_t> categoryId;
    std::vector<std::string> tags;
};

std::unordered_map<std::string, Existing> readExisting(pqxx::transaction_base& tx,
                                                       const std::vector<ImportRow>& rows) {
    std::vector<std::string> keys;
    keys.reserve(rows.size());
    for (const auto& row : rows) {
        if (!row.key.empty()) {
            keys.push_back(row.key);
        }
    }
    std::unordered_map<std::string, Existing> out;
    if (keys.empty()) {
        return out;
    }
    const auto result = tx.exec_params(
        "SELECT k.key, s.id, s.product_id, p.version, s.title, s.price_minor, s.currency, "
        "s.stock, s.low_stock_threshold, p.title, p.status, p.category_id, to_json(p.tags) "
        "FROM json_array_elements_text($1::json) AS k(key) "
        "JOIN skus s ON lower(s.sku) = k.key JOIN products p ON p.id = s.product_id",
        jsonStrings(keys));
    out.reserve(result.size());
    for (const auto& r : result) {
        Existing e;
        e.skuId = r[1].as<std::int64_t>();
        e.productId = r[2].as<std::int64_t>();
        e.version = r[3].as<int>();
        e.variantTitle = r[4].as<std::string>();
        e.price = r[5].as<std::int64_t>();
        e.currency = r[6].as<std::string>();
        e.stock = r[7].as<std::int64_t>();
        e.lowStock = r[8].as<std::int64_t>();
        e.productTitle = r[9].as<std::string>();
        e.status = r[10].as<std::string>();
        if (!r[11].is_null()) {
            e.categoryId = r[11].as<std::int64_t>();
        }
        const auto tags = boost::json::parse(r[12].c_str());  // kept: the loop reads into it
        for (const auto& tag : tags.as_array()) {
            e.tags.emplace_back(tag.as_string());
        }
        out.emplace(r[0].as<std::string>(), std::move(e));
    }
    return out;
}

// The category tree by path ("Tea/Green tea"), matched whatever the case, as categories' names
// are unique per parent whatever the case.
struct Categories {
    std::unordered_map<std::string, std::int64_t> byPath;  // lower-case path → id
    std::unordered_map<std::int64_t, std::string> pathOf;

    static Categories read(pqxx::transaction_base& tx) {
        struct Node {
            std::string name;
            std::optional<std::int64_t> parent;
        };
        std::unordered_map<std::int64_t, Node> nodes;
        for (const auto& r : tx.exec("SELECT id, name, parent_id FROM categories")) {
            nodes[r[0].as<std::int64_t>()] = {
                r[1].as<std::string>(),
                r[2].is_null() ? std::nullopt : std::optional(r[2].as<std::int64_t>())};
        }
        Categories c;
        for (const auto& [id, node] : nodes) {
            std::string path = node.name;
            auto parent = node.parent;
            for (int depth = 0; parent && depth < 100; ++depth) {
                const auto& p = nodes.at(*parent);
                path = p.name + "/" + path;
                parent = p.parent;
            }
            c.byPath.emplace(lowerAscii(path), id);
            c.pathOf.emplace(id, std::move(path));
        }
        return c;
    }
};

// The product fields of one product, as the rows that name it give them (they must agree).
struct ProductValues {
    std::size_t firstRow = 0;  // index of the product's first row in the file
    std::optional<std::string> title;
    std::optional<std::string> status;
    std::optional<std::string> category;  // the path as written
    std::optional<std::vector<std::string>> tags;
};

// What one row does once compared with the catalog.
struct Outcome {
    enum class Kind { Invalid, Create, Update, Unchanged } kind = Kind::Invalid;
    const Existing* existing = nullptr;
    std::string productKey;  // "p<id>" for an existing product, "n<title>" for a new one
    std::optional<std::int64_t> price;
    std::optional<std::string> currency;
    std::optional<std::int64_t> categoryId;  // resolved from the product's path
    bool firstOfProduct = false;
};

struct Change {
    std::string sku;
    std::string_view field;
    std::string from;  // JSON
    std::string to;    // JSON
};

class DryRun {
public:
    DryRun(const api::Call& call, const csv::Table& table, const ColumnMap& columns)
        : call_(call), table_(table), columns_(columns) {}

    void compare(pqxx::transaction_base& tx) {
        rows_ = readRows(table_, columns_, &errors_);
        findDuplicates();
        existing_ = readExisting(tx, rows_);
        if (columns_.has(Column::Category)) {
            categories_ = Categories::read(tx);
        }
        outcomes_.resize(rows_.size());
        for (std::size_t i = 0; i < rows_.size(); ++i) {
            resolve(i);
        }
        for (std::size_t i = 0; i < rows_.size(); ++i) {
            describe(i);
        }
        sortErrors(errors_);
    }

    // The import and (when the file has no error) its rows; returns the import's id.
    std::int64_t store(pqxx::transaction_base& tx, std::size_t bytes) {
        const auto id =
            tx.exec_params1(
                  "INSERT INTO catalog_imports (created_by, byte_size, row_count, creates, "
                  "updates, unchanged, error_count, changes_price) "
                  "VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
                  call_.user().userId, static_cast<std::int64_t>(bytes),
                  static_cast<std::int64_t>(rows_.size()), creates_, updates_, unchanged_,
                  static_cast<std::int64_t>(errors_.size()), changesPrice_)[0]
                .as<std::int64_t>();
        if (errors_.empty() && !rows_.empty()) {
            tx.exec_params(
                "INSERT INTO catalog_import_rows (import_id, line, kind, sku, sku_id, product_id, "
                "product_version, group_line, product_title, variant_title, price_minor, "
                "currency, stock, low_stock_threshold, status, category_id, tags) "
                "SELECT $1, line, kind, sku, sku_id, product_id, product_version, group_line, "
                "product_title, variant_title, price_minor, currency, stock, "
                "low_stock_threshold, status, category_id, "
                "CASE WHEN tags IS NULL THEN NULL "
                "ELSE ARRAY(SELECT json_array_elements_text(tags)) END "
                "FROM json_to_recordset($2::json) AS r(line integer, kind text, sku text, "
                "sku_id bigint, product_id bigint, product_version integer, group_line integer, "
                "product_title text, variant_title text, price_minor bigint, currency text, "
                "stock integer, low_stock_threshold integer, status text, category_id bigint, "
                "tags json)",
                id, rowsJson());
        }
        audit::record(tx, call_,
                      {"catalog_import.dry_run", "catalog_import", std::to_string(id), nullptr,
                       boost::json::object{{"bytes", bytes},
                                           {"rows", rows_.size()},
                                           {"creates", creates_},
                                           {"updates", updates_},
                                           {"unchanged", unchanged_},
                                           {"error_count", errors_.size()}}});
        return id;
    }

    std::string answer(std::int64_t id) const {
        std::string out;
        out.reserve(256 + changes_.size() * 64);
        out += "{\"id\":" + std::to_string(id) + ",\"status\":\"dry_run\"";
        out += ",\"rows\":" + std::to_string(rows_.size());
        out += ",\"creates\":" + std::to_string(creates_);
        out += ",\"updates\":" + std::to_string(updates_);
        out += ",\"unchanged\":" + std::to_string(unchanged_);
        out += ",\"error_count\":" + std::to_string(errors_.size());
        out += std::string(",\"changes_price\":") + (changesPrice_ ? "true" : "false");
        out += ",\"errors\":[";
        for (std::size_t i = 0; i < errors_.size() && i < kMaxListedErrors; ++i) {
            const auto& e = errors_[i];
            out += i ? "," : "";
            out += "{\"line\":" + std::to_string(e.line) + ",\"column\":" +
                   (e.column.empty() ? std::string("null") : jsonString(e.column)) +
                   ",\"message\":" + jsonString(e.message) + "}";
        }
        out += "],\"changes\":[";
        for (std::size_t i = 0; i < changes_.size(); ++i) {
            const auto& c = changes_[i];
            out += i ? "," : "";
            out += "{\"sku\":" + jsonString(c.sku) + ",\"field\":" + jsonString(c.field) +
                   ",\"from\":" + c.from + ",\"to\":" + c.to + "}";
        }
        out += "]}";
        return out;
    }

private:
    void error(std::size_t i, std::optional<Column> column, std::string message) {
        errors_.push_back(rowError(table_, columns_, rows_[i].line, column, std::move(message)));
        rows_[i].valid = false;
    }

    // The same SKU twice (whatever the case): an error on each of its lines.
    void findDuplicates() {
        std::unordered_map<std::string, std::size_t> first;
        for (std::size_t i = 0; i < rows_.size(); ++i) {
            if (rows_[i].key.empty()) {
                continue;
            }
            const auto [it, inserted] = first.emplace(rows_[i].key, i);
            if (inserted) {
                continue;
            }
            const auto j = it->second;
            error(j, Column::Sku,
                  "SKU " + rows_[j].sku + " appears again on line " +
                      std::to_string(rows_[i].line) + ": each SKU once per file");
            error(i, Column::Sku,
                  "SKU " + rows_[i].sku + " appears already on line " +
                      std::to_string(rows_[j].line) + ": each SKU once per file");
        }
    }

    // The price in minor units of a row whose currency is `currency`.
    std::optional<std::int64_t> price(std::size_t i, const std::string& currency) {
        const auto& row = rows_[i];
        if (row.priceMinor) {
            return row.priceMinor;
        }
        if (!row.priceText) {
            return std::nullopt;
        }
        const auto known = protocol::findCurrency(currency);
        if (!known) {
            error(i, Column::Price,
                  "the price of a SKU in " + currency +
                      " cannot be read as a decimal here: give price_minor instead");
            return std::nullopt;
        }
        auto minor = protocol::parseDecimal(*row.priceText, *known);
        if (!minor) {
            error(i, Column::Price,
                  currency + " has " + std::to_string(known->exponent) +
                      " decimals: a price such as " + protocol::formatDecimal(1250, *known));
        }
        return minor;
    }

    // Merges a row's product fields into its product's: rows of one product must agree.
    void mergeProduct(std::size_t i, ProductValues& p) {
        const auto& row = rows_[i];
        const auto merge = [&](auto& into, const auto& value, Column column) {
            if (!value) {
                return;
            }
            if (into && *into != *value) {
                error(i, column,
                      "line " + std::to_string(rows_[p.firstRow].line) +
                          " gives this product another " + std::string(columnName(column)) +
                          ": the rows of one product must agree");
                return;
            }
            into = value;
        };
        merge(p.title, row.productTitle, Column::ProductTitle);
        merge(p.status, row.status, Column::Status);
        merge(p.category, row.category, Column::Category);
        merge(p.tags, row.tags, Column::Tags);
    }

    void resolve(std::size_t i) {
        auto& row = rows_[i];
        auto& out = outcomes_[i];
        if (!row.valid) {  // a cell is wrong: what the row means is not known
            return;
        }
        if (row.category && !categories_.byPath.contains(lowerAscii(*row.category))) {
            error(i, Column::Category,
                  "there is no category " + *row.category +
                      ": an import does not make categories; create it first");
        }
        const auto found = existing_.find(row.key);
        if (found != existing_.end()) {
            const auto& e = found->second;
            out.existing = &e;
            out.productKey = "p" + std::to_string(e.productId);
            out.currency = row.currency.value_or(e.currency);
            out.price = price(i, *out.currency);
        } else {
            if (!row.productTitle) {
                error(i, Column::ProductTitle,
                      "there is no SKU " + row.sku + " yet: a new SKU needs product_title");
            }
            if (!row.currency) {
                error(i, Column::Currency,
                      "there is no SKU " + row.sku + " yet: a new SKU needs its currency");
            } else if (!row.priceText && !row.priceMinor) {
                error(i, columns_.has(Column::PriceMinor) ? Column::PriceMinor : Column::Price,
                      "there is no SKU " + row.sku + " yet: a new SKU needs its price");
            } else {
                out.currency = row.currency;
                out.price = price(i, *row.currency);
            }
            out.productKey = "n" + row.productTitle.value_or("");
        }
        if (!row.valid) {  // not grouped: its product is not known, or it would not be written
            return;
        }
        auto [product, isNew] = products_.try_emplace(out.productKey);
        if (isNew) {
            product->second.firstRow = i;
            out.firstOfProduct = true;
        }
        mergeProduct(i, product->second);
        if (!row.valid) {
            return;
        }
        out.kind = out.existing ? Outcome::Kind::Unchanged : Outcome::Kind::Create;
    }

    // The id of a product's category path; an unknown one was reported on the row giving it.
    std::optional<std::int64_t> categoryId(const std::string& path) const {
        const auto found = categories_.byPath.find(lowerAscii(path));
        return found == categories_.byPath.end() ? std::nullopt : std::optional(found->second);
    }

    // The row's changes (and its product's, on the product's first row), its kind, its counts.
    void describe(std::size_t i) {
        auto& row = rows_[i];
        auto& out = outcomes_[i];
        if (out.kind == Outcome::Kind::Invalid) {
            return;
        }
        const auto& product = products_.at(out.productKey);
        if (product.category) {
            out.categoryId = categoryId(*product.category);
            if (!out.categoryId) {
                row.valid = false;
                out.kind = Outcome::Kind::Invalid;
                return;
            }
        }
        const std::size_t before = changes_.size();
        if (out.existing) {
            describeUpdate(i, product);
        } else {
            describeCreate(i, product);
        }
        if (!row.valid) {  // a price change by someone who may not change prices
            changes_.resize(before);
            out.kind = Outcome::Kind::Invalid;
            return;
        }
        if (out.kind == Outcome::Kind::Create) {
            ++creates_;
        } else if (changes_.size() > before) {
            out.kind = Outcome::Kind::Update;
            ++updates_;
        } else {
            ++unchanged_;
        }
    }

    void add(const std::string& sku, std::string_view field, std::string from, std::string to) {
        changes_.push_back({sku, field, std::move(from), std::move(to)});
    }

    // A field whose value the file gives and that differs from the catalog's.
    template <class T>
    bool differs(std::optional<T>& value, const T& current) {
        if (value && *value == current) {
            value.reset();  // stored as "unchanged"
        }
        return value.has_value();
    }

    void describeUpdate(std::size_t i, const ProductValues& product) {
        auto& row = rows_[i];
        auto& out = outcomes_[i];
        const auto& e = *out.existing;
        if (out.firstOfProduct) {
            // The product's values on its first row, kept there only where they change.
            row.productTitle = product.title;
            row.status = product.status;
            row.tags = product.tags;
            if (differs(row.productTitle, e.productTitle)) {
                add(row.sku, "product_title", jsonString(e.productTitle),
                    jsonString(*row.productTitle));
            }
            if (differs(row.status, e.status)) {
                add(row.sku, "status", jsonString(e.status), jsonString(*row.status));
            }
            if (out.categoryId && out.categoryId != e.categoryId) {
                add(row.sku, "category",
                    e.categoryId ? jsonString(categories_.pathOf.at(*e.categoryId)) : "null",
                    jsonString(categories_.pathOf.at(*out.categoryId)));
            } else {
                out.categoryId.reset();
            }
            if (differs(row.tags, e.tags)) {
                add(row.sku, "tags", jsonStrings(e.tags), jsonStrings(*row.tags));
            }
        } else {
            row.productTitle.reset();
            row.status.reset();
            row.tags.reset();
            out.categoryId.reset();
        }
        if (differs(row.variantTitle, e.variantTitle)) {
            add(row.sku, "variant_title", jsonString(e.variantTitle),
                jsonString(*row.variantTitle));
        }
        const bool priceChanges = differs(out.price, e.price);
        const bool currencyChanges = differs(out.currency, e.currency);
        if ((priceChanges || currencyChanges) &&
            !call_.user().has(protocol::Permission::CatalogPrice)) {
            error(i,
                  priceChanges ? (columns_.has(Column::Price) ? Column::Price : Column::PriceMinor)
                               : Column::Currency,
                  "changing a price needs the catalog.price permission");
            return;
        }
        changesPrice_ = changesPrice_ || priceChanges || currencyChanges;
        if (priceChanges) {
            add(row.sku, "price_minor", std::to_string(e.price), std::to_string(*out.price));
        }
        if (currencyChanges) {
            add(row.sku, "currency", jsonString(e.currency), jsonString(*out.currency));
        }
        if (differs(row.stock, e.stock)) {
            add(row.sku, "stock", std::to_string(e.stock), std::to_string(*row.stock));
        }
        if (differs(row.lowStockThreshold, e.lowStock)) {
            add(row.sku, "low_stock_threshold", std::to_string(e.lowStock),
                std::to_string(*row.lowStockThreshold));
        }
    }

    void describeCreate(std::size_t i, const ProductValues& product) {
        auto& row = rows_[i];
        const auto& out = outcomes_[i];
        if (out.firstOfProduct) {
            add(row.sku, "product_title", "null", jsonString(*product.title));
            add(row.sku, "status", "null", jsonString(product.status.value_or("draft")));
            if (out.categoryId) {
                add(row.sku, "category", "null",
                    jsonString(categories_.pathOf.at(*out.categoryId)));
            }
            add(row.sku, "tags", "null",
                jsonStrings(product.tags.value_or(std::vector<std::string>{})));
        }
        row.productTitle = product.title;
        row.status = product.status.value_or("draft");
        row.tags = product.tags.value_or(std::vector<std::string>{});
        add(row.sku, "variant_title", "null", jsonString(row.variantTitle.value_or("")));
        add(row.sku, "price_minor", "null", std::to_string(*out.price));
        add(row.sku, "currency", "null", jsonString(*out.currency));
        add(row.sku, "stock", "null", std::to_string(row.stock.value_or(0)));
        add(row.sku, "low_stock_threshold", "null",
            std::to_string(row.lowStockThreshold.value_or(0)));
    }

    // The rows as json_to_recordset reads them (store()).
    std::string rowsJson() const {
        std::string out = "[";
        std::unordered_map<std::string, std::size_t> groupLine;
        for (std::size_t i = 0; i < rows_.size(); ++i) {
            const auto& row = rows_[i];
            const auto& o = outcomes_[i];
            const bool create = o.kind == Outcome::Kind::Create;
            out += i ? "," : "";
            out += "{\"line\":" + std::to_string(row.line);
            out += std::string(",\"kind\":\"") +
                   (create                            ? "create"
                    : o.kind == Outcome::Kind::Update ? "update"
                                                      : "unchanged") +
                   "\"";
            out += ",\"sku\":" + jsonString(row.sku);
            if (o.existing) {
                out += ",\"sku_id\":" + std::to_string(o.existing->skuId);
                out += ",\"product_id\":" + std::to_string(o.existing->productId);
                out += ",\"product_version\":" + std::to_string(o.existing->version);
            } else {
                out += ",\"group_line\":" +
                       std::to_string(rows_[products_.at(o.productKey).firstRow].line);
            }
            out += ",\"product_title\":" + jsonOr(row.productTitle, jsonText);
            out += ",\"status\":" + jsonOr(row.status, jsonText);
            out += ",\"tags\":" + jsonOr(row.tags, jsonList);
            out += ",\"category_id\":" + jsonOr(o.categoryId, jsonInt);
            out += ",\"variant_title\":" + (create ? jsonString(row.variantTitle.value_or(""))
                                                   : jsonOr(row.variantTitle, jsonText));
            out += ",\"price_minor\":" + jsonOr(o.price, jsonInt);
            out += ",\"currency\":" + jsonOr(o.currency, jsonText);
            out += ",\"stock\":" +
                   (create ? std::to_string(row.stock.value_or(0)) : jsonOr(row.stock, jsonInt));
            out += ",\"low_stock_threshold\":" +
                   (create ? std::to_string(row.lowStockThreshold.value_or(0))
                           : jsonOr(row.lowStockThreshold, jsonInt));
            out += "}";
        }
        return out + "]";
    }

    const api::Call& call_;
    const csv::Table& table_;
    const ColumnMap& columns_;
    std::vector<ImportRow> rows_;
    std::vector<Outcome> outcomes_;
    std::vector<RowError> errors_;
    std::vector<Change> changes_;
    std::unordered_map<std::string, Existing> existing_;
    std::unordered_map<std::string, ProductValues> products_;
    Categories categories_;
    std::int64_t creates_ = 0;
    std::int64_t updates_ = 0;
    std::int64_t unchanged_ = 0;
    bool changesPrice_ = false;
};

// The file as a table, or the 422 that says where and why it cannot be read.
csv::Table readFile(std::string_view body) {
    auto result = csv::read(body, kLimits);
    if (result.error) {
        const auto& e = *result.error;
        throw ApiError(ErrorCode::ValidationFailed,
                       "Line " + std::to_string(e.line) + ", column " + std::to_string(e.column) +
                           ": " + e.message,
                       {{"file", e.message}},
                       {{"line", e.line}, {"column", e.column}, {"reason", reasonCode(e.kind)}});
    }
    return std::move(*result.table);
}

}  // namespace

http::Response dryRun(api::Call& call) {
    const std::string_view body = call.request.body;
    const auto table = readFile(body);
    HeaderProblems problems;
    const auto columns = mapColumns(table, &problems);
    if (!problems.fields.empty()) {
        std::map<std::string, std::string> fields(problems.fields.begin(), problems.fields.end());
        throw ApiError(ErrorCode::ValidationFailed, problems.message, std::move(fields),
                       {{"line", 1}, {"reason", "columns"}});
    }
    DryRun run(call, table, columns);
    pqxx::work tx(call.db);
    // Forget what can no longer be committed.
    tx.exec(
        "UPDATE catalog_imports SET status = 'expired' WHERE status = 'dry_run' "
        "AND created_at < now() - " OPSDESK_SQL_IMPORT_LIFETIME);
    tx.exec(
        "DELETE FROM catalog_import_rows WHERE import_id IN (SELECT id FROM catalog_imports "
        "WHERE status = 'expired' OR committed_at < now() - " OPSDESK_SQL_IMPORT_LIFETIME ")");
    run.compare(tx);
    const auto id = run.store(tx, body.size());
    tx.commit();
    return http::Response::json(201, run.answer(id));
}

}  // namespace opsdesk::server::catalog_imports
