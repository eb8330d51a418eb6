#include "widgets/orders/orderfilterbar.h"

#include <QDateEdit>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QToolButton>
#include <QVBoxLayout>

#include "opsdesk/protocol/order_state.h"
#include "widgets/common/format.h"
#include "widgets/common/searchbox.h"
#include "widgets/common/theme.h"
#include "widgets/orders/orderstext.h"

namespace opsdesk::widgets {

namespace {

// A date edit shows this as "any date" (its special value text).
const QDate kNoDate(2000, 1, 1);

QString wire(protocol::OrderStatus s) {
    const auto v = protocol::toString(s);
    return QString::fromLatin1(v.data(), qsizetype(v.size()));
}

QDateEdit* makeDateEdit(QWidget* parent, const QString& name) {
    auto* edit = new QDateEdit(parent);
    edit->setObjectName(name);
    edit->setCalendarPopup(true);
    edit->setMinimumDate(kNoDate);
    edit->setMaximumDate(QDate(2100, 12, 31));
    edit->setDate(kNoDate);
    edit->setDisplayFormat(QLocale().dateFormat(QLocale::ShortFormat));
    return edit;
}

}  // namespace

OrderFilterBar::OrderFilterBar(QWidget* parent) : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(6);

    auto* top = new QHBoxLayout;
    top->setSpacing(8);
    search_ = new SearchBox(QStringLiteral("searchEdit"), this);
    search_->setMinimumWidth(260);
    top->addWidget(search_, 3);

    dateLabel_ = new QLabel(this);
    from_ = makeDateEdit(this, QStringLiteral("fromDateEdit"));
    to_ = makeDateEdit(this, QStringLiteral("toDateEdit"));
    auto* dash = new QLabel(QStringLiteral("–"), this);
    top->addSpacing(8);
    top->addWidget(dateLabel_);
    top->addWidget(from_);
    top->addWidget(dash);
    top->addWidget(to_);

    amountLabel_ = new QLabel(this);
    minAmount_ = new QLineEdit(this);
    minAmount_->setObjectName(QStringLiteral("minAmountEdit"));
    maxAmount_ = new QLineEdit(this);
    maxAmount_->setObjectName(QStringLiteral("maxAmountEdit"));
    for (auto* e : {minAmount_, maxAmount_}) {
        e->setMaximumWidth(110);
        e->setAlignment(Qt::AlignRight);
    }
    auto* dash2 = new QLabel(QStringLiteral("–"), this);
    top->addSpacing(8);
    top->addWidget(amountLabel_);
    top->addWidget(minAmount_);
    top->addWidget(dash2);
    top->addWidget(maxAmount_);
    top->addStretch(1);
    reset_ = new QPushButton(this);
    reset_->setObjectName(QStringLiteral("resetFiltersButton"));
    reset_->setFlat(true);
    top->addWidget(reset_);
    layout->addLayout(top);

    auto* chips = new QHBoxLayout;
    chips->setSpacing(4);
    statusLabel_ = new QLabel(this);
    chips->addWidget(statusLabel_);
    for (const auto status : protocol::allOrderStatuses()) {
        const QString name = wire(status);
        auto* chip = new QToolButton(this);
        chip->setObjectName(QStringLiteral("statusChip_") + name);
        chip->setCheckable(true);
        chip->setAutoRaise(false);
        chip->setProperty("statusChip", true);
        chip->setToolButtonStyle(Qt::ToolButtonTextOnly);
        Theme::apply(chip, [name] { return Theme::chipStyle(OrdersText::statusColor(name)); });
        connect(chip, &QToolButton::toggled, this, [this] { collect(); });
        chips_.insert(name, chip);
        chips->addWidget(chip);
    }
    chips->addStretch(1);
    layout->addLayout(chips);

    connect(search_, &SearchBox::searchChanged, this, [this] { collect(); });
    for (auto* d : {from_, to_}) {
        connect(d, &QDateEdit::dateChanged, this, [this] { collect(); });
    }
    for (auto* e : {minAmount_, maxAmount_}) {
        connect(e, &QLineEdit::editingFinished, this, [this] { collect(); });
        connect(e, &QLineEdit::textEdited, this, [e] { Theme::apply(e, {}); });
    }
    connect(reset_, &QPushButton::clicked, this, [this] {
        client::OrderFilter cleared;
        cleared.sort = filter_.sort;
        cleared.descending = filter_.descending;
        setFilter(cleared);
        emit filterChanged(filter_);
    });
    retranslateUi();
}

void OrderFilterBar::retranslateUi() {
    search_->setPlaceholderText(Orders::tr("Search order number, customer name or email (Ctrl+F)"));
    statusLabel_->setText(Orders::tr("Status:"));
    dateLabel_->setText(Orders::tr("Created:"));
    amountLabel_->setText(Orders::tr("Total:"));
    for (auto* d : {from_, to_}) {
        d->setSpecialValueText(Orders::tr("any date"));
        d->setDisplayFormat(QLocale().dateFormat(QLocale::ShortFormat));
    }
    from_->setToolTip(Orders::tr("Orders created on or after this day"));
    to_->setToolTip(Orders::tr("Orders created on or before this day"));
    const QString symbol = Format::currencySymbol(currency_);
    minAmount_->setPlaceholderText(Orders::tr("min %1").arg(symbol.trimmed()));
    maxAmount_->setPlaceholderText(Orders::tr("max %1").arg(symbol.trimmed()));
    reset_->setText(Orders::tr("Clear filters"));
    for (auto it = chips_.cbegin(); it != chips_.cend(); ++it) {
        it.value()->setText(OrdersText::statusName(it.key()));
    }
    showAmounts();
}

void OrderFilterBar::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) {
        retranslateUi();
    }
    QWidget::changeEvent(event);
}

void OrderFilterBar::setFilter(const client::OrderFilter& filter) {
    applying_ = true;
    filter_ = filter;
    search_->setSearch(filter.search);
    for (auto it = chips_.cbegin(); it != chips_.cend(); ++it) {
        it.value()->setChecked(filter.statuses.contains(it.key()));
    }
    from_->setDate(filter.from.isValid() ? filter.from : kNoDate);
    to_->setDate(filter.to.isValid() ? filter.to : kNoDate);
    showAmounts();
    applying_ = false;
}

void OrderFilterBar::showAmounts() {
    minAmount_->setText(filter_.minTotalMinor ? Format::amount(*filter_.minTotalMinor, currency_)
                                              : QString());
    maxAmount_->setText(filter_.maxTotalMinor ? Format::amount(*filter_.maxTotalMinor, currency_)
                                              : QString());
    Theme::apply(minAmount_, {});
    Theme::apply(maxAmount_, {});
}

bool OrderFilterBar::readAmount(QLineEdit* edit, std::optional<qint64>* out) {
    const QString text = edit->text().trimmed();
    if (text.isEmpty()) {
        out->reset();
        edit->setToolTip({});
        return true;
    }
    const auto minor = Format::parseAmount(text, currency_);
    if (!minor || *minor < 0) {
        Theme::apply(edit, [] {
            return QStringLiteral("QLineEdit { border: 1px solid %1; }")
                .arg(Theme::color(Theme::Role::Error).name());
        });
        edit->setToolTip(Orders::tr("Type an amount such as 199.00"));
        return false;
    }
    edit->setToolTip({});
    *out = *minor;
    return true;
}

void OrderFilterBar::collect() {
    if (applying_) {
        return;
    }
    client::OrderFilter f = filter_;
    f.search = search_->text().trimmed();
    f.statuses.clear();
    // In the protocol's order, whatever order they were clicked in.
    for (const auto status : protocol::allOrderStatuses()) {
        if (chips_.value(wire(status))->isChecked()) {
            f.statuses << wire(status);
        }
    }
    f.from = from_->date() == kNoDate ? QDate() : from_->date();
    f.to = to_->date() == kNoDate ? QDate() : to_->date();
    // A half-typed amount keeps the previous bound (f started as a copy) until it reads as money.
    readAmount(minAmount_, &f.minTotalMinor);
    readAmount(maxAmount_, &f.maxTotalMinor);
    if (f == filter_) {
        return;
    }
    filter_ = f;
    emit filterChanged(filter_);
}

}  // namespace opsdesk::widgets
