#include "finance/read_file.h"

#include <algorithm>
#include <cctype>
#include <cstring>

#include "core/api_error.h"
#include "finance/camt_reader.h"
#include "finance/mt940_reader.h"
#include "finance/ofx_reader.h"
#include "finance/settlement_csv.h"

namespace opsdesk::server::finance {

namespace {

using protocol::ErrorCode;

constexpr std::size_t kHeadBytes = 64 * 1024;

// The first bytes of a source kept to look at, then given again to the reader.
class PrefixSource final : public Source {
public:
    explicit PrefixSource(Source& inner) : inner_(inner) {
        head_.resize(kHeadBytes);
        std::size_t got = 0;
        while (got < head_.size()) {
            const auto n = inner_.read(head_.data() + got, head_.size() - got);
            if (n == 0) {
                break;
            }
            got += n;
        }
        head_.resize(got);
    }
    std::string_view head() const { return head_; }
    std::size_t read(char* into, std::size_t size) override {
        if (pos_ < head_.size()) {
            const auto n = std::min(size, head_.size() - pos_);
            std::memcpy(into, head_.data() + pos_, n);
            pos_ += n;
            return n;
        }
        return inner_.read(into, size);
    }

private:
    Source& inner_;
    std::string head_;
    std::size_t pos_ = 0;
};

bool containsNoCase(std::string_view text, std::string_view needle) {
    return std::search(text.begin(), text.end(), needle.begin(), needle.end(), [](char a, char b) {
               return std::tolower(static_cast<unsigned char>(a)) ==
                      std::tolower(static_cast<unsigned char>(b));
           }) != text.end();
}

std::optional<Format> recognise(std::string_view head) {
    std::string_view s = head;
    if (s.substr(0, 3) == "\xEF\xBB\xBF") {
        s.remove_prefix(3);
    }
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) {
        s.remove_prefix(1);
    }
    if (s.substr(0, 9) == "OFXHEADER" || containsNoCase(s.substr(0, 4096), "<OFX>") ||
        containsNoCase(s.substr(0, 1024), "<?OFX ")) {
        return Format::Ofx;
    }
    if (s.find("urn:iso:std:iso:20022:tech:xsd:camt.05") != std::string_view::npos ||
        s.find("<BkToCstmr") != std::string_view::npos) {
        return Format::Camt;
    }
    if (s.substr(0, 1) == "<") {
        return Format::Camt;  // XML of some other kind: the camt reader says what it is not
    }
    // SWIFT: an envelope, or a first line that is a tag (":20:", ":25:", ":60F:"...).
    if (s.substr(0, 3) == "{1:" ||
        (s.size() >= 4 && s[0] == ':' && std::isdigit(static_cast<unsigned char>(s[1])) &&
         std::isdigit(static_cast<unsigned char>(s[2])) &&
         (s[3] == ':' ||
          (s.size() >= 5 && std::isalpha(static_cast<unsigned char>(s[3])) && s[4] == ':')))) {
        return Format::Mt940;
    }
    return std::nullopt;
}

std::string text(const boost::json::object& o, std::string_view key,
                 std::map<std::string, std::string>* errors, std::string_view path = {}) {
    const auto* v = o.if_contains(key);
    if (!v || v->is_null()) {
        return {};
    }
    if (!v->is_string() || v->as_string().size() > 200) {
        if (errors) {
            (*errors)[std::string(path) + std::string(key)] = "A text of up to 200 characters";
        }
        return {};
    }
    return std::string(v->as_string());
}

std::vector<std::string> texts(const boost::json::object& o, std::string_view key,
                               std::map<std::string, std::string>* errors) {
    std::vector<std::string> out;
    const auto* v = o.if_contains(key);
    if (!v || v->is_null()) {
        return out;
    }
    if (!v->is_array() || v->as_array().size() > 50) {
        (*errors)[std::string(key)] = "A list of up to 50 texts";
        return out;
    }
    for (const auto& item : v->as_array()) {
        if (!item.is_string() || item.as_string().size() > 100) {
            (*errors)[std::string(key)] = "A list of up to 50 texts";
            return {};
        }
        out.emplace_back(item.as_string());
    }
    return out;
}

// A saved mapping's definition (the contract's fields: name, delimiter, encoding, skip_lines,
// columns, and the rest of CsvMapping's) as the reader's CsvMapping; what is wrong in `errors`.
CsvMapping mappingFromJson(const boost::json::object& o,
                           std::map<std::string, std::string>& errors) {
    CsvMapping m;
    m.name = text(o, "name", &errors);
    m.provider = text(o, "provider", &errors);
    if (m.provider.empty()) {
        m.provider = m.name;
    }
    const auto delimiter = text(o, "delimiter", &errors);
    if (delimiter.empty() || delimiter == ",") {
        m.delimiter = ',';
    } else if (delimiter == "\t" || delimiter == "tab") {
        m.delimiter = '\t';
    } else if (delimiter.size() == 1 && (delimiter == ";" || delimiter == "|")) {
        m.delimiter = delimiter[0];
    } else {
        errors["delimiter"] = "One of , ; | or a tab";
    }
    m.encoding = text(o, "encoding", &errors);
    std::transform(m.encoding.begin(), m.encoding.end(), m.encoding.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (m.encoding.empty()) {
        m.encoding = "utf-8";
    } else if (m.encoding == "utf8") {
        m.encoding = "utf-8";
    } else if (m.encoding != "utf-8" && m.encoding != "gbk") {
        errors["encoding"] = "utf-8 or gbk";
    }
    if (const auto* v = o.if_contains("skip_lines"); v && !v->is_null()) {
        if (!v->is_int64() || v->as_int64() < 0 || v->as_int64() > 100) {
            errors["skip_lines"] = "A number of lines from 0 to 100";
        } else {
            m.skipLines = static_cast<std::size_t>(v->as_int64());
        }
    }
    m.commentPrefix = text(o, "comment_prefix", &errors);
    m.tableEnd = text(o, "table_end", &errors);
    m.valuePrefix = text(o, "value_prefix", &errors);
    m.accountMarker = text(o, "account_marker", &errors);
    m.currency = text(o, "currency", &errors);
    m.dateOrder = text(o, "date_order", &errors);
    if (m.dateOrder.empty()) {
        m.dateOrder = "ymd";
    } else if (m.dateOrder != "ymd" && m.dateOrder != "mdy" && m.dateOrder != "dmy") {
        errors["date_order"] = "ymd, mdy or dmy";
    }
    const auto thousands = text(o, "thousands_separator", &errors);
    if (thousands.size() > 1 || (thousands.size() == 1 && thousands != "," && thousands != ".")) {
        errors["thousands_separator"] = "Nothing, a comma or a full stop";
    } else if (thousands.size() == 1) {
        m.thousandsSeparator = thousands[0];
    }
    const auto sign = text(o, "sign", &errors);
    if (sign.empty() || sign == "as_written") {
        m.sign = CsvMapping::Sign::AsWritten;
    } else if (sign == "by_direction") {
        m.sign = CsvMapping::Sign::ByDirection;
    } else if (sign == "by_kind") {
        m.sign = CsvMapping::Sign::ByKind;
    } else {
        errors["sign"] = "as_written, by_direction or by_kind";
    }
    m.directionIn = texts(o, "direction_in", &errors);
    m.directionOut = texts(o, "direction_out", &errors);
    m.negativeKinds = texts(o, "negative_kinds", &errors);
    if (const auto* v = o.if_contains("fee_written_negative"); v && v->is_bool()) {
        m.feeWrittenNegative = v->as_bool();
    }
    const auto* columns = o.if_contains("columns");
    if (!columns || !columns->is_object()) {
        errors["columns"] = "Name the file's columns: booked_at, amount (or net), reference...";
        return m;
    }
    const auto& c = columns->as_object();
    static const std::vector<std::string> known{
        "booked_at",    "value_date", "amount",         "gross",    "fee",
        "net",          "credit",     "debit",          "currency", "reference",
        "counterparty", "remittance", "bank_reference", "kind",     "direction"};
    for (const auto& [key, value] : c) {
        if (std::find(known.begin(), known.end(), std::string(key)) == known.end()) {
            errors["columns." + std::string(key)] = "Not a field a mapping fills";
        }
    }
    auto& cols = m.columns;
    cols.bookedAt = text(c, "booked_at", &errors, "columns.");
    cols.valueDate = text(c, "value_date", &errors, "columns.");
    cols.amount = text(c, "amount", &errors, "columns.");
    cols.gross = text(c, "gross", &errors, "columns.");
    cols.fee = text(c, "fee", &errors, "columns.");
    cols.net = text(c, "net", &errors, "columns.");
    cols.credit = text(c, "credit", &errors, "columns.");
    cols.debit = text(c, "debit", &errors, "columns.");
    cols.currency = text(c, "currency", &errors, "columns.");
    cols.reference = text(c, "reference", &errors, "columns.");
    cols.counterparty = text(c, "counterparty", &errors, "columns.");
    cols.remittance = text(c, "remittance", &errors, "columns.");
    cols.bankReference = text(c, "bank_reference", &errors, "columns.");
    cols.kind = text(c, "kind", &errors, "columns.");
    cols.direction = text(c, "direction", &errors, "columns.");
    if (cols.bookedAt.empty()) {
        errors["columns.booked_at"] = "Name the column with the booking date";
    }
    if (cols.amount.empty() && cols.net.empty() && (cols.credit.empty() || cols.debit.empty())) {
        errors["columns.amount"] = "Name the amount column (or net, or credit and debit)";
    }
    if (cols.currency.empty() && m.currency.empty()) {
        errors["currency"] = "Name a currency column or a fixed currency";
    }
    if (m.sign == CsvMapping::Sign::ByDirection && cols.direction.empty()) {
        errors["columns.direction"] = "Signs by direction need the direction column";
    }
    if (m.sign == CsvMapping::Sign::ByKind && cols.kind.empty()) {
        errors["columns.kind"] = "Signs by kind need the kind column";
    }
    return m;
}

const CsvMapping* builtin(std::string_view name) {
    for (const auto& m : builtinMappings()) {
        if (m.name == name) {
            return &m;
        }
    }
    return nullptr;
}

}  // namespace

Format readStatementFile(Source& source, const FileReading& how, Sink& sink, const Limits& limits) {
    PrefixSource prefixed(source);
    std::optional<Format> format = how.format;
    std::optional<std::string> recognisedMapping;
    if (!format) {
        format = recognise(prefixed.head());
        if (!format) {
            recognisedMapping = recogniseSettlement(prefixed.head());
            if (recognisedMapping || how.mapping || !how.builtinMapping.empty()) {
                format = Format::Csv;
            }
        }
    }
    if (!format) {
        throw ApiError(ErrorCode::ValidationFailed,
                       "The file is not a statement this server reads (camt.052/053/054, MT940/"
                       "MT942, OFX) and no settlement column mapping fits it: choose a mapping",
                       {{"format", "Not recognised"}},
                       boost::json::object{{"line", 1}, {"field", "format"}});
    }
    switch (*format) {
        case Format::Camt:
            readCamt(prefixed, sink, limits);
            break;
        case Format::Mt940:
            readMt940(prefixed, sink, limits);
            break;
        case Format::Ofx:
            readOfx(prefixed, sink, limits);
            break;
        case Format::Csv: {
            CsvMapping mapping;
            if (how.mapping) {
                std::map<std::string, std::string> errors;
                mapping = mappingFromJson(*how.mapping, errors);
                if (!errors.empty()) {
                    throw ApiError(ErrorCode::ValidationFailed,
                                   "The saved mapping cannot be used: " + errors.begin()->first +
                                       ": " + errors.begin()->second,
                                   {{"mapping", errors.begin()->second}});
                }
            } else {
                const auto name = !how.builtinMapping.empty()
                                      ? how.builtinMapping
                                      : recogniseSettlement(prefixed.head()).value_or("");
                const auto* found = builtin(name);
                if (!found) {
                    throw ApiError(ErrorCode::ValidationFailed,
                                   name.empty() ? "Choose the column mapping of this CSV file"
                                                : "No mapping is called " + name,
                                   {{"mapping", "Choose a saved or built-in mapping"}},
                                   boost::json::object{{"line", 1}, {"field", "mapping"}});
                }
                mapping = *found;
            }
            readSettlementCsv(prefixed, mapping, sink, limits);
            break;
        }
    }
    return *format;
}

std::map<std::string, std::string> checkMapping(const boost::json::object& definition) {
    std::map<std::string, std::string> errors;
    mappingFromJson(definition, errors);
    return errors;
}

std::vector<std::string> builtinMappingNames() {
    std::vector<std::string> out;
    for (const auto& m : builtinMappings()) {
        out.push_back(m.name);
    }
    return out;
}

}  // namespace opsdesk::server::finance
