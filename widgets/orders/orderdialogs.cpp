#include "widgets/orders/orderdialogs.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

#include "opsdesk/protocol/order_state.h"
#include "services-client/orders/ordersapi.h"
#include "widgets/common/conflictbanner.h"
#include "widgets/common/errortext.h"
#include "widgets/common/format.h"
#include "widgets/common/messageline.h"
#include "widgets/common/theme.h"
#include "widgets/orders/orderstext.h"

namespace opsdesk::widgets {

using client::ApiError;
using client::OrderDetail;
using protocol::OrderStatus;

namespace {

constexpr int kMaxReason = 1000;

}  // namespace

OrderActionDialog::OrderActionDialog(client::OrdersApi* api, const OrderDetail& order,
                                     QWidget* parent)
    : QDialog(parent), api_(api), order_(order) {
    setModal(true);
    setMinimumWidth(460);
    auto* layout = new QVBoxLayout(this);
    layout->setSpacing(10);
    heading_ = new QLabel(this);
    heading_->setWordWrap(true);
    QFont f = heading_->font();
    f.setPointSizeF(f.pointSizeF() * 1.15);
    f.setBold(true);
    heading_->setFont(f);
    layout->addWidget(heading_);
    form_ = new QVBoxLayout;
    form_->setSpacing(8);
    layout->addLayout(form_);
    banner_ = new ConflictBanner(this);
    layout->addWidget(banner_);
    message_ = new MessageLine(QStringLiteral("dialogMessage"), this);
    layout->addWidget(message_);
    layout->addStretch(1);
    buttons_ = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    submit_ = buttons_->addButton(QString(), QDialogButtonBox::AcceptRole);
    submit_->setObjectName(QStringLiteral("submitButton"));
    submit_->setDefault(true);
    layout->addWidget(buttons_);
    connect(buttons_, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(submit_, &QPushButton::clicked, this, [this] {
        if (!busy_ && isComplete() && banner_->kind() == ConflictBanner::Kind::None) {
            submit();
        }
    });
    connect(banner_, &ConflictBanner::reapplyRequested, this, &OrderActionDialog::reapply);
    connect(banner_, &ConflictBanner::discardRequested, this, &QDialog::reject);
}

QString OrderActionDialog::message() const {
    return message_->isVisible() || !message_->isHidden() ? message_->text() : QString();
}

void OrderActionDialog::setBusy(bool busy) {
    busy_ = busy;
    for (auto* w : findChildren<QWidget*>()) {
        if (qobject_cast<QLineEdit*>(w) || qobject_cast<QPlainTextEdit*>(w) ||
            qobject_cast<QComboBox*>(w)) {
            w->setEnabled(!busy);
        }
    }
    if (busy) {
        message_->showInfo(Orders::tr("Sending…"));
    }
    updateSubmit();
}

void OrderActionDialog::updateSubmit() {
    // While the banner shows a conflict, its buttons are the ways on.
    submit_->setEnabled(!busy_ && isComplete() && banner_->kind() == ConflictBanner::Kind::None);
}

void OrderActionDialog::reloadOrder() {
    auto* request = api_->detail(order_.id);
    connect(request, &client::ApiRequest::succeeded, this, [this, request] {
        order_ = request->order();
        orderUpdated();
        updateSubmit();
        emit orderChanged(order_);
    });
}

void OrderActionDialog::takeChangedOrder(const std::optional<OrderDetail>& order) {
    carried_ = order.has_value();
    if (order) {
        order_ = *order;
        emit orderChanged(order_);
    }
}

void OrderActionDialog::failWith(const ApiError& error, bool repeatIsSafe) {
    using protocol::ErrorCode;
    if (error.is(ErrorCode::PreconditionFailed) || error.is(ErrorCode::InvalidTransition)) {
        // Still busy: nothing is sent again until the person has seen what changed.
        message_->showInfo(Orders::tr("Looking up the order as it is now…"));
        const OrderDetail saw = order_;
        auto* request = api_->detail(order_.id);
        connect(request, &client::ApiRequest::failed, this, [this, error](const ApiError& e) {
            setBusy(false);
            message_->showError(OrdersText::describeActionError(error, order_.currency) +
                                QLatin1Char(' ') + ErrorText::describe(e));
        });
        connect(request, &client::ApiRequest::succeeded, this, [this, request, error, saw] {
            order_ = request->order();
            setBusy(false);
            orderUpdated();
            emit orderChanged(order_);
            showConflict(error, saw);
        });
        return;
    }
    setBusy(false);
    message_->showError(OrdersText::describeActionError(error, order_.currency, repeatIsSafe));
    if (error.is(ErrorCode::IdempotencyKeyReused) ||
        (error.is(ErrorCode::ValidationFailed) &&
         error.details.contains(QLatin1String("refundable_minor")))) {
        reloadOrder();
    }
}

void OrderActionDialog::showConflict(const ApiError& error, const OrderDetail& saw) {
    QList<ConflictBanner::Change> changes;
    if (saw.status != order_.status) {
        changes.append({Orders::tr("Status"), OrdersText::statusName(saw.status),
                        OrdersText::statusName(order_.status)});
    }
    const auto money = [this](qint64 minor) { return Format::money(minor, order_.currency); };
    if (saw.capturedMinor != order_.capturedMinor) {
        changes.append(
            {Orders::tr("Captured"), money(saw.capturedMinor), money(order_.capturedMinor)});
    }
    if (saw.refundedMinor != order_.refundedMinor) {
        changes.append(
            {Orders::tr("Refunded"), money(saw.refundedMinor), money(order_.refundedMinor)});
    }
    const bool allowed = stillAllowed();
    message_->clear();
    if (error.is(protocol::ErrorCode::PreconditionFailed)) {
        banner_->showStale(changes, allowed,
                           OrdersText::describeActionError(error, order_.currency),
                           allowed ? QString()
                                   : Orders::tr("The order is now “%1”, which does not allow "
                                                "this any more.")
                                         .arg(OrdersText::statusName(order_.status)));
    } else {
        banner_->showRefusedWithChanges(OrdersText::describeActionError(error, order_.currency),
                                        changes, allowed);
    }
    updateSubmit();
}

void OrderActionDialog::reapply() {
    banner_->dismiss();
    updateSubmit();
    if (!busy_ && isComplete() && stillAllowed()) {
        startOver();
        submit();
    }
}

// ---------------------------------------------------------------------------------------------

RefundDialog::RefundDialog(client::OrdersApi* api, const OrderDetail& order, QWidget* parent)
    : OrderActionDialog(api, order, parent), key_(client::ApiRequest::newIdempotencyKey()) {
    setObjectName(QStringLiteral("refundDialog"));
    setWindowTitle(Orders::tr("Refund order %1").arg(order.number));
    heading_->setText(Orders::tr("Refund order %1 to %2").arg(order.number, order.customer.name));
    left_ = new QLabel(this);
    left_->setObjectName(QStringLiteral("refundableLabel"));
    left_->setWordWrap(true);
    form_->addWidget(left_);

    auto* fields = new QFormLayout;
    fields->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    amount_ = new QLineEdit(this);
    amount_->setObjectName(QStringLiteral("refundAmountEdit"));
    amount_->setPlaceholderText(Format::plainAmount(order.refundableMinor(), order.currency));
    amount_->setAlignment(Qt::AlignRight);
    auto* amountRow = new QHBoxLayout;
    amountRow->addWidget(new QLabel(Format::currencySymbol(order.currency).trimmed(), this));
    amountRow->addWidget(amount_, 1);
    auto* all = new QPushButton(Orders::tr("Everything left"), this);
    all->setObjectName(QStringLiteral("refundAllButton"));
    all->setAutoDefault(false);
    amountRow->addWidget(all);
    fields->addRow(Orders::tr("Amount:"), amountRow);
    amountProblem_ = new QLabel(this);
    Theme::setTextColor(amountProblem_, Theme::Role::Error);
    amountProblem_->hide();
    fields->addRow(QString(), amountProblem_);
    reason_ = new QLineEdit(this);
    reason_->setObjectName(QStringLiteral("refundReasonEdit"));
    reason_->setMaxLength(kMaxReason);
    reason_->setPlaceholderText(Orders::tr("Required, e.g. “item arrived damaged”"));
    fields->addRow(Orders::tr("Reason:"), reason_);
    form_->addLayout(fields);

    submit_->setText(Orders::tr("Refund"));
    connect(all, &QPushButton::clicked, this, [this] {
        amount_->setText(Format::plainAmount(order_.refundableMinor(), order_.currency));
        validate();
    });
    connect(amount_, &QLineEdit::textChanged, this, [this] { validate(); });
    connect(reason_, &QLineEdit::textChanged, this, [this] { updateSubmit(); });
    orderUpdated();
    validate();
    amount_->setFocus(Qt::OtherFocusReason);
}

void RefundDialog::orderUpdated() {
    left_->setText(Orders::tr("Captured %1, refunded %2: up to %3 can be refunded.")
                       .arg(Format::money(order_.capturedMinor, order_.currency),
                            Format::money(order_.refundedMinor, order_.currency),
                            Format::money(order_.refundableMinor(), order_.currency)));
    validate();
}

bool RefundDialog::stillAllowed() const {
    const auto status = order_.statusValue();
    return status && protocol::refundAllowedFrom(*status) && order_.refundableMinor() > 0;
}

void RefundDialog::startOver() {
    // The server refused the last attempt for certain (and keeps that answer under its key): a
    // refund against the order as it is now is a new intent.
    key_ = client::ApiRequest::newIdempotencyKey();
    keyPinned_ = false;
    lastBody_.clear();
}

std::optional<qint64> RefundDialog::amountMinor() const {
    return Format::parseAmount(amount_->text(), order_.currency);
}

void RefundDialog::validate() {
    QString problem;
    const QString text = amount_->text().trimmed();
    if (!text.isEmpty()) {
        const auto minor = amountMinor();
        if (!minor) {
            problem = Orders::tr("Type an amount such as %1.")
                          .arg(Format::plainAmount(order_.refundableMinor(), order_.currency));
        } else if (*minor <= 0) {
            problem = Orders::tr("The amount must be more than zero.");
        } else if (*minor > order_.refundableMinor()) {
            problem = Orders::tr("At most %1 is left to refund.")
                          .arg(Format::money(order_.refundableMinor(), order_.currency));
        }
    }
    amountProblem_->setText(problem);
    amountProblem_->setVisible(!problem.isEmpty());
    updateSubmit();
}

bool RefundDialog::isComplete() const {
    const auto minor = amountMinor();
    return minor && *minor > 0 && *minor <= order_.refundableMinor() &&
           !reason_->text().trimmed().isEmpty();
}

void RefundDialog::submit() {
    const qint64 amount = *amountMinor();
    const QString reason = reason_->text().trimmed();
    const QByteArray body = QByteArray::number(amount) + '\n' + reason.toUtf8();
    if (!lastBody_.isEmpty() && body != lastBody_ && !keyPinned_) {
        // The server refused the last attempt for certain; a changed refund is a new intent.
        key_ = client::ApiRequest::newIdempotencyKey();
    }
    lastBody_ = body;
    setBusy(true);
    auto* request = api_->refund(order_.id, amount, reason, key_);
    connect(request, &client::ApiRequest::succeeded, this, [this, request] {
        setBusy(false);
        takeChangedOrder(request->order());
        emit refunded(request->refund());
        accept();
    });
    connect(request, &client::ApiRequest::failed, this, [this](const ApiError& error) {
        // No answer, or one that says nothing about the refund: it may have happened.
        const bool unknown = error.kind != ApiError::Kind::Http || error.httpStatus >= 500 ||
                             error.is(protocol::ErrorCode::Conflict);
        keyPinned_ = keyPinned_ || unknown;
        failWith(error, true);
    });
}

// ---------------------------------------------------------------------------------------------

TransitionDialog::TransitionDialog(client::OrdersApi* api, const OrderDetail& order,
                                   const client::OrderAction& action, QWidget* parent)
    : OrderActionDialog(api, order, parent), action_(action) {
    setObjectName(QStringLiteral("transitionDialog"));
    const QString target = OrdersText::statusName(action.to);
    setWindowTitle(Orders::tr("Order %1").arg(order.number));
    switch (action.to) {
        case OrderStatus::Shipped:
            heading_->setText(Orders::tr("Mark order %1 as shipped").arg(order.number));
            break;
        case OrderStatus::Cancelled:
            heading_->setText(Orders::tr("Cancel order %1").arg(order.number));
            break;
        default:
            heading_->setText(Orders::tr("Change order %1 from “%2” to “%3”?")
                                  .arg(order.number, OrdersText::statusName(order.status), target));
            break;
    }
    auto* fields = new QFormLayout;
    fields->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    if (action.requiresTracking) {
        carrier_ = new QComboBox(this);
        carrier_->setObjectName(QStringLiteral("carrierCombo"));
        carrier_->setEditable(true);
        // Carrier names are proper names; they are not translated.
        carrier_->addItems({QStringLiteral("SF Express"), QStringLiteral("JD Logistics"),
                            QStringLiteral("China Post EMS"), QStringLiteral("ZTO Express"),
                            QStringLiteral("YTO Express"), QStringLiteral("STO Express"),
                            QStringLiteral("DHL"), QStringLiteral("FedEx"), QStringLiteral("UPS")});
        carrier_->setCurrentIndex(-1);
        carrier_->lineEdit()->setMaxLength(100);
        tracking_ = new QLineEdit(this);
        tracking_->setObjectName(QStringLiteral("trackingEdit"));
        tracking_->setMaxLength(100);
        fields->addRow(Orders::tr("Carrier:"), carrier_);
        fields->addRow(Orders::tr("Tracking number:"), tracking_);
        connect(carrier_, &QComboBox::currentTextChanged, this, [this] { updateSubmit(); });
        connect(tracking_, &QLineEdit::textChanged, this, [this] { updateSubmit(); });
    }
    if (action.requiresReason) {
        reason_ = new QPlainTextEdit(this);
        reason_->setObjectName(QStringLiteral("reasonEdit"));
        reason_->setTabChangesFocus(true);
        reason_->setFixedHeight(80);
        reason_->setPlaceholderText(Orders::tr("Required: why is the order cancelled?"));
        fields->addRow(Orders::tr("Reason:"), reason_);
        connect(reason_, &QPlainTextEdit::textChanged, this, [this] { updateSubmit(); });
    }
    if (fields->rowCount() > 0) {
        form_->addLayout(fields);
    } else {
        delete fields;
    }
    if (action.to == OrderStatus::Cancelled && order.refundableMinor() > 0) {
        auto* note =
            new QLabel(Orders::tr("The customer is paid back everything not yet refunded: %1.")
                           .arg(Format::money(order.refundableMinor(), order.currency)),
                       this);
        note->setObjectName(QStringLiteral("cancelRefundNote"));
        note->setWordWrap(true);
        form_->addWidget(note);
    }
    if (carrier_) {
        carrier_->setFocus(Qt::OtherFocusReason);
    } else if (reason_) {
        reason_->setFocus(Qt::OtherFocusReason);
    }
    submit_->setText(OrdersText::actionLabel(action).remove(QStringLiteral("…")));
    if (action.to == OrderStatus::Cancelled) {
        submit_->setText(Orders::tr("Cancel order"));
        buttons_->button(QDialogButtonBox::Cancel)->setText(Orders::tr("Keep order"));
    }
    updateSubmit();
}

bool TransitionDialog::isComplete() const {
    if (carrier_ &&
        (carrier_->currentText().trimmed().isEmpty() || tracking_->text().trimmed().isEmpty())) {
        return false;
    }
    if (reason_ && reason_->toPlainText().trimmed().isEmpty()) {
        return false;
    }
    return true;
}

bool TransitionDialog::stillAllowed() const {
    const auto from = order_.statusValue();
    const protocol::OrderTransition* t =
        from ? protocol::findTransition(*from, action_.to) : nullptr;
    return t && t->trigger == protocol::TransitionTrigger::Manual;
}

void TransitionDialog::submit() {
    client::TransitionInput input;
    input.to = action_.to;
    if (carrier_) {
        input.carrier = carrier_->currentText().trimmed();
        input.tracking = tracking_->text().trimmed();
    }
    if (reason_) {
        input.reason = reason_->toPlainText().trimmed().left(kMaxReason);
    }
    setBusy(true);
    auto* request = api_->transition(order_.id, order_.version, input);
    connect(request, &client::ApiRequest::succeeded, this, [this, request] {
        setBusy(false);
        order_ = request->order();
        emit orderChanged(order_);
        accept();
    });
    connect(request, &client::ApiRequest::failed, this,
            [this](const ApiError& error) { failWith(error, true); });
}

// ---------------------------------------------------------------------------------------------

NoteDialog::NoteDialog(client::OrdersApi* api, const OrderDetail& order, QWidget* parent)
    : OrderActionDialog(api, order, parent) {
    setObjectName(QStringLiteral("noteDialog"));
    setWindowTitle(Orders::tr("Order %1").arg(order.number));
    heading_->setText(Orders::tr("Add a note to order %1").arg(order.number));
    auto* hint =
        new QLabel(Orders::tr("Notes are for staff only; the customer never sees them."), this);
    hint->setWordWrap(true);
    form_->addWidget(hint);
    body_ = new QPlainTextEdit(this);
    body_->setObjectName(QStringLiteral("noteEdit"));
    body_->setTabChangesFocus(true);
    body_->setMinimumHeight(110);
    form_->addWidget(body_);
    submit_->setText(Orders::tr("Add note"));
    body_->setFocus(Qt::OtherFocusReason);
    connect(body_, &QPlainTextEdit::textChanged, this, [this] { updateSubmit(); });
    updateSubmit();
}

bool NoteDialog::isComplete() const {
    const QString text = body_->toPlainText().trimmed();
    return !text.isEmpty() && text.size() <= 5000;
}

void NoteDialog::submit() {
    setBusy(true);
    auto* request = api_->addNote(order_.id, body_->toPlainText().trimmed());
    connect(request, &client::ApiRequest::succeeded, this, [this, request] {
        setBusy(false);
        takeChangedOrder(request->order());
        emit noteAdded(request->note());
        accept();
    });
    connect(request, &client::ApiRequest::failed, this,
            [this](const ApiError& error) { failWith(error, false); });
}

}  // namespace opsdesk::widgets
