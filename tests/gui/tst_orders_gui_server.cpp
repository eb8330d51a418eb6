// The Orders page against the real server: find an order by the customer's email in the search
// box, open it, refund part of it through the real dialog and see the result; actions per role;
// a stale edit (412) shown with what changed, discarded or reapplied; a refund refused (409)
// explained; shipping; sorting by header; export; keyboard; filters remembered across restarts.
#include <QAbstractItemModelTester>
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPlainTextEdit>
#include <QProgressDialog>
#include <QPushButton>
#include <QRegularExpression>
#include <QSettings>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QToolButton>
#include <QtTest>

#include "orderstestdata.h"
#include "services-client/orders/orderlistmodel.h"
#include "testcluster.h"
#include "widgets/common/conflictbanner.h"
#include "widgets/orders/orderdetailpane.h"
#include "widgets/orders/orderdialogs.h"
#include "widgets/orders/orderfilterbar.h"
#include "widgets/orders/orderspage.h"

using namespace opsdesk;
using namespace opsdesk::test;
using client::OrderListModel;
using widgets::OrdersPage;

namespace {

template <typename T>
T* visibleChild(QWidget* root) {
    for (T* w : root->findChildren<T*>()) {
        if (w->isVisible()) {
            return w;
        }
    }
    return nullptr;
}

}  // namespace

class OrdersGuiServerTest : public QObject {
    Q_OBJECT

private:
    TestCluster cluster;
    ServerProcess server;
    HandedInOrder mei;
    HandedInOrder second;
    HandedInOrder third;
    HandedInOrder unpaid;

    struct Screen {
        SignedInClient client;
        std::unique_ptr<OrdersPage> page;
        std::unique_ptr<QAbstractItemModelTester> tester;
    };

    std::unique_ptr<Screen> open(const QString& user) {
        auto s = std::make_unique<Screen>();
        if (!s->client.signIn(server.baseUrl(), user)) {
            return nullptr;
        }
        widgets::ModuleContext context;
        context.api = &s->client.api;
        context.session = &s->client.session;
        s->page = std::make_unique<OrdersPage>(context);
        s->tester = std::make_unique<QAbstractItemModelTester>(
            s->page->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        s->page->filterBar()->setSearchDelay(std::chrono::milliseconds(300));
        s->page->resize(1300, 820);
        s->page->show();
        return s;
    }

    // Types into the search box as a person would and waits for the one matching order.
    void search(Screen& s, const QString& text, int expectedRows) {
        QLineEdit* box = s.page->filterBar()->searchEdit();
        box->clear();
        QTest::keyClicks(box, text);
        QTRY_VERIFY_WITH_TIMEOUT(s.page->model()->filter().search == text &&
                                     !s.page->model()->isLoading() &&
                                     s.page->model()->itemRowCount() == expectedRows,
                                 10000);
    }

    void openRow(Screen& s, int row) {
        QTableView* table = s.page->table();
        const QRect rect = table->visualRect(s.page->model()->index(row, 0));
        QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, rect.center());
        QTest::keyClick(table, Qt::Key_Return);
        const qint64 id = s.page->model()->itemAt(row)->id;
        QTRY_VERIFY_WITH_TIMEOUT(
            s.page->detailPane()->order() && s.page->detailPane()->order()->id == id, 10000);
    }

    QPushButton* button(Screen& s, const QString& name) {
        return s.page->detailPane()->findChild<QPushButton*>(name);
    }

    // Finds the order by `text`, opens it and presses the action `buttonName`: the dialog it
    // opened, or null.
    template <typename Dialog>
    Dialog* startAction(Screen& s, const QString& text, const char* buttonName) {
        search(s, text, 1);
        openRow(s, 0);
        QPushButton* action = nullptr;
        if (!QTest::qWaitFor([&] { return (action = button(s, buttonName)) != nullptr; })) {
            return nullptr;
        }
        QTest::mouseClick(action, Qt::LeftButton);
        Dialog* dialog = nullptr;
        const bool opened = QTest::qWaitFor(
            [&] { return (dialog = visibleChild<Dialog>(s.page.get())) != nullptr; });
        return opened ? dialog : nullptr;
    }

    // POST on the order behind the screen's back, as someone else at another desk would.
    int elsewhere(const HandedInOrder& order, const QString& what, const QByteArray& body,
                  int version = 0) {
        const QString token = tokenFor(server, "admin");
        QList<QPair<QByteArray, QByteArray>> headers{{"Authorization", "Bearer " + token.toUtf8()}};
        if (version > 0) {
            headers.append({"If-Match", "\"" + QByteArray::number(version) + "\""});
        }
        return httpRequest("POST",
                           server.baseUrl().resolved(
                               QUrl(QString("/api/v1/orders/%1/%2").arg(order.id).arg(what))),
                           body, headers)
            .status;
    }

    // Settings of this suite's own (QSettings' user scope): suites run side by side, and the
    // desk remembers things (the orders page its filter) in the user's settings.
    QTemporaryDir settingsDir_;

private slots:
    void initTestCase() {
        QVERIFY(settingsDir_.isValid());
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, settingsDir_.path());
        QStandardPaths::setTestModeEnabled(true);
        QSettings(QStringLiteral("OpsDesk"), QStringLiteral("OpsDesk")).clear();
        QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
        QString error;
        QVERIFY2(TestCluster::load(&cluster, &error), qPrintable(error));
        const QString url = cluster.createDatabase(QStringLiteral("orders_gui"));
        QVERIFY2(startOrdersServer(server, url, {{"admin", "admin"}, {"agent", "support_agent"}},
                                   &error),
                 qPrintable(error));
        mei = handInOrder(server, "gui-1", "Han Mei", "mei.han@example.com", 15000, 2);
        second = handInOrder(server, "gui-2", "Wang Fang", "wang.fang@example.com", 4999);
        third = handInOrder(server, "gui-3", "Zhou Jie", "zhou.jie@example.com", 12000);
        unpaid = handInOrder(server, "gui-4", "Liu Yang", "liu.yang@example.com", 2000, 1, false);
        QVERIFY(mei.id && second.id && third.id && unpaid.id);
    }

    void cleanupTestCase() {
        QSettings(QStringLiteral("OpsDesk"), QStringLiteral("OpsDesk")).clear();
    }

    void admin_findsOrderByEmail_refundsPart_seesPartiallyRefunded() {
        auto s = open("admin");
        QVERIFY(s);
        QTRY_VERIFY_WITH_TIMEOUT(s->page->model()->itemRowCount() == 4, 10000);
        auto* total = s->page->findChild<QLabel*>(QStringLiteral("totalLabel"));
        QCOMPARE(total->text(), QStringLiteral("4 orders"));
        search(*s, QStringLiteral("mei.han@"), 1);
        QCOMPARE(s->page->model()->itemAt(0)->number, mei.number);
        QCOMPARE(total->text(), QStringLiteral("1 order"));
        openRow(*s, 0);

        // Admin on a paid order: fulfilling, cancel, refund, note.
        QVERIFY(button(*s, "action_fulfilling"));
        QVERIFY(button(*s, "action_cancelled"));
        QVERIFY(button(*s, "noteButton"));
        QPushButton* refund = button(*s, "refundButton");
        QVERIFY(refund && refund->isVisible());
        QTest::mouseClick(refund, Qt::LeftButton);
        widgets::RefundDialog* dialog = nullptr;
        QTRY_VERIFY((dialog = visibleChild<widgets::RefundDialog>(s->page.get())));
        QVERIFY(dialog->findChild<QLabel*>("refundableLabel")->text().contains("¥308.00"));
        QTest::keyClicks(dialog->amountEdit(), QStringLiteral("50.00"));
        QTest::keyClicks(dialog->reasonEdit(), QStringLiteral("Box arrived damaged"));
        // What the desk asks the server from the click on: the refund answer carries the
        // order, so one request does it all.
        QStringList asked;
        connect(s->client.api.network(), &QNetworkAccessManager::finished, this,
                [&asked](QNetworkReply* reply) {
                    asked << QStringLiteral("%1 %2").arg(
                        reply->operation() == QNetworkAccessManager::GetOperation ? "GET" : "POST",
                        reply->url().path());
                });
        QTest::mouseClick(dialog->submitButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!visibleChild<widgets::RefundDialog>(s->page.get()), 10000);

        widgets::OrderDetailPane* pane = s->page->detailPane();
        QVERIFY(!pane->isLoading());  // and nothing on its way either
        QCOMPARE(asked, QStringList{QStringLiteral("POST /api/v1/orders/%1/refunds").arg(mei.id)});
        QTRY_COMPARE_WITH_TIMEOUT(pane->order()->status, QStringLiteral("partially_refunded"),
                                  10000);
        QVERIFY(
            pane->findChild<QLabel*>("orderStatusLabel")->text().contains("Partially refunded"));
        const QString refunds = pane->findChild<QLabel*>("refundsLabel")->text();
        QVERIFY2(refunds.contains("Box arrived damaged") && refunds.contains("¥50.00"),
                 qPrintable(refunds));
        QCOMPARE(pane->findChild<QLabel*>("refundedValue")->text(), QStringLiteral("¥50.00"));
        QCOMPARE(pane->findChild<QLabel*>("refundableValue")->text(), QStringLiteral("¥258.00"));
        QVERIFY(pane->findChild<QLabel*>("timelineLabel")->text().contains("Partially refunded"));
        // The list row follows, without a reset.
        QCOMPARE(s->page->model()->index(0, OrderListModel::StatusColumn).data().toString(),
                 QStringLiteral("Partially refunded"));
        QCOMPARE(pane->order()->refunds.size(), 1);
    }

    void supportAgent_seesNoActions() {
        auto s = open("agent");
        QVERIFY(s);
        search(*s, QStringLiteral("wang.fang"), 1);
        openRow(*s, 0);
        QVERIFY(s->page->detailPane()->actions().empty());
        QVERIFY(s->page->detailPane()
                    ->findChildren<QPushButton*>(QRegularExpression("^action_|Button$"))
                    .isEmpty());
    }

    void staleEdit_noLongerAllowed_showsWhatChanged_discardCloses() {
        auto s = open("admin");
        QVERIFY(s);
        auto* dialog = startAction<widgets::TransitionDialog>(*s, QStringLiteral("zhou.jie"),
                                                              "action_cancelled");
        QVERIFY(dialog);
        auto* reason = dialog->findChild<QPlainTextEdit*>("reasonEdit");
        QVERIFY(!dialog->submitButton()->isEnabled());  // a reason is required
        QTest::keyClicks(reason, QStringLiteral("Customer asked to cancel"));
        QVERIFY(dialog->findChild<QLabel*>("cancelRefundNote"));

        // Meanwhile someone else starts fulfilling it.
        QCOMPARE(elsewhere(third, "transitions", R"({"to":"fulfilling"})", dialog->order().version),
                 200);

        QTest::mouseClick(dialog->submitButton(), Qt::LeftButton);
        widgets::ConflictBanner* banner = dialog->conflictBanner();
        QTRY_VERIFY_WITH_TIMEOUT(banner->isVisible(), 10000);
        QCOMPARE(banner->kind(), widgets::ConflictBanner::Kind::Stale);
        QVERIFY(banner->summary().startsWith("Someone else changed this order"));
        QCOMPARE(banner->changes(),
                 (QList<widgets::ConflictBanner::Change>{{"Status", "Paid", "Fulfilling"}}));
        // A fulfilling order cannot be cancelled by hand: nothing to reapply.
        QVERIFY(!banner->reapplyButton()->isVisible());
        QVERIFY(banner->text().contains("The order is now “Fulfilling”, which does not allow"));
        QCOMPARE(dialog->order().status, QStringLiteral("fulfilling"));
        QCOMPARE(reason->toPlainText(), QStringLiteral("Customer asked to cancel"));
        // The pane shows the order as it is now.
        QTRY_COMPARE(s->page->detailPane()->order()->status, QStringLiteral("fulfilling"));

        QTest::mouseClick(banner->discardButton(), Qt::LeftButton);
        QTRY_VERIFY(!visibleChild<widgets::TransitionDialog>(s->page.get()));
        QTRY_VERIFY(button(*s, "action_shipped"));
        QVERIFY(!button(*s, "action_cancelled"));
    }

    void staleEdit_stillAllowed_reapplySendsItAgainstTheCurrentVersion() {
        auto s = open("admin");
        QVERIFY(s);
        auto* ship = startAction<widgets::TransitionDialog>(*s, QStringLiteral("zhou.jie"),
                                                            "action_shipped");
        QVERIFY(ship);
        ship->findChild<QComboBox*>("carrierCombo")->setEditText("SF Express");
        QTest::keyClicks(ship->findChild<QLineEdit*>("trackingEdit"), "SF1029384756");
        const int saw = ship->order().version;
        // Meanwhile a colleague adds a note: the version moves on, nothing shown here changes.
        QCOMPARE(elsewhere(third, "notes", R"({"body":"Customer called about delivery"})"), 201);

        QTest::mouseClick(ship->submitButton(), Qt::LeftButton);
        widgets::ConflictBanner* banner = ship->conflictBanner();
        QTRY_VERIFY_WITH_TIMEOUT(banner->isVisible(), 10000);
        QVERIFY(banner->changes().isEmpty());
        QVERIFY(ship->order().version > saw);
        QVERIFY(banner->reapplyButton()->isVisible());
        QTest::mouseClick(banner->reapplyButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!visibleChild<widgets::TransitionDialog>(s->page.get()), 10000);
        QTRY_COMPARE(s->page->detailPane()->order()->status, QStringLiteral("shipped"));
        QVERIFY(s->page->detailPane()
                    ->findChild<QLabel*>("shipmentsLabel")
                    ->text()
                    .contains("SF1029384756"));
        QVERIFY(button(*s, "action_delivered"));
        QVERIFY(!button(*s, "action_cancelled"));
    }

    void refund_ofAnOrderCancelledMeanwhile_isRefusedInWords_withWhatChanged() {
        auto s = open("admin");
        QVERIFY(s);
        auto* dialog =
            startAction<widgets::RefundDialog>(*s, QStringLiteral("wang.fang"), "refundButton");
        QVERIFY(dialog);
        QTest::keyClicks(dialog->amountEdit(), QStringLiteral("10.00"));
        QTest::keyClicks(dialog->reasonEdit(), QStringLiteral("Late delivery"));
        // Meanwhile someone cancels it, which pays everything back.
        QCOMPARE(elsewhere(second, "transitions", R"({"to":"cancelled","reason":"Out of stock"})",
                           dialog->order().version),
                 200);

        QTest::mouseClick(dialog->submitButton(), Qt::LeftButton);
        widgets::ConflictBanner* banner = dialog->conflictBanner();
        QTRY_VERIFY_WITH_TIMEOUT(banner->isVisible(), 10000);
        QCOMPARE(banner->kind(), widgets::ConflictBanner::Kind::Refused);
        QCOMPARE(banner->summary(),
                 QStringLiteral("It is now “Cancelled”, which does not allow this."));
        QCOMPARE(banner->changes(),
                 (QList<widgets::ConflictBanner::Change>{{"Status", "Paid", "Cancelled"},
                                                         {"Refunded", "¥0.00", "¥57.99"}}));
        QVERIFY(!banner->reapplyButton()->isVisible());
        QVERIFY(dialog->isVisible());
        QTest::mouseClick(banner->discardButton(), Qt::LeftButton);
        QTRY_VERIFY(!visibleChild<widgets::RefundDialog>(s->page.get()));
        QTRY_COMPARE(s->page->detailPane()->order()->status, QStringLiteral("cancelled"));
        QCOMPARE(s->page->detailPane()->order()->refunds.size(), 1);  // theirs only
    }

    void headerClicks_sortOnTheServer() {
        auto s = open("admin");
        QVERIFY(s);
        s->page->filterBar()->searchEdit()->clear();
        QTRY_VERIFY(s->page->model()->itemRowCount() == 4 && !s->page->model()->isLoading());
        QHeaderView* header = s->page->table()->horizontalHeader();
        const int x = header->sectionViewportPosition(OrderListModel::TotalColumn) + 10;
        QTest::mouseClick(header->viewport(), Qt::LeftButton, {}, QPoint(x, header->height() / 2));
        QTRY_VERIFY(s->page->model()->filter().sort == client::OrderFilter::Sort::Total &&
                    !s->page->model()->isLoading() && s->page->model()->itemRowCount() == 4);
        QVERIFY(s->page->model()->filter().descending);
        QCOMPARE(s->page->model()->itemAt(0)->id, mei.id);  // the largest first
        QTest::mouseClick(header->viewport(), Qt::LeftButton, {}, QPoint(x, header->height() / 2));
        QTRY_VERIFY(!s->page->model()->filter().descending && !s->page->model()->isLoading() &&
                    s->page->model()->itemRowCount() == 4);
        QCOMPARE(s->page->model()->itemAt(0)->id, unpaid.id);
        QCOMPARE(header->sortIndicatorSection(), int(OrderListModel::TotalColumn));
        QCOMPARE(header->sortIndicatorOrder(), Qt::AscendingOrder);
    }

    void keyboard_ctrlFFocusesSearch_ctrlLCopiesNumber() {
        auto s = open("admin");
        QVERIFY(s);
        QTRY_VERIFY(s->page->model()->itemRowCount() > 0 && !s->page->model()->isLoading());
        QVERIFY(QTest::qWaitForWindowActive(s->page.get()));
        s->page->table()->setFocus();
        QTest::keySequence(s->page->table(), QKeySequence::Find);
        QTRY_VERIFY(s->page->filterBar()->searchEdit()->hasFocus());
        s->page->table()->setFocus();
        s->page->table()->setCurrentIndex(s->page->model()->index(1, 0));
        QTest::keyClick(s->page->table(), Qt::Key_L, Qt::ControlModifier);
        QCOMPARE(QGuiApplication::clipboard()->text(), s->page->model()->itemAt(1)->number);
    }

    void export_writesTheFilteredOrders() {
        auto s = open("admin");
        QVERIFY(s);
        QTRY_VERIFY(!s->page->model()->isLoading());
        QTest::mouseClick(s->page->filterBar()->findChild<QToolButton*>("statusChip_paid"),
                          Qt::LeftButton);
        QTRY_VERIFY(s->page->model()->filter().statuses == QStringList{"paid"} &&
                    !s->page->model()->isLoading());
        QTemporaryDir dir;
        const QString file = dir.filePath("paid.csv");
        auto* job = s->page->startExport(file);
        QVERIFY(job);
        QVERIFY(s->page->findChild<QProgressDialog*>("exportProgress"));
        QSignalSpy finished(job, &client::OrderCsvExport::finished);
        QVERIFY(finished.wait(20000));
        QFile csv(file);
        QVERIFY(csv.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = csv.readAll().split('\n');
        QCOMPARE(lines.size(), 1 + s->page->model()->itemRowCount() + 1);  // header, rows, ""
        QTRY_VERIFY(
            s->page->findChild<QLabel*>("exportStatusLabel")->text().startsWith("Exported"));
    }

    void filters_areRememberedAcrossRestarts() {
        {
            auto s = open("admin");
            QVERIFY(s);
            QTest::mouseClick(s->page->filterBar()->findChild<QToolButton*>("statusChip_shipped"),
                              Qt::LeftButton);
            search(*s, QStringLiteral("zhou"), 1);
            QCOMPARE(s->page->model()->filter().statuses, (QStringList{"paid", "shipped"}));
        }
        auto s = open("admin");
        QVERIFY(s);
        QCOMPARE(s->page->model()->filter().search, QStringLiteral("zhou"));
        QCOMPARE(s->page->model()->filter().statuses, (QStringList{"paid", "shipped"}));
        QCOMPARE(s->page->filterBar()->searchEdit()->text(), QStringLiteral("zhou"));
        QVERIFY(s->page->filterBar()->findChild<QToolButton*>("statusChip_shipped")->isChecked());
        QTRY_COMPARE(s->page->model()->itemRowCount(), 1);
    }
};

QTEST_MAIN(OrdersGuiServerTest)
#include "tst_orders_gui_server.moc"
