#pragma once

// Stand-ins for the live-feed client tests: timers a test fires by hand, a scripted WebSocket
// feed server (what a real one cannot be made to do on demand: refuse to pong, answer
// resync_required, drop the line), and a signed-in session without a server.

#include <QCryptographicHash>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QList>
#include <QPointer>
#include <QSettings>
#include <QTcpServer>
#include <QTcpSocket>
#include <QWebSocket>
#include <QWebSocketServer>
#include <functional>
#include <memory>

#include "services-client/api/apiclient.h"
#include "services-client/auth/session.h"
#include "services-client/feed/feedclient.h"

namespace opsdesk::test {

// The feed client's timers, fired by the test: every delay asked for is recorded.
struct ManualTimers {
    struct Timer : client::FeedTimer {
        bool active = false;
        int ms = 0;
        QList<int> starts;
        void start(int m) override {
            active = true;
            ms = m;
            starts << m;
        }
        void stop() override { active = false; }
        bool isActive() const override { return active; }
        int remainingMs() const override { return active ? ms : 0; }
        void fire() {
            active = false;
            if (onTimeout) {
                onTimeout();
            }
        }
    };

    QHash<QString, Timer*> timers;

    void install(client::FeedClient& feed) {
        feed.setTimerFactory([this](const QString& name) {
            auto t = std::make_unique<Timer>();
            timers[name] = t.get();
            return std::unique_ptr<client::FeedTimer>(std::move(t));
        });
    }
    Timer& operator[](const QString& name) { return *timers.value(name); }
};

inline QString compactJson(const QJsonObject& o) {
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

inline QJsonObject feedEventJson(qint64 id, const QString& kind = QStringLiteral("order.created"),
                                 const QJsonObject& data = {}) {
    return {{"type", "event"}, {"id", id}, {"topic", "orders"}, {"kind", kind}, {"data", data}};
}

// A scripted feed server: records what each connection sends and answers `subscribe` with
// `onSubscribe` (by default `ready` at readyId).
class FakeFeedServer : public QObject {
public:
    struct Connection {
        QPointer<QWebSocket> socket;
        QList<QJsonObject> received;
    };

    FakeFeedServer() : server_(QStringLiteral("fake-feed"), QWebSocketServer::NonSecureMode) {
        connect(&server_, &QWebSocketServer::newConnection, this, [this] {
            while (QWebSocket* s = server_.nextPendingConnection()) {
                const int index = int(connections.size());
                connections.append(Connection{s, {}});
                connect(s, &QWebSocket::textMessageReceived, this,
                        [this, index](const QString& text) {
                            const auto o = QJsonDocument::fromJson(text.toUtf8()).object();
                            connections[index].received.append(o);
                            if (o.value("type") == "subscribe") {
                                for (const auto& answer : onSubscribe(o, index)) {
                                    send(index, answer);
                                }
                            }
                        });
                connect(s, &QWebSocket::disconnected, s, &QObject::deleteLater);
            }
        });
        onSubscribe = [this](const QJsonObject&, int) {
            return QList<QJsonObject>{{{"type", "ready"}, {"last_event_id", readyId}}};
        };
    }
    bool listen() { return server_.listen(QHostAddress::LocalHost); }
    QUrl baseUrl() const {
        return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(server_.serverPort()));
    }
    void send(int index, const QJsonObject& o) {
        if (connections[index].socket) {
            connections[index].socket->sendTextMessage(compactJson(o));
        }
    }
    void sendLast(const QJsonObject& o) { send(int(connections.size()) - 1, o); }
    void closeLast(QWebSocketProtocol::CloseCode code = QWebSocketProtocol::CloseCodeGoingAway) {
        if (auto& s = connections.last().socket) {
            s->close(code);
        }
    }
    // The `subscribe` message connection `index` sent (empty until it did).
    QJsonObject subscribeOf(int index) const {
        for (const auto& o : connections.value(index).received) {
            if (o.value("type") == "subscribe") {
                return o;
            }
        }
        return {};
    }

    QList<Connection> connections;
    qint64 readyId = 0;
    std::function<QList<QJsonObject>(const QJsonObject& subscribe, int index)> onSubscribe;

private:
    QWebSocketServer server_;
};

// Completes the WebSocket handshake, says `ready`, then never answers anything again (no pong):
// a connection that died without a close.
class SilentFeedServer : public QObject {
public:
    SilentFeedServer() {
        connect(&server_, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket* s = server_.nextPendingConnection()) {
                ++connections;
                connect(s, &QTcpSocket::readyRead, s, [s] {
                    if (s->property("upgraded").toBool()) {
                        s->readAll();  // pings and all: ignored
                        return;
                    }
                    if (!s->peek(8192).contains("\r\n\r\n")) {
                        return;
                    }
                    const QByteArray request = s->readAll();
                    QByteArray key;
                    for (const QByteArray& line : request.split('\n')) {
                        if (line.toLower().startsWith("sec-websocket-key:")) {
                            key = line.mid(line.indexOf(':') + 1).trimmed();
                        }
                    }
                    const QByteArray accept =
                        QCryptographicHash::hash(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11",
                                                 QCryptographicHash::Sha1)
                            .toBase64();
                    s->write(
                        "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                        "Connection: Upgrade\r\nSec-WebSocket-Accept: " +
                        accept + "\r\n\r\n");
                    const QByteArray ready = R"({"type":"ready","last_event_id":0})";
                    QByteArray frame;
                    frame.append(char(0x81));
                    frame.append(char(ready.size()));
                    frame.append(ready);
                    s->write(frame);
                    s->setProperty("upgraded", true);
                });
            }
        });
    }
    bool listen() { return server_.listen(QHostAddress::LocalHost); }
    QUrl baseUrl() const {
        return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(server_.serverPort()));
    }
    int connections = 0;

private:
    QTcpServer server_;
};

// A session signed in without a server (the fake feed does not check tokens).
inline void signInOffline(client::Session& session, const QString& username,
                          std::set<protocol::Permission> permissions = {
                              protocol::Permission::OrdersRead}) {
    client::User user;
    user.id = 7;
    user.username = username;
    user.displayName = username;
    user.permissions = std::move(permissions);
    session.signIn("token-of-" + username.toUtf8(), user);
}

// A desk's feed against a fake server: signed in offline as `user`, its resume id kept in
// `store`, its timers manual unless told otherwise.
struct FeedTestClient {
    client::ApiClient api;
    client::Session session;
    client::FeedClient feed{&api, &session};
    ManualTimers timers;

    FeedTestClient(const QUrl& base, const QString& user, std::shared_ptr<QSettings> store,
                   bool manualTimers = true) {
        api.setBaseUrl(base);
        api.setSession(&session);
        signInOffline(session, user);
        feed.setStore(std::move(store));
        if (manualTimers) {
            timers.install(feed);
        }
    }
};

}  // namespace opsdesk::test
