// The one mapping from status, error body and network error to ApiError.
#include <QDateTime>
#include <QSslCertificate>
#include <QtTest>

#include "opsdesk/protocol/error_codes.h"
#include "services-client/api/apierror.h"
#include "services-client/api/retrypolicy.h"

using opsdesk::client::ApiError;
using opsdesk::client::RetryPolicy;
using opsdesk::protocol::ErrorCode;
namespace protocol = opsdesk::protocol;

namespace {

constexpr ErrorCode kAllCodes[] = {
    ErrorCode::BadRequest,
    ErrorCode::Unauthenticated,
    ErrorCode::InvalidCredentials,
    ErrorCode::OtpRequired,
    ErrorCode::PasswordChangeRequired,
    ErrorCode::TotpEnrollmentRequired,
    ErrorCode::Forbidden,
    ErrorCode::NotFound,
    ErrorCode::MethodNotAllowed,
    ErrorCode::InvalidTransition,
    ErrorCode::Conflict,
    ErrorCode::PreconditionFailed,
    ErrorCode::PayloadTooLarge,
    ErrorCode::HeadersTooLarge,
    ErrorCode::ValidationFailed,
    ErrorCode::IdempotencyKeyReused,
    ErrorCode::AccountLocked,
    ErrorCode::PreconditionRequired,
    ErrorCode::RateLimited,
    ErrorCode::Internal,
    ErrorCode::Unavailable,
    ErrorCode::RequestTimeout,
    ErrorCode::SoldOut,
    ErrorCode::LimitReached,
    ErrorCode::SaleNotActive,
    ErrorCode::BalanceMismatch,
    ErrorCode::DuplicateStatement,
    ErrorCode::FourEyesRequired,
    ErrorCode::StatementClosed,
};

QByteArray wireName(ErrorCode c) {
    const auto name = protocol::toString(c);
    return QByteArray(name.data(), qsizetype(name.size()));
}

ApiError::ReplyFacts httpFacts(int status, const QByteArray& body,
                               const QByteArray& retryAfter = {}) {
    ApiError::ReplyFacts f;
    f.httpStatus = status;
    f.body = body;
    f.retryAfterHeader = retryAfter;
    f.networkError = QNetworkReply::ContentAccessDenied;  // QNAM sets some error for 4xx/5xx
    f.networkErrorText = QStringLiteral("Error transferring - server replied: Scripted");
    return f;
}

}  // namespace

class ApiErrorTest : public QObject {
    Q_OBJECT

private slots:
    void contractCode_mapsToTypedHttpError_data() {
        QTest::addColumn<int>("code");
        for (ErrorCode c : kAllCodes) {
            QTest::newRow(wireName(c).constData()) << int(c);
        }
    }
    void contractCode_mapsToTypedHttpError() {
        QFETCH(int, code);
        const auto c = ErrorCode(code);
        const int status = protocol::httpStatus(c);
        const ApiError e = ApiError::fromReply(httpFacts(
            status, "{\"error\":{\"code\":\"" + wireName(c) + "\",\"message\":\"Human text\"}}"));
        QCOMPARE(e.kind, ApiError::Kind::Http);
        QCOMPARE(e.httpStatus, status);
        QVERIFY(e.code.has_value());
        QCOMPARE(int(*e.code), code);
        QCOMPARE(e.codeName, QString::fromLatin1(wireName(c)));
        QCOMPARE(e.message, QStringLiteral("Human text"));
    }

    void everyListedCode_roundTripsThroughItsWireName() {
        for (ErrorCode c : kAllCodes) {
            QCOMPARE(protocol::errorCodeFromString(protocol::toString(c)), std::optional(c));
        }
    }

    void validationFailed_carriesFields() {
        const ApiError e = ApiError::fromReply(httpFacts(
            422,
            R"({"error":{"code":"validation_failed","message":"Invalid","fields":{"username":"required","password":"too short"}}})"));
        QVERIFY(e.is(ErrorCode::ValidationFailed));
        QCOMPARE(e.fields.size(), 2);
        QCOMPARE(e.fields.value(QStringLiteral("username")), QStringLiteral("required"));
        QCOMPARE(e.fields.value(QStringLiteral("password")), QStringLiteral("too short"));
    }

    void accountLocked_carriesRetryAfterFromDetails() {
        const ApiError e = ApiError::fromReply(httpFacts(
            423,
            R"({"error":{"code":"account_locked","message":"Locked","details":{"retry_after_s":899}}})"));
        QVERIFY(e.is(ErrorCode::AccountLocked));
        QCOMPARE(e.retryAfterSeconds, std::optional<int>(899));
        QCOMPARE(e.details.value(QStringLiteral("retry_after_s")).toInt(), 899);
    }

    void forbidden_carriesRequiredPermission() {
        const ApiError e = ApiError::fromReply(httpFacts(
            403,
            R"({"error":{"code":"forbidden","message":"No","details":{"required_permission":"orders.refund"}}})"));
        QVERIFY(e.is(ErrorCode::Forbidden));
        QCOMPARE(e.details.value(QStringLiteral("required_permission")).toString(),
                 QStringLiteral("orders.refund"));
    }

    void rateLimited_readsRetryAfterSeconds() {
        const ApiError e = ApiError::fromReply(
            httpFacts(429, R"({"error":{"code":"rate_limited","message":"Slow down"}})", "7"));
        QVERIFY(e.is(ErrorCode::RateLimited));
        QCOMPARE(e.retryAfterSeconds, std::optional<int>(7));
    }

    void retryAfter_httpDate_isConvertedToSeconds() {
        const QDateTime now = QDateTime(QDate(2026, 11, 22), QTime(9, 30, 0), Qt::UTC);
        QCOMPARE(opsdesk::client::parseRetryAfter("Sun, 22 Nov 2026 09:30:42 GMT", now),
                 std::optional<int>(42));
        QCOMPARE(opsdesk::client::parseRetryAfter("soon", now), std::nullopt);
        QCOMPARE(opsdesk::client::parseRetryAfter("-3", now), std::nullopt);
    }

    void malformedBody_fallsBackToTheStatusCode_data() {
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<int>("expected");
        QTest::newRow("empty 401") << 401 << QByteArray() << int(ErrorCode::Unauthenticated);
        QTest::newRow("html 500") << 500 << QByteArray("<html>oops</html>")
                                  << int(ErrorCode::Internal);
        QTest::newRow("array 404") << 404 << QByteArray("[1,2]") << int(ErrorCode::NotFound);
        QTest::newRow("error is a string 403")
            << 403 << QByteArray(R"({"error":"forbidden"})") << int(ErrorCode::Forbidden);
        QTest::newRow("code is a number 409")
            << 409 << QByteArray(R"({"error":{"code":17}})") << int(ErrorCode::Conflict);
        QTest::newRow("truncated json 422") << 422 << QByteArray("{\"error\":{\"code\":\"valid")
                                            << int(ErrorCode::ValidationFailed);
        QTest::newRow("plain 503") << 503 << QByteArray("busy") << int(ErrorCode::Unavailable);
    }
    void malformedBody_fallsBackToTheStatusCode() {
        QFETCH(int, status);
        QFETCH(QByteArray, body);
        QFETCH(int, expected);
        const ApiError e = ApiError::fromReply(httpFacts(status, body));
        QCOMPARE(e.kind, ApiError::Kind::Http);
        QCOMPARE(e.httpStatus, status);
        QVERIFY(e.code.has_value());
        QCOMPARE(int(*e.code), expected);
    }

    void unknownCode_keepsItsNameWithoutTypedCode() {
        const ApiError e = ApiError::fromReply(
            httpFacts(418, R"({"error":{"code":"teapot","message":"short and stout"}})"));
        QCOMPARE(e.kind, ApiError::Kind::Http);
        QVERIFY(!e.code.has_value());
        QCOMPARE(e.codeName, QStringLiteral("teapot"));
        QCOMPARE(e.message, QStringLiteral("short and stout"));
    }

    void unknownStatusWithoutBody_hasNoCode() {
        const ApiError e = ApiError::fromReply(httpFacts(502, {}));
        QCOMPARE(e.kind, ApiError::Kind::Http);
        QVERIFY(!e.code.has_value());
        QVERIFY(RetryPolicy::isTransient(e));
    }

    void connectionRefused_isNetworkKind() {
        ApiError::ReplyFacts f;
        f.networkError = QNetworkReply::ConnectionRefusedError;
        f.networkErrorText = QStringLiteral("Connection refused");
        const ApiError e = ApiError::fromReply(f);
        QCOMPARE(e.kind, ApiError::Kind::Network);
        QCOMPARE(e.httpStatus, 0);
        QCOMPARE(e.message, QStringLiteral("Connection refused"));
        QVERIFY(RetryPolicy::isTransient(e));
    }

    void certificateProblem_isTlsKindWithTheProblemText() {
        ApiError::ReplyFacts f;
        f.networkError = QNetworkReply::SslHandshakeFailedError;
        f.networkErrorText = QStringLiteral("SSL handshake failed");
        f.sslErrors = {QSslError(QSslError::SelfSignedCertificate),
                       QSslError(QSslError::HostNameMismatch)};
        const ApiError e = ApiError::fromReply(f);
        QCOMPARE(e.kind, ApiError::Kind::Tls);
        QCOMPARE(e.certificateProblems.size(), 2);
        QCOMPARE(e.certificateProblems.first(),
                 QSslError(QSslError::SelfSignedCertificate).errorString());
        QVERIFY(e.message.contains(QSslError(QSslError::HostNameMismatch).errorString()));
        QVERIFY(!RetryPolicy::isTransient(e));
    }

    void handshakeFailureWithoutDetails_isStillTls() {
        ApiError::ReplyFacts f;
        f.networkError = QNetworkReply::SslHandshakeFailedError;
        f.networkErrorText = QStringLiteral("SSL handshake failed");
        const ApiError e = ApiError::fromReply(f);
        QCOMPARE(e.kind, ApiError::Kind::Tls);
        QCOMPARE(e.message, QStringLiteral("SSL handshake failed"));
    }

    void timedOut_isTimeoutKind() {
        ApiError::ReplyFacts f;
        f.networkError = QNetworkReply::OperationCanceledError;
        f.timedOut = true;
        QCOMPARE(ApiError::fromReply(f).kind, ApiError::Kind::Timeout);
    }

    void aborted_isCancelledKind() {
        ApiError::ReplyFacts f;
        f.networkError = QNetworkReply::OperationCanceledError;
        f.aborted = true;
        const ApiError e = ApiError::fromReply(f);
        QCOMPARE(e.kind, ApiError::Kind::Cancelled);
        QVERIFY(!RetryPolicy::isTransient(e));
    }

    void retryPolicy_backoffGrowsAndIsCapped() {
        RetryPolicy p;
        p.maxAttempts = 6;
        p.initialBackoff = std::chrono::milliseconds(100);
        p.maxBackoff = std::chrono::milliseconds(350);
        ApiError unavailable = ApiError::fromReply(httpFacts(503, {}));
        QCOMPARE(p.delayBefore(2, unavailable), std::optional(std::chrono::milliseconds(100)));
        QCOMPARE(p.delayBefore(3, unavailable), std::optional(std::chrono::milliseconds(200)));
        QCOMPARE(p.delayBefore(4, unavailable), std::optional(std::chrono::milliseconds(350)));
        QCOMPARE(p.delayBefore(7, unavailable), std::nullopt);
        ApiError notFound = ApiError::fromReply(httpFacts(404, {}));
        QCOMPARE(p.delayBefore(2, notFound), std::nullopt);
    }
};

QTEST_GUILESS_MAIN(ApiErrorTest)
#include "tst_apierror.moc"
