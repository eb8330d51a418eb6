#pragma once

#include <QPointer>
#include <QWidget>
#include <optional>

#include "services-client/orders/order.h"
#include "services-client/orders/orderactions.h"

class QFormLayout;
class QLabel;
class QPushButton;
class QStackedWidget;
class QTreeWidget;

namespace opsdesk::client {
class OrderDetailRequest;
class OrdersApi;
class Session;
}  // namespace opsdesk::client

namespace opsdesk::widgets {

class OrderActionDialog;
class WrapLayout;

// One order: customer, items, money, payments, refunds, shipments, the timeline of its history
// and notes, and the actions the state machine and the person's permissions allow.
class OrderDetailPane : public QWidget {
    Q_OBJECT

public:
    OrderDetailPane(client::OrdersApi* api, client::Session* session, QWidget* parent = nullptr);

    void showOrder(qint64 id);
    void reload();
    void clear();
    qint64 orderId() const { return id_; }
    const std::optional<client::OrderDetail>& order() const { return order_; }
    // The actions on offer now (what the buttons show).
    const std::vector<client::OrderAction>& actions() const { return actions_; }
    // Opens the dialog for an action (as its button does); nullptr when not on offer.
    OrderActionDialog* startAction(const client::OrderAction& action);
    // The live feed says the order on show changed: load it again and say who changed it
    // (`actor` empty: the storefront or a payment; nothing is said for the user's own change).
    // The open order changed (a live event at `version`): a note says who (unless it was this
    // user), and the pane reloads, unless it shows that version already.
    void showLiveChange(const QString& actor, bool byMe, int version);
    QString liveChangeText() const;
    // A request for the open order is on its way.
    bool isLoading() const;

signals:
    void orderLoaded(const opsdesk::client::OrderDetail& order);
    // After an action: the list updates its row.
    void orderChanged(const opsdesk::client::OrderSummary& order);

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslateUi();
    void setOrder(const client::OrderDetail& order);
    void render();
    void renderActions();
    void showError(const QString& text);

    client::OrdersApi* api_;
    client::Session* session_;
    qint64 id_ = 0;
    std::optional<client::OrderDetail> order_;
    std::vector<client::OrderAction> actions_;
    QPointer<client::OrderDetailRequest> request_;

    QStackedWidget* stack_;
    QLabel* empty_;
    QLabel* loading_;
    QWidget* errorPage_;
    QLabel* error_;
    QPushButton* retry_;

    QLabel* number_;
    QLabel* status_;
    QLabel* created_;
    QLabel* liveNote_;
    WrapLayout* actionRow_;
    QWidget* actionBox_;
    QLabel* customerTitle_;
    QLabel* customer_;
    QLabel* itemsTitle_;
    QTreeWidget* items_;
    QLabel* moneyTitle_;
    QFormLayout* money_;
    QLabel* paymentsTitle_;
    QLabel* payments_;
    QLabel* refundsTitle_;
    QLabel* refunds_;
    QLabel* shipmentsTitle_;
    QLabel* shipments_;
    QLabel* timelineTitle_;
    QLabel* timeline_;
};

}  // namespace opsdesk::widgets
