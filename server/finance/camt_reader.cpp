#include "finance/camt_reader.h"

#include <libxml/parser.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlreader.h>

#include <algorithm>
#include <cctype>
#include <climits>
#include <exception>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace opsdesk::server::finance {

namespace {

constexpr std::string_view kNamespacePrefix = "urn:iso:std:iso:20022:tech:xsd:";

std::string_view trimmed(std::string_view s) {
    const auto isSpace = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
    while (!s.empty() && isSpace(s.front())) {
        s.remove_prefix(1);
    }
    while (!s.empty() && isSpace(s.back())) {
        s.remove_suffix(1);
    }
    return s;
}

// Runs of whitespace become one space; none at either end.
void appendCollapsed(std::string& out, std::string_view text) {
    bool space = !out.empty();
    for (const char c : text) {
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
            space = !out.empty();
            continue;
        }
        if (space) {
            out.push_back(' ');
            space = false;
        }
        out.push_back(c);
    }
}

bool isCalendarDate(int y, int m, int d) {
    static constexpr int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1900 || y > 2999 || m < 1 || m > 12 || d < 1) {
        return false;
    }
    const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return d <= days[m - 1] + (m == 2 && leap ? 1 : 0);
}

// The date of an ISODate ("2014-12-31", maybe with a zone) or ISODateTime ("2014-12-31T10:15:00
// +01:00"): "YYYY-MM-DD", or "" when the text is neither.
std::string isoDate(std::string_view text) {
    text = trimmed(text);
    if (text.size() < 10 || text[4] != '-' || text[7] != '-') {
        return {};
    }
    const auto number = [&](std::size_t at, std::size_t n, int& out) {
        out = 0;
        for (std::size_t i = at; i < at + n; ++i) {
            if (text[i] < '0' || text[i] > '9') {
                return false;
            }
            out = out * 10 + (text[i] - '0');
        }
        return true;
    };
    int y = 0;
    int m = 0;
    int d = 0;
    if (!number(0, 4, y) || !number(5, 2, m) || !number(8, 2, d) || !isCalendarDate(y, m, d)) {
        return {};
    }
    if (text.size() > 10 && text[10] != 'T' && text[10] != 'Z' && text[10] != '+' &&
        text[10] != '-') {
        return {};
    }
    return std::string(text.substr(0, 10));
}

bool isCurrencyCode(std::string_view c) {
    return c.size() == 3 &&
           std::all_of(c.begin(), c.end(), [](char ch) { return ch >= 'A' && ch <= 'Z'; });
}

std::string quoted(std::string_view s) {
    std::string out = "\"";
    out.append(s.substr(0, 40));
    if (s.size() > 40) {
        out += "...";
    }
    out += "\"";
    return out;
}

// An ISO 20022 amount: digits with at most one decimal point, no sign (CdtDbtInd carries it),
// in minor units of `currency`; nullopt when it is not one or has more decimals than the
// currency (unless those are zeros).
std::optional<std::int64_t> camtAmount(std::string_view text, std::string_view currency) {
    text = trimmed(text);
    if (text.empty() || !std::all_of(text.begin(), text.end(),
                                     [](char c) { return (c >= '0' && c <= '9') || c == '.'; })) {
        return std::nullopt;
    }
    return parseAmountMinor(text, currencyDecimals(currency));
}

// ---- libxml2 plumbing: bytes from the Source, errors into the reader, nothing on stderr.

struct XmlInput {
    explicit XmlInput(Source& s) : source(s) {}
    Source& source;
    std::exception_ptr sourceError;
    bool failed = false;
    std::size_t errorLine = 0;
    std::string errorMessage;
    // The prolog (what comes before the first element) as it passes by: a DOCTYPE there stops
    // the read before libxml2 parses its internal subset.
    bool inProlog = true;
    std::string prologTail;
    std::size_t prologLine = 1;
    std::size_t doctypeLine = 0;
};

// Watches the bytes before the root element for "<!DOCTYPE"; false (and doctypeLine set) when
// there is one.
bool prologIsSafe(XmlInput& input, std::string_view bytes) {
    for (std::size_t i = 0; i < bytes.size() && input.inProlog; ++i) {
        const char c = bytes[i];
        input.prologTail.push_back(c);
        if (input.prologTail.size() > 9) {
            input.prologTail.erase(0, input.prologTail.size() - 9);
        }
        if (c == '\n') {
            ++input.prologLine;
        }
        const std::string& t = input.prologTail;
        if (t.size() == 9 && (t == "<!DOCTYPE" || t == "<!doctype")) {
            input.doctypeLine = input.prologLine;
            return false;
        }
        // "<" then a name character: the root element has begun, the prolog is over.
        if (t.size() >= 2 && t[t.size() - 2] == '<' &&
            (std::isalpha(static_cast<unsigned char>(c)) != 0 || c == '_' || c == ':')) {
            input.inProlog = false;
        }
    }
    return true;
}

int readFromSource(void* context, char* buffer, int len) {
    auto* input = static_cast<XmlInput*>(context);
    try {
        const std::size_t got = input->source.read(buffer, static_cast<std::size_t>(len));
        if (input->inProlog && !prologIsSafe(*input, std::string_view(buffer, got))) {
            return -1;
        }
        return static_cast<int>(got);
    } catch (...) {
        input->sourceError = std::current_exception();
        return -1;
    }
}

void recordError(void* context, xmlErrorPtr error) {
    auto* input = static_cast<XmlInput*>(context);
    if (error == nullptr || error->level < XML_ERR_ERROR || input->failed) {
        return;
    }
    input->failed = true;
    input->errorLine = error->line > 0 ? static_cast<std::size_t>(error->line) : 0;
    input->errorMessage = std::string(trimmed(error->message != nullptr ? error->message : ""));
}

void ignoreGenericError(void*, const char*, ...) {}

// libxml2 keeps its error handlers per thread: ours while a document is read, the previous ones
// after, so nothing of libxml2's reaches stderr (some errors bypass the reader's own handler).
class ErrorHandlersInstalled {
public:
    explicit ErrorHandlersInstalled(XmlInput* input)
        : structured_(xmlStructuredError),
          structuredContext_(xmlStructuredErrorContext),
          generic_(xmlGenericError),
          genericContext_(xmlGenericErrorContext) {
        xmlSetStructuredErrorFunc(input, recordError);
        xmlSetGenericErrorFunc(nullptr, ignoreGenericError);
    }
    ~ErrorHandlersInstalled() {
        xmlSetStructuredErrorFunc(structuredContext_, structured_);
        xmlSetGenericErrorFunc(genericContext_, generic_);
    }
    ErrorHandlersInstalled(const ErrorHandlersInstalled&) = delete;
    ErrorHandlersInstalled& operator=(const ErrorHandlersInstalled&) = delete;

private:
    xmlStructuredErrorFunc structured_;
    void* structuredContext_;
    xmlGenericErrorFunc generic_;
    void* genericContext_;
};

std::string fromXml(const xmlChar* s) {
    return s == nullptr ? std::string{} : std::string(reinterpret_cast<const char*>(s));
}

// ---- what one statement, balance and entry collect while they are read

struct BalanceText {
    std::size_t line = 0;
    std::string type;
    std::string amount;
    std::string currency;
    std::size_t amountLine = 0;
    std::string indicator;
    std::string date;
};

struct Party {
    std::string name;
    std::string ultimateName;
    std::string account;
};

struct EntryText {
    std::size_t line = 0;
    std::string amount;
    std::string currency;
    bool hasCurrency = false;
    std::size_t amountLine = 0;
    std::string indicator;
    std::size_t indicatorLine = 0;
    std::string status;
    bool hasStatus = false;
    std::string booked;
    std::size_t bookedLine = 0;
    std::string value;
    std::size_t valueLine = 0;
    std::string bankReference;
    std::string domain;
    std::string family;
    std::string subFamily;
    std::string proprietaryCode;
    int transactions = 0;
    std::string endToEndId;
    std::string transactionId;
    Party debtor;
    Party creditor;
    std::string remittance;
    bool remittanceCut = false;
    bool hasUnstructured = false;
    std::string additionalInfo;
};

struct StatementText {
    Statement statement;
    std::string element;  // Stmt, Rpt or Ntfctn
    std::string accountIban;
    std::string accountOther;
    std::string accountCurrency;
    std::string firstCurrency;
    std::string created;
    std::optional<Balance> opbd;
    std::optional<Balance> prcd;
    std::optional<Balance> clbd;
};

class CamtReader {
public:
    CamtReader(Source& source, Sink& sink, const Limits& limits)
        : input_(source), sink_(sink), limits_(limits) {}

    void run();

private:
    std::size_t line() const;
    std::string path(std::size_t from) const;
    std::string fieldPath() const;
    [[noreturn]] void failXml();
    [[noreturn]] static void throwDoctype(std::size_t at);
    void textNode(bool keep);
    void start(bool empty);
    void end();
    void startDocument(const std::string& name);
    void statementValue(const std::string& rel, std::string_view value, std::size_t at);
    void entryValue(const std::string& rel, std::string_view value, std::size_t at);
    void finishBalance();
    void finishEntry();
    void finishStatement();
    void appendRemittance(std::string_view text);

    XmlInput input_;
    Sink& sink_;
    const Limits& limits_;
    xmlTextReaderPtr reader_ = nullptr;
    std::vector<std::string> stack_;
    std::string text_;
    std::size_t textLine_ = 0;
    std::string kind_;           // "camt.053.001.02"
    std::string statementName_;  // Stmt, Rpt or Ntfctn
    std::string headerCreated_;  // GrpHdr/CreDtTm's date
    std::optional<StatementText> statement_;
    std::optional<BalanceText> balance_;
    std::optional<EntryText> entry_;
    std::size_t statements_ = 0;
    std::size_t lines_ = 0;
    std::vector<bool> hasChild_;  // per open element: has it had a child element yet
    // An element's line when it is past 65535 (libxml2 keeps such lines only for text): the
    // statement's, balance's or entry's line to correct at the next text node.
    std::size_t* pendingLine_ = nullptr;
    bool lineCapped_ = false;
};

std::size_t CamtReader::line() const {
    // Element lines above 65535 are only kept for text nodes (XML_PARSE_BIG_LINES); for an
    // element past that the parser's own line, a few lines ahead, stands in until the element's
    // first text node says where it began (pendingLine_).
    if (const xmlNodePtr node = xmlTextReaderCurrentNode(reader_)) {
        const long l = xmlGetLineNo(node);
        if (l > 0 && (l < 65535 || node->type != XML_ELEMENT_NODE)) {
            return static_cast<std::size_t>(l);
        }
    }
    const int parser = xmlTextReaderGetParserLineNumber(reader_);
    return parser > 0 ? static_cast<std::size_t>(parser) : 1;
}

std::string CamtReader::path(std::size_t from) const {
    std::string out;
    for (std::size_t i = from; i < stack_.size(); ++i) {
        if (!out.empty()) {
            out.push_back('/');
        }
        out += stack_[i];
    }
    return out;
}

// The current element as a clerk would name it: from the entry or balance when inside one, else
// from the statement, else the whole path.
std::string CamtReader::fieldPath() const {
    if (stack_.size() > 3) {
        return path(3);
    }
    return stack_.empty() ? std::string("XML") : path(0);
}

void CamtReader::failXml() {
    if (input_.sourceError) {
        std::rethrow_exception(input_.sourceError);
    }
    if (input_.doctypeLine > 0) {
        throwDoctype(input_.doctypeLine);
    }
    // libxml2 parses ahead of the nodes handed out: the error's own line is the place, and the
    // element being read is not necessarily where it went wrong.
    const std::size_t at = input_.errorLine > 0 ? input_.errorLine : line();
    std::string message = "The file is damaged or incomplete: it is not well-formed XML";
    if (!input_.errorMessage.empty()) {
        message += " (" + input_.errorMessage + ")";
    }
    throw ParseError(at, "XML", message);
}

void CamtReader::throwDoctype(std::size_t at) {
    throw ParseError(at, "DOCTYPE",
                     "The file carries a document type declaration (DOCTYPE), which a bank "
                     "statement never has; it is refused for safety");
}

// A text node: its value joins the element's text (when `keep`), and its line is where an
// element that began past line 65535 really began (see start()).
void CamtReader::textNode(bool keep) {
    const xmlChar* raw = xmlTextReaderConstValue(reader_);
    const std::string_view value =
        raw == nullptr ? std::string_view{} : reinterpret_cast<const char*>(raw);
    // libxml2 stamps a text node with the line where it ends.
    std::size_t at = line();
    const auto newlines = static_cast<std::size_t>(std::count(value.begin(), value.end(), '\n'));
    at = at > newlines ? at - newlines : 1;
    if (pendingLine_ != nullptr) {
        *pendingLine_ = at;
        pendingLine_ = nullptr;
    }
    if (!keep || value.empty()) {
        return;
    }
    if (text_.empty()) {
        textLine_ = at;
    }
    text_ += value;
    if (text_.size() > limits_.maxFieldBytes) {
        throw ParseError(textLine_, fieldPath(),
                         "The value of " + fieldPath() + " is longer than " +
                             std::to_string(limits_.maxFieldBytes) + " bytes");
    }
}

void CamtReader::run() {
    static std::once_flag initialised;
    std::call_once(initialised, [] { xmlInitParser(); });
    ErrorHandlersInstalled handlers(&input_);
    reader_ = xmlReaderForIO(
        readFromSource, nullptr, &input_, nullptr, nullptr,
        XML_PARSE_NONET | XML_PARSE_BIG_LINES | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (reader_ == nullptr) {
        failXml();
    }
    struct Free {
        xmlTextReaderPtr r;
        ~Free() { xmlFreeTextReader(r); }
    } freeReader{reader_};
    xmlTextReaderSetStructuredErrorHandler(reader_, recordError, &input_);

    for (;;) {
        const int status = xmlTextReaderRead(reader_);
        if (status < 0 || input_.failed || input_.sourceError) {
            failXml();
        }
        if (status == 0) {
            break;
        }
        switch (xmlTextReaderNodeType(reader_)) {
            case XML_READER_TYPE_DOCUMENT_TYPE:
                throwDoctype(line());
            case XML_READER_TYPE_ENTITY_REFERENCE:
                throw ParseError(line(), fieldPath(),
                                 "The file uses an entity reference, which a bank statement never "
                                 "has; it is refused for safety");
            case XML_READER_TYPE_ELEMENT:
                start(xmlTextReaderIsEmptyElement(reader_) == 1);
                break;
            case XML_READER_TYPE_END_ELEMENT:
                end();
                break;
            case XML_READER_TYPE_TEXT:
            case XML_READER_TYPE_CDATA:
                textNode(true);
                break;
            case XML_READER_TYPE_WHITESPACE:
            case XML_READER_TYPE_SIGNIFICANT_WHITESPACE:
                textNode(false);
                break;
            default:
                break;
        }
    }
    if (stack_.empty() && kind_.empty()) {
        throw ParseError(1, "Document", "The file is empty: it holds no camt message");
    }
    if (statements_ == 0) {
        throw ParseError(line(), statementName_,
                         "The " + kind_ + " message holds no statement: there is no " +
                             statementName_ + " element, so there is nothing to import");
    }
}

void CamtReader::startDocument(const std::string& name) {
    const std::string ns = fromXml(xmlTextReaderConstNamespaceUri(reader_));
    const std::string_view rest =
        std::string_view(ns).substr(std::min(ns.size(), kNamespacePrefix.size()));
    const bool known =
        ns.size() == kNamespacePrefix.size() + 15 &&
        std::string_view(ns).substr(0, kNamespacePrefix.size()) == kNamespacePrefix &&
        rest.substr(0, 6) == "camt.0" && rest[6] == '5' &&
        (rest[7] == '2' || rest[7] == '3' || rest[7] == '4') && rest.substr(8, 6) == ".001.0" &&
        rest[14] >= '1' && rest[14] <= '8';
    if (name != "Document" || !known) {
        throw ParseError(line(), name,
                         "This is not a camt.052, camt.053 or camt.054 bank message (versions "
                         "001.01 to 001.08): the document is <" +
                             name + "> in namespace " + quoted(ns));
    }
    kind_ = std::string(rest);
    statementName_ = rest[7] == '3' ? "Stmt" : rest[7] == '2' ? "Rpt" : "Ntfctn";
}

void CamtReader::start(bool empty) {
    const std::string name = fromXml(xmlTextReaderConstLocalName(reader_));
    if (stack_.size() + 1 > limits_.maxDepth) {
        throw ParseError(line(), fieldPath(),
                         "The file nests its elements deeper than " +
                             std::to_string(limits_.maxDepth) + " levels");
    }
    if (!hasChild_.empty()) {
        hasChild_.back() = true;
    }
    stack_.push_back(name);
    hasChild_.push_back(false);
    text_.clear();
    textLine_ = line();
    const xmlNodePtr node = xmlTextReaderCurrentNode(reader_);
    lineCapped_ = node != nullptr && xmlGetLineNo(node) >= 65535;
    const std::size_t depth = stack_.size();
    if (depth == 1) {
        startDocument(name);
    } else if (depth == 2) {
        static constexpr std::string_view wrappers[] = {"BkToCstmrStmt", "BkToCstmrAcctRpt",
                                                        "BkToCstmrDbtCdtNtfctn"};
        const std::string_view expected = wrappers[kind_[7] == '3' ? 0 : kind_[7] == '2' ? 1 : 2];
        if (std::string_view(name).substr(0, expected.size()) != expected) {
            throw ParseError(line(), name,
                             "A " + kind_ + " message must hold <" + std::string(expected) +
                                 ">, not <" + name + ">");
        }
    } else if (depth == 3 && name == statementName_) {
        if (++statements_ > limits_.maxStatements) {
            throw ParseError(line(), name,
                             "The file holds more than " + std::to_string(limits_.maxStatements) +
                                 " statements");
        }
        statement_.emplace();
        statement_->element = name;
        statement_->statement.format = Format::Camt;
        statement_->statement.messageKind = kind_;
        statement_->statement.sourceLine = line();
        if (lineCapped_) {
            pendingLine_ = &statement_->statement.sourceLine;
        }
    } else if (statement_ && depth == 4 && name == "Ntry") {
        entry_.emplace();
        entry_->line = line();
        if (lineCapped_) {
            pendingLine_ = &entry_->line;
        }
    } else if (statement_ && depth == 4 && name == "Bal") {
        balance_.emplace();
        balance_->line = line();
        if (lineCapped_) {
            pendingLine_ = &balance_->line;
        }
    } else if (entry_ && depth > 4) {
        const std::string rel = path(4);
        if (rel == "Amt") {
            const xmlChar* ccy = xmlTextReaderGetAttribute(reader_, BAD_CAST "Ccy");
            entry_->hasCurrency = ccy != nullptr;
            entry_->currency = std::string(trimmed(fromXml(ccy)));
            xmlFree(const_cast<xmlChar*>(ccy));
            entry_->amountLine = line();
        } else if (rel == "NtryDtls/TxDtls") {
            ++entry_->transactions;
        }
    } else if (balance_ && path(4) == "Amt") {
        const xmlChar* ccy = xmlTextReaderGetAttribute(reader_, BAD_CAST "Ccy");
        balance_->currency = std::string(trimmed(fromXml(ccy)));
        xmlFree(const_cast<xmlChar*>(ccy));
        balance_->amountLine = line();
    }
    if (empty) {
        end();
    }
}

void CamtReader::end() {
    pendingLine_ = nullptr;
    const std::size_t depth = stack_.size();
    const std::string_view value = trimmed(text_);
    const std::size_t at = textLine_ > 0 ? textLine_ : line();
    const bool leaf = !hasChild_.back();
    hasChild_.pop_back();
    if (depth == 4 && entry_ && stack_[3] == "Ntry") {
        finishEntry();
    } else if (depth == 4 && balance_ && stack_[3] == "Bal") {
        finishBalance();
    } else if (depth == 3 && statement_) {
        finishStatement();
    } else if (!leaf) {
        // an aggregate: its values were its children's
    } else if (entry_ && depth > 4) {
        entryValue(path(4), value, at);
    } else if (balance_ && depth > 4) {
        const std::string rel = path(4);
        if (rel == "Tp/CdOrPrtry/Cd" || rel == "Tp/Cd") {
            balance_->type = std::string(value);
        } else if (rel == "Amt") {
            balance_->amount = std::string(value);
        } else if (rel == "CdtDbtInd") {
            balance_->indicator = std::string(value);
        } else if (rel == "Dt/Dt" || rel == "Dt/DtTm") {
            balance_->date = std::string(value);
        }
    } else if (statement_ && depth > 3) {
        statementValue(path(3), value, at);
    } else if (depth == 4 && stack_[2] == "GrpHdr" && stack_[3] == "CreDtTm") {
        headerCreated_ = isoDate(value);
    }
    stack_.pop_back();
    text_.clear();
    textLine_ = 0;
}

void CamtReader::statementValue(const std::string& rel, std::string_view value, std::size_t at) {
    StatementText& s = *statement_;
    const auto date = [&](std::string& into) {
        into = isoDate(value);
        if (into.empty()) {
            throw ParseError(
                at, s.element + "/" + rel,
                "The statement's date " + quoted(value) + " is not a date (YYYY-MM-DD)");
        }
    };
    if (rel == "Id") {
        s.statement.statementRef = std::string(value);
    } else if (rel == "CreDtTm") {
        date(s.created);
    } else if (rel == "FrToDt/FrDtTm" || rel == "FrToDt/FrDt") {
        date(s.statement.from);
    } else if (rel == "FrToDt/ToDtTm" || rel == "FrToDt/ToDt") {
        date(s.statement.to);
    } else if (rel == "Acct/Id/IBAN") {
        s.accountIban = std::string(value);
    } else if (rel == "Acct/Id/Othr/Id") {
        s.accountOther = std::string(value);
    } else if (rel == "Acct/Ccy") {
        if (!isCurrencyCode(value)) {
            throw ParseError(
                at, s.element + "/Acct/Ccy",
                "The account's currency " + quoted(value) + " is not a three-letter ISO 4217 code");
        }
        s.accountCurrency = std::string(value);
    }
}

void CamtReader::entryValue(const std::string& rel, std::string_view value, std::size_t at) {
    EntryText& e = *entry_;
    constexpr std::string_view tx = "NtryDtls/TxDtls/";
    if (rel == "Amt") {
        e.amount = std::string(value);
    } else if (rel == "CdtDbtInd") {
        e.indicator = std::string(value);
        e.indicatorLine = at;
    } else if (rel == "Sts" || rel == "Sts/Cd" || rel == "Sts/Prtry") {
        e.status = std::string(value);
        e.hasStatus = true;
    } else if (rel == "BookgDt/Dt" || rel == "BookgDt/DtTm") {
        e.booked = std::string(value);
        e.bookedLine = at;
    } else if (rel == "ValDt/Dt" || rel == "ValDt/DtTm") {
        e.value = std::string(value);
        e.valueLine = at;
    } else if (rel == "AcctSvcrRef") {
        e.bankReference = std::string(value);
    } else if (rel == "BkTxCd/Domn/Cd") {
        e.domain = std::string(value);
    } else if (rel == "BkTxCd/Domn/Fmly/Cd") {
        e.family = std::string(value);
    } else if (rel == "BkTxCd/Domn/Fmly/SubFmlyCd") {
        e.subFamily = std::string(value);
    } else if (rel == "BkTxCd/Prtry/Cd") {
        e.proprietaryCode = std::string(value);
    } else if (rel == "AddtlNtryInf") {
        e.additionalInfo.clear();
        appendCollapsed(e.additionalInfo, value);
    } else if (rel.size() > tx.size() && std::string_view(rel).substr(0, tx.size()) == tx) {
        const std::string_view t = std::string_view(rel).substr(tx.size());
        if (t == "RmtInf/Ustrd") {
            e.hasUnstructured = true;
            appendRemittance(value);
        } else if (t == "RmtInf/Strd/CdtrRefInf/Ref") {
            appendRemittance(value);
        }
        if (e.transactions != 1) {
            return;  // references and parties come from the first transaction
        }
        Party* party = nullptr;
        std::string_view role;
        if (t.substr(0, 15) == "RltdPties/Dbtr/" || t.substr(0, 19) == "RltdPties/DbtrAcct/" ||
            t.substr(0, 20) == "RltdPties/UltmtDbtr/") {
            party = &e.debtor;
            role = t.substr(10);
        } else if (t.substr(0, 15) == "RltdPties/Cdtr/" ||
                   t.substr(0, 19) == "RltdPties/CdtrAcct/" ||
                   t.substr(0, 20) == "RltdPties/UltmtCdtr/") {
            party = &e.creditor;
            role = t.substr(10);
        }
        if (t == "Refs/EndToEndId") {
            e.endToEndId = std::string(value);
        } else if (t == "Refs/TxId") {
            e.transactionId = std::string(value);
        } else if (party != nullptr) {
            const std::string_view who = role.substr(4);  // after "Dbtr" / "Cdtr"
            if (who == "/Nm" || who == "/Pty/Nm") {
                party->name = std::string(value);
            } else if (role.substr(0, 5) == "Ultmt" &&
                       (role.substr(9) == "/Nm" || role.substr(9) == "/Pty/Nm")) {
                party->ultimateName = std::string(value);
            } else if (who == "Acct/Id/IBAN" ||
                       (who == "Acct/Id/Othr/Id" && party->account.empty())) {
                party->account = std::string(value);
            }
        }
    }
}

void CamtReader::appendRemittance(std::string_view text) {
    EntryText& e = *entry_;
    if (e.remittanceCut) {
        return;
    }
    // Batch entries may carry thousands of transactions: their texts are kept up to the field
    // limit and the cut is marked, never hidden.
    std::string next = e.remittance;
    appendCollapsed(next, text);
    if (next.size() > limits_.maxFieldBytes) {
        e.remittance += " [...]";
        e.remittanceCut = true;
        return;
    }
    e.remittance = std::move(next);
}

void CamtReader::finishBalance() {
    BalanceText b = std::move(*balance_);
    balance_.reset();
    StatementText& s = *statement_;
    const std::string field = "Bal";
    if (b.amount.empty()) {
        throw ParseError(b.line, "Bal/Amt", "The balance " + b.type + " has no amount");
    }
    if (!isCurrencyCode(b.currency)) {
        throw ParseError(b.amountLine, "Bal/Amt",
                         "The balance " + b.type + " does not state a valid currency (Ccy " +
                             quoted(b.currency) + ")");
    }
    const auto amount = camtAmount(b.amount, b.currency);
    if (!amount) {
        throw ParseError(b.amountLine, "Bal/Amt",
                         "The balance " + b.type + " amount " + quoted(b.amount) +
                             " is not a valid " + b.currency + " amount (digits, at most " +
                             std::to_string(currencyDecimals(b.currency)) + " decimals)");
    }
    if (b.indicator != "CRDT" && b.indicator != "DBIT") {
        throw ParseError(
            b.line, "Bal/CdtDbtInd",
            "The balance " + b.type + " must say CRDT or DBIT, not " + quoted(b.indicator));
    }
    if (s.firstCurrency.empty()) {
        s.firstCurrency = b.currency;
    }
    std::optional<Balance>* slot = b.type == "OPBD"   ? &s.opbd
                                   : b.type == "PRCD" ? &s.prcd
                                   : b.type == "CLBD" ? &s.clbd
                                                      : nullptr;
    if (slot == nullptr) {
        return;
    }
    if (slot->has_value()) {
        throw ParseError(b.line, field,
                         "The statement has two " + b.type + " balances; it can have one");
    }
    const std::string date = isoDate(b.date);
    if (date.empty()) {
        throw ParseError(b.line, "Bal/Dt",
                         "The balance " + b.type + " has no valid date (" + quoted(b.date) + ")");
    }
    *slot = Balance{b.indicator == "DBIT" ? -*amount : *amount, date, b.currency};
}

void CamtReader::finishEntry() {
    EntryText e = std::move(*entry_);
    entry_.reset();
    StatementText& s = *statement_;
    if (!e.hasStatus) {
        throw ParseError(e.line, "Ntry/Sts",
                         "The entry does not say whether it is booked (no status, Sts)");
    }
    if (e.status != "BOOK") {
        return;  // pending or information only: not a booked line
    }
    if (e.amount.empty()) {
        throw ParseError(e.line, "Ntry/Amt", "The entry has no amount");
    }
    if (!isCurrencyCode(e.currency)) {
        throw ParseError(
            e.amountLine, "Ntry/Amt",
            "The entry's amount does not state a valid currency (Ccy " + quoted(e.currency) + ")");
    }
    const auto amount = camtAmount(e.amount, e.currency);
    if (!amount) {
        throw ParseError(e.amountLine, "Ntry/Amt",
                         "The entry's amount " + quoted(e.amount) + " is not a valid " +
                             e.currency + " amount (digits, at most " +
                             std::to_string(currencyDecimals(e.currency)) + " decimals)");
    }
    if (e.indicator != "CRDT" && e.indicator != "DBIT") {
        throw ParseError(
            e.indicatorLine > 0 ? e.indicatorLine : e.line, "Ntry/CdtDbtInd",
            "The entry must say CRDT (credit) or DBIT (debit), not " + quoted(e.indicator));
    }
    const bool debit = e.indicator == "DBIT";

    StatementLine l;
    l.sourceLine = e.line;
    l.currency = e.currency;
    l.amountMinor = debit ? -*amount : *amount;
    if (!e.value.empty()) {
        l.valueDate = isoDate(e.value);
        if (l.valueDate.empty()) {
            throw ParseError(e.valueLine, "Ntry/ValDt",
                             "The entry's value date " + quoted(e.value) + " is not a date");
        }
    }
    if (!e.booked.empty()) {
        l.bookedAt = isoDate(e.booked);
        if (l.bookedAt.empty()) {
            throw ParseError(e.bookedLine, "Ntry/BookgDt",
                             "The entry's booking date " + quoted(e.booked) + " is not a date");
        }
    } else if (!l.valueDate.empty()) {
        l.bookedAt = l.valueDate;
    } else if (!s.statement.to.empty()) {
        l.bookedAt = s.statement.to;
    } else if (!s.created.empty()) {
        l.bookedAt = s.created;
    } else if (!headerCreated_.empty()) {
        l.bookedAt = headerCreated_;
    } else {
        throw ParseError(e.line, "Ntry/BookgDt",
                         "The entry has no booking date, no value date, and the report no date");
    }
    l.bankReference = e.bankReference;
    if (!e.domain.empty()) {
        l.kind = e.domain;
        if (!e.family.empty()) {
            l.kind += "/" + e.family;
            if (!e.subFamily.empty()) {
                l.kind += "/" + e.subFamily;
            }
        }
    } else {
        l.kind = e.proprietaryCode;
    }
    if (!e.endToEndId.empty() && e.endToEndId != "NOTPROVIDED") {
        l.reference = e.endToEndId;
    } else if (!e.transactionId.empty() && e.transactionId != "NOTPROVIDED") {
        l.reference = e.transactionId;
    } else {
        l.reference = e.bankReference;
    }
    const Party& other = debit ? e.creditor : e.debtor;
    const std::string& who = !other.name.empty()           ? other.name
                             : !other.ultimateName.empty() ? other.ultimateName
                                                           : other.account;
    appendCollapsed(l.counterparty, who);
    l.remittance = e.remittance;
    if (!e.hasUnstructured && !e.additionalInfo.empty() && !e.remittanceCut) {
        appendCollapsed(l.remittance, e.additionalInfo);
    }
    if (++lines_ > limits_.maxLines) {
        throw ParseError(
            e.line, "Ntry",
            "The file holds more than " + std::to_string(limits_.maxLines) + " entries");
    }
    if (s.firstCurrency.empty()) {
        s.firstCurrency = e.currency;
    }
    ++s.statement.lineCount;
    sink_.line(l);
}

void CamtReader::finishStatement() {
    StatementText s = std::move(*statement_);
    statement_.reset();
    Statement& st = s.statement;
    st.account = !s.accountIban.empty() ? s.accountIban : s.accountOther;
    st.currency = !s.accountCurrency.empty() ? s.accountCurrency : s.firstCurrency;
    if (st.from.empty() && st.to.empty()) {
        st.from = s.created;
        st.to = s.created;
    }
    st.opening = s.opbd ? s.opbd : s.prcd;
    st.closing = s.clbd;
    sink_.statement(st);
}

}  // namespace

void readCamt(Source& source, Sink& sink, const Limits& limits) {
    CamtReader(source, sink, limits).run();
}

}  // namespace opsdesk::server::finance
