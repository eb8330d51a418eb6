#include "finance/ofx_reader.h"

#include <iconv.h>

#include <algorithm>
#include <cerrno>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace opsdesk::server::finance {

namespace {

constexpr std::size_t kMaxTagName = 64;
constexpr std::size_t kMaxHeaderBytes = 4096;

bool isSpace(int c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

std::string_view trimmed(std::string_view s) {
    while (!s.empty() && isSpace(static_cast<unsigned char>(s.front()))) {
        s.remove_prefix(1);
    }
    while (!s.empty() && isSpace(static_cast<unsigned char>(s.back()))) {
        s.remove_suffix(1);
    }
    return s;
}

std::string collapsed(std::string_view text) {
    std::string out;
    bool space = false;
    for (const char c : text) {
        if (isSpace(static_cast<unsigned char>(c))) {
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

std::string upper(std::string_view s) {
    std::string out(s);
    for (char& c : out) {
        if (c >= 'a' && c <= 'z') {
            c = static_cast<char>(c - 'a' + 'A');
        }
    }
    return out;
}

std::string quoted(std::string_view s) {
    std::string out = "\"";
    out.append(s.substr(0, 60));
    if (s.size() > 60) {
        out += "...";
    }
    return out + "\"";
}

bool isCalendarDate(int y, int m, int d) {
    static constexpr int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1900 || y > 2999 || m < 1 || m > 12 || d < 1) {
        return false;
    }
    const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return d <= days[m - 1] + (m == 2 && leap ? 1 : 0);
}

// The date of an OFX date-time, YYYYMMDD[HHMMSS[.XXX]][[+-h:TZ]], as "YYYY-MM-DD" (the date as
// written, whatever the zone); "" when it is not one.
std::string ofxDate(std::string_view text) {
    text = trimmed(text);
    if (text.size() < 8 ||
        !std::all_of(text.begin(), text.begin() + 8, [](char c) { return c >= '0' && c <= '9'; })) {
        return {};
    }
    if (text.size() > 8 && !(text[8] >= '0' && text[8] <= '9') && text[8] != '[' &&
        text[8] != '.') {
        return {};
    }
    const auto num = [&](std::size_t at, std::size_t n) {
        int v = 0;
        for (std::size_t i = at; i < at + n; ++i) {
            v = v * 10 + (text[i] - '0');
        }
        return v;
    };
    if (!isCalendarDate(num(0, 4), num(4, 2), num(6, 2))) {
        return {};
    }
    std::string out(text.substr(0, 4));
    out += '-';
    out.append(text.substr(4, 2));
    out += '-';
    out.append(text.substr(6, 2));
    return out;
}

bool isCurrencyCode(std::string_view c) {
    return c.size() == 3 &&
           std::all_of(c.begin(), c.end(), [](char ch) { return ch >= 'A' && ch <= 'Z'; });
}

// Leaf elements of OFX that this reader reads or that sit among them: an empty one written
// without its end tag is still a leaf.
bool isKnownLeaf(std::string_view name) {
    static constexpr std::string_view leaves[] = {
        "ACCTID",   "ACCTTYPE", "BALAMT",       "BANKID",        "BRANCHID", "CHECKNUM", "CODE",
        "CURDEF",   "CURRATE",  "CURSYM",       "DTASOF",        "DTAVAIL",  "DTEND",    "DTPOSTED",
        "DTSERVER", "DTSTART",  "DTUSER",       "FITID",         "LANGUAGE", "MEMO",     "MESSAGE",
        "NAME",     "PAYEEID",  "REFNUM",       "SEVERITY",      "SIC",      "SRVRTID",  "TRNAMT",
        "TRNTYPE",  "TRNUID",   "CORRECTFITID", "CORRECTACTION", "EXTDNAME"};
    return std::find(std::begin(leaves), std::end(leaves), name) != std::end(leaves);
}

void appendUtf8(std::string& out, unsigned long cp) {
    if (cp < 0x80) {
        out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
        out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
}

// The five XML entities and numeric character references decoded; any other "&" (SGML files
// write "AT&T") stays as it is. nullopt for a numeric reference to no character.
std::optional<std::string> decodeEntities(std::string_view s) {
    if (s.find('&') == std::string_view::npos) {
        return std::string(s);
    }
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] != '&') {
            out.push_back(s[i]);
            continue;
        }
        const std::size_t semi = s.find(';', i);
        if (semi == std::string_view::npos || semi - i > 10) {
            out.push_back('&');
            continue;
        }
        const std::string_view name = s.substr(i + 1, semi - i - 1);
        static constexpr std::pair<std::string_view, char> named[] = {
            {"amp", '&'}, {"lt", '<'}, {"gt", '>'}, {"quot", '"'}, {"apos", '\''}};
        bool done = false;
        for (const auto& [n, c] : named) {
            if (name == n) {
                out.push_back(c);
                done = true;
            }
        }
        if (!done && name.size() >= 2 && name[0] == '#') {
            const bool hex = name[1] == 'x' || name[1] == 'X';
            const std::string_view digits = name.substr(hex ? 2 : 1);
            unsigned long cp = 0;
            if (digits.empty()) {
                return std::nullopt;
            }
            for (const char c : digits) {
                int v = -1;
                if (c >= '0' && c <= '9') {
                    v = c - '0';
                } else if (hex && c >= 'a' && c <= 'f') {
                    v = c - 'a' + 10;
                } else if (hex && c >= 'A' && c <= 'F') {
                    v = c - 'A' + 10;
                }
                if (v < 0 || cp > 0x10FFFF) {
                    return std::nullopt;
                }
                cp = cp * (hex ? 16 : 10) + static_cast<unsigned long>(v);
            }
            if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
                return std::nullopt;
            }
            appendUtf8(out, cp);
            done = true;
        }
        if (done) {
            i = semi;
        } else {
            out.push_back('&');
        }
    }
    return out;
}

// ---- bytes, with lines counted as they pass

class Bytes {
public:
    explicit Bytes(Source& source) : source_(source) {}

    int peek() {
        if (pos_ >= buffer_.size() && !more(1)) {
            return -1;
        }
        return static_cast<unsigned char>(buffer_[pos_]);
    }
    int get() {
        const int c = peek();
        if (c < 0) {
            return c;
        }
        ++pos_;
        if (c == '\n') {
            if (!previousCr_) {
                ++line_;
            }
            column_ = 0;
        } else if (c == '\r') {
            ++line_;
            column_ = 0;
        } else if (++column_ > maxLineBytes_) {
            throw ParseError(line_, "line",
                             "Line " + std::to_string(line_) + " is longer than " +
                                 std::to_string(maxLineBytes_) + " bytes");
        }
        previousCr_ = c == '\r';
        return c;
    }
    // Whether the next bytes are `s` (without taking them).
    bool ahead(std::string_view s) {
        if (buffer_.size() - pos_ < s.size() && !more(s.size())) {
            return false;
        }
        return std::string_view(buffer_).substr(pos_, s.size()) == s;
    }
    void skip(std::size_t n) {
        for (std::size_t i = 0; i < n; ++i) {
            get();
        }
    }
    std::size_t line() const { return line_; }
    void limitLines(std::size_t maxBytes) { maxLineBytes_ = maxBytes; }

private:
    // At least `want` bytes unread, if the file has them.
    bool more(std::size_t want) {
        if (pos_ > 0) {
            buffer_.erase(0, pos_);
            pos_ = 0;
        }
        while (buffer_.size() < want && !eof_) {
            if (chunk_.empty()) {
                chunk_.resize(64 * 1024);
            }
            const std::size_t got = source_.read(chunk_.data(), chunk_.size());
            buffer_.append(chunk_.data(), got);
            eof_ = got == 0;
        }
        return buffer_.size() >= want;
    }

    Source& source_;
    std::string buffer_;
    std::vector<char> chunk_;  // what one read() fills, allocated once
    std::size_t pos_ = 0;
    bool eof_ = false;
    bool previousCr_ = false;
    std::size_t line_ = 1;
    std::size_t column_ = 0;
    std::size_t maxLineBytes_ = static_cast<std::size_t>(-1);
};

// ---- tokens: tags, text (raw bytes, CDATA escaped so that decoding restores it), PIs

enum class Kind { Start, End, Text, Instruction, Eof };

struct Token {
    Kind kind = Kind::Eof;
    std::string name;  // tag name (upper case); the instruction's target
    std::string text;  // text; the instruction's content
    std::size_t line = 0;
    bool selfClosing = false;
};

class Tokenizer {
public:
    Tokenizer(Bytes& in, const Limits& limits) : in_(in), limits_(limits) {}

    Token next();
    const std::string& lastTag() const { return lastTag_; }

private:
    Token tag();
    Token instruction();
    void skipComment();
    void readCdata(std::string& text);
    void addText(std::string& text, char c);

    Bytes& in_;
    const Limits& limits_;
    std::string lastTag_ = "OFX";
};

void Tokenizer::addText(std::string& text, char c) {
    text.push_back(c);
    if (text.size() > limits_.maxFieldBytes) {
        throw ParseError(in_.line(), lastTag_,
                         "The value of <" + lastTag_ + "> is longer than " +
                             std::to_string(limits_.maxFieldBytes) + " bytes");
    }
}

Token Tokenizer::next() {
    Token text{Kind::Text, {}, {}, 0, false};
    for (;;) {
        const int c = in_.peek();
        if (c < 0) {
            if (!text.text.empty()) {
                return text;
            }
            return Token{Kind::Eof, {}, {}, in_.line(), false};
        }
        if (c == '<') {
            if (in_.ahead("<![CDATA[")) {
                if (text.text.empty()) {
                    text.line = in_.line();
                }
                in_.skip(9);
                readCdata(text.text);
                continue;
            }
            if (!text.text.empty()) {
                return text;
            }
            if (in_.ahead("<!--")) {
                skipComment();
                continue;
            }
            if (in_.ahead("<!")) {
                throw ParseError(in_.line(), "DOCTYPE",
                                 "The file carries a markup declaration (<!...>, such as a "
                                 "DOCTYPE), which a bank statement never has; it is refused "
                                 "for safety");
            }
            if (in_.ahead("<?")) {
                return instruction();
            }
            return tag();
        }
        if (text.text.empty()) {
            if (isSpace(c)) {
                in_.get();
                continue;
            }
            text.line = in_.line();
        }
        addText(text.text, static_cast<char>(in_.get()));
    }
}

Token Tokenizer::tag() {
    Token t;
    t.line = in_.line();
    in_.get();  // '<'
    t.kind = Kind::Start;
    if (in_.peek() == '/') {
        in_.get();
        t.kind = Kind::End;
    }
    for (;;) {
        const int c = in_.peek();
        const bool nameChar = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                              (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-' ||
                              c == ':';
        if (!nameChar) {
            break;
        }
        t.name.push_back(static_cast<char>(in_.get()));
        if (t.name.size() > kMaxTagName) {
            throw ParseError(t.line, t.name.substr(0, 20),
                             "A tag name is longer than " + std::to_string(kMaxTagName) +
                                 " characters: this is not an OFX file or it is damaged");
        }
    }
    while (isSpace(in_.peek())) {
        in_.get();
    }
    if (t.kind == Kind::Start && in_.peek() == '/') {
        in_.get();
        t.selfClosing = true;
    }
    const int close = in_.get();
    if (t.name.empty() || close != '>') {
        const std::string what = t.name.empty() ? std::string("<") : "<" + t.name;
        throw ParseError(t.line, t.name.empty() ? lastTag_ : upper(t.name),
                         "The file is damaged: the tag starting " + quoted(what) +
                             " is not a proper <NAME> or </NAME> tag");
    }
    t.name = upper(t.name);
    if (t.kind == Kind::Start) {
        lastTag_ = t.name;
    }
    return t;
}

Token Tokenizer::instruction() {
    Token t;
    t.kind = Kind::Instruction;
    t.line = in_.line();
    in_.skip(2);
    std::string content;
    while (!in_.ahead("?>")) {
        const int c = in_.get();
        if (c < 0) {
            throw ParseError(t.line, "?",
                             "The file ends inside a processing instruction (<?...?>)");
        }
        content.push_back(static_cast<char>(c));
        if (content.size() > kMaxHeaderBytes) {
            throw ParseError(t.line, "?", "A processing instruction (<?...?>) is too long");
        }
    }
    in_.skip(2);
    const std::size_t end = content.find_first_of(" \t\r\n");
    t.name = upper(content.substr(0, end));
    t.text = end == std::string::npos ? std::string{} : content.substr(end);
    return t;
}

void Tokenizer::skipComment() {
    const std::size_t at = in_.line();
    in_.skip(4);
    while (!in_.ahead("-->")) {
        if (in_.get() < 0) {
            throw ParseError(at, "<!--", "The file ends inside a comment (<!-- ... -->)");
        }
    }
    in_.skip(3);
}

void Tokenizer::readCdata(std::string& text) {
    const std::size_t at = in_.line();
    while (!in_.ahead("]]>")) {
        const int c = in_.get();
        if (c < 0) {
            throw ParseError(at, lastTag_, "The file ends inside a CDATA section");
        }
        if (c == '&') {
            for (const char e : std::string_view("&amp;")) {
                addText(text, e);
            }
        } else if (c == '<') {
            for (const char e : std::string_view("&lt;")) {
                addText(text, e);
            }
        } else {
            addText(text, static_cast<char>(c));
        }
    }
    in_.skip(3);
}

// ---- text to UTF-8, from the declared character set

class Converter {
public:
    Converter() = default;
    ~Converter() {
        if (cd_ != reinterpret_cast<iconv_t>(-1)) {
            iconv_close(cd_);
        }
    }
    Converter(const Converter&) = delete;
    Converter& operator=(const Converter&) = delete;

    // `charset` as iconv names it; "" for ASCII only. False when iconv does not know it.
    bool open(const std::string& charset, const std::string& label) {
        label_ = label;
        if (charset.empty()) {
            return true;
        }
        cd_ = iconv_open("UTF-8", charset.c_str());
        return cd_ != reinterpret_cast<iconv_t>(-1);
    }
    const std::string& label() const { return label_; }

    std::optional<std::string> toUtf8(std::string_view in) {
        if (std::all_of(in.begin(), in.end(),
                        [](char c) { return static_cast<unsigned char>(c) < 0x80; })) {
            return std::string(in);
        }
        if (cd_ == reinterpret_cast<iconv_t>(-1)) {
            return std::nullopt;  // ASCII only, and this is not
        }
        iconv(cd_, nullptr, nullptr, nullptr, nullptr);
        std::string out(in.size() * 4 + 8, '\0');
        char* inPtr = const_cast<char*>(in.data());
        std::size_t inLeft = in.size();
        char* outPtr = out.data();
        std::size_t outLeft = out.size();
        if (iconv(cd_, &inPtr, &inLeft, &outPtr, &outLeft) == static_cast<std::size_t>(-1) ||
            iconv(cd_, nullptr, nullptr, &outPtr, &outLeft) == static_cast<std::size_t>(-1)) {
            return std::nullopt;
        }
        out.resize(out.size() - outLeft);
        return out;
    }

private:
    iconv_t cd_ = reinterpret_cast<iconv_t>(-1);
    std::string label_;
};

// ---- the statements

struct Status {
    std::string code;
    std::string severity;
    std::string message;
    std::size_t line = 0;
};

struct Transaction {
    std::size_t line = 0;
    std::size_t depth = 0;
    std::string type;
    std::string posted;
    std::size_t postedLine = 0;
    bool hasPosted = false;
    std::string user;
    std::string available;
    std::size_t dateLine = 0;
    std::string amount;
    std::size_t amountLine = 0;
    bool hasAmount = false;
    std::string fitid;
    std::string refnum;
    std::string checknum;
    std::string name;
    std::string payeeName;
    std::string memo;
    std::string currency;
    std::size_t currencyLine = 0;
};

struct StatementState {
    Statement statement;
    std::string element;  // STMTRS or CCSTMTRS
    std::size_t depth = 0;
    std::size_t curdefLine = 0;
    std::string balance;
    std::size_t balanceLine = 0;
    std::string balanceDate;
    std::string lineCurrency;  // the lines' own currency when they all agree
    bool mixedLineCurrencies = false;
};

struct ResponseState {  // STMTTRNRS / CCSTMTTRNRS
    std::string element;
    std::size_t depth = 0;
    bool hadStatement = false;
    Status status;
};

class OfxReader {
public:
    OfxReader(Source& source, Sink& sink, const Limits& limits)
        : in_(source), tokens_(in_, limits), sink_(sink), limits_(limits) {}
    void run();

private:
    void header();
    void sgmlHeader();
    void body(Token first);
    Token take();
    void open(const Token& t);
    void close(const std::string& name, std::size_t line);
    void closed(const std::string& name, std::size_t line);
    void leaf(const std::string& name, const std::string& raw, std::size_t line);
    std::string value(const std::string& field, const std::string& raw, std::size_t line);
    std::string relative(std::size_t from, const std::string& name) const;
    void finishTransaction(std::size_t line);
    void finishStatement();
    void noStatement();

    Bytes in_;
    Tokenizer tokens_;
    Sink& sink_;
    const Limits& limits_;
    Converter converter_;
    std::optional<Token> pushedBack_;
    std::string version_;  // "1.02", "2.1.1"
    bool sgml_ = false;
    std::vector<std::string> stack_;
    bool rootClosed_ = false;
    std::size_t rootEndLine_ = 0;
    Status signon_;
    std::optional<ResponseState> response_;
    std::optional<StatementState> statement_;
    std::optional<Transaction> transaction_;
    std::size_t investmentLine_ = 0;
    std::size_t statements_ = 0;
    std::size_t lines_ = 0;
};

Token OfxReader::take() {
    if (pushedBack_) {
        Token t = std::move(*pushedBack_);
        pushedBack_.reset();
        return t;
    }
    return tokens_.next();
}

void OfxReader::run() {
    header();
    // The first element must be <OFX>.
    for (;;) {
        Token t = take();
        if (t.kind == Kind::Instruction) {
            continue;
        }
        if (t.kind != Kind::Start || t.name != "OFX") {
            throw ParseError(t.line, t.kind == Kind::Start ? t.name : std::string("OFX"),
                             t.kind == Kind::Eof
                                 ? "The file ends before its <OFX> element: it holds no statement"
                                 : "This is not an OFX file: <OFX> was expected where the file "
                                   "has something else");
        }
        body(std::move(t));
        break;
    }
    if (statements_ == 0) {
        noStatement();
    }
}

// The 1.x header (KEY:VALUE), or the 2.x <?xml?> and <?OFX?> instructions, or none (then the
// file must be ASCII).
void OfxReader::header() {
    if (in_.ahead("\xEF\xBB\xBF")) {
        in_.skip(3);
    }
    while (isSpace(in_.peek())) {
        in_.get();
    }
    if (in_.ahead("OFXHEADER")) {
        sgmlHeader();
        return;
    }
    if (in_.peek() != '<') {
        throw ParseError(in_.line(), "OFXHEADER",
                         "This is not an OFX file: it starts neither with an OFX header "
                         "(OFXHEADER:100) nor with XML");
    }
    std::string encoding;
    bool isXml = false;
    bool ofxHeader = false;
    const auto attribute = [](const std::string& content, const std::string& key) {
        const std::string u = upper(content);
        const std::size_t at = u.find(key + "=");
        if (at == std::string::npos || at + key.size() + 1 >= content.size()) {
            return std::string{};
        }
        const char q = content[at + key.size() + 1];
        const std::size_t from = at + key.size() + 2;
        const std::size_t to = content.find(q, from);
        if ((q != '"' && q != '\'') || to == std::string::npos) {
            return std::string{};
        }
        return content.substr(from, to - from);
    };
    for (;;) {
        Token t = take();
        if (t.kind != Kind::Instruction) {
            pushedBack_ = std::move(t);
            break;
        }
        if (t.name == "XML") {
            isXml = true;
            encoding = attribute(t.text, "ENCODING");
        } else if (t.name == "OFX") {
            ofxHeader = true;
            const std::string v = attribute(t.text, "VERSION");
            for (const char c : v) {
                if (!version_.empty()) {
                    version_ += '.';
                }
                version_ += c;
            }
        }
    }
    if (isXml && !ofxHeader) {
        throw ParseError(1, "OFXHEADER",
                         "This XML file is not OFX: it has no <?OFX OFXHEADER=\"200\" ...?> "
                         "header");
    }
    if (!isXml) {
        converter_.open({}, "ASCII (the file has no header saying its character set)");
        return;
    }
    const std::string e = upper(encoding.empty() ? std::string("UTF-8") : encoding);
    const bool nameOk = std::all_of(e.begin(), e.end(), [](char c) {
        return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
               c == '.' || c == ':';
    });
    if (e == "US-ASCII" || e == "ASCII") {
        converter_.open({}, "US-ASCII");
    } else if (!nameOk || e.rfind("UTF-16", 0) == 0 || e.rfind("UTF-32", 0) == 0 ||
               e.rfind("UCS", 0) == 0 || !converter_.open(e, e)) {
        throw ParseError(
            1, "encoding",
            "The file's character set " + quoted(encoding) + " is not one this reader can convert");
    }
}

void OfxReader::sgmlHeader() {
    sgml_ = true;
    in_.limitLines(limits_.maxLineBytes);
    std::string text;
    std::vector<std::pair<std::string, std::size_t>> words;
    std::size_t wordLine = in_.line();
    while (in_.peek() >= 0 && in_.peek() != '<') {
        const int c = in_.get();
        if (isSpace(c)) {
            if (!text.empty()) {
                words.emplace_back(std::move(text), wordLine);
                text.clear();
            }
            continue;
        }
        if (text.empty()) {
            wordLine = in_.line();
        }
        text.push_back(static_cast<char>(c));
        if (text.size() > kMaxHeaderBytes || words.size() > 64) {
            throw ParseError(in_.line(), "OFXHEADER",
                             "The OFX header is too long: the file is damaged");
        }
    }
    if (!text.empty()) {
        words.emplace_back(std::move(text), wordLine);
    }
    std::string encoding;
    std::string charset;
    std::size_t encodingLine = 1;
    std::size_t charsetLine = 1;
    for (const auto& [word, at] : words) {
        const std::size_t colon = word.find(':');
        if (colon == std::string::npos) {
            throw ParseError(at, "OFXHEADER",
                             "The OFX header line " + quoted(word) + " is not KEY:VALUE");
        }
        const std::string key = upper(word.substr(0, colon));
        const std::string v = upper(word.substr(colon + 1));
        if (key == "OFXHEADER" && v != "100") {
            throw ParseError(
                at, "OFXHEADER",
                "OFX header version " + quoted(v) + " is not known (OFXHEADER:100 expected)");
        } else if (key == "DATA" && v != "OFXSGML") {
            throw ParseError(
                at, "DATA",
                "The OFX data format " + quoted(v) + " is not known (DATA:OFXSGML expected)");
        } else if (key == "VERSION") {
            version_ = v.size() == 3 ? v.substr(0, 1) + "." + v.substr(1) : v;
        } else if (key == "ENCODING") {
            encoding = v;
            encodingLine = at;
        } else if (key == "CHARSET") {
            charset = v;
            charsetLine = at;
        }
    }
    if (encoding == "UTF-8" || encoding == "UTF8" || encoding == "UNICODE") {
        converter_.open("UTF-8", "UTF-8");
        return;
    }
    if (encoding != "USASCII" && !encoding.empty()) {
        throw ParseError(encodingLine, "ENCODING",
                         "The file's encoding " + quoted(encoding) +
                             " is not one OFX defines (USASCII or UTF-8)");
    }
    if (charset == "1252" || charset == "WINDOWS-1252" || charset == "CP1252") {
        converter_.open("WINDOWS-1252", "windows-1252");
    } else if (charset == "ISO-8859-1" || charset == "8859-1" || charset == "ISO8859-1" ||
               charset == "LATIN1") {
        converter_.open("ISO-8859-1", "ISO-8859-1");
    } else if (charset == "NONE" || charset.empty()) {
        converter_.open({}, "US-ASCII");
    } else {
        throw ParseError(charsetLine, "CHARSET",
                         "The file's character set " + quoted(charset) +
                             " is not one this reader knows (1252, ISO-8859-1, NONE)");
    }
}

void OfxReader::body(Token first) {
    open(first);
    for (;;) {
        Token t = take();
        switch (t.kind) {
            case Kind::Eof:
                if (!stack_.empty()) {
                    throw ParseError(
                        t.line, stack_.back(),
                        "The file ends inside <" + stack_.back() + ">: it is incomplete");
                }
                return;
            case Kind::Instruction:
                break;
            case Kind::Text:
                if (!rootClosed_ || !std::all_of(t.text.begin(), t.text.end(), [](char c) {
                        return static_cast<unsigned char>(c) <= 0x20 || c == 0x1A;
                    })) {
                    throw ParseError(t.line, stack_.empty() ? std::string("OFX") : stack_.back(),
                                     "The file has text " + quoted(t.text) +
                                         " where an element was expected: it is damaged");
                }
                break;
            case Kind::End:
                close(t.name, t.line);
                break;
            case Kind::Start: {
                if (rootClosed_) {
                    throw ParseError(t.line, t.name,
                                     "The file goes on after its closing </OFX>: it is damaged");
                }
                if (t.selfClosing) {
                    leaf(t.name, {}, t.line);
                    break;
                }
                Token n = take();
                if (isKnownLeaf(t.name) && n.kind != Kind::Text) {
                    // An empty leaf written SGML-style (<NAME><MEMO>...): not an aggregate.
                    if (!(n.kind == Kind::End && n.name == t.name)) {
                        pushedBack_ = std::move(n);
                    }
                    leaf(t.name, {}, t.line);
                } else if (n.kind == Kind::Text) {
                    Token after = take();
                    if (!(after.kind == Kind::End && after.name == t.name)) {
                        pushedBack_ = std::move(after);
                    }
                    leaf(t.name, n.text, t.line);
                } else if (n.kind == Kind::End && n.name == t.name) {
                    leaf(t.name, {}, t.line);
                } else {
                    pushedBack_ = std::move(n);
                    open(t);
                }
                break;
            }
        }
    }
}

std::string OfxReader::relative(std::size_t from, const std::string& name) const {
    std::string out;
    for (std::size_t i = from; i < stack_.size(); ++i) {
        out += stack_[i];
        out += '/';
    }
    return out + name;
}

void OfxReader::open(const Token& t) {
    if (stack_.size() + 1 > limits_.maxDepth) {
        throw ParseError(t.line, t.name,
                         "The file nests its elements deeper than " +
                             std::to_string(limits_.maxDepth) + " levels");
    }
    const std::string& name = t.name;
    const std::size_t depth = stack_.size();
    stack_.push_back(name);
    if (name == "STMTTRNRS" || name == "CCSTMTTRNRS") {
        response_.emplace();
        response_->element = name;
        response_->depth = depth;
    } else if (name == "STMTRS" || name == "CCSTMTRS") {
        if (statement_) {
            throw ParseError(t.line, name,
                             "A statement begins inside another statement: the file is damaged");
        }
        if (++statements_ > limits_.maxStatements) {
            throw ParseError(t.line, name,
                             "The file holds more than " + std::to_string(limits_.maxStatements) +
                                 " statements");
        }
        if (response_) {
            response_->hadStatement = true;
        }
        statement_.emplace();
        statement_->element = name;
        statement_->depth = depth;
        statement_->statement.format = Format::Ofx;
        statement_->statement.messageKind = version_.empty() ? "OFX" : "OFX " + version_;
        statement_->statement.sourceLine = t.line;
    } else if (name == "STMTTRN" && statement_ &&
               relative(statement_->depth + 1, {}) == "BANKTRANLIST/STMTTRN/") {
        transaction_.emplace();
        transaction_->line = t.line;
        transaction_->depth = depth;
    } else if (name == "INVSTMTRS" && investmentLine_ == 0) {
        investmentLine_ = t.line;
    }
}

void OfxReader::close(const std::string& name, std::size_t line) {
    const auto it = std::find(stack_.rbegin(), stack_.rend(), name);
    if (it == stack_.rend()) {
        throw ParseError(line, name,
                         "The file closes </" + name + "> which was never opened: it is damaged");
    }
    // Closing an outer element closes the ones left open inside it.
    const std::size_t keep = static_cast<std::size_t>(stack_.rend() - it) - 1;
    while (stack_.size() > keep) {
        const std::string top = stack_.back();
        closed(top, line);
        stack_.pop_back();
    }
    if (stack_.empty()) {
        rootClosed_ = true;
        rootEndLine_ = line;
    }
}

void OfxReader::closed(const std::string& name, std::size_t line) {
    const std::size_t depth = stack_.size() - 1;
    if (transaction_ && depth == transaction_->depth) {
        finishTransaction(line);
    } else if (statement_ && depth == statement_->depth) {
        finishStatement();
    } else if (response_ && depth == response_->depth) {
        const ResponseState r = std::move(*response_);
        response_.reset();
        if (!r.hadStatement && !r.status.code.empty() && r.status.code != "0") {
            throw ParseError(r.status.line, r.element + "/STATUS",
                             "The bank sent an error instead of the statement: " +
                                 (r.status.message.empty() ? std::string("no message")
                                                           : "\"" + r.status.message + "\"") +
                                 " (code " + r.status.code + ")");
        }
    }
    (void)name;
}

std::string OfxReader::value(const std::string& field, const std::string& raw, std::size_t line) {
    const auto text = converter_.toUtf8(raw);
    if (!text) {
        throw ParseError(line, field,
                         "The text of " + field + " has characters that are not " +
                             converter_.label() + ", the character set the file declares");
    }
    const auto decoded = decodeEntities(*text);
    if (!decoded) {
        throw ParseError(line, field,
                         "The text of " + field +
                             " has a character reference (&#...;) to no "
                             "valid character");
    }
    return std::string(trimmed(*decoded));
}

void OfxReader::leaf(const std::string& name, const std::string& raw, std::size_t line) {
    if (stack_.empty()) {
        return;
    }
    const std::string& parent = stack_.back();
    if (parent == "STATUS" && stack_.size() >= 2) {
        const std::string& owner = stack_[stack_.size() - 2];
        Status* status = owner == "SONRS"                                       ? &signon_
                         : (response_ && stack_.size() - 2 == response_->depth) ? &response_->status
                                                                                : nullptr;
        if (status != nullptr) {
            const std::string field = owner + "/STATUS/" + name;
            if (name == "CODE") {
                status->code = value(field, raw, line);
                status->line = line;
            } else if (name == "SEVERITY") {
                status->severity = value(field, raw, line);
            } else if (name == "MESSAGE") {
                status->message = collapsed(value(field, raw, line));
            }
        }
        return;
    }
    if (transaction_) {
        Transaction& t = *transaction_;
        const std::string rel = relative(t.depth, name);
        if (rel == "STMTTRN/TRNTYPE") {
            t.type = value(rel, raw, line);
        } else if (rel == "STMTTRN/DTPOSTED") {
            t.posted = value(rel, raw, line);
            t.postedLine = line;
            t.hasPosted = true;
        } else if (rel == "STMTTRN/DTUSER") {
            t.user = value(rel, raw, line);
            t.dateLine = line;
        } else if (rel == "STMTTRN/DTAVAIL") {
            t.available = value(rel, raw, line);
            if (t.user.empty()) {
                t.dateLine = line;
            }
        } else if (rel == "STMTTRN/TRNAMT") {
            t.amount = value(rel, raw, line);
            t.amountLine = line;
            t.hasAmount = true;
        } else if (rel == "STMTTRN/FITID") {
            t.fitid = value(rel, raw, line);
        } else if (rel == "STMTTRN/REFNUM") {
            t.refnum = value(rel, raw, line);
        } else if (rel == "STMTTRN/CHECKNUM") {
            t.checknum = value(rel, raw, line);
        } else if (rel == "STMTTRN/NAME") {
            t.name = collapsed(value(rel, raw, line));
        } else if (rel == "STMTTRN/PAYEE/NAME") {
            t.payeeName = collapsed(value(rel, raw, line));
        } else if (rel == "STMTTRN/MEMO") {
            t.memo = collapsed(value(rel, raw, line));
        } else if (rel == "STMTTRN/CURRENCY/CURSYM") {
            t.currency = upper(value(rel, raw, line));
            t.currencyLine = line;
        }
        return;
    }
    if (statement_) {
        StatementState& s = *statement_;
        const std::string rel = relative(s.depth, name);
        const std::string self = s.element + "/";
        const auto date = [&](std::string& into) {
            const std::string v = value(rel, raw, line);
            if (v.empty()) {
                return;
            }
            into = ofxDate(v);
            if (into.empty()) {
                throw ParseError(
                    line, rel,
                    "The statement's date " + quoted(v) + " is not an OFX date (YYYYMMDD...)");
            }
        };
        if (rel == self + "CURDEF") {
            const std::string v = upper(value(rel, raw, line));
            if (!v.empty() && !isCurrencyCode(v)) {
                throw ParseError(line, rel,
                                 "The statement's currency " + quoted(v) +
                                     " is not a three-letter ISO 4217 code");
            }
            s.statement.currency = v;
            s.curdefLine = line;
        } else if (rel == self + "BANKACCTFROM/ACCTID" || rel == self + "CCACCTFROM/ACCTID") {
            s.statement.account = value(rel, raw, line);
        } else if (rel == self + "BANKTRANLIST/DTSTART") {
            date(s.statement.from);
        } else if (rel == self + "BANKTRANLIST/DTEND") {
            date(s.statement.to);
        } else if (rel == self + "LEDGERBAL/BALAMT") {
            s.balance = value(rel, raw, line);
            s.balanceLine = line;
        } else if (rel == self + "LEDGERBAL/DTASOF") {
            s.balanceDate = value(rel, raw, line);
        }
    }
}

void OfxReader::finishTransaction(std::size_t line) {
    Transaction t = std::move(*transaction_);
    transaction_.reset();
    StatementState& s = *statement_;
    const std::string which = t.fitid.empty() ? std::string{} : " (FITID " + t.fitid + ")";
    (void)line;
    StatementLine l;
    l.sourceLine = t.line;
    if (t.posted.empty()) {
        throw ParseError(t.hasPosted ? t.postedLine : t.line, "STMTTRN/DTPOSTED",
                         "The transaction" + which + " has no posting date (DTPOSTED)");
    }
    l.bookedAt = ofxDate(t.posted);
    if (l.bookedAt.empty()) {
        throw ParseError(t.postedLine, "STMTTRN/DTPOSTED",
                         "The transaction" + which + " has posting date " + quoted(t.posted) +
                             ", which is not a date (YYYYMMDD)");
    }
    const std::string& valueText = !t.user.empty() ? t.user : t.available;
    if (!valueText.empty()) {
        l.valueDate = ofxDate(valueText);
        if (l.valueDate.empty()) {
            throw ParseError(t.dateLine, !t.user.empty() ? "STMTTRN/DTUSER" : "STMTTRN/DTAVAIL",
                             "The transaction" + which + " has date " + quoted(valueText) +
                                 ", which is not a date (YYYYMMDD)");
        }
    }
    if (!t.currency.empty()) {
        if (!isCurrencyCode(t.currency)) {
            throw ParseError(t.currencyLine, "STMTTRN/CURRENCY/CURSYM",
                             "The transaction" + which + " has currency " + quoted(t.currency) +
                                 ", which is not a three-letter ISO 4217 code");
        }
        l.currency = t.currency;
        if (s.lineCurrency.empty()) {
            s.lineCurrency = t.currency;
        } else if (s.lineCurrency != t.currency) {
            s.mixedLineCurrencies = true;
        }
    } else if (!s.statement.currency.empty()) {
        l.currency = s.statement.currency;
    } else {
        throw ParseError(s.curdefLine > 0 ? s.curdefLine : s.statement.sourceLine,
                         s.element + "/CURDEF",
                         "The statement does not say its currency (CURDEF), so the amount of "
                         "the transaction" +
                             which + " cannot be read");
    }
    if (!t.hasAmount || t.amount.empty()) {
        throw ParseError(t.hasAmount ? t.amountLine : t.line, "STMTTRN/TRNAMT",
                         "The transaction" + which + " has no amount (TRNAMT)");
    }
    const auto amount = parseAmountMinor(t.amount, currencyDecimals(l.currency));
    if (!amount) {
        throw ParseError(t.amountLine, "STMTTRN/TRNAMT",
                         "The transaction" + which + " amount " + quoted(t.amount) +
                             " is not a valid " + l.currency + " amount (at most " +
                             std::to_string(currencyDecimals(l.currency)) + " decimals)");
    }
    l.amountMinor = *amount;
    l.bankReference = t.fitid;
    l.reference = !t.refnum.empty() ? t.refnum : !t.checknum.empty() ? t.checknum : t.fitid;
    l.counterparty = !t.name.empty() ? t.name : t.payeeName;
    l.remittance = t.memo;
    l.kind = t.type;
    if (++lines_ > limits_.maxLines) {
        throw ParseError(
            t.line, "STMTTRN",
            "The file holds more than " + std::to_string(limits_.maxLines) + " transactions");
    }
    ++s.statement.lineCount;
    sink_.line(l);
}

void OfxReader::finishStatement() {
    StatementState s = std::move(*statement_);
    statement_.reset();
    Statement& st = s.statement;
    if (st.currency.empty() && !s.lineCurrency.empty() && !s.mixedLineCurrencies) {
        st.currency = s.lineCurrency;
    }
    if (st.currency.empty()) {
        throw ParseError(s.curdefLine > 0 ? s.curdefLine : st.sourceLine, s.element + "/CURDEF",
                         "The statement does not say its currency (CURDEF)");
    }
    if (!s.balance.empty()) {
        const auto amount = parseAmountMinor(s.balance, currencyDecimals(st.currency));
        if (!amount) {
            throw ParseError(s.balanceLine, s.element + "/LEDGERBAL/BALAMT",
                             "The statement's balance " + quoted(s.balance) + " is not a valid " +
                                 st.currency + " amount");
        }
        const std::string date = ofxDate(s.balanceDate);
        if (date.empty()) {
            throw ParseError(
                s.balanceLine, s.element + "/LEDGERBAL/DTASOF",
                "The statement's balance has no valid date (DTASOF " + quoted(s.balanceDate) + ")");
        }
        st.closing = Balance{*amount, date, st.currency};
    }
    sink_.statement(st);
}

void OfxReader::noStatement() {
    if (!signon_.code.empty() && signon_.code != "0") {
        throw ParseError(signon_.line, "SONRS/STATUS",
                         "The bank refused the sign-on and sent no statement: " +
                             (signon_.message.empty() ? std::string("no message")
                                                      : "\"" + signon_.message + "\"") +
                             " (code " + signon_.code + ")");
    }
    if (investmentLine_ > 0) {
        throw ParseError(investmentLine_, "INVSTMTRS",
                         "The file holds only investment statements (INVSTMTRS), no bank or "
                         "credit card statement to import");
    }
    throw ParseError(rootEndLine_, "STMTRS",
                     "The file holds no bank or credit card statement (no STMTRS or CCSTMTRS)");
}

}  // namespace

void readOfx(Source& source, Sink& sink, const Limits& limits) {
    OfxReader(source, sink, limits).run();
}

}  // namespace opsdesk::server::finance
