// WebSocket connections on the HTTP transport: a real HttpServer in this process, QWebSocket as
// the well-behaved client, and raw QTcpSocket clients for the ones that misbehave (never read,
// never answer a ping).

#include <QElapsedTimer>
#include <QHostAddress>
#include <QNetworkRequest>
#include <QProcess>
#include <QSignalSpy>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>
#include <QWebSocket>

#include <dirent.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "http/server.h"
#include "http/websocket.h"

using namespace opsdesk::server::http;
using namespace std::chrono_literals;

namespace {

// How long to wait for anything that should happen promptly: generous, for a busy two-core
// machine; a passing test waits only as long as it takes.
constexpr int kWaitMs = 20'000;
// Where a test tells "at once" from a timeout, the timeout is made this long and "at once" is
// anything well below it.
constexpr auto kLongTimeout = std::chrono::seconds(60);
constexpr qint64 kWellBelowMs = 30'000;
const QByteArray kPath = "/ws";

// What the application saw of one accepted connection.
struct Conn {
    std::shared_ptr<WebSocket> socket;  // null when the backend does not keep it
    Request request;
    std::atomic<int> closeCalls{0};
    std::atomic<int> closeCode{0};

    std::vector<std::string> received() const {
        std::lock_guard lock(mutex);
        return messages;
    }
    void add(std::string_view text) {
        std::lock_guard lock(mutex);
        messages.emplace_back(text);
    }

private:
    mutable std::mutex mutex;
    std::vector<std::string> messages;
};

// The application side: records every connection, echoes (unless told otherwise).
class Backend {
public:
    bool echo = true;
    bool keepHandle = true;
    bool throwInHandler = false;

    WebSocketHandler handler() {
        return [this](const Request& request, std::shared_ptr<WebSocket> socket) {
            auto conn = std::make_shared<Conn>();
            conn->request = request;
            std::weak_ptr<WebSocket> weakSocket = socket;
            socket->onMessage([this, raw = conn.get(), weakSocket](std::string_view text) {
                raw->add(text);
                if (echo) {
                    if (auto s = weakSocket.lock()) {
                        s->send(std::string(text));
                    }
                }
            });
            // Holds the connection (and so the socket) until the close: the transport must
            // break that cycle.
            socket->onClose([conn](int code) {
                conn->closeCode = code;
                ++conn->closeCalls;
            });
            if (keepHandle) {
                conn->socket = socket;
            }
            {
                std::lock_guard lock(mutex_);
                conns_.push_back(conn);
            }
            if (throwInHandler) {
                throw std::runtime_error("refused");
            }
        };
    }

    Handler httpHandler() {
        return [this](Request&& request, Responder respond) {
            ++httpCalls;
            if (request.path == kPath.toStdString()) {
                respond(Response::json(426, R"({"error":{"code":"upgrade_required"}})"));
            } else {
                respond(Response::json(200, R"({"ok":true})"));
            }
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

    std::size_t count() const {
        std::lock_guard lock(mutex_);
        return conns_.size();
    }
    std::shared_ptr<Conn> conn(std::size_t i) const {
        std::lock_guard lock(mutex_);
        return i < conns_.size() ? conns_[i] : nullptr;
    }

    std::atomic<int> httpCalls{0};

private:
    mutable std::mutex mutex_;
    std::vector<std::shared_ptr<Conn>> conns_;
    std::vector<AccessLogEntry> log_;
};

// A QWebSocket that remembers what it got.
struct Client {
    QWebSocket socket;
    QStringList messages;
    bool disconnected = false;

    explicit Client(const QUrl& url, const std::optional<QSslConfiguration>& tls = std::nullopt,
                    const QList<QPair<QByteArray, QByteArray>>& headers = {}) {
        QObject::connect(&socket, &QWebSocket::textMessageReceived, &socket,
                         [this](const QString& message) { messages << message; });
        QObject::connect(&socket, &QWebSocket::disconnected, &socket,
                         [this] { disconnected = true; });
        if (tls) {
            socket.setSslConfiguration(*tls);
        }
        QNetworkRequest request(url);
        for (const auto& [name, value] : headers) {
            request.setRawHeader(name, value);
        }
        socket.open(request);
    }

    bool isConnected() const { return socket.state() == QAbstractSocket::ConnectedState; }
    int closeCode() const { return static_cast<int>(socket.closeCode()); }
};

// A client that does the opening handshake by hand and then does only what the test says.
class RawClient {
public:
    explicit RawClient(quint16 port) {
        socket_.connectToHost(QHostAddress::LocalHost, port);
        socket_.waitForConnected(kWaitMs);
    }

    QTcpSocket& socket() { return socket_; }

    static constexpr const char* kHandshakeFields =
        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n";

    // The status of the answer to an upgrade request for `path`, 0 when none came.
    int handshake(const QByteArray& path, const QByteArray& trailing = {},
                  const QByteArray& fields = kHandshakeFields) {
        socket_.write("GET " + path +
                      " HTTP/1.1\r\nHost: test\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
                      fields + "\r\n" + trailing);
        socket_.waitForBytesWritten(kWaitMs);
        QElapsedTimer timer;
        timer.start();
        qsizetype end = -1;
        while ((end = buffer_.indexOf("\r\n\r\n")) < 0 && timer.elapsed() < kWaitMs) {
            if (socket_.bytesAvailable() == 0) {
                socket_.waitForReadyRead(100);
            }
            buffer_ += socket_.readAll();
        }
        if (end < 0) {
            return 0;
        }
        const QByteArray head = buffer_.left(end);
        headers_ = head;
        buffer_.remove(0, end + 4);
        return head.split(' ').value(1).toInt();
    }
    QByteArray headers() const { return headers_; }

    // Reads (and parses as frames) until the server closes the connection.
    bool waitClosed(int timeoutMs) {
        QElapsedTimer timer;
        timer.start();
        while (socket_.state() == QAbstractSocket::ConnectedState) {
            const qint64 left = timeoutMs - timer.elapsed();
            if (left <= 0) {
                return false;
            }
            socket_.waitForReadyRead(static_cast<int>(std::min<qint64>(left, 50)));
            buffer_ += socket_.readAll();
        }
        buffer_ += socket_.readAll();
        return true;
    }

    // Opcodes of the complete frames received so far (server frames are never masked).
    std::vector<int> opcodes() const {
        std::vector<int> result;
        qsizetype i = 0;
        while (i + 2 <= buffer_.size()) {
            const auto b0 = static_cast<unsigned char>(buffer_[i]);
            quint64 length = static_cast<unsigned char>(buffer_[i + 1]) & 0x7F;
            qsizetype header = 2;
            if (length == 126 || length == 127) {
                const int bytes = length == 126 ? 2 : 8;
                if (i + 2 + bytes > buffer_.size()) {
                    break;
                }
                length = 0;
                for (int k = 0; k < bytes; ++k) {
                    length = (length << 8) | static_cast<unsigned char>(buffer_[i + 2 + k]);
                }
                header += bytes;
            }
            if (i + header + static_cast<qsizetype>(length) > buffer_.size()) {
                break;
            }
            result.push_back(b0 & 0x0F);
            i += header + static_cast<qsizetype>(length);
        }
        return result;
    }

private:
    QTcpSocket socket_;
    QByteArray buffer_;
    QByteArray headers_;
};

// A raw HTTP exchange, for the answers that are not upgrades.
int httpStatus(QTcpSocket& socket, const QByteArray& request) {
    socket.write(request);
    socket.waitForBytesWritten(kWaitMs);
    QByteArray in;
    QElapsedTimer timer;
    timer.start();
    while (!in.contains("\r\n\r\n") && timer.elapsed() < kWaitMs) {
        if (socket.bytesAvailable() == 0) {
            socket.waitForReadyRead(100);
        }
        in += socket.readAll();
    }
    const qsizetype end = in.indexOf("\r\n\r\n");
    if (end < 0) {
        return 0;
    }
    // Swallow the body so that the next answer starts clean.
    const QByteArray head = in.left(end);
    qsizetype length = 0;
    for (const QByteArray& line : head.split('\n')) {
        if (line.toLower().startsWith("content-length:")) {
            length = line.mid(15).trimmed().toLongLong();
        }
    }
    while (in.size() < end + 4 + length && timer.elapsed() < kWaitMs) {
        socket.waitForReadyRead(100);
        in += socket.readAll();
    }
    return head.split(' ').value(1).toInt();
}

ServerOptions testOptions() {
    ServerOptions o;
    o.host = "127.0.0.1";
    o.port = 0;
    o.ioThreads = 2;
    o.headerTimeout = 5s;
    o.idleTimeout = 5s;
    o.handlerTimeout = 5s;
    o.shutdownGrace = 5s;
    return o;
}

WebSocketOptions fastOptions() {
    WebSocketOptions o;
    o.pingInterval = 10s;  // out of the way unless a test is about pings
    o.closeTimeout = 2s;
    return o;
}

// SO_SNDBUF of this process's TCP socket whose peer is 127.0.0.1:peerPort (the server's side of
// a test client's connection: the server runs in this process), or -1.
int serverSideSendBuffer(quint16 peerPort) {
    DIR* dir = opendir("/proc/self/fd");
    if (!dir) {
        return -1;
    }
    int found = -1;
    while (dirent* entry = readdir(dir)) {
        const int fd = std::atoi(entry->d_name);
        sockaddr_in peer{};
        socklen_t length = sizeof peer;
        if (fd <= 2 || getpeername(fd, reinterpret_cast<sockaddr*>(&peer), &length) != 0 ||
            peer.sin_family != AF_INET || ntohs(peer.sin_port) != peerPort) {
            continue;
        }
        int size = 0;
        socklen_t sizeLength = sizeof size;
        if (getsockopt(fd, SOL_SOCKET, SO_SNDBUF, &size, &sizeLength) == 0) {
            found = size;
        }
    }
    closedir(dir);
    return found;
}

}  // namespace

class TestWebSocket : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<Backend> backend_;
    std::unique_ptr<HttpServer> server_;
    quint16 port_ = 0;
    QTemporaryDir tlsDir_;
    QString certFile_;
    QString keyFile_;

    void startServer(WebSocketOptions wsOptions = fastOptions(),
                     ServerOptions options = testOptions()) {
        options.accessLog = backend_->accessLog();
        options.webSockets.push_back(WebSocketRoute{
            .path = kPath.toStdString(), .handler = backend_->handler(), .options = wsOptions});
        server_ = std::make_unique<HttpServer>(std::move(options), backend_->httpHandler());
        server_->start();
        port_ = server_->port();
    }
    QUrl url(const QByteArray& path = kPath, const char* scheme = "ws") const {
        return QUrl(QString("%1://127.0.0.1:%2%3").arg(scheme).arg(port_).arg(QString(path)));
    }
    std::shared_ptr<Conn> waitConn(std::size_t i) {
        QElapsedTimer timer;
        timer.start();
        while (backend_->count() <= i && timer.elapsed() < kWaitMs) {
            QTest::qWait(5);
        }
        return backend_->conn(i);
    }

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void handshake_handlerGetsUpgradeRequestAndLogSays101();
    void messages_areEchoedInOrderBothWays();
    void send_fromOtherThreads_keepsEachThreadsOrder();
    void send_burstOfQueuedMessages_allArriveInOrder();
    void stuckClient_isClosed4408_whileOthersKeepReceiving();
    void socketSendBufferOption_boundsTheKernelBuffer();
    void oversizedMessage_isClosed1009();
    void binaryMessage_isClosed1003();
    void serverClose_writesQueuedMessagesThenCloseFrame();
    void close_withReportOnlyCode_sends1011();
    void peerClose_isReportedOnceWithPeersCode();
    void droppedHandle_closes1000();
    void handlerThrowing_closes1011();
    void pings_keepResponsiveIdleClientOpen();
    void pings_unansweredCloseTheConnection();
    void stop_closesClientsWith1001AndReportsOnce();
    void upgradeOnOtherPath_isAnswered404AsHttp();
    void plainGetOnWebSocketPath_goesToHttpHandler();
    void upgradeWithEarlyData_isAnswered400();
    void badHandshake_isAnswered400Or426WithErrorBody();
    void maxConnections_countsWebSockets();
    void tls_wssEchoAndServerClose();
};

void TestWebSocket::initTestCase() {
    QVERIFY(tlsDir_.isValid());
    certFile_ = tlsDir_.filePath("cert.pem");
    keyFile_ = tlsDir_.filePath("key.pem");
    QProcess openssl;
    openssl.start("openssl",
                  {"req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                   "-nodes", "-keyout", keyFile_, "-out", certFile_, "-days", "2", "-subj",
                   "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"});
    // The TLS test needs it: no certificate, no passing suite.
    QVERIFY2(openssl.waitForFinished(30'000) && openssl.exitCode() == 0,
             qPrintable("openssl could not make a test certificate: " +
                        QString::fromUtf8(openssl.readAllStandardError())));
}

void TestWebSocket::init() {
    backend_ = std::make_unique<Backend>();
}

void TestWebSocket::cleanup() {
    server_.reset();
    // Every accepted connection was reported exactly once by the time the server is gone.
    for (std::size_t i = 0; i < backend_->count(); ++i) {
        QCOMPARE(backend_->conn(i)->closeCalls.load(), 1);
    }
    backend_.reset();
}

void TestWebSocket::handshake_handlerGetsUpgradeRequestAndLogSays101() {
    startServer();
    Client client(url(kPath + "?since=5"), std::nullopt,
                  {{"X-Request-Id", "ws-req-1"}, {"X-Test", "yes"}});
    QTRY_VERIFY_WITH_TIMEOUT(client.isConnected(), kWaitMs);
    const auto conn = waitConn(0);
    QVERIFY(conn);
    QCOMPARE(conn->request.method, std::string("GET"));
    QCOMPARE(conn->request.path, std::string("/ws"));
    QCOMPARE(conn->request.query, std::string("since=5"));
    QCOMPARE(conn->request.headers.get("x-test"), std::optional<std::string_view>("yes"));
    QCOMPARE(conn->request.remoteAddress, std::string("127.0.0.1"));
    QCOMPARE(conn->request.requestId, std::string("ws-req-1"));
    QCOMPARE(conn->socket->requestId(), std::string("ws-req-1"));
    QCOMPARE(conn->socket->remoteAddress(), std::string("127.0.0.1"));
    QVERIFY(conn->socket->isOpen());
    QCOMPARE(backend_->httpCalls.load(), 0);

    const auto log = backend_->log();
    QCOMPARE(log.size(), std::size_t(1));
    QCOMPARE(log[0].status, 101);
    QCOMPARE(log[0].path, std::string("/ws"));
    QCOMPARE(log[0].method, std::string("GET"));
    QCOMPARE(log[0].requestId, std::string("ws-req-1"));
    QVERIFY(log[0].ms >= 0 && log[0].ms < kWaitMs);
}

void TestWebSocket::messages_areEchoedInOrderBothWays() {
    startServer();
    Client client(url());
    QTRY_VERIFY_WITH_TIMEOUT(client.isConnected(), kWaitMs);
    constexpr int kCount = 200;
    for (int i = 0; i < kCount; ++i) {
        client.socket.sendTextMessage(QString("m%1 ✓").arg(i));
    }
    QTRY_COMPARE_WITH_TIMEOUT(client.messages.size(), kCount, kWaitMs);
    const auto received = waitConn(0)->received();
    QCOMPARE(received.size(), std::size_t(kCount));
    for (int i = 0; i < kCount; ++i) {
        const QString expected = QString("m%1 ✓").arg(i);
        QCOMPARE(client.messages[i], expected);
        QCOMPARE(QString::fromStdString(received[static_cast<std::size_t>(i)]), expected);
    }
}

void TestWebSocket::send_fromOtherThreads_keepsEachThreadsOrder() {
    backend_->echo = false;
    startServer();
    Client client(url());
    QTRY_VERIFY_WITH_TIMEOUT(client.isConnected(), kWaitMs);
    const auto socket = waitConn(0)->socket;
    constexpr int kEach = 2000;
    std::atomic<int> refused{0};
    std::vector<std::thread> senders;
    for (const char* tag : {"a", "b"}) {
        senders.emplace_back([socket, tag, &refused] {
            for (int i = 0; i < kEach; ++i) {
                if (!socket->send(std::string(tag) + std::to_string(i))) {
                    ++refused;
                }
            }
        });
    }
    QTRY_COMPARE_WITH_TIMEOUT(client.messages.size(), 2 * kEach, kWaitMs);
    for (auto& t : senders) {
        t.join();
    }
    QCOMPARE(refused.load(), 0);
    int nextA = 0;
    int nextB = 0;
    for (const QString& m : client.messages) {
        int& next = m.startsWith('a') ? nextA : nextB;
        QCOMPARE(m.mid(1).toInt(), next);
        ++next;
    }
    QCOMPARE(nextA, kEach);
    QCOMPARE(nextB, kEach);
    QTRY_COMPARE_WITH_TIMEOUT(socket->queuedBytes(), std::size_t(0), kWaitMs);
}

void TestWebSocket::send_burstOfQueuedMessages_allArriveInOrder() {
    backend_->echo = false;
    startServer();
    Client client(url());
    QTRY_VERIFY_WITH_TIMEOUT(client.isConnected(), kWaitMs);
    const auto socket = waitConn(0)->socket;
    // Queued faster than they can be written: the writer drains them back to back.
    constexpr int kCount = 20'000;
    const std::string padding(100, 'x');
    std::size_t peak = 0;
    for (int i = 0; i < kCount; ++i) {
        QVERIFY(socket->send(std::to_string(i) + ":" + padding));
        peak = std::max(peak, socket->queuedBytes());
    }
    QVERIFY(peak > 0);
    QTRY_COMPARE_WITH_TIMEOUT(client.messages.size(), kCount, kWaitMs);
    for (int i = 0; i < kCount; ++i) {
        QCOMPARE(client.messages[i].section(':', 0, 0).toInt(), i);
    }
    QCOMPARE(socket->queuedBytes(), std::size_t(0));
}

void TestWebSocket::stuckClient_isClosed4408_whileOthersKeepReceiving() {
    backend_->echo = false;
    WebSocketOptions options = fastOptions();
    // Room for a healthy client whose thread is held up for a moment on a busy machine.
    options.maxQueuedBytes = 1024 * 1024;
    options.closeTimeout = 500ms;
    options.pingInterval = 600s;  // an unanswered ping must not be what ends the stuck one
    startServer(options);

    Client healthy(url());
    QTRY_VERIFY_WITH_TIMEOUT(healthy.isConnected(), kWaitMs);
    const auto healthyConn = waitConn(0);
    RawClient stuck(port_);
    QCOMPARE(stuck.handshake(kPath), 101);
    const auto stuckConn = waitConn(1);
    QVERIFY(stuckConn);
    // From here on it never reads: Qt stops taking bytes from the kernel, whose buffers fill.
    stuck.socket().setReadBufferSize(1);
    stuck.socket().setSocketOption(QAbstractSocket::ReceiveBufferSizeSocketOption, 4096);

    // The application's fan-out: one message to both every 2 ms, from its own thread. Once the
    // stuck client's queue is half full (it is plainly stuck, and far from being cut off), the
    // producer pauses until the healthy client has every message sent so far: however long that
    // takes on a busy machine, the healthy client must get them while the other is stuck.
    std::atomic<bool> stop{false};
    std::atomic<int> sent{0};
    std::atomic<int> pausedAt{-1};  // messages sent when the producer paused
    std::atomic<bool> resume{false};
    std::atomic<int> stuckClosesWhilePaused{-1};
    std::atomic<std::size_t> stuckPeak{0};
    std::atomic<int> stuckRefused{0};
    std::thread producer([&] {
        const std::string padding(8 * 1024, 'p');
        for (int seq = 0; !stop; ++seq) {
            if (pausedAt < 0 && stuckConn->socket->queuedBytes() > options.maxQueuedBytes / 2) {
                pausedAt = seq;
                while (!resume && !stop) {
                    std::this_thread::sleep_for(2ms);
                }
                stuckClosesWhilePaused = stuckConn->closeCalls.load();
            }
            const std::string message = std::to_string(seq) + ":" + padding;
            healthyConn->socket->send(message);
            if (!stuckConn->socket->send(message)) {
                ++stuckRefused;
            }
            stuckPeak = std::max(stuckPeak.load(), stuckConn->socket->queuedBytes());
            sent = seq + 1;
            std::this_thread::sleep_for(2ms);
        }
    });
    struct Joiner {
        std::atomic<bool>& stop;
        std::thread& thread;
        ~Joiner() {
            stop = true;
            thread.join();
        }
    } joiner{stop, producer};

    QTRY_VERIFY_WITH_TIMEOUT(pausedAt.load() >= 0, kWaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(healthy.messages.size(), pausedAt.load(), kWaitMs);
    QCOMPARE(stuckConn->closeCalls.load(), 0);  // the other was stuck all that time
    QVERIFY(stuckConn->socket->queuedBytes() > options.maxQueuedBytes / 2);
    resume = true;

    QTRY_COMPARE_WITH_TIMEOUT(stuckConn->closeCalls.load(), 1, kWaitMs);
    QCOMPARE(stuckClosesWhilePaused.load(), 0);
    QCOMPARE(stuckConn->closeCode.load(), CloseCode::NotReading);
    QVERIFY(!stuckConn->socket->isOpen());
    QVERIFY(stuckRefused.load() >= 1);
    QVERIFY2(stuckPeak.load() <= options.maxQueuedBytes, qPrintable(QString::number(stuckPeak)));
    QCOMPARE(stuckConn->socket->queuedBytes(), std::size_t(0));  // the queue was dropped

    // The healthy client goes on receiving after that, too: every message, in order.
    const int sentAtClose = sent;
    QTRY_VERIFY_WITH_TIMEOUT(healthy.messages.size() > sentAtClose + 20, kWaitMs);
    stop = true;
    const int total = sent;
    QTRY_COMPARE_WITH_TIMEOUT(healthy.messages.size(), total, kWaitMs);
    for (int i = 0; i < healthy.messages.size(); ++i) {
        QCOMPARE(healthy.messages[i].section(':', 0, 0).toInt(), i);
    }
    QVERIFY(healthy.isConnected());

    // The stuck client's TCP connection is gone: reset, since it could not take a close frame.
    stuck.socket().setReadBufferSize(0);
    QVERIFY(stuck.waitClosed(kWaitMs));
}

void TestWebSocket::socketSendBufferOption_boundsTheKernelBuffer() {
    WebSocketOptions options = fastOptions();
    options.socketSendBufferBytes = 48 * 1024;
    startServer(options);
    RawClient bounded(port_);
    QCOMPARE(bounded.handshake(kPath), 101);
    QVERIFY(waitConn(0));
    // Linux doubles what it is asked for (the other half is its bookkeeping).
    QCOMPARE(serverSideSendBuffer(bounded.socket().localPort()), 2 * 48 * 1024);
}

void TestWebSocket::oversizedMessage_isClosed1009() {
    WebSocketOptions options = fastOptions();
    options.maxMessageBytes = 1024;
    startServer(options);
    Client client(url());
    QTRY_VERIFY_WITH_TIMEOUT(client.isConnected(), kWaitMs);
    client.socket.sendTextMessage(QString(1024, 'a'));  // just fits
    QTRY_COMPARE_WITH_TIMEOUT(client.messages.size(), 1, kWaitMs);
    client.socket.sendTextMessage(QString(1025, 'a'));
    QTRY_VERIFY_WITH_TIMEOUT(client.disconnected, kWaitMs);
    QCOMPARE(client.closeCode(), CloseCode::TooBig);
    const auto conn = waitConn(0);
    QTRY_COMPARE_WITH_TIMEOUT(conn->closeCalls.load(), 1, kWaitMs);
    QCOMPARE(conn->closeCode.load(), CloseCode::TooBig);
    QCOMPARE(conn->received().size(), std::size_t(1));
}

void TestWebSocket::binaryMessage_isClosed1003() {
    startServer();
    Client client(url());
    QTRY_VERIFY_WITH_TIMEOUT(client.isConnected(), kWaitMs);
    client.socket.sendBinaryMessage("\x01\x02");
    QTRY_VERIFY_WITH_TIMEOUT(client.disconnected, kWaitMs);
    QCOMPARE(client.closeCode(), CloseCode::UnsupportedData);
    const auto conn = waitConn(0);
    QTRY_COMPARE_WITH_TIMEOUT(conn->closeCalls.load(), 1, kWaitMs);
    QCOMPARE(conn->closeCode.load(), CloseCode::UnsupportedData);
    QVERIFY(conn->received().empty());
}

void TestWebSocket::serverClose_writesQueuedMessagesThenCloseFrame() {
    startServer();
    Client client(url());
    QTRY_VERIFY_WITH_TIMEOUT(client.isConnected(), kWaitMs);
    const auto conn = waitConn(0);
    QVERIFY(conn->socket->send("first"));
    QVERIFY(conn->socket->send("last"));
    conn->socket->close(4001, "bye");
    conn->socket->close(4002, "again");  // ignored: the first close wins
    QVERIFY(!conn->socket->isOpen());
    QVERIFY(!conn->socket->send("too late"));
    QTRY_VERIFY_WITH_TIMEOUT(client.disconnected, kWaitMs);
    QCOMPARE(client.messages, QStringList({"first", "last"}));
    QCOMPARE(client.closeCode(), 4001);
    QCOMPARE(client.socket.closeReason(), QString("bye"));
    QTRY_COMPARE_WITH_TIMEOUT(conn->closeCalls.load(), 1, kWaitMs);
    QCOMPARE(conn->closeCode.load(), 4001);
}

void TestWebSocket::close_withReportOnlyCode_sends1011() {
    startServer();
    Client client(url());
    QTRY_VERIFY_WITH_TIMEOUT(client.isConnected(), kWaitMs);
    const auto conn = waitConn(0);
    conn->socket->close(CloseCode::Abnormal, std::string(300, 'r'));  // 1006 may not be sent
    QTRY_VERIFY_WITH_TIMEOUT(client.disconnected, kWaitMs);
    QCOMPARE(client.closeCode(), CloseCode::InternalError);
    QCOMPARE(client.socket.closeReason(), QString(123, 'r'));
    QTRY_COMPARE_WITH_TIMEOUT(conn->closeCalls.load(), 1, kWaitMs);
    QCOMPARE(conn->closeCode.load(), CloseCode::InternalError);
}

void TestWebSocket::peerClose_isReportedOnceWithPeersCode() {
    startServer();
    Client client(url());
    QTRY_VERIFY_WITH_TIMEOUT(client.isConnected(), kWaitMs);
    const auto conn = waitConn(0);
    client.socket.close(QWebSocketProtocol::CloseCode(4000), "client leaves");
    QTRY_VERIFY_WITH_TIMEOUT(client.disconnected, kWaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(conn->closeCalls.load(), 1, kWaitMs);
    QCOMPARE(conn->closeCode.load(), 4000);
    QVERIFY(!conn->socket->isOpen());
    QVERIFY(!conn->socket->send("anyone?"));
    conn->socket->close(1000);  // harmless now

    // A close callback set after the end runs at once, with the same code.
    int late = 0;
    conn->socket->onClose([&late](int code) { late = code; });
    QCOMPARE(late, 4000);
}

void TestWebSocket::droppedHandle_closes1000() {
    backend_->keepHandle = false;
    startServer();
    Client client(url());
    QTRY_VERIFY_WITH_TIMEOUT(client.disconnected, kWaitMs);
    QCOMPARE(client.closeCode(), CloseCode::Normal);
    QTRY_COMPARE_WITH_TIMEOUT(waitConn(0)->closeCalls.load(), 1, kWaitMs);
    QCOMPARE(waitConn(0)->closeCode.load(), CloseCode::Normal);
}

void TestWebSocket::handlerThrowing_closes1011() {
    backend_->throwInHandler = true;
    startServer();
    Client client(url());
    QTRY_VERIFY_WITH_TIMEOUT(client.disconnected, kWaitMs);
    QCOMPARE(client.closeCode(), CloseCode::InternalError);
    QTRY_COMPARE_WITH_TIMEOUT(waitConn(0)->closeCalls.load(), 1, kWaitMs);
}

void TestWebSocket::pings_keepResponsiveIdleClientOpen() {
    WebSocketOptions options = fastOptions();
    options.pingInterval = 100ms;
    startServer(options);
    Client client(url());
    QTRY_VERIFY_WITH_TIMEOUT(client.isConnected(), kWaitMs);
    // Idle for many intervals: only pings and Qt's automatic pongs cross the wire.
    QTest::qWait(800);
    QVERIFY(client.isConnected());
    QCOMPARE(waitConn(0)->closeCalls.load(), 0);
    client.socket.sendTextMessage("still here");
    QTRY_COMPARE_WITH_TIMEOUT(client.messages, QStringList({"still here"}), kWaitMs);
}

void TestWebSocket::pings_unansweredCloseTheConnection() {
    WebSocketOptions options = fastOptions();
    options.pingInterval = 100ms;
    startServer(options);
    RawClient silent(port_);
    QElapsedTimer timer;
    timer.start();
    QCOMPARE(silent.handshake(kPath), 101);
    // It reads what comes but never answers a ping.
    QVERIFY(silent.waitClosed(kWaitMs));
    const qint64 elapsed = timer.elapsed();
    // A ping after one interval, unanswered for another: not before, and not never.
    QVERIFY2(elapsed >= 190 && elapsed < kWellBelowMs, qPrintable(QString::number(elapsed)));
    const auto opcodes = silent.opcodes();
    QVERIFY(std::find(opcodes.begin(), opcodes.end(), 0x9) != opcodes.end());  // a ping came
    const auto conn = waitConn(0);
    QTRY_COMPARE_WITH_TIMEOUT(conn->closeCalls.load(), 1, kWaitMs);
    QCOMPARE(conn->closeCode.load(), CloseCode::Abnormal);
}

void TestWebSocket::stop_closesClientsWith1001AndReportsOnce() {
    WebSocketOptions options = fastOptions();
    options.closeTimeout = kLongTimeout;
    startServer(options);
    Client first(url());
    Client second(url());
    QTRY_VERIFY_WITH_TIMEOUT(first.isConnected() && second.isConnected(), kWaitMs);
    QVERIFY(waitConn(1));

    // stop() blocks until the connections are done, and the clients answer the close frames on
    // this thread's event loop: stop from another thread.
    QElapsedTimer timer;
    timer.start();
    std::atomic<bool> stopped{false};
    std::thread stopper([&] {
        server_->stop();
        stopped = true;
    });
    QTRY_VERIFY_WITH_TIMEOUT(stopped.load(), kWaitMs);
    stopper.join();
    // A clean closing handshake each, not the closeTimeout running out.
    QVERIFY2(timer.elapsed() < kWellBelowMs, qPrintable(QString::number(timer.elapsed())));
    QTRY_VERIFY_WITH_TIMEOUT(first.disconnected && second.disconnected, kWaitMs);
    QCOMPARE(first.closeCode(), CloseCode::GoingAway);
    QCOMPARE(second.closeCode(), CloseCode::GoingAway);
    for (std::size_t i = 0; i < 2; ++i) {
        QCOMPARE(backend_->conn(i)->closeCalls.load(), 1);  // already, when stop() returned
        QCOMPARE(backend_->conn(i)->closeCode.load(), CloseCode::GoingAway);
        QVERIFY(!backend_->conn(i)->socket->send("after stop"));
    }
}

void TestWebSocket::upgradeOnOtherPath_isAnswered404AsHttp() {
    ServerOptions http = testOptions();
    http.idleTimeout = kLongTimeout;
    startServer(fastOptions(), http);
    RawClient raw(port_);
    QCOMPARE(raw.handshake("/elsewhere"), 404);
    QVERIFY(raw.headers().contains("application/json"));
    QVERIFY(raw.headers().contains("Connection: close"));
    QVERIFY(raw.waitClosed(kWaitMs));
    QCOMPARE(backend_->httpCalls.load(), 0);
    QCOMPARE(backend_->count(), std::size_t(0));

    // A WebSocket client learns it at once, not after the idle timeout.
    QElapsedTimer timer;
    timer.start();
    Client client(url("/elsewhere"));
    QTRY_VERIFY_WITH_TIMEOUT(client.disconnected, kWaitMs);
    QVERIFY2(timer.elapsed() < kWellBelowMs, qPrintable(QString::number(timer.elapsed())));
    QVERIFY(!client.isConnected());
}

void TestWebSocket::plainGetOnWebSocketPath_goesToHttpHandler() {
    startServer();
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port_);
    QVERIFY(socket.waitForConnected(kWaitMs));
    QCOMPARE(httpStatus(socket, "GET /ws HTTP/1.1\r\nHost: test\r\n\r\n"), 426);
    QCOMPARE(backend_->httpCalls.load(), 1);
    QCOMPARE(backend_->count(), std::size_t(0));
}

void TestWebSocket::upgradeWithEarlyData_isAnswered400() {
    startServer();
    RawClient raw(port_);
    // A frame sent before the 101 came back.
    QCOMPARE(raw.handshake(kPath, QByteArray("\x81\x80\x00\x00\x00\x00", 6)), 400);
    QVERIFY(raw.waitClosed(kWaitMs));
    QCOMPARE(backend_->count(), std::size_t(0));
}

void TestWebSocket::badHandshake_isAnswered400Or426WithErrorBody() {
    startServer();
    RawClient noKey(port_);
    QCOMPARE(noKey.handshake(kPath, {}, "Sec-WebSocket-Version: 13\r\n"), 400);
    QVERIFY(noKey.headers().contains("application/json"));
    QVERIFY(noKey.waitClosed(kWaitMs));
    RawClient oldVersion(port_);
    QCOMPARE(oldVersion.handshake(kPath, {},
                                  "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                                  "Sec-WebSocket-Version: 8\r\n"),
             426);
    QVERIFY(oldVersion.headers().contains("Sec-WebSocket-Version: 13"));
    QVERIFY(oldVersion.waitClosed(kWaitMs));
    QCOMPARE(backend_->count(), std::size_t(0));
    QTRY_COMPARE_WITH_TIMEOUT(backend_->log().size(), std::size_t(2), kWaitMs);
    QCOMPARE(backend_->log()[0].status + backend_->log()[1].status, 400 + 426);
}

void TestWebSocket::maxConnections_countsWebSockets() {
    ServerOptions options = testOptions();
    options.maxConnections = 1;
    startServer(fastOptions(), options);
    Client client(url());
    QTRY_VERIFY_WITH_TIMEOUT(client.isConnected(), kWaitMs);
    QVERIFY(waitConn(0));
    QTcpSocket other;
    other.connectToHost(QHostAddress::LocalHost, port_);
    QVERIFY(other.waitForConnected(kWaitMs));
    QCOMPARE(httpStatus(other, "GET /other HTTP/1.1\r\nHost: test\r\n\r\n"), 503);
}

void TestWebSocket::tls_wssEchoAndServerClose() {
    ServerOptions options = testOptions();
    options.tlsCertFile = certFile_.toStdString();
    options.tlsKeyFile = keyFile_.toStdString();
    startServer(fastOptions(), options);

    QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
    tls.setCaCertificates(QSslCertificate::fromPath(certFile_));
    Client client(url(kPath, "wss"), tls);
    QTRY_VERIFY_WITH_TIMEOUT(client.isConnected(), kWaitMs);
    for (int i = 0; i < 50; ++i) {
        client.socket.sendTextMessage(QString("secure %1").arg(i));
    }
    QTRY_COMPARE_WITH_TIMEOUT(client.messages.size(), 50, kWaitMs);
    QCOMPARE(client.messages.last(), QString("secure 49"));

    const auto conn = waitConn(0);
    conn->socket->close(4000, "done");
    QTRY_VERIFY_WITH_TIMEOUT(client.disconnected, kWaitMs);
    QCOMPARE(client.closeCode(), 4000);
    QTRY_COMPARE_WITH_TIMEOUT(conn->closeCalls.load(), 1, kWaitMs);
    QCOMPARE(conn->closeCode.load(), 4000);
}

QTEST_GUILESS_MAIN(TestWebSocket)
#include "tst_websocket.moc"
