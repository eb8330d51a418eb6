#pragma once

// A CSV reader: bytes in, rows or a located error out. Pure standard C++ (no database, no Qt, no
// Boost), so it is unit-tested and fuzzed alone (tests/csv/).
//
// What it reads: RFC 4180 with the leniencies spreadsheets need. Fields are separated by commas;
// records end with CRLF, LF or a lone CR. A field in double quotes may hold commas, line breaks
// (kept as they are) and quotes written twice (""); a quote inside a field that does not start
// with one is an ordinary character (37°36'37.8"N, 12" pizza: what spreadsheets and most readers
// do). A UTF-8 byte order mark at the start is skipped; empty lines are skipped. The first
// record is the header.
// What it refuses, with the line and column where it happened: bytes that are not UTF-8 (a file
// saved as GBK or UTF-16), NUL bytes, a quoted field that never closes, anything but a comma
// or a line end after a closing quote, a record longer than Limits::maxRecordBytes, more fields
// than Limits::maxColumns, more records than Limits::maxRows, and a file with no header.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace opsdesk::server::csv {

struct Limits {
    // A record (one row, all its physical lines if a quoted field spans several) in bytes.
    std::size_t maxRecordBytes = 64 * 1024;
    std::size_t maxColumns = 64;
    std::size_t maxRows = 100'000;  // not counting the header
};

enum class ErrorKind {
    Empty,          // no header
    NotUtf8,        // invalid UTF-8 (GBK, Latin-1...), UTF-16
    NulByte,        // a NUL byte: not a text file
    UnclosedQuote,  // a quoted field that never ends; line/column say where it started
    AfterQuote,     // something other than a comma or a line end after a closing quote
    RecordTooLong,
    TooManyColumns,
    TooManyRows,
};

// Where reading stopped and why. `line` counts physical lines from 1 (the header's first line is
// 1, as a text editor numbers them); `column` counts characters (not bytes) from 1.
struct Error {
    ErrorKind kind = ErrorKind::Empty;
    std::size_t line = 0;
    std::size_t column = 0;
    std::string message;  // what was expected, in words a person understands
};

// The records of a file, stored compactly: all field values in one buffer, each record a range
// of fields. Memory is about the size of the input plus 16 bytes a field.
class Table {
public:
    std::size_t columnCount() const { return headerFields_; }
    std::string_view header(std::size_t column) const { return field(0, column); }

    std::size_t rowCount() const { return records_.size() - 1; }
    // The line a row starts on (see Error::line).
    std::size_t line(std::size_t row) const { return records_[row + 1].line; }
    // The fields a row has: may differ from columnCount(); the caller decides what that means.
    std::size_t fieldCount(std::size_t row) const { return records_[row + 1].count; }
    // Row `row`'s field `column`; empty when the row has fewer fields.
    std::string_view cell(std::size_t row, std::size_t column) const {
        return field(row + 1, column);
    }

private:
    friend class Reader;
    struct Record {
        std::size_t line;
        std::size_t first;  // index into fields_
        std::size_t count;
    };
    struct Field {
        std::size_t offset;  // into text_
        std::size_t size;
    };
    std::string_view field(std::size_t record, std::size_t column) const {
        const auto& r = records_[record];
        if (column >= r.count) {
            return {};
        }
        const auto& f = fields_[r.first + column];
        return std::string_view(text_).substr(f.offset, f.size);
    }

    std::string text_;
    std::vector<Field> fields_;
    std::vector<Record> records_;  // records_[0] is the header
    std::size_t headerFields_ = 0;
};

struct ReadResult {
    std::optional<Table> table;  // set when the whole file was read
    std::optional<Error> error;  // set otherwise
};

// Reads a whole file.
ReadResult read(std::string_view bytes, const Limits& limits = {});

// The position of the first byte that is not part of valid UTF-8 (overlong forms, surrogates
// and code points above U+10FFFF refused), or nullopt when all of `bytes` is UTF-8.
std::optional<std::size_t> firstInvalidUtf8(std::string_view bytes);

}  // namespace opsdesk::server::csv
