// The OFX reader alone (server/finance/ofx_reader.h): every OFX sample of tests/finance/samples
// read with each of its transactions (counted by hand from the files: no expectation files exist
// for OFX) or refused as it should be, and hand-written files for both dialects' corners.

#include <QtTest>

#include <optional>
#include <string>
#include <vector>

#include "finance/ofx_reader.h"

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

std::string sample(const QString& name) {
    QFile f(qEnvironmentVariable("OPSDESK_STATEMENT_SAMPLES") + "/ofx/" + name);
    if (!f.open(QIODevice::ReadOnly)) {
        qWarning() << "cannot open" << f.fileName();
        return {};
    }
    return f.readAll().toStdString();
}

Recorded readOk(const std::string& bytes, const Limits& limits = {}) {
    MemorySource source(bytes);
    RecordingSink sink;
    try {
        readOfx(source, sink, limits);
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
        readOfx(source, sink, limits);
    } catch (const ParseError& e) {
        return e;
    }
    return std::nullopt;
}

QString str(const std::string& s) {
    return QString::fromStdString(s);
}

const std::string sgmlHeader =
    "OFXHEADER:100\r\nDATA:OFXSGML\r\nVERSION:102\r\nSECURITY:NONE\r\nENCODING:USASCII\r\n"
    "CHARSET:1252\r\nCOMPRESSION:NONE\r\nOLDFILEUID:NONE\r\nNEWFILEUID:NONE\r\n\r\n";

// An SGML (1.x) bank statement in USD with `transactions` inside its BANKTRANLIST; the first
// transaction starts on line 14 (header 10 lines, then <OFX>, <STMTRS>, <BANKTRANLIST> lines).
std::string sgml(const std::string& transactions, const std::string& header = sgmlHeader,
                 const std::string& curdef = "USD") {
    return header +
           "<OFX><SIGNONMSGSRSV1><SONRS><STATUS><CODE>0<SEVERITY>INFO</STATUS></SONRS>"
           "</SIGNONMSGSRSV1><BANKMSGSRSV1><STMTTRNRS><TRNUID>1<STATUS><CODE>0<SEVERITY>INFO"
           "</STATUS>\n<STMTRS><CURDEF>" +
           curdef +
           "<BANKACCTFROM><BANKID>121000248<ACCTID>4711<ACCTTYPE>CHECKING</BANKACCTFROM>\n"
           "<BANKTRANLIST><DTSTART>20240101<DTEND>20240131\n" +
           transactions +
           "</BANKTRANLIST><LEDGERBAL><BALAMT>100.00<DTASOF>20240131</LEDGERBAL>\n"
           "</STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>\n";
}

std::string trn(const std::string& fields) {
    return "<STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20240105<TRNAMT>-12.34<FITID>F1" + fields +
           "</STMTTRN>\n";
}

}  // namespace

class TestOfxReader : public QObject {
    Q_OBJECT

private slots:
    void samples_readWithEveryTransaction_data();
    void samples_readWithEveryTransaction();
    void checking_sgml_amountsDatesNames();
    void bankMedium_sgmlOnOneLine_transactions();
    void anzcc_xmlHeaderSgmlBody_creditCard();
    void suncorp_xml_cdataAndCrlf();
    void emptyTags_curdefFromLineCurrency_noBalance();
    void multipleAccounts_twoStatementsWithoutLines();
    void signonFail_isRefusedQuotingTheServer();
    void errorMessage_isRefusedQuotingTheServer();
    void investmentOnly_isRefused();
    void bankSmall_noStatement_isRefused();
    void failNice_dateMissing_isRefusedNamingDtposted();
    void ofx_emptyLeafWithoutEndTag_isLeaf();
    void ofx_references_refnumThenChecknumThenFitid();
    void ofx_payeeName_whenNoName();
    void ofx_valueDate_dtuserThenDtavail();
    void ofx_commaDecimal_isRead();
    void ofx_lineCurrency_fromCurrencyNotOrigCurrency();
    void ofx_charset1252_isConvertedToUtf8();
    void ofx_utf8Encoding_invalidBytes_areRefused();
    void ofx_asciiCharset_highByte_isRefused();
    void ofx_entities_decodedAndBareAmpersandKept();
    void ofx_headerlessAscii_isRead();
    void ofx_xml_fullEndTags_isRead();
    void ofx_stmttrnrsError_besideAStatement_isRefused();
    void ofx_doctype_isRefused();
    void ofx_depthBomb_isRefused();
    void ofx_truncated_isRefusedWithLine();
    void ofx_badAmount_isRefusedNamingTrnamt();
    void ofx_tooManyDecimals_isRefused();
    void ofx_invalidDate_isRefused();
    void ofx_sgmlLineTooLong_isRefused();
    void ofx_valueTooLong_isRefused();
    void ofx_strayEndTag_isRefused();
    void ofx_notOfx_isRefused();
    void ofx_unknownCharset_isRefused();
};

void TestOfxReader::samples_readWithEveryTransaction_data() {
    QTest::addColumn<QString>("file");
    QTest::addColumn<int>("statements");
    QTest::addColumn<int>("transactions");
    // <STMTTRN> and <STMTRS>/<CCSTMTRS> counted in each file.
    QTest::newRow("anzcc") << "anzcc.ofx" << 1 << 1;
    QTest::newRow("bank_medium") << "bank_medium.ofx" << 1 << 3;
    QTest::newRow("checking") << "checking.ofx" << 1 << 3;
    QTest::newRow("multiple_accounts") << "multiple_accounts.ofx" << 2 << 0;
    QTest::newRow("ofx-v102-empty-tags") << "ofx-v102-empty-tags.ofx" << 1 << 1;
    QTest::newRow("suncorp") << "suncorp.ofx" << 1 << 1;
}

void TestOfxReader::samples_readWithEveryTransaction() {
    QFETCH(QString, file);
    QFETCH(int, statements);
    QFETCH(int, transactions);
    const Recorded r = readOk(sample(file));
    QCOMPARE(int(r.statements.size()), statements);
    QCOMPARE(int(r.lines.size()), transactions);
    std::size_t counted = 0;
    for (const Statement& s : r.statements) {
        QCOMPARE(s.format, Format::Ofx);
        QVERIFY(!s.account.empty());
        QVERIFY(!s.currency.empty());
        QVERIFY(s.messageKind.rfind("OFX", 0) == 0);
        QVERIFY(!s.opening);
        counted += s.lineCount;
    }
    QCOMPARE(counted, r.lines.size());
    for (const StatementLine& l : r.lines) {
        QCOMPARE(l.bookedAt.size(), std::size_t(10));
        QVERIFY(!l.currency.empty());
        QVERIFY(l.sourceLine >= 1);
    }
}

void TestOfxReader::checking_sgml_amountsDatesNames() {
    const Recorded r = readOk(sample("checking.ofx"));
    QCOMPARE(r.lines.size(), std::size_t(3));
    QCOMPARE(r.lines[0].amountMinor, 1);
    QCOMPARE(str(r.lines[0].bookedAt), QString("2011-03-31"));
    QCOMPARE(str(r.lines[0].counterparty), QString("DIVIDEND EARNED FOR PERIOD OF 03"));
    QCOMPARE(str(r.lines[0].bankReference), QString("0000486"));
    QCOMPARE(str(r.lines[0].reference), QString("0000486"));
    QCOMPARE(str(r.lines[0].kind), QString("CREDIT"));
    QVERIFY(r.lines[0].remittance.rfind("DIVIDEND EARNED FOR PERIOD OF 03/01/2011", 0) == 0);
    QCOMPARE(r.lines[1].amountMinor, -3451);
    QCOMPARE(str(r.lines[1].bookedAt), QString("2011-04-05"));
    QCOMPARE(r.lines[2].amountMinor, -2500);
    QCOMPARE(str(r.lines[2].bookedAt), QString("2011-04-07"));
    QCOMPARE(str(r.lines[2].counterparty), QString("RETURNED CHECK FEE, CHECK # 319"));
    const Statement& s = r.statements[0];
    QCOMPARE(str(s.account), QString("1452687~7"));
    QCOMPARE(str(s.currency), QString("USD"));
    QCOMPARE(str(s.from), QString("2000-01-01"));
    QCOMPARE(str(s.to), QString("2013-05-25"));
    QCOMPARE(str(s.messageKind), QString("OFX 1.02"));
    QVERIFY(s.closing);
}

void TestOfxReader::bankMedium_sgmlOnOneLine_transactions() {
    const Recorded r = readOk(sample("bank_medium.ofx"));
    QCOMPARE(r.lines.size(), std::size_t(3));
    QCOMPARE(r.lines[0].amountMinor, -660);
    QCOMPARE(str(r.lines[0].currency), QString("CAD"));
    QCOMPARE(str(r.lines[0].bookedAt), QString("2009-04-01"));
    QCOMPARE(str(r.lines[0].counterparty), QString("MCDONALD'S #112"));
    QCOMPARE(str(r.lines[0].kind), QString("POS"));
    QCOMPARE(r.lines[1].amountMinor, -31667);
    QCOMPARE(str(r.lines[1].reference), QString("0"));  // CHECKNUM before FITID
    QCOMPARE(str(r.lines[1].counterparty), QString("Joe's Bald Hairstyles"));
    QCOMPARE(r.lines[2].amountMinor, -2200);
    QCOMPARE(r.lines[2].sourceLine, std::size_t(17));
    const Statement& s = r.statements[0];
    QCOMPARE(str(s.account), QString("12300 000012345678"));
    QCOMPARE(s.closing->amountMinor, 38234);
    QCOMPARE(str(s.closing->date), QString("2009-05-23"));
    QCOMPARE(str(s.from), QString("2009-04-01"));
    QCOMPARE(str(s.to), QString("2009-05-23"));
}

void TestOfxReader::anzcc_xmlHeaderSgmlBody_creditCard() {
    const Recorded r = readOk(sample("anzcc.ofx"));
    QCOMPARE(r.lines.size(), std::size_t(1));
    QCOMPARE(r.lines[0].amountMinor, -550);
    QCOMPARE(str(r.lines[0].currency), QString("AUD"));
    QCOMPARE(str(r.lines[0].bookedAt), QString("2017-05-08"));
    QCOMPARE(str(r.lines[0].valueDate), QString("2017-05-08"));
    QCOMPARE(str(r.lines[0].remittance), QString("SOME MEMO"));
    QCOMPARE(r.lines[0].sourceLine, std::size_t(29));
    const Statement& s = r.statements[0];
    QCOMPARE(str(s.account), QString("1234123412341234"));
    QCOMPARE(str(s.messageKind), QString("OFX 2.0.3"));
    QCOMPARE(s.closing->amountMinor, -12345);
    QCOMPARE(str(s.closing->date), QString("2017-05-10"));
    QCOMPARE(s.sourceLine, std::size_t(21));
}

void TestOfxReader::suncorp_xml_cdataAndCrlf() {
    const Recorded r = readOk(sample("suncorp.ofx"));
    QCOMPARE(r.lines.size(), std::size_t(1));
    QCOMPARE(r.lines[0].amountMinor, -1685);
    QCOMPARE(str(r.lines[0].bookedAt), QString("2013-12-15"));
    QCOMPARE(str(r.lines[0].counterparty), QString("EFTPOS WDL HANDYWAY ALDI STORE"));
    QCOMPARE(str(r.lines[0].remittance),
             QString("EFTPOS WDL HANDYWAY ALDI STORE GEELONG WEST VICAU"));
    QCOMPARE(r.lines[0].sourceLine, std::size_t(35));
    QCOMPARE(r.statements[0].closing->amountMinor, 123412);
    QCOMPARE(str(r.statements[0].messageKind), QString("OFX 2.0.0"));
}

void TestOfxReader::emptyTags_curdefFromLineCurrency_noBalance() {
    const Recorded r = readOk(sample("ofx-v102-empty-tags.ofx"));
    QCOMPARE(r.lines.size(), std::size_t(1));
    QCOMPARE(r.lines[0].amountMinor, 1234);
    QCOMPARE(str(r.lines[0].currency), QString("AUD"));
    QCOMPARE(str(r.lines[0].bookedAt), QString("2018-05-07"));
    QCOMPARE(str(r.lines[0].counterparty), QString(""));
    QCOMPARE(str(r.lines[0].remittance), QString("CBA:Transfer"));
    QCOMPARE(str(r.statements[0].currency), QString("AUD"));
    QCOMPARE(str(r.statements[0].account), QString("12345678"));
    QVERIFY(!r.statements[0].closing);
}

void TestOfxReader::multipleAccounts_twoStatementsWithoutLines() {
    const Recorded r = readOk(sample("multiple_accounts.ofx"));
    QCOMPARE(r.statements.size(), std::size_t(2));
    QCOMPARE(str(r.statements[0].account), QString("9100"));
    QCOMPARE(r.statements[0].closing->amountMinor, 11100);
    QCOMPARE(str(r.statements[0].closing->date), QString("2012-06-03"));
    QCOMPARE(str(r.statements[1].account), QString("9200"));
    QCOMPARE(r.statements[1].closing->amountMinor, 22200);
    QCOMPARE(str(r.statements[1].messageKind), QString("OFX 2.1.1"));
}

void TestOfxReader::signonFail_isRefusedQuotingTheServer() {
    const auto e = readError(sample("signon_fail.ofx"));
    QVERIFY(e);
    QCOMPARE(str(e->field()), QString("SONRS/STATUS"));
    QCOMPARE(e->line(), std::size_t(11));
    QVERIFY2(std::string(e->what()).find("invalid identification code") != std::string::npos,
             e->what());
    QVERIFY(std::string(e->what()).find("15500") != std::string::npos);
}

void TestOfxReader::errorMessage_isRefusedQuotingTheServer() {
    const auto e = readError(sample("error_message.ofx"));
    QVERIFY(e);
    QCOMPARE(str(e->field()), QString("STMTTRNRS/STATUS"));
    QCOMPARE(e->line(), std::size_t(23));
    QVERIFY2(
        std::string(e->what()).find("\"General Server Error\" (code 2000)") != std::string::npos,
        e->what());
}

void TestOfxReader::investmentOnly_isRefused() {
    const auto e = readError(sample("investment_401k.ofx"));
    QVERIFY(e);
    QCOMPARE(str(e->field()), QString("INVSTMTRS"));
    QVERIFY2(std::string(e->what()).find("no bank or credit card statement") != std::string::npos,
             e->what());
}

void TestOfxReader::bankSmall_noStatement_isRefused() {
    const auto e = readError(sample("bank_small.ofx"));
    QVERIFY(e);
    QCOMPARE(str(e->field()), QString("STMTRS"));
    QCOMPARE(e->line(), std::size_t(11));
}

void TestOfxReader::failNice_dateMissing_isRefusedNamingDtposted() {
    const auto e = readError(sample("fail_nice/date_missing.ofx"));
    QVERIFY(e);
    QCOMPARE(str(e->field()), QString("STMTTRN/DTPOSTED"));
    QCOMPARE(e->line(), std::size_t(33));  // the first STMTTRN, which has no DTPOSTED at all
    QVERIFY2(std::string(e->what()).find("FITID 184997056") != std::string::npos, e->what());
}

void TestOfxReader::ofx_emptyLeafWithoutEndTag_isLeaf() {
    const Recorded r = readOk(sgml(trn("<NAME><MEMO>rent january")));
    QCOMPARE(str(r.lines[0].counterparty), QString(""));
    QCOMPARE(str(r.lines[0].remittance), QString("rent january"));
    QCOMPARE(r.lines[0].amountMinor, -1234);
    QCOMPARE(r.lines[0].sourceLine, std::size_t(14));
}

void TestOfxReader::ofx_references_refnumThenChecknumThenFitid() {
    const Recorded r =
        readOk(sgml(trn("<CHECKNUM>1001<REFNUM>R-9") + trn("<CHECKNUM>1002") + trn("")));
    QCOMPARE(str(r.lines[0].reference), QString("R-9"));
    QCOMPARE(str(r.lines[1].reference), QString("1002"));
    QCOMPARE(str(r.lines[2].reference), QString("F1"));
    QCOMPARE(str(r.lines[2].bankReference), QString("F1"));
}

void TestOfxReader::ofx_payeeName_whenNoName() {
    const Recorded r = readOk(sgml(trn("<PAYEE><NAME>Power   Company<ADDR1>Main St</PAYEE>")));
    QCOMPARE(str(r.lines[0].counterparty), QString("Power Company"));
}

void TestOfxReader::ofx_valueDate_dtuserThenDtavail() {
    const Recorded r = readOk(
        sgml(trn("<DTAVAIL>20240107<DTUSER>20240104120000[-5:EST]") + trn("<DTAVAIL>20240108")));
    QCOMPARE(str(r.lines[0].valueDate), QString("2024-01-04"));
    QCOMPARE(str(r.lines[1].valueDate), QString("2024-01-08"));
}

void TestOfxReader::ofx_commaDecimal_isRead() {
    std::string t = trn("");
    t.replace(t.find("-12.34"), 6, "-12,34");
    QCOMPARE(readOk(sgml(t)).lines[0].amountMinor, -1234);
}

void TestOfxReader::ofx_lineCurrency_fromCurrencyNotOrigCurrency() {
    std::string jpy = trn("<CURRENCY><CURRATE>0.0067<CURSYM>JPY</CURRENCY>");
    jpy.replace(jpy.find("-12.34"), 6, "-1500");
    const Recorded r =
        readOk(sgml(jpy + trn("<ORIGCURRENCY><CURRATE>1.08<CURSYM>EUR</ORIGCURRENCY>")));
    QCOMPARE(str(r.lines[0].currency), QString("JPY"));
    QCOMPARE(r.lines[0].amountMinor, -1500);
    QCOMPARE(str(r.lines[1].currency), QString("USD"));
    QCOMPARE(r.lines[1].amountMinor, -1234);
    QCOMPARE(str(r.statements[0].currency), QString("USD"));
}

void TestOfxReader::ofx_charset1252_isConvertedToUtf8() {
    const Recorded r = readOk(sgml(trn("<NAME>Caf\xE9 M\xFCller \x80 5<MEMO>\x93quoted\x94")));
    QCOMPARE(str(r.lines[0].counterparty), QString::fromUtf8("Café Müller € 5"));
    QCOMPARE(str(r.lines[0].remittance), QString::fromUtf8("“quoted”"));
    std::string latin1 = sgmlHeader;
    latin1.replace(latin1.find("CHARSET:1252"), 12, "CHARSET:ISO-8859-1");
    QCOMPARE(str(readOk(sgml(trn("<NAME>Caf\xE9"), latin1)).lines[0].counterparty),
             QString::fromUtf8("Café"));
}

void TestOfxReader::ofx_utf8Encoding_invalidBytes_areRefused() {
    std::string utf8 = sgmlHeader;
    utf8.replace(utf8.find("ENCODING:USASCII"), 16, "ENCODING:UTF-8");
    QCOMPARE(str(readOk(sgml(trn("<NAME>Caf\xC3\xA9"), utf8)).lines[0].counterparty),
             QString::fromUtf8("Café"));
    const auto e = readError(sgml(trn("<NAME>Caf\xE9 x"), utf8));
    QVERIFY(e);
    QCOMPARE(str(e->field()), QString("STMTTRN/NAME"));
    QCOMPARE(e->line(), std::size_t(14));
    QVERIFY2(std::string(e->what()).find("UTF-8") != std::string::npos, e->what());
}

void TestOfxReader::ofx_asciiCharset_highByte_isRefused() {
    std::string ascii = sgmlHeader;
    ascii.replace(ascii.find("CHARSET:1252"), 12, "CHARSET:NONE");
    const auto e = readError(sgml(trn("<MEMO>na\xEFve"), ascii));
    QVERIFY(e);
    QCOMPARE(str(e->field()), QString("STMTTRN/MEMO"));
}

void TestOfxReader::ofx_entities_decodedAndBareAmpersandKept() {
    const Recorded r = readOk(sgml(trn("<NAME>AT&T &amp; Sons &lt;x&gt; &#233;&#x20AC;")));
    QCOMPARE(str(r.lines[0].counterparty), QString::fromUtf8("AT&T & Sons <x> é€"));
    const auto e = readError(sgml(trn("<NAME>bad &#0;")));
    QVERIFY(e);
    QCOMPARE(str(e->field()), QString("STMTTRN/NAME"));
}

void TestOfxReader::ofx_headerlessAscii_isRead() {
    const std::string body = sgml(trn(""), "");
    const Recorded r = readOk(body);
    QCOMPARE(r.lines.size(), std::size_t(1));
    QCOMPARE(str(r.statements[0].messageKind), QString("OFX"));
    QVERIFY(readError(sgml(trn("<NAME>Caf\xE9"), "")));  // no header, not ASCII: no guessing
}

void TestOfxReader::ofx_xml_fullEndTags_isRead() {
    const std::string xml =
        "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n"
        "<?OFX OFXHEADER=\"200\" VERSION=\"220\" SECURITY=\"NONE\"?>\n"
        "<!-- exported -->\n<OFX><BANKMSGSRSV1><STMTTRNRS><STATUS><CODE>0</CODE></STATUS>\n"
        "<STMTRS><CURDEF>EUR</CURDEF><BANKACCTFROM><ACCTID>DE02120300000000202051</ACCTID>"
        "</BANKACCTFROM>\n<BANKTRANLIST><DTSTART>20240101</DTSTART><DTEND>20240131</DTEND>\n"
        "<STMTTRN><TRNTYPE>CREDIT</TRNTYPE><DTPOSTED>20240102</DTPOSTED><TRNAMT>+99.5</TRNAMT>"
        "<FITID>X1</FITID><NAME>M\xFCller</NAME><MEMO/></STMTTRN>\n"
        "</BANKTRANLIST></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>\n";
    const Recorded r = readOk(xml);
    QCOMPARE(r.lines.size(), std::size_t(1));
    QCOMPARE(r.lines[0].amountMinor, 9950);
    QCOMPARE(str(r.lines[0].counterparty), QString::fromUtf8("Müller"));
    QCOMPARE(r.lines[0].sourceLine, std::size_t(7));
    QCOMPARE(str(r.statements[0].messageKind), QString("OFX 2.2.0"));
    QVERIFY(!r.statements[0].closing);
}

void TestOfxReader::ofx_stmttrnrsError_besideAStatement_isRefused() {
    std::string body = sgml(trn(""));
    body.insert(body.find("</BANKMSGSRSV1>"),
                "\n<STMTTRNRS><TRNUID>2<STATUS><CODE>2003<SEVERITY>ERROR<MESSAGE>Account not "
                "found</STATUS></STMTTRNRS>");
    const auto e = readError(body);
    QVERIFY(e);
    QCOMPARE(str(e->field()), QString("STMTTRNRS/STATUS"));
    QCOMPARE(e->line(), std::size_t(17));
    QVERIFY2(std::string(e->what()).find("Account not found") != std::string::npos, e->what());
}

void TestOfxReader::ofx_doctype_isRefused() {
    const auto e = readError(
        "<?xml version=\"1.0\"?>\n<?OFX OFXHEADER=\"200\" VERSION=\"211\"?>\n"
        "<!DOCTYPE OFX [<!ENTITY a \"aaaa\">]>\n<OFX><NAME>&a;</NAME></OFX>");
    QVERIFY(e);
    QCOMPARE(str(e->field()), QString("DOCTYPE"));
    QCOMPARE(e->line(), std::size_t(3));
}

void TestOfxReader::ofx_depthBomb_isRefused() {
    std::string deep = sgmlHeader + "<OFX>";
    for (int i = 0; i < 100000; ++i) {
        deep += "<A>";
    }
    Limits limits;
    limits.maxLineBytes = 1 << 20;
    const auto e = readError(deep, limits);
    QVERIFY(e);
    QCOMPARE(e->line(), std::size_t(11));
    QVERIFY2(std::string(e->what()).find("deeper than 64") != std::string::npos, e->what());
}

void TestOfxReader::ofx_truncated_isRefusedWithLine() {
    std::string body = sgml(trn("") + trn(""));
    body.resize(body.find("</BANKTRANLIST>"));
    const auto e = readError(body);
    QVERIFY(e);
    QCOMPARE(e->line(), std::size_t(16));  // where the file ends
    QCOMPARE(str(e->field()), QString("BANKTRANLIST"));
    QVERIFY2(std::string(e->what()).find("incomplete") != std::string::npos, e->what());
}

void TestOfxReader::ofx_badAmount_isRefusedNamingTrnamt() {
    std::string t = trn("");
    t.replace(t.find("-12.34"), 6, "-12.3A");
    const auto e = readError(sgml(trn("") + t));
    QVERIFY(e);
    QCOMPARE(str(e->field()), QString("STMTTRN/TRNAMT"));
    QCOMPARE(e->line(), std::size_t(15));
    QVERIFY2(std::string(e->what()).find("\"-12.3A\"") != std::string::npos, e->what());
    t = trn("");
    t.replace(t.find("<TRNAMT>-12.34"), 14, "");
    const auto missing = readError(sgml(t));
    QVERIFY(missing);
    QCOMPARE(str(missing->field()), QString("STMTTRN/TRNAMT"));
}

void TestOfxReader::ofx_tooManyDecimals_isRefused() {
    std::string t = trn("");
    t.replace(t.find("-12.34"), 6, "-12.345");
    QVERIFY(readError(sgml(t)));
    t.replace(t.find("-12.345"), 7, "-12.3400");
    QCOMPARE(readOk(sgml(t)).lines[0].amountMinor, -1234);
}

void TestOfxReader::ofx_invalidDate_isRefused() {
    std::string t = trn("");
    t.replace(t.find("20240105"), 8, "20230229");
    const auto e = readError(sgml(t));
    QVERIFY(e);
    QCOMPARE(str(e->field()), QString("STMTTRN/DTPOSTED"));
    QCOMPARE(e->line(), std::size_t(14));
}

void TestOfxReader::ofx_sgmlLineTooLong_isRefused() {
    Limits limits;
    limits.maxLineBytes = 100;
    const auto e = readError(sgml(trn("") + trn("") + trn("")), limits);
    QVERIFY(e);
    QCOMPARE(str(e->field()), QString("line"));
    QCOMPARE(e->line(), std::size_t(11));
}

void TestOfxReader::ofx_valueTooLong_isRefused() {
    Limits limits;
    limits.maxFieldBytes = 64;
    const auto e = readError(sgml(trn("<MEMO>" + std::string(100, 'm'))), limits);
    QVERIFY(e);
    QCOMPARE(str(e->field()), QString("MEMO"));
    QCOMPARE(e->line(), std::size_t(14));
}

void TestOfxReader::ofx_strayEndTag_isRefused() {
    const auto e = readError(sgml(trn("</LEDGERBAL>")));
    QVERIFY(e);
    QCOMPARE(str(e->field()), QString("LEDGERBAL"));
    QCOMPARE(e->line(), std::size_t(14));
}

void TestOfxReader::ofx_notOfx_isRefused() {
    QVERIFY(readError(""));
    QVERIFY(readError("Date,Amount\n2024-01-01,3.00\n"));
    const auto e = readError("<?xml version=\"1.0\"?>\n<Document/>");
    QVERIFY(e);
    QCOMPARE(str(e->field()), QString("OFXHEADER"));
}

void TestOfxReader::ofx_unknownCharset_isRefused() {
    std::string h = sgmlHeader;
    h.replace(h.find("CHARSET:1252"), 12, "CHARSET:437");
    const auto e = readError(sgml(trn(""), h));
    QVERIFY(e);
    QCOMPARE(str(e->field()), QString("CHARSET"));
    QCOMPARE(e->line(), std::size_t(6));
}

QTEST_GUILESS_MAIN(TestOfxReader)
#include "tst_ofx_reader.moc"
