#pragma once

#include <QDialog>
#include <QPointer>

#include "services-client/orders/order.h"
#include "services-client/orders/orderactions.h"

class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QVBoxLayout;

namespace opsdesk::client {
struct ApiError;
class ApiRequest;
class OrdersApi;
}  // namespace opsdesk::client

namespace opsdesk::widgets {

class ConflictBanner;
class MessageLine;

// What the order dialogs share: a heading, a form, a message line, and the rule that a failed
// request keeps the dialog open with everything the person typed. When someone else changed the
// order meanwhile (412) or the server refuses the move (409), the dialog fetches the order and
// its conflict banner shows what changed: reapply sends the input again against the current
// version (when the order still allows it), discard closes the dialog.
class OrderActionDialog : public QDialog {
    Q_OBJECT

public:
    OrderActionDialog(client::OrdersApi* api, const client::OrderDetail& order, QWidget* parent);

    const client::OrderDetail& order() const { return order_; }
    // The server's answer to the action carried the changed order (orderChanged has told it);
    // false after an answer without it, when whoever shows the order must load it.
    bool carriedOrder() const { return carried_; }
    QString message() const;
    QPushButton* submitButton() const { return submit_; }
    ConflictBanner* conflictBanner() const { return banner_; }

signals:
    // The order as the server has it now (after the change, or reloaded after a stale edit).
    void orderChanged(const opsdesk::client::OrderDetail& order);

protected:
    virtual void submit() = 0;
    virtual bool isComplete() const = 0;
    virtual void orderUpdated() {}
    // Whether the order as it is now still allows this action.
    virtual bool stillAllowed() const { return true; }
    // Before the input is sent again after a definite refusal.
    virtual void startOver() {}
    void setBusy(bool busy);
    bool isBusy() const { return busy_; }
    void updateSubmit();
    // Reloads the order (after a stale edit or an unknown outcome) and tells the pane.
    void reloadOrder();
    // The order an answer carried (if it did): kept and told (orderChanged).
    void takeChangedOrder(const std::optional<client::OrderDetail>& order);
    void failWith(const client::ApiError& error, bool repeatIsSafe);
    // After a 412 or 409: the order as it is now, and what changed since `saw`.
    void showConflict(const client::ApiError& error, const client::OrderDetail& saw);
    void reapply();

    client::OrdersApi* api_;
    client::OrderDetail order_;
    QLabel* heading_;
    QVBoxLayout* form_;
    ConflictBanner* banner_;
    MessageLine* message_;
    QDialogButtonBox* buttons_;
    QPushButton* submit_;

private:
    bool busy_ = false;
    bool carried_ = false;
};

// Refund part or all of what is left (captured − refunded). The Idempotency-Key is made once,
// when the dialog opens, and reused by every attempt: the retry policy's after a timeout and
// the person's own "Refund" again. It is replaced only when the person changes amount or reason
// after the server definitely refused the previous attempt; after an unknown outcome it stays,
// so the server either replays the first answer or refuses the changed body — never pays twice.
class RefundDialog : public OrderActionDialog {
    Q_OBJECT

public:
    RefundDialog(client::OrdersApi* api, const client::OrderDetail& order, QWidget* parent);

    const QString& idempotencyKey() const { return key_; }
    QLineEdit* amountEdit() const { return amount_; }
    QLineEdit* reasonEdit() const { return reason_; }

signals:
    void refunded(const opsdesk::client::OrderRefund& refund);

protected:
    void submit() override;
    bool isComplete() const override;
    void orderUpdated() override;
    bool stillAllowed() const override;
    void startOver() override;

private:
    std::optional<qint64> amountMinor() const;
    void validate();

    QString key_;
    QByteArray lastBody_;     // amount and reason of the last attempt
    bool keyPinned_ = false;  // an attempt's outcome is unknown: never change the key
    QLabel* left_;
    QLineEdit* amount_;
    QLineEdit* reason_;
    QLabel* amountProblem_;
};

// A manual move of the state machine: shipped (carrier, tracking), cancelled (reason), or a
// plain confirmation. Sent with If-Match; a stale version shows what changed, input kept.
class TransitionDialog : public OrderActionDialog {
    Q_OBJECT

public:
    TransitionDialog(client::OrdersApi* api, const client::OrderDetail& order,
                     const client::OrderAction& action, QWidget* parent);

    const client::OrderAction& action() const { return action_; }

protected:
    void submit() override;
    bool isComplete() const override;
    bool stillAllowed() const override;

private:
    client::OrderAction action_;
    QComboBox* carrier_ = nullptr;
    QLineEdit* tracking_ = nullptr;
    QPlainTextEdit* reason_ = nullptr;
};

class NoteDialog : public OrderActionDialog {
    Q_OBJECT

public:
    NoteDialog(client::OrdersApi* api, const client::OrderDetail& order, QWidget* parent);

signals:
    void noteAdded(const opsdesk::client::OrderNote& note);

protected:
    void submit() override;
    bool isComplete() const override;

private:
    QPlainTextEdit* body_;
};

}  // namespace opsdesk::widgets
