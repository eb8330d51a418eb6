#include "services-client/feed/feedclient.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QRandomGenerator>
#include <QWebSocket>
#include <algorithm>

#include "services-client/api/apiclient.h"
#include "services-client/auth/session.h"

Q_LOGGING_CATEGORY(lcFeed, "opsdesk.feed")

namespace opsdesk::client {

FeedClient::FeedClient(ApiClient* api, Session* session, QObject* parent)
    : QObject(parent), api_(api), session_(session) {
    random_ = [] { return QRandomGenerator::global()->generateDouble(); };
    pingTimer_.setSingleShot(false);
    watchdog_.setSingleShot(true);
    retryTimer_.setSingleShot(true);
    stableTimer_.setSingleShot(true);
    saveTimer_.setSingleShot(true);
    saveTimer_.setInterval(1000);
    // Each timer is connected once, here.
    connect(&pingTimer_, &QTimer::timeout, this, [this] {
        if (socket_) {
            socket_->ping();
        }
    });
    connect(&watchdog_, &QTimer::timeout, this, [this] {
        qCWarning(lcFeed) << "no sign of life from the feed; reconnecting";
        if (socket_) {
            socket_->abort();
        }
    });
    connect(&retryTimer_, &QTimer::timeout, this, &FeedClient::connectNow);
    connect(&stableTimer_, &QTimer::timeout, this, [this] {
        attempts_ = 0;
        nextBackoffMs_ = 0;
    });
    connect(&saveTimer_, &QTimer::timeout, this, &FeedClient::saveResumeId);
}

FeedClient::~FeedClient() {
    saveResumeId();
    if (socket_) {
        socket_->disconnect(this);
        socket_->abort();
    }
}

QString FeedClient::storeKey() const {
    const QUrl base = api_->baseUrl();
    return QStringLiteral("feed/%1_%2/%3/last_event_id")
        .arg(base.host(), QString::number(base.port(base.scheme() == QLatin1String("https") ? 443 : 80)),
             session_->user().username);
}

void FeedClient::saveResumeId() {
    if (!haveResumeId_ || session_->user().username.isEmpty()) {
        return;
    }
    if (!store_) {
        store_ = std::make_shared<QSettings>();
    }
    store_->setValue(storeKey(), lastEventId_);
    store_->sync();
}

QUrl FeedClient::feedUrl() const {
    QUrl url = api_->urlFor(QStringLiteral("/feed"));
    url.setScheme(url.scheme() == QLatin1String("https") ? QStringLiteral("wss") : QStringLiteral("ws"));
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
    const QVariant saved = store_->value(storeKey());
    haveResumeId_ = saved.isValid();
    lastEventId_ = saved.toLongLong();
    attempts_ = 0;
    nextBackoffMs_ = 0;
    connectNow();
}

void FeedClient::stop() {
    running_ = false;
    retryTimer_.stop();
    pingTimer_.stop();
    watchdog_.stop();
    stableTimer_.stop();
    saveResumeId();
    if (socket_) {
        auto socket = std::move(socket_);
        socket->disconnect(this);
        socket->close();
        socket.release()->deleteLater();
    }
    setState(State::Offline);
}

int FeedClient::msUntilRetry() const {
    return retryTimer_.isActive() ? retryTimer_.remainingTime() : 0;
}

void FeedClient::setState(State s) {
    if (state_ != s) {
        state_ = s;
        emit stateChanged(s);
    }
}

void FeedClient::touch() {
    watchdog_.start(readySeen_ ? timing_.deadAfterMs : timing_.authTimeoutMs);
}

void FeedClient::connectNow() {
    if (!running_) {
        return;
    }
    if (!session_->isAuthenticated()) {
        setState(State::Offline);
        return;
    }
    if (socket_) {
        socket_->disconnect(this);
        socket_->abort();
        socket_.release()->deleteLater();
    }
    ++attempts_;
    readySeen_ = false;
    socket_ = std::make_unique<QWebSocket>();
    socket_->setSslConfiguration(api_->sslConfiguration());
    connect(socket_.get(), &QWebSocket::connected, this, &FeedClient::onConnected);
    connect(socket_.get(), &QWebSocket::disconnected, this, &FeedClient::onDisconnected);
    connect(socket_.get(), &QWebSocket::textMessageReceived, this, &FeedClient::onText);
    connect(socket_.get(), &QWebSocket::pong, this, [this] { touch(); });
    connect(socket_.get(), &QWebSocket::sslErrors, this, [](const QList<QSslError>& errors) {
        for (const auto& e : errors) {
            qCWarning(lcFeed) << "TLS:" << e.errorString();
        }
    });
    setState(state_ == State::Offline && attempts_ == 1 ? State::Connecting : State::Reconnecting);
    touch();
    socket_->open(feedUrl());
}

void FeedClient::onConnected() {
    QByteArray auth = session_->authorizationHeader();
    if (auth.startsWith("Bearer ")) {
        auth = auth.mid(7);
    }
    socket_->sendTextMessage(QString::fromUtf8(
        QJsonDocument(QJsonObject{{QStringLiteral("type"), QStringLiteral("auth")},
                                  {QStringLiteral("token"), QString::fromUtf8(auth)}})
            .toJson(QJsonDocument::Compact)));
    QJsonObject subscribe{{QStringLiteral("type"), QStringLiteral("subscribe")},
                          {QStringLiteral("topics"), QJsonArray::fromStringList(topics_)}};
    subscribe[QStringLiteral("since")] =
        haveResumeId_ ? QJsonValue(lastEventId_) : QJsonValue(QJsonValue::Null);
    socket_->sendTextMessage(
        QString::fromUtf8(QJsonDocument(subscribe).toJson(QJsonDocument::Compact)));
    touch();
}

void FeedClient::onDisconnected() {
    const auto code = socket_ ? socket_->closeCode() : QWebSocketProtocol::CloseCodeNormal;
    qCInfo(lcFeed) << "feed closed" << code << (socket_ ? socket_->closeReason() : QString());
    pingTimer_.stop();
    watchdog_.stop();
    stableTimer_.stop();
    saveResumeId();
    if (socket_) {
        socket_->disconnect(this);
        socket_.release()->deleteLater();
    }
    if (!running_) {
        setState(State::Offline);
        return;
    }
    // 4401: the session is over; the session object will notice on the next request too.
    if (int(code) == 4401 && !session_->isAuthenticated()) {
        setState(State::Offline);
        return;
    }
    scheduleReconnect();
}

void FeedClient::scheduleReconnect() {
    // Exponential backoff with full jitter, capped; starts again small after a stable connection.
    nextBackoffMs_ = nextBackoffMs_ == 0 ? timing_.backoffInitialMs
                                         : std::min(nextBackoffMs_ * 2, timing_.backoffMaxMs);
    const int delay = std::max(0, int(nextBackoffMs_ / 2 + random_() * nextBackoffMs_ / 2));
    setState(State::Reconnecting);
    retryTimer_.start(std::min(delay, timing_.backoffMaxMs));
}

void FeedClient::onText(const QString& text) {
    touch();
    const QJsonObject o = QJsonDocument::fromJson(text.toUtf8()).object();
    const QString type = o.value(QStringLiteral("type")).toString();
    if (type == QLatin1String("event")) {
        handleEvent(o);
    } else if (type == QLatin1String("events")) {
        for (const auto& item : o.value(QStringLiteral("items")).toArray()) {
            handleEvent(item.toObject());
        }
    } else if (type == QLatin1String("ready")) {
        readySeen_ = true;
        const qint64 last = o.value(QStringLiteral("last_event_id")).toInteger();
        if (!haveResumeId_ || last > lastEventId_) {
            // A first start (nothing to resume) begins at the server's present.
            lastEventId_ = std::max(lastEventId_, last);
            haveResumeId_ = true;
            saveTimer_.start();
        }
        pingTimer_.start(timing_.pingIntervalMs);
        stableTimer_.start(timing_.stableAfterMs);
        touch();
        setState(State::Live);
        emit ready(lastEventId_);
    } else if (type == QLatin1String("resync_required")) {
        // What was missed is gone: reload everything, then follow from the present.
        haveResumeId_ = false;
        lastEventId_ = 0;
        emit resyncRequired();
        if (socket_) {
            socket_->sendTextMessage(QString::fromUtf8(
                QJsonDocument(QJsonObject{{QStringLiteral("type"), QStringLiteral("subscribe")},
                                          {QStringLiteral("topics"), QJsonArray::fromStringList(topics_)},
                                          {QStringLiteral("since"), QJsonValue(QJsonValue::Null)}})
                    .toJson(QJsonDocument::Compact)));
        }
    } else if (type == QLatin1String("error")) {
        const QString topic = o.value(QStringLiteral("topic")).toString();
        if (!topic.isEmpty()) {
            emit topicRefused(topic, o.value(QStringLiteral("code")).toString());
        } else {
            qCWarning(lcFeed) << "feed error" << o.value(QStringLiteral("code")).toString();
        }
    }
}

void FeedClient::handleEvent(const QJsonObject& o) {
    FeedEvent e;
    e.id = o.value(QStringLiteral("id")).toInteger();
    if (e.id <= lastEventId_ && haveResumeId_) {
        return;  // seen already (a replay overlapping what arrived live)
    }
    e.topic = o.value(QStringLiteral("topic")).toString();
    e.kind = o.value(QStringLiteral("kind")).toString();
    e.data = o.value(QStringLiteral("data")).toObject();
    lastEventId_ = e.id;
    haveResumeId_ = true;
    emit eventReceived(e);
    if (!saveTimer_.isActive()) {
        saveTimer_.start();
    }
}

}  // namespace opsdesk::client
