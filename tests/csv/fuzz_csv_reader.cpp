// libFuzzer target for the CSV reader (clang++ -fsanitize=fuzzer,address;
// tests/csv/CMakeLists.txt). Besides not crashing, reading must agree with itself: a table read
// from any input, written back with every field quoted, reads to the same table; rows' lines only
// grow.

#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "catalog/csv_reader.h"

namespace csv = opsdesk::server::csv;

namespace {

void check(bool ok) {
    if (!ok) {
        std::abort();
    }
}

void writeField(std::string& out, std::string_view field) {
    out.push_back('"');
    for (const char c : field) {
        if (c == '"') {
            out.push_back('"');
        }
        out.push_back(c);
    }
    out.push_back('"');
}

std::string writeBack(const csv::Table& t) {
    std::string out;
    for (std::size_t c = 0; c < t.columnCount(); ++c) {
        if (c > 0) {
            out.push_back(',');
        }
        writeField(out, t.header(c));
    }
    out += "\r\n";
    for (std::size_t r = 0; r < t.rowCount(); ++r) {
        for (std::size_t c = 0; c < t.fieldCount(r); ++c) {
            if (c > 0) {
                out.push_back(',');
            }
            writeField(out, t.cell(r, c));
        }
        out += "\r\n";
    }
    return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    csv::Limits limits;
    limits.maxRecordBytes = 512;
    limits.maxColumns = 16;
    limits.maxRows = 64;
    const auto first = csv::read(input, limits);
    check(first.table.has_value() != first.error.has_value());
    if (first.error) {
        check(first.error->line >= 1 && first.error->column >= 1 && !first.error->message.empty());
        return 0;
    }
    const auto& t = *first.table;
    for (std::size_t r = 1; r < t.rowCount(); ++r) {
        check(t.line(r) > t.line(r - 1));
    }
    const std::string written = writeBack(t);
    const auto again = csv::read(written, csv::Limits{1 << 20, 16, 64});
    check(again.table.has_value());
    const auto& u = *again.table;
    check(u.columnCount() == t.columnCount() && u.rowCount() == t.rowCount());
    for (std::size_t c = 0; c < t.columnCount(); ++c) {
        check(u.header(c) == t.header(c));
    }
    for (std::size_t r = 0; r < t.rowCount(); ++r) {
        check(u.fieldCount(r) == t.fieldCount(r));
        for (std::size_t c = 0; c < t.fieldCount(r); ++c) {
            check(u.cell(r, c) == t.cell(r, c));
        }
    }
    return 0;
}
