// services-client/export/csv: the cells every export writes — RFC 4180 quoting, and nothing a
// spreadsheet would run as a formula (OWASP's CSV injection: =, +, -, @, tab, carriage return).
#include <QtTest>

#include "services-client/export/csv.h"

using namespace opsdesk::client;

class CsvTest : public QObject {
    Q_OBJECT

private slots:
    void textCell_quotesPerRfc4180() {
        QCOMPARE(csv::textCell(QStringLiteral("plain")), QByteArray("plain"));
        QCOMPARE(csv::textCell(QStringLiteral("a,b")), QByteArray("\"a,b\""));
        QCOMPARE(csv::textCell(QStringLiteral("say \"hi\"")), QByteArray("\"say \"\"hi\"\"\""));
        QCOMPARE(csv::textCell(QStringLiteral("two\nlines")), QByteArray("\"two\nlines\""));
        QCOMPARE(csv::textCell(QStringLiteral("李雷")), QStringLiteral("李雷").toUtf8());
        QCOMPARE(csv::textCell({}), QByteArray());
    }

    void textCell_startingLikeAFormula_isNeutralised_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QByteArray>("cell");
        QTest::newRow("=") << QStringLiteral("=HYPERLINK(\"http://evil.example\",\"Li Lei\")")
                           << QByteArray(
                                  "\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"Li Lei\"\")\"");
        QTest::newRow("+") << QStringLiteral("+1+cmd|' /C calc'!A0")
                           << QByteArray("'+1+cmd|' /C calc'!A0");
        QTest::newRow("-") << QStringLiteral("-2+3") << QByteArray("'-2+3");
        QTest::newRow("@") << QStringLiteral("@SUM(A1:A9)") << QByteArray("'@SUM(A1:A9)");
        QTest::newRow("tab") << QStringLiteral("\t=1") << QByteArray("'\t=1");
        QTest::newRow("cr") << QStringLiteral("\r=1") << QByteArray("\"'\r=1\"");
    }
    void textCell_startingLikeAFormula_isNeutralised() {
        QFETCH(QString, text);
        QFETCH(QByteArray, cell);
        QVERIFY(csv::looksLikeAFormula(text));
        QCOMPARE(csv::textCell(text), cell);
    }

    void textCell_formulaCharactersElsewhere_areLeftAlone() {
        for (const QString& text : {QStringLiteral("Li = Lei"), QStringLiteral("a+b@example.com"),
                                    QStringLiteral("Zhang-San"), QStringLiteral(" =not first")}) {
            QVERIFY(!csv::looksLikeAFormula(text));
            QCOMPARE(csv::textCell(text), text.toUtf8());
        }
    }

    void numberCell_keepsANegativeAmountANumber() {
        QCOMPARE(csv::numberCell("-12.50"), QByteArray("-12.50"));
        QCOMPARE(csv::line({csv::textCell(QStringLiteral("-12.50")), csv::numberCell("-12.50")}),
                 QByteArray("'-12.50,-12.50\r\n"));
    }
};

QTEST_GUILESS_MAIN(CsvTest)
#include "tst_csv.moc"
