#include "catalog/csv_reader.h"

#include <cstring>

namespace opsdesk::server::csv {

namespace {

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

bool isContinuation(unsigned char c) {
    return (c & 0xC0) == 0x80;
}

struct Position {
    std::size_t line = 1;
    std::size_t column = 1;
};

// Line and column of byte `offset`: a line ends at LF, CRLF or a lone CR, wherever it is (in a
// quoted field too: these are the lines a text editor shows). Only called for an error.
Position locate(std::string_view text, std::size_t begin, std::size_t offset) {
    Position p;
    std::size_t lineStart = begin;
    for (std::size_t i = begin; i < offset && i < text.size(); ++i) {
        if (text[i] == '\n' || (text[i] == '\r' && (i + 1 >= text.size() || text[i + 1] != '\n'))) {
            ++p.line;
            lineStart = i + 1;
        }
    }
    for (std::size_t i = lineStart; i < offset && i < text.size(); ++i) {
        if (!isContinuation(static_cast<unsigned char>(text[i]))) {
            ++p.column;
        }
    }
    return p;
}

}  // namespace

std::optional<std::size_t> firstInvalidUtf8(std::string_view bytes) {
    const auto* s = reinterpret_cast<const unsigned char*>(bytes.data());
    const std::size_t n = bytes.size();
    std::size_t i = 0;
    while (i < n) {
        const unsigned char c = s[i];
        if (c < 0x80) {
            ++i;
            continue;
        }
        std::size_t length = 0;
        unsigned char low = 0x80;   // the allowed range of the second byte (no overlong forms,
        unsigned char high = 0xBF;  // no surrogates, nothing above U+10FFFF)
        if (c >= 0xC2 && c <= 0xDF) {
            length = 2;
        } else if (c >= 0xE0 && c <= 0xEF) {
            length = 3;
            low = c == 0xE0 ? 0xA0 : 0x80;
            high = c == 0xED ? 0x9F : 0xBF;
        } else if (c >= 0xF0 && c <= 0xF4) {
            length = 4;
            low = c == 0xF0 ? 0x90 : 0x80;
            high = c == 0xF4 ? 0x8F : 0xBF;
        } else {
            return i;
        }
        if (i + length > n || s[i + 1] < low || s[i + 1] > high) {
            return i;
        }
        for (std::size_t k = 2; k < length; ++k) {
            if (!isContinuation(s[i + k])) {
                return i;
            }
        }
        i += length;
    }
    return std::nullopt;
}

class Reader {
public:
    Reader(std::string_view bytes, const Limits& limits) : in_(bytes), limits_(limits) {}

    ReadResult run() {
        if (in_.substr(0, 2) == "\xFF\xFE" || in_.substr(0, 2) == "\xFE\xFF") {
            fail(ErrorKind::NotUtf8, 0,
                 "the file is UTF-16, not UTF-8: save it as UTF-8 CSV (comma-separated)");
            return std::move(result_);
        }
        if (in_.substr(0, kUtf8Bom.size()) == kUtf8Bom) {
            begin_ = pos_ = kUtf8Bom.size();
        }
        if (const auto bad = firstInvalidUtf8(in_.substr(begin_))) {
            fail(ErrorKind::NotUtf8, begin_ + *bad,
                 "the file is not UTF-8: save it as UTF-8 CSV (comma-separated)");
            return std::move(result_);
        }
        if (const void* nul = std::memchr(in_.data() + begin_, 0, in_.size() - begin_)) {
            fail(ErrorKind::NulByte,
                 static_cast<std::size_t>(static_cast<const char*>(nul) - in_.data()),
                 "the file holds a NUL byte: it is not a text file; save it as UTF-8 CSV");
            return std::move(result_);
        }
        table_.text_.reserve(in_.size() - begin_);
        while (pos_ < in_.size()) {
            if (atLineEnd()) {
                skipLineEnd();  // an empty line
                continue;
            }
            if (table_.records_.size() > limits_.maxRows) {  // the header is records_[0]
                fail(ErrorKind::TooManyRows, pos_,
                     "the file has more than " + std::to_string(limits_.maxRows) +
                         " rows: split it into smaller files");
                return std::move(result_);
            }
            if (!readRecord()) {
                return std::move(result_);
            }
        }
        if (table_.records_.empty()) {
            fail(ErrorKind::Empty, begin_,
                 "the file is empty: its first line must name the columns");
            return std::move(result_);
        }
        table_.headerFields_ = table_.records_[0].count;
        result_.table = std::move(table_);
        return std::move(result_);
    }

private:
    bool atLineEnd() const { return in_[pos_] == '\n' || in_[pos_] == '\r'; }

    void skipLineEnd() {
        if (in_[pos_] == '\r' && pos_ + 1 < in_.size() && in_[pos_ + 1] == '\n') {
            ++pos_;
        }
        ++pos_;
        ++line_;
    }

    // Records the error (the first one ends reading); always false.
    bool fail(ErrorKind kind, std::size_t offset, std::string message) {
        const auto p = locate(in_, begin_, offset);
        result_.error = Error{kind, p.line, p.column, std::move(message)};
        return false;
    }

    // One record from pos_ (not at a line end) through its line end; false on an error.
    bool readRecord() {
        const std::size_t start = pos_;
        Table::Record record{line_, table_.fields_.size(), 0};
        while (true) {
            if (record.count == limits_.maxColumns) {
                return fail(
                    ErrorKind::TooManyColumns, pos_,
                    "more than " + std::to_string(limits_.maxColumns) +
                        " columns on this line (a comma too many, or a field that needs quotes?)");
            }
            const bool ok = pos_ < in_.size() && in_[pos_] == '"' ? readQuoted() : readPlain();
            if (!ok) {
                return false;
            }
            ++record.count;
            if (pos_ - start > limits_.maxRecordBytes) {
                return fail(ErrorKind::RecordTooLong, start,
                            "this line is longer than " + std::to_string(limits_.maxRecordBytes) +
                                " bytes (a quote that never closes, or not a product file?)");
            }
            if (pos_ < in_.size() && in_[pos_] == ',') {
                ++pos_;
                continue;
            }
            break;  // a line end or the end of the file
        }
        if (pos_ < in_.size()) {
            skipLineEnd();
        }
        table_.records_.push_back(record);
        return true;
    }

    bool readPlain() {
        const std::size_t start = pos_;
        const std::size_t end = in_.find_first_of(",\r\n", pos_);
        pos_ = end == std::string_view::npos ? in_.size() : end;
        addField(start, pos_ - start);
        return true;
    }

    bool readQuoted() {
        const std::size_t opening = pos_;
        ++pos_;
        const std::size_t offset = table_.text_.size();
        while (true) {
            const std::size_t quote = in_.find('"', pos_);
            if (quote == std::string_view::npos) {
                return fail(ErrorKind::UnclosedQuote, opening,
                            "the quoted field that starts here never ends: a closing quote (\") "
                            "is missing");
            }
            countLines(pos_, quote);
            table_.text_.append(in_.substr(pos_, quote - pos_));
            pos_ = quote + 1;
            if (pos_ < in_.size() && in_[pos_] == '"') {  // "" is one quote
                table_.text_.push_back('"');
                ++pos_;
                continue;
            }
            break;
        }
        if (pos_ < in_.size() && in_[pos_] != ',' && !atLineEnd()) {
            return fail(ErrorKind::AfterQuote, pos_,
                        "expected a comma or the end of the line after the closing quote; a "
                        "quote inside a quoted field is written twice (\"\")");
        }
        table_.fields_.push_back({offset, table_.text_.size() - offset});
        return true;
    }

    // Line breaks inside a quoted field still start new lines of the file.
    void countLines(std::size_t from, std::size_t to) {
        for (std::size_t i = from; i < to; ++i) {
            if (in_[i] == '\n' || (in_[i] == '\r' && (i + 1 >= in_.size() || in_[i + 1] != '\n'))) {
                ++line_;
            }
        }
    }

    void addField(std::size_t start, std::size_t size) {
        table_.fields_.push_back({table_.text_.size(), size});
        table_.text_.append(in_.substr(start, size));
    }

    std::string_view in_;
    const Limits& limits_;
    std::size_t begin_ = 0;  // after the byte order mark
    std::size_t pos_ = 0;
    std::size_t line_ = 1;
    Table table_;
    ReadResult result_;
};

ReadResult read(std::string_view bytes, const Limits& limits) {
    return Reader(bytes, limits).run();
}

}  // namespace opsdesk::server::csv
