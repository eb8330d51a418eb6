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
    : QObject(parent), settings_(settings), session_(session) {
    refundWait_.setSingleShot(true);
    refundWait_.setInterval(std::chrono::seconds(3));
    clock_.start();
    connect(&refundWait_, &QTimer::timeout, this, &TrayNotifier::flushRefunds);
}

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
            pendingRefunds_.clear();
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

TrayNotifier::Notice TrayNotifier::refundNotice(qint64 orderId, const PendingRefund& refund,
                                                const QString& actor) const {
    const QString amount = widgets::Format::money(refund.amountMinor, refund.currency);
    Notice n;
    n.orderId = orderId;
    n.title = refund.number.isEmpty() ? tr("Refund issued") : tr("Refund on %1").arg(refund.number);
    n.text = actor.isEmpty() ? tr("%1 refunded").arg(amount)
                             : tr("%1 refunded by %2").arg(amount, actor);
    return n;
}

std::optional<TrayNotifier::Notice> TrayNotifier::decide(const FeedEvent& event) {
    const client::ClientSettings::Notifications prefs = settings_->notifications();
    const QString me = session_ ? session_->user().username : QString();
    const QString actor = event.data.value(QStringLiteral("changed_by")).toString();
    const bool mine = !actor.isEmpty() && actor == me;

    if (event.kind == QLatin1String("order.created")) {
        const auto order = client::OrderSummary::fromJson(event.data);
        if (!prefs.newOrders || mine || !order || order->totalMinor < prefs.newOrderMinMinor) {
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
        if (!prefs.refunds) {
            return std::nullopt;
        }
        // Who refunded is told by the order update that follows in the same transaction.
        const qint64 orderId = event.data.value(QStringLiteral("order_id")).toInteger();
        PendingRefund r;
        r.amountMinor = event.data.value(QStringLiteral("amount_minor")).toInteger();
        r.currency = event.data.value(QStringLiteral("currency")).toString();
        r.since = clock_.elapsed();
        pendingRefunds_.insert(orderId, r);
        if (!refundWait_.isActive()) {
            refundWait_.start();
        }
        return std::nullopt;
    }
    if (event.kind == QLatin1String("order.updated")) {
        const qint64 orderId = event.data.value(QStringLiteral("id")).toInteger();
        const auto it = pendingRefunds_.find(orderId);
        if (it == pendingRefunds_.end()) {
            return std::nullopt;
        }
        PendingRefund r = it.value();
        pendingRefunds_.erase(it);
        if (mine || !prefs.refunds) {
            return std::nullopt;
        }
        r.number = event.data.value(QStringLiteral("number")).toString();
        return refundNotice(orderId, r, actor);
    }
    return std::nullopt;
}

void TrayNotifier::flushRefunds() {
    // No order update came in time (the user may not read orders): tell without naming anyone.
    const qint64 now = clock_.elapsed();
    const qint64 wait = refundWait_.interval();
    QList<qint64> due;
    for (auto it = pendingRefunds_.cbegin(); it != pendingRefunds_.cend(); ++it) {
        if (now - it.value().since >= wait) {
            due << it.key();
        }
    }
    for (qint64 id : due) {
        tell(refundNotice(id, pendingRefunds_.take(id), QString()));
    }
    if (!pendingRefunds_.isEmpty()) {
        refundWait_.start();
    }
}

}  // namespace opsdesk::app
