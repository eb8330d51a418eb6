// Live data in the widgets, offscreen, against scripted servers: what the tray notifier decides
// (never the user's own actions), the Settings page for notifications, the status bar's feed
// state, and a live order that does not move the rows the user is looking at.
#include <QAbstractItemModelTester>
#include <QCheckBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QScrollBar>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QtTest>

#include "app/mainwindow.h"
#include "app/settingsdialog.h"
#include "app/traynotifier.h"
#include "fakehttpserver.h"
#include "feedtesthelpers.h"
#include "services-client/api/apiclient.h"
#include "services-client/feed/feedclient.h"
#include "services-client/orders/orderlistmodel.h"
#include "services-client/settings/clientsettings.h"
#include "widgets/orders/orderdetailpane.h"
#include "widgets/orders/orderspage.h"

using namespace std::chrono_literals;
using namespace opsdesk;
using namespace opsdesk::test;
using app::TrayNotifier;
using client::FeedClient;
using client::FeedEvent;
using client::OrderListModel;
using Response = FakeHttpServer::Response;

namespace {

const QDateTime kNewest = QDateTime(QDate(2026, 11, 22), QTime(9, 0), Qt::UTC);

QJsonObject orderData(int n, qint64 total = 19900, const QString& changedBy = {},
                      const QString& status = QStringLiteral("paid")) {
    QJsonObject o{{"id", 1000 - n},
                  {"number", QStringLiteral("OD%1").arg(1000 - n, 8, 10, QLatin1Char('0'))},
                  {"status", status},
                  {"customer", QJsonObject{{"id", n},
                                           {"name", QStringLiteral("Customer %1").arg(n)},
                                           {"email", QStringLiteral("c%1@example.com").arg(n)}}},
                  {"total_minor", total},
                  {"currency", "CNY"},
                  {"created_at", kNewest.addSecs(-60 * n).toString(Qt::ISODate)},
                  {"updated_at", kNewest.addSecs(-60 * n).toString(Qt::ISODate)},
                  {"version", 2}};
    if (!changedBy.isEmpty()) {
        o["changed_by"] = changedBy;
    }
    return o;
}

FeedEvent feedEvent(qint64 id, const QString& kind, const QJsonObject& data) {
    FeedEvent e;
    e.id = id;
    e.kind = *protocol::eventKindFromString(kind.toStdString());
    e.topic = protocol::info(e.kind).topic;
    e.data = data;
    return e;
}

}  // namespace

class FeedGuiTest : public QObject {
    Q_OBJECT

private:
    QTemporaryDir dir;

    // Settings of this suite's own (QSettings' user scope): suites run side by side, and the
    // desk remembers things (the orders page its filter) in the user's settings.
    QTemporaryDir settingsDir_;

private slots:
    void initTestCase() {
        QVERIFY(settingsDir_.isValid());
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, settingsDir_.path());
        QVERIFY(dir.isValid());
        QStandardPaths::setTestModeEnabled(true);
        QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
    }

    void notifier_newOrdersAboveTheAmount_neverTheUsersOwn() {
        client::ClientSettings settings(dir.filePath("notify.ini"));
        client::Session session;
        signInOffline(session, "mei");
        TrayNotifier notifier(&settings, &session);
        client::ClientSettings::Notifications prefs;
        prefs.newOrderMinMinor = 50000;  // ¥500.00
        settings.setNotifications(prefs);

        QVERIFY(!notifier.decide(feedEvent(1, "order.created", orderData(1, 49999))));
        const auto big = notifier.decide(feedEvent(2, "order.created", orderData(2, 50000)));
        QVERIFY(big);
        QCOMPARE(big->title, QStringLiteral("New order OD00000998"));
        QCOMPARE(big->text, QStringLiteral("¥500.00 from Customer 2"));
        QCOMPARE(big->moduleId, QStringLiteral("orders"));
        QCOMPARE(big->open.value(QStringLiteral("order_id")).toLongLong(), 998);
        // The threshold is in yuan: an order in dollars is not compared with it, it is told.
        QJsonObject dollars = orderData(6, 4000);
        dollars["currency"] = "USD";
        const auto foreign = notifier.decide(feedEvent(6, "order.created", dollars));
        QVERIFY(foreign);
        QCOMPARE(foreign->text, QStringLiteral("$40.00 from Customer 6"));
        QVERIFY(!notifier.decide(feedEvent(3, "order.created", orderData(3, 90000, "mei"))));
        QVERIFY(!notifier.decide(feedEvent(4, "order.updated", orderData(2, 90000, "wang"))));

        prefs.newOrders = false;
        settings.setNotifications(prefs);
        QVERIFY(!notifier.decide(feedEvent(5, "order.created", orderData(5, 90000))));
    }

    void notifier_refunds_byOthersOnly_fromTheRefundEventAlone() {
        client::ClientSettings settings(dir.filePath("refunds.ini"));
        client::Session session;
        signInOffline(session, "mei");
        TrayNotifier notifier(&settings, &session);
        const auto refund = [](const QString& by) {
            QJsonObject r{{"id", 5},
                          {"order_id", 990},
                          {"order_number", "OD00000990"},
                          {"amount_minor", 5000},
                          {"currency", "CNY"},
                          {"reason", "damaged"}};
            if (!by.isEmpty()) {
                r["changed_by"] = by;
            }
            return r;
        };
        // By someone else: told at once, with the order and who, from the refund event.
        const auto told = notifier.decide(feedEvent(1, "refund.created", refund("wang")));
        QVERIFY(told);
        QCOMPARE(told->open.value(QStringLiteral("order_id")).toLongLong(), 990);
        QCOMPARE(told->title, QStringLiteral("Refund on OD00000990"));
        QCOMPARE(told->text, QStringLiteral("¥50.00 refunded by wang"));
        // The order update of the same refund says nothing more.
        QVERIFY(!notifier.decide(
            feedEvent(2, "order.updated", orderData(10, 19900, "wang", "partially_refunded"))));
        // By the user: nothing.
        QVERIFY(!notifier.decide(feedEvent(3, "refund.created", refund("mei"))));
        // Nobody named (a refund made by the system): told without a name.
        const auto anonymous = notifier.decide(feedEvent(4, "refund.created", refund({})));
        QVERIFY(anonymous);
        QCOMPARE(anonymous->text, QStringLiteral("¥50.00 refunded"));
        // Switched off.
        client::ClientSettings::Notifications prefs;
        prefs.refunds = false;
        settings.setNotifications(prefs);
        QVERIFY(!notifier.decide(feedEvent(5, "refund.created", refund("wang"))));
    }

    void notifier_isQuietWhileCatchingUpAfterAStart() {
        FakeFeedServer server;
        QVERIFY(server.listen());
        server.onSubscribe = [](const QJsonObject&, int) {
            return QList<QJsonObject>{feedEventJson(1, "order.created", orderData(1)),
                                      {{"type", "ready"}, {"last_event_id", 1}}};
        };
        client::ClientSettings settings(dir.filePath("quiet.ini"));
        FeedTestClient desk(
            server.baseUrl(), "mei",
            std::make_shared<QSettings>(dir.filePath("quiet-feed.ini"), QSettings::IniFormat),
            false);
        FeedClient& feed = desk.feed;
        TrayNotifier notifier(&settings, &desk.session);
        notifier.setFeed(&feed);
        QSignalSpy notified(&notifier, &TrayNotifier::notified);
        QSignalSpy events(&feed, &FeedClient::eventReceived);
        feed.start();
        QTRY_COMPARE(feed.state(), FeedClient::State::Live);
        QCOMPARE(events.size(), 1);
        QCOMPARE(notified.size(), 0);  // history, not news
        server.sendLast(feedEventJson(2, "order.created", orderData(2)));
        QTRY_COMPARE(notified.size(), 1);
        feed.stop();
    }

    void settingsDialog_keepsTheNotificationChoices() {
        client::ClientSettings settings(dir.filePath("dialog.ini"));
        {
            app::SettingsDialog dialog(&settings, "en");
            auto* orders = dialog.findChild<QCheckBox*>("notifyNewOrdersCheck");
            auto* min = dialog.findChild<QLineEdit*>("notifyMinAmountEdit");
            auto* refunds = dialog.findChild<QCheckBox*>("notifyRefundsCheck");
            QVERIFY(orders && min && refunds);
            QVERIFY(orders->isChecked() && refunds->isChecked());
            QTest::keyClicks(min, "1,250.50");
            refunds->setChecked(false);
            dialog.accept();
            QCOMPARE(dialog.result(), int(QDialog::Accepted));
        }
        QCOMPARE(settings.notifications().newOrderMinMinor, 125050);
        QVERIFY(settings.notifications().newOrders);
        QVERIFY(!settings.notifications().refunds);
        {
            app::SettingsDialog dialog(&settings, "en");
            auto* min = dialog.findChild<QLineEdit*>("notifyMinAmountEdit");
            QCOMPARE(min->text(), QStringLiteral("1250.50"));
            min->setText("twelve");
            dialog.accept();
            QCOMPARE(dialog.result(), int(QDialog::Rejected));  // stays open, explains
        }
        QCOMPARE(settings.notifications().newOrderMinMinor, 125050);
    }

    void statusBar_showsLive_reconnectingCountdown_offline() {
        FakeFeedServer server;
        QVERIFY(server.listen());
        FeedTestClient desk(
            server.baseUrl(), "mei",
            std::make_shared<QSettings>(dir.filePath("bar.ini"), QSettings::IniFormat));
        FeedClient& feed = desk.feed;
        ManualTimers& timers = desk.timers;
        feed.setRandom([] { return 0.999; });
        app::MainWindow window({&desk.api, &desk.session, {}, &feed});
        window.show();
        auto* label = window.findChild<QLabel*>("feedStatusLabel");
        QVERIFY(label);
        QCOMPARE(label->text(), QStringLiteral("Offline"));
        feed.start();
        QTRY_COMPARE(label->text(), QStringLiteral("Live"));
        server.closeLast();
        QTRY_COMPARE(feed.state(), FeedClient::State::Reconnecting);
        timers["retry"].ms = 4000;  // what the clock says is left
        QTRY_COMPARE(label->text(), QStringLiteral("Reconnecting in 4 s"));
        timers["retry"].ms = 1200;
        QTRY_COMPARE(label->text(), QStringLiteral("Reconnecting in 2 s"));
        timers["retry"].fire();
        QTRY_COMPARE(label->text(), QStringLiteral("Live"));
        feed.stop();
        QCOMPARE(label->text(), QStringLiteral("Offline"));
    }

    void ordersPage_followsTheFeed_andReloadsOnResync() {
        FakeHttpServer http;
        QVERIFY(http.listen());
        int listCalls = 0;
        http.setHandler([&](const FakeHttpServer::Request& r) {
            if (!r.path.startsWith("/api/v1/orders?")) {
                return Response::error(404, "not_found");
            }
            ++listCalls;
            QJsonArray items{orderData(1), orderData(2)};
            return Response::json(
                200, QJsonDocument(QJsonObject{{"items", items}, {"next_cursor", QJsonValue()}})
                         .toJson());
        });
        FakeFeedServer feedServer;
        QVERIFY(feedServer.listen());
        feedServer.onSubscribe = [](const QJsonObject& sub, int) {
            if (!sub.value("since").isNull()) {
                return QList<QJsonObject>{{{"type", "resync_required"}}};
            }
            return QList<QJsonObject>{{{"type", "ready"}, {"last_event_id", 50}}};
        };
        client::ApiClient api;
        api.setBaseUrl(http.baseUrl());
        client::Session session;
        api.setSession(&session);
        signInOffline(session, "mei");
        // The feed talks to its own (scripted) server; the page to the HTTP one.
        client::ApiClient feedApi;
        feedApi.setBaseUrl(feedServer.baseUrl());
        FeedClient feed(&feedApi, &session);
        auto store =
            std::make_shared<QSettings>(dir.filePath("page-feed.ini"), QSettings::IniFormat);
        feed.setStore(store);
        store->setValue(feed.storeKey(), 3);  // long pruned
        widgets::ModuleContext context;
        context.api = &api;
        context.session = &session;
        context.feed = &feed;
        widgets::OrdersPage page(context);
        QAbstractItemModelTester tester(page.model(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QTRY_COMPARE(page.model()->itemRowCount(), 2);
        QCOMPARE(listCalls, 1);
        QSignalSpy resets(page.model(), &QAbstractItemModel::modelReset);
        feed.start();
        QTRY_COMPARE(feed.state(), FeedClient::State::Live);
        QCOMPARE(resets.size(), 1);  // reloaded instead of guessing
        QTRY_COMPARE(listCalls, 2);
        QTRY_COMPARE(page.model()->itemRowCount(), 2);
        // Then follows: a new order through the feed joins the table.
        feedServer.sendLast(feedEventJson(51, "order.created", orderData(0)));
        QTRY_COMPARE(page.model()->itemRowCount(), 3);
        QCOMPARE(page.model()->itemAt(0)->id, 1000);
        feed.stop();
    }

    void liveOrder_doesNotMoveTheRowsTheUserIsLookingAt() {
        FakeHttpServer http;
        QVERIFY(http.listen());
        const int total = 120;
        http.setHandler([&](const FakeHttpServer::Request& r) {
            const QUrlQuery q(QUrl(QString::fromLatin1(r.path)).query());
            if (!r.path.startsWith("/api/v1/orders?")) {
                return Response::error(404, "not_found");
            }
            const int offset = q.queryItemValue("cursor").toInt();
            const int limit = q.queryItemValue("limit").toInt();
            QJsonArray items;
            for (int i = offset; i < qMin(total, offset + limit); ++i) {
                items.append(orderData(i + 1));
            }
            QJsonObject body{{"items", items}};
            body["next_cursor"] = offset + limit < total
                                      ? QJsonValue(QString::number(offset + limit))
                                      : QJsonValue(QJsonValue::Null);
            return Response::json(200, QJsonDocument(body).toJson());
        });
        client::ApiClient api;
        api.setBaseUrl(http.baseUrl());
        client::Session session;
        signInOffline(session, "mei");
        widgets::ModuleContext context;
        context.api = &api;
        context.session = &session;
        widgets::OrdersPage page(context);
        QAbstractItemModelTester tester(page.model(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        page.resize(1100, 600);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        QTableView* table = page.table();
        QTRY_VERIFY(page.model()->itemRowCount() >= 40);

        // Scrolled down: the top visible order stays where it is.
        table->scrollTo(page.model()->index(30, 0), QAbstractItemView::PositionAtTop);
        const int topRow = table->rowAt(0);
        QVERIFY(topRow > 0);
        const qint64 topId = page.model()->itemAt(topRow)->id;
        const int topY = table->visualRect(page.model()->index(topRow, 0)).top();
        page.applyFeedEvent(feedEvent(1, "order.created", orderData(-1)));
        QCOMPARE(page.model()->itemAt(0)->id, 1001);
        QTRY_COMPARE(page.model()->itemAt(table->rowAt(0))->id, topId);
        QCOMPARE(table->visualRect(page.model()->index(topRow + 1, 0)).top(), topY);

        // At the top: the new order shows there, highlighted.
        table->scrollToTop();
        page.applyFeedEvent(feedEvent(2, "order.created", orderData(-2)));
        QCOMPARE(table->rowAt(0), 0);
        QCOMPARE(page.model()->itemAt(0)->id, 1002);
        QVERIFY(page.model()->index(0, 0).data(Qt::BackgroundRole).isValid());

        // A change: in place.
        const int row = page.model()->rowOfId(995);
        page.applyFeedEvent(feedEvent(3, "order.updated", orderData(5, 19900, "wang", "shipped")));
        QCOMPARE(page.model()->index(row, OrderListModel::StatusColumn).data().toString(),
                 QStringLiteral("Shipped"));
        const int rows = page.model()->itemRowCount();

        // An order the list did not show (it was outside the filter) that now matches: it
        // joins the list at its place, as a new one would.
        QJsonObject newlyPaid = orderData(-3);
        newlyPaid["version"] = 3;
        page.applyFeedEvent(feedEvent(4, "order.updated", newlyPaid));
        QCOMPARE(page.model()->itemRowCount(), rows + 1);
        QCOMPARE(page.model()->itemAt(0)->id, 1003);
        // The same update again changes nothing (no duplicate row).
        page.applyFeedEvent(feedEvent(4, "order.updated", newlyPaid));
        QCOMPARE(page.model()->itemRowCount(), rows + 1);

        // What a click on a notification asks for: that order in the detail pane.
        const QVariantMap request{{QStringLiteral("order_id"), 995}};
        QVERIFY(QMetaObject::invokeMethod(&page, "applyFilter", Q_ARG(QVariantMap, request)));
        QCOMPARE(page.detailPane()->orderId(), 995);
    }
};

QTEST_MAIN(FeedGuiTest)
#include "tst_feed_gui.moc"
