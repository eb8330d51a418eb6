// The HTTP transport against raw sockets: a real HttpServer in this process on an ephemeral
// loopback port, and QTcpSocket/QSslSocket clients that write every byte themselves.

#include <QElapsedTimer>
#include <QFile>
#include <QHostAddress>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslSocket>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <thread>
#include <vector>

#include "http/server.h"

using namespace opsdesk::server::http;
using namespace std::chrono_literals;

namespace {

// How long to wait for anything that should happen promptly: generous, for a busy two-core
// machine; a passing test waits only as long as it takes.
constexpr int kWaitMs = 20'000;
// Where a test tells "at once" from a timeout, the timeout is made this long, and "at once" is
// anything well below it: no assertion depends on how fast the machine is.
constexpr auto kLongTimeout = 60s;
constexpr qint64 kWellBelowMs = 30'000;

struct RawResponse {
    QByteArray version;  // "HTTP/1.1"
    int status = 0;
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;

    QByteArray header(const QByteArray& name) const {
        for (const auto& [n, v] : headers) {
            if (n.compare(name, Qt::CaseInsensitive) == 0) {
                return v;
            }
        }
        return {};
    }
    bool hasHeader(const QByteArray& name) const {
        for (const auto& field : headers) {
            if (field.first.compare(name, Qt::CaseInsensitive) == 0) {
                return true;
            }
        }
        return false;
    }
    QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
    QString errorCode() const { return json().value("error").toObject().value("code").toString(); }
};

// A raw HTTP/1.x client: writes exactly what the test says, parses answers by hand.
class Client {
public:
    explicit Client(quint16 port) : socket_(std::make_unique<QTcpSocket>()) {
        socket_->connectToHost(QHostAddress::LocalHost, port);
        socket_->waitForConnected(kWaitMs);
    }
    explicit Client(std::unique_ptr<QTcpSocket> socket) : socket_(std::move(socket)) {}

    bool isConnected() const { return socket_->state() == QAbstractSocket::ConnectedState; }
    QTcpSocket& socket() { return *socket_; }

    void send(const QByteArray& bytes) {
        socket_->write(bytes);
        while (socket_->bytesToWrite() > 0 && socket_->waitForBytesWritten(kWaitMs)) {
        }
    }

    // One answer; `head` when it answers a HEAD request (a length but no body follows).
    std::optional<RawResponse> read(int timeoutMs = kWaitMs, bool head = false) {
        QElapsedTimer timer;
        timer.start();
        qsizetype headerEnd = -1;
        while ((headerEnd = buffer_.indexOf("\r\n\r\n")) < 0) {
            if (!fill(timer, timeoutMs)) {
                return std::nullopt;
            }
        }
        RawResponse response;
        const QList<QByteArray> lines = buffer_.left(headerEnd).split('\n');
        const QList<QByteArray> statusLine = lines.value(0).trimmed().split(' ');
        response.version = statusLine.value(0);
        response.status = statusLine.value(1).toInt();
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const qsizetype colon = lines[i].indexOf(':');
            if (colon > 0) {
                response.headers.append(
                    {lines[i].left(colon).trimmed(), lines[i].mid(colon + 1).trimmed()});
            }
        }
        qsizetype length = response.header("Content-Length").toLongLong();
        if (head || response.status == 204 || response.status == 304 ||
            response.status / 100 == 1) {
            length = 0;
        }
        const qsizetype total = headerEnd + 4 + length;
        while (buffer_.size() < total) {
            if (!fill(timer, timeoutMs)) {
                return std::nullopt;
            }
        }
        response.body = buffer_.mid(headerEnd + 4, length);
        buffer_.remove(0, total);
        return response;
    }

    // True when the server closes the connection within the time; what arrived meanwhile ends
    // up in leftover().
    bool waitClosed(int timeoutMs = kWaitMs) {
        QElapsedTimer timer;
        timer.start();
        while (socket_->state() == QAbstractSocket::ConnectedState) {
            const qint64 left = timeoutMs - timer.elapsed();
            if (left <= 0) {
                return false;
            }
            socket_->waitForReadyRead(static_cast<int>(left));
            buffer_ += socket_->readAll();
        }
        buffer_ += socket_->readAll();
        return true;
    }
    QByteArray leftover() const { return buffer_; }

private:
    bool fill(const QElapsedTimer& timer, int timeoutMs) {
        const qsizetype before = buffer_.size();
        buffer_ += socket_->readAll();
        while (buffer_.size() == before) {
            const qint64 left = timeoutMs - timer.elapsed();
            if (left <= 0 || socket_->state() != QAbstractSocket::ConnectedState) {
                return false;
            }
            socket_->waitForReadyRead(static_cast<int>(left));
            buffer_ += socket_->readAll();
        }
        return true;
    }

    std::unique_ptr<QTcpSocket> socket_;
    QByteArray buffer_;
};

// A POST of `chunks` chunks of 512 bytes each, chunked.
QByteArray chunkedPost(const QByteArray& target, int chunks) {
    QByteArray request =
        "POST " + target + " HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: chunked\r\n\r\n";
    for (int i = 0; i < chunks; ++i) {
        request += "200\r\n" + QByteArray(512, 'x') + "\r\n";
    }
    return request + "0\r\n\r\n";
}

QByteArray get(const QByteArray& target, const QByteArray& extraHeaders = {}) {
    return "GET " + target + " HTTP/1.1\r\nHost: test\r\n" + extraHeaders + "\r\n";
}

// The handler side of the tests: a few routes that answer in the ways a real backend might.
class Backend {
public:
    Backend() = default;
    Backend(const Backend&) = delete;
    Backend& operator=(const Backend&) = delete;
    ~Backend() { joinWorkers(); }

    Handler handler() {
        return [this](Request&& request, Responder respond) {
            handle(std::move(request), std::move(respond));
        };
    }
    std::function<void(const AccessLogEntry&)> accessLog() {
        return [this](const AccessLogEntry& entry) {
            std::lock_guard lock(mutex_);
            log_.push_back(entry);
        };
    }

    std::vector<AccessLogEntry> log() const {
        std::lock_guard lock(mutex_);
        return log_;
    }
    std::optional<AccessLogEntry> logEntryFor(const QByteArray& requestId) const {
        std::lock_guard lock(mutex_);
        for (const auto& entry : log_) {
            if (entry.requestId == requestId.toStdString()) {
                return entry;
            }
        }
        return std::nullopt;
    }
    Responder takeParked() {
        std::lock_guard lock(mutex_);
        if (parked_.empty()) {
            return {};
        }
        Responder r = std::move(parked_.back());
        parked_.pop_back();
        return r;
    }
    void joinWorkers() {
        std::vector<std::thread> workers;
        {
            std::lock_guard lock(mutex_);
            workers.swap(workers_);
        }
        for (auto& t : workers) {
            t.join();
        }
    }

    std::atomic<int> calls{0};
    std::atomic<int> delayedStarted{0};
    std::atomic<int> delayedAnswering{0};  // /delay handlers that have begun to answer

private:
    void onWorker(std::function<void()> job) {
        std::lock_guard lock(mutex_);
        workers_.emplace_back(std::move(job));
    }

    static Response echo(const Request& request) {
        QJsonObject headers;
        for (const auto& [name, value] : request.headers.fields()) {
            headers.insert(QString::fromStdString(name).toLower(), QString::fromStdString(value));
        }
        const QJsonObject body{
            {"method", QString::fromStdString(request.method)},
            {"target", QString::fromStdString(request.target)},
            {"path", QString::fromStdString(request.path)},
            {"query", QString::fromStdString(request.query)},
            {"version", static_cast<int>(request.version)},
            {"body", QString::fromStdString(request.body)},
            {"remote", QString::fromStdString(request.remoteAddress)},
            {"requestId", QString::fromStdString(request.requestId)},
            {"tag", QString::fromStdString(request.queryParam("tag").value_or(""))},
            {"headers", headers},
        };
        return Response::json(200,
                              QJsonDocument(body).toJson(QJsonDocument::Compact).toStdString());
    }

    void handle(Request&& request, Responder respond) {
        ++calls;
        const std::string& path = request.path;
        if (path == "/delay") {
            ++delayedStarted;
            const int ms = std::stoi(request.queryParam("ms").value_or("100"));
            onWorker([this, ms, respond, response = echo(request)]() mutable {
                std::this_thread::sleep_for(std::chrono::milliseconds(ms));
                ++delayedAnswering;
                respond(std::move(response));
            });
        } else if (path == "/thread") {
            onWorker([respond, response = echo(request)]() mutable { respond(response); });
        } else if (path == "/never") {
            std::lock_guard lock(mutex_);
            parked_.push_back(std::move(respond));
        } else if (path == "/twice") {
            respond(Response::json(200, R"({"answer":"first"})"));
            respond(Response::json(200, R"({"answer":"second"})"));
        } else if (path == "/throw") {
            throw std::runtime_error("secret internal detail");
        } else if (path == "/drop") {
            // The responder goes out of scope uncalled.
        } else if (path == "/user") {
            Response r = echo(request);
            r.logUser = "alice";
            respond(std::move(r));
        } else if (path == "/closing") {
            Response r = echo(request);
            r.headers.set("Connection", "close");
            respond(std::move(r));
        } else if (path == "/badstatus") {
            Response r = Response::json(42, "{}");
            r.logUser = "bob";
            respond(std::move(r));
        } else if (path == "/nocontent") {
            respond(Response::noContent());
        } else if (path == "/headers") {
            Response r = Response::json(201, R"({"ok":true})");
            r.headers.add("X-Custom", "custom value");
            r.headers.add("Content-Length", "999");
            r.headers.add("Server", "evil");
            r.headers.add("X-Request-Id", "forged");
            r.headers.add("X-Split", "a\r\nInjected: yes");
            r.headers.add("Bad Name", "x");
            respond(std::move(r));
        } else {
            respond(echo(request));
        }
    }

    mutable std::mutex mutex_;
    std::vector<std::thread> workers_;
    std::vector<Responder> parked_;
    std::vector<AccessLogEntry> log_;
};

ServerOptions testOptions() {
    ServerOptions o;
    o.host = "127.0.0.1";
    o.port = 0;
    o.ioThreads = 2;
    o.headerTimeout = 5s;
    o.bodyTimeout = 5s;
    o.idleTimeout = 5s;
    o.handlerTimeout = 5s;
    o.shutdownGrace = 5s;
    return o;
}

bool isHex32(const QByteArray& id) {
    static const QByteArray hex = "0123456789abcdef";
    return id.size() == 32 &&
           std::all_of(id.begin(), id.end(), [](char c) { return hex.contains(c); });
}

}  // namespace

class TestHttp : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<Backend> backend_;
    std::unique_ptr<HttpServer> server_;
    quint16 port_ = 0;
    QTemporaryDir tlsDir_;
    QString certFile_;
    QString keyFile_;

    // Starts the server under test; options.handler and accessLog come from backend_.
    void startServer(ServerOptions options = testOptions()) {
        options.accessLog = backend_->accessLog();
        server_ = std::make_unique<HttpServer>(std::move(options), backend_->handler());
        server_->start();
        port_ = server_->port();
    }

    // After every bad request: the server still answers a good one on a new connection.
    void verifyStillServing() {
        Client client(port_);
        QVERIFY(client.isConnected());
        client.send(get("/echo?tag=alive"));
        const auto r = client.read();
        QVERIFY(r);
        QCOMPARE(r->status, 200);
        QCOMPARE(r->json().value("tag").toString(), QString("alive"));
    }

    std::unique_ptr<QSslSocket> tlsSocket() {
        auto socket = std::make_unique<QSslSocket>();
        QSslConfiguration config = QSslConfiguration::defaultConfiguration();
        config.setCaCertificates(QSslCertificate::fromPath(certFile_));
        socket->setSslConfiguration(config);
        socket->setPeerVerifyName("localhost");
        socket->connectToHostEncrypted("127.0.0.1", port_);
        return socket;
    }

private slots:
    void initTestCase();
    void init();
    void cleanup();

    // message.h
    void percentDecode_decodesEscapesAndKeepsMalformedOnes();
    void tryPercentDecode_rejectsMalformedEscapes();
    void queryParam_decodesPlusAndEscapes();
    void headers_compareNamesCaseInsensitively();
    void errorBody_hasContractShapeAndEscapes();

    // Requests and connections
    void simpleGet_isAnsweredWithFramingHeaders();
    void keepAlive_connectionIsReused();
    void pipelinedRequests_areAnsweredInOrder();
    void connectionClose_isAnsweredThenClosed();
    void http10_withoutKeepAlive_isClosedAfterAnswer();
    void http10_withKeepAlive_staysOpen();
    void head_getsContentLengthWithoutBody();
    void noContent_hasNeitherBodyNorLength();
    void responseHeaders_transportOwnedAndUnsafeFieldsAreIgnored();
    void handlerConnectionClose_closesAfterAnswer();
    void invalidHandlerStatus_isAnswered500();
    void chunkedBody_isAssembled();
    void expectContinue_getsInterimAnswerThenResponse();
    void requestId_isEchoedWhenSane();
    void requestId_isGeneratedWhenMissingOrInvalid();
    void percentEncodedPath_isDecodedAndQueryKeptRaw();
    void absoluteFormTarget_isReducedToPath();

    // Bad requests and limits
    void garbage_isAnswered400AndClosed();
    void badPercentEscape_isAnswered400();
    void ambiguousBodyLength_isAnswered400AndClosed();
    void http11WithoutHost_isAnswered400();
    void oversizedHeader_isAnswered431AndClosed();
    void headerJustBelowLimit_isServed();
    void oversizedContentLength_isAnswered413BeforeBodyIsSent();
    void oversizedChunkedBody_isAnswered413AndClosed();
    void pathBodyLimit_allowsMoreOnThatPathOnly();
    void headerTimeout_isAnswered408AndClosed();
    void bodyTimeout_isAnswered408AndClosed();
    void idleKeepAlive_isClosedSilently();
    void maxConnections_exceeded_isAnswered503AndClosed();

    // Handlers and responders
    void responder_calledFromAnotherThread_answers();
    void responder_calledTwice_onlyFirstCounts();
    void handlerTimeout_isAnswered503AndLateResponderIsHarmless();
    void handlerThrowing_isAnswered500WithoutDetails();
    void droppedResponder_isAnswered500();
    void accessLog_recordsEveryAnswerWithStatusUserAndTime();

    // Start and stop
    void plainHttpOnNonLoopbackHost_isRefusedByStart();
    void localhost_isAcceptedForPlainHttp();
    void portInUse_startThrows();
    void stop_letsRequestInFlightFinish();
    void stop_closesIdleConnectionsPromptly();
    void stop_afterGrace_closesUnfinishedRequests();
    void stop_isIdempotentFromAnyThreadAndWaitReturns();
    void stop_fromInsideHandler_isSafe();

    // TLS
    void tls_requestOverHttpsWorks();
    void tls_plainHttpToTlsPort_isClosedAndServerGoesOn();
    void tls_silentClient_isClosedAfterHandshakeTimeout();
    void tls_badCertificatePath_startThrows();
    void tls_keyThatIsNoKey_startThrows();
    void tls_onlyAeadSuitesAndNamedGroups_areAccepted();
};

void TestHttp::initTestCase() {
    QVERIFY(tlsDir_.isValid());
    certFile_ = tlsDir_.filePath("cert.pem");
    keyFile_ = tlsDir_.filePath("key.pem");
    QProcess openssl;
    openssl.start("openssl",
                  {"req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                   "-nodes", "-keyout", keyFile_, "-out", certFile_, "-days", "2", "-subj",
                   "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"});
    // The TLS tests need it: no certificate, no passing suite.
    QVERIFY2(openssl.waitForFinished(30'000) && openssl.exitCode() == 0,
             qPrintable("openssl could not make a test certificate: " +
                        QString::fromUtf8(openssl.readAllStandardError())));
}

void TestHttp::init() {
    backend_ = std::make_unique<Backend>();
}

void TestHttp::cleanup() {
    // Responders parked by /never are called late here, after their connections are gone.
    server_.reset();
    backend_->joinWorkers();
    while (Responder late = backend_->takeParked()) {
        late(Response::json(200, "{}"));
    }
    backend_.reset();
}

// --- message.h ---

void TestHttp::percentDecode_decodesEscapesAndKeepsMalformedOnes() {
    QCOMPARE(percentDecode("a%20b%2Fc%C3%A9", false), std::string("a b/c\xC3\xA9"));
    QCOMPARE(percentDecode("a+b", false), std::string("a+b"));
    QCOMPARE(percentDecode("a+b", true), std::string("a b"));
    QCOMPARE(percentDecode("100%", false), std::string("100%"));
    QCOMPARE(percentDecode("%zz%4", false), std::string("%zz%4"));
}

void TestHttp::tryPercentDecode_rejectsMalformedEscapes() {
    QCOMPARE(tryPercentDecode("/a%41", false), std::optional<std::string>("/aA"));
    QVERIFY(!tryPercentDecode("/a%4", false));
    QVERIFY(!tryPercentDecode("/a%", false));
    QVERIFY(!tryPercentDecode("/a%g1", false));
}

void TestHttp::queryParam_decodesPlusAndEscapes() {
    Request r;
    r.query = "q=li+lei%21&empty=&flag&q=second&n%61me=x";
    QCOMPARE(r.queryParam("q"), std::optional<std::string>("li lei!"));
    QCOMPARE(r.queryParam("empty"), std::optional<std::string>(""));
    QCOMPARE(r.queryParam("flag"), std::optional<std::string>(""));
    QCOMPARE(r.queryParam("name"), std::optional<std::string>("x"));
    QVERIFY(!r.queryParam("missing"));
}

void TestHttp::headers_compareNamesCaseInsensitively() {
    Headers h;
    h.add("Content-Type", "text/plain");
    h.add("X-A", "1");
    h.add("x-a", "2");
    QCOMPARE(h.get("content-type"), std::optional<std::string_view>("text/plain"));
    QCOMPARE(h.get("X-A"), std::optional<std::string_view>("1"));
    h.set("X-a", "3");
    QCOMPARE(h.fields().size(), std::size_t(2));
    QCOMPARE(h.get("x-A"), std::optional<std::string_view>("3"));
    QVERIFY(!h.contains("missing"));
}

void TestHttp::errorBody_hasContractShapeAndEscapes() {
    const std::string body = errorBody("bad_request", "say \"hi\"\n\\ \x01");
    const QJsonObject error =
        QJsonDocument::fromJson(QByteArray::fromStdString(body)).object().value("error").toObject();
    QCOMPARE(error.value("code").toString(), QString("bad_request"));
    QCOMPARE(error.value("message").toString(), QString("say \"hi\"\n\\ \x01"));
}

// --- requests and connections ---

void TestHttp::simpleGet_isAnsweredWithFramingHeaders() {
    startServer();
    Client client(port_);
    QVERIFY(client.isConnected());
    client.send(get("/echo?tag=one", "X-Test: yes\r\n"));
    const auto r = client.read();
    QVERIFY(r);
    QCOMPARE(r->version, QByteArray("HTTP/1.1"));
    QCOMPARE(r->status, 200);
    QCOMPARE(r->header("Content-Type"), QByteArray("application/json"));
    QCOMPARE(r->header("Content-Length").toLongLong(), r->body.size());
    QCOMPARE(r->header("Server"), QByteArray("opsdesk"));
    QVERIFY(r->header("Date").endsWith(" GMT"));
    QVERIFY(r->hasHeader("X-Request-Id"));
    const QJsonObject echo = r->json();
    QCOMPARE(echo.value("method").toString(), QString("GET"));
    QCOMPARE(echo.value("target").toString(), QString("/echo?tag=one"));
    QCOMPARE(echo.value("path").toString(), QString("/echo"));
    QCOMPARE(echo.value("query").toString(), QString("tag=one"));
    QCOMPARE(echo.value("version").toInt(), 11);
    QCOMPARE(echo.value("remote").toString(), QString("127.0.0.1"));
    QCOMPARE(echo.value("headers").toObject().value("x-test").toString(), QString("yes"));
    QCOMPARE(echo.value("requestId").toString().toLatin1(), r->header("X-Request-Id"));
}

void TestHttp::keepAlive_connectionIsReused() {
    startServer();
    Client client(port_);
    for (int i = 0; i < 3; ++i) {
        client.send(get("/echo?tag=" + QByteArray::number(i)));
        const auto r = client.read();
        QVERIFY(r);
        QCOMPARE(r->status, 200);
        QCOMPARE(r->json().value("tag").toString(), QString::number(i));
        QVERIFY(!r->hasHeader("Connection"));  // HTTP/1.1 keeps alive without saying so
        QVERIFY(client.isConnected());
    }
    client.send("POST /echo HTTP/1.1\r\nHost: test\r\nContent-Length: 5\r\n\r\nhello");
    const auto post = client.read();
    QVERIFY(post);
    QCOMPARE(post->json().value("body").toString(), QString("hello"));
}

void TestHttp::pipelinedRequests_areAnsweredInOrder() {
    startServer();
    Client client(port_);
    // The first is answered 300 ms later from another thread, the others at once.
    client.send(get("/delay?ms=300&tag=first") + get("/echo?tag=second") +
                "POST /echo?tag=third HTTP/1.1\r\nHost: test\r\nContent-Length: 3\r\n\r\nabc");
    const auto first = client.read();
    const auto second = client.read();
    const auto third = client.read();
    QVERIFY(first && second && third);
    QCOMPARE(first->json().value("tag").toString(), QString("first"));
    QCOMPARE(second->json().value("tag").toString(), QString("second"));
    QCOMPARE(third->json().value("tag").toString(), QString("third"));
    QCOMPARE(third->json().value("body").toString(), QString("abc"));
}

void TestHttp::connectionClose_isAnsweredThenClosed() {
    startServer();
    Client client(port_);
    client.send(get("/echo", "Connection: close\r\n"));
    const auto r = client.read();
    QVERIFY(r);
    QCOMPARE(r->status, 200);
    QCOMPARE(r->header("Connection").toLower(), QByteArray("close"));
    QVERIFY(client.waitClosed());
    QVERIFY(client.leftover().isEmpty());
}

void TestHttp::http10_withoutKeepAlive_isClosedAfterAnswer() {
    startServer();
    Client client(port_);
    client.send("GET /echo HTTP/1.0\r\n\r\n");
    const auto r = client.read();
    QVERIFY(r);
    QCOMPARE(r->version, QByteArray("HTTP/1.0"));
    QCOMPARE(r->status, 200);
    QCOMPARE(r->json().value("version").toInt(), 10);
    QVERIFY(client.waitClosed());
}

void TestHttp::http10_withKeepAlive_staysOpen() {
    startServer();
    Client client(port_);
    client.send("GET /echo?tag=a HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
    const auto first = client.read();
    QVERIFY(first);
    QCOMPARE(first->header("Connection").toLower(), QByteArray("keep-alive"));
    client.send("GET /echo?tag=b HTTP/1.0\r\n\r\n");
    const auto second = client.read();
    QVERIFY(second);
    QCOMPARE(second->json().value("tag").toString(), QString("b"));
    QVERIFY(client.waitClosed());
}

void TestHttp::head_getsContentLengthWithoutBody() {
    startServer();
    Client client(port_);
    client.send("HEAD /echo HTTP/1.1\r\nHost: test\r\n\r\n");
    const auto head = client.read(kWaitMs, true);
    QVERIFY(head);
    QCOMPARE(head->status, 200);
    QVERIFY(head->header("Content-Length").toInt() > 0);
    // No body bytes may follow: the next answer must parse cleanly.
    client.send(get("/echo?tag=after"));
    const auto next = client.read();
    QVERIFY(next);
    QCOMPARE(next->json().value("tag").toString(), QString("after"));
}

void TestHttp::noContent_hasNeitherBodyNorLength() {
    startServer();
    Client client(port_);
    client.send(get("/nocontent") + get("/echo?tag=after"));
    const auto r = client.read();
    QVERIFY(r);
    QCOMPARE(r->status, 204);
    QVERIFY(!r->hasHeader("Content-Length"));
    const auto next = client.read();
    QVERIFY(next);
    QCOMPARE(next->json().value("tag").toString(), QString("after"));
}

void TestHttp::responseHeaders_transportOwnedAndUnsafeFieldsAreIgnored() {
    startServer();
    Client client(port_);
    client.send(get("/headers", "X-Request-Id: mine\r\n"));
    const auto r = client.read();
    QVERIFY(r);
    QCOMPARE(r->status, 201);
    QCOMPARE(r->header("X-Custom"), QByteArray("custom value"));
    QCOMPARE(r->header("Content-Length").toLongLong(), r->body.size());
    QCOMPARE(r->header("Server"), QByteArray("opsdesk"));
    QCOMPARE(r->header("X-Request-Id"), QByteArray("mine"));
    QVERIFY(!r->hasHeader("X-Split"));
    QVERIFY(!r->hasHeader("Injected"));
    QVERIFY(!r->hasHeader("Bad Name"));
}

void TestHttp::handlerConnectionClose_closesAfterAnswer() {
    startServer();
    Client client(port_);
    client.send(get("/closing?tag=last"));
    const auto r = client.read();
    QVERIFY(r);
    QCOMPARE(r->status, 200);
    QCOMPARE(r->header("Connection").toLower(), QByteArray("close"));
    QVERIFY(client.waitClosed());
}

void TestHttp::invalidHandlerStatus_isAnswered500() {
    startServer();
    Client client(port_);
    client.send(get("/badstatus", "X-Request-Id: bad-status\r\n"));
    const auto r = client.read();
    QVERIFY(r);
    QCOMPARE(r->status, 500);
    QCOMPARE(r->errorCode(), QString("internal"));
    QTRY_VERIFY_WITH_TIMEOUT(backend_->logEntryFor("bad-status").has_value(), kWaitMs);
    QCOMPARE(backend_->logEntryFor("bad-status")->user, std::string("bob"));
}

void TestHttp::chunkedBody_isAssembled() {
    startServer();
    Client client(port_);
    client.send(
        "POST /echo HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: chunked\r\n\r\n"
        "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n");
    const auto r = client.read();
    QVERIFY(r);
    QCOMPARE(r->status, 200);
    QCOMPARE(r->json().value("body").toString(), QString("hello world"));
}

void TestHttp::expectContinue_getsInterimAnswerThenResponse() {
    startServer();
    Client client(port_);
    client.send(
        "POST /echo HTTP/1.1\r\nHost: test\r\nContent-Length: 5\r\n"
        "Expect: 100-continue\r\n\r\n");
    const auto interim = client.read();
    QVERIFY(interim);
    QCOMPARE(interim->status, 100);
    client.send("hello");
    const auto r = client.read();
    QVERIFY(r);
    QCOMPARE(r->status, 200);
    QCOMPARE(r->json().value("body").toString(), QString("hello"));
}

void TestHttp::requestId_isEchoedWhenSane() {
    startServer();
    Client client(port_);
    const QByteArray id = "abc-123_X.y";
    client.send(get("/echo", "X-Request-Id: " + id + "\r\n"));
    const auto r = client.read();
    QVERIFY(r);
    QCOMPARE(r->header("X-Request-Id"), id);
    QCOMPARE(r->json().value("requestId").toString().toLatin1(), id);
}

void TestHttp::requestId_isGeneratedWhenMissingOrInvalid() {
    startServer();
    Client client(port_);
    const QList<QByteArray> sent{"", "X-Request-Id: has space\r\n", "X-Request-Id: bad/char\r\n",
                                 "X-Request-Id: " + QByteArray(129, 'a') + "\r\n"};
    QSet<QByteArray> seen;
    for (const QByteArray& header : sent) {
        client.send(get("/echo", header));
        const auto r = client.read();
        QVERIFY(r);
        const QByteArray id = r->header("X-Request-Id");
        QVERIFY2(isHex32(id), id.constData());
        seen.insert(id);
    }
    QCOMPARE(seen.size(), sent.size());
}

void TestHttp::percentEncodedPath_isDecodedAndQueryKeptRaw() {
    startServer();
    Client client(port_);
    client.send(get("/files/a%20b%2Fc%C3%A9?x=1%202&tag=t+1"));
    const auto r = client.read();
    QVERIFY(r);
    QCOMPARE(r->status, 200);
    QCOMPARE(r->json().value("path").toString(), QString::fromUtf8("/files/a b/c\xC3\xA9"));
    QCOMPARE(r->json().value("query").toString(), QString("x=1%202&tag=t+1"));
    QCOMPARE(r->json().value("tag").toString(), QString("t 1"));
}

void TestHttp::absoluteFormTarget_isReducedToPath() {
    startServer();
    Client client(port_);
    client.send(get("http://example.com/echo?tag=abs"));
    const auto r = client.read();
    QVERIFY(r);
    QCOMPARE(r->status, 200);
    QCOMPARE(r->json().value("path").toString(), QString("/echo"));
    QCOMPARE(r->json().value("tag").toString(), QString("abs"));
}

// --- bad requests and limits ---

void TestHttp::garbage_isAnswered400AndClosed() {
    startServer();
    Client client(port_);
    static const char junk[] = "\x16\x03\x01\x02\x00 this is not HTTP\r\n\r\n";
    client.send(QByteArray(junk, sizeof(junk) - 1));
    const auto r = client.read();
    QVERIFY(r);
    QCOMPARE(r->status, 400);
    QCOMPARE(r->errorCode(), QString("bad_request"));
    QCOMPARE(r->header("Content-Type"), QByteArray("application/json"));
    QVERIFY(client.waitClosed());
    QCOMPARE(backend_->calls.load(), 0);
    verifyStillServing();
}

void TestHttp::badPercentEscape_isAnswered400() {
    startServer();
    for (const QByteArray target : {"/a%zz", "/a%2", "/a%00b", "no-slash"}) {
        Client client(port_);
        client.send(get(target));
        const auto r = client.read();
        QVERIFY2(r, target.constData());
        QCOMPARE(r->status, 400);
        QCOMPARE(r->errorCode(), QString("bad_request"));
        QVERIFY(client.waitClosed());
    }
    QCOMPARE(backend_->calls.load(), 0);
    verifyStillServing();
}

void TestHttp::ambiguousBodyLength_isAnswered400AndClosed() {
    startServer();
    const QList<QByteArray> requests{
        "POST /echo HTTP/1.1\r\nHost: test\r\nContent-Length: 5\r\n"
        "Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
        "POST /echo HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: gzip\r\n\r\n" + get("/echo"),
        "POST /echo HTTP/1.1\r\nHost: test\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n"
        "hello!",
    };
    for (const QByteArray& request : requests) {
        Client client(port_);
        client.send(request);
        const auto r = client.read();
        QVERIFY(r);
        QCOMPARE(r->status, 400);
        QVERIFY(client.waitClosed());
        QVERIFY(client.leftover().isEmpty());  // the smuggled second request got no answer
    }
    QCOMPARE(backend_->calls.load(), 0);
    verifyStillServing();
}

void TestHttp::http11WithoutHost_isAnswered400() {
    startServer();
    for (const QByteArray request :
         {"GET /echo HTTP/1.1\r\n\r\n", "GET /echo HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n"}) {
        Client client(port_);
        client.send(request);
        const auto r = client.read();
        QVERIFY(r);
        QCOMPARE(r->status, 400);
        QVERIFY(client.waitClosed());
    }
    QCOMPARE(backend_->calls.load(), 0);
    verifyStillServing();
}

void TestHttp::oversizedHeader_isAnswered431AndClosed() {
    startServer();
    Client client(port_);
    client.send(get("/echo", "X-Big: " + QByteArray(17 * 1024, 'a') + "\r\n"));
    const auto r = client.read();
    QVERIFY(r);
    QCOMPARE(r->status, 431);
    QCOMPARE(r->errorCode(), QString("headers_too_large"));
    QVERIFY(client.waitClosed());
    QCOMPARE(backend_->calls.load(), 0);
    verifyStillServing();
}

void TestHttp::headerJustBelowLimit_isServed() {
    startServer();
    Client client(port_);
    client.send(get("/echo", "X-Big: " + QByteArray(15 * 1024, 'a') + "\r\n"));
    const auto r = client.read();
    QVERIFY(r);
    QCOMPARE(r->status, 200);
}

void TestHttp::oversizedContentLength_isAnswered413BeforeBodyIsSent() {
    ServerOptions options = testOptions();
    options.maxBodyBytes = 1024;
    options.bodyTimeout = kLongTimeout;
    startServer(options);
    Client client(port_);
    QElapsedTimer timer;
    timer.start();
    // Not one body byte is sent: the answer has to come from the header alone, long before the
    // body timeout.
    client.send(
        "POST /echo HTTP/1.1\r\nHost: test\r\nContent-Length: 1048576\r\n"
        "Expect: 100-continue\r\n\r\n");
    const auto r = client.read();
    QVERIFY(r);
    QCOMPARE(r->status, 413);
    QCOMPARE(r->errorCode(), QString("payload_too_large"));
    QVERIFY(timer.elapsed() < kWellBelowMs);
    QVERIFY(client.waitClosed());

    // Exactly at the limit is fine.
    Client exact(port_);
    exact.send("POST /echo HTTP/1.1\r\nHost: test\r\nContent-Length: 1024\r\n\r\n" +
               QByteArray(1024, 'x'));
    const auto ok = exact.read();
    QVERIFY(ok);
    QCOMPARE(ok->status, 200);
}

void TestHttp::oversizedChunkedBody_isAnswered413AndClosed() {
    ServerOptions options = testOptions();
    options.maxBodyBytes = 1024;
    startServer(options);
    Client client(port_);
    client.send(chunkedPost("/echo", 4));
    const auto r = client.read();
    QVERIFY(r);
    QCOMPARE(r->status, 413);
    QCOMPARE(r->errorCode(), QString("payload_too_large"));
    QVERIFY(client.waitClosed());
    QCOMPARE(backend_->calls.load(), 0);
    verifyStillServing();
}

// ServerOptions::bodyLimit: one path takes more than maxBodyBytes, the others do not, and its own
// limit holds for Content-Length (before the body is sent) and chunked bodies alike.
void TestHttp::pathBodyLimit_allowsMoreOnThatPathOnly() {
    ServerOptions options = testOptions();
    options.maxBodyBytes = 1024;
    options.bodyTimeout = kLongTimeout;
    options.bodyLimit = [](std::string_view method, std::string_view path) -> std::size_t {
        return method == "POST" && path == "/big" ? 4096 : 0;
    };
    startServer(options);
    const auto post = [](const QByteArray& path, int bytes) {
        return "POST " + path +
               " HTTP/1.1\r\nHost: test\r\nContent-Length: " + QByteArray::number(bytes) +
               "\r\n\r\n" + QByteArray(bytes, 'x');
    };
    Client big(port_);
    big.send(post("/big", 4096));
    auto r = big.read();
    QVERIFY(r);
    QCOMPARE(r->status, 200);

    Client other(port_);
    other.send(post("/echo", 2048));
    r = other.read();
    QVERIFY(r);
    QCOMPARE(r->status, 413);
    QVERIFY(other.waitClosed());

    Client tooBig(port_);
    tooBig.send(
        "POST /big HTTP/1.1\r\nHost: test\r\nContent-Length: 4097\r\n"
        "Expect: 100-continue\r\n\r\n");
    r = tooBig.read();
    QVERIFY(r);
    QCOMPARE(r->status, 413);
    QVERIFY(tooBig.waitClosed());

    const int callsBefore = backend_->calls.load();
    Client chunked(port_);
    chunked.send(chunkedPost("/big", 10));
    r = chunked.read();
    QVERIFY(r);
    QCOMPARE(r->status, 413);
    QVERIFY(chunked.waitClosed());
    QCOMPARE(backend_->calls.load(), callsBefore);
    verifyStillServing();
}

void TestHttp::headerTimeout_isAnswered408AndClosed() {
    ServerOptions options = testOptions();
    options.headerTimeout = 300ms;
    startServer(options);
    QElapsedTimer timer;  // before the connection exists: the server's timer starts later
    timer.start();
    Client client(port_);
    client.send("GET /echo HTTP/1.1\r\nHost: test\r\n");  // the blank line never comes
    const auto r = client.read();
    QVERIFY(r);
    QCOMPARE(r->status, 408);
    QCOMPARE(r->errorCode(), QString("request_timeout"));
    QVERIFY(timer.elapsed() >= 290);
    QVERIFY(client.waitClosed());
    verifyStillServing();
}

void TestHttp::bodyTimeout_isAnswered408AndClosed() {
    ServerOptions options = testOptions();
    options.bodyTimeout = 300ms;
    startServer(options);
    Client client(port_);
    client.send("POST /echo HTTP/1.1\r\nHost: test\r\nContent-Length: 10\r\n\r\nhalf!");
    const auto r = client.read();
    QVERIFY(r);
    QCOMPARE(r->status, 408);
    QCOMPARE(r->errorCode(), QString("request_timeout"));
    QVERIFY(client.waitClosed());
    QCOMPARE(backend_->calls.load(), 0);
    verifyStillServing();
}

void TestHttp::idleKeepAlive_isClosedSilently() {
    ServerOptions options = testOptions();
    options.idleTimeout = 300ms;
    startServer(options);
    Client client(port_);
    QElapsedTimer timer;  // before the request: the idle timer starts once it is answered
    timer.start();
    client.send(get("/echo"));
    QVERIFY(client.read());
    QVERIFY(client.waitClosed());
    QVERIFY(timer.elapsed() >= 290);
    QVERIFY(client.leftover().isEmpty());  // no 408, not a byte
}

void TestHttp::maxConnections_exceeded_isAnswered503AndClosed() {
    ServerOptions options = testOptions();
    options.maxConnections = 2;
    startServer(options);
    auto first = std::make_unique<Client>(port_);
    Client second(port_);
    for (Client* c : {first.get(), &second}) {
        c->send(get("/echo"));
        const auto r = c->read();
        QVERIFY(r);
        QCOMPARE(r->status, 200);
    }
    Client third(port_);
    third.send(get("/echo"));
    const auto busy = third.read();
    QVERIFY(busy);
    QCOMPARE(busy->status, 503);
    QCOMPARE(busy->errorCode(), QString("unavailable"));
    QCOMPARE(busy->header("Retry-After"), QByteArray("1"));
    QVERIFY(third.waitClosed());
    QCOMPARE(backend_->calls.load(), 2);

    // A slot frees up when a connection closes.
    first.reset();
    QElapsedTimer timer;
    timer.start();
    int status = 0;
    while (status != 200 && timer.elapsed() < kWaitMs) {
        Client next(port_);
        next.send(get("/echo"));
        const auto r = next.read();
        status = r ? r->status : 0;
    }
    QCOMPARE(status, 200);
}

// --- handlers and responders ---

void TestHttp::responder_calledFromAnotherThread_answers() {
    startServer();
    Client client(port_);
    client.send(get("/thread?tag=worker") + get("/delay?ms=50&tag=later"));
    const auto r = client.read();
    QVERIFY(r);
    QCOMPARE(r->status, 200);
    QCOMPARE(r->json().value("tag").toString(), QString("worker"));
    const auto delayed = client.read();
    QVERIFY(delayed);
    QCOMPARE(delayed->json().value("tag").toString(), QString("later"));
}

void TestHttp::responder_calledTwice_onlyFirstCounts() {
    startServer();
    Client client(port_);
    client.send(get("/twice"));
    const auto r = client.read();
    QVERIFY(r);
    QCOMPARE(r->json().value("answer").toString(), QString("first"));
    client.send(get("/echo?tag=next"));
    const auto next = client.read();
    QVERIFY(next);
    QCOMPARE(next->json().value("tag").toString(), QString("next"));
}

void TestHttp::handlerTimeout_isAnswered503AndLateResponderIsHarmless() {
    ServerOptions options = testOptions();
    options.handlerTimeout = 300ms;
    startServer(options);
    Client client(port_);
    client.send(get("/never"));
    const auto r = client.read();
    QVERIFY(r);
    QCOMPARE(r->status, 503);
    QCOMPARE(r->errorCode(), QString("unavailable"));

    // The late answer, from another thread, must go nowhere: the next request on the same
    // connection gets its own answer.
    Responder late = backend_->takeParked();
    QVERIFY(late);
    std::thread([late] { late(Response::json(200, R"({"tag":"late"})")); }).join();
    client.send(get("/echo?tag=own"));
    const auto next = client.read();
    QVERIFY(next);
    QCOMPARE(next->status, 200);
    QCOMPARE(next->json().value("tag").toString(), QString("own"));
    verifyStillServing();
}

void TestHttp::handlerThrowing_isAnswered500WithoutDetails() {
    startServer();
    Client client(port_);
    client.send(get("/throw"));
    const auto r = client.read();
    QVERIFY(r);
    QCOMPARE(r->status, 500);
    QCOMPARE(r->errorCode(), QString("internal"));
    QVERIFY(!r->body.contains("secret"));
    verifyStillServing();
}

void TestHttp::droppedResponder_isAnswered500() {
    ServerOptions options = testOptions();
    options.handlerTimeout = kLongTimeout;
    startServer(options);
    Client client(port_);
    QElapsedTimer timer;
    timer.start();
    client.send(get("/drop"));
    const auto r = client.read();
    QVERIFY(r);
    QCOMPARE(r->status, 500);
    QCOMPARE(r->errorCode(), QString("internal"));
    QVERIFY(timer.elapsed() < kWellBelowMs);  // not after the handler timeout
}

void TestHttp::accessLog_recordsEveryAnswerWithStatusUserAndTime() {
    startServer();
    Client client(port_);
    client.send(get("/user?x=1", "X-Request-Id: log-1\r\n"));
    QVERIFY(client.read());
    Client bad(port_);
    bad.send(get("/big", "X-Request-Id: log-2\r\nX-Big: " + QByteArray(17 * 1024, 'a') + "\r\n"));
    const auto tooLarge = bad.read();
    QVERIFY(tooLarge);
    const QByteArray badId = tooLarge->header("X-Request-Id");

    // The line is written after the answer, so it may trail the client by a moment.
    QTRY_VERIFY_WITH_TIMEOUT(backend_->logEntryFor("log-1").has_value(), kWaitMs);
    const AccessLogEntry ok = *backend_->logEntryFor("log-1");
    QCOMPARE(ok.method, std::string("GET"));
    QCOMPARE(ok.path, std::string("/user"));
    QCOMPARE(ok.status, 200);
    QCOMPARE(ok.user, std::string("alice"));
    QCOMPARE(ok.remoteAddress, std::string("127.0.0.1"));
    QVERIFY(ok.ms >= 0 && ok.ms < kWaitMs);

    QTRY_VERIFY_WITH_TIMEOUT(backend_->logEntryFor(badId).has_value(), kWaitMs);
    QCOMPARE(backend_->logEntryFor(badId)->status, 431);
    QCOMPARE(backend_->log().size(), std::size_t(2));
}

// --- start and stop ---

void TestHttp::plainHttpOnNonLoopbackHost_isRefusedByStart() {
    for (const char* host : {"0.0.0.0", "::", "192.0.2.1"}) {
        ServerOptions options = testOptions();
        options.host = host;
        HttpServer server(options, backend_->handler());
        try {
            server.start();
            QFAIL(qPrintable(QString("start() accepted plain HTTP on %1").arg(host)));
        } catch (const std::runtime_error& e) {
            QVERIFY2(QString(e.what()).contains("loopback"), e.what());
        }
    }
}

void TestHttp::localhost_isAcceptedForPlainHttp() {
    ServerOptions options = testOptions();
    options.host = "localhost";
    startServer(options);
    QVERIFY(port_ != 0);
    verifyStillServing();
}

void TestHttp::portInUse_startThrows() {
    startServer();
    ServerOptions options = testOptions();
    options.port = port_;
    HttpServer second(options, backend_->handler());
    QVERIFY_THROWS_EXCEPTION(std::runtime_error, second.start());
}

void TestHttp::stop_letsRequestInFlightFinish() {
    ServerOptions options = testOptions();
    options.shutdownGrace = kLongTimeout;
    startServer(options);
    Client client(port_);
    client.send(get("/delay?ms=400&tag=inflight"));
    QTRY_COMPARE_WITH_TIMEOUT(backend_->delayedStarted.load(), 1, kWaitMs);

    QElapsedTimer timer;
    timer.start();
    std::atomic<qint64> stoppedAfter{-1};
    std::atomic<int> answeredBeforeStopReturned{-1};
    std::thread stopper([&] {
        server_->stop();
        answeredBeforeStopReturned = backend_->delayedAnswering.load();
        stoppedAfter = timer.elapsed();
    });
    const auto r = client.read();
    stopper.join();
    QVERIFY(r);
    QCOMPARE(r->status, 200);
    QCOMPARE(r->json().value("tag").toString(), QString("inflight"));
    QCOMPARE(r->header("Connection").toLower(), QByteArray("close"));
    QVERIFY(client.waitClosed());
    QCOMPARE(answeredBeforeStopReturned.load(), 1);  // it waited for the answer...
    QVERIFY(stoppedAfter < kWellBelowMs);            // ...but not for the grace period

    Client late(port_);
    QVERIFY(!late.isConnected());
}

void TestHttp::stop_closesIdleConnectionsPromptly() {
    ServerOptions options = testOptions();
    options.idleTimeout = kLongTimeout;
    options.headerTimeout = kLongTimeout;
    options.shutdownGrace = kLongTimeout;
    startServer(options);
    Client idle(port_);
    idle.send(get("/echo"));
    QVERIFY(idle.read());
    Client silent(port_);  // connected, never said a word
    QVERIFY(silent.isConnected());

    QElapsedTimer timer;
    timer.start();
    server_->stop();
    QVERIFY(timer.elapsed() < kWellBelowMs);  // not after the idle timeout or the grace
    QVERIFY(idle.waitClosed());
    QVERIFY(silent.waitClosed());
    QVERIFY(idle.leftover().isEmpty());
}

void TestHttp::stop_afterGrace_closesUnfinishedRequests() {
    ServerOptions options = testOptions();
    options.shutdownGrace = 200ms;
    options.handlerTimeout = kLongTimeout;
    startServer(options);
    Client client(port_);
    client.send(get("/never"));
    QTRY_COMPARE_WITH_TIMEOUT(backend_->calls.load(), 1, kWaitMs);
    QElapsedTimer timer;
    timer.start();
    server_->stop();
    QVERIFY(timer.elapsed() >= 190);          // the grace ran out first...
    QVERIFY(timer.elapsed() < kWellBelowMs);  // ...not the handler's own timeout
    QVERIFY(client.waitClosed());
}

void TestHttp::stop_isIdempotentFromAnyThreadAndWaitReturns() {
    startServer();
    std::thread waiter([this] { server_->wait(); });
    std::thread a([this] { server_->stop(); });
    std::thread b([this] { server_->stop(); });
    a.join();
    b.join();
    waiter.join();
    server_->stop();
    server_->wait();
    QVERIFY_THROWS_EXCEPTION(std::runtime_error, server_->start());

    HttpServer neverStarted(testOptions(), backend_->handler());
    neverStarted.stop();
    neverStarted.wait();
    QVERIFY_THROWS_EXCEPTION(std::runtime_error, neverStarted.start());
}

void TestHttp::stop_fromInsideHandler_isSafe() {
    // A handler on an I/O thread may begin the shutdown; wait() on another thread completes it.
    HttpServer* self = nullptr;
    ServerOptions options = testOptions();
    HttpServer server(options, [&self](Request&&, Responder respond) {
        respond(Response::json(200, R"({"bye":true})"));
        self->stop();
    });
    self = &server;
    server.start();
    port_ = server.port();
    Client client(port_);
    client.send(get("/anything"));
    const auto r = client.read();
    QVERIFY(r);
    QCOMPARE(r->status, 200);
    server.wait();
    QVERIFY(client.waitClosed());
}

// --- TLS ---

void TestHttp::tls_requestOverHttpsWorks() {
    ServerOptions options = testOptions();
    options.tlsCertFile = certFile_.toStdString();
    options.tlsKeyFile = keyFile_.toStdString();
    startServer(options);

    auto socket = tlsSocket();
    QVERIFY2(socket->waitForEncrypted(kWaitMs), qPrintable(socket->errorString()));
    QVERIFY(socket->sessionProtocol() >= QSsl::TlsV1_2);
    Client client(std::move(socket));
    client.send(get("/echo?tag=tls"));
    const auto r = client.read();
    QVERIFY(r);
    QCOMPARE(r->status, 200);
    QCOMPARE(r->json().value("tag").toString(), QString("tls"));
    client.send(get("/echo?tag=again", "Connection: close\r\n"));
    const auto again = client.read();
    QVERIFY(again);
    QCOMPARE(again->json().value("tag").toString(), QString("again"));
    QVERIFY(client.waitClosed());
}

void TestHttp::tls_plainHttpToTlsPort_isClosedAndServerGoesOn() {
    ServerOptions options = testOptions();
    options.tlsCertFile = certFile_.toStdString();
    options.tlsKeyFile = keyFile_.toStdString();
    startServer(options);
    Client plain(port_);
    plain.send(get("/echo"));
    QVERIFY(plain.waitClosed());
    QVERIFY(!plain.leftover().startsWith("HTTP/"));

    auto socket = tlsSocket();
    QVERIFY(socket->waitForEncrypted(kWaitMs));
    Client client(std::move(socket));
    client.send(get("/echo"));
    const auto r = client.read();
    QVERIFY(r);
    QCOMPARE(r->status, 200);
}

void TestHttp::tls_silentClient_isClosedAfterHandshakeTimeout() {
    ServerOptions options = testOptions();
    options.tlsCertFile = certFile_.toStdString();
    options.tlsKeyFile = keyFile_.toStdString();
    options.tlsHandshakeTimeout = 300ms;
    startServer(options);
    QElapsedTimer timer;  // before the connection exists: the server's timer starts later
    timer.start();
    Client silent(port_);  // TCP only: no ClientHello ever comes
    QVERIFY(silent.isConnected());
    QVERIFY(silent.waitClosed());
    QVERIFY(timer.elapsed() >= 290);
}

void TestHttp::tls_badCertificatePath_startThrows() {
    ServerOptions options = testOptions();
    options.tlsCertFile = "/nonexistent/opsdesk-cert.pem";
    options.tlsKeyFile = keyFile_.isEmpty() ? "/nonexistent/key.pem" : keyFile_.toStdString();
    HttpServer server(options, backend_->handler());
    try {
        server.start();
        QFAIL("start() accepted a certificate path that does not exist");
    } catch (const std::runtime_error& e) {
        QVERIFY2(QString(e.what()).contains("/nonexistent/opsdesk-cert.pem"), e.what());
    }
}

void TestHttp::tls_keyThatIsNoKey_startThrows() {
    ServerOptions options = testOptions();
    options.tlsCertFile = certFile_.toStdString();
    options.tlsKeyFile = certFile_.toStdString();  // a certificate where the key should be
    HttpServer server(options, backend_->handler());
    try {
        server.start();
        QFAIL("start() accepted a certificate as its key");
    } catch (const std::runtime_error& e) {
        QVERIFY2(QString(e.what()).contains("key"), e.what());
    }
}

// openssl s_client against the server: its exit code and what it printed.
std::pair<int, QString> sClient(quint16 port, const QStringList& args) {
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start("openssl", QStringList{"s_client", "-connect", "127.0.0.1:" + QString::number(port),
                                   "-servername", "localhost", "-brief"} +
                           args);
    p.closeWriteChannel();  // nothing to send: the handshake, then end
    if (!p.waitForFinished(30'000)) {
        p.kill();
        p.waitForFinished();
        return {-1, "timed out"};
    }
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1,
            QString::fromUtf8(p.readAll())};
}

void TestHttp::tls_onlyAeadSuitesAndNamedGroups_areAccepted() {
    ServerOptions options = testOptions();
    options.tlsCertFile = certFile_.toStdString();
    options.tlsKeyFile = keyFile_.toStdString();
    startServer(options);
    // Refused: CBC with a SHA-1 MAC, CBC with SHA-2, and protocol versions before 1.2.
    for (const QStringList& args : {QStringList{"-tls1_2", "-cipher", "ECDHE-ECDSA-AES128-SHA"},
                                    QStringList{"-tls1_2", "-cipher", "ECDHE-ECDSA-AES256-SHA384"},
                                    QStringList{"-tls1_1", "-cipher", "DEFAULT@SECLEVEL=0"}}) {
        const auto [rc, out] = sClient(port_, args);
        QVERIFY2(rc != 0 && !out.contains("CONNECTION ESTABLISHED"),
                 qPrintable(args.join(' ') + ":\n" + out));
    }
    // A key exchange group the server does not name: refused, in TLS 1.3 too.
    {
        const auto [rc, out] = sClient(port_, {"-tls1_3", "-groups", "ffdhe2048"});
        QVERIFY2(rc != 0, qPrintable("ffdhe2048:\n" + out));
    }
    // Accepted: TLS 1.2 with AEAD suites, and TLS 1.3.
    for (const auto& [args, expected] :
         {std::pair{QStringList{"-tls1_2", "-cipher", "ECDHE-ECDSA-AES128-GCM-SHA256"},
                    QString("ECDHE-ECDSA-AES128-GCM-SHA256")},
          std::pair{QStringList{"-tls1_2", "-cipher", "ECDHE-ECDSA-CHACHA20-POLY1305"},
                    QString("ECDHE-ECDSA-CHACHA20-POLY1305")},
          std::pair{QStringList{"-tls1_3", "-groups", "X25519"}, QString("TLS_AES_")}}) {
        const auto [rc, out] = sClient(port_, args);
        QVERIFY2(rc == 0 && out.contains(expected), qPrintable(args.join(' ') + ":\n" + out));
    }
}

QTEST_GUILESS_MAIN(TestHttp)
#include "tst_http.moc"
