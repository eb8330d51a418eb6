// The camt reader alone (server/finance/camt_reader.h): every camt sample of
// tests/finance/samples read and checked against its expected/*.json, and hand-written documents
// for what the samples do not show (parties, references, versions, refusals, limits, volume).

#include <QtTest>

#include <sys/resource.h>
#include <unistd.h>

#include <cstring>

#include <optional>
#include <string>
#include <vector>

#include "finance/camt_reader.h"

using namespace opsdesk::server::finance;

namespace {

struct Recorded {
    std::vector<StatementLine> lines;
    std::vector<Statement> statements;
};

class RecordingSink final : public Sink {
public:
    void line(const StatementLine& l) override { recorded.lines.push_back(l); }
    void statement(const Statement& s) override { recorded.statements.push_back(s); }
    Recorded recorded;
};

QString samples() {
    return qEnvironmentVariable("OPSDESK_STATEMENT_SAMPLES");
}

std::string fileBytes(const QString& path) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        qWarning() << "cannot open" << path;
        return {};
    }
    return f.readAll().toStdString();
}

Recorded readOk(const std::string& bytes, const Limits& limits = {}) {
    MemorySource source(bytes);
    RecordingSink sink;
    try {
        readCamt(source, sink, limits);
    } catch (const ParseError& e) {
        qWarning() << "unexpected ParseError at line" << e.line() << e.field().c_str() << e.what();
        throw;
    }
    return sink.recorded;
}

std::optional<ParseError> readError(const std::string& bytes, const Limits& limits = {}) {
    MemorySource source(bytes);
    RecordingSink sink;
    try {
        readCamt(source, sink, limits);
    } catch (const ParseError& e) {
        return e;
    }
    return std::nullopt;
}

QString str(const std::string& s) {
    return QString::fromStdString(s);
}

// A camt document of `kind` ("053", "052", "054") and `version` ("02".."08") with `entries`
// inside one statement (report, notification) whose account is NL26VAYB8060476890 in EUR.
std::string camt(const std::string& entries, const std::string& kind = "053",
                 const std::string& version = "02", const std::string& balances = {}) {
    const std::string wrapper = kind == "053"   ? "BkToCstmrStmt"
                                : kind == "052" ? "BkToCstmrAcctRpt"
                                                : "BkToCstmrDbtCdtNtfctn";
    const std::string element = kind == "053" ? "Stmt" : kind == "052" ? "Rpt" : "Ntfctn";
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
           "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt." +
           kind + ".001." + version + "\">\n<" + wrapper +
           ">\n<GrpHdr><MsgId>M1</MsgId><CreDtTm>2024-03-01T10:00:00</CreDtTm></GrpHdr>\n<" +
           element +
           ">\n<Id>S1</Id>\n<CreDtTm>2024-03-01T10:00:00</CreDtTm>\n"
           "<FrToDt><FrDtTm>2024-02-01T00:00:00</FrDtTm><ToDtTm>2024-02-29T23:59:59</ToDtTm>"
           "</FrToDt>\n<Acct><Id><IBAN>NL26VAYB8060476890</IBAN></Id><Ccy>EUR</Ccy></Acct>\n" +
           balances + entries + "</" + element + ">\n</" + wrapper + ">\n</Document>\n";
}

std::string entry(const std::string& amount, const std::string& indicator,
                  const std::string& details = {}, const std::string& status = "<Sts>BOOK</Sts>",
                  const std::string& extra = {}) {
    return "<Ntry>\n<Amt Ccy=\"EUR\">" + amount + "</Amt>\n<CdtDbtInd>" + indicator +
           "</CdtDbtInd>\n" + status +
           "\n<BookgDt><Dt>2024-02-10</Dt></BookgDt>\n<ValDt><DtTm>2024-02-11T08:00:00</DtTm>"
           "</ValDt>\n<AcctSvcrRef>BANKREF1</AcctSvcrRef>\n" +
           extra + "<NtryDtls>" + details + "</NtryDtls>\n</Ntry>\n";
}

const std::string parties =
    "<RltdPties><Dbtr><Nm>Alice Payer</Nm></Dbtr>"
    "<DbtrAcct><Id><IBAN>DE02120300000000202051</IBAN></Id></DbtrAcct>"
    "<Cdtr><Nm>Bob Payee</Nm></Cdtr></RltdPties>";

}  // namespace

class TestCamtReader : public QObject {
    Q_OBJECT

private slots:
    void samples_matchExpected_data();
    void samples_matchExpected();
    void camt_credit_counterpartyIsDebtor();
    void camt_debit_counterpartyIsCreditor();
    void camt_noPartyName_counterpartyIsAccount();
    void camt_endToEndNotProvided_referenceIsTxId();
    void camt_noRefs_referenceIsBankReference();
    void camt_remittance_joinsUnstructuredAndStructured();
    void camt_additionalEntryInfo_appendedWhenNoUnstructured();
    void camt_severalTransactions_remittancesJoinedReferencesFromFirst();
    void camt_bankTransactionCode_domainFamilySubFamily();
    void camt_version08_partyNameAndStatusCode();
    void camt_pendingEntry_isSkipped();
    void camt_prcd_isOpeningWhenNoOpbd();
    void camt_debitBalance_isNegative();
    void camt_report052_andNotification054_areRead();
    void camt_noBookingDate_takesValueDate();
    void camt_entitiesAndCdata_areText();
    void camt_multiLineValue_errorNamesItsFirstLine();
    void camt_doctypeWithEntity_isRefused();
    void camt_depthBomb_isRefused();
    void camt_truncatedDocument_isRefusedWithLine();
    void camt_amountWithLetter_isRefusedNamingNtryAmt();
    void camt_amountWithSign_isRefused();
    void camt_tooManyDecimals_isRefused();
    void camt_zeroDecimals_beyondCurrency_areAccepted();
    void camt_missingIndicator_isRefused();
    void camt_missingCurrency_isRefused();
    void camt_badBookingDate_isRefused();
    void camt_otherDocument_isRefused();
    void camt_version09_isRefused();
    void camt_notXml_isRefused();
    void camt_empty_isRefused();
    void camt_valueLongerThanLimit_isRefused();
    void camt_tooManyLines_isRefused();
    void camt_libxmlErrors_notOnStderr();
    void camt_million_entries_streamInBoundedMemory();
};

void TestCamtReader::samples_matchExpected_data() {
    QTest::addColumn<QString>("xml");
    QTest::addColumn<QString>("json");
    const QDir expected(samples() + "/expected");
    const auto files = expected.entryList({"camt-*.json"}, QDir::Files, QDir::Name);
    QVERIFY2(files.size() >= 15, qPrintable("camt expectations in " + expected.path()));
    for (const QString& json : files) {
        const QString name = json.mid(5, json.size() - 10);
        QTest::newRow(qPrintable(name))
            << samples() + "/camt/" + name + ".xml" << expected.filePath(json);
    }
}

void TestCamtReader::samples_matchExpected() {
    QFETCH(QString, xml);
    QFETCH(QString, json);
    QFile jf(json);
    QVERIFY(jf.open(QIODevice::ReadOnly));
    const QJsonArray expected = QJsonDocument::fromJson(jf.readAll())["statements"].toArray();
    const std::string bytes = fileBytes(xml);
    QVERIFY(!bytes.empty());
    if (expected.isEmpty()) {
        const auto error = readError(bytes);
        QVERIFY(error.has_value());
        QVERIFY(error->line() >= 1);
        QCOMPARE(str(error->field()), QString("Stmt"));
        QVERIFY2(std::string(error->what()).find("no statement") != std::string::npos,
                 error->what());
        return;
    }
    const Recorded r = readOk(bytes);
    QCOMPARE(r.statements.size(), std::size_t(expected.size()));
    std::size_t lineIndex = 0;
    for (qsizetype i = 0; i < expected.size(); ++i) {
        const QJsonObject e = expected[i].toObject();
        const Statement& s = r.statements[std::size_t(i)];
        QCOMPARE(str(s.statementRef), e["id"].toString());
        QCOMPARE(str(s.account), e["account"].toString());  // null: ""
        QVERIFY(s.messageKind.rfind("camt.05", 0) == 0);
        // The balances this reader reports: opening OPBD (else PRCD), closing CLBD.
        std::optional<QJsonObject> opbd, prcd, clbd;
        for (const auto& b : e["balances"].toArray()) {
            const QString type = b.toObject()["type"].toString();
            if (type == "OPBD") {
                opbd = b.toObject();
            } else if (type == "PRCD") {
                prcd = b.toObject();
            } else if (type == "CLBD") {
                clbd = b.toObject();
            }
        }
        const auto opening = opbd ? opbd : prcd;
        QCOMPARE(s.opening.has_value(), opening.has_value());
        if (opening) {
            QCOMPARE(s.opening->amountMinor, (*opening)["amount_minor"].toInteger());
            QCOMPARE(str(s.opening->currency), (*opening)["currency"].toString());
            QVERIFY(!s.opening->date.empty());
        }
        QCOMPARE(s.closing.has_value(), clbd.has_value());
        if (clbd) {
            QCOMPARE(s.closing->amountMinor, (*clbd)["amount_minor"].toInteger());
            QCOMPARE(str(s.closing->currency), (*clbd)["currency"].toString());
        }
        const QJsonArray lines = e["lines"].toArray();
        QCOMPARE(s.lineCount, std::size_t(lines.size()));
        for (const auto& lv : lines) {
            const QJsonObject l = lv.toObject();
            QVERIFY(lineIndex < r.lines.size());
            const StatementLine& got = r.lines[lineIndex++];
            QCOMPARE(got.amountMinor, l["amount_minor"].toInteger());
            QCOMPARE(str(got.currency), l["currency"].toString());
            if (l["booked"].isNull()) {
                // No booking date in the file: the report's date stands in (documented).
                QVERIFY(!got.bookedAt.empty());
                QCOMPARE(got.bookedAt, s.to.empty() ? s.from : s.to);
            } else {
                QCOMPARE(str(got.bookedAt), l["booked"].toString());
            }
            QVERIFY(got.sourceLine >= s.sourceLine);
        }
    }
    QCOMPARE(lineIndex, r.lines.size());
}

void TestCamtReader::camt_credit_counterpartyIsDebtor() {
    const Recorded r = readOk(camt(entry("12.50", "CRDT", "<TxDtls>" + parties + "</TxDtls>")));
    QCOMPARE(r.lines.size(), std::size_t(1));
    const StatementLine& l = r.lines[0];
    QCOMPARE(l.amountMinor, 1250);
    QCOMPARE(str(l.counterparty), QString("Alice Payer"));
    QCOMPARE(str(l.bookedAt), QString("2024-02-10"));
    QCOMPARE(str(l.valueDate), QString("2024-02-11"));
    QCOMPARE(str(l.bankReference), QString("BANKREF1"));
    QCOMPARE(l.sourceLine, std::size_t(10));
    QCOMPARE(r.statements.size(), std::size_t(1));
    const Statement& s = r.statements[0];
    QCOMPARE(str(s.account), QString("NL26VAYB8060476890"));
    QCOMPARE(str(s.currency), QString("EUR"));
    QCOMPARE(str(s.statementRef), QString("S1"));
    QCOMPARE(str(s.from), QString("2024-02-01"));
    QCOMPARE(str(s.to), QString("2024-02-29"));
    QCOMPARE(str(s.messageKind), QString("camt.053.001.02"));
    QCOMPARE(s.lineCount, std::size_t(1));
    QCOMPARE(s.sourceLine, std::size_t(5));
}

void TestCamtReader::camt_debit_counterpartyIsCreditor() {
    const Recorded r = readOk(camt(entry("7", "DBIT", "<TxDtls>" + parties + "</TxDtls>")));
    QCOMPARE(r.lines[0].amountMinor, -700);
    QCOMPARE(str(r.lines[0].counterparty), QString("Bob Payee"));
}

void TestCamtReader::camt_noPartyName_counterpartyIsAccount() {
    const Recorded r = readOk(camt(
        entry("1.00", "CRDT",
              "<TxDtls><RltdPties><DbtrAcct><Id><IBAN>DE02120300000000202051</IBAN></Id></DbtrAcct>"
              "</RltdPties></TxDtls>")));
    QCOMPARE(str(r.lines[0].counterparty), QString("DE02120300000000202051"));
}

void TestCamtReader::camt_endToEndNotProvided_referenceIsTxId() {
    const Recorded r = readOk(camt(entry(
        "1.00", "CRDT",
        "<TxDtls><Refs><EndToEndId>NOTPROVIDED</EndToEndId><TxId>TX-77</TxId></Refs></TxDtls>")));
    QCOMPARE(str(r.lines[0].reference), QString("TX-77"));
    const Recorded e2e = readOk(camt(entry(
        "1.00", "CRDT",
        "<TxDtls><Refs><EndToEndId>INV-2024-1</EndToEndId><TxId>TX-77</TxId></Refs></TxDtls>")));
    QCOMPARE(str(e2e.lines[0].reference), QString("INV-2024-1"));
}

void TestCamtReader::camt_noRefs_referenceIsBankReference() {
    const Recorded r = readOk(camt(entry(
        "1.00", "CRDT", "<TxDtls><Refs><EndToEndId>NOTPROVIDED</EndToEndId></Refs></TxDtls>")));
    QCOMPARE(str(r.lines[0].reference), QString("BANKREF1"));
}

void TestCamtReader::camt_remittance_joinsUnstructuredAndStructured() {
    const Recorded r = readOk(camt(
        entry("1.00", "CRDT",
              "<TxDtls><RmtInf><Ustrd>Invoice  4711\n   March</Ustrd><Ustrd>thank you</Ustrd>"
              "<Strd><CdtrRefInf><Ref>RF18539007547034</Ref></CdtrRefInf></Strd></RmtInf></TxDtls>",
              "<Sts>BOOK</Sts>", "<AddtlNtryInf>SEPA CREDIT</AddtlNtryInf>")));
    QCOMPARE(str(r.lines[0].remittance), QString("Invoice 4711 March thank you RF18539007547034"));
}

void TestCamtReader::camt_additionalEntryInfo_appendedWhenNoUnstructured() {
    const Recorded r = readOk(
        camt(entry("1.00", "CRDT",
                   "<TxDtls><RmtInf><Strd><CdtrRefInf><Ref>RF18</Ref></CdtrRefInf></Strd></RmtInf>"
                   "</TxDtls>",
                   "<Sts>BOOK</Sts>", "<AddtlNtryInf>SEPA   CREDIT</AddtlNtryInf>")));
    QCOMPARE(str(r.lines[0].remittance), QString("RF18 SEPA CREDIT"));
}

void TestCamtReader::camt_severalTransactions_remittancesJoinedReferencesFromFirst() {
    const Recorded r = readOk(camt(entry(
        "30.00", "CRDT",
        "<TxDtls><Refs><EndToEndId>E1</EndToEndId></Refs><RltdPties><Dbtr><Nm>First</Nm></Dbtr>"
        "</RltdPties><RmtInf><Ustrd>one</Ustrd></RmtInf></TxDtls>"
        "<TxDtls><Refs><EndToEndId>E2</EndToEndId></Refs><RltdPties><Dbtr><Nm>Second</Nm></Dbtr>"
        "</RltdPties><RmtInf><Ustrd>two</Ustrd></RmtInf></TxDtls>")));
    QCOMPARE(str(r.lines[0].reference), QString("E1"));
    QCOMPARE(str(r.lines[0].counterparty), QString("First"));
    QCOMPARE(str(r.lines[0].remittance), QString("one two"));
}

void TestCamtReader::camt_bankTransactionCode_domainFamilySubFamily() {
    const Recorded r = readOk(camt(entry(
        "1.00", "CRDT", {}, "<Sts>BOOK</Sts>",
        "<BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RCDT</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly></Domn>"
        "<Prtry><Cd>166</Cd></Prtry></BkTxCd>")));
    QCOMPARE(str(r.lines[0].kind), QString("PMNT/RCDT/ESCT"));
    const Recorded p = readOk(camt(entry("1.00", "CRDT", {}, "<Sts>BOOK</Sts>",
                                         "<BkTxCd><Prtry><Cd>166</Cd></Prtry></BkTxCd>")));
    QCOMPARE(str(p.lines[0].kind), QString("166"));
}

void TestCamtReader::camt_version08_partyNameAndStatusCode() {
    const Recorded r =
        readOk(camt(entry("5.00", "CRDT",
                          "<TxDtls><RltdPties><Dbtr><Pty><Nm>Carla Client</Nm></Pty></Dbtr>"
                          "</RltdPties></TxDtls>",
                          "<Sts><Cd>BOOK</Cd></Sts>"),
                    "053", "08"));
    QCOMPARE(r.lines.size(), std::size_t(1));
    QCOMPARE(str(r.lines[0].counterparty), QString("Carla Client"));
    QCOMPARE(str(r.statements[0].messageKind), QString("camt.053.001.08"));
}

void TestCamtReader::camt_pendingEntry_isSkipped() {
    const Recorded r =
        readOk(camt(entry("1.00", "CRDT", {}, "<Sts>PDNG</Sts>") + entry("2.00", "CRDT") +
                        entry("3.00", "CRDT", {}, "<Sts><Cd>INFO</Cd></Sts>"),
                    "052", "08"));
    QCOMPARE(r.lines.size(), std::size_t(1));
    QCOMPARE(r.lines[0].amountMinor, 200);
    QCOMPARE(r.statements[0].lineCount, std::size_t(1));
}

void TestCamtReader::camt_prcd_isOpeningWhenNoOpbd() {
    const std::string balances =
        "<Bal><Tp><CdOrPrtry><Cd>PRCD</Cd></CdOrPrtry></Tp><Amt Ccy=\"EUR\">100.00</Amt>"
        "<CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2024-01-31</Dt></Dt></Bal>"
        "<Bal><Tp><CdOrPrtry><Cd>OPAV</Cd></CdOrPrtry></Tp><Amt Ccy=\"EUR\">999.00</Amt>"
        "<CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2024-01-31</Dt></Dt></Bal>"
        "<Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy=\"EUR\">101.00</Amt>"
        "<CdtDbtInd>CRDT</CdtDbtInd><Dt><DtTm>2024-02-29T23:00:00</DtTm></Dt></Bal>";
    const Recorded r = readOk(camt(entry("1.00", "CRDT"), "053", "04", balances));
    const Statement& s = r.statements[0];
    QVERIFY(s.opening && s.closing);
    QCOMPARE(s.opening->amountMinor, 10000);
    QCOMPARE(str(s.opening->date), QString("2024-01-31"));
    QCOMPARE(s.closing->amountMinor, 10100);
    QCOMPARE(str(s.closing->date), QString("2024-02-29"));
}

void TestCamtReader::camt_debitBalance_isNegative() {
    const std::string balances =
        "<Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy=\"EUR\">5.00</Amt>"
        "<CdtDbtInd>DBIT</CdtDbtInd><Dt><Dt>2024-01-31</Dt></Dt></Bal>";
    const Recorded r = readOk(camt({}, "053", "02", balances));
    QCOMPARE(r.statements[0].opening->amountMinor, -500);
    QVERIFY(!r.statements[0].closing);
    QCOMPARE(r.statements[0].lineCount, std::size_t(0));
}

void TestCamtReader::camt_report052_andNotification054_areRead() {
    for (const std::string kind : {"052", "054"}) {
        for (const std::string version : {"02", "03", "04", "05", "06", "07", "08"}) {
            const Recorded r = readOk(camt(entry("1.00", "DBIT"), kind, version));
            QCOMPARE(r.lines.size(), std::size_t(1));
            QCOMPARE(str(r.statements[0].messageKind), str("camt." + kind + ".001." + version));
        }
    }
}

void TestCamtReader::camt_noBookingDate_takesValueDate() {
    std::string e = entry("1.00", "CRDT");
    e.replace(e.find("<BookgDt>"), std::string("<BookgDt><Dt>2024-02-10</Dt></BookgDt>").size(),
              "");
    const Recorded r = readOk(camt(e));
    QCOMPARE(str(r.lines[0].bookedAt), QString("2024-02-11"));
}

void TestCamtReader::camt_entitiesAndCdata_areText() {
    const Recorded r = readOk(
        camt(entry("1.00", "CRDT",
                   "<TxDtls><RltdPties><Dbtr><Nm>Dora &amp; Co &#x20AC;</Nm></Dbtr></RltdPties>"
                   "<RmtInf><Ustrd><![CDATA[inv <2> & more]]></Ustrd></RmtInf></TxDtls>")));
    QCOMPARE(str(r.lines[0].counterparty), QString::fromUtf8("Dora & Co €"));
    QCOMPARE(str(r.lines[0].remittance), QString("inv <2> & more"));
}

void TestCamtReader::camt_multiLineValue_errorNamesItsFirstLine() {
    const auto error = readError(camt(entry("\n\n12x\n", "CRDT")));
    QVERIFY(error);
    QCOMPARE(str(error->field()), QString("Ntry/Amt"));
    QCOMPARE(error->line(), std::size_t(11));
}

void TestCamtReader::camt_doctypeWithEntity_isRefused() {
    const std::string bomb =
        "<?xml version=\"1.0\"?>\n<!DOCTYPE Document [\n<!ENTITY a \"aaaaaaaaaa\">\n"
        "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">\n"
        "<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">\n]>\n"
        "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.02\"><BkToCstmrStmt>"
        "<Stmt><Id>&c;</Id></Stmt></BkToCstmrStmt></Document>\n";
    const auto error = readError(bomb);
    QVERIFY(error);
    QCOMPARE(str(error->field()), QString("DOCTYPE"));
    QVERIFY(error->line() >= 2 && error->line() <= 7);
}

void TestCamtReader::camt_depthBomb_isRefused() {
    std::string deep =
        "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.02\"><BkToCstmrStmt>"
        "<Stmt><Ntry>";
    for (int i = 0; i < 100000; ++i) {
        deep += "<a>";
    }
    const auto error = readError(deep);
    QVERIFY(error);
    QCOMPARE(error->line(), std::size_t(1));
    QVERIFY2(std::string(error->what()).find("deeper than 64") != std::string::npos, error->what());
}

void TestCamtReader::camt_truncatedDocument_isRefusedWithLine() {
    std::string doc = camt(entry("1.00", "CRDT") + entry("2.00", "CRDT"));
    doc.resize(doc.find("<Amt Ccy=\"EUR\">2.00"));
    const auto error = readError(doc);
    QVERIFY(error);
    QVERIFY2(error->line() >= 19 && error->line() <= 20,
             qPrintable(QString::number(error->line())));
    QVERIFY2(std::string(error->what()).find("incomplete") != std::string::npos, error->what());
    QCOMPARE(str(error->field()), QString("XML"));
}

void TestCamtReader::camt_amountWithLetter_isRefusedNamingNtryAmt() {
    const auto error = readError(camt(entry("12a.50", "CRDT")));
    QVERIFY(error);
    QCOMPARE(str(error->field()), QString("Ntry/Amt"));
    QCOMPARE(error->line(), std::size_t(11));
    QVERIFY2(std::string(error->what()).find("\"12a.50\"") != std::string::npos, error->what());
}

void TestCamtReader::camt_amountWithSign_isRefused() {
    const auto error = readError(camt(entry("-12.50", "CRDT")));
    QVERIFY(error);
    QCOMPARE(str(error->field()), QString("Ntry/Amt"));
}

void TestCamtReader::camt_tooManyDecimals_isRefused() {
    const auto error = readError(camt(entry("12.505", "CRDT")));
    QVERIFY(error);
    QCOMPARE(str(error->field()), QString("Ntry/Amt"));
    QVERIFY2(std::string(error->what()).find("at most 2 decimals") != std::string::npos,
             error->what());
}

void TestCamtReader::camt_zeroDecimals_beyondCurrency_areAccepted() {
    const Recorded r = readOk(camt(entry("12.50000", "CRDT")));
    QCOMPARE(r.lines[0].amountMinor, 1250);
}

void TestCamtReader::camt_missingIndicator_isRefused() {
    const auto error = readError(camt(entry("1.00", "CREDIT")));
    QVERIFY(error);
    QCOMPARE(str(error->field()), QString("Ntry/CdtDbtInd"));
    QCOMPARE(error->line(), std::size_t(12));
}

void TestCamtReader::camt_missingCurrency_isRefused() {
    std::string e = entry("1.00", "CRDT");
    e.replace(e.find(" Ccy=\"EUR\""), 10, "");
    const auto error = readError(camt(e));
    QVERIFY(error);
    QCOMPARE(str(error->field()), QString("Ntry/Amt"));
}

void TestCamtReader::camt_badBookingDate_isRefused() {
    std::string e = entry("1.00", "CRDT");
    e.replace(e.find("2024-02-10"), 10, "2023-02-29");
    const auto error = readError(camt(e));
    QVERIFY(error);
    QCOMPARE(str(error->field()), QString("Ntry/BookgDt"));
    QCOMPARE(error->line(), std::size_t(14));
}

void TestCamtReader::camt_otherDocument_isRefused() {
    const auto error = readError(
        "<?xml version=\"1.0\"?>\n<Document "
        "xmlns=\"urn:iso:std:iso:20022:tech:xsd:pain.001.001.03\"><CstmrCdtTrfInitn/></Document>");
    QVERIFY(error);
    QCOMPARE(error->line(), std::size_t(2));
    QVERIFY2(std::string(error->what()).find("not a camt") != std::string::npos, error->what());
}

void TestCamtReader::camt_version09_isRefused() {
    QVERIFY(readError(camt(entry("1.00", "CRDT"), "053", "09")));
    QVERIFY(readError(camt(entry("1.00", "CRDT"), "055", "02")));
}

void TestCamtReader::camt_notXml_isRefused() {
    const auto error = readError("Date;Amount\n2024-01-01;12.00\n");
    QVERIFY(error);
    QCOMPARE(error->line(), std::size_t(1));
}

void TestCamtReader::camt_empty_isRefused() {
    QVERIFY(readError(""));
    QVERIFY(readError("   \n"));
}

void TestCamtReader::camt_valueLongerThanLimit_isRefused() {
    Limits limits;
    limits.maxFieldBytes = 100;
    const auto error = readError(camt(entry("1.00", "CRDT",
                                            "<TxDtls><RmtInf><Ustrd>" + std::string(200, 'x') +
                                                "</Ustrd></RmtInf></TxDtls>")),
                                 limits);
    QVERIFY(error);
    QCOMPARE(str(error->field()), QString("Ntry/NtryDtls/TxDtls/RmtInf/Ustrd"));
}

void TestCamtReader::camt_tooManyLines_isRefused() {
    Limits limits;
    limits.maxLines = 2;
    const auto error = readError(
        camt(entry("1.00", "CRDT") + entry("1.00", "CRDT") + entry("1.00", "CRDT")), limits);
    QVERIFY(error);
    QCOMPARE(str(error->field()), QString("Ntry"));
}

void TestCamtReader::camt_libxmlErrors_notOnStderr() {
    QTemporaryFile capture;
    QVERIFY(capture.open());
    fflush(stderr);
    const int saved = dup(2);
    dup2(capture.handle(), 2);
    const auto e1 = readError("<Document><unclosed></Document>");
    const auto e2 = readError("<?xml version=\"1.0\" encoding=\"no-such-charset\"?><a/>");
    const auto e3 = readError("<a xmlns:p=\"x\"><q:b/></a>");
    fflush(stderr);
    dup2(saved, 2);
    ::close(saved);
    QVERIFY(e1 && e2 && e3);
    QCOMPARE(QFileInfo(capture.fileName()).size(), 0);
}

namespace {

// A camt.053 with `count` entries made up as they are read (never held whole).
class GeneratedCamt final : public Source {
public:
    explicit GeneratedCamt(std::size_t count) : remaining_(count) {
        pending_ = camt("@");
        tail_ = pending_.substr(pending_.find('@') + 1);
        pending_.resize(pending_.find('@'));
    }
    std::size_t read(char* into, std::size_t size) override {
        while (pending_.size() - pos_ < size && (remaining_ > 0 || !tail_.empty())) {
            pending_.erase(0, pos_);
            pos_ = 0;
            if (remaining_ > 0) {
                --remaining_;
                pending_ += entry("1.23", remaining_ % 2 ? "CRDT" : "DBIT",
                                  "<TxDtls>" + parties + "<RmtInf><Ustrd>invoice " +
                                      std::to_string(remaining_) + "</Ustrd></RmtInf></TxDtls>");
            } else {
                pending_ += tail_;
                tail_.clear();
            }
        }
        const std::size_t n = std::min(size, pending_.size() - pos_);
        std::memcpy(into, pending_.data() + pos_, n);
        pos_ += n;
        return n;
    }

private:
    std::size_t remaining_;
    std::string pending_;
    std::string tail_;
    std::size_t pos_ = 0;
};

class CountingSink final : public Sink {
public:
    void line(const StatementLine& l) override {
        ++lines;
        sum += l.amountMinor;
        lastLine = l.sourceLine;
    }
    void statement(const Statement& s) override { statements.push_back(s); }
    std::size_t lines = 0;
    std::int64_t sum = 0;
    std::size_t lastLine = 0;
    std::vector<Statement> statements;
};

long maxRssKib() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss;
}

}  // namespace

void TestCamtReader::camt_million_entries_streamInBoundedMemory() {
    // About 250 MiB of XML; the reader must not grow with it.
    const std::size_t count = 1'000'000;
    GeneratedCamt source(count);
    CountingSink sink;
    const long before = maxRssKib();
    readCamt(source, sink);
    const long grown = maxRssKib() - before;
    QCOMPARE(sink.lines, count);
    QCOMPARE(sink.sum, 0);
    QCOMPARE(sink.statements.size(), std::size_t(1));
    QCOMPARE(sink.statements[0].lineCount, count);
    QCOMPARE(sink.lastLine, std::size_t(10 + 9 * (count - 1)));  // exact past line 65535 too
    QVERIFY2(grown < 64 * 1024, qPrintable(QString("grew by %1 KiB").arg(grown)));
}

QTEST_GUILESS_MAIN(TestCamtReader)
#include "tst_camt_reader.moc"
