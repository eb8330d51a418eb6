// The provider settlement CSV reader alone (server/finance/settlement_csv.h): the four built-in
// mappings on the sample files of tests/finance/samples/settlements (the GBK ones really GBK),
// checked against the expected JSON beside each, and every refusal with its line and column.

#include <QtTest>

#include "finance/settlement_csv.h"

namespace fin = opsdesk::server::finance;

namespace {

QString str(std::string_view s) {
    return QString::fromUtf8(s.data(), qsizetype(s.size()));
}

struct Collected {
    std::vector<fin::StatementLine> lines;
    std::vector<fin::Statement> statements;
};

class CollectSink final : public fin::Sink {
public:
    Collected out;
    void line(const fin::StatementLine& l) override { out.lines.push_back(l); }
    void statement(const fin::Statement& s) override { out.statements.push_back(s); }
};

const fin::CsvMapping& builtin(std::string_view name) {
    for (const auto& m : fin::builtinMappings()) {
        if (m.name == name) {
            return m;
        }
    }
    qFatal("no built-in mapping %s", std::string(name).c_str());
}

Collected read(std::string_view bytes, const fin::CsvMapping& mapping,
               const fin::Limits& limits = {}) {
    fin::MemorySource source(bytes);
    CollectSink sink;
    fin::readSettlementCsv(source, mapping, sink, limits);
    return sink.out;
}

struct Refusal {
    bool refused = false;
    std::size_t line = 0;
    QString field;
    QString message;
};

Refusal refusal(std::string_view bytes, const fin::CsvMapping& mapping,
                const fin::Limits& limits = {}) {
    try {
        read(bytes, mapping, limits);
    } catch (const fin::ParseError& e) {
        return {true, e.line(), str(e.field()), QString::fromUtf8(e.what())};
    }
    return {};
}

QString settlements() {
    return qEnvironmentVariable("OPSDESK_STATEMENT_SAMPLES") + "/settlements";
}

QByteArray fileBytes(const QString& path) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        qWarning() << "cannot open" << path;
        return {};
    }
    return f.readAll();
}

std::string gbk(const QString& text) {
    // The test's own GBK bytes, made with iconv like the samples.
    QProcess iconv;
    iconv.start("iconv", {"-f", "UTF-8", "-t", "GBK"});
    iconv.write(text.toUtf8());
    iconv.closeWriteChannel();
    iconv.waitForFinished();
    return iconv.readAllStandardOutput().toStdString();
}

const char* kStripeHeader =
    "id,Type,Source,Amount,Fee,Net,Currency,Created (UTC),Available On (UTC),Description\n";

}  // namespace

class SettlementCsvTest : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() {
        QVERIFY2(QDir(settlements()).exists(),
                 "OPSDESK_STATEMENT_SAMPLES is not set or has no settlements/ (run through ctest)");
    }

    void builtins_areTheFourProviders() {
        QStringList names;
        for (const auto& m : fin::builtinMappings()) {
            names << str(m.name);
        }
        QCOMPARE(names, QStringList({"alipay", "wechatpay", "stripe", "paypal"}));
    }

    void samples_eachProvider_matchesExpected_data() {
        QTest::addColumn<QString>("base");
        for (const auto* base : {"alipay_zhangwu_mingxi", "wechatpay_fund_flow",
                                 "stripe_balance_history", "paypal_activity"}) {
            QTest::newRow(base) << base;
        }
    }
    void samples_eachProvider_matchesExpected() {
        QFETCH(QString, base);
        const QByteArray bytes = fileBytes(settlements() + "/" + base + ".csv");
        const QJsonObject want =
            QJsonDocument::fromJson(fileBytes(settlements() + "/" + base + ".json")).object();
        QVERIFY(!bytes.isEmpty() && !want.isEmpty());
        const std::string mapping = want["mapping"].toString().toStdString();
        const Collected got = read(bytes.toStdString(), builtin(mapping));
        const QJsonArray lines = want["lines"].toArray();
        QVERIFY2(lines.size() >= 10, "a sample has 10 to 30 rows");
        QCOMPARE(qsizetype(got.lines.size()), lines.size());
        for (qsizetype i = 0; i < lines.size(); ++i) {
            const auto& l = got.lines[std::size_t(i)];
            const QJsonObject w = lines[i].toObject();
            QCOMPARE(l.amountMinor, w["amount_minor"].toInteger());
            QCOMPARE(l.grossMinor.has_value(), !w["gross_minor"].isNull());
            if (l.grossMinor) {
                QCOMPARE(*l.grossMinor, w["gross_minor"].toInteger());
            }
            QCOMPARE(l.feeMinor.has_value(), !w["fee_minor"].isNull());
            if (l.feeMinor) {
                QCOMPARE(*l.feeMinor, w["fee_minor"].toInteger());
            }
            QCOMPARE(str(l.currency), w["currency"].toString());
            QCOMPARE(str(l.bookedAt), w["booked"].toString());
            QCOMPARE(str(l.reference), w["reference"].toString());
            QCOMPARE(str(l.bankReference), w["bank_reference"].toString());
            QCOMPARE(str(l.kind), w["kind"].toString());
        }
        QCOMPARE(got.statements.size(), std::size_t(1));
        const auto& s = got.statements[0];
        QCOMPARE(s.format, fin::Format::Csv);
        QCOMPARE(str(s.messageKind), "csv:" + want["mapping"].toString());
        QCOMPARE(str(s.account), want["account"].toString());
        QCOMPARE(str(s.currency), want["currency"].toString());
        QCOMPARE(str(s.from), want["from"].toString());
        QCOMPARE(str(s.to), want["to"].toString());
        QCOMPARE(s.lineCount, got.lines.size());
        QVERIFY(!s.opening && !s.closing);
    }

    void samples_eachProvider_isRecognisedFromItsHead_data() {
        samples_eachProvider_matchesExpected_data();
    }
    void samples_eachProvider_isRecognisedFromItsHead() {
        QFETCH(QString, base);
        const QByteArray bytes = fileBytes(settlements() + "/" + base + ".csv");
        const QJsonObject want =
            QJsonDocument::fromJson(fileBytes(settlements() + "/" + base + ".json")).object();
        // A head cut anywhere (here inside a GBK character for Alipay) still names it.
        const auto name = fin::recogniseSettlement(bytes.left(409).toStdString());
        QVERIFY(name.has_value());
        QCOMPARE(str(*name), want["mapping"].toString());
    }

    void recognise_otherFile_isNobody() {
        QVERIFY(!fin::recogniseSettlement("Date,Amount,Memo\n2026-01-01,5.00,x\n"));
        QVERIFY(!fin::recogniseSettlement(":20:STMT\n:25:DE89370400440532013000\n"));
        QVERIFY(!fin::recogniseSettlement(""));
    }

    void alipay_details() {
        const QByteArray bytes = fileBytes(settlements() + "/alipay_zhangwu_mingxi.csv");
        const Collected got = read(bytes.toStdString(), builtin("alipay"));
        QCOMPARE(str(got.lines[0].counterparty), QString("buyer***@163.com"));
        QCOMPARE(str(got.lines[0].remittance), QString::fromUtf8("保温杯 500ml"));
        QCOMPARE(str(got.lines[8].remittance), QString::fromUtf8("香薰蜡烛, 大号"));
        QCOMPARE(got.lines[0].sourceLine, std::size_t(6));
        QCOMPARE(got.statements[0].sourceLine, std::size_t(5));
    }

    void gbkFileReadAsUtf8_isRefused_askingGbk() {
        const QByteArray bytes = fileBytes(settlements() + "/alipay_zhangwu_mingxi.csv");
        fin::CsvMapping utf8 = builtin("alipay");
        utf8.encoding = "utf-8";
        const Refusal r = refusal(bytes.toStdString(), utf8);
        QVERIFY(r.refused);
        QCOMPARE(int(r.line), 1);
        QCOMPARE(r.field, QString("encoding"));
        QVERIFY2(r.message.contains("not UTF-8; is it GBK?"), qPrintable(r.message));
    }

    void invalidGbkBytes_isRefusedWithLine() {
        std::string file = gbk(QString::fromUtf8(
            "记账时间,微信支付业务单号,资金流水单号,业务类型,收支类型,收支金额(元),备注\n"
            "`2026-11-01 09:15:02,`1,`2,`交易,`收入,`88.00,`ok\n"));
        file += "`2026-11-01 09:15:02,`1,`2,`\xff\xff,`收入,`1.00,`x\n";
        const Refusal r = refusal(file, builtin("wechatpay"));
        QVERIFY(r.refused);
        QCOMPARE(int(r.line), 3);
        QCOMPARE(r.field, QString("encoding"));
        QVERIFY2(r.message.contains("not GBK"), qPrintable(r.message));
    }

    void gbkFileCutInsideACharacter_isRefused() {
        std::string file = gbk(QString::fromUtf8(
            "记账时间,微信支付业务单号,资金流水单号,业务类型,收支类型,收支金额(元),备注\n"
            "`2026-11-01 09:15:02,`1,`2,`交易,`收入,`88.00,`交"));
        file.pop_back();
        const Refusal r = refusal(file, builtin("wechatpay"));
        QVERIFY(r.refused);
        QCOMPARE(int(r.line), 2);
        QVERIFY2(r.message.contains("middle of a character"), qPrintable(r.message));
    }

    void missingColumnNamedInMapping_isRefusedAtHeader() {
        const QByteArray paypal = fileBytes(settlements() + "/paypal_activity.csv");
        const Refusal r = refusal(paypal.toStdString(), builtin("stripe"));
        QVERIFY(r.refused);
        QCOMPARE(int(r.line), 1);
        QCOMPARE(r.field, QString("Created (UTC)"));
        QVERIFY2(r.message.contains("booked_at"), qPrintable(r.message));
        // The header after skipped title lines: its own line.
        fin::CsvMapping m = builtin("stripe");
        m.skipLines = 2;
        const Refusal skipped =
            refusal("Balance history\nexported 2026-11-08\nid,Type,Amount,Fee,Net,Currency\n", m);
        QCOMPARE(int(skipped.line), 3);
        QCOMPARE(skipped.field, QString("Created (UTC)"));
    }

    void badAmount_isRefusedWithLineAndColumn() {
        const std::string file = "\xEF\xBB\xBF" + std::string(kStripeHeader) +
                                 "txn_1,charge,ch_1,10.00,0.59,9.41,eur,2026-11-01 10:00,,A\n"
                                 "txn_2,charge,ch_2,10.00,0.59,9.4O,eur,2026-11-01 10:00,,B\n";
        const Refusal r = refusal(file, builtin("stripe"));
        QVERIFY(r.refused);
        QCOMPARE(int(r.line), 3);
        QCOMPARE(r.field, QString("Net"));
        QVERIFY2(r.message.contains("column 6") && r.message.contains("9.4O"),
                 qPrintable(r.message));
        // More decimals than the currency has is no amount either.
        const Refusal cents = refusal(
            std::string(kStripeHeader) + "t,charge,c,1.005,0,1.005,eur,2026-11-01 10:00,,A\n",
            builtin("stripe"));
        QCOMPARE(cents.field, QString("Amount"));
        // JPY has no decimals.
        const Collected yen =
            read(std::string(kStripeHeader) + "t,charge,c,1000,36,964,jpy,2026-11-01 10:00,,A\n",
                 builtin("stripe"));
        QCOMPARE(yen.lines[0].amountMinor, qint64(964));
    }

    void paypalThousands_onlyInGroupsOfThree() {
        const std::string header =
            "\"Date\",\"Name\",\"Type\",\"Currency\",\"Gross\",\"Fee\","
            "\"Net\",\"Transaction ID\"\n";
        const Collected ok = read(header +
                                      "\"11/30/2026\",\"A\",\"Website Payment\",\"USD\","
                                      "\"12,345,678.90\",\"-1.00\",\"12,345,677.90\",\"X\"\n",
                                  builtin("paypal"));
        QCOMPARE(ok.lines[0].amountMinor, qint64(1234567790));
        QCOMPARE(*ok.lines[0].feeMinor, qint64(100));
        QCOMPARE(str(ok.lines[0].bookedAt), QString("2026-11-30"));
        const Refusal bad = refusal(header +
                                        "\"11/30/2026\",\"A\",\"Website Payment\",\"USD\","
                                        "\"1,25.00\",\"0\",\"1,25.00\",\"X\"\n",
                                    builtin("paypal"));
        QVERIFY(bad.refused);
        QCOMPARE(bad.field, QString("Gross"));
    }

    void footerAndSummaryLines_areIgnored() {
        const QByteArray alipay = fileBytes(settlements() + "/alipay_zhangwu_mingxi.csv");
        QVERIFY(alipay.contains(gbk(QString::fromUtf8("#支出合计")).c_str()));
        QCOMPARE(read(alipay.toStdString(), builtin("alipay")).lines.size(), std::size_t(16));
        const QByteArray wechat = fileBytes(settlements() + "/wechatpay_fund_flow.csv");
        QCOMPARE(read(wechat.toStdString(), builtin("wechatpay")).lines.size(), std::size_t(13));
        // Without tableEnd, the summary's header would be read as a row and refused.
        fin::CsvMapping noEnd = builtin("wechatpay");
        noEnd.tableEnd.clear();
        const Refusal r = refusal(wechat.toStdString(), noEnd);
        QVERIFY(r.refused);
        QCOMPARE(int(r.line), 15);
    }

    void bom_isSkipped_withOrWithout() {
        const std::string rows = std::string(kStripeHeader) +
                                 "txn_1,charge,ch_1,10.00,0.59,9.41,EUR,2026-11-01 10:00,,A\n";
        QCOMPARE(read("\xEF\xBB\xBF" + rows, builtin("stripe")).lines.size(), std::size_t(1));
        QCOMPARE(read(rows, builtin("stripe")).lines.size(), std::size_t(1));
        // A BOM arriving alone in the first read is still a BOM.
        class Trickle final : public fin::Source {
        public:
            explicit Trickle(std::string bytes) : bytes_(std::move(bytes)) {}
            std::size_t read(char* into, std::size_t) override {
                if (pos_ >= bytes_.size()) {
                    return 0;
                }
                *into = bytes_[pos_++];
                return 1;
            }

        private:
            std::string bytes_;
            std::size_t pos_ = 0;
        };
        Trickle trickle("\xEF\xBB\xBF" + rows);
        CollectSink sink;
        fin::readSettlementCsv(trickle, builtin("stripe"), sink);
        QCOMPARE(sink.out.lines.size(), std::size_t(1));
        QCOMPARE(*sink.out.lines[0].feeMinor, qint64(59));
    }

    void quotedFieldOverTwoLines_keepsLineNumbers() {
        const std::string file = std::string(kStripeHeader) +
                                 "t1,charge,c1,1.00,0,1.00,eur,2026-11-01 10:00,,\"two\nlines\"\n"
                                 "t2,charge,c2,x,0,1.00,eur,2026-11-01 10:00,,B\n";
        const Refusal r = refusal(file, builtin("stripe"));
        QCOMPARE(int(r.line), 4);
        const Collected ok = read(std::string(kStripeHeader) +
                                      "t1,charge,c1,1.00,0,1.00,eur,2026-11-01,,\"two\r\nlines\"\n",
                                  builtin("stripe"));
        QCOMPARE(str(ok.lines[0].remittance), QString("two lines"));
        const Refusal open =
            refusal(std::string(kStripeHeader) + "t1,charge,c1,1.00,0,1.00,eur,2026-11-01,,\"x\n",
                    builtin("stripe"));
        QVERIFY(open.refused);
        QCOMPARE(int(open.line), 2);
    }

    void signByKind_refundsAndPayoutsNegative() {
        fin::CsvMapping m;
        m.name = "shop";
        m.provider = "Shop PSP";
        m.delimiter = ';';
        m.sign = fin::CsvMapping::Sign::ByKind;
        m.negativeKinds = {"refund", "payout"};
        m.currency = "EUR";
        m.dateOrder = "dmy";
        m.columns.bookedAt = "date";
        m.columns.amount = "amount";
        m.columns.kind = "type";
        const Collected got = read(
            "date;type;amount\n01.11.2026;charge;10,00\n02.11.2026;refund;4,00\n"
            "03.11.2026;payout;6,00\n",
            m);
        QCOMPARE(got.lines[0].amountMinor, qint64(1000));
        QCOMPARE(got.lines[1].amountMinor, qint64(-400));
        QCOMPARE(got.lines[2].amountMinor, qint64(-600));
        QCOMPARE(str(got.statements[0].from), QString("2026-11-01"));
        QCOMPARE(str(got.statements[0].to), QString("2026-11-03"));
        QCOMPARE(str(got.statements[0].account), QString("Shop PSP"));
    }

    void unknownDirection_isRefused() {
        const std::string file = gbk(QString::fromUtf8(
            "记账时间,微信支付业务单号,资金流水单号,业务类型,收支类型,收支金额(元),备注\n"
            "`2026-11-01 09:15:02,`1,`2,`交易,`其他,`88.00,`x\n"));
        const Refusal r = refusal(file, builtin("wechatpay"));
        QVERIFY(r.refused);
        QCOMPARE(int(r.line), 2);
        QCOMPARE(r.field, QString::fromUtf8("收支类型"));
    }

    void badDate_isRefusedWithColumn() {
        const Refusal r =
            refusal(std::string(kStripeHeader) + "t,charge,c,1.00,0,1.00,eur,2026-02-30 10:00,,A\n",
                    builtin("stripe"));
        QVERIFY(r.refused);
        QCOMPARE(int(r.line), 2);
        QCOMPARE(r.field, QString("Created (UTC)"));
    }

    void shortRow_isRefusedNamingTheColumn() {
        const Refusal r =
            refusal(std::string(kStripeHeader) + "t,charge,c,1.00,0,1.00\n", builtin("stripe"));
        QVERIFY(r.refused);
        QCOMPARE(int(r.line), 2);
        QVERIFY2(r.message.contains("only 6 fields"), qPrintable(r.message));
    }

    void emptyFile_isRefused() {
        const Refusal r = refusal("", builtin("stripe"));
        QVERIFY(r.refused);
        QCOMPARE(int(r.line), 1);
        QCOMPARE(r.field, QString("header"));
    }

    void tooLongRecord_isRefused() {
        fin::Limits limits;
        limits.maxLineBytes = 128;
        const Refusal r = refusal(std::string(kStripeHeader) + "t,\"" + std::string(100, 'x') +
                                      "\n" + std::string(100, 'y') + "\"\n",
                                  builtin("stripe"), limits);
        QVERIFY(r.refused);
        QCOMPARE(int(r.line), 2);
    }

    void mixedCurrencies_statementHasNone() {
        const QByteArray paypal = fileBytes(settlements() + "/paypal_activity.csv");
        const Collected got = read(paypal.toStdString(), builtin("paypal"));
        QVERIFY(got.statements[0].currency.empty());
        QCOMPARE(str(got.lines[1].counterparty), QString::fromUtf8("Tom Müller"));
        QCOMPARE(str(got.lines[9].counterparty), QString("Sam \"Sammy\" Park"));
    }

    void nulByte_isRefused() {
        const Refusal r =
            refusal(std::string(kStripeHeader) + std::string("t,\0x", 4) + "\n", builtin("stripe"));
        QVERIFY(r.refused);
        QCOMPARE(int(r.line), 2);
    }
};

QTEST_APPLESS_MAIN(SettlementCsvTest)
#include "tst_settlement_csv.moc"
