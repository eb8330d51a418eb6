#include "catalog_imports/import_rows.h"

#include <algorithm>
#include <charconv>
#include <limits>

#include "opsdesk/protocol/sku.h"

namespace opsdesk::server::catalog_imports {

namespace {

constexpr std::array<std::string_view, kColumnCount> kNames{
    "sku",   "product_title",       "variant_title", "price",    "price_minor", "currency",
    "stock", "low_stock_threshold", "status",        "category", "tags",
};

constexpr std::size_t kMaxTitle = 500;
constexpr std::size_t kMaxTags = 50;
constexpr std::size_t kMaxTag = 100;
constexpr std::size_t kMaxCategoryPath = 2000;
constexpr std::int64_t kMaxCount = 2'147'483'647;  // integer columns

std::string_view trim(std::string_view s) {
    const auto blank = [](char c) { return c == ' ' || c == '\t'; };
    while (!s.empty() && blank(s.front())) {
        s.remove_prefix(1);
    }
    while (!s.empty() && blank(s.back())) {
        s.remove_suffix(1);
    }
    return s;
}

// Calls part(trimmed) for each part of `s` between separators, empty ones too, until it
// returns false; false when it did.
template <class F>
bool eachPart(std::string_view s, char separator, F part) {
    std::size_t start = 0;
    while (start <= s.size()) {
        auto end = s.find(separator, start);
        if (end == std::string_view::npos) {
            end = s.size();
        }
        if (!part(trim(s.substr(start, end - start)))) {
            return false;
        }
        start = end + 1;
    }
    return true;
}

std::string upper(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) {
        return static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
    });
    return out;
}

bool digits(std::string_view s) {
    return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// A whole number in 0..max written with digits only.
std::optional<std::int64_t> wholeNumber(std::string_view s, std::int64_t max) {
    if (s.empty() || s.size() > 19 || !digits(s)) {
        return std::nullopt;
    }
    std::int64_t v = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || end != s.data() + s.size() || v > max) {
        return std::nullopt;
    }
    return v;
}

// Reads one row's cells; the cell errors it finds go to `errors`.
class RowReader {
public:
    RowReader(const csv::Table& table, const ColumnMap& columns, std::vector<RowError>* errors)
        : table_(table), columns_(columns), errors_(errors) {}

    std::optional<ImportRow> read(std::size_t r) {
        row_ = r;
        ImportRow out;
        out.line = table_.line(r);
        bool blank = true;
        for (std::size_t c = 0; c < table_.fieldCount(r); ++c) {
            blank = blank && trim(table_.cell(r, c)).empty();
        }
        if (blank) {
            return std::nullopt;
        }
        current_ = &out;
        if (table_.fieldCount(r) > table_.columnCount()) {
            fail({}, "this line has " + std::to_string(table_.fieldCount(r)) +
                         " values where the first line names " +
                         std::to_string(table_.columnCount()) +
                         " columns (a comma in a value that is not in quotes?)");
        }
        readSku(out);
        out.productTitle = title(Column::ProductTitle);
        out.variantTitle = title(Column::VariantTitle);
        out.priceText = priceText();
        out.priceMinor = count(Column::PriceMinor, "a whole number of minor units (1250 for 12.50)",
                               std::numeric_limits<std::int64_t>::max());
        out.currency = currency();
        out.stock = count(Column::Stock, "a whole number, 0 or more", kMaxCount);
        out.lowStockThreshold =
            count(Column::LowStockThreshold, "a whole number, 0 or more", kMaxCount);
        out.status = status();
        out.category = category();
        out.tags = tags();
        return out;
    }

private:
    std::optional<std::string_view> cell(Column c) const {
        const auto& i = columns_.index[static_cast<std::size_t>(c)];
        if (!i) {
            return std::nullopt;
        }
        const auto v = trim(table_.cell(row_, *i));
        if (v.empty()) {
            return std::nullopt;
        }
        return v;
    }

    void fail(std::optional<Column> c, std::string message) {
        errors_->push_back(rowError(table_, columns_, current_->line, c, std::move(message)));
        current_->valid = false;
    }

    void readSku(ImportRow& out) {
        const auto v = cell(Column::Sku);
        if (!v) {
            fail(Column::Sku, "the SKU is missing");
            return;
        }
        if (!protocol::isSku(*v)) {
            fail(Column::Sku,
                 "a SKU is 1 to 64 letters, digits and . _ - starting with a letter or digit");
            return;
        }
        out.sku = std::string(*v);
        out.key = lowerAscii(*v);
    }

    std::optional<std::string> title(Column c) {
        const auto v = cell(c);
        if (!v) {
            return std::nullopt;
        }
        if (characters(*v) > kMaxTitle) {
            fail(c, "at most " + std::to_string(kMaxTitle) + " characters");
            return std::nullopt;
        }
        return std::string(*v);
    }

    std::optional<std::string> priceText() {
        const auto v = cell(Column::Price);
        if (!v) {
            return std::nullopt;
        }
        const auto dot = v->find('.');
        const auto whole = v->substr(0, dot);
        const auto fraction =
            dot == std::string_view::npos ? std::string_view() : v->substr(dot + 1);
        if (whole.empty() || whole.size() > 15 || !digits(whole) ||
            (dot != std::string_view::npos &&
             (fraction.empty() || fraction.size() > 3 || !digits(fraction)))) {
            fail(Column::Price,
                 "a price is a number such as 12.50: no currency sign, no thousands separator, "
                 "not below 0");
            return std::nullopt;
        }
        return std::string(*v);
    }

    std::optional<std::int64_t> count(Column c, const std::string& expected, std::int64_t max) {
        const auto v = cell(c);
        if (!v) {
            return std::nullopt;
        }
        auto n = wholeNumber(*v, max);
        if (!n) {
            fail(c, "expected " + expected + ", not \"" + std::string(v->substr(0, 40)) + "\"");
        }
        return n;
    }

    std::optional<std::string> currency() {
        const auto v = cell(Column::Currency);
        if (!v) {
            return std::nullopt;
        }
        auto code = upper(*v);
        if (code.size() != 3 ||
            !std::all_of(code.begin(), code.end(), [](char c) { return c >= 'A' && c <= 'Z'; })) {
            fail(Column::Currency, "a currency is its three-letter ISO 4217 code, such as CNY");
            return std::nullopt;
        }
        return code;
    }

    std::optional<std::string> status() {
        const auto v = cell(Column::Status);
        if (!v) {
            return std::nullopt;
        }
        auto s = lowerAscii(*v);
        if (s != "draft" && s != "active" && s != "archived") {
            fail(Column::Status, "a status is draft, active or archived");
            return std::nullopt;
        }
        return s;
    }

    std::optional<std::string> category() {
        const auto v = cell(Column::Category);
        if (!v) {
            return std::nullopt;
        }
        if (v->size() > kMaxCategoryPath) {
            fail(Column::Category, "this category path is too long");
            return std::nullopt;
        }
        std::string path;
        const bool ok = eachPart(*v, '/', [&](std::string_view part) {
            path += path.empty() ? "" : "/";
            path += part;
            return !part.empty();
        });
        if (!ok) {
            fail(Column::Category,
                 "a category is a path of names separated by /, such as Tea/Green tea");
            return std::nullopt;
        }
        return path;
    }

    std::optional<std::vector<std::string>> tags() {
        const auto v = cell(Column::Tags);
        if (!v) {
            return std::nullopt;
        }
        std::vector<std::string> out;
        const bool ok = eachPart(*v, ';', [&](std::string_view tag) {
            if (tag.empty() || std::find(out.begin(), out.end(), tag) != out.end()) {
                return true;
            }
            out.emplace_back(tag);
            return characters(tag) <= kMaxTag;
        });
        if (!ok) {
            fail(Column::Tags, "a tag is at most " + std::to_string(kMaxTag) + " characters");
            return std::nullopt;
        }
        if (out.size() > kMaxTags) {
            fail(Column::Tags, "at most " + std::to_string(kMaxTags) + " tags, separated by ;");
            return std::nullopt;
        }
        return out;
    }

    const csv::Table& table_;
    const ColumnMap& columns_;
    std::vector<RowError>* errors_;
    std::size_t row_ = 0;
    ImportRow* current_ = nullptr;
};

}  // namespace

std::string lowerAscii(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) {
        return static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    });
    return out;
}

std::string_view columnName(Column c) {
    return kNames[static_cast<std::size_t>(c)];
}

std::size_t characters(std::string_view utf8) {
    return static_cast<std::size_t>(std::count_if(utf8.begin(), utf8.end(), [](char c) {
        return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    }));
}

std::string headerName(const csv::Table& table, const ColumnMap& columns, Column c) {
    const auto& i = columns.index[static_cast<std::size_t>(c)];
    return i ? std::string(trim(table.header(*i))) : std::string(columnName(c));
}

RowError rowError(const csv::Table& table, const ColumnMap& columns, std::size_t line,
                  std::optional<Column> column, std::string message) {
    RowError e{line, {}, std::move(message), 0};
    if (column) {
        e.column = headerName(table, columns, *column);
        const auto& i = columns.index[static_cast<std::size_t>(*column)];
        e.place = i ? *i + 1 : 0;
    }
    return e;
}

void sortErrors(std::vector<RowError>& errors) {
    std::stable_sort(errors.begin(), errors.end(), [](const RowError& a, const RowError& b) {
        return a.line != b.line ? a.line < b.line : a.place < b.place;
    });
}

ColumnMap mapColumns(const csv::Table& table, HeaderProblems* problems) {
    ColumnMap map;
    std::vector<std::string> unknown;
    for (std::size_t i = 0; i < table.columnCount(); ++i) {
        const auto written = trim(table.header(i));
        const auto name = lowerAscii(written);
        const auto known = std::find(kNames.begin(), kNames.end(), name);
        if (known == kNames.end()) {
            problems->fields.emplace_back(
                written.empty() ? "column " + std::to_string(i + 1) : std::string(written),
                "unknown column");
            unknown.emplace_back(written);
            continue;
        }
        auto& slot = map.index[static_cast<std::size_t>(known - kNames.begin())];
        if (slot) {
            problems->fields.emplace_back(std::string(written),
                                          "appears twice (columns " + std::to_string(*slot + 1) +
                                              " and " + std::to_string(i + 1) + ")");
            continue;
        }
        slot = i;
    }
    if (!map.has(Column::Sku)) {
        problems->fields.emplace_back("sku", "missing: every row names its SKU");
    }
    if (map.has(Column::Price) && map.has(Column::PriceMinor)) {
        problems->fields.emplace_back("price_minor", "give price or price_minor, not both");
    }
    if (problems->fields.empty()) {
        return map;
    }
    problems->message =
        "The first line must name the columns: sku and any of product_title, "
        "variant_title, price (or price_minor), currency, stock, "
        "low_stock_threshold, status, category, tags";
    // A file saved with another separator reads as one column with the separators in its name.
    if (table.columnCount() == 1) {
        const auto only = table.header(0);
        for (const auto& [separator, name] :
             {std::pair{';', "semicolons"}, std::pair{'\t', "tabs"}}) {
            if (only.find(separator) != std::string_view::npos) {
                problems->message = std::string("The columns are separated by ") + name +
                                    ": save the file as comma-separated CSV (UTF-8)";
            }
        }
    }
    return map;
}

std::vector<ImportRow> readRows(const csv::Table& table, const ColumnMap& columns,
                                std::vector<RowError>* errors) {
    std::vector<ImportRow> rows;
    rows.reserve(table.rowCount());
    RowReader reader(table, columns, errors);
    for (std::size_t r = 0; r < table.rowCount(); ++r) {
        if (auto row = reader.read(r)) {
            rows.push_back(std::move(*row));
        }
    }
    return rows;
}

}  // namespace opsdesk::server::catalog_imports
