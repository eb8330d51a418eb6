#include <QtTest>

#include <set>
#include <string>

#include "opsdesk/protocol/error_codes.h"
#include "opsdesk/protocol/events.h"
#include "opsdesk/protocol/feed.h"
#include "opsdesk/protocol/money.h"
#include "opsdesk/protocol/order_state.h"
#include "opsdesk/protocol/permissions.h"
#include "opsdesk/protocol/roles.h"

using namespace opsdesk::protocol;

class ProtocolTest : public QObject {
    Q_OBJECT

private slots:
    void permissions_roundTripEveryName() {
        std::set<std::string_view> seen;
        for (const auto& p : permissionCatalog()) {
            QVERIFY2(seen.insert(p.name).second, "duplicate permission name");
            QCOMPARE(permissionFromString(p.name), std::optional<Permission>(p.permission));
            QCOMPARE(toString(p.permission), p.name);
            QVERIFY(!p.description.empty());
        }
        QCOMPARE(seen.size(), std::size_t{19});
        QVERIFY(!permissionFromString("orders.delete"));
    }

    void roles_matchContract() {
        const auto* admin = findBuiltinRole("admin");
        QVERIFY(admin);
        QCOMPARE(admin->permissions.size(), permissionCatalog().size());
        const auto* lead = findBuiltinRole("support_lead");
        QVERIFY(lead);
        std::set<std::string_view> names;
        for (auto p : lead->permissions) {
            names.insert(toString(p));
        }
        const std::set<std::string_view> expected{
            "orders.read",    "catalog.read",  "support.read", "support.reply",
            "support.assign", "orders.refund", "reports.read"};
        QCOMPARE(names, expected);
        QCOMPARE(builtinRoles().size(), std::size_t{7});
        QVERIFY(!findBuiltinRole("root"));
    }

    void money_formatsMinorUnits_data() {
        QTest::addColumn<qint64>("minor");
        QTest::addColumn<QString>("currency");
        QTest::addColumn<QString>("text");
        QTest::newRow("cny") << qint64(12999) << "CNY"
                             << "129.99";
        QTest::newRow("small") << qint64(5) << "CNY"
                               << "0.05";
        QTest::newRow("negative") << qint64(-50) << "USD"
                                  << "-0.50";
        QTest::newRow("zero") << qint64(0) << "EUR"
                              << "0.00";
        QTest::newRow("yen") << qint64(1200) << "JPY"
                             << "1200";
        QTest::newRow("three digits") << qint64(1234) << "KWD"
                                      << "1.234";
        QTest::newRow("min") << std::numeric_limits<qint64>::min() << "JPY"
                             << "-9223372036854775808";
    }
    void money_formatsMinorUnits() {
        QFETCH(qint64, minor);
        QFETCH(QString, currency);
        QFETCH(QString, text);
        const auto c = findCurrency(currency.toStdString());
        QVERIFY(c);
        QCOMPARE(QString::fromStdString(formatDecimal(minor, *c)), text);
    }

    void money_parsesDecimal_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("currency");
        QTest::addColumn<bool>("ok");
        QTest::addColumn<qint64>("minor");
        QTest::newRow("whole") << "12"
                               << "CNY" << true << qint64(1200);
        QTest::newRow("one digit") << "12.5"
                                   << "CNY" << true << qint64(1250);
        QTest::newRow("two digits") << "12.55"
                                    << "CNY" << true << qint64(1255);
        QTest::newRow("negative") << "-0.01"
                                  << "CNY" << true << qint64(-1);
        QTest::newRow("too precise") << "12.555"
                                     << "CNY" << false << qint64(0);
        QTest::newRow("yen fraction") << "1.5"
                                      << "JPY" << false << qint64(0);
        QTest::newRow("letters") << "12a"
                                 << "CNY" << false << qint64(0);
        QTest::newRow("empty") << ""
                               << "CNY" << false << qint64(0);
        QTest::newRow("dot only") << "."
                                  << "CNY" << false << qint64(0);
        QTest::newRow("two dots") << "1.2.3"
                                  << "CNY" << false << qint64(0);
        QTest::newRow("overflow") << "99999999999999999999"
                                  << "CNY" << false << qint64(0);
        QTest::newRow("overflow by exponent") << "92233720368547758.08"
                                              << "CNY" << false << qint64(0);
        QTest::newRow("largest") << "92233720368547758.07"
                                 << "CNY" << true << std::numeric_limits<qint64>::max();
    }
    void money_parsesDecimal() {
        QFETCH(QString, text);
        QFETCH(QString, currency);
        QFETCH(bool, ok);
        QFETCH(qint64, minor);
        const auto parsed = parseDecimal(text.toStdString(), *findCurrency(currency.toStdString()));
        QCOMPARE(parsed.has_value(), ok);
        if (ok) {
            QCOMPARE(*parsed, minor);
        }
    }

    void money_checkedArithmetic_refusesOverflow() {
        QCOMPARE(checkedAdd(1, 2), std::optional<std::int64_t>(3));
        QVERIFY(!checkedAdd(std::numeric_limits<std::int64_t>::max(), 1));
        QVERIFY(!checkedMul(std::numeric_limits<std::int64_t>::max() / 2 + 1, 2));
    }

    void errorCodes_haveContractStatuses() {
        QCOMPARE(httpStatus(ErrorCode::BadRequest), 400);
        QCOMPARE(httpStatus(ErrorCode::Unauthenticated), 401);
        QCOMPARE(httpStatus(ErrorCode::Forbidden), 403);
        QCOMPARE(httpStatus(ErrorCode::PreconditionFailed), 412);
        QCOMPARE(httpStatus(ErrorCode::ValidationFailed), 422);
        QCOMPARE(httpStatus(ErrorCode::AccountLocked), 423);
        QCOMPARE(httpStatus(ErrorCode::PreconditionRequired), 428);
        QCOMPARE(httpStatus(ErrorCode::RateLimited), 429);
        QCOMPARE(toString(ErrorCode::InvalidTransition), std::string_view("invalid_transition"));
        QCOMPARE(errorCodeFromString("account_locked"),
                 std::optional<ErrorCode>(ErrorCode::AccountLocked));
        QVERIFY(!errorCodeFromString("nope"));
    }

    void events_everyKindHasATopic() {
        for (const auto& k : eventKinds()) {
            QCOMPARE(eventKindFromString(k.name), std::optional<EventKind>(k.kind));
            QVERIFY(topicFromString(toString(k.topic)));
        }
        QVERIFY(info(EventKind::RefundCreated).readPermission == Permission::FinanceRead);
    }

    void feedClose_codesAreTheContracts() {
        // Both sides act on these numbers (a desk signs out on 4401, resumes after 4408).
        QCOMPARE(FeedClose::GoingAway, 1001);
        QCOMPARE(FeedClose::InternalError, 1011);
        QCOMPARE(FeedClose::TryAgainLater, 1013);
        QCOMPARE(FeedClose::Unauthenticated, 4401);
        QCOMPARE(FeedClose::Forbidden, 4403);
        QCOMPARE(FeedClose::TooSlow, 4408);
    }

    void orderState_transitionTableIsConsistent() {
        // Every status has a name, and no pair appears twice in the table.
        std::set<std::pair<int, int>> pairs;
        for (const auto& t : orderTransitions()) {
            QVERIFY(pairs.insert({int(t.from), int(t.to)}).second);
        }
        for (auto s : allOrderStatuses()) {
            QCOMPARE(orderStatusFromString(toString(s)), std::optional<OrderStatus>(s));
        }
        // Terminal states lead nowhere.
        for (auto s : {OrderStatus::Cancelled, OrderStatus::Refunded}) {
            for (auto to : allOrderStatuses()) {
                QVERIFY(!findTransition(s, to));
            }
        }
        QVERIFY(findTransition(OrderStatus::Fulfilling, OrderStatus::Shipped)->requiresTracking);
        QVERIFY(findTransition(OrderStatus::Paid, OrderStatus::Cancelled)->requiresReason);
        QVERIFY(!findTransition(OrderStatus::Shipped, OrderStatus::Cancelled));
        QVERIFY(!findTransition(OrderStatus::PendingPayment, OrderStatus::Shipped));
        QVERIFY(refundAllowedFrom(OrderStatus::Delivered));
        QVERIFY(!refundAllowedFrom(OrderStatus::PendingPayment));
    }
};

QTEST_GUILESS_MAIN(ProtocolTest)
#include "tst_protocol.moc"
