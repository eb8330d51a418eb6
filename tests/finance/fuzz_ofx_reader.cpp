// libFuzzer target for the OFX reader (clang++ -fsanitize=fuzzer,address,undefined;
// tests/finance/CMakeLists.txt). Besides not crashing: the reader either refuses with a line, a
// field and a message, or hands over well-formed lines and statements that count exactly the
// lines before them; and how the bytes are cut into pieces changes nothing (the input is read
// once whole and once in pieces of a size it chooses, and both reads must agree).

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>

#include "finance/ofx_reader.h"

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

// What a read found, flattened, to compare two reads.
class RecordingSink final : public finance::Sink {
public:
    void line(const finance::StatementLine& l) override {
        check(l.bookedAt.size() == 10 && l.bookedAt[4] == '-' && l.bookedAt[7] == '-');
        check(l.valueDate.empty() || l.valueDate.size() == 10);
        check(l.currency.size() == 3);
        check(l.sourceLine >= 1);
        ++pending;
        trace += std::to_string(l.sourceLine) + ' ' + l.bookedAt + ' ' + l.valueDate + ' ' +
                 std::to_string(l.amountMinor) + ' ' + l.currency + ' ' + l.counterparty + '|' +
                 l.reference + '|' + l.bankReference + '|' + l.remittance + '|' + l.kind + '\n';
    }
    void statement(const finance::Statement& s) override {
        check(s.lineCount == pending);
        check(s.format == finance::Format::Ofx);
        check(s.currency.size() == 3);
        pending = 0;
        trace += "S " + s.account + ' ' + s.currency + ' ' + s.from + ' ' + s.to + ' ' +
                 (s.closing ? std::to_string(s.closing->amountMinor) + s.closing->date : "-") +
                 '\n';
    }
    std::size_t pending = 0;
    std::string trace;
};

std::string read(finance::Source& source, const finance::Limits& limits) {
    RecordingSink sink;
    try {
        finance::readOfx(source, sink, limits);
        check(sink.pending == 0);
        return sink.trace;
    } catch (const finance::ParseError& e) {
        check(e.line() >= 1 && !e.field().empty() && std::strlen(e.what()) > 0);
        return sink.trace + "E " + std::to_string(e.line()) + ' ' + e.field() + ' ' + e.what();
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    finance::Limits limits;
    limits.maxLineBytes = 512;
    limits.maxDepth = 24;
    limits.maxFieldBytes = 256;
    limits.maxLines = 64;
    limits.maxStatements = 8;
    finance::MemorySource whole(input);
    const std::string first = read(whole, limits);
    const std::size_t chunk = size == 0 ? 1 : 1 + data[size - 1] % 17;
    ChunkedSource pieces(input, chunk);
    check(read(pieces, limits) == first);
    return 0;
}
