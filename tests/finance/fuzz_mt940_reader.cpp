// libFuzzer target for the MT940/MT942 reader (tests/finance/CMakeLists.txt). Besides not
// crashing: a refusal names a line within the input, a tag and a reason; what is read is
// consistent (each statement's lineCount is what the sink saw, lines in file order, dates
// "YYYY-MM-DD", every line in its statement's currency).

#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "finance/mt940_reader.h"

namespace fin = opsdesk::server::finance;

namespace {

void check(bool ok) {
    if (!ok) {
        std::abort();
    }
}

bool isoDate(const std::string& d) {
    if (d.size() != 10 || d[4] != '-' || d[7] != '-') {
        return false;
    }
    const int m = (d[5] - '0') * 10 + (d[6] - '0');
    const int day = (d[8] - '0') * 10 + (d[9] - '0');
    return m >= 1 && m <= 12 && day >= 1 && day <= 31;
}

class CheckingSink final : public fin::Sink {
public:
    void line(const fin::StatementLine& l) override {
        check(l.sourceLine > lastLine);
        lastLine = l.sourceLine;
        check(isoDate(l.bookedAt) && isoDate(l.valueDate));
        check(l.currency.size() == 3);
        check(currency.empty() || currency == l.currency);
        currency = l.currency;
        ++inStatement;
    }
    void statement(const fin::Statement& s) override {
        check(s.lineCount == inStatement);
        check(s.sourceLine >= 1);
        check(inStatement == 0 || s.currency == currency);
        check(s.messageKind == "MT940" || s.messageKind == "MT942");
        check(s.messageKind == "MT942" || s.opening.has_value());
        if (s.opening) {
            check(isoDate(s.opening->date));
        }
        if (s.closing) {
            check(isoDate(s.closing->date));
        }
        inStatement = 0;
        currency.clear();
        ++statements;
    }
    std::size_t lastLine = 0;
    std::size_t inStatement = 0;
    std::size_t statements = 0;
    std::string currency;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    fin::Limits limits;
    limits.maxLineBytes = 512;
    limits.maxFieldBytes = 1024;
    limits.maxLines = 256;
    limits.maxStatements = 32;
    fin::MemorySource source(input);
    CheckingSink sink;
    try {
        fin::readMt940(source, sink, limits);
        check(sink.statements >= 1);
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
