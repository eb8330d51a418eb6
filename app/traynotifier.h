#pragma once

#include <QObject>
#include <QPointer>
#include <QString>
#include <QVariantMap>
#include <chrono>
#include <optional>

#include "widgets/moduleregistry.h"

class QSystemTrayIcon;

namespace opsdesk::client {
class ClientSettings;
class FeedClient;
class Session;
struct FeedEvent;
}  // namespace opsdesk::client

namespace opsdesk::app {

// Desktop notifications (system tray) for live events. The notifier knows no module: it asks
// the module that registered an event's kind (ModuleInfo::notice) whether to tell, with the
// user's choices in Settings and who they are (never about their own actions). decide() is the
// whole judgement, so tests check it without an OS popup.
class TrayNotifier : public QObject {
    Q_OBJECT

public:
    using Notice = widgets::ModuleNotice;

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
    void notified(const opsdesk::widgets::ModuleNotice& notice);
    // The user clicked the last notice: open that module with that filter.
    void openRequested(const QString& moduleId, const QVariantMap& filter);

private:
    void onEvent(const client::FeedEvent& event);
    void tell(const Notice& notice);

    client::ClientSettings* settings_;
    client::Session* session_;
    QPointer<client::FeedClient> feed_;
    QSystemTrayIcon* tray_ = nullptr;
    Notice lastNotice_;      // what a click on the tray's message opens
    bool caughtUp_ = false;  // the first catch-up after starting is history, not news
};

}  // namespace opsdesk::app

Q_DECLARE_METATYPE(opsdesk::widgets::ModuleNotice)
