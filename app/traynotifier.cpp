#include "app/traynotifier.h"

#include <QApplication>
#include <QLoggingCategory>
#include <QSystemTrayIcon>

#include "services-client/auth/session.h"
#include "services-client/feed/feedclient.h"
#include "services-client/orders/order.h"
#include "services-client/settings/clientsettings.h"
#include "widgets/common/format.h"
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
            if (lastNoticeOrder_ > 0) {
                emit orderRequested(lastNoticeOrder_);
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
    lastNoticeOrder_ = notice.orderId;
    if (tray_ && tray_->isVisible() && QSystemTrayIcon::supportsMessages()) {
        tray_->showMessage(notice.title, notice.text, QSystemTrayIcon::Information, 8000);
    }
    emit notified(notice);
}

std::optional<TrayNotifier::Notice> TrayNotifier::decide(const FeedEvent& event) {
    const client::ClientSettings::Notifications prefs = settings_->notifications();
    const QString me = session_ ? session_->user().username : QString();
    const QString actor = event.data.value(QStringLiteral("changed_by")).toString();
    const bool mine = !actor.isEmpty() && actor == me;

    if (event.kind == QLatin1String("order.created")) {
        const auto order = client::OrderSummary::fromJson(event.data);
        if (!prefs.newOrders || mine || !order) {
            return std::nullopt;
        }
        // Minor units of different currencies are not comparable (fen, cents, yen...).
        if (order->currency == prefs.newOrderMinCurrency &&
            order->totalMinor < prefs.newOrderMinMinor) {
            return std::nullopt;
        }
        Notice n;
        n.orderId = order->id;
        n.title = tr("New order %1").arg(order->number);
        n.text = tr("%1 from %2")
                     .arg(widgets::Format::money(order->totalMinor, order->currency),
                          order->customer.name);
        return n;
    }
    if (event.kind == QLatin1String("refund.created")) {
        // The event names the order and who refunded (changed_by); a desk that may see refunds
        // but not orders learns it from this event alone.
        if (!prefs.refunds || mine) {
            return std::nullopt;
        }
        const QString number = event.data.value(QStringLiteral("order_number")).toString();
        const QString amount =
            widgets::Format::money(event.data.value(QStringLiteral("amount_minor")).toInteger(),
                                   event.data.value(QStringLiteral("currency")).toString());
        Notice n;
        n.orderId = event.data.value(QStringLiteral("order_id")).toInteger();
        n.title = number.isEmpty() ? tr("Refund issued") : tr("Refund on %1").arg(number);
        n.text = actor.isEmpty() ? tr("%1 refunded").arg(amount)
                                 : tr("%1 refunded by %2").arg(amount, actor);
        return n;
    }
    return std::nullopt;
}

}  // namespace opsdesk::app
