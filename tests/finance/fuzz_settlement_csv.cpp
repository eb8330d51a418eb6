// libFuzzer target for the provider settlement CSV reader (tests/finance/CMakeLists.txt). The
// first byte chooses the built-in mapping (alipay, wechatpay, stripe, paypal), the rest is the
// file. Besides not crashing: a refusal names a line within the input, a field and a reason;
// what is read is one statement whose lineCount is what the sink saw, in file order, with
// "YYYY-MM-DD" dates inside from..to. recogniseSettlement is fed the same bytes.

#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "finance/settlement_csv.h"

namespace fin = opsdesk::server::finance;

namespace {

void check(bool ok) {
    if (!ok) {
        std::abort();
    }
}

class CheckingSink final : public fin::Sink {
public:
    void line(const fin::StatementLine& l) override {
        check(statements == 0);
        check(l.sourceLine > lastLine);
        lastLine = l.sourceLine;
        check(l.bookedAt.size() == 10 && l.bookedAt[4] == '-' && l.bookedAt[7] == '-');
        check(l.currency.size() == 3);
        if (earliest.empty() || l.bookedAt < earliest) {
            earliest = l.bookedAt;
        }
        if (latest.empty() || l.bookedAt > latest) {
            latest = l.bookedAt;
        }
        ++lines;
    }
    void statement(const fin::Statement& s) override {
        check(s.lineCount == lines);
        check(s.from == earliest && s.to == latest);
        check(!s.opening && !s.closing);
        check(s.messageKind.rfind("csv:", 0) == 0);
        ++statements;
    }
    std::size_t lastLine = 0;
    std::size_t lines = 0;
    std::size_t statements = 0;
    std::string earliest, latest;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) {
        return 0;
    }
    const auto& mappings = fin::builtinMappings();
    const auto& mapping = mappings[data[0] % mappings.size()];
    const std::string_view input(reinterpret_cast<const char*>(data + 1), size - 1);
    (void)fin::recogniseSettlement(input);
    fin::Limits limits;
    limits.maxLineBytes = 512;
    limits.maxFieldBytes = 256;
    limits.maxLines = 128;
    fin::MemorySource source(input);
    CheckingSink sink;
    try {
        fin::readSettlementCsv(source, mapping, sink, limits);
        check(sink.statements == 1);
    } catch (const fin::ParseError& e) {
        check(e.line() >= 1 && !e.field().empty() && std::string_view(e.what()).size() > 10);
        std::size_t lines = 1;
        for (const char c : input) {
            lines += c == '\n' || c == '\r';
        }
        check(e.line() <= lines);
    }
    return 0;
}
