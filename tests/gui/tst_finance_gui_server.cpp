// The Finance page against the real server: a camt.053 imported through the API, opened from
// the statements list in the matcher, worked with the keyboard (J, K, Enter, X, M) with the
// server's state checked after each key, and signed off: refused in words for the approver who
// matched lines (four eyes), done by a second approver.
#include <QAbstractItemModelTester>
#include <QApplication>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTableView>
#include <QTreeWidget>
#include <QtTest>

#include "orderstestdata.h"
#include "services-client/finance/financemodels.h"
#include "testcluster.h"
#include "widgets/common/messageline.h"
#include "widgets/finance/financedialogs.h"
#include "widgets/finance/financepage.h"
#include "widgets/finance/matcherview.h"

using namespace opsdesk;
using namespace opsdesk::test;
using widgets::FinancePage;
using widgets::MatcherView;

namespace {

template <typename T>
T* visibleChild(QWidget* root, const QString& name = {}) {
    for (T* w : root->findChildren<T*>(name)) {
        if (w->isVisible()) {
            return w;
        }
    }
    return nullptr;
}

struct Entry {
    qint64 amountMinor;
    QString booked;
    QString reference;
    QString counterparty;
    QString remittance;
};

QString amountText(qint64 minor) {
    const qint64 a = qAbs(minor);
    return QString("%1.%2").arg(a / 100).arg(a % 100, 2, 10, QChar('0'));
}

// A camt.053.001.02 statement of a CNY account whose balances add up.
QByteArray camt(const QString& id, const QList<Entry>& entries, qint64 opening = 100000) {
    qint64 closing = opening;
    QString ntries;
    for (const auto& e : entries) {
        closing += e.amountMinor;
        const bool credit = e.amountMinor >= 0;
        ntries += QString(
                      "<Ntry><Amt Ccy=\"CNY\">%1</Amt><CdtDbtInd>%2</CdtDbtInd><Sts>BOOK</Sts>"
                      "<BookgDt><Dt>%3</Dt></BookgDt><ValDt><Dt>%3</Dt></ValDt>"
                      "<BkTxCd><Prtry><Cd>TRF</Cd></Prtry></BkTxCd><NtryDtls><TxDtls>"
                      "<Refs><EndToEndId>%4</EndToEndId></Refs><RltdPties><%5><Nm>%6</Nm></%5>"
                      "</RltdPties><RmtInf><Ustrd>%7</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>\n")
                      .arg(amountText(e.amountMinor), credit ? "CRDT" : "DBIT", e.booked,
                           e.reference.isEmpty() ? "NOTPROVIDED" : e.reference,
                           credit ? "Dbtr" : "Cdtr", e.counterparty, e.remittance);
    }
    const auto balance = [](const QString& type, qint64 minor, const QString& date) {
        return QString(
                   "<Bal><Tp><CdOrPrtry><Cd>%1</Cd></CdOrPrtry></Tp><Amt Ccy=\"CNY\">%2</Amt>"
                   "<CdtDbtInd>%3</CdtDbtInd><Dt><Dt>%4</Dt></Dt></Bal>\n")
            .arg(type, amountText(minor), minor >= 0 ? "CRDT" : "DBIT", date);
    };
    const QString first = entries.first().booked;
    const QString last = entries.last().booked;
    return QString(
               "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
               "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.02\">"
               "<BkToCstmrStmt><GrpHdr><MsgId>%1</MsgId><CreDtTm>2026-11-30T18:00:00"
               "</CreDtTm></GrpHdr><Stmt><Id>%1</Id><CreDtTm>2026-11-30T18:00:00</CreDtTm>"
               "<FrToDt><FrDtTm>%2T00:00:00</FrDtTm><ToDtTm>%3T23:59:59</ToDtTm></FrToDt>"
               "<Acct><Id><Othr><Id>CN0012345678901234</Id></Othr></Id><Ccy>CNY</Ccy></Acct>\n"
               "%4%5%6</Stmt></BkToCstmrStmt></Document>\n")
        .arg(id, first, last, balance("OPBD", opening, first), balance("CLBD", closing, last),
             ntries)
        .toUtf8();
}

}  // namespace

class FinanceGuiServerTest : public QObject {
    Q_OBJECT

private:
    TestCluster cluster;
    QString dbUrl;
    ServerProcess server;
    qint64 statementId = 0;

    struct Screen {
        SignedInClient client;
        std::unique_ptr<FinancePage> page;
        std::unique_ptr<QAbstractItemModelTester> statementsTester;
        std::unique_ptr<QAbstractItemModelTester> linesTester;
        std::unique_ptr<QAbstractItemModelTester> paymentsTester;
    };

    std::unique_ptr<Screen> open(const QString& user) {
        auto s = std::make_unique<Screen>();
        if (!s->client.signIn(server.baseUrl(), user)) {
            return nullptr;
        }
        widgets::ModuleContext context;
        context.api = &s->client.api;
        context.session = &s->client.session;
        s->page = std::make_unique<FinancePage>(context);
        const auto mode = QAbstractItemModelTester::FailureReportingMode::QtTest;
        s->statementsTester =
            std::make_unique<QAbstractItemModelTester>(s->page->statements(), mode);
        s->linesTester =
            std::make_unique<QAbstractItemModelTester>(s->page->matcher()->model(), mode);
        s->paymentsTester =
            std::make_unique<QAbstractItemModelTester>(s->page->matcher()->paymentsModel(), mode);
        s->page->resize(1400, 860);
        s->page->show();
        return s;
    }

    QString sql(const QString& statement) {
        bool ok = false;
        const auto out = psql(dbUrl, statement, &ok);
        if (!ok) {
            qWarning() << "psql failed:" << statement;
        }
        return out.trimmed();
    }

    QString lineStatus(int position) {
        return sql(QString("SELECT status FROM finance_lines WHERE statement_id = %1 AND "
                           "position = %2")
                       .arg(statementId)
                       .arg(position));
    }

    // An order with one captured payment of the ledger.
    void payment(const QString& ref, qint64 amountMinor, const QString& capturedAt) {
        static int n = 0;
        ++n;
        sql(QString("WITH c AS (INSERT INTO customers (external_id, name, email) VALUES "
                    "('gc%1', 'Customer %1', 'g%1@example.com') RETURNING id), o AS ("
                    "INSERT INTO orders (number, external_id, customer_id, status, "
                    "currency, subtotal_minor, total_minor, captured_minor, search, "
                    "created_at) SELECT 'GF-%1', 'go%1', id, 'paid', 'CNY', %2, %2, %2, "
                    "'gf-%1', '%3' FROM c RETURNING id) INSERT INTO payments "
                    "(order_id, provider, provider_ref, amount_minor, currency, "
                    "captured_at) SELECT id, 'alipay', '%4', %2, 'CNY', '%3' FROM o")
                .arg(n)
                .arg(amountMinor)
                .arg(capturedAt, ref));
    }

    // Opens the statement from the list by the keyboard, as a person would.
    void openStatement(Screen& s) {
        QTRY_VERIFY_WITH_TIMEOUT(s.page->statements()->itemRowCount() == 1, 10000);
        QTableView* table = s.page->statementsTable();
        table->setFocus();
        table->setCurrentIndex(s.page->statements()->index(0, 0));
        QTest::keyClick(table, Qt::Key_Return);
        QTRY_VERIFY(s.page->isMatcherShown());
        QTRY_VERIFY_WITH_TIMEOUT(
            s.page->matcher()->model()->itemRowCount() == 4 && s.page->matcher()->statement(),
            10000);
    }

private slots:
    void initTestCase() {
        QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
        QString error;
        QVERIFY2(TestCluster::load(&cluster, &error), qPrintable(error));
        dbUrl = cluster.createDatabase(QStringLiteral("finance_gui"));
        QVERIFY2(startOrdersServer(server, dbUrl,
                                   {{"clerk", "finance_clerk"},
                                    {"manager", "finance_manager"},
                                    {"manager2", "finance_manager"}},
                                   &error),
                 qPrintable(error));
        payment("PAYREF-7731001", 15000, "2026-11-02 10:00:00+00");
        payment("PAYREF-7731002", 20000, "2026-11-03 10:00:00+00");
        payment("PAYREF-7731003", 20000, "2026-11-03 11:00:00+00");
        payment("PAYREF-7731004", 31000, "2026-11-04 09:00:00+00");
        const QByteArray file =
            camt("GUI-STMT-1", {{15000, "2026-11-03", "PAYREF-7731001", "Han Mei", "Order payment"},
                                {20000, "2026-11-04", "", "Wang Fang", "transfer"},
                                {-500, "2026-11-04", "", "Bank", "Account fee November"},
                                {31000, "2026-11-05", "", "Zhou Jie", "gift"}});
        const auto r = httpRequest(
            "POST", server.baseUrl().resolved(QUrl("/api/v1/finance/statements?file_name=gui.xml")),
            file,
            {{"Authorization", "Bearer " + tokenFor(server, "clerk").toUtf8()},
             {"Content-Type", "application/octet-stream"}});
        QVERIFY2(r.status == 201, r.body.constData());
        statementId = r.json().value("items").toArray().first().toObject().value("id").toInteger();
        QVERIFY(statementId > 0);
    }

    void manager_worksLinesWithKeyboard_serverHoldsEachChange() {
        auto s = open("manager");
        QVERIFY(s);
        openStatement(*s);
        MatcherView* m = s->page->matcher();
        QTableView* lines = m->table();
        QCOMPARE(m->currentRow(), 0);

        // Auto-match: the reference match is taken, the two 200.00 payments only suggested.
        QPushButton* autoMatch = m->findChild<QPushButton*>("autoMatchButton");
        QVERIFY(autoMatch && autoMatch->isVisible());
        QTest::mouseClick(autoMatch, Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(m->message()->text().contains("Auto-match:"), 20000);
        QCOMPARE(lineStatus(1), QString("matched"));
        QCOMPARE(lineStatus(2), QString("suggested"));
        QTRY_COMPARE_WITH_TIMEOUT(m->model()->itemAt(1)->status, QString("suggested"), 10000);

        // J and K move; the selected line's candidates show score, rule and reasons in words.
        QTest::keyClick(lines, Qt::Key_K);
        QCOMPARE(m->currentRow(), 0);
        QTest::keyClick(lines, Qt::Key_J);
        QCOMPARE(m->currentRow(), 1);
        QVERIFY(m->suggestions()->topLevelItemCount() >= 1);
        const QString why = m->suggestions()->topLevelItem(0)->text(3);
        QVERIFY2(why.contains("amount equal"), qPrintable(why));
        QVERIFY2(why.contains("of this amount in the window"), qPrintable(why));

        // Enter accepts the top suggestion and moves on.
        QTest::keyClick(lines, Qt::Key_Return);
        QTRY_COMPARE_WITH_TIMEOUT(lineStatus(2), QString("matched"), 10000);
        QCOMPARE(sql(QString("SELECT match_rule FROM finance_lines WHERE statement_id = %1 AND "
                             "position = 2")
                         .arg(statementId))
                     .left(9),
                 QString("accepted:"));
        QCOMPARE(m->currentRow(), 2);
        QTRY_COMPARE(m->model()->itemAt(1)->status, QString("matched"));

        // X on the bank fee: a reason is asked, the line is excluded.
        QTest::keyClick(lines, Qt::Key_X);
        widgets::ReasonDialog* dialog = nullptr;
        QTRY_VERIFY((dialog = visibleChild<widgets::ReasonDialog>(m, "excludeDialog")));
        QTest::keyClicks(dialog->editor(), "Bank fee for November");
        dialog->accept();
        QTRY_COMPARE_WITH_TIMEOUT(lineStatus(3), QString("excluded"), 10000);
        QCOMPARE(m->currentRow(), 3);

        // M: find the 310.00 payment by its amount, select it, match it by hand.
        QTest::mouseClick(m->findChild<QPushButton*>("sameAmountButton"), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(
            m->paymentsModel()->itemRowCount() == 1 && !m->paymentsModel()->isLoading(), 10000);
        QCOMPARE(m->paymentsModel()->itemAt(0)->providerRef, QString("PAYREF-7731004"));
        m->paymentsTable()->selectRow(0);
        QTest::keyClick(m->paymentsTable(), Qt::Key_M);
        QTRY_COMPARE_WITH_TIMEOUT(lineStatus(4), QString("matched"), 10000);
        // The payment selected by hand is the one the line now accounts for.
        QCOMPARE(sql(QString("SELECT p.provider_ref FROM finance_matches m JOIN finance_payments p "
                             "ON p.id = m.payment_id JOIN finance_lines l ON l.id = m.line_id "
                             "WHERE l.statement_id = %1 AND l.position = 4")
                         .arg(statementId)),
                 QString("PAYREF-7731004"));
        QCOMPARE(m->currentRow(), 3);  // M keeps the place: the person looks at what they did
    }

    void signOff_byMatcher_refusedInWords_secondApproverSignsOff() {
        {
            auto s = open("manager");
            QVERIFY(s);
            openStatement(*s);
            MatcherView* m = s->page->matcher();
            QPushButton* sign = m->findChild<QPushButton*>("signOffButton");
            QVERIFY(sign && sign->isVisible() && sign->isEnabled());
            QTest::mouseClick(sign, Qt::LeftButton);
            widgets::SignOffDialog* dialog = nullptr;
            QTRY_VERIFY((dialog = visibleChild<widgets::SignOffDialog>(m)));
            QVERIFY(dialog->summary()->text().contains("Excluded"));
            QTest::mouseClick(dialog->findChild<QPushButton*>("confirmSignOff"), Qt::LeftButton);
            QTRY_VERIFY_WITH_TIMEOUT(
                dialog->message()->text().contains("another approver must sign it off"), 10000);
            QCOMPARE(sql(QString("SELECT status FROM finance_statements WHERE id = %1")
                             .arg(statementId)),
                     QString("open"));
            dialog->reject();
        }
        auto s = open("manager2");
        QVERIFY(s);
        openStatement(*s);
        MatcherView* m = s->page->matcher();
        QTest::mouseClick(m->findChild<QPushButton*>("signOffButton"), Qt::LeftButton);
        widgets::SignOffDialog* dialog = nullptr;
        QTRY_VERIFY((dialog = visibleChild<widgets::SignOffDialog>(m)));
        QTest::mouseClick(dialog->findChild<QPushButton*>("confirmSignOff"), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(
            sql(QString("SELECT status FROM finance_statements WHERE id = %1").arg(statementId)),
            QString("closed"), 10000);
        QTRY_VERIFY(m->statement() && m->statement()->isClosed());
        // Read-only now: the keys say why, the server is not asked.
        m->table()->setFocus();
        QTest::keyClick(m->table(), Qt::Key_X);
        QVERIFY(m->message()->text().contains("signed off"));
        QVERIFY(m->findChild<QPushButton*>("reopenButton")->isVisible());
    }

    void clerk_seesNoSignOff() {
        auto s = open("clerk");
        QVERIFY(s);
        openStatement(*s);
        QVERIFY(!s->page->matcher()->findChild<QPushButton*>("signOffButton")->isVisible());
        QVERIFY(!s->page->findChild<QPushButton*>("importButton")->isHidden());
    }
};

QTEST_MAIN(FinanceGuiServerTest)
#include "tst_finance_gui_server.moc"
