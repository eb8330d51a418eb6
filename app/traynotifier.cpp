#include "app/traynotifier.h"

#include <QApplication>
#include <QLoggingCategory>
#include <QSystemTrayIcon>

#include "services-client/auth/session.h"
#include "services-client/feed/feedclient.h"
#include "services-client/settings/clientsettings.h"
#include "widgets/moduleregistry.h"

Q_LOGGING_CATEGORY(lcNotify, "opsdesk.notify")

namespace opsdesk::app {

using client::FeedClient;
using client::FeedEvent;

TrayNotifier::TrayNotifier(client::ClientSettings* settings, client::Session* session,
                           QObject* parent)
    : QObject(parent), settings_(settings), session_(session) {}

TrayNotifier::~TrayNotifier() = default;

void TrayNotifier::setFeed(FeedClient* feed) {
    if (feed_) {
        feed_->disconnect(this);
    }
    feed_ = feed;
    if (!feed) {
        return;
    }
    connect(feed, &FeedClient::eventReceived, this, &TrayNotifier::onEvent);
    connect(feed, &FeedClient::ready, this, [this] { caughtUp_ = true; });
    connect(feed, &FeedClient::stateChanged, this, [this, feed] {
        if (!feed->isRunning()) {
            caughtUp_ = false;  // the next start catches up on history again
        }
    });
}

void TrayNotifier::setTrayVisible(bool visible) {
    if (visible && !tray_ && QSystemTrayIcon::isSystemTrayAvailable()) {
        tray_ = new QSystemTrayIcon(widgets::applicationIcon(), this);
        tray_->setToolTip(tr("OpsDesk"));
        connect(tray_, &QSystemTrayIcon::messageClicked, this, [this] {
            if (!lastNotice_.moduleId.isEmpty()) {
                emit openRequested(lastNotice_.moduleId, lastNotice_.open);
            }
        });
    }
    if (tray_) {
        tray_->setVisible(visible);
    }
}

void TrayNotifier::onEvent(const FeedEvent& event) {
    // After a restart the feed replays what happened while the app was closed: that is not news.
    if (!caughtUp_) {
        return;
    }
    if (const auto notice = decide(event)) {
        tell(*notice);
    }
}

void TrayNotifier::tell(const Notice& notice) {
    qCDebug(lcNotify) << "notify:" << notice.title;
    lastNotice_ = notice;
    if (tray_ && tray_->isVisible() && QSystemTrayIcon::supportsMessages()) {
        tray_->showMessage(notice.title, notice.text, QSystemTrayIcon::Information, 8000);
    }
    emit notified(notice);
}

std::optional<TrayNotifier::Notice> TrayNotifier::decide(const FeedEvent& event) {
    const widgets::ModuleInfo* module = widgets::moduleForEvent(event.kind);
    if (!module || !module->notice) {
        return std::nullopt;
    }
    const widgets::NoticeContext context{
        .preferences = settings_->notifications(),
        .username = session_ ? session_->user().username : QString(),
    };
    return module->notice(event, context);
}

}  // namespace opsdesk::app
