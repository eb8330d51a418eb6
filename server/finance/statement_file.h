#pragma once

// What every statement reader (camt, MT940, OFX, provider settlement CSV) reads a file into, and
// how it is handed the file. Pure standard C++ (no database, no Boost, no Qt): each reader is
// unit-tested and fuzzed alone (tests/finance/).
//
// A reader pulls the file's bytes from a Source in pieces and hands what it finds to a Sink as it
// goes (each line as soon as it is read, then its statement once the statement is complete), so
// a 200 MiB upload is never held in memory whole. A reader stops at the first thing it cannot
// read and throws ParseError naming the line (and field) where; the importer then throws away
// whatever the sink had been given.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace opsdesk::server::finance {

// The file's bytes, read front to back. read() fills up to `size` bytes of `into` and answers how
// many; 0 means the end of the file (and only then).
class Source {
public:
    virtual ~Source() = default;
    virtual std::size_t read(char* into, std::size_t size) = 0;
};

// A file held in memory (tests, fuzz targets, small uploads).
class MemorySource final : public Source {
public:
    explicit MemorySource(std::string_view bytes) : bytes_(bytes) {}
    std::size_t read(char* into, std::size_t size) override;

private:
    std::string_view bytes_;
};

enum class Format { Camt, Mt940, Ofx, Csv };
std::string_view formatName(Format f);  // "camt053" (camt.052/053/054 alike), "mt940", "ofx", "csv"
std::optional<Format> parseFormatName(
    std::string_view name);  // also "camt", "camt052", "camt054", "mt942"

// A balance as the file states it: signed minor units of the statement's currency (credit
// positive) on a date ("YYYY-MM-DD").
struct Balance {
    std::int64_t amountMinor = 0;
    std::string date;
    // The balance's own currency when the file states one (camt Bal/Amt Ccy), which may differ
    // from the statement's; "" = the statement's. Initialised here so that readers may leave it
    // out of Balance{amount, date}.
    std::string currency = {};
};

struct StatementLine {
    std::size_t sourceLine = 0;    // where the line starts in the file (1-based), for errors
    std::string bookedAt;          // booking date, "YYYY-MM-DD"; never empty
    std::string valueDate;         // "YYYY-MM-DD", or "" when the file gives none
    std::int64_t amountMinor = 0;  // signed: credit (money in) positive, debit negative
    std::string currency;          // ISO 4217, upper case
    // Settlement files: the provider's fee for this line (positive = charged to the shop) and
    // the gross amount before it, when the file has them; amountMinor is then the net.
    std::optional<std::int64_t> feeMinor;
    std::optional<std::int64_t> grossMinor;
    std::string counterparty;   // the other side's name (or account when no name), trimmed
    std::string reference;      // what identifies the payment: end-to-end id, provider
                                // transaction id, MT940 customer reference (not NONREF), OFX FITID
    std::string bankReference;  // the bank's own id of the entry (AcctSvcrRef, :61: bank ref)
    std::string remittance;     // remittance / purpose text, whitespace collapsed
    std::string kind;           // the file's transaction code or type, as given (may be "")
};

struct Statement {
    Format format = Format::Camt;
    std::string messageKind;   // "camt.053.001.02", "camt.052", "MT940", "MT942", "OFX 1.02",
                               // "OFX 2.1.1", "csv:<mapping name>"
    std::string account;       // IBAN or account number as the file writes it
    std::string currency;      // the statement's currency
    std::string statementRef;  // the file's id of the statement (camt Stmt/Id, MT940 :20: + :28C:)
    std::string from;          // first day covered, "YYYY-MM-DD" ("" if unknown: then the
                               // earliest line's booking date is used)
    std::string to;            // last day covered, likewise
    // Opening and closing booked balances when the format carries them (camt OPBD or PRCD / CLBD,
    // MT940 :60F:/:60M: / :62F:/:62M:, OFX LEDGERBAL as the closing). Available and other
    // balances are not these.
    std::optional<Balance> opening;
    std::optional<Balance> closing;
    std::size_t lineCount = 0;   // lines handed to the sink for this statement
    std::size_t sourceLine = 0;  // where the statement starts in the file
};

// Receives what a reader finds, in file order: every line of a statement, then the statement.
// The next line after statement() belongs to the next statement.
class Sink {
public:
    virtual ~Sink() = default;
    virtual void line(const StatementLine& line) = 0;
    virtual void statement(const Statement& statement) = 0;
};

// Why a file cannot be read, and where: the 1-based line of the file, the field (a camt element
// path such as "Ntry/Amt", an MT940 tag such as ":61:", a CSV column name) and what was expected,
// in words a finance clerk understands.
class ParseError : public std::runtime_error {
public:
    ParseError(std::size_t line, std::string field, const std::string& message)
        : std::runtime_error(message), line_(line), field_(std::move(field)) {}
    std::size_t line() const { return line_; }
    const std::string& field() const { return field_; }

private:
    std::size_t line_;
    std::string field_;
};

// Limits every reader holds its input to; beyond them it throws ParseError.
struct Limits {
    std::size_t maxLineBytes = 64 * 1024;  // one physical line of text (MT940, CSV, SGML)
    std::size_t maxDepth = 64;             // XML / SGML nesting
    std::size_t maxFieldBytes = 4 * 1024;  // one value (a name, a remittance text)
    std::size_t maxLines = 2'000'000;      // statement lines in one file
    std::size_t maxStatements = 10'000;    // statements in one file
};

// Reads a Source line by line: LF, CRLF or a lone CR ends a line (the ending is not part of it);
// the last line may have none. Bytes are passed through as they are (no encoding is assumed).
class LineReader {
public:
    LineReader(Source& source, std::size_t maxLineBytes);
    // The next line into `line`; false at the end of the file. A line longer than maxLineBytes
    // throws ParseError (field "line").
    bool next(std::string& line);
    // The 1-based number of the line last returned.
    std::size_t lineNumber() const { return lineNumber_; }

private:
    bool fill();

    Source& source_;
    std::size_t maxLineBytes_;
    std::string buffer_;
    std::size_t pos_ = 0;
    bool eof_ = false;
    bool pendingCr_ = false;  // the last line ended with CR: a following LF belongs to it
    std::size_t lineNumber_ = 0;
};

// Amount text to signed minor units for a currency with `decimals` digits after the point (2 for
// EUR, 0 for JPY). Accepts "12.5", "12,50", "-3", "1234.500" (extra digits must be zeros); refuses
// anything else (thousands separators, exponents, more than 18 digits) with nullopt.
std::optional<std::int64_t> parseAmountMinor(std::string_view text, int decimals);

// The digits after the point of an ISO 4217 currency (JPY 0, BHD 3, most 2; unknown codes 2).
int currencyDecimals(std::string_view currency);

}  // namespace opsdesk::server::finance
