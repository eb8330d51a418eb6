#include "finance/mt940_reader.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace opsdesk::server::finance {

namespace {

bool isDigit(char c) {
    return c >= '0' && c <= '9';
}
bool isUpper(char c) {
    return c >= 'A' && c <= 'Z';
}
bool isAlnum(char c) {
    return isDigit(c) || isUpper(c) || (c >= 'a' && c <= 'z');
}
bool isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && isSpace(s.front())) {
        s.remove_prefix(1);
    }
    while (!s.empty() && isSpace(s.back())) {
        s.remove_suffix(1);
    }
    return s;
}

// The length of the valid UTF-8 sequence starting at s[i], or 0 if there is none (overlong
// forms, surrogates and code points above U+10FFFF are not valid).
std::size_t utf8Sequence(std::string_view s, std::size_t i) {
    const auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
    const unsigned char c = b(i);
    if (c < 0x80) {
        return 1;
    }
    std::size_t n = 0;
    unsigned char lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) {
        n = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        lo = c == 0xE0 ? 0xA0 : 0x80;
        hi = c == 0xED ? 0x9F : 0xBF;
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        lo = c == 0xF0 ? 0x90 : 0x80;
        hi = c == 0xF4 ? 0x8F : 0xBF;
    } else {
        return 0;
    }
    if (i + n > s.size() || b(i + 1) < lo || b(i + 1) > hi) {
        return 0;
    }
    for (std::size_t k = 2; k < n; ++k) {
        if (b(i + k) < 0x80 || b(i + k) > 0xBF) {
            return 0;
        }
    }
    return n;
}

// A text value of the file as UTF-8. SWIFT text is meant to be ASCII, but banks send umlauts:
// German banks as ISO 8859-1 (Latin-1), others (and both samples that have any) as UTF-8. A value
// that is valid UTF-8 is kept as it is; otherwise its bytes are read as Latin-1, which maps every
// byte to a character (so nothing is dropped or guessed away). Control characters become spaces.
std::string toUtf8(std::string_view raw) {
    bool utf8 = true;
    for (std::size_t i = 0; i < raw.size();) {
        const std::size_t n = utf8Sequence(raw, i);
        if (n == 0) {
            utf8 = false;
            break;
        }
        i += n;
    }
    std::string out;
    out.reserve(raw.size());
    for (const char ch : raw) {
        const auto c = static_cast<unsigned char>(ch);
        if (c < 0x20 || c == 0x7F) {
            out.push_back(' ');
        } else if (c < 0x80 || utf8) {
            out.push_back(ch);
        } else {
            out.push_back(static_cast<char>(0xC0 | (c >> 6)));
            out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
        }
    }
    return out;
}

// Trimmed, runs of whitespace as one space, as UTF-8.
std::string clean(std::string_view raw) {
    const std::string text = toUtf8(raw);
    std::string out;
    out.reserve(text.size());
    bool space = false;
    for (const char c : text) {
        if (isSpace(c)) {
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

// --- dates ---------------------------------------------------------------------------------

bool leap(int y) {
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int daysInMonth(int y, int m) {
    static constexpr std::array<int, 12> days{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && leap(y) ? 29 : days[static_cast<std::size_t>(m - 1)];
}

struct Date {
    int y = 0, m = 0, d = 0;
};

// Days since 1970-01-01 (proleptic Gregorian), to compare dates.
long dayNumber(const Date& date) {
    const int y = date.m <= 2 ? date.y - 1 : date.y;
    const int era = (y >= 0 ? y : y - 399) / 400;
    const int yoe = y - era * 400;
    const int mp = (date.m + 9) % 12;
    const int doy = (153 * mp + 2) / 5 + date.d - 1;
    const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return static_cast<long>(era) * 146097 + doe - 719468;
}

std::string iso(const Date& d) {
    std::string out(10, '0');
    out[0] = static_cast<char>('0' + d.y / 1000);
    out[1] = static_cast<char>('0' + d.y / 100 % 10);
    out[2] = static_cast<char>('0' + d.y / 10 % 10);
    out[3] = static_cast<char>('0' + d.y % 10);
    out[4] = '-';
    out[5] = static_cast<char>('0' + d.m / 10);
    out[6] = static_cast<char>('0' + d.m % 10);
    out[7] = '-';
    out[8] = static_cast<char>('0' + d.d / 10);
    out[9] = static_cast<char>('0' + d.d % 10);
    return out;
}

int twoDigits(std::string_view s) {
    return (s[0] - '0') * 10 + (s[1] - '0');
}

bool allDigits(std::string_view s) {
    return std::all_of(s.begin(), s.end(), isDigit);
}

// Month and day checked; a day past the month's end (30 February, 31 April) is clamped to the
// month's last day: such dates occur in real bank files (banks booking interest "on the 30th"
// of every month), and refusing a whole statement for them helps nobody. Days 0 or above 31 and
// months outside 1..12 are refused (nullopt).
std::optional<Date> makeDate(int y, int m, int d) {
    if (m < 1 || m > 12 || d < 1 || d > 31) {
        return std::nullopt;
    }
    return Date{y, m, std::min(d, daysInMonth(y, m))};
}

// YYMMDD: SWIFT years have two digits; 80..99 are taken as 1980..1999, the rest as 20xx.
std::optional<Date> parseYymmdd(std::string_view s) {
    if (s.size() != 6 || !allDigits(s)) {
        return std::nullopt;
    }
    const int yy = twoDigits(s);
    return makeDate(yy >= 80 ? 1900 + yy : 2000 + yy, twoDigits(s.substr(2)),
                    twoDigits(s.substr(4)));
}

// The entry date MMDD of a :61: has no year: it is the year of the value date, or the one before
// or after, whichever puts the entry closest to the value date (value 31 Dec, entry 02 Jan:
// the next year; value 02 Jan, entry 30 Dec: the year before).
std::optional<Date> entryDate(std::string_view mmdd, const Date& value) {
    std::optional<Date> best;
    long bestDistance = 0;
    for (const int y : {value.y - 1, value.y, value.y + 1}) {
        const auto candidate = makeDate(y, twoDigits(mmdd), twoDigits(mmdd.substr(2)));
        if (!candidate) {
            return std::nullopt;
        }
        const long distance = std::labs(dayNumber(*candidate) - dayNumber(value));
        if (!best || distance < bestDistance) {
            best = candidate;
            bestDistance = distance;
        }
    }
    return best;
}

// --- :86: information to account owner ----------------------------------------------------------

struct Information {
    std::string counterparty;
    std::string reference;
    std::string remittance;
};

// SEPA keys German banks put inside the ?2x purpose subfields (DK "SEPA-Verwendungszweck").
constexpr std::array<std::string_view, 15> kSepaKeys{"EREF+", "KREF+", "MREF+", "CRED+", "DEBT+",
                                                     "SVWZ+", "ABWA+", "ABWE+", "IBAN+", "BIC+",
                                                     "COAM+", "OAMT+", "SQTP+", "PURP+", "RTRN+"};

// The purpose text cut at its SEPA keys. A key counts where a subfield (or a line) starts or
// after a space, not inside a word. Answers key → value; "" → text before the first key.
std::map<std::string, std::string> sepaParts(const std::string& text,
                                             const std::vector<std::size_t>& starts) {
    std::vector<std::pair<std::size_t, std::string_view>> found;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const bool boundary = i == 0 || text[i - 1] == ' ' ||
                              std::find(starts.begin(), starts.end(), i) != starts.end();
        if (!boundary) {
            continue;
        }
        for (const auto key : kSepaKeys) {
            if (text.compare(i, key.size(), key) == 0) {
                found.emplace_back(i, key);
                break;
            }
        }
    }
    std::map<std::string, std::string> parts;
    std::size_t from = 0;
    std::string key;
    for (const auto& [at, k] : found) {
        parts[key] += text.substr(from, at - from);
        key = std::string(k.substr(0, k.size() - 1));
        from = at + k.size();
    }
    parts[key] += text.substr(from);
    return parts;
}

bool noReference(std::string_view r) {
    return r.empty() || r == "NONREF" || r == "NOTPROVIDED";
}

Information parseInformation(std::string_view raw) {
    Information info;
    std::string_view s = trim(raw);
    // German structured form: a 3-digit business transaction code (GVC), then subfields, each a
    // separator (usually '?') and a 2-digit number. Physical lines are cut at 65 characters
    // wherever they fall (mid-word, between '?' and its number), so they are joined with nothing.
    const bool structured = s.size() >= 3 && allDigits(s.substr(0, 3)) &&
                            (s.size() == 3 || (!isAlnum(s[3]) && !isSpace(s[3]) && s[3] != '/'));
    if (structured) {
        std::string joined;
        for (const char c : s) {
            if (c != '\n') {
                joined.push_back(c);
            }
        }
        std::map<int, std::string> fields;
        const char sep = joined.size() > 3 ? joined[3] : '?';
        int current = -1;
        for (std::size_t i = 3; i < joined.size(); ++i) {
            if (joined[i] == sep && i + 2 < joined.size() && isDigit(joined[i + 1]) &&
                isDigit(joined[i + 2])) {
                current = twoDigits(std::string_view(joined).substr(i + 1));
                fields[current];
                i += 2;
                continue;
            }
            fields[current].push_back(joined[i]);
        }
        std::string purpose;
        std::vector<std::size_t> starts;
        for (const auto& [number, value] : fields) {
            if ((number >= 20 && number <= 29) || (number >= 60 && number <= 63)) {
                starts.push_back(purpose.size());
                purpose += value;
            }
        }
        info.counterparty = clean(fields[32] + fields[33]);
        if (info.counterparty.empty()) {
            info.counterparty = clean(fields[31]);
        }
        auto parts = sepaParts(purpose, starts);
        const std::string eref = clean(parts["EREF"]);
        if (!noReference(eref)) {
            info.reference = eref;
        }
        info.remittance = parts.count("SVWZ") ? clean(parts["SVWZ"]) : clean(purpose);
        if (info.remittance.empty()) {
            info.remittance = clean(fields[0]);  // the booking text ("GUTSCHRIFT")
        }
        return info;
    }
    // Free text: its lines are lines of text, joined with a space. SEPA keys are looked for at
    // the start of each line, too.
    std::string text;
    std::vector<std::size_t> starts;
    std::size_t lineStart = 0;
    while (lineStart <= s.size()) {
        const std::size_t end = std::min(s.find('\n', lineStart), s.size());
        if (!text.empty()) {
            text.push_back(' ');
        }
        starts.push_back(text.size());
        text.append(s.substr(lineStart, end - lineStart));
        lineStart = end + 1;
    }
    auto parts = sepaParts(text, starts);
    if (parts.size() > 1) {
        const std::string eref = clean(parts["EREF"]);
        if (!noReference(eref)) {
            info.reference = eref;
        }
        if (parts.count("SVWZ")) {
            info.remittance = clean(parts["SVWZ"]);
            return info;
        }
    }
    info.remittance = clean(text);
    return info;
}

// --- the reader
// ------------------------------------------------------------------------------------

class Reader {
public:
    Reader(Source& source, Sink& sink, const Limits& limits)
        : lines_(source, limits.maxLineBytes), sink_(sink), limits_(limits) {}

    void run() {
        std::string raw;
        while (lines_.next(raw)) {
            physicalLine(raw, lines_.lineNumber());
        }
        finishTag();
        if (inStatement_) {
            finishStatement();
        }
        if (statements_ == 0) {
            throw ParseError(std::max<std::size_t>(1, lines_.lineNumber()), "file",
                             "This file holds no MT940/MT942 statement: no :20: transaction "
                             "reference was found.");
        }
    }

private:
    [[noreturn]] void fail(std::size_t line, const std::string& tag, const std::string& message) {
        throw ParseError(line, ":" + tag + ":", message);
    }

    void physicalLine(std::string_view line, std::size_t number) {
        const std::string_view t = trim(line);
        if (t.empty()) {
            return;  // blank lines between statements or inside one carry nothing
        }
        // SWIFT envelope {1:...}{2:O940...}{4: — a new message; its text may follow "{4:".
        if (t.front() == '{') {
            finishTag();
            if (inStatement_) {
                finishStatement();
            }
            const auto block2 = t.find("{2:");
            if (block2 != std::string_view::npos && block2 + 7 <= t.size()) {
                const auto type = t.substr(block2 + 4, 3);  // {2:I940 or {2:O940
                envelopeKind_ = type == "942" ? "MT942" : type == "940" ? "MT940" : "";
            }
            const auto block4 = t.find("{4:");
            if (block4 != std::string_view::npos && block4 + 3 < t.size()) {
                physicalLine(t.substr(block4 + 3), number);
            }
            return;
        }
        // The message's end: "-", "-}" or "-}{5:{CHK:...}}".
        if (t == "-" || t.substr(0, 2) == "-}") {
            finishTag();
            if (inStatement_) {
                finishStatement();
            }
            envelopeKind_.clear();
            return;
        }
        if (const auto name = tagName(line)) {
            finishTag();
            tag_ = *name;
            value_.assign(line.substr(tag_.size() + 2));
            tagLine_ = number;
            haveTag_ = true;
            return;
        }
        if (haveTag_) {
            // A continuation of the tag above (a wrapped :86:, the :61: supplementary details).
            if (value_.size() + line.size() + 1 > limits_.maxFieldBytes) {
                fail(tagLine_, tag_,
                     "The :" + tag_ + ": field starting on line " + std::to_string(tagLine_) +
                         " is longer than " + std::to_string(limits_.maxFieldBytes) + " bytes.");
            }
            value_.push_back('\n');
            value_.append(line);
            return;
        }
        // Text outside any tag (a bank's header line, an envelope's remains) carries no data.
    }

    // ":20:", ":28C:", ":NS:" → "20", "28C", "NS"; nullopt when the line starts no tag.
    static std::optional<std::string> tagName(std::string_view line) {
        if (line.size() < 4 || line[0] != ':' || !isAlnum(line[1]) || !isAlnum(line[2])) {
            return std::nullopt;
        }
        if (line[3] == ':') {
            return std::string(line.substr(1, 2));
        }
        if (line.size() >= 5 && isUpper(line[3]) && line[4] == ':') {
            return std::string(line.substr(1, 3));
        }
        return std::nullopt;
    }

    void finishTag() {
        if (!haveTag_) {
            return;
        }
        haveTag_ = false;
        const std::string tag = std::move(tag_);
        const std::string value = std::move(value_);
        tag_.clear();
        value_.clear();
        if (tag != "86") {
            flushLine();
        }
        if (tag == "20") {
            if (inStatement_) {
                finishStatement();
            }
            startStatement(value);
            return;
        }
        if (!inStatement_) {
            fail(tagLine_, tag,
                 statements_ == 0
                     ? "The file does not start with a statement's :20: transaction reference "
                       "(line " +
                           std::to_string(tagLine_) + " has :" + tag +
                           ": first). Is this an MT940 file?"
                     : "The :" + tag + ": field on line " + std::to_string(tagLine_) +
                           " comes after the statement's end (\"-\") without a new :20:.");
        }
        const std::string firstLine(trim(value.substr(0, value.find('\n'))));
        if (tag == "25") {
            if (haveAccount_ || statement_.lineCount > 0 || pending_) {
                fail(tagLine_, tag,
                     "A second account identification (:25:) on line " + std::to_string(tagLine_) +
                         " inside the statement that starts on line " +
                         std::to_string(statement_.sourceLine) +
                         "; the file is damaged (a mistyped :86:?).");
            }
            haveAccount_ = true;
            statement_.account = clean(firstLine);
        } else if (tag == "28" || tag == "28C") {
            number_ = clean(firstLine);
        } else if (tag == "60F" || tag == "60M") {
            if (statement_.opening) {
                fail(tagLine_, tag,
                     "A second opening balance in the statement that starts on line " +
                         std::to_string(statement_.sourceLine) + ".");
            }
            statement_.opening = balance(tag, firstLine);
        } else if (tag == "62F" || tag == "62M") {
            if (!statement_.opening) {
                fail(tagLine_, tag,
                     "The closing balance (:" + tag + ":) on line " + std::to_string(tagLine_) +
                         " comes before any opening balance (:60F:).");
            }
            if (statement_.closing) {
                fail(tagLine_, tag,
                     "A second closing balance in the statement that starts on line " +
                         std::to_string(statement_.sourceLine) + ".");
            }
            statement_.closing = balance(tag, firstLine);
        } else if (tag == "61") {
            statementLine(value);
        } else if (tag == "86") {
            if (pending_ && !pendingHasInformation_) {
                const Information info = parseInformation(value);
                pending_->counterparty = info.counterparty;
                pending_->remittance =
                    info.remittance.empty() ? pending_->remittance : info.remittance;
                if (!info.reference.empty()) {
                    pending_->reference = info.reference;
                }
                pendingHasInformation_ = true;
            }
            // A :86: of the statement itself (not after a :61:) says nothing about a line.
        } else if (tag == "34F") {
            floorLimit(firstLine);
        } else if (tag == "13D" || tag == "13") {
            mt942_ = true;
            const auto date =
                firstLine.size() >= 6 ? parseYymmdd(firstLine.substr(0, 6)) : std::nullopt;
            if (!date) {
                fail(tagLine_, tag,
                     "The report's date and time (:" + tag + ":) on line " +
                         std::to_string(tagLine_) + " is not a date YYMMDDhhmm: \"" +
                         clean(firstLine) + "\".");
            }
            reportDate_ = iso(*date);
        } else if (tag == "90D" || tag == "90C") {
            mt942_ = true;
        }
        // :21:, :64:, :65: and other tags carry nothing a statement keeps.
    }

    void startStatement(const std::string& value) {
        if (statements_ >= limits_.maxStatements) {
            fail(tagLine_, "20",
                 "The file holds more than " + std::to_string(limits_.maxStatements) +
                     " statements.");
        }
        inStatement_ = true;
        statement_ = Statement{};
        statement_.format = Format::Mt940;
        statement_.sourceLine = tagLine_;
        reference_ = clean(value);
        number_.clear();
        haveAccount_ = false;
        mt942_ = envelopeKind_ == "MT942";
        reportDate_.clear();
        earliest_.clear();
        latest_.clear();
    }

    void finishStatement() {
        flushLine();
        inStatement_ = false;
        if (!statement_.opening && !mt942_) {
            fail(statement_.sourceLine, "60F",
                 "The statement \"" + reference_ + "\" that starts on line " +
                     std::to_string(statement_.sourceLine) +
                     " has no opening balance (:60F:); an MT940 statement must have one.");
        }
        statement_.messageKind = mt942_ ? "MT942" : "MT940";
        statement_.statementRef = number_.empty() ? reference_ : reference_ + " " + number_;
        statement_.from =
            earliest_.empty() && statement_.opening ? statement_.opening->date : earliest_;
        if (statement_.closing) {
            statement_.to = statement_.closing->date;
        } else if (!reportDate_.empty()) {
            statement_.to = reportDate_;
        } else {
            statement_.to = latest_;
        }
        ++statements_;
        sink_.statement(statement_);
    }

    // :60F: / :62F: — C or D, YYMMDD, currency, amount.
    Balance balance(const std::string& tag, std::string_view v) {
        const auto where = " (:" + tag + ":) on line " + std::to_string(tagLine_);
        if (v.empty() || (v[0] != 'C' && v[0] != 'D')) {
            fail(tagLine_, tag,
                 "The balance" + where + " does not start with C (credit) or D (debit): \"" +
                     clean(v) + "\".");
        }
        const auto date = v.size() >= 7 ? parseYymmdd(v.substr(1, 6)) : std::nullopt;
        if (!date) {
            fail(tagLine_, tag,
                 "The balance" + where + " has no valid date YYMMDD: \"" + clean(v) + "\".");
        }
        const std::string currency = v.size() >= 10 ? std::string(v.substr(7, 3)) : "";
        if (currency.size() != 3 || !std::all_of(currency.begin(), currency.end(), isUpper)) {
            fail(tagLine_, tag,
                 "The balance" + where + " has no currency code: \"" + clean(v) + "\".");
        }
        if (!statement_.currency.empty() && statement_.currency != currency) {
            fail(tagLine_, tag,
                 "The balance" + where + " is in " + currency + " but the statement is in " +
                     statement_.currency + ".");
        }
        const auto amount = parseAmountMinor(trim(v.substr(10)), currencyDecimals(currency));
        if (!amount || v.substr(10).find('-') != std::string_view::npos) {
            fail(tagLine_, tag,
                 "The balance" + where + " has an amount that cannot be read: \"" +
                     clean(v.substr(10)) + "\".");
        }
        statement_.currency = currency;
        return Balance{v[0] == 'D' ? -*amount : *amount, iso(*date)};
    }

    // :34F: EURD123,45 or EUR123,45 — the MT942 floor limit; it gives the report's currency.
    void floorLimit(std::string_view v) {
        mt942_ = true;
        const std::string currency = v.size() >= 3 ? std::string(v.substr(0, 3)) : "";
        if (currency.size() != 3 || !std::all_of(currency.begin(), currency.end(), isUpper)) {
            fail(tagLine_, "34F",
                 "The floor limit (:34F:) on line " + std::to_string(tagLine_) +
                     " does not start with a currency code: \"" + clean(v) + "\".");
        }
        if (!statement_.currency.empty() && statement_.currency != currency) {
            fail(tagLine_, "34F",
                 "The floor limit (:34F:) on line " + std::to_string(tagLine_) + " is in " +
                     currency + " but the report is in " + statement_.currency + ".");
        }
        statement_.currency = currency;
    }

    void statementLine(const std::string& value) {
        const std::size_t nl = value.find('\n');
        const std::string_view v = trim(std::string_view(value).substr(0, nl));
        const std::string supplementary =
            nl == std::string::npos ? "" : clean(std::string_view(value).substr(nl + 1));
        const auto where = " (:61:) on line " + std::to_string(tagLine_);
        if (statement_.currency.empty()) {
            fail(tagLine_, "61",
                 "The statement line" + where +
                     " comes before the opening balance (:60F:), so its currency is unknown.");
        }
        if (statement_.closing) {
            fail(tagLine_, "61",
                 "The statement line" + where + " comes after the closing balance (:62F:).");
        }
        if (lines_total_ >= limits_.maxLines) {
            fail(tagLine_, "61",
                 "The file holds more than " + std::to_string(limits_.maxLines) +
                     " statement lines.");
        }
        StatementLine line;
        line.sourceLine = tagLine_;
        line.currency = statement_.currency;
        const auto value6 = v.size() >= 6 ? parseYymmdd(v.substr(0, 6)) : std::nullopt;
        if (!value6) {
            fail(tagLine_, "61",
                 "The statement line" + where + " does not start with a value date YYMMDD: \"" +
                     clean(v) + "\".");
        }
        std::size_t p = 6;
        Date booked = *value6;
        if (v.size() >= p + 4 && allDigits(v.substr(p, 4))) {
            const auto entry = entryDate(v.substr(p, 4), *value6);
            if (!entry) {
                fail(tagLine_, "61",
                     "The statement line" + where + " has an entry date MMDD that is no date: \"" +
                         std::string(v.substr(p, 4)) + "\".");
            }
            booked = *entry;
            p += 4;
        }
        // Debit/credit mark: C, D, RC (reversal of a credit: money out), RD (reversal of a
        // debit: money in).
        bool debit = false;
        const std::string_view rest = v.substr(p);
        std::size_t markSize = 0;
        if (rest.substr(0, 2) == "RC" || rest.substr(0, 2) == "RD") {
            debit = rest[1] == 'C';
            markSize = 2;
        } else if (!rest.empty() && (rest[0] == 'C' || rest[0] == 'D')) {
            debit = rest[0] == 'D';
            markSize = 1;
        } else {
            fail(tagLine_, "61",
                 "The statement line" + where +
                     " has no debit/credit mark (C, D, RC or RD) after its dates: \"" + clean(v) +
                     "\".");
        }
        p += markSize;
        if (p < v.size() && isUpper(v[p])) {
            ++p;  // the funds code: the third letter of the currency code, not needed
        }
        const std::size_t amountStart = p;
        while (p < v.size() && (isDigit(v[p]) || v[p] == ',' || v[p] == '.')) {
            ++p;
        }
        const std::string_view amountText = v.substr(amountStart, p - amountStart);
        const auto amount = parseAmountMinor(amountText, currencyDecimals(line.currency));
        if (amountText.empty() || !amount) {
            fail(tagLine_, "61",
                 "The statement line" + where + " has an amount that cannot be read as " +
                     line.currency + ": \"" +
                     clean(amountText.empty() ? v.substr(amountStart) : amountText) + "\".");
        }
        // Transaction type: N, F or S and a 3-character code (NTRF, NMSC, S103).
        if (p + 4 > v.size() || (v[p] != 'N' && v[p] != 'F' && v[p] != 'S')) {
            fail(tagLine_, "61",
                 "The statement line" + where +
                     " has no transaction type (N, F or S and three characters) after the "
                     "amount: \"" +
                     clean(v.substr(p)) + "\".");
        }
        line.kind = clean(v.substr(p, 4));
        p += 4;
        const std::string_view references = v.substr(p);
        const auto slashes = references.find("//");
        const std::string customer = clean(references.substr(0, slashes));
        if (!noReference(customer)) {
            line.reference = customer;
        }
        if (slashes != std::string_view::npos) {
            line.bankReference = clean(references.substr(slashes + 2));
        }
        line.amountMinor = debit ? -*amount : *amount;
        line.valueDate = iso(*value6);
        line.bookedAt = iso(booked);
        line.remittance = supplementary;  // replaced by the :86: text when there is one
        pending_ = std::move(line);
        pendingHasInformation_ = false;
    }

    void flushLine() {
        if (!pending_) {
            return;
        }
        if (earliest_.empty() || pending_->bookedAt < earliest_) {
            earliest_ = pending_->bookedAt;
        }
        if (latest_.empty() || pending_->bookedAt > latest_) {
            latest_ = pending_->bookedAt;
        }
        ++statement_.lineCount;
        ++lines_total_;
        sink_.line(*pending_);
        pending_.reset();
    }

    LineReader lines_;
    Sink& sink_;
    const Limits& limits_;

    // The tag being read (its value grows while continuation lines follow).
    bool haveTag_ = false;
    std::string tag_;
    std::string value_;
    std::size_t tagLine_ = 0;

    std::string envelopeKind_;  // "MT940"/"MT942" from the envelope's {2: block, else ""
    bool inStatement_ = false;
    Statement statement_;
    std::string reference_;  // :20:
    std::string number_;     // :28C:
    bool haveAccount_ = false;
    bool mt942_ = false;
    std::string reportDate_;  // :13D:
    std::string earliest_, latest_;
    std::optional<StatementLine> pending_;  // the :61: read, waiting for its :86:
    bool pendingHasInformation_ = false;
    std::size_t statements_ = 0;
    std::size_t lines_total_ = 0;
};

}  // namespace

void readMt940(Source& source, Sink& sink, const Limits& limits) {
    Reader(source, sink, limits).run();
}

}  // namespace opsdesk::server::finance
