// Orders widgets against a scripted server: what the refund dialog does when an attempt times
// out (same Idempotency-Key, inputs kept), a stale transition (412) or a refused refund (409)
// shown with what changed, reapplied or discarded, the dialogs' validation, and money/time/count
// formatting in both languages.
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTranslator>
#include <QtTest>

#include "fakehttpserver.h"
#include "services-client/api/apiclient.h"
#include "services-client/orders/ordersapi.h"
#include "testhelpers.h"
#include "widgets/common/conflictbanner.h"
#include "widgets/common/format.h"
#include "widgets/common/wraplayout.h"
#include "widgets/orders/orderdialogs.h"
#include "widgets/orders/orderstext.h"

using namespace std::chrono_literals;
using namespace opsdesk;
using client::OrderDetail;
using test::FakeHttpServer;
using Response = FakeHttpServer::Response;
using widgets::Format;

namespace {

OrderDetail paidOrder() {
    OrderDetail o;
    o.id = 42;
    o.number = QStringLiteral("OD2026000042");
    o.status = QStringLiteral("paid");
    o.customer = {7, QStringLiteral("Li Lei"), QStringLiteral("li.lei@example.com")};
    o.currency = QStringLiteral("CNY");
    o.totalMinor = 30800;
    o.capturedMinor = 30800;
    o.refundedMinor = 800;
    o.version = 3;
    return o;
}

QByteArray detailJson(const QString& status, int version, qint64 refundedMinor = 800) {
    return QStringLiteral(
               R"({"id":42,"number":"OD2026000042","status":"%1","customer":{"id":7,)"
               R"("name":"Li Lei","email":"li.lei@example.com"},"total_minor":30800,)"
               R"("currency":"CNY","created_at":"2026-01-01T00:00:00Z",)"
               R"("updated_at":"2026-01-01T00:00:00Z","version":%2,"captured_minor":30800,)"
               R"("refunded_minor":%3,"items":[],"payments":[],"refunds":[],"shipments":[],)"
               R"("notes":[],"history":[]})")
        .arg(status)
        .arg(version)
        .arg(refundedMinor)
        .toUtf8();
}

client::OrderAction shipAction() {
    return {client::OrderAction::Kind::Transition, protocol::OrderStatus::Shipped, false, true};
}

}  // namespace

class OrdersGuiTest : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<FakeHttpServer> server;
    std::unique_ptr<client::ApiClient> api;
    std::unique_ptr<client::OrdersApi> orders;
    test::RecordingScheduler scheduler;

private slots:
    void init() {
        QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
        server = std::make_unique<FakeHttpServer>();
        QVERIFY(server->listen());
        api = std::make_unique<client::ApiClient>();
        api->setBaseUrl(server->baseUrl());
        scheduler = {};
        scheduler.install(api.get());
        orders = std::make_unique<client::OrdersApi>(api.get());
    }
    void cleanup() {
        orders.reset();
        api.reset();
        server.reset();
    }

    void refundDialog_firstAttemptsTimeOut_resubmitUsesSameKey_andKeepsInputs() {
        bool answer = false;
        server->setHandler([&answer](const FakeHttpServer::Request&) {
            if (!answer) {
                Response s;
                s.silent = true;
                return s;
            }
            return Response::json(201,
                                  R"({"id":9,"amount_minor":1250,"reason":"late",)"
                                  R"("status":"succeeded","created_at":"2026-01-01T00:00:00Z"})");
        });
        api->setDefaultTimeout(200ms);
        client::RetryPolicy twice;
        twice.maxAttempts = 2;
        api->setDefaultRetryPolicy(twice);

        widgets::RefundDialog dialog(orders.get(), paidOrder(), nullptr);
        QSignalSpy refunded(&dialog, &widgets::RefundDialog::refunded);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        QTest::keyClicks(dialog.amountEdit(), QStringLiteral("12.50"));
        QTest::keyClicks(dialog.reasonEdit(), QStringLiteral("late"));
        QVERIFY(dialog.submitButton()->isEnabled());
        QTest::mouseClick(dialog.submitButton(), Qt::LeftButton);
        // Both attempts of the retry policy time out: the dialog stays, explains, keeps input.
        QTRY_VERIFY_WITH_TIMEOUT(dialog.message().contains(QStringLiteral("not known")), 5000);
        QCOMPARE(server->requestCount(), 2);
        QVERIFY(dialog.isVisible());
        QCOMPARE(dialog.amountEdit()->text(), QStringLiteral("12.50"));
        QCOMPARE(dialog.reasonEdit()->text(), QStringLiteral("late"));
        QVERIFY(dialog.submitButton()->isEnabled());
        // Changing the amount after an unknown outcome keeps the key too: the server would
        // refuse a different body under it rather than pay a second time.
        answer = true;
        QTest::mouseClick(dialog.submitButton(), Qt::LeftButton);
        QTRY_COMPARE(refunded.size(), 1);
        QVERIFY(!dialog.isVisible());
        QCOMPARE(server->requestCount(), 3);
        for (const auto& r : server->requests()) {
            QCOMPARE(r.header("idempotency-key"), dialog.idempotencyKey().toUtf8());
            QCOMPARE(QJsonDocument::fromJson(r.body).object(),
                     (QJsonObject{{"amount_minor", 1250}, {"reason", "late"}}));
        }
    }

    void refundDialog_refusedForCertain_thenChanged_usesNewKey() {
        server->setHandler([](const FakeHttpServer::Request& r) {
            if (r.method == "GET") {
                return Response::json(200, detailJson("paid", 3));
            }
            const auto body = QJsonDocument::fromJson(r.body).object();
            if (body.value("amount_minor").toInteger() > 10000) {
                return Response::error(
                    422, "validation_failed",
                    R"(,"fields":{"amount_minor":"at most 10000"},"details":{"refundable_minor":10000,"currency":"CNY"})");
            }
            return Response::json(201,
                                  R"({"id":9,"amount_minor":10000,"reason":"x",)"
                                  R"("status":"succeeded","created_at":"2026-01-01T00:00:00Z"})");
        });
        widgets::RefundDialog dialog(orders.get(), paidOrder(), nullptr);
        dialog.show();
        QTest::keyClicks(dialog.amountEdit(), QStringLiteral("200"));
        QTest::keyClicks(dialog.reasonEdit(), QStringLiteral("x"));
        QTest::mouseClick(dialog.submitButton(), Qt::LeftButton);
        QTRY_VERIFY(dialog.message().contains(QStringLiteral("more than is left")));
        QVERIFY(dialog.message().contains(QStringLiteral("¥100.00")));
        const QString firstKey = dialog.idempotencyKey();
        dialog.amountEdit()->clear();
        QTest::keyClicks(dialog.amountEdit(), QStringLiteral("100"));
        QTest::mouseClick(dialog.submitButton(), Qt::LeftButton);
        QTRY_VERIFY(!dialog.isVisible());
        QVERIFY(dialog.idempotencyKey() != firstKey);
    }

    void refundDialog_validatesAmountAgainstWhatIsLeft() {
        widgets::RefundDialog dialog(orders.get(), paidOrder(), nullptr);  // ¥300.00 left
        dialog.show();
        QTest::keyClicks(dialog.reasonEdit(), QStringLiteral("r"));
        for (const char* bad : {"300.01", "abc", "1.234", "0", "-5"}) {
            dialog.amountEdit()->setText(QString::fromLatin1(bad));
            QVERIFY2(!dialog.submitButton()->isEnabled(), bad);
        }
        for (const char* good : {"300", "300.00", "0.01", "1,234"}) {
            dialog.amountEdit()->setText(QString::fromLatin1(good));
            QCOMPARE(dialog.submitButton()->isEnabled(), QByteArray(good) != "1,234");
        }
        dialog.amountEdit()->setText(QStringLiteral("12"));
        dialog.reasonEdit()->clear();
        QVERIFY(!dialog.submitButton()->isEnabled());  // a reason is required
        QVERIFY(!dialog.idempotencyKey().isEmpty());
    }

    void transitionDialog_staleVersion_showsWhatChanged_reapplySendsTheNewVersion() {
        int posts = 0;
        server->setHandler([&posts](const FakeHttpServer::Request& r) {
            if (r.method == "GET") {
                return Response::json(200, detailJson("fulfilling", 5));
            }
            if (++posts == 1) {
                return Response::error(412, "precondition_failed");
            }
            return Response::json(200, detailJson("shipped", 6));
        });
        OrderDetail order = paidOrder();
        order.status = QStringLiteral("fulfilling");
        widgets::TransitionDialog dialog(orders.get(), order, shipAction(), nullptr);
        QSignalSpy changed(&dialog, &widgets::OrderActionDialog::orderChanged);
        dialog.show();
        auto* carrier = dialog.findChild<QComboBox*>(QStringLiteral("carrierCombo"));
        auto* tracking = dialog.findChild<QLineEdit*>(QStringLiteral("trackingEdit"));
        QVERIFY(!dialog.submitButton()->isEnabled());
        carrier->setEditText(QStringLiteral("SF Express"));
        QTest::keyClicks(tracking, QStringLiteral("SF1234567890"));
        QTest::mouseClick(dialog.submitButton(), Qt::LeftButton);
        widgets::ConflictBanner* banner = dialog.conflictBanner();
        QTRY_VERIFY(banner->isVisible());
        QCOMPARE(banner->kind(), widgets::ConflictBanner::Kind::Stale);
        QVERIFY(banner->summary().startsWith(QStringLiteral("Someone else changed this order")));
        QVERIFY(banner->changes().isEmpty());  // only its version moved on (a note, say)
        QVERIFY(banner->text().contains(QStringLiteral("Nothing shown here differs")));
        QCOMPARE(changed.size(), 1);  // the pane gets the order as it is now
        QCOMPARE(dialog.order().version, 5);
        QCOMPARE(tracking->text(), QStringLiteral("SF1234567890"));
        QCOMPARE(carrier->currentText(), QStringLiteral("SF Express"));
        // The banner decides now; the dialog's own button waits.
        QVERIFY(!dialog.submitButton()->isEnabled());
        QVERIFY(banner->reapplyButton()->isVisible());
        QTest::mouseClick(banner->reapplyButton(), Qt::LeftButton);
        QTRY_VERIFY(!dialog.isVisible());
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
        const auto& requests = server->requests();
        QCOMPARE(posts, 2);
        QCOMPARE(requests[0].header("if-match"), QByteArray("\"3\""));
        QCOMPARE(requests.last().header("if-match"), QByteArray("\"5\""));
        QCOMPARE(QJsonDocument::fromJson(requests.last().body).object(),
                 (QJsonObject{
                     {"to", "shipped"}, {"carrier", "SF Express"}, {"tracking", "SF1234567890"}}));
    }

    void transitionDialog_staleVersion_noLongerAllowed_discardClosesWithoutSending() {
        int posts = 0;
        server->setHandler([&posts](const FakeHttpServer::Request& r) {
            if (r.method == "GET") {
                return Response::json(200, detailJson("shipped", 5));
            }
            ++posts;
            return Response::error(412, "precondition_failed");
        });
        OrderDetail order = paidOrder();
        order.status = QStringLiteral("fulfilling");
        widgets::TransitionDialog dialog(orders.get(), order, shipAction(), nullptr);
        dialog.show();
        dialog.findChild<QComboBox*>(QStringLiteral("carrierCombo"))
            ->setEditText(QStringLiteral("SF Express"));
        QTest::keyClicks(dialog.findChild<QLineEdit*>(QStringLiteral("trackingEdit")),
                         QStringLiteral("SF1"));
        QTest::mouseClick(dialog.submitButton(), Qt::LeftButton);
        widgets::ConflictBanner* banner = dialog.conflictBanner();
        QTRY_VERIFY(banner->isVisible());
        QCOMPARE(banner->changes(), (QList<widgets::ConflictBanner::Change>{
                                        {QStringLiteral("Status"), QStringLiteral("Fulfilling"),
                                         QStringLiteral("Shipped")}}));
        QVERIFY(!banner->reapplyButton()->isVisible());  // someone shipped it already
        QVERIFY(banner->text().contains(
            QStringLiteral("The order is now “Shipped”, which does not allow this any more.")));
        QTest::mouseClick(banner->discardButton(), Qt::LeftButton);
        QVERIFY(!dialog.isVisible());
        QCOMPARE(dialog.result(), int(QDialog::Rejected));
        QCOMPARE(posts, 1);
    }

    void refundDialog_refusedAs409_showsWhy_reapplyIsANewIntentWithANewKey() {
        int posts = 0;
        QStringList keys;
        server->setHandler([&](const FakeHttpServer::Request& r) {
            if (r.method == "GET") {
                // Paid meanwhile: a refund is possible again.
                return Response::json(200, detailJson("paid", 4, 0));
            }
            keys << QString::fromUtf8(r.header("idempotency-key"));
            if (++posts == 1) {
                return Response::error(409, "invalid_transition",
                                       R"(,"details":{"from":"pending_payment"})");
            }
            return Response::json(201,
                                  R"({"id":9,"amount_minor":1000,"reason":"x",)"
                                  R"("status":"succeeded","created_at":"2026-01-01T00:00:00Z"})");
        });
        OrderDetail order = paidOrder();
        order.status = QStringLiteral("pending_payment");
        widgets::RefundDialog dialog(orders.get(), order, nullptr);
        QSignalSpy refunded(&dialog, &widgets::RefundDialog::refunded);
        dialog.show();
        QTest::keyClicks(dialog.amountEdit(), QStringLiteral("10"));
        QTest::keyClicks(dialog.reasonEdit(), QStringLiteral("x"));
        QTest::mouseClick(dialog.submitButton(), Qt::LeftButton);
        widgets::ConflictBanner* banner = dialog.conflictBanner();
        QTRY_VERIFY(banner->isVisible());
        QCOMPARE(banner->kind(), widgets::ConflictBanner::Kind::Refused);
        QCOMPARE(banner->summary(),
                 QStringLiteral("It is now “Awaiting payment”, which does not allow this."));
        QCOMPARE(
            banner->changes(),
            (QList<widgets::ConflictBanner::Change>{
                {QStringLiteral("Status"), QStringLiteral("Awaiting payment"),
                 QStringLiteral("Paid")},
                {QStringLiteral("Refunded"), QStringLiteral("¥8.00"), QStringLiteral("¥0.00")}}));
        QVERIFY(banner->reapplyButton()->isVisible());
        const QString firstKey = dialog.idempotencyKey();
        QTest::mouseClick(banner->reapplyButton(), Qt::LeftButton);
        QTRY_COMPARE(refunded.size(), 1);
        QVERIFY(!dialog.isVisible());
        QCOMPARE(keys.size(), 2);
        // The server keeps its refusal under the first key: the new attempt needs its own.
        QCOMPARE(keys.first(), firstKey);
        QVERIFY(keys.last() != firstKey);
    }

    void invalidTransition_isExplainedWithWhatIsAllowed() {
        client::ApiError e;
        e.kind = client::ApiError::Kind::Http;
        e.httpStatus = 409;
        e.code = protocol::ErrorCode::InvalidTransition;
        e.details = QJsonObject{
            {"from", "shipped"}, {"to", "cancelled"}, {"allowed", QJsonArray{"delivered"}}};
        QCOMPARE(widgets::OrdersText::describeActionError(e),
                 QStringLiteral("It is now “Shipped”, which does not allow this. From there it "
                                "can become: Delivered."));
    }

    void wrapLayout_actionButtonsWrapInANarrowPane() {
        QWidget host;
        auto* layout = new widgets::WrapLayout(&host, 6);
        layout->setContentsMargins(0, 0, 0, 0);
        QList<QPushButton*> buttons;
        for (const char* text : {"Start fulfilling", "Cancel order…", "Refund…", "Add note…"}) {
            buttons << new QPushButton(QString::fromUtf8(text), &host);
            layout->addWidget(buttons.last());
        }
        int oneRow = 0;
        int widest = 0;
        for (auto* b : buttons) {
            oneRow += b->sizeHint().width() + (oneRow > 0 ? 6 : 0);
            widest = std::max(widest, b->sizeHint().width());
        }
        const int rowHeight = buttons.first()->sizeHint().height();
        // Wide enough: one row, as tall as a button.
        QCOMPARE(layout->heightForWidth(oneRow), rowHeight);
        layout->setGeometry(QRect(0, 0, oneRow, rowHeight));
        for (auto* b : buttons) {
            QCOMPARE(b->geometry().y(), 0);
        }
        // Narrower than the row: more rows, taller, and nothing beyond the right edge.
        const int narrow = widest + 20;
        QVERIFY(layout->heightForWidth(narrow) >= 2 * rowHeight);
        layout->setGeometry(QRect(0, 0, narrow, layout->heightForWidth(narrow)));
        QVERIFY(buttons.last()->geometry().y() > 0);
        for (auto* b : buttons) {
            QVERIFY2(b->geometry().right() < narrow, qPrintable(b->text()));
        }
        QCOMPARE(layout->minimumSize().width(), widest);
    }

    void format_moneyTimesAndCounts_inBothLanguages() {
        const QLocale en(QLocale::English, QLocale::UnitedStates);
        const QLocale zh(QLocale::Chinese, QLocale::China);
        QCOMPARE(Format::money(123456, "CNY", en), QStringLiteral("¥1,234.56"));
        QCOMPARE(Format::money(-5, "CNY", en), QStringLiteral("-¥0.05"));
        QCOMPARE(Format::money(123456, "CNY", zh), QStringLiteral("¥1,234.56"));
        QCOMPARE(Format::money(1234, "JPY", en), QStringLiteral("¥1,234"));
        QCOMPARE(Format::money(1234567, "KWD", en), QStringLiteral("KWD 1,234.567"));
        QCOMPARE(Format::money(9223372036854775807LL, "CNY", en),
                 QStringLiteral("¥92,233,720,368,547,758.07"));
        QCOMPARE(Format::parseAmount("1,234.5", "CNY", en), std::optional<qint64>(123450));
        QCOMPARE(Format::parseAmount("1.234", "CNY", en), std::nullopt);
        QCOMPARE(Format::approximateCount(9876, en), QStringLiteral("9,876"));
        QCOMPARE(Format::approximateCount(35421, en), QStringLiteral("35,000"));
        QCOMPARE(Format::approximateCount(1234567, en), QStringLiteral("1.2 million"));
        QCOMPARE(Format::approximateCount(10000000, en), QStringLiteral("10 million"));
        QCOMPARE(Format::approximateCount(1234567, zh), QStringLiteral("120万"));
        QCOMPARE(Format::approximateCount(35421, zh), QStringLiteral("3.5万"));
        QCOMPARE(Format::approximateCount(250000000, zh), QStringLiteral("2.5亿"));
        const QDateTime t(QDate(2026, 11, 22), QTime(9, 30), Qt::UTC);
        QVERIFY(Format::dateTime(t, zh).contains(QStringLiteral("2026")));
    }

    void chinese_translatesStatusesAndCounts() {
        QTranslator translator;
        QVERIFY(translator.load(QStringLiteral(":/i18n/orders_zh_CN.qm")));
        QCoreApplication::installTranslator(&translator);
        QLocale::setDefault(QLocale(QLocale::Chinese, QLocale::China));
        QCOMPARE(widgets::OrdersText::statusName(protocol::OrderStatus::PartiallyRefunded),
                 QStringLiteral("部分退款"));
        for (const auto s : protocol::allOrderStatuses()) {
            const QString name = widgets::OrdersText::statusName(s);
            QVERIFY2(name.toUtf8() != name.toLatin1(), qPrintable(name));  // not English
        }
        QCOMPARE(widgets::OrdersText::orderCount(1234567, false),
                 QStringLiteral("约 120万 个订单"));
        // The server's own history steps read in Chinese; what people and shops wrote does not
        // change.
        QCOMPARE(widgets::OrdersText::historyReason("payment captured via wechat", {}),
                 QStringLiteral("已通过 wechat 收款"));
        QCOMPARE(widgets::OrdersText::historyReason("received from the storefront", {}),
                 QStringLiteral("来自店铺"));
        QCOMPARE(widgets::OrdersText::historyReason("received from the storefront", "mei"),
                 QStringLiteral("received from the storefront"));
        QCOMPARE(widgets::OrdersText::historyReason("顾客取消", {}), QStringLiteral("顾客取消"));
        QCoreApplication::removeTranslator(&translator);
        QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
    }
};

QTEST_MAIN(OrdersGuiTest)
#include "tst_orders_gui.moc"
