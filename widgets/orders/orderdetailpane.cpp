#include "widgets/orders/orderdetailpane.h"

#include <QEvent>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QStackedWidget>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <algorithm>

#include "opsdesk/protocol/money.h"
#include "services-client/auth/session.h"
#include "services-client/orders/ordersapi.h"
#include "widgets/common/errortext.h"
#include "widgets/common/format.h"
#include "widgets/common/theme.h"
#include "widgets/common/wraplayout.h"
#include "widgets/orders/orderdialogs.h"
#include "widgets/orders/orderstext.h"

namespace opsdesk::widgets {

using client::OrderAction;
using client::OrderDetail;

namespace {

QLabel* sectionTitle(QWidget* parent) {
    auto* label = new QLabel(parent);
    QFont f = label->font();
    f.setBold(true);
    label->setFont(f);
    label->setContentsMargins(0, 10, 0, 2);
    return label;
}

QLabel* textBlock(QWidget* parent, const QString& name) {
    auto* label = new QLabel(parent);
    label->setObjectName(name);
    label->setWordWrap(true);
    label->setTextFormat(Qt::RichText);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    label->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    return label;
}

QString esc(const QString& s) {
    return s.toHtmlEscaped();
}

QString muted(const QString& s) {
    return Theme::span(Theme::Role::Muted, s);
}

QString pill(const QString& status) {
    const QColor color = OrdersText::statusColor(status);
    return QStringLiteral("<span style=\"background:%1; color:%2;\">&nbsp;%3&nbsp;</span>")
        .arg(color.name(), Theme::textOn(color).name(), esc(OrdersText::statusName(status)));
}

// Payment states the server writes; anything newer is shown as it comes.
QString paymentStatus(const QString& status) {
    if (status == QLatin1String("captured")) {
        return Orders::tr("captured", "payment status");
    }
    if (status == QLatin1String("refunded")) {
        return Orders::tr("refunded", "payment status");
    }
    return status;
}

QString actionObjectName(const OrderAction& action) {
    switch (action.kind) {
        case OrderAction::Kind::Refund:
            return QStringLiteral("refundButton");
        case OrderAction::Kind::Note:
            return QStringLiteral("noteButton");
        case OrderAction::Kind::Transition:
            break;
    }
    const auto name = protocol::toString(action.to);
    return QStringLiteral("action_") + QString::fromLatin1(name.data(), qsizetype(name.size()));
}

}  // namespace

OrderDetailPane::OrderDetailPane(client::OrdersApi* api, client::Session* session, QWidget* parent)
    : QWidget(parent), api_(api), session_(session) {
    setObjectName(QStringLiteral("orderDetailPane"));
    auto* outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    stack_ = new QStackedWidget(this);
    outer->addWidget(stack_);

    empty_ = new QLabel(this);
    empty_->setAlignment(Qt::AlignCenter);
    empty_->setWordWrap(true);
    Theme::setTextColor(empty_, Theme::Role::Muted);
    stack_->addWidget(empty_);
    loading_ = new QLabel(this);
    loading_->setAlignment(Qt::AlignCenter);
    stack_->addWidget(loading_);
    errorPage_ = new QWidget(this);
    auto* errorLayout = new QVBoxLayout(errorPage_);
    errorLayout->addStretch(1);
    error_ = new QLabel(errorPage_);
    error_->setObjectName(QStringLiteral("detailError"));
    error_->setWordWrap(true);
    error_->setAlignment(Qt::AlignCenter);
    errorLayout->addWidget(error_);
    retry_ = new QPushButton(errorPage_);
    errorLayout->addWidget(retry_, 0, Qt::AlignHCenter);
    errorLayout->addStretch(1);
    stack_->addWidget(errorPage_);
    connect(retry_, &QPushButton::clicked, this, &OrderDetailPane::reload);

    auto* scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    auto* content = new QWidget(scroll);
    auto* layout = new QVBoxLayout(content);
    layout->setContentsMargins(12, 8, 12, 12);
    layout->setSpacing(4);

    auto* head = new QHBoxLayout;
    number_ = new QLabel(content);
    number_->setObjectName(QStringLiteral("orderNumberLabel"));
    number_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont big = number_->font();
    big.setPointSizeF(big.pointSizeF() * 1.4);
    big.setBold(true);
    number_->setFont(big);
    head->addWidget(number_);
    status_ = new QLabel(content);
    status_->setObjectName(QStringLiteral("orderStatusLabel"));
    head->addWidget(status_);
    head->addStretch(1);
    layout->addLayout(head);
    created_ = new QLabel(content);
    Theme::setTextColor(created_, Theme::Role::Muted);
    layout->addWidget(created_);
    liveNote_ = new QLabel(content);
    liveNote_->setObjectName(QStringLiteral("liveChangeLabel"));
    liveNote_->setWordWrap(true);
    Theme::setBox(liveNote_, {.background = Theme::Role::LiveHighlight,
                              .text = Theme::Role::LiveHighlightText,
                              .shape = QStringLiteral("border-radius: 4px; padding: 4px 8px;")});
    liveNote_->hide();
    layout->addWidget(liveNote_);

    actionBox_ = new QWidget(content);
    // Wraps: four buttons side by side are wider than the pane often is.
    actionRow_ = new WrapLayout(actionBox_, 6);
    actionRow_->setContentsMargins(0, 8, 0, 4);
    layout->addWidget(actionBox_);

    customerTitle_ = sectionTitle(content);
    customer_ = textBlock(content, QStringLiteral("customerLabel"));
    layout->addWidget(customerTitle_);
    layout->addWidget(customer_);

    itemsTitle_ = sectionTitle(content);
    items_ = new QTreeWidget(content);
    items_->setObjectName(QStringLiteral("itemsTree"));
    items_->setRootIsDecorated(false);
    items_->setColumnCount(4);
    items_->setSelectionMode(QAbstractItemView::NoSelection);
    items_->setFocusPolicy(Qt::NoFocus);
    items_->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    items_->header()->setStretchLastSection(false);
    items_->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    items_->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    layout->addWidget(itemsTitle_);
    layout->addWidget(items_);

    moneyTitle_ = sectionTitle(content);
    money_ = new QFormLayout;
    money_->setLabelAlignment(Qt::AlignLeft);
    money_->setHorizontalSpacing(24);
    money_->setVerticalSpacing(2);
    layout->addWidget(moneyTitle_);
    layout->addLayout(money_);

    paymentsTitle_ = sectionTitle(content);
    payments_ = textBlock(content, QStringLiteral("paymentsLabel"));
    refundsTitle_ = sectionTitle(content);
    refunds_ = textBlock(content, QStringLiteral("refundsLabel"));
    shipmentsTitle_ = sectionTitle(content);
    shipments_ = textBlock(content, QStringLiteral("shipmentsLabel"));
    timelineTitle_ = sectionTitle(content);
    timeline_ = textBlock(content, QStringLiteral("timelineLabel"));
    for (QLabel* w : {paymentsTitle_, payments_, refundsTitle_, refunds_, shipmentsTitle_,
                      shipments_, timelineTitle_, timeline_}) {
        layout->addWidget(w);
    }
    layout->addStretch(1);
    scroll->setWidget(content);
    stack_->addWidget(scroll);

    // The rich text carries colours.
    Theme::onPaletteChange(this, [this] {
        if (order_) {
            render();
        }
    });
    retranslateUi();
    stack_->setCurrentWidget(empty_);
}

void OrderDetailPane::retranslateUi() {
    empty_->setText(Orders::tr("Select an order to see its details."));
    loading_->setText(Orders::tr("Loading the order…"));
    retry_->setText(Orders::tr("Try again"));
    customerTitle_->setText(Orders::tr("Customer"));
    itemsTitle_->setText(Orders::tr("Items"));
    items_->setHeaderLabels({Orders::tr("Item"), Orders::tr("Quantity"), Orders::tr("Unit price"),
                             Orders::tr("Amount")});
    moneyTitle_->setText(Orders::tr("Money"));
    paymentsTitle_->setText(Orders::tr("Payments"));
    refundsTitle_->setText(Orders::tr("Refunds"));
    shipmentsTitle_->setText(Orders::tr("Shipments"));
    timelineTitle_->setText(Orders::tr("History and notes"));
    if (order_) {
        render();
    }
}

void OrderDetailPane::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) {
        retranslateUi();
    }
    QWidget::changeEvent(event);
}

void OrderDetailPane::clear() {
    if (request_) {
        request_->disconnect(this);
        request_->abort();
    }
    id_ = 0;
    order_.reset();
    actions_.clear();
    liveNote_->clear();
    liveNote_->hide();
    stack_->setCurrentWidget(empty_);
}

void OrderDetailPane::showLiveChange(const QString& actor, bool byMe, int version) {
    if (id_ == 0) {
        return;
    }
    if (order_ && order_->version >= version) {
        return;  // shown already (the answer to this desk's own action carried it)
    }
    if (!byMe) {
        const QString at = Format::dateTime(QDateTime::currentDateTimeUtc());
        liveNote_->setText(actor.isEmpty()
                               ? Orders::tr("Changed at %1 by the storefront or a payment.").arg(at)
                               : Orders::tr("Changed by %1 at %2.").arg(actor, at));
        liveNote_->show();
    }
    reload();
}

bool OrderDetailPane::isLoading() const {
    return request_ && !request_->isDone();
}

QString OrderDetailPane::liveChangeText() const {
    return liveNote_->isHidden() ? QString() : liveNote_->text();
}

void OrderDetailPane::showOrder(qint64 id) {
    if (id == id_ && (order_ || request_)) {
        return;
    }
    id_ = id;
    order_.reset();
    actions_.clear();
    liveNote_->clear();
    liveNote_->hide();
    reload();
}

void OrderDetailPane::reload() {
    if (id_ == 0) {
        return;
    }
    if (request_) {
        request_->disconnect(this);
        request_->abort();
    }
    if (!order_) {
        stack_->setCurrentWidget(loading_);
    }
    auto* request = api_->detail(id_);
    request_ = request;
    const qint64 id = id_;
    connect(request, &client::ApiRequest::succeeded, this, [this, request, id] {
        if (id == id_) {
            setOrder(request->order());
        }
    });
    connect(request, &client::ApiRequest::failed, this, [this, id](const client::ApiError& e) {
        if (id == id_) {
            showError(ErrorText::describe(e));
        }
    });
}

void OrderDetailPane::showError(const QString& text) {
    error_->setText(Orders::tr("The order could not be loaded. %1").arg(text));
    stack_->setCurrentWidget(errorPage_);
}

void OrderDetailPane::setOrder(const OrderDetail& order) {
    if (order.id != id_) {
        return;
    }
    order_ = order;
    actions_ = client::availableActions(
        order, session_ ? session_->user().permissions : std::set<protocol::Permission>{});
    render();
    stack_->setCurrentIndex(stack_->count() - 1);
    emit orderLoaded(order);
}

void OrderDetailPane::renderActions() {
    while (QLayoutItem* item = actionRow_->takeAt(0)) {
        delete item->widget();
        delete item;
    }
    for (const auto& action : actions_) {
        auto* button = new QPushButton(OrdersText::actionLabel(action), actionBox_);
        button->setObjectName(actionObjectName(action));
        if (action.kind == OrderAction::Kind::Transition &&
            action.to == protocol::OrderStatus::Cancelled) {
            Theme::apply(button, [] {
                return QStringLiteral("QPushButton { %1 }")
                    .arg(Theme::textStyle(Theme::Role::DangerText));
            });
        }
        connect(button, &QPushButton::clicked, this, [this, action] { startAction(action); });
        actionRow_->addWidget(button);
    }
    actionBox_->setVisible(!actions_.empty());
}

OrderActionDialog* OrderDetailPane::startAction(const OrderAction& action) {
    if (!order_ || std::find(actions_.begin(), actions_.end(), action) == actions_.end()) {
        return nullptr;
    }
    OrderActionDialog* dialog = nullptr;
    switch (action.kind) {
        case OrderAction::Kind::Refund: {
            auto* refund = new RefundDialog(api_, *order_, this);
            // An answer without the order (an older server): load it.
            connect(refund, &RefundDialog::refunded, this, [this, refund] {
                if (!refund->carriedOrder()) {
                    reload();
                }
            });
            dialog = refund;
            break;
        }
        case OrderAction::Kind::Note: {
            auto* note = new NoteDialog(api_, *order_, this);
            connect(note, &NoteDialog::noteAdded, this, [this, note] {
                if (!note->carriedOrder()) {
                    reload();
                }
            });
            dialog = note;
            break;
        }
        case OrderAction::Kind::Transition:
            dialog = new TransitionDialog(api_, *order_, action, this);
            break;
    }
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &OrderActionDialog::orderChanged, this, [this](const OrderDetail& changed) {
        setOrder(changed);
        emit orderChanged(changed);
    });
    dialog->open();
    return dialog;
}

void OrderDetailPane::render() {
    const OrderDetail& o = *order_;
    const QString cur = o.currency;
    number_->setText(o.number);
    status_->setText(pill(o.status));
    QString created = Orders::tr("Created %1").arg(Format::dateTime(o.createdAt));
    if (o.updatedAt.isValid() && o.updatedAt != o.createdAt) {
        created +=
            QStringLiteral(" · ") + Orders::tr("updated %1").arg(Format::dateTime(o.updatedAt));
    }
    created_->setText(created);
    renderActions();

    customer_->setText(
        QStringLiteral("%1<br>%2").arg(esc(o.customer.name), muted(esc(o.customer.email))));

    items_->clear();
    for (const auto& item : o.items) {
        auto* row = new QTreeWidgetItem(items_);
        row->setText(0, item.title);
        row->setToolTip(0, item.sku);
        row->setText(1, QLocale().toString(item.quantity));
        row->setText(2, Format::money(item.unitPriceMinor, cur));
        const auto line = protocol::checkedMul(item.unitPriceMinor, item.quantity);
        row->setText(3, line ? Format::money(*line, cur) : QStringLiteral("—"));
        for (int c = 1; c < 4; ++c) {
            row->setTextAlignment(c, Qt::AlignRight | Qt::AlignVCenter);
        }
    }
    const int rows = int(o.items.size());
    const int rowHeight = items_->sizeHintForRow(0) > 0 ? items_->sizeHintForRow(0) : 22;
    items_->setFixedHeight(items_->header()->sizeHint().height() + rowHeight * qMin(rows, 8) + 4);
    items_->setVerticalScrollBarPolicy(rows > 8 ? Qt::ScrollBarAsNeeded : Qt::ScrollBarAlwaysOff);

    while (money_->rowCount() > 0) {
        money_->removeRow(0);
    }
    auto addMoney = [this, &cur](const QString& label, qint64 minor, bool strong = false,
                                 const QString& name = {}) {
        auto* value = new QLabel(Format::money(minor, cur));
        value->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
        value->setObjectName(name);
        auto* title = new QLabel(label);
        if (strong) {
            QFont f = value->font();
            f.setBold(true);
            value->setFont(f);
            title->setFont(f);
        }
        money_->addRow(title, value);
    };
    addMoney(Orders::tr("Subtotal"), o.subtotalMinor);
    if (o.discountMinor != 0) {
        addMoney(Orders::tr("Discount"), -o.discountMinor);
    }
    addMoney(Orders::tr("Shipping"), o.shippingMinor);
    addMoney(Orders::tr("Tax"), o.taxMinor);
    addMoney(Orders::tr("Total"), o.totalMinor, true, QStringLiteral("totalValue"));
    addMoney(Orders::tr("Captured"), o.capturedMinor, false, QStringLiteral("capturedValue"));
    addMoney(Orders::tr("Refunded"), o.refundedMinor, false, QStringLiteral("refundedValue"));
    if (o.capturedMinor > 0) {
        addMoney(Orders::tr("Left to refund"), o.refundableMinor(), false,
                 QStringLiteral("refundableValue"));
    }

    QStringList lines;
    for (const auto& p : o.payments) {
        lines << QStringLiteral("<b>%1</b> · %2 · %3<br>%4")
                     .arg(Format::money(p.amountMinor, p.currency.isEmpty() ? cur : p.currency),
                          esc(p.provider), esc(paymentStatus(p.status)),
                          muted(esc(p.providerRef) + QStringLiteral(" · ") +
                                Format::dateTime(p.capturedAt)));
    }
    payments_->setText(lines.isEmpty() ? muted(Orders::tr("No payment yet."))
                                       : lines.join(QStringLiteral("<br>")));
    lines.clear();
    for (const auto& r : o.refunds) {
        lines << QStringLiteral("<b>%1</b> · %2<br>%3")
                     .arg(Format::money(r.amountMinor, cur), esc(r.reason),
                          muted(Orders::tr("by %1 · %2")
                                    .arg(esc(r.createdBy.isEmpty() ? Orders::tr("system")
                                                                   : r.createdBy),
                                         Format::dateTime(r.createdAt))));
    }
    refunds_->setText(lines.isEmpty() ? muted(Orders::tr("No refunds."))
                                      : lines.join(QStringLiteral("<br>")));
    lines.clear();
    for (const auto& s : o.shipments) {
        lines << QStringLiteral("<b>%1</b> · %2<br>%3")
                     .arg(esc(s.carrier), esc(s.tracking), muted(Format::dateTime(s.shippedAt)));
    }
    shipments_->setText(lines.isEmpty() ? muted(Orders::tr("Not shipped yet."))
                                        : lines.join(QStringLiteral("<br>")));

    // History and notes in one timeline, newest first.
    struct Entry {
        QDateTime at;
        QString html;
    };
    std::vector<Entry> entries;
    for (const auto& h : o.history) {
        QString what =
            h.from.isEmpty()
                ? Orders::tr("Order received as “%1”").arg(esc(OrdersText::statusName(h.to)))
                : Orders::tr("“%1” → “%2”")
                      .arg(esc(OrdersText::statusName(h.from)), esc(OrdersText::statusName(h.to)));
        if (!h.reason.isEmpty()) {
            what += QStringLiteral(" — ") + esc(OrdersText::historyReason(h.reason, h.actor));
        }
        const QString who = h.actor.isEmpty() ? Orders::tr("system") : esc(h.actor);
        entries.push_back(
            {h.at, QStringLiteral("%1<br>%2")
                       .arg(what, muted(Format::dateTime(h.at) + QStringLiteral(" · ") + who))});
    }
    for (const auto& n : o.notes) {
        entries.push_back(
            {n.createdAt, QStringLiteral("<i>%1</i><br>%2")
                              .arg(esc(n.body).replace(QLatin1Char('\n'), QStringLiteral("<br>")),
                                   muted(Orders::tr("Note by %1 · %2")
                                             .arg(esc(n.author), Format::dateTime(n.createdAt))))});
    }
    std::stable_sort(entries.begin(), entries.end(),
                     [](const Entry& a, const Entry& b) { return a.at > b.at; });
    lines.clear();
    for (const auto& e : entries) {
        lines << e.html;
    }
    timeline_->setText(lines.isEmpty() ? muted(Orders::tr("Nothing yet."))
                                       : lines.join(QStringLiteral("<br><br>")));
}

}  // namespace opsdesk::widgets
