#pragma once

#include <QObject>
#include <QPointer>
#include <QString>
#include <chrono>
#include <optional>

class QSystemTrayIcon;

namespace opsdesk::client {
class ClientSettings;
class FeedClient;
class Session;
struct FeedEvent;
}  // namespace opsdesk::client

namespace opsdesk::app {

// Desktop notifications (system tray) for the live events the user asked for in Settings: new
// orders (above an amount) and refunds; never for what the signed-in user did. decide() is the
// whole judgement, so tests check it without an OS popup.
class TrayNotifier : public QObject {
    Q_OBJECT

public:
    struct Notice {
        QString title;
        QString text;
        qint64 orderId = 0;
    };

    TrayNotifier(client::ClientSettings* settings, client::Session* session,
                 QObject* parent = nullptr);
    ~TrayNotifier() override;

    void setFeed(client::FeedClient* feed);
    // Shows the tray icon while someone is signed in (where the desktop has a tray).
    void setTrayVisible(bool visible);
    QSystemTrayIcon* trayIcon() const { return tray_; }

    // What to tell about one event, if anything.
    std::optional<Notice> decide(const client::FeedEvent& event);

signals:
    void notified(const opsdesk::app::TrayNotifier::Notice& notice);
    // The user clicked the last notice: show that order.
    void orderRequested(qint64 orderId);

private:
    void onEvent(const client::FeedEvent& event);
    void tell(const Notice& notice);

    client::ClientSettings* settings_;
    client::Session* session_;
    QPointer<client::FeedClient> feed_;
    QSystemTrayIcon* tray_ = nullptr;
    qint64 lastNoticeOrder_ = 0;  // what a click on the tray's message opens
    bool caughtUp_ = false;       // the first catch-up after starting is history, not news
};

}  // namespace opsdesk::app

Q_DECLARE_METATYPE(opsdesk::app::TrayNotifier::Notice)
