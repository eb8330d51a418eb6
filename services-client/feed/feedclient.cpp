#include "services-client/feed/feedclient.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QRandomGenerator>
#include <QTimer>
#include <QWebSocket>
#include <algorithm>

#include "opsdesk/protocol/events.h"
#include "opsdesk/protocol/feed.h"
#include "services-client/api/apiclient.h"
#include "services-client/auth/session.h"

Q_LOGGING_CATEGORY(lcFeed, "opsdesk.feed")

namespace opsdesk::client {

namespace {

constexpr int kSaveDelayMs = 1000;

class QtFeedTimer : public FeedTimer {
public:
    QtFeedTimer() {
        timer_.setSingleShot(true);
        QObject::connect(&timer_, &QTimer::timeout, &timer_, [this] {
            if (onTimeout) {
                onTimeout();
            }
        });
    }
    void start(int ms) override { timer_.start(std::max(0, ms)); }
    void stop() override { timer_.stop(); }
    bool isActive() const override { return timer_.isActive(); }
    int remainingMs() const override { return timer_.isActive() ? timer_.remainingTime() : 0; }

private:
    QTimer timer_;
};

QString compact(const QJsonObject& o) {
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

}  // namespace

FeedClient::FeedClient(ApiClient* api, Session* session, QObject* parent)
    : QObject(parent), api_(api), session_(session) {
    qRegisterMetaType<FeedEvent>();
    random_ = [] { return QRandomGenerator::global()->generateDouble(); };
    timerFactory_ = [](const QString&) { return std::make_unique<QtFeedTimer>(); };
    makeTimers();
    connect(session_, &Session::stateChanged, this, [this](Session::State s) {
        if (!running_) {
            return;
        }
        if (s == Session::State::Authenticated) {
            // Signed in again after an expiry: follow at once, from where we were.
            if (!socket_ && !retryTimer_->isActive()) {
                attempts_ = 0;
                nextBackoffMs_ = 0;
                connectNow();
            }
        } else {
            retryTimer_->stop();
            dropSocket(true);
            setState(State::Offline);
        }
    });
}

FeedClient::~FeedClient() {
    saveResumeId();
    if (socket_) {
        socket_->disconnect(this);
        socket_->abort();
    }
}

void FeedClient::setTimerFactory(const TimerFactory& factory) {
    timerFactory_ = factory;
    makeTimers();
}

void FeedClient::makeTimers() {
    pingTimer_ = timerFactory_(QStringLiteral("ping"));
    watchdog_ = timerFactory_(QStringLiteral("watchdog"));
    retryTimer_ = timerFactory_(QStringLiteral("retry"));
    stableTimer_ = timerFactory_(QStringLiteral("stable"));
    saveTimer_ = timerFactory_(QStringLiteral("save"));
    // Each timer is connected once, here.
    pingTimer_->onTimeout = [this] {
        if (socket_ && readySeen_) {
            socket_->ping();
            pingTimer_->start(timing_.pingIntervalMs);
        }
    };
    watchdog_->onTimeout = [this] {
        qCWarning(lcFeed) << "no sign of life from the feed; reconnecting";
        if (socket_) {
            dropSocket(false);
            if (running_) {
                scheduleReconnect();
            }
        }
    };
    retryTimer_->onTimeout = [this] { connectNow(); };
    stableTimer_->onTimeout = [this] {
        attempts_ = 0;
        nextBackoffMs_ = 0;
    };
    saveTimer_->onTimeout = [this] { saveResumeId(); };
}

QStringList FeedClient::topicsFor(const std::set<protocol::Permission>& permissions) {
    QStringList out;
    for (const auto& t : protocol::topics()) {
        if (permissions.contains(t.readPermission)) {
            out << QString::fromLatin1(t.name.data(), qsizetype(t.name.size()));
        }
    }
    return out;
}

QString FeedClient::storeKey() const {
    if (!storeKey_.isEmpty()) {
        return storeKey_;
    }
    const QUrl base = api_->baseUrl();
    const int port = base.port(base.scheme() == QLatin1String("https") ? 443 : 80);
    // One resume id per server and user; '/' would open a QSettings group, so none in names.
    QString server = QStringLiteral("%1_%2").arg(base.host()).arg(port);
    server.replace(QLatin1Char('/'), QLatin1Char('_'));
    QString user = session_->user().username;
    user.replace(QLatin1Char('/'), QLatin1Char('_'));
    return QStringLiteral("feed/%1/%2/last_event_id").arg(server, user);
}

void FeedClient::saveResumeId() {
    if (!haveResumeId_ || storeKey_.isEmpty() || !store_) {
        return;
    }
    store_->setValue(storeKey_, lastEventId_);
    store_->sync();
}

QUrl FeedClient::feedUrl() const {
    QUrl url = api_->urlFor(QStringLiteral("/feed"));
    url.setScheme(url.scheme() == QLatin1String("https") ? QStringLiteral("wss")
                                                         : QStringLiteral("ws"));
    return url;
}

void FeedClient::start() {
    if (running_) {
        return;
    }
    running_ = true;
    if (!store_) {
        store_ = std::make_shared<QSettings>();
    }
    storeKey_.clear();
    storeKey_ = storeKey();
    const QVariant saved = store_->value(storeKey_);
    haveResumeId_ = saved.isValid() && !saved.toString().isEmpty();
    lastEventId_ = haveResumeId_ ? saved.toLongLong() : 0;
    resyncPending_ = false;
    attempts_ = 0;
    nextBackoffMs_ = 0;
    setState(State::Offline);
    connectNow();
}

void FeedClient::stop() {
    if (!running_) {
        return;
    }
    running_ = false;
    retryTimer_->stop();
    stableTimer_->stop();
    saveTimer_->stop();
    dropSocket(true);
    saveResumeId();
    setState(State::Offline);
}

int FeedClient::msUntilRetry() const {
    return retryTimer_->isActive() ? retryTimer_->remainingMs() : 0;
}

void FeedClient::setState(State s) {
    if (state_ != s) {
        state_ = s;
        emit stateChanged(s);
    }
}

void FeedClient::touch() {
    watchdog_->start(readySeen_ ? timing_.deadAfterMs : timing_.readyTimeoutMs);
}

void FeedClient::dropSocket(bool gracefully) {
    pingTimer_->stop();
    watchdog_->stop();
    stableTimer_->stop();
    readySeen_ = false;
    if (!socket_) {
        return;
    }
    std::unique_ptr<QWebSocket> socket = std::move(socket_);
    socket->disconnect(this);
    if (gracefully) {
        socket->close();
    } else {
        socket->abort();
    }
    socket.release()->deleteLater();
}

void FeedClient::connectNow() {
    if (!running_) {
        return;
    }
    if (!session_->isAuthenticated()) {
        setState(State::Offline);
        return;
    }
    dropSocket(false);
    ++attempts_;
    socket_ = std::make_unique<QWebSocket>();
    QWebSocket* socket = socket_.get();
    socket->setSslConfiguration(api_->sslConfiguration());
    connect(socket, &QWebSocket::connected, this, &FeedClient::onConnected);
    connect(socket, &QWebSocket::disconnected, this, [this, socket] { onDisconnected(socket); });
    // A connection that never opens (refused, unreachable) may end with an error alone.
    connect(socket, &QWebSocket::stateChanged, this,
            [this, socket](QAbstractSocket::SocketState s) {
                if (s == QAbstractSocket::UnconnectedState) {
                    onDisconnected(socket);
                }
            });
    connect(socket, &QWebSocket::textMessageReceived, this, &FeedClient::onText);
    connect(socket, &QWebSocket::pong, this, [this] { touch(); });
    connect(socket, &QWebSocket::sslErrors, this, [](const QList<QSslError>& errors) {
        for (const auto& e : errors) {
            qCWarning(lcFeed) << "TLS:" << e.errorString();
        }
    });
    setState(state_ == State::Offline && attempts_ == 1 ? State::Connecting : State::Reconnecting);
    touch();
    socket->open(feedUrl());
}

void FeedClient::sendSubscribe() {
    QJsonObject subscribe{{QStringLiteral("type"), QStringLiteral("subscribe")},
                          {QStringLiteral("topics"), QJsonArray::fromStringList(topics_)}};
    subscribe[QStringLiteral("since")] =
        haveResumeId_ ? QJsonValue(lastEventId_) : QJsonValue(QJsonValue::Null);
    socket_->sendTextMessage(compact(subscribe));
}

void FeedClient::onConnected() {
    if (!socket_) {
        return;
    }
    // The token goes in the first message, never in the URL (proxies log URLs).
    QByteArray auth = session_->authorizationHeader();
    if (auth.startsWith("Bearer ")) {
        auth = auth.mid(7);
    }
    socket_->sendTextMessage(compact({{QStringLiteral("type"), QStringLiteral("auth")},
                                      {QStringLiteral("token"), QString::fromUtf8(auth)}}));
    sendSubscribe();
    touch();
}

void FeedClient::onDisconnected(QWebSocket* socket) {
    if (socket != socket_.get()) {
        return;  // an old one, already replaced
    }
    const int code = int(socket->closeCode());
    qCInfo(lcFeed) << "feed closed" << code << socket->closeReason() << socket->errorString();
    dropSocket(false);
    saveResumeId();
    if (!running_) {
        setState(State::Offline);
        return;
    }
    // The session is over (sign-out, expiry): wait for the next sign-in instead of hammering.
    if (code == protocol::FeedClose::Unauthenticated && !session_->isAuthenticated()) {
        setState(State::Offline);
        return;
    }
    scheduleReconnect();
}

void FeedClient::scheduleReconnect() {
    // Exponential backoff with jitter in the upper half, capped; small again after a stable
    // connection (stableTimer_ resets nextBackoffMs_).
    nextBackoffMs_ = nextBackoffMs_ == 0 ? timing_.backoffInitialMs
                                         : std::min(nextBackoffMs_ * 2, timing_.backoffMaxMs);
    const double r = std::clamp(random_(), 0.0, 1.0);
    const int delay =
        std::clamp(int(nextBackoffMs_ / 2.0 + r * nextBackoffMs_ / 2.0), 0, timing_.backoffMaxMs);
    lastBackoffMs_ = delay;
    setState(State::Reconnecting);
    retryTimer_->start(delay);
    emit reconnectScheduled(delay);
}

void FeedClient::onText(const QString& text) {
    touch();
    const QJsonObject o = QJsonDocument::fromJson(text.toUtf8()).object();
    const QString type = o.value(QStringLiteral("type")).toString();
    if (type == QLatin1String("event")) {
        handleEvent(o);
    } else if (type == QLatin1String("events")) {
        const QJsonArray items = o.value(QStringLiteral("items")).toArray();
        for (const auto& item : items) {
            if (!socket_) {
                break;  // a receiver stopped the feed
            }
            handleEvent(item.toObject());
        }
    } else if (type == QLatin1String("ready")) {
        readySeen_ = true;
        const qint64 last = o.value(QStringLiteral("last_event_id")).toInteger();
        // Everything up to `last` the user may see has arrived (replayed or live); a first
        // start, with nothing to resume, begins at the server's present.
        if (!haveResumeId_ || last > lastEventId_) {
            lastEventId_ = std::max(lastEventId_, last);
            haveResumeId_ = true;
        }
        saveTimer_->start(kSaveDelayMs);
        pingTimer_->start(timing_.pingIntervalMs);
        stableTimer_->start(timing_.stableAfterMs);
        touch();
        setState(State::Live);
        emit ready(lastEventId_);
        if (std::exchange(resyncPending_, false)) {
            emit resyncRequired();
        }
    } else if (type == QLatin1String("resync_required")) {
        // What was missed is gone: follow from the present, then have the models reload (after
        // `ready`, so that nothing committed between their reload and the present is lost).
        qCInfo(lcFeed) << "resume id" << lastEventId_ << "is past retention; resyncing";
        haveResumeId_ = false;
        lastEventId_ = 0;
        resyncPending_ = true;
        if (socket_) {
            sendSubscribe();
        }
    } else if (type == QLatin1String("error")) {
        const QString topic = o.value(QStringLiteral("topic")).toString();
        const QString code = o.value(QStringLiteral("code")).toString();
        if (!topic.isEmpty()) {
            qCInfo(lcFeed) << "topic refused:" << topic << code;
            emit topicRefused(topic, code);
        } else {
            qCWarning(lcFeed) << "feed error" << code;
        }
    }
}

void FeedClient::handleEvent(const QJsonObject& o) {
    FeedEvent e;
    e.id = o.value(QStringLiteral("id")).toInteger();
    if (haveResumeId_ && e.id <= lastEventId_) {
        return;  // seen already (a replay overlapping what arrived live)
    }
    lastEventId_ = e.id;
    haveResumeId_ = true;
    if (!saveTimer_->isActive()) {
        saveTimer_->start(kSaveDelayMs);
    }
    const QByteArray kindName = o.value(QStringLiteral("kind")).toString().toLatin1();
    const QByteArray topicName = o.value(QStringLiteral("topic")).toString().toLatin1();
    const auto kind = protocol::eventKindFromString(kindName.toStdString());
    const auto topic = protocol::topicFromString(topicName.toStdString());
    if (!kind || !topic) {
        // A newer server's event: nothing here knows what to do with it, and resuming past it
        // loses nothing.
        qCDebug(lcFeed) << "skipping event" << e.id << "of unknown kind" << kindName;
        return;
    }
    e.kind = *kind;
    e.topic = *topic;
    e.data = o.value(QStringLiteral("data")).toObject();
    emit eventReceived(e);
}

QMetaObject::Connection FeedClient::subscribe(QObject* receiver,
                                              std::set<protocol::EventKind> kinds,
                                              std::function<void(const FeedEvent&)> handler) {
    return connect(this, &FeedClient::eventReceived, receiver,
                   [kinds = std::move(kinds), handler = std::move(handler)](const FeedEvent& e) {
                       if (kinds.count(e.kind) > 0) {
                           handler(e);
                       }
                   });
}

QString FeedEvent::actor() const {
    return data.value(QStringLiteral("changed_by")).toString();
}

QString FeedEvent::kindName() const {
    const std::string_view name = protocol::toString(kind);
    return QString::fromLatin1(name.data(), qsizetype(name.size()));
}

}  // namespace opsdesk::client
