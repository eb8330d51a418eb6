#include "finance/settlement_csv.h"

#include <iconv.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <utility>

namespace opsdesk::server::finance {

namespace {

bool isDigit(char c) {
    return c >= '0' && c <= '9';
}

std::string_view trimBlank(std::string_view s) {
    const auto blank = [](char c) { return c == ' ' || c == '\t'; };
    while (!s.empty() && blank(s.front())) {
        s.remove_prefix(1);
    }
    while (!s.empty() && blank(s.back())) {
        s.remove_suffix(1);
    }
    return s;
}

// Runs of whitespace (line breaks of quoted fields included) as one space, trimmed.
std::string collapse(std::string_view s) {
    std::string out;
    bool space = false;
    for (const char c : s) {
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            space = !out.empty();
            continue;
        }
        if (space) {
            out.push_back(' ');
            space = false;
        }
        out.push_back(c);
    }
    return out;
}

std::string quoted(std::string_view s) {
    return "\"" + std::string(s.substr(0, 60)) + (s.size() > 60 ? "…" : "") + "\"";
}

// iconv to UTF-8, closed on every path.
class Converter {
public:
    explicit Converter(const char* from) : cd_(iconv_open("UTF-8", from)) {}
    ~Converter() {
        if (ok()) {
            iconv_close(cd_);
        }
    }
    Converter(const Converter&) = delete;
    Converter& operator=(const Converter&) = delete;
    bool ok() const { return cd_ != reinterpret_cast<iconv_t>(-1); }

    // Converts as much of `in` as it can into `out` (appended). Answers 0 when all of it was
    // converted, EINVAL when it ends inside a character (`consumed` says how far it got) and
    // EILSEQ at a byte sequence the encoding does not have.
    int convert(std::string_view in, std::string& out, std::size_t& consumed) {
        char* inPtr = const_cast<char*>(in.data());
        std::size_t inLeft = in.size();
        int result = 0;
        while (inLeft > 0) {
            char buffer[4096];
            char* outPtr = buffer;
            std::size_t outLeft = sizeof buffer;
            const std::size_t r = iconv(cd_, &inPtr, &inLeft, &outPtr, &outLeft);
            out.append(buffer, static_cast<std::size_t>(outPtr - buffer));
            if (r == static_cast<std::size_t>(-1) && errno != E2BIG) {
                result = errno;
                break;
            }
        }
        consumed = in.size() - inLeft;
        return result;
    }

private:
    iconv_t cd_;
};

// The file's bytes as UTF-8, converted piece by piece as the LineReader asks for them; the first
// byte that is not valid in the declared encoding stops the read with its line.
class DecodingSource final : public Source {
public:
    DecodingSource(Source& raw, const CsvMapping& mapping)
        : raw_(raw), gbk_(mapping.encoding == "gbk"), converter_(gbk_ ? "GBK" : "UTF-8") {
        if (!converter_.ok()) {
            throw ParseError(1, "encoding",
                             "The encoding \"" + mapping.encoding + "\" cannot be read here.");
        }
    }

    std::size_t read(char* into, std::size_t size) override {
        while (out_.size() == outPos_) {
            out_.clear();
            outPos_ = 0;
            if (!decodeMore()) {
                return 0;
            }
        }
        const std::size_t n = std::min(size, out_.size() - outPos_);
        std::memcpy(into, out_.data() + outPos_, n);
        outPos_ += n;
        return n;
    }

private:
    bool decodeMore() {
        if (rawEof_ && pending_.empty()) {
            return false;
        }
        if (!rawEof_) {
            char chunk[16 * 1024];
            const std::size_t got = raw_.read(chunk, sizeof chunk);
            rawEof_ = got == 0;
            pending_.append(chunk, got);
        }
        if (first_ && (pending_.size() >= 3 || rawEof_)) {
            first_ = false;
            if (!gbk_ && pending_.compare(0, 3, "\xEF\xBB\xBF") == 0) {
                pending_.erase(0, 3);
            }
        } else if (first_) {
            return true;  // too few bytes yet to tell a byte order mark
        }
        std::string converted;
        std::size_t consumed = 0;
        const int error = converter_.convert(pending_, converted, consumed);
        countLines(converted);
        out_ += converted;
        if (error == EILSEQ || (error == EINVAL && rawEof_)) {
            refuse(std::string_view(pending_).substr(consumed), error == EINVAL);
        }
        pending_.erase(0, consumed);
        return true;
    }

    void countLines(std::string_view text) {
        for (const char c : text) {
            if (c == '\n') {
                lines_ += previousCr_ ? 0 : 1;
            } else if (c == '\r') {
                ++lines_;
            }
            previousCr_ = c == '\r';
        }
    }

    [[noreturn]] void refuse(std::string_view rest, bool truncated) {
        const std::size_t line = lines_ + 1;
        const std::string where = "Line " + std::to_string(line);
        if (truncated) {
            throw ParseError(line, "encoding",
                             where +
                                 ": the file ends in the middle of a character; it is cut "
                                 "off or not " +
                                 std::string(gbk_ ? "GBK" : "UTF-8") + " text.");
        }
        if (gbk_) {
            throw ParseError(line, "encoding",
                             where +
                                 " holds bytes that are not GBK text; the file is not GBK "
                                 "(is it UTF-8?).");
        }
        // Would the bytes read as GBK? Then say so; the mapping decides, not a guess here.
        Converter gbk("GBK");
        std::string ignored;
        std::size_t consumed = 0;
        const auto probe = rest.substr(0, 64);
        const int e = gbk.ok() ? gbk.convert(probe, ignored, consumed) : EILSEQ;
        const bool looksGbk = e == 0 || (e == EINVAL && consumed > 0);
        throw ParseError(line, "encoding",
                         where + " holds bytes that are not UTF-8 text: the file is not UTF-8" +
                             (looksGbk ? "; is it GBK? (choose a GBK mapping)"
                                       : "; it may be in another encoding or not text at all."));
    }

    Source& raw_;
    bool gbk_;
    Converter converter_;
    std::string pending_;  // raw bytes not converted yet (a character cut by the chunk's end)
    std::string out_;
    std::size_t outPos_ = 0;
    bool rawEof_ = false;
    bool first_ = true;
    bool previousCr_ = false;
    std::size_t lines_ = 0;  // line ends in the converted text so far
};

// One CSV record at a time from physical lines: a quoted field may go on over line ends.
class RecordReader {
public:
    RecordReader(Source& source, char delimiter, const Limits& limits)
        : lines_(source, limits.maxLineBytes), delimiter_(delimiter), limits_(limits) {}

    // The next record's fields; false at the end. `line` is where the record starts.
    bool next(std::vector<std::string>& fields, std::size_t& line, std::string& raw) {
        fields.clear();
        raw.clear();
        std::string physical;
        if (!lines_.next(physical)) {
            return false;
        }
        line = lines_.lineNumber();
        fields.emplace_back();
        State state = State::Start;
        std::size_t recordBytes = 0;
        for (;;) {
            recordBytes += physical.size() + 1;
            if (recordBytes > limits_.maxLineBytes) {
                throw ParseError(line, "line",
                                 "The record starting on line " + std::to_string(line) +
                                     " is longer than " + std::to_string(limits_.maxLineBytes) +
                                     " bytes.");
            }
            if (physical.find('\0') != std::string::npos) {
                throw ParseError(lines_.lineNumber(), "encoding",
                                 "Line " + std::to_string(lines_.lineNumber()) +
                                     " holds a NUL byte: this is not a text file.");
            }
            raw += physical;
            for (std::size_t i = 0; i < physical.size(); ++i) {
                const char c = physical[i];
                std::string& field = fields.back();
                switch (state) {
                    case State::Start:
                        if (c == '"') {
                            state = State::Quoted;
                            break;
                        }
                        state = State::Unquoted;
                        [[fallthrough]];
                    case State::Unquoted:
                        if (c == delimiter_) {
                            newField(fields, line);
                            state = State::Start;
                        } else {
                            field.push_back(c);
                        }
                        break;
                    case State::Quoted:
                        if (c == '"') {
                            state = State::AfterQuote;
                        } else {
                            field.push_back(c);
                        }
                        break;
                    case State::AfterQuote:
                        if (c == '"') {
                            field.push_back('"');
                            state = State::Quoted;
                        } else if (c == delimiter_) {
                            newField(fields, line);
                            state = State::Start;
                        } else if (c == ' ' || c == '\t') {
                            state = State::Closed;
                        } else {
                            badAfterQuote(i);
                        }
                        break;
                    case State::Closed:
                        if (c == delimiter_) {
                            newField(fields, line);
                            state = State::Start;
                        } else if (c != ' ' && c != '\t') {
                            badAfterQuote(i);
                        }
                        break;
                }
            }
            if (state != State::Quoted) {
                return true;
            }
            fields.back().push_back('\n');  // a line break inside a quoted field is kept
            raw.push_back('\n');
            if (!lines_.next(physical)) {
                throw ParseError(line, "line",
                                 "The quoted field that starts on line " + std::to_string(line) +
                                     " never ends (a quote \" is missing).");
            }
        }
    }

private:
    enum class State { Start, Unquoted, Quoted, AfterQuote, Closed };

    void newField(std::vector<std::string>& fields, std::size_t line) {
        if (fields.size() >= 1024) {
            throw ParseError(
                line, "line",
                "The record on line " + std::to_string(line) + " has more than 1024 fields.");
        }
        fields.emplace_back();
    }

    [[noreturn]] void badAfterQuote(std::size_t column) {
        throw ParseError(lines_.lineNumber(), "line",
                         "Line " + std::to_string(lines_.lineNumber()) + ", character " +
                             std::to_string(column + 1) +
                             ": after a closing quote only the delimiter or the line's end may "
                             "follow.");
    }

    LineReader lines_;
    char delimiter_;
    const Limits& limits_;
};

// --- dates and amounts -----------------------------------------------------------------------

int daysInMonth(int y, int m) {
    static constexpr int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : days[m - 1];
}

// "2026-11-01 10:00:00", "2026/11/01", "11/1/2026" (mdy), "01.11.2026" (dmy) → "2026-11-01".
std::optional<std::string> parseDate(std::string_view text, std::string_view order) {
    text = trimBlank(text);
    const auto end = text.find_first_of(" T");
    const std::string_view date = text.substr(0, end);
    int parts[3] = {0, 0, 0};
    std::size_t widths[3] = {0, 0, 0};
    std::size_t part = 0;
    for (const char c : date) {
        if (isDigit(c)) {
            if (widths[part] >= 4) {
                return std::nullopt;
            }
            parts[part] = parts[part] * 10 + (c - '0');
            ++widths[part];
        } else if ((c == '-' || c == '/' || c == '.') && part < 2 && widths[part] > 0) {
            ++part;
        } else {
            return std::nullopt;
        }
    }
    if (part != 2 || widths[2] == 0) {
        return std::nullopt;
    }
    int y = 0, m = 0, d = 0;
    std::size_t yWidth = 0;
    if (order == "mdy") {
        m = parts[0], d = parts[1], y = parts[2], yWidth = widths[2];
    } else if (order == "dmy") {
        d = parts[0], m = parts[1], y = parts[2], yWidth = widths[2];
    } else {
        y = parts[0], m = parts[1], d = parts[2], yWidth = widths[0];
    }
    if (yWidth != 4 || y < 1900 || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) {
        return std::nullopt;
    }
    char out[11];
    out[0] = static_cast<char>('0' + y / 1000);
    out[1] = static_cast<char>('0' + y / 100 % 10);
    out[2] = static_cast<char>('0' + y / 10 % 10);
    out[3] = static_cast<char>('0' + y % 10);
    out[4] = '-';
    out[5] = static_cast<char>('0' + m / 10);
    out[6] = static_cast<char>('0' + m % 10);
    out[7] = '-';
    out[8] = static_cast<char>('0' + d / 10);
    out[9] = static_cast<char>('0' + d % 10);
    return std::string(out, 10);
}

// An amount cell: thousands separators (when the mapping allows them) only between digit
// groups of three, the decimal point a '.' then.
std::optional<std::int64_t> parseAmount(std::string_view text, int decimals, char thousands) {
    text = trimBlank(text);
    if (thousands == 0) {
        return parseAmountMinor(text, decimals);
    }
    std::string plain;
    const auto point = text.find('.');
    const std::string_view whole = text.substr(0, point);
    std::size_t digitsSinceSeparator = 0;
    bool sawSeparator = false;
    for (const char c : whole) {
        if (c == thousands) {
            if (digitsSinceSeparator == 0 || (sawSeparator && digitsSinceSeparator != 3)) {
                return std::nullopt;
            }
            sawSeparator = true;
            digitsSinceSeparator = 0;
            continue;
        }
        if (isDigit(c)) {
            ++digitsSinceSeparator;
        }
        plain.push_back(c);
    }
    if (sawSeparator && digitsSinceSeparator != 3) {
        return std::nullopt;
    }
    if (point != std::string_view::npos) {
        const std::string_view fraction = text.substr(point);
        if (fraction.find(thousands) != std::string_view::npos) {
            return std::nullopt;
        }
        plain.append(fraction);
    }
    return parseAmountMinor(plain, decimals);
}

bool contains(const std::vector<std::string>& list, std::string_view value) {
    return std::find(list.begin(), list.end(), value) != list.end();
}

// --- the reader --------------------------------------------------------------------------------

struct Column {
    const char* role;              // what the mapping calls it, for messages
    const std::string* name;       // the header name the mapping gives
    std::size_t index = SIZE_MAX;  // in the file, once the header is read
};

class Reader {
public:
    Reader(Source& source, const CsvMapping& mapping, Sink& sink, const Limits& limits)
        : decoded_(source, mapping),
          records_(decoded_, mapping.delimiter, limits),
          mapping_(mapping),
          sink_(sink),
          limits_(limits) {
        const auto& c = mapping.columns;
        columns_ = {{"booked_at", &c.bookedAt},
                    {"value_date", &c.valueDate},
                    {"amount", &c.amount},
                    {"gross", &c.gross},
                    {"fee", &c.fee},
                    {"net", &c.net},
                    {"credit", &c.credit},
                    {"debit", &c.debit},
                    {"currency", &c.currency},
                    {"reference", &c.reference},
                    {"counterparty", &c.counterparty},
                    {"remittance", &c.remittance},
                    {"bank_reference", &c.bankReference},
                    {"kind", &c.kind},
                    {"direction", &c.direction}};
    }

    void run() {
        checkMapping();
        readHeader();
        std::vector<std::string> fields;
        std::size_t line = 0;
        std::string raw;
        while (records_.next(fields, line, raw)) {
            if (skippable(raw)) {
                continue;
            }
            if (!mapping_.tableEnd.empty() &&
                value(fields.front()).rfind(mapping_.tableEnd, 0) == 0) {
                break;  // the summary after the rows
            }
            row(fields, line);
        }
        Statement s;
        s.format = Format::Csv;
        s.messageKind = "csv:" + mapping_.name;
        s.account = accountId_.empty() ? mapping_.provider : mapping_.provider + " " + accountId_;
        s.currency = mixedCurrencies_ ? "" : currency_;
        s.from = earliest_;
        s.to = latest_;
        s.lineCount = lineCount_;
        s.sourceLine = headerLine_;
        sink_.statement(s);
    }

private:
    Column& col(std::string_view role) {
        return *std::find_if(columns_.begin(), columns_.end(),
                             [&](const Column& c) { return c.role == role; });
    }
    bool has(std::string_view role) { return !col(role).name->empty(); }

    void checkMapping() {
        const auto bad = [&](const std::string& why) {
            throw ParseError(1, "mapping", "The mapping \"" + mapping_.name + "\" " + why);
        };
        if (!has("booked_at")) {
            bad("names no booking date column.");
        }
        if (!has("net") && !has("amount") && !has("credit")) {
            bad("names no amount, net or credit column.");
        }
        if (has("credit") != has("debit")) {
            bad("names only one of the credit and debit columns.");
        }
        if (!has("currency") && mapping_.currency.size() != 3) {
            bad("names no currency column and no fixed currency.");
        }
        if (mapping_.sign == CsvMapping::Sign::ByDirection && !has("direction")) {
            bad("takes the sign from a direction column but names none.");
        }
        if (mapping_.sign == CsvMapping::Sign::ByKind && !has("kind")) {
            bad("takes the sign from the type column but names none.");
        }
        if (mapping_.delimiter == '"' || mapping_.delimiter == '\n' || mapping_.delimiter == '\r') {
            bad("has a delimiter that cannot separate fields.");
        }
    }

    bool skippable(const std::string& raw) {
        const std::string_view t = trimBlank(raw);
        return t.empty() ||
               (!mapping_.commentPrefix.empty() && t.rfind(mapping_.commentPrefix, 0) == 0);
    }

    std::string_view value(std::string_view field) const {
        field = trimBlank(field);
        if (!mapping_.valuePrefix.empty() && field.rfind(mapping_.valuePrefix, 0) == 0) {
            field.remove_prefix(mapping_.valuePrefix.size());
        }
        return trimBlank(field);
    }

    void lookForAccount(const std::string& raw) {
        if (mapping_.accountMarker.empty() || !accountId_.empty()) {
            return;
        }
        const auto at = raw.find(mapping_.accountMarker);
        if (at == std::string::npos) {
            return;
        }
        std::string_view rest = std::string_view(raw).substr(at + mapping_.accountMarker.size());
        for (const std::string_view lead : {"：", ":", " ", "["}) {
            while (rest.rfind(lead, 0) == 0) {
                rest.remove_prefix(lead.size());
            }
        }
        rest = rest.substr(0, rest.find_first_of("]\t,"));
        accountId_ = collapse(rest.substr(0, 64));
    }

    void readHeader() {
        std::vector<std::string> fields;
        std::string raw;
        std::size_t line = 0;
        for (;;) {
            if (!records_.next(fields, line, raw)) {
                throw ParseError(std::max<std::size_t>(line, 1), "header",
                                 "The file has no header line with the columns of the \"" +
                                     mapping_.name + "\" mapping.");
            }
            if (line <= mapping_.skipLines || skippable(raw)) {
                lookForAccount(raw);
                continue;
            }
            break;
        }
        headerLine_ = line;
        for (auto& c : columns_) {
            if (c.name->empty()) {
                continue;
            }
            for (std::size_t i = 0; i < fields.size(); ++i) {
                if (value(fields[i]) == *c.name) {
                    c.index = i;
                    break;
                }
            }
            if (c.index == SIZE_MAX) {
                throw ParseError(line, *c.name,
                                 "The column \"" + *c.name + "\" (the mapping's " + c.role +
                                     ") is not in the header on line " + std::to_string(line) +
                                     ". Is this a " + mapping_.provider + " file?");
            }
            needed_ = std::max(needed_, c.index + 1);
        }
    }

    // The cell of `role` in this row ("" when the mapping names no such column).
    std::string_view cell(const std::vector<std::string>& fields, std::string_view role,
                          std::size_t line) {
        const Column& c = col(role);
        if (c.name->empty()) {
            return {};
        }
        if (c.index >= fields.size()) {
            throw ParseError(line, *c.name,
                             "Line " + std::to_string(line) + " has only " +
                                 std::to_string(fields.size()) + " fields; the column \"" +
                                 *c.name + "\" (column " + std::to_string(c.index + 1) +
                                 ") is missing.");
        }
        const std::string_view v = value(fields[c.index]);
        if (v.size() > limits_.maxFieldBytes) {
            throw ParseError(line, *c.name,
                             "Line " + std::to_string(line) + ", column \"" + *c.name +
                                 "\": the value is longer than " +
                                 std::to_string(limits_.maxFieldBytes) + " bytes.");
        }
        return v;
    }

    std::optional<std::int64_t> amount(const std::vector<std::string>& fields,
                                       std::string_view role, std::size_t line, int decimals,
                                       bool required) {
        const std::string_view text = cell(fields, role, line);
        if (col(role).name->empty()) {
            return std::nullopt;
        }
        if (text.empty()) {
            if (required) {
                badAmount(role, line, text);
            }
            return std::nullopt;
        }
        const auto minor = parseAmount(text, decimals, mapping_.thousandsSeparator);
        if (!minor) {
            badAmount(role, line, text);
        }
        return minor;
    }

    [[noreturn]] void badAmount(std::string_view role, std::size_t line, std::string_view text) {
        const Column& c = col(role);
        throw ParseError(line, *c.name,
                         "Line " + std::to_string(line) + ", column \"" + *c.name + "\" (column " +
                             std::to_string(c.index + 1) + "): " +
                             (text.empty() ? std::string("the amount is empty")
                                           : quoted(text) + " is not an amount") +
                             ".");
    }

    void row(const std::vector<std::string>& fields, std::size_t line) {
        if (lineCount_ >= limits_.maxLines) {
            throw ParseError(
                line, "line",
                "The file holds more than " + std::to_string(limits_.maxLines) + " rows.");
        }
        StatementLine l;
        l.sourceLine = line;
        // Currency first: it says how many decimals the amounts have.
        if (has("currency")) {
            std::string code(cell(fields, "currency", line));
            std::transform(code.begin(), code.end(), code.begin(),
                           [](char c) { return c >= 'a' && c <= 'z' ? char(c - 32) : c; });
            if (code.size() != 3 || !std::all_of(code.begin(), code.end(),
                                                 [](char c) { return c >= 'A' && c <= 'Z'; })) {
                throw ParseError(line, mapping_.columns.currency,
                                 "Line " + std::to_string(line) + ", column \"" +
                                     mapping_.columns.currency + "\": " + quoted(code) +
                                     " is not a currency code.");
            }
            l.currency = code;
        } else {
            l.currency = mapping_.currency;
        }
        const int decimals = currencyDecimals(l.currency);

        const auto booked = cell(fields, "booked_at", line);
        const auto date = parseDate(booked, mapping_.dateOrder);
        if (!date) {
            throw ParseError(line, mapping_.columns.bookedAt,
                             "Line " + std::to_string(line) + ", column \"" +
                                 mapping_.columns.bookedAt + "\": " + quoted(booked) +
                                 " is not a date (" + mapping_.dateOrder + ").");
        }
        l.bookedAt = *date;
        if (has("value_date")) {
            const auto text = cell(fields, "value_date", line);
            if (!text.empty()) {
                const auto v = parseDate(text, mapping_.dateOrder);
                if (!v) {
                    throw ParseError(line, mapping_.columns.valueDate,
                                     "Line " + std::to_string(line) + ", column \"" +
                                         mapping_.columns.valueDate + "\": " + quoted(text) +
                                         " is not a date.");
                }
                l.valueDate = *v;
            }
        }

        l.kind = collapse(cell(fields, "kind", line));
        const auto gross = amount(fields, "gross", line, decimals, false);
        const auto fee = amount(fields, "fee", line, decimals, false);
        std::int64_t value = 0;
        std::string_view main = "amount";
        if (has("net")) {
            main = "net";
            value = *amount(fields, "net", line, decimals, true);
        } else if (has("amount")) {
            value = *amount(fields, "amount", line, decimals, true);
        } else {
            main = "credit";
            // Money in may carry a '+', money out a '-' that only repeats what its column says.
            const auto in = amount(fields, "credit", line, decimals, false).value_or(0);
            const auto out = amount(fields, "debit", line, decimals, false).value_or(0);
            if (in < 0) {
                badAmount("credit", line, cell(fields, "credit", line));
            }
            value = in - (out < 0 ? -out : out);
        }

        std::int64_t sign = 1;
        if (mapping_.sign == CsvMapping::Sign::ByDirection) {
            const std::string direction(cell(fields, "direction", line));
            if (contains(mapping_.directionOut, direction)) {
                sign = -1;
            } else if (!contains(mapping_.directionIn, direction)) {
                throw ParseError(line, mapping_.columns.direction,
                                 "Line " + std::to_string(line) + ", column \"" +
                                     mapping_.columns.direction + "\": " + quoted(direction) +
                                     " says neither money in nor money out.");
            }
        } else if (mapping_.sign == CsvMapping::Sign::ByKind) {
            sign = contains(mapping_.negativeKinds, l.kind) ? -1 : 1;
        }
        if (mapping_.sign != CsvMapping::Sign::AsWritten) {
            if (value < 0 || gross.value_or(0) < 0) {
                badAmount(value < 0 ? main : "gross", line,
                          cell(fields, value < 0 ? main : "gross", line));
            }
            value *= sign;
        }
        l.amountMinor = value;
        if (gross) {
            l.grossMinor = mapping_.sign == CsvMapping::Sign::AsWritten ? *gross : *gross * sign;
        }
        if (fee) {
            l.feeMinor = mapping_.feeWrittenNegative ? -*fee : *fee;
        }
        l.reference = collapse(cell(fields, "reference", line));
        l.bankReference = collapse(cell(fields, "bank_reference", line));
        l.counterparty = collapse(cell(fields, "counterparty", line));
        l.remittance = collapse(cell(fields, "remittance", line));

        if (earliest_.empty() || l.bookedAt < earliest_) {
            earliest_ = l.bookedAt;
        }
        if (latest_.empty() || l.bookedAt > latest_) {
            latest_ = l.bookedAt;
        }
        if (currency_.empty()) {
            currency_ = l.currency;
        } else if (currency_ != l.currency) {
            mixedCurrencies_ = true;
        }
        ++lineCount_;
        sink_.line(l);
    }

    DecodingSource decoded_;
    RecordReader records_;
    const CsvMapping& mapping_;
    Sink& sink_;
    const Limits& limits_;
    std::vector<Column> columns_;
    std::size_t needed_ = 0;
    std::size_t headerLine_ = 0;
    std::string accountId_;
    std::string currency_;
    bool mixedCurrencies_ = false;
    std::string earliest_, latest_;
    std::size_t lineCount_ = 0;
};

std::vector<CsvMapping> makeBuiltins() {
    std::vector<CsvMapping> all;
    {
        // Alipay 账务明细 (merchant account statement): GBK, '#' title and summary lines around
        // the table, in and out in their own unsigned columns, values padded with tabs.
        CsvMapping m;
        m.name = "alipay";
        m.provider = "Alipay";
        m.encoding = "gbk";
        m.commentPrefix = "#";
        m.accountMarker = "账号";
        m.currency = "CNY";
        m.columns.bookedAt = "发生时间";
        m.columns.credit = "收入金额（+元）";
        m.columns.debit = "支出金额（-元）";
        m.columns.reference = "商户订单号";
        m.columns.bankReference = "账务流水号";
        m.columns.counterparty = "对方账号";
        m.columns.remittance = "商品名称";
        m.columns.kind = "业务类型";
        all.push_back(m);
    }
    {
        // WeChat Pay 资金账单 (merchant fund flow bill): GBK, every value behind a backtick,
        // unsigned amounts whose sign the 收支类型 column gives, a summary block after the rows.
        CsvMapping m;
        m.name = "wechatpay";
        m.provider = "WeChat Pay";
        m.encoding = "gbk";
        m.valuePrefix = "`";
        m.tableEnd = "资金流水总笔数";
        m.currency = "CNY";
        m.sign = CsvMapping::Sign::ByDirection;
        m.directionIn = {"收入"};
        m.directionOut = {"支出"};
        m.columns.bookedAt = "记账时间";
        m.columns.amount = "收支金额(元)";
        m.columns.direction = "收支类型";
        m.columns.reference = "微信支付业务单号";
        m.columns.bankReference = "资金流水单号";
        m.columns.kind = "业务类型";
        m.columns.remittance = "备注";
        all.push_back(m);
    }
    {
        // Stripe balance history: UTF-8, Amount (gross), Fee (positive when charged) and Net;
        // refunds and payouts are written negative (sign as written).
        CsvMapping m;
        m.name = "stripe";
        m.provider = "Stripe";
        m.columns.bookedAt = "Created (UTC)";
        m.columns.valueDate = "Available On (UTC)";
        m.columns.gross = "Amount";
        m.columns.fee = "Fee";
        m.columns.net = "Net";
        m.columns.currency = "Currency";
        m.columns.reference = "Source";
        m.columns.bankReference = "id";
        m.columns.remittance = "Description";
        m.columns.kind = "Type";
        all.push_back(m);
    }
    {
        // PayPal activity download: UTF-8 with a BOM, US dates (11/1/2026) and amounts
        // (1,234.56); Gross, Fee (negative when charged) and Net; refunds and withdrawals are
        // written negative (sign as written).
        CsvMapping m;
        m.name = "paypal";
        m.provider = "PayPal";
        m.dateOrder = "mdy";
        m.thousandsSeparator = ',';
        m.feeWrittenNegative = true;
        m.columns.bookedAt = "Date";
        m.columns.gross = "Gross";
        m.columns.fee = "Fee";
        m.columns.net = "Net";
        m.columns.currency = "Currency";
        m.columns.reference = "Transaction ID";
        m.columns.counterparty = "Name";
        m.columns.kind = "Type";
        all.push_back(m);
    }
    return all;
}

// The fields of a header line, unquoted and trimmed (enough to recognise one).
std::vector<std::string> headerFields(std::string_view line, char delimiter) {
    std::vector<std::string> out(1);
    bool inQuotes = false;
    for (const char c : line) {
        if (c == '"') {
            inQuotes = !inQuotes;
        } else if (c == delimiter && !inQuotes) {
            out.emplace_back();
        } else {
            out.back().push_back(c);
        }
    }
    for (auto& f : out) {
        f = std::string(trimBlank(f));
        if (!f.empty() && f.front() == '`') {
            f.erase(0, 1);
        }
    }
    return out;
}

}  // namespace

const std::vector<CsvMapping>& builtinMappings() {
    static const std::vector<CsvMapping> all = makeBuiltins();
    return all;
}

std::optional<std::string> recogniseSettlement(std::string_view head) {
    std::string text(head);
    if (text.rfind("\xEF\xBB\xBF", 0) == 0) {
        text.erase(0, 3);
    }
    std::string converted;
    std::size_t consumed = 0;
    Converter utf8("UTF-8");
    int e = utf8.ok() ? utf8.convert(text, converted, consumed) : EILSEQ;
    if (e == EILSEQ) {
        Converter gbk("GBK");
        converted.clear();
        e = gbk.ok() ? gbk.convert(text, converted, consumed) : EILSEQ;
        if (e == EILSEQ) {
            return std::nullopt;
        }
    }
    // The head may end inside a character or a line: what converted is enough to look at.
    std::size_t start = 0;
    while (start < converted.size()) {
        std::size_t end = converted.find_first_of("\r\n", start);
        if (end == std::string::npos) {
            end = converted.size();
        }
        const std::string_view line = std::string_view(converted).substr(start, end - start);
        for (const auto& m : builtinMappings()) {
            const auto fields = headerFields(line, m.delimiter);
            const auto& c = m.columns;
            bool all = true;
            for (const std::string* name :
                 {&c.bookedAt, &c.amount, &c.gross, &c.fee, &c.net, &c.credit, &c.debit,
                  &c.currency, &c.reference, &c.kind, &c.direction}) {
                if (!name->empty() &&
                    std::find(fields.begin(), fields.end(), *name) == fields.end()) {
                    all = false;
                    break;
                }
            }
            if (all) {
                return m.name;
            }
        }
        start = end + 1;
    }
    return std::nullopt;
}

void readSettlementCsv(Source& source, const CsvMapping& mapping, Sink& sink,
                       const Limits& limits) {
    Reader(source, mapping, sink, limits).run();
}

}  // namespace opsdesk::server::finance
