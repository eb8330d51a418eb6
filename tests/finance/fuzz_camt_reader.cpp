// libFuzzer target for the camt reader (clang++ -fsanitize=fuzzer,address,undefined;
// tests/finance/CMakeLists.txt). Besides not crashing, leaking or reading out of bounds: the
// reader either refuses with a line, a field and a message, or hands over well-formed lines
// (a date, a currency code) and statements that count exactly the lines before them. The bytes
// arrive in pieces of a size the input chooses, as an upload does.

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string_view>

#include "finance/camt_reader.h"

namespace finance = opsdesk::server::finance;

namespace {

void check(bool ok) {
    if (!ok) {
        std::abort();
    }
}

class ChunkedSource final : public finance::Source {
public:
    ChunkedSource(std::string_view bytes, std::size_t chunk) : bytes_(bytes), chunk_(chunk) {}
    std::size_t read(char* into, std::size_t size) override {
        const std::size_t n = std::min({size, chunk_, bytes_.size()});
        std::memcpy(into, bytes_.data(), n);
        bytes_.remove_prefix(n);
        return n;
    }

private:
    std::string_view bytes_;
    std::size_t chunk_;
};

class CheckingSink final : public finance::Sink {
public:
    void line(const finance::StatementLine& l) override {
        check(l.bookedAt.size() == 10 && l.bookedAt[4] == '-' && l.bookedAt[7] == '-');
        check(l.valueDate.empty() || l.valueDate.size() == 10);
        check(l.currency.size() == 3);
        check(l.sourceLine >= 1);
        ++pending;
    }
    void statement(const finance::Statement& s) override {
        check(s.lineCount == pending);
        check(s.format == finance::Format::Camt);
        pending = 0;
    }
    std::size_t pending = 0;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    const std::size_t chunk = size == 0 ? 1 : 1 + data[0] % 64 * (data[0] % 3 == 0 ? 64 : 1);
    finance::Limits limits;
    limits.maxDepth = 24;
    limits.maxFieldBytes = 256;
    limits.maxLines = 64;
    limits.maxStatements = 8;
    ChunkedSource source(input, chunk);
    CheckingSink sink;
    try {
        finance::readCamt(source, sink, limits);
        check(sink.pending == 0);
    } catch (const finance::ParseError& e) {
        check(e.line() >= 1 && !e.field().empty() && std::strlen(e.what()) > 0);
    }
    return 0;
}
