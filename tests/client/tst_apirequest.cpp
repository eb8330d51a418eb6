// Requests against a scripted local server: outcomes, timeouts and the retry policy.
#include <QSignalSpy>
#include <QtTest>

#include "fakehttpserver.h"
#include "services-client/api/apiclient.h"
#include "testhelpers.h"

using namespace std::chrono_literals;
using opsdesk::client::ApiClient;
using opsdesk::client::ApiError;
using opsdesk::client::ApiRequest;
using opsdesk::client::RetryPolicy;
using opsdesk::protocol::ErrorCode;
using opsdesk::test::FakeHttpServer;
using Response = FakeHttpServer::Response;

namespace {

// Records the order of a request's signals.
struct Outcome {
    QStringList signals_;
    ApiError error;
    QJsonDocument response;

    void watch(ApiRequest* r) {
        QObject::connect(r, &ApiRequest::finished,
                         [this] { signals_ << QStringLiteral("finished"); });
        QObject::connect(r, &ApiRequest::succeeded, [this](const QJsonDocument& d) {
            signals_ << QStringLiteral("succeeded");
            response = d;
        });
        QObject::connect(r, &ApiRequest::failed, [this](const ApiError& e) {
            signals_ << QStringLiteral("failed");
            error = e;
        });
    }
    bool done() const { return signals_.size() >= 2; }
};

}  // namespace

class ApiRequestTest : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<FakeHttpServer> server;
    std::unique_ptr<ApiClient> api;
    opsdesk::test::RecordingScheduler scheduler;

private slots:
    void init() {
        server = std::make_unique<FakeHttpServer>();
        QVERIFY(server->listen());
        api = std::make_unique<ApiClient>();
        api->setBaseUrl(server->baseUrl());
        scheduler = {};
        scheduler.install(api.get());
    }
    void cleanup() {
        api.reset();
        server.reset();
    }

    void get_success_finishedThenSucceededOnce() {
        server->setHandler([](const auto&) { return Response::json(200, R"({"status":"ok"})"); });
        Outcome o;
        ApiRequest* r = api->get(QStringLiteral("/health"));
        o.watch(r);
        QTRY_VERIFY(o.done());
        QTest::qWait(20);
        QCOMPARE(o.signals_,
                 (QStringList{QStringLiteral("finished"), QStringLiteral("succeeded")}));
        QCOMPARE(o.response.object().value(QStringLiteral("status")).toString(),
                 QStringLiteral("ok"));
        QCOMPARE(server->requests().first().path, QByteArray("/api/v1/health"));
        QCOMPARE(server->requests().first().method, QByteArray("GET"));
    }

    void post_sendsJsonBodyAndHeaders() {
        Outcome o;
        ApiRequest* r =
            api->post(QStringLiteral("/orders/7/notes"),
                      QJsonDocument(QJsonObject{{QStringLiteral("body"), QStringLiteral("hi")}}));
        r->setIdempotencyKey(QStringLiteral("key-1"));
        r->setIfMatch(7);
        o.watch(r);
        QTRY_VERIFY(o.done());
        const auto& req = server->requests().first();
        QCOMPARE(req.method, QByteArray("POST"));
        QCOMPARE(req.header("content-type"), QByteArray("application/json"));
        QCOMPARE(req.header("idempotency-key"), QByteArray("key-1"));
        QCOMPARE(req.header("if-match"), QByteArray("\"7\""));
        QCOMPARE(
            QJsonDocument::fromJson(req.body).object().value(QStringLiteral("body")).toString(),
            QStringLiteral("hi"));
    }

    void post_rawBody_isSentAsItIs_withItsContentType() {
        Outcome o;
        const QByteArray image("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16);
        auto* r = new ApiRequest(ApiRequest::Method::Post, QStringLiteral("/products/7/images"));
        r->setRawBody(image, "image/png");
        api->send(r);
        o.watch(r);
        QTRY_VERIFY(o.done());
        const auto& req = server->requests().first();
        QCOMPARE(req.header("content-type"), QByteArray("image/png"));
        QCOMPARE(req.body, image);
    }

    void rawResponse_isKeptAsItCame_errorsStillMapped() {
        const QByteArray png("\x89PNG\r\n\x1a\n\0binary", 15);
        server->setHandler([&png](const auto& r) {
            if (r.path.contains("missing")) {
                return Response::error(404, "not_found");
            }
            return Response{200, png, {{"Content-Type", "image/png"}}, false, -1};
        });
        Outcome o;
        auto* r = api->send(new ApiRequest(ApiRequest::Method::Get, QStringLiteral("/images/1")));
        r->setRawResponse(true);
        r->setAutoDelete(false);
        std::unique_ptr<ApiRequest> own(r);
        o.watch(r);
        QTRY_VERIFY(o.done());
        QVERIFY(r->succeededOutcome());
        QCOMPARE(r->rawResponse(), png);
        Outcome missing;
        auto* m = api->send(new ApiRequest(ApiRequest::Method::Get, QStringLiteral("/missing")));
        m->setRawResponse(true);
        m->setAutoDelete(false);
        std::unique_ptr<ApiRequest> ownMissing(m);
        missing.watch(m);
        QTRY_VERIFY(missing.done());
        QCOMPARE(missing.error.httpStatus, 404);
        QVERIFY(missing.error.is(opsdesk::protocol::ErrorCode::NotFound));
    }

    void errorBody_overTheWire_isMappedOnce() {
        server->setHandler([](const auto&) {
            return Response::error(422, "validation_failed", R"(,"fields":{"sku":"taken"})");
        });
        Outcome o;
        o.watch(api->post(QStringLiteral("/products"), QJsonDocument(QJsonObject{})));
        QTRY_VERIFY(o.done());
        QCOMPARE(o.signals_, (QStringList{QStringLiteral("finished"), QStringLiteral("failed")}));
        QVERIFY(o.error.is(ErrorCode::ValidationFailed));
        QCOMPARE(o.error.httpStatus, 422);
        QCOMPARE(o.error.fields.value(QStringLiteral("sku")), QStringLiteral("taken"));
    }

    void get_503ThenOk_isRetriedWithBackoffAndSucceeds() {
        int calls = 0;
        server->setHandler([&calls](const auto&) {
            return ++calls < 3 ? Response::error(503, "unavailable") : Response::json(200, "{}");
        });
        RetryPolicy policy;
        policy.maxAttempts = 3;
        policy.initialBackoff = 250ms;
        Outcome o;
        ApiRequest* r = api->get(QStringLiteral("/orders"));
        r->setRetryPolicy(policy);
        r->setAutoDelete(false);
        o.watch(r);
        QTRY_VERIFY(o.done());
        QCOMPARE(o.signals_.last(), QStringLiteral("succeeded"));
        QCOMPARE(server->requestCount(), 3);
        QCOMPARE(r->attempts(), 3);
        QCOMPARE(scheduler.delays, (QList<std::chrono::milliseconds>{250ms, 500ms}));
        delete r;
    }

    void get_retriesAreBounded_failsAfterMaxAttempts() {
        server->setHandler([](const auto&) { return Response::error(503, "unavailable"); });
        RetryPolicy policy;
        policy.maxAttempts = 4;
        Outcome o;
        ApiRequest* r = api->get(QStringLiteral("/orders"));
        r->setRetryPolicy(policy);
        o.watch(r);
        QTRY_VERIFY(o.done());
        QCOMPARE(o.signals_, (QStringList{QStringLiteral("finished"), QStringLiteral("failed")}));
        QVERIFY(o.error.is(ErrorCode::Unavailable));
        QCOMPARE(server->requestCount(), 4);
        QCOMPARE(scheduler.delays.size(), 3);
    }

    void post_withoutIdempotencyKey_isNotRetried() {
        server->setHandler([](const auto&) { return Response::error(503, "unavailable"); });
        Outcome o;
        o.watch(api->post(QStringLiteral("/orders/1/notes"), QJsonDocument(QJsonObject{})));
        QTRY_VERIFY(o.done());
        QVERIFY(o.error.is(ErrorCode::Unavailable));
        QTest::qWait(50);
        QCOMPARE(server->requestCount(), 1);
        QVERIFY(scheduler.delays.isEmpty());
    }

    void post_withIdempotencyKey_isRetriedWithTheSameKey() {
        int calls = 0;
        server->setHandler([&calls](const auto&) {
            return ++calls == 1 ? Response::error(503, "unavailable")
                                : Response::json(201, R"({"id":5})");
        });
        Outcome o;
        ApiRequest* r =
            api->post(QStringLiteral("/orders/1/refunds"), QJsonDocument(QJsonObject{}));
        r->setIdempotencyKey(QStringLiteral("refund-abc"));
        o.watch(r);
        QTRY_VERIFY(o.done());
        QCOMPARE(o.signals_.last(), QStringLiteral("succeeded"));
        QCOMPARE(server->requestCount(), 2);
        QCOMPARE(server->requests().at(0).header("idempotency-key"), QByteArray("refund-abc"));
        QCOMPARE(server->requests().at(1).header("idempotency-key"), QByteArray("refund-abc"));
    }

    void get_nonTransientError_isNotRetried() {
        server->setHandler([](const auto&) { return Response::error(404, "not_found"); });
        Outcome o;
        o.watch(api->get(QStringLiteral("/orders/99")));
        QTRY_VERIFY(o.done());
        QVERIFY(o.error.is(ErrorCode::NotFound));
        QCOMPARE(server->requestCount(), 1);
    }

    void get_429WithRetryAfter_waitsThatLongBeforeRetrying() {
        int calls = 0;
        server->setHandler([&calls](const auto&) {
            if (++calls == 1) {
                Response r = Response::error(429, "rate_limited");
                r.headers.append({QByteArray("Retry-After"), QByteArray("2")});
                return r;
            }
            return Response::json(200, "{}");
        });
        Outcome o;
        o.watch(api->get(QStringLiteral("/orders")));
        QTRY_VERIFY(o.done());
        QCOMPARE(o.signals_.last(), QStringLiteral("succeeded"));
        QCOMPARE(scheduler.delays, (QList<std::chrono::milliseconds>{2000ms}));
    }

    void get_429RetryAfterBeyondLimit_failsWithRetryAfter() {
        server->setHandler([](const auto&) {
            Response r = Response::error(429, "rate_limited");
            r.headers.append({QByteArray("Retry-After"), QByteArray("600")});
            return r;
        });
        Outcome o;
        o.watch(api->get(QStringLiteral("/orders")));
        QTRY_VERIFY(o.done());
        QVERIFY(o.error.is(ErrorCode::RateLimited));
        QCOMPARE(o.error.retryAfterSeconds, std::optional<int>(600));
        QCOMPARE(server->requestCount(), 1);
    }

    void silentServer_timesOutWithTimeoutKind() {
        server->setHandler([](const auto&) {
            Response r;
            r.silent = true;
            return r;
        });
        Outcome o;
        ApiRequest* r = api->get(QStringLiteral("/orders"));
        r->setTimeout(150ms);
        r->setRetryPolicy(RetryPolicy::never());
        o.watch(r);
        QTRY_VERIFY(o.done());
        QCOMPARE(o.signals_, (QStringList{QStringLiteral("finished"), QStringLiteral("failed")}));
        QCOMPARE(o.error.kind, ApiError::Kind::Timeout);
    }

    void closedPort_failsWithNetworkKind() {
        const QUrl closed = server->baseUrl();
        server.reset();  // nobody listens there any more
        api->setBaseUrl(closed);
        Outcome o;
        ApiRequest* r = api->get(QStringLiteral("/health"));
        r->setRetryPolicy(RetryPolicy::never());
        o.watch(r);
        QTRY_VERIFY(o.done());
        QCOMPARE(o.error.kind, ApiError::Kind::Network);
        QCOMPARE(o.error.networkError, QNetworkReply::ConnectionRefusedError);
        QCOMPARE(api->connectionState(), ApiClient::ConnectionState::Offline);
    }

    void abort_whileInFlight_failsCancelledOnce() {
        server->setHandler([](const auto&) {
            Response r;
            r.silent = true;
            return r;
        });
        Outcome o;
        ApiRequest* r = api->get(QStringLiteral("/orders"));
        o.watch(r);
        QTRY_COMPARE(server->requestCount(), 1);
        r->abort();
        QTRY_VERIFY(o.done());
        QTest::qWait(20);
        QCOMPARE(o.signals_, (QStringList{QStringLiteral("finished"), QStringLiteral("failed")}));
        QCOMPARE(o.error.kind, ApiError::Kind::Cancelled);
    }

    void successWithNonJsonBody_isInvalidResponse() {
        server->setHandler([](const auto&) { return Response::json(200, "<html>"); });
        Outcome o;
        o.watch(api->get(QStringLiteral("/orders")));
        QTRY_VERIFY(o.done());
        QCOMPARE(o.error.kind, ApiError::Kind::InvalidResponse);
        QCOMPARE(server->requestCount(), 1);
    }

    void noContent_succeedsWithEmptyDocument() {
        server->setHandler([](const auto&) { return Response{204, {}, {}, false, -1}; });
        Outcome o;
        o.watch(api->post(QStringLiteral("/auth/logout")));
        QTRY_VERIFY(o.done());
        QCOMPARE(o.signals_.last(), QStringLiteral("succeeded"));
        QVERIFY(o.response.isNull());
        QCOMPARE(server->requests().first().header("content-length"), QByteArray("0"));
    }

    void serverUrl_isNormalized_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("expected");
        QTest::newRow("bare host") << "ops.example.com"
                                   << "https://ops.example.com";
        QTest::newRow("host and port") << "127.0.0.1:8443"
                                       << "https://127.0.0.1:8443";
        QTest::newRow("http kept") << "http://127.0.0.1:8080/"
                                   << "http://127.0.0.1:8080";
        QTest::newRow("spaces") << "  https://a.b  "
                                << "https://a.b";
        QTest::newRow("ftp refused") << "ftp://a.b"
                                     << "";
        QTest::newRow("empty") << ""
                               << "";
    }
    void serverUrl_isNormalized() {
        QFETCH(QString, text);
        QFETCH(QString, expected);
        const QUrl url = ApiClient::normalizeServerUrl(text);
        QCOMPARE(url.isValid() ? url.toString() : QString(), expected);
    }

    void caFile_missingOrNotPem_isRefused() {
        QString error;
        QVERIFY(!api->setCaFile(QStringLiteral("/nonexistent/ca.pem"), &error));
        QVERIFY(!error.isEmpty());
        QTemporaryFile notPem;
        QVERIFY(notPem.open());
        notPem.write("hello");
        notPem.flush();
        QVERIFY(!api->setCaFile(notPem.fileName(), &error));
        QVERIFY(api->setCaFile(QString(), &error));
    }
};

QTEST_GUILESS_MAIN(ApiRequestTest)
#include "tst_apirequest.moc"
