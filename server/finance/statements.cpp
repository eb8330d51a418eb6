// Statement imports and the statements' lists. An import reads the file with its reader in one
// pass (finance/read_file.h), stages each statement's lines in a temporary table as they come,
// then moves them into finance_lines with the statement: one transaction for the whole file, so
// a file that fails on its last line leaves nothing behind.

#include <openssl/evp.h>

#include <boost/json/serialize.hpp>
#include <cstdio>
#include <memory>
#include <pqxx/pqxx>

#include "api/paging.h"
#include "audit/audit.h"
#include "core/api_error.h"
#include "core/hash.h"
#include "feed/outbox.h"
#include "finance/finance.h"
#include "finance/finance_internal.h"
#include "finance/read_file.h"
#include "opsdesk/protocol/money.h"

namespace opsdesk::server::finance {

namespace {

using protocol::ErrorCode;

// Lines staged per INSERT: big enough that a 100,000-line file takes 50 statements, small
// enough that one batch's JSON stays around a megabyte.
constexpr std::size_t kBatchLines = 2000;
// Lines of each statement a dry run shows.
constexpr std::size_t kPreviewLines = 200;

class FileSource final : public Source {
public:
    explicit FileSource(const std::string& path) : file_(std::fopen(path.c_str(), "rb")) {
        if (!file_) {
            throw ApiError(ErrorCode::Internal, "The uploaded file could not be read back");
        }
    }
    ~FileSource() override { std::fclose(file_); }
    FileSource(const FileSource&) = delete;
    FileSource& operator=(const FileSource&) = delete;
    std::size_t read(char* into, std::size_t size) override {
        return std::fread(into, 1, size, file_);
    }

private:
    std::FILE* file_;
};

// The body as the reader's source, whether in memory or spooled to a file.
std::unique_ptr<Source> bodySource(const http::Request& request) {
    if (request.spooledBody) {
        return std::make_unique<FileSource>(request.spooledBody->path);
    }
    return std::make_unique<MemorySource>(request.body);
}

// SHA-256 of the whole body, in pieces: the same file imported again is known by it.
std::string bodyDigest(const http::Request& request) {
    const auto source = bodySource(request);
    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
    EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr);
    std::string buffer(1 << 16, '\0');
    for (;;) {
        const auto n = source->read(buffer.data(), buffer.size());
        if (n == 0) {
            break;
        }
        EVP_DigestUpdate(ctx.get(), buffer.data(), n);
    }
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    EVP_DigestFinal_ex(ctx.get(), digest, &length);
    return hexEncode(std::string_view(reinterpret_cast<const char*>(digest), length));
}

std::size_t bodySize(const http::Request& request) {
    return request.spooledBody ? static_cast<std::size_t>(request.spooledBody->size)
                               : request.body.size();
}

struct BalanceCheck {
    bool checked = false;  // both balances given
    bool ok = true;
    std::int64_t linesMinor = 0;
};

// One statement as the import wrote it (or, in a dry run, would).
struct Imported {
    std::int64_t id = 0;
    Statement statement;
    std::string from;
    std::string to;
    BalanceCheck balance;
    std::optional<std::int64_t> duplicateOf;  // a statement already holding some of its lines
    std::size_t duplicateLines = 0;
    std::vector<StatementLine> preview;
};

// A line as the import stores it and a dry run shows it: text made safe to store.
boost::json::object lineObject(const StatementLine& l) {
    return boost::json::object{
        {"source_line", l.sourceLine},
        {"booked_at", l.bookedAt},
        {"value_date",
         l.valueDate.empty() ? boost::json::value(nullptr) : boost::json::value(l.valueDate)},
        {"amount_minor", l.amountMinor},
        {"currency", cleanText(l.currency, 3)},
        {"fee_minor", l.feeMinor ? boost::json::value(*l.feeMinor) : boost::json::value(nullptr)},
        {"gross_minor",
         l.grossMinor ? boost::json::value(*l.grossMinor) : boost::json::value(nullptr)},
        {"counterparty", cleanText(l.counterparty, kMaxTextBytes)},
        {"reference", cleanText(l.reference, kMaxTextBytes)},
        {"bank_reference", cleanText(l.bankReference, kMaxTextBytes)},
        {"remittance", cleanText(l.remittance, kMaxTextBytes)},
        {"kind", cleanText(l.kind, 100)}};
}

// Receives the reader's lines and statements and writes them in the import's transaction.
class ImportSink final : public Sink {
public:
    ImportSink(pqxx::work& tx, const api::Call& call, std::string digest, std::string fileName,
               std::optional<std::int64_t> mappingId, bool dryRun)
        : tx_(tx),
          call_(call),
          digest_(std::move(digest)),
          fileName_(std::move(fileName)),
          mappingId_(mappingId),
          dryRun_(dryRun) {
        tx_.exec(
            "CREATE TEMP TABLE finance_import_lines (position integer, source_line integer, "
            "booked_at date, value_date date, amount_minor bigint, currency text, "
            "fee_minor bigint, gross_minor bigint, counterparty text, reference text, "
            "bank_reference text, remittance text, kind text) ON COMMIT DROP");
    }

    void line(const StatementLine& line) override {
        if (imported_.size() >= kMaxStatementsPerFile) {
            throw ParseError(line.sourceLine, "statement",
                             "the file holds more than " + std::to_string(kMaxStatementsPerFile) +
                                 " statements");
        }
        ++position_;
        if (auto sum = protocol::checkedAdd(linesMinor_, line.amountMinor)) {
            linesMinor_ = *sum;
        } else {
            throw ParseError(line.sourceLine, "amount", "the lines' amounts add up beyond range");
        }
        if (minBooked_.empty() || line.bookedAt < minBooked_) {
            minBooked_ = line.bookedAt;
        }
        if (maxBooked_.empty() || line.bookedAt > maxBooked_) {
            maxBooked_ = line.bookedAt;
        }
        if (firstCurrency_.empty()) {
            firstCurrency_ = line.currency;
        }
        if (preview_.size() < kPreviewLines) {
            preview_.push_back(line);
        }
        appendBatchLine(line);
        if (batchCount_ >= kBatchLines) {
            flush();
        }
    }

    void statement(const Statement& statement) override {
        flush();
        Imported out;
        out.statement = statement;
        if (out.statement.currency.empty()) {
            out.statement.currency = firstCurrency_;  // settlements: the currency of their lines
        }
        out.statement.lineCount = static_cast<std::size_t>(position_);
        out.from = !statement.from.empty() ? statement.from : minBooked_;
        out.to = !statement.to.empty() ? statement.to : maxBooked_;
        if (out.from.empty() && statement.opening) {
            out.from = statement.opening->date;
        }
        if (out.to.empty() && statement.closing) {
            out.to = statement.closing->date;
        }
        if (out.from.empty() || out.to.empty()) {
            throw ParseError(statement.sourceLine, "statement",
                             "the statement has no lines and names no dates");
        }
        if (out.to < out.from) {
            std::swap(out.from, out.to);
        }
        if (out.statement.currency.empty()) {
            throw ParseError(statement.sourceLine, "currency", "the statement names no currency");
        }
        out.balance.linesMinor = linesMinor_;
        const auto& statementCurrency = out.statement.currency;
        // Balances stated in another currency than the statement's lines cannot be added to them.
        const auto sameCurrency = [&](const Balance& b) {
            return b.currency.empty() || b.currency == statementCurrency;
        };
        if (statement.opening && statement.closing && sameCurrency(*statement.opening) &&
            sameCurrency(*statement.closing)) {
            out.balance.checked = true;
            const auto expected = protocol::checkedAdd(statement.opening->amountMinor, linesMinor_);
            out.balance.ok = expected && *expected == statement.closing->amountMinor;
        }
        out.preview = std::move(preview_);
        store(out);
        imported_.push_back(std::move(out));
        position_ = 0;
        linesMinor_ = 0;
        minBooked_.clear();
        maxBooked_.clear();
        firstCurrency_.clear();
        preview_.clear();
    }

    const std::vector<Imported>& imported() const { return imported_; }

private:
    static constexpr std::size_t kMaxStatementsPerFile = 10'000;

    void appendBatchLine(const StatementLine& l) {
        auto o = lineObject(l);
        o["position"] = position_;
        batch_ += batchCount_ ? "," : "[";
        batch_ += boost::json::serialize(o);
        ++batchCount_;
    }

    void flush() {
        if (batchCount_ == 0) {
            return;
        }
        batch_ += "]";
        tx_.exec_params(
            "INSERT INTO finance_import_lines SELECT * FROM json_to_recordset($1::json) AS "
            "r(position integer, source_line integer, booked_at date, value_date date, "
            "amount_minor bigint, currency text, fee_minor bigint, gross_minor bigint, "
            "counterparty text, reference text, bank_reference text, remittance text, kind text)",
            batch_);
        batch_.clear();
        batchCount_ = 0;
    }

    void store(Imported& s) {
        const auto& st = s.statement;
        const std::string account = cleanText(st.account, 200);
        const auto row = tx_.exec_params1(
            "INSERT INTO finance_statements (format, message_kind, account, currency, "
            "statement_ref, from_date, to_date, opening_minor, closing_minor, line_count, "
            "file_name, file_sha256, file_index, mapping_id, imported_by) VALUES ($1, $2, $3, "
            "$4, $5, $6::date, $7::date, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id",
            std::string(formatName(st.format)), cleanText(st.messageKind, 100), account,
            cleanText(st.currency, 3), cleanText(st.statementRef, 200), s.from, s.to,
            st.opening ? std::optional<std::int64_t>(st.opening->amountMinor) : std::nullopt,
            st.closing ? std::optional<std::int64_t>(st.closing->amountMinor) : std::nullopt,
            static_cast<std::int64_t>(st.lineCount), fileName_, digest_,
            static_cast<int>(imported_.size()), mappingId_, call_.user().userId);
        s.id = row[0].as<std::int64_t>();
        // The n-th identical line of a day is occurrence n: the same line in an overlapping
        // statement of the account collides on (account, fingerprint, occurrence).
        const auto inserted = tx_.exec_params(
            "INSERT INTO finance_lines (statement_id, position, source_line, booked_at, "
            "value_date, amount_minor, currency, fee_minor, gross_minor, counterparty, "
            "reference, bank_reference, remittance, kind, account, fingerprint, occurrence) "
            "SELECT $1, position, source_line, booked_at, value_date, amount_minor, currency, "
            "fee_minor, gross_minor, counterparty, reference, bank_reference, remittance, kind, "
            "$2, fp, row_number() OVER (PARTITION BY fp ORDER BY position) FROM ("
            "  SELECT *, md5(concat_ws(chr(31), booked_at, amount_minor, currency, "
            "  bank_reference, reference, counterparty, remittance)) AS fp "
            "  FROM finance_import_lines) l ORDER BY position "
            "ON CONFLICT (account, fingerprint, occurrence) DO NOTHING",
            s.id, account);
        const auto staged = static_cast<std::size_t>(st.lineCount);
        if (inserted.affected_rows() < staged) {
            s.duplicateLines = staged - inserted.affected_rows();
            const auto other = tx_.exec_params(
                "SELECT f.statement_id FROM finance_lines f JOIN ("
                "  SELECT md5(concat_ws(chr(31), booked_at, amount_minor, currency, "
                "  bank_reference, reference, counterparty, remittance)) AS fp FROM "
                "  finance_import_lines) l ON f.fingerprint = l.fp "
                "WHERE f.account = $1 AND f.statement_id <> $2 LIMIT 1",
                account, s.id);
            s.duplicateOf =
                other.empty() ? std::nullopt : std::optional(other[0][0].as<std::int64_t>());
        }
        tx_.exec("TRUNCATE finance_import_lines");
        if (dryRun_) {
            return;
        }
        if (s.balance.checked && !s.balance.ok) {
            throw balanceMismatch(s, imported_.size());
        }
        if (s.duplicateOf || s.duplicateLines > 0) {
            throw ApiError(ErrorCode::DuplicateStatement,
                           std::to_string(s.duplicateLines) + " of the " + std::to_string(staged) +
                               " lines of statement " +
                               (st.statementRef.empty() ? "" : st.statementRef + " ") +
                               "of account " + account + " have been imported already",
                           {},
                           boost::json::object{
                               {"statement_id", s.duplicateOf ? boost::json::value(*s.duplicateOf)
                                                              : boost::json::value()},
                               {"duplicate_lines", s.duplicateLines},
                               {"statement_index", imported_.size()}});
        }
        audit::record(tx_, call_,
                      {"finance.statement_import", "statement", std::to_string(s.id), nullptr,
                       boost::json::object{{"format", formatName(st.format)},
                                           {"account", account},
                                           {"statement_ref", st.statementRef},
                                           {"lines", st.lineCount},
                                           {"file_name", fileName_},
                                           {"file_sha256", digest_}}});
        feed::publish(tx_, protocol::EventKind::StatementUpdated, s.id, 1,
                      boost::json::object{{"id", s.id}, {"status", "open"}, {"change", "imported"}},
                      call_.user().userId);
    }

    static ApiError balanceMismatch(const Imported& s, std::size_t index) {
        const auto& st = s.statement;
        const auto currency = protocol::findCurrency(st.currency);
        const auto text = [&](std::int64_t minor) {
            return currency ? protocol::formatDecimal(minor, *currency) + " " + st.currency
                            : std::to_string(minor) + " (minor units) " + st.currency;
        };
        const auto sum = protocol::checkedAdd(st.opening->amountMinor, s.balance.linesMinor);
        return ApiError(
            ErrorCode::BalanceMismatch,
            "Statement " + (st.statementRef.empty() ? std::to_string(index + 1) : st.statementRef) +
                ": opening balance " + text(st.opening->amountMinor) + " plus its " +
                std::to_string(st.lineCount) + " lines (" + text(s.balance.linesMinor) +
                ") makes " + (sum ? text(*sum) : std::string("more than can be counted")) +
                ", but the closing balance is " + text(st.closing->amountMinor),
            {},
            boost::json::object{
                {"statement_index", index},
                {"statement_ref", st.statementRef},
                {"currency", st.currency},
                {"opening_balance_minor", st.opening->amountMinor},
                {"lines_total_minor", s.balance.linesMinor},
                {"closing_balance_minor", st.closing->amountMinor},
                {"difference_minor",
                 sum ? boost::json::value(st.closing->amountMinor - *sum) : boost::json::value()}});
    }

    pqxx::work& tx_;
    const api::Call& call_;
    std::string digest_;
    std::string fileName_;
    std::optional<std::int64_t> mappingId_;
    bool dryRun_;
    std::vector<Imported> imported_;
    std::int64_t position_ = 0;
    std::int64_t linesMinor_ = 0;
    std::string minBooked_;
    std::string maxBooked_;
    std::string firstCurrency_;
    std::vector<StatementLine> preview_;
    std::string batch_;
    std::size_t batchCount_ = 0;
};

// A dry run's answer: what the import would write, with each statement's balance check and
// duplicates, and its first lines.
std::string dryRunJson(const std::vector<Imported>& imported, Format format,
                       std::optional<std::int64_t> importedAlready) {
    std::string out = R"({"dry_run":true,"format":")";
    out += formatName(format);
    out += R"(","file_imported_as":)";
    out += importedAlready ? std::to_string(*importedAlready) : std::string("null");
    out += R"(,"items":[)";
    for (std::size_t i = 0; i < imported.size(); ++i) {
        const auto& s = imported[i];
        const auto& st = s.statement;
        out += i ? "," : "";
        boost::json::object o{
            {"format", formatName(st.format)},
            {"message_kind", cleanText(st.messageKind, 100)},
            {"account", cleanText(st.account, 200)},
            {"currency", cleanText(st.currency, 3)},
            {"statement_ref", cleanText(st.statementRef, 200)},
            {"from", s.from},
            {"to", s.to},
            {"opening_balance_minor", st.opening ? boost::json::value(st.opening->amountMinor)
                                                 : boost::json::value(nullptr)},
            {"closing_balance_minor", st.closing ? boost::json::value(st.closing->amountMinor)
                                                 : boost::json::value(nullptr)},
            {"line_count", st.lineCount},
            {"lines_total_minor", s.balance.linesMinor},
            {"balance_check", !s.balance.checked ? "not_available"
                              : s.balance.ok     ? "ok"
                                                 : "mismatch"},
            {"duplicate_lines", s.duplicateLines},
            {"duplicate_of",
             s.duplicateOf ? boost::json::value(*s.duplicateOf) : boost::json::value(nullptr)},
        };
        std::string item = boost::json::serialize(o);
        item.pop_back();
        item += R"(,"lines":[)";
        for (std::size_t j = 0; j < s.preview.size(); ++j) {
            item += j ? "," : "";
            item += boost::json::serialize(lineObject(s.preview[j]));
        }
        out += item + "]}";
    }
    return out + "]}";
}

}  // namespace

http::Response importStatements(api::Call& call) {
    const auto& request = call.request;
    if (bodySize(request) == 0) {
        throw validationFailed({{"file", "The file is empty"}}, "The file is empty");
    }
    FileReading how;
    if (const auto format = request.queryParam("format"); format && !format->empty()) {
        how.format = parseFormatName(*format);
        if (!how.format) {
            throw validationFailed({{"format", "Use camt053, mt940, ofx or csv"}},
                                   "Unknown statement format");
        }
    }
    const bool dryRun = request.queryParam("dry_run").value_or("") == "true";
    std::string fileName = request.queryParam("file_name").value_or("");
    fileName = cleanText(fileName, 255);

    const std::string digest = bodyDigest(request);
    pqxx::work tx(call.db);
    std::optional<std::int64_t> mappingId;
    if (const auto mapping = request.queryParam("mapping"); mapping && !mapping->empty()) {
        if (std::all_of(mapping->begin(), mapping->end(),
                        [](char c) { return c >= '0' && c <= '9'; }) &&
            mapping->size() < 18) {
            const auto row = tx.exec_params(
                "SELECT definition::text FROM finance_mappings "
                "WHERE id = $1",
                std::stoll(*mapping));
            if (row.empty()) {
                throw validationFailed({{"mapping", "No saved mapping has this id"}});
            }
            how.mapping = api::parseJsonObject(row[0][0].c_str());
            mappingId = std::stoll(*mapping);
        } else {
            how.builtinMapping = *mapping;
        }
    }
    std::optional<std::int64_t> importedAlready;
    {
        const auto again = tx.exec_params(
            "SELECT id FROM finance_statements WHERE file_sha256 = $1 ORDER BY file_index LIMIT 1",
            digest);
        if (!again.empty()) {
            importedAlready = again[0][0].as<std::int64_t>();
        }
    }
    if (!dryRun && importedAlready) {
        throw ApiError(ErrorCode::DuplicateStatement, "This file has been imported already", {},
                       boost::json::object{{"statement_id", *importedAlready}});
    }

    // A dry run writes its statements under a digest of its own (and rolls them back): the file
    // may have been imported already, which it then reports.
    ImportSink sink(tx, call, dryRun ? "dry-run:" + digest : digest, fileName, mappingId, dryRun);
    const auto source = bodySource(request);
    Format format{};
    try {
        format = readStatementFile(*source, how, sink);
    } catch (const ParseError& e) {
        std::map<std::string, std::string> fields;
        if (!e.field().empty()) {
            fields.emplace(e.field(), e.what());
        }
        throw ApiError(ErrorCode::ValidationFailed,
                       "Line " + std::to_string(e.line()) +
                           (e.field().empty() ? "" : ", " + e.field()) + ": " + e.what(),
                       std::move(fields),
                       boost::json::object{{"line", e.line()}, {"field", e.field()}});
    }
    if (sink.imported().empty()) {
        throw ApiError(ErrorCode::ValidationFailed, "The file holds no statement",
                       {{"file", "The file holds no statement"}},
                       boost::json::object{{"line", 1}, {"field", "file"}});
    }
    if (dryRun) {
        tx.abort();
        return http::Response::json(200, dryRunJson(sink.imported(), format, importedAlready));
    }
    std::vector<std::int64_t> ids;
    for (const auto& s : sink.imported()) {
        ids.push_back(s.id);
    }
    const auto items = statementsJson(tx, ids);
    tx.commit();
    return http::Response::json(201, R"({"items":)" + items + "}");
}

http::Response listStatements(api::Call& call) {
    const auto& request = call.request;
    const auto page = api::readPage(request);
    const auto after = api::idCursor(page);
    const auto status = request.queryParam("status").value_or("");
    if (!status.empty() && status != "open" && status != "closed") {
        throw validationFailed({{"status", "Use open or closed"}});
    }
    const auto account = request.queryParam("account").value_or("");
    pqxx::read_transaction tx(call.db);
    const auto rows =
        tx.exec_params(std::string("SELECT ") + kStatementJson + " AS item, s.id" + kStatementFrom +
                           "WHERE ($1 = '' OR s.status = $1) AND ($2 = '' OR s.account = $2) "
                           "AND ($3::bigint IS NULL OR s.id < $3) ORDER BY s.id DESC LIMIT $4",
                       status, account, after, page.limit + 1);
    return http::Response::json(
        200, api::writePage(page, rows, api::appendJsonColumn, [](const auto& row) {
            return boost::json::array{row[1].template as<std::int64_t>()};
        }));
}

http::Response getStatement(api::Call& call) {
    const auto id = call.idParam("id");
    pqxx::read_transaction tx(call.db);
    const auto items = statementsJson(tx, {id});
    if (items == "[]") {
        throw notFound("No such statement");
    }
    const auto version =
        tx.exec_params1("SELECT version FROM finance_statements WHERE id = $1", id)[0].as<int>();
    return api::withVersion(http::Response::json(200, items.substr(1, items.size() - 2)), version);
}

http::Response listLines(api::Call& call) {
    const auto id = call.idParam("id");
    const auto& request = call.request;
    const auto page = api::readPage(request);
    const auto after = api::idCursor(page);
    std::vector<std::string> statuses;
    const auto wanted = request.queryParam("status").value_or("");
    for (std::size_t start = 0; start < wanted.size();) {
        auto end = wanted.find(',', start);
        if (end == std::string::npos) {
            end = wanted.size();
        }
        const auto s = wanted.substr(start, end - start);
        if (s != "unmatched" && s != "suggested" && s != "matched" && s != "excluded") {
            throw validationFailed(
                {{"status", "Use unmatched, suggested, matched or excluded, comma separated"}});
        }
        statuses.push_back(s);
        start = end + 1;
    }
    std::string statusArray = "{";
    for (std::size_t i = 0; i < statuses.size(); ++i) {
        statusArray += (i ? "," : "") + statuses[i];
    }
    statusArray += "}";
    pqxx::read_transaction tx(call.db);
    if (tx.exec_params("SELECT 1 FROM finance_statements WHERE id = $1", id).empty()) {
        throw notFound("No such statement");
    }
    const auto rows = tx.exec_params(
        std::string("SELECT ") + kLineJson +
            " AS item, l.position FROM finance_lines l "
            "WHERE l.statement_id = $1 AND (cardinality($2::text[]) = 0 OR l.status = ANY($2)) "
            "AND ($3::bigint IS NULL OR l.position > $3) ORDER BY l.position LIMIT $4",
        id, statusArray, after, page.limit + 1);
    return http::Response::json(
        200,
        api::writePage(
            page, rows, api::appendJsonColumn,
            [](const auto& row) { return boost::json::array{row[1].template as<std::int64_t>()}; },
            {}, 600));
}

}  // namespace opsdesk::server::finance
