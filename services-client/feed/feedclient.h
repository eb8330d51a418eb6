#pragma once

#include <QJsonObject>
#include <QObject>
#include <QSettings>
#include <QStringList>
#include <QUrl>
#include <functional>
#include <memory>
#include <set>

#include "opsdesk/protocol/events.h"
#include "opsdesk/protocol/permissions.h"

class QWebSocket;

namespace opsdesk::client {

class ApiClient;
class Session;

// One event of the live feed, as the server sent it, with its kind in the protocol's words.
struct FeedEvent {
    qint64 id = 0;
    protocol::Topic topic = protocol::Topic::Orders;
    protocol::EventKind kind = protocol::EventKind::OrderCreated;
    QJsonObject data;

    // Who caused it (the payload's "changed_by"); empty when no person did (a storefront order).
    QString actor() const;
    // The wire name, "order.created" (for logs and tests).
    QString kindName() const;
};

// A single-shot timer as the feed client needs it. The default runs on QTimer; tests install
// their own (FeedClient::setTimerFactory) to see every delay asked for and fire it at once.
class FeedTimer {
public:
    virtual ~FeedTimer() = default;
    virtual void start(int ms) = 0;
    virtual void stop() = 0;
    virtual bool isActive() const = 0;
    virtual int remainingMs() const = 0;
    std::function<void()> onTimeout;  // set once, by the feed client
};

// The desktop's end of the live feed (WebSocket /api/v1/feed, see CONTRACT.md).
//
// It signs in with the session's token, subscribes to the topics the user may read, resumes
// from the last event it handed on (kept across restarts, per server and user), and watches
// itself: a ping every interval, a dead connection noticed when nothing arrives for too long,
// reconnects with exponential backoff and jitter (capped, reset after a stable connection). On
// `resync_required` it tells the models to reload instead of guessing what was missed.
// Timings, timers and the random source are injectable so that tests need no sleeps.
class FeedClient : public QObject {
    Q_OBJECT

public:
    enum class State { Offline, Connecting, Live, Reconnecting };
    Q_ENUM(State)

    struct Timing {
        int pingIntervalMs = 20'000;
        int deadAfterMs = 45'000;  // no frame of any kind (pongs included) this long: reconnect
        int backoffInitialMs = 1'000;
        int backoffMaxMs = 30'000;
        int stableAfterMs = 60'000;   // connected this long: the next backoff starts small again
        int readyTimeoutMs = 15'000;  // no `ready` this long after opening: reconnect
    };

    using TimerFactory = std::function<std::unique_ptr<FeedTimer>(const QString& name)>;

    FeedClient(ApiClient* api, Session* session, QObject* parent = nullptr);
    ~FeedClient() override;

    void setTiming(const Timing& timing) { timing_ = timing; }
    const Timing& timing() const { return timing_; }
    // Returns a number in [0, 1): the jitter source.
    void setRandom(std::function<double()> random) { random_ = std::move(random); }
    // Where the resume id is kept (default: the application's QSettings).
    void setStore(std::shared_ptr<QSettings> store) { store_ = std::move(store); }
    // Makes the timers "ping", "watchdog", "retry", "stable" and "save"; call before start().
    void setTimerFactory(const TimerFactory& factory);

    // Hands `receiver` each event of one of `kinds` while it lives (queued events of other
    // kinds never reach it). How a module's page follows the feed: ModuleContext::subscribe
    // passes the kinds the module registered.
    QMetaObject::Connection subscribe(QObject* receiver, std::set<protocol::EventKind> kinds,
                                      std::function<void(const FeedEvent&)> handler);

    // Topics to subscribe to; those the user may not read are refused by the server.
    void setTopics(const QStringList& topics) { topics_ = topics; }
    QStringList topics() const { return topics_; }
    // The topics a holder of `permissions` may read (protocol/events: topic -> permission).
    static QStringList topicsFor(const std::set<protocol::Permission>& permissions);

    void start();  // connects now (and again after every drop) until stop()
    void stop();
    bool isRunning() const { return running_; }

    State state() const { return state_; }
    qint64 lastEventId() const { return lastEventId_; }
    bool hasResumeId() const { return haveResumeId_; }
    // Between opening a connection and its `ready`: what arrives is a replay of missed events.
    bool isReplaying() const { return state_ != State::Live; }
    // While Reconnecting: milliseconds until the next attempt (0 while an attempt is under way).
    int msUntilRetry() const;
    int lastBackoffMs() const { return lastBackoffMs_; }
    int attempts() const { return attempts_; }
    // The QSettings key the resume id is kept under for this server and user.
    QString storeKey() const;

signals:
    void stateChanged(opsdesk::client::FeedClient::State state);
    void eventReceived(const opsdesk::client::FeedEvent& event);
    // The server cannot replay what was missed: every model showing live data must reload.
    // Emitted once the feed follows the present again, so nothing after the reload is lost.
    void resyncRequired();
    void topicRefused(const QString& topic, const QString& code);
    void ready(qint64 lastEventId);
    void reconnectScheduled(int delayMs);

private:
    void makeTimers();
    void connectNow();
    void onConnected();
    void onDisconnected(QWebSocket* socket);
    void onText(const QString& text);
    void handleEvent(const QJsonObject& o);
    void scheduleReconnect();
    void dropSocket(bool gracefully);
    void setState(State s);
    void touch();
    void saveResumeId();
    void sendSubscribe();
    QUrl feedUrl() const;

    ApiClient* api_;
    Session* session_;
    Timing timing_;
    std::function<double()> random_;
    std::shared_ptr<QSettings> store_;
    TimerFactory timerFactory_;
    QStringList topics_{QStringLiteral("orders")};
    std::unique_ptr<QWebSocket> socket_;
    std::unique_ptr<FeedTimer> pingTimer_;
    std::unique_ptr<FeedTimer> watchdog_;
    std::unique_ptr<FeedTimer> retryTimer_;
    std::unique_ptr<FeedTimer> stableTimer_;
    std::unique_ptr<FeedTimer> saveTimer_;
    State state_ = State::Offline;
    QString storeKey_;  // fixed at start(): the user may be signed out by the time we save
    bool running_ = false;
    bool readySeen_ = false;
    bool resyncPending_ = false;
    int attempts_ = 0;
    int nextBackoffMs_ = 0;
    int lastBackoffMs_ = 0;
    qint64 lastEventId_ = 0;
    bool haveResumeId_ = false;
};

}  // namespace opsdesk::client

Q_DECLARE_METATYPE(opsdesk::client::FeedEvent)
