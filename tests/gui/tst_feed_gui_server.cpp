// Live data against the real server: an order handed in through the storefront API appears at
// the top of an open orders table with no user action, the shell's status bar says "Live", a
// change by someone else refreshes the open order and says who made it, and a desk that lost
// its line catches up on reconnecting.
#include <QAbstractItemModelTester>
#include <QApplication>
#include <QLabel>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSettings>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QtTest>

#include <QLineEdit>
#include <QPushButton>

#include "app/appcontroller.h"
#include "app/logindialog.h"
#include "app/mainwindow.h"
#include "opsdesk/protocol/roles.h"
#include "orderstestdata.h"
#include "services-client/feed/feedclient.h"
#include "services-client/orders/orderlistmodel.h"
#include "services-client/settings/clientsettings.h"
#include "testcluster.h"
#include "widgets/orders/orderdetailpane.h"
#include "widgets/orders/orderdialogs.h"
#include "widgets/orders/orderspage.h"

using namespace opsdesk;
using namespace opsdesk::test;
using client::FeedClient;
using client::OrderListModel;
using widgets::OrdersPage;

class FeedGuiServerTest : public QObject {
    Q_OBJECT

private:
    TestCluster cluster;
    ServerProcess server;
    QTemporaryDir dir;
    int seq = 0;

    struct Desk {
        SignedInClient client;
        std::unique_ptr<FeedClient> feed;
        std::unique_ptr<app::MainWindow> window;
        OrdersPage* page = nullptr;
        std::unique_ptr<QAbstractItemModelTester> tester;
    };

    // The shell as a person has it after signing in: the window, the feed, the Orders page.
    std::unique_ptr<Desk> openDesk(const QString& user) {
        auto d = std::make_unique<Desk>();
        if (!d->client.signIn(server.baseUrl(), user)) {
            return nullptr;
        }
        d->feed = std::make_unique<FeedClient>(&d->client.api, &d->client.session);
        d->feed->setStore(
            std::make_shared<QSettings>(dir.filePath(user + ".ini"), QSettings::IniFormat));
        d->feed->setTopics(FeedClient::topicsFor(d->client.session.user().permissions));
        d->window = std::make_unique<app::MainWindow>(
            widgets::ModuleContext{&d->client.api, &d->client.session, {}, d->feed.get()});
        d->window->resize(1300, 820);
        d->window->show();
        if (!d->window->openModule(QStringLiteral("orders"))) {
            return nullptr;
        }
        d->page = d->window->findChild<OrdersPage*>();
        if (!d->page) {
            return nullptr;
        }
        d->tester = std::make_unique<QAbstractItemModelTester>(
            d->page->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        d->feed->start();
        return d;
    }

    HandedInOrder handIn(qint64 price, bool pay = false) {
        const QString ext = QStringLiteral("feedgui-%1").arg(++seq);
        return handInOrder(server, ext, QStringLiteral("Zhao Min %1").arg(seq),
                           ext + "@example.com", price, 1, pay);
    }

    // Settings of this suite's own (QSettings' user scope): suites run side by side, and the
    // desk remembers things (the orders page its filter) in the user's settings.
    QTemporaryDir settingsDir_;

private slots:
    void initTestCase() {
        QVERIFY(settingsDir_.isValid());
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, settingsDir_.path());
        QVERIFY(dir.isValid());
        QStandardPaths::setTestModeEnabled(true);
        QSettings(QStringLiteral("OpsDesk"), QStringLiteral("OpsDesk")).clear();
        QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
        QString error;
        QVERIFY2(TestCluster::load(&cluster, &error), qPrintable(error));
        const QString url = cluster.createDatabase(QStringLiteral("feed_gui"));
        QVERIFY2(
            startOrdersServer(server, url, {{"admin", "admin"}, {"lead", "support_lead"}}, &error),
            qPrintable(error));
        for (int i = 0; i < 5; ++i) {
            QVERIFY(handIn(5000 + i * 100, true).id);
        }
    }

    void cleanupTestCase() {
        QSettings(QStringLiteral("OpsDesk"), QStringLiteral("OpsDesk")).clear();
    }

    void storefrontOrder_appearsInTheOpenTable_withoutAnyUserAction() {
        auto desk = openDesk("admin");
        QVERIFY(desk);
        OrderListModel* model = desk->page->model();
        QTRY_VERIFY_WITH_TIMEOUT(model->itemRowCount() >= 5 && !model->isLoading(), 10'000);
        auto* feedLabel = desk->window->findChild<QLabel*>("feedStatusLabel");
        QTRY_COMPARE_WITH_TIMEOUT(feedLabel->text(), QStringLiteral("Live"), 10'000);
        const int before = model->itemRowCount();

        const HandedInOrder fresh = handIn(88800);
        QVERIFY(fresh.id);
        QTRY_COMPARE_WITH_TIMEOUT(model->itemAt(0)->number, fresh.number, 10'000);
        QCOMPARE(model->itemRowCount(), before + 1);
        QVERIFY(model->isHighlighted(fresh.id));
        QCOMPARE(model->index(0, OrderListModel::StatusColumn).data().toString(),
                 QStringLiteral("Awaiting payment"));
        // Paid a moment later: the same row follows, in place.
        const auto payment =
            httpRequest("POST", server.baseUrl().resolved(QUrl("/api/v1/storefront/payments")),
                        QJsonDocument(QJsonObject{{"order_external_id", fresh.externalId},
                                                  {"provider", "alipay"},
                                                  {"provider_ref", "pay-" + fresh.externalId},
                                                  {"amount_minor", 88800 + 800},
                                                  {"currency", "CNY"}})
                            .toJson(),
                        {{"X-Api-Key", kOrdersServiceKey}});
        QCOMPARE(payment.status, 201);
        QTRY_COMPARE_WITH_TIMEOUT(model->index(0, OrderListModel::StatusColumn).data().toString(),
                                  QStringLiteral("Paid"), 10'000);
        QCOMPARE(model->itemAt(0)->id, fresh.id);
        desk->feed->stop();
        QCOMPARE(feedLabel->text(), QStringLiteral("Offline"));
    }

    void openOrder_changedBySomeoneElse_refreshes_andSaysWho() {
        auto desk = openDesk("admin");
        QVERIFY(desk);
        OrderListModel* model = desk->page->model();
        QTRY_VERIFY_WITH_TIMEOUT(model->itemRowCount() >= 5 && !model->isLoading(), 10'000);
        QTRY_COMPARE_WITH_TIMEOUT(desk->feed->state(), FeedClient::State::Live, 10'000);
        const HandedInOrder target = handIn(4200, true);
        QTRY_COMPARE_WITH_TIMEOUT(model->itemAt(0)->id, target.id, 10'000);
        QTRY_COMPARE_WITH_TIMEOUT(model->itemAt(0)->status, QStringLiteral("paid"), 10'000);
        QTableView* table = desk->page->table();
        QTest::mouseClick(table->viewport(), Qt::LeftButton, {},
                          table->visualRect(model->index(0, 0)).center());
        QTest::keyClick(table, Qt::Key_Return);
        widgets::OrderDetailPane* pane = desk->page->detailPane();
        QTRY_VERIFY_WITH_TIMEOUT(pane->order() && pane->order()->id == target.id, 10'000);
        QCOMPARE(pane->liveChangeText(), QString());

        // A support lead refunds part of it from their own desk (here: the API).
        const QString token = tokenFor(server, "lead");
        const auto refund = httpRequest(
            "POST",
            server.baseUrl().resolved(
                QUrl(QStringLiteral("/api/v1/orders/%1/refunds").arg(target.id))),
            QJsonDocument(QJsonObject{{"amount_minor", 1000}, {"reason", "Late delivery"}})
                .toJson(),
            {{"Authorization", "Bearer " + token.toUtf8()},
             {"Idempotency-Key", "feed-gui-refund-1"}});
        QCOMPARE(refund.status, 201);
        QTRY_COMPARE_WITH_TIMEOUT(pane->order()->status, QStringLiteral("partially_refunded"),
                                  10'000);
        QVERIFY2(pane->liveChangeText().contains(QStringLiteral("Changed by lead")),
                 qPrintable(pane->liveChangeText()));
        QCOMPARE(pane->order()->refunds.size(), 1);
        QTRY_COMPARE_WITH_TIMEOUT(
            model->index(model->rowOfId(target.id), OrderListModel::StatusColumn).data().toString(),
            QStringLiteral("Partially refunded"), 10'000);
        desk->feed->stop();
    }

    void ownRefund_isOneRequest_andItsEchoOnTheFeedReloadsNothing() {
        auto desk = openDesk("admin");
        QVERIFY(desk);
        OrderListModel* model = desk->page->model();
        QTRY_COMPARE_WITH_TIMEOUT(desk->feed->state(), FeedClient::State::Live, 10'000);
        const HandedInOrder target = handIn(6400, true);
        QTRY_VERIFY_WITH_TIMEOUT(model->rowOfId(target.id) >= 0 &&
                                     model->itemAt(model->rowOfId(target.id))->status == "paid",
                                 10'000);
        widgets::OrderDetailPane* pane = desk->page->detailPane();
        pane->showOrder(target.id);
        QTRY_VERIFY_WITH_TIMEOUT(pane->order() && !pane->isLoading(), 10'000);
        const int before = pane->order()->version;

        QStringList asked;  // what this desk asks the server from here on
        connect(desk->client.api.network(), &QNetworkAccessManager::finished, this,
                [&asked](QNetworkReply* reply) {
                    asked << QStringLiteral("%1 %2").arg(
                        reply->operation() == QNetworkAccessManager::GetOperation ? "GET" : "POST",
                        reply->url().path());
                });
        QSignalSpy echoes(desk->feed.get(), &FeedClient::eventReceived);
        const auto refund =
            std::find_if(pane->actions().begin(), pane->actions().end(),
                         [](const auto& a) { return a.kind == client::OrderAction::Kind::Refund; });
        QVERIFY(refund != pane->actions().end());
        auto* dialog = qobject_cast<widgets::RefundDialog*>(pane->startAction(*refund));
        QVERIFY(dialog);
        QTest::keyClicks(dialog->amountEdit(), QStringLiteral("10.00"));
        QTest::keyClicks(dialog->reasonEdit(), QStringLiteral("Goodwill"));
        QTest::mouseClick(dialog->submitButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(pane->order()->status, QStringLiteral("partially_refunded"),
                                  10'000);
        const int after = pane->order()->version;
        QVERIFY(after > before);
        // The feed brings this desk's own change back; the pane shows that version already.
        QTRY_VERIFY_WITH_TIMEOUT(
            std::any_of(echoes.begin(), echoes.end(),
                        [&](const QList<QVariant>& args) {
                            const auto e = args.at(0).value<client::FeedEvent>();
                            return e.kind == protocol::EventKind::OrderUpdated &&
                                   e.data.value("id").toInteger() == target.id &&
                                   e.data.value("version").toInt() == after;
                        }),
            10'000);
        QVERIFY(!pane->isLoading());
        QCOMPARE(asked,
                 QStringList{QStringLiteral("POST /api/v1/orders/%1/refunds").arg(target.id)});
        QCOMPARE(pane->liveChangeText(), QString());  // nothing to say about one's own change
        QCOMPARE(model->itemAt(model->rowOfId(target.id))->version, after);
        desk->feed->stop();
    }

    void signIn_startsTheFeedWithTheUsersTopics_signOutStopsIt() {
        client::ClientSettings settings(dir.filePath(QStringLiteral("shell.ini")));
        app::AppOptions options;
        options.server = server.baseUrl();
        options.language = QStringLiteral("en");
        app::AppController controller(&settings, options);
        controller.start();
        app::LoginDialog* dialog = controller.loginDialog();
        QTRY_VERIFY(dialog && dialog->isVisible());
        auto* user = dialog->findChild<QLineEdit*>(QStringLiteral("usernameEdit"));
        user->clear();
        QTest::keyClicks(user, QStringLiteral("lead"));
        QTest::keyClicks(dialog->findChild<QLineEdit*>(QStringLiteral("passwordEdit")),
                         kOrdersPassword);
        QTest::mouseClick(dialog->findChild<QPushButton*>(QStringLiteral("signInButton")),
                          Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(controller.mainWindow() && controller.mainWindow()->isVisible(),
                                 20'000);
        FeedClient* feed = controller.feed();
        QTRY_COMPARE_WITH_TIMEOUT(feed->state(), FeedClient::State::Live, 10'000);
        // A support lead reads orders, tickets and the catalogue; no payments, no finance.
        QCOMPARE(feed->topics(), QStringList({"orders", "tickets", "catalog"}));
        auto* label = controller.mainWindow()->findChild<QLabel*>("feedStatusLabel");
        QCOMPARE(label->text(), QStringLiteral("Live"));
        // The resume id lives with the user's settings, per server and user.
        QTRY_VERIFY_WITH_TIMEOUT(settings.store()->contains(feed->storeKey()), 10'000);

        // The Orders page (the first module) follows the feed.
        auto* page = controller.mainWindow()->findChild<OrdersPage*>();
        QVERIFY(page);
        QTRY_VERIFY_WITH_TIMEOUT(!page->model()->isLoading(), 10'000);
        const HandedInOrder fresh = handIn(12300);
        QTRY_COMPARE_WITH_TIMEOUT(page->model()->itemAt(0)->number, fresh.number, 10'000);

        controller.signOut();
        QCOMPARE(feed->state(), FeedClient::State::Offline);
        QVERIFY(!feed->isRunning());
    }

    void deskThatLostItsLine_catchesUpOnReconnecting() {
        auto desk = openDesk("admin");
        QVERIFY(desk);
        OrderListModel* model = desk->page->model();
        QTRY_COMPARE_WITH_TIMEOUT(desk->feed->state(), FeedClient::State::Live, 10'000);
        QTRY_VERIFY_WITH_TIMEOUT(!model->isLoading() && model->itemRowCount() > 0, 10'000);
        desk->feed->stop();
        QStringList missed;
        for (int i = 0; i < 3; ++i) {
            missed.prepend(handIn(700 + i).number);  // newest first, as the table shows
        }
        desk->feed->start();
        QTRY_COMPARE_WITH_TIMEOUT(desk->feed->state(), FeedClient::State::Live, 10'000);
        QTRY_COMPARE_WITH_TIMEOUT(model->itemAt(0)->number, missed.first(), 10'000);
        QStringList top;
        for (int r = 0; r < 3; ++r) {
            top << model->itemAt(r)->number;
        }
        QCOMPARE(top, missed);
        desk->feed->stop();
    }
};

QTEST_MAIN(FeedGuiServerTest)
#include "tst_feed_gui_server.moc"
