#pragma once

#include <QJsonObject>
#include <QObject>
#include <QSettings>
#include <QStringList>
#include <QTimer>
#include <QUrl>
#include <functional>
#include <memory>

class QWebSocket;

namespace opsdesk::client {

class ApiClient;
class Session;

// One event of the live feed, as the server sent it.
struct FeedEvent {
    qint64 id = 0;
    QString topic;
    QString kind;  // "order.created"
    QJsonObject data;
};

// The desktop's end of the live feed (WebSocket /api/v1/feed, see CONTRACT.md).
//
// It signs in with the session's token, subscribes to the topics the user may read, resumes
// from the last event it handed on (kept across restarts, per server and user), and watches
// itself: a ping every interval, a dead connection noticed when nothing arrives for too long,
// reconnects with exponential backoff and jitter (capped, reset after a stable connection). On
// `resync_required` it tells the models to reload instead of guessing what was missed.
// Timings and the random source are injectable so that tests need no sleeps.
class FeedClient : public QObject {
    Q_OBJECT

public:
    enum class State { Offline, Connecting, Live, Reconnecting };
    Q_ENUM(State)

    struct Timing {
        int pingIntervalMs = 20'000;
        int deadAfterMs = 45'000;      // no frame of any kind for this long: reconnect
        int backoffInitialMs = 1'000;
        int backoffMaxMs = 30'000;
        int stableAfterMs = 60'000;    // connected this long: the next backoff starts small again
        int authTimeoutMs = 10'000;    // no `ready` this long after connecting: reconnect
    };

    FeedClient(ApiClient* api, Session* session, QObject* parent = nullptr);
    ~FeedClient() override;

    void setTiming(const Timing& timing) { timing_ = timing; }
    // Returns a number in [0, 1): the jitter source.
    void setRandom(std::function<double()> random) { random_ = std::move(random); }
    // Where the resume id is kept (default: the application's QSettings).
    void setStore(std::shared_ptr<QSettings> store) { store_ = std::move(store); }

    // Topics to subscribe to; those the user may not read are refused by the server.
    void setTopics(const QStringList& topics) { topics_ = topics; }

    void start();  // connects now (and again after every drop) until stop()
    void stop();

    State state() const { return state_; }
    qint64 lastEventId() const { return lastEventId_; }
    // While Reconnecting: milliseconds until the next attempt.
    int msUntilRetry() const;
    int attempts() const { return attempts_; }

signals:
    void stateChanged(opsdesk::client::FeedClient::State state);
    void eventReceived(const opsdesk::client::FeedEvent& event);
    // The server cannot replay what was missed: every model showing live data must reload.
    void resyncRequired();
    void topicRefused(const QString& topic, const QString& code);
    void ready(qint64 lastEventId);

private:
    void connectNow();
    void onConnected();
    void onDisconnected();
    void onText(const QString& text);
    void handleEvent(const QJsonObject& o);
    void scheduleReconnect();
    void setState(State s);
    void touch();
    QString storeKey() const;
    void saveResumeId();
    QUrl feedUrl() const;

    ApiClient* api_;
    Session* session_;
    Timing timing_;
    std::function<double()> random_;
    std::shared_ptr<QSettings> store_;
    QStringList topics_{QStringLiteral("orders"), QStringLiteral("payments"),
                        QStringLiteral("tickets"), QStringLiteral("catalog"),
                        QStringLiteral("finance")};
    std::unique_ptr<QWebSocket> socket_;
    QTimer pingTimer_;
    QTimer watchdog_;
    QTimer retryTimer_;
    QTimer stableTimer_;
    QTimer saveTimer_;
    State state_ = State::Offline;
    bool running_ = false;
    bool readySeen_ = false;
    int attempts_ = 0;
    int nextBackoffMs_ = 0;
    qint64 lastEventId_ = 0;
    bool haveResumeId_ = false;
};

}  // namespace opsdesk::client
