#include "widgets/finance/matcherview.h"

#include <QComboBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QSplitter>
#include <QTableView>
#include <QTreeWidget>
#include <QVBoxLayout>

#include "opsdesk/protocol/permissions.h"
#include "services-client/auth/session.h"
#include "services-client/finance/financeapi.h"
#include "services-client/finance/financemodels.h"
#include "widgets/common/format.h"
#include "widgets/common/messageline.h"
#include "widgets/common/pagedlistview.h"
#include "widgets/common/searchbox.h"
#include "widgets/common/theme.h"
#include "widgets/finance/financedialogs.h"
#include "widgets/finance/financetext.h"

namespace opsdesk::widgets {

using client::FinanceApi;
using client::LineListModel;
using client::LineRequest;
using client::PaymentListModel;
using client::StatementLine;

namespace {

QStringList statusesOf(int index) {
    switch (index) {
        case 1:
            return {QStringLiteral("unmatched"), QStringLiteral("suggested")};
        case 2:
            return {QStringLiteral("suggested")};
        case 3:
            return {QStringLiteral("unmatched")};
        case 4:
            return {QStringLiteral("matched")};
        case 5:
            return {QStringLiteral("excluded")};
    }
    return {};
}

QString paymentText(const client::FinancePayment& p) {
    return Finance::tr("%1 · %2 · %3 %4", "order number · amount · provider and its reference")
        .arg(p.orderNumber, Format::money(p.amountMinor, p.currency), p.provider, p.providerRef);
}

}  // namespace

MatcherView::MatcherView(FinanceApi* api, client::Session* session, QWidget* parent)
    : QWidget(parent), api_(api), session_(session) {
    model_ = new LineListModel(api_, this);
    payments_ = new PaymentListModel(api_, this);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto* top = new QHBoxLayout;
    back_ = new QPushButton(Finance::tr("‹ Statements"), this);
    back_->setObjectName(QStringLiteral("backButton"));
    top->addWidget(back_);
    title_ = new QLabel(this);
    title_->setObjectName(QStringLiteral("matcherTitle"));
    QFont bold = title_->font();
    bold.setBold(true);
    title_->setFont(bold);
    top->addWidget(title_);
    counts_ = new QLabel(this);
    counts_->setObjectName(QStringLiteral("matcherCounts"));
    top->addWidget(counts_, 1);
    top->addWidget(new QLabel(Finance::tr("Show:"), this));
    statusFilter_ = new QComboBox(this);
    statusFilter_->setObjectName(QStringLiteral("lineStatusFilter"));
    statusFilter_->addItems({Finance::tr("All lines"),
                             Finance::tr("To do (unmatched or suggested)"),
                             Finance::tr("Suggested"), Finance::tr("Unmatched"),
                             Finance::tr("Matched"), Finance::tr("Excluded")});
    top->addWidget(statusFilter_);
    autoMatch_ = new QPushButton(Finance::tr("Auto-match"), this);
    autoMatch_->setObjectName(QStringLiteral("autoMatchButton"));
    top->addWidget(autoMatch_);
    signOff_ = new QPushButton(Finance::tr("Sign off…"), this);
    signOff_->setObjectName(QStringLiteral("signOffButton"));
    top->addWidget(signOff_);
    reopen_ = new QPushButton(Finance::tr("Reopen…"), this);
    reopen_->setObjectName(QStringLiteral("reopenButton"));
    top->addWidget(reopen_);
    layout->addLayout(top);
    message_ = new MessageLine(QStringLiteral("matcherMessage"), this);
    layout->addWidget(message_);

    auto* splitter = new QSplitter(this);
    table_ = new QTableView(splitter);
    table_->setObjectName(QStringLiteral("linesTable"));
    table_->setModel(model_);
    PagedListView::setUpTable(table_);
    table_->setSelectionMode(QAbstractItemView::SingleSelection);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->horizontalHeader()->setStretchLastSection(false);
    table_->horizontalHeader()->setSectionResizeMode(LineListModel::CounterpartyColumn,
                                                     QHeaderView::Stretch);
    table_->setColumnWidth(LineListModel::PositionColumn, 60);
    table_->setColumnWidth(LineListModel::BookedColumn, 100);
    table_->setColumnWidth(LineListModel::AmountColumn, 120);
    table_->setColumnWidth(LineListModel::ReferenceColumn, 170);
    table_->setColumnWidth(LineListModel::StatusColumn, 100);
    model_->setTexts({
        [](int column) -> QString {
            switch (column) {
                case LineListModel::PositionColumn:
                    return Finance::tr("#", "line number in the statement");
                case LineListModel::BookedColumn:
                    return Finance::tr("Booked");
                case LineListModel::AmountColumn:
                    return Finance::tr("Amount");
                case LineListModel::CounterpartyColumn:
                    return Finance::tr("Counterparty");
                case LineListModel::ReferenceColumn:
                    return Finance::tr("Reference");
                case LineListModel::StatusColumn:
                    return Finance::tr("Status");
            }
            return {};
        },
        [](const StatementLine& l, int column, int role) -> QVariant {
            if (role == Qt::DisplayRole) {
                switch (column) {
                    case LineListModel::PositionColumn:
                        return QLocale().toString(l.position);
                    case LineListModel::BookedColumn:
                        return Format::date(l.bookedAt);
                    case LineListModel::AmountColumn:
                        return Format::money(l.amountMinor, l.currency);
                    case LineListModel::CounterpartyColumn:
                        return l.counterparty.isEmpty() ? l.remittance : l.counterparty;
                    case LineListModel::ReferenceColumn:
                        return l.reference.isEmpty() ? l.bankReference : l.reference;
                    case LineListModel::StatusColumn:
                        return l.suggestions.isEmpty() || l.status != QLatin1String("suggested")
                                   ? FinanceText::lineStatus(l.status)
                                   : Finance::tr("Suggested (%1)", "status with the best score")
                                         .arg(l.suggestions.first().score);
                }
            } else if (role == Qt::ForegroundRole && column == LineListModel::StatusColumn) {
                return FinanceText::lineStatusColor(l.status);
            } else if (role == Qt::TextAlignmentRole && (column == LineListModel::AmountColumn ||
                                                         column == LineListModel::PositionColumn)) {
                return QVariant::fromValue(Qt::Alignment(Qt::AlignRight | Qt::AlignVCenter));
            } else if (role == Qt::ToolTipRole && !l.note.isEmpty()) {
                return Finance::tr("Note: %1").arg(l.note);
            }
            return {};
        },
    });
    PagedListView::bind(table_, model_, [] { return Finance::tr("Loading lines…"); });
    splitter->addWidget(table_);

    auto* side = new QWidget(splitter);
    auto* sideLayout = new QVBoxLayout(side);
    sideLayout->setContentsMargins(0, 0, 0, 0);
    lineDetail_ = new QLabel(side);
    lineDetail_->setObjectName(QStringLiteral("lineDetail"));
    lineDetail_->setWordWrap(true);
    lineDetail_->setTextFormat(Qt::RichText);
    lineDetail_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    sideLayout->addWidget(lineDetail_);
    auto* suggestionsLabel = new QLabel(Finance::tr("Candidate payments"), side);
    suggestionsLabel->setFont(bold);
    sideLayout->addWidget(suggestionsLabel);
    suggestions_ = new QTreeWidget(side);
    suggestions_->setObjectName(QStringLiteral("suggestionsTree"));
    suggestions_->setRootIsDecorated(false);
    suggestions_->setWordWrap(true);
    suggestions_->setUniformRowHeights(false);
    suggestions_->setHeaderLabels(
        {Finance::tr("Score"), Finance::tr("Rule"), Finance::tr("Payments"), Finance::tr("Why")});
    suggestions_->setColumnWidth(0, 50);
    suggestions_->setColumnWidth(1, 130);
    suggestions_->setColumnWidth(2, 220);
    suggestions_->setFocusPolicy(Qt::NoFocus);
    sideLayout->addWidget(suggestions_, 2);
    auto* actions = new QHBoxLayout;
    accept_ = new QPushButton(Finance::tr("Accept (Enter)"), side);
    accept_->setObjectName(QStringLiteral("acceptButton"));
    reject_ = new QPushButton(Finance::tr("Exclude… (X)"), side);
    reject_->setObjectName(QStringLiteral("rejectButton"));
    reject_->setToolTip(
        Finance::tr("Reject the suggestions: the line is not a payment of the "
                    "shop (a bank fee, interest); asks why."));
    unmatch_ = new QPushButton(Finance::tr("Unmatch (U)"), side);
    unmatch_->setObjectName(QStringLiteral("unmatchButton"));
    note_ = new QPushButton(Finance::tr("Note… (N)"), side);
    note_->setObjectName(QStringLiteral("noteButton"));
    for (auto* b : {accept_, reject_, unmatch_, note_}) {
        b->setFocusPolicy(Qt::NoFocus);
        actions->addWidget(b);
    }
    actions->addStretch(1);
    sideLayout->addLayout(actions);

    auto* paymentsLabel = new QLabel(Finance::tr("Match by hand: find unmatched payments"), side);
    paymentsLabel->setFont(bold);
    sideLayout->addWidget(paymentsLabel);
    auto* search = new QHBoxLayout;
    paymentSearch_ = new SearchBox(QStringLiteral("paymentSearch"), side);
    paymentSearch_->setPlaceholderText(Finance::tr("Order number or payment reference"));
    amountSearch_ = new QLineEdit(side);
    amountSearch_->setObjectName(QStringLiteral("amountSearch"));
    amountSearch_->setPlaceholderText(Finance::tr("Amount"));
    amountSearch_->setMaximumWidth(110);
    sameAmount_ = new QPushButton(Finance::tr("Line's amount"), side);
    sameAmount_->setObjectName(QStringLiteral("sameAmountButton"));
    sameAmount_->setFocusPolicy(Qt::NoFocus);
    search->addWidget(paymentSearch_, 1);
    search->addWidget(amountSearch_);
    search->addWidget(sameAmount_);
    sideLayout->addLayout(search);
    paymentsTable_ = new QTableView(side);
    paymentsTable_->setObjectName(QStringLiteral("paymentsTable"));
    paymentsTable_->setModel(payments_);
    PagedListView::setUpTable(paymentsTable_);
    paymentsTable_->setSelectionMode(QAbstractItemView::ExtendedSelection);
    paymentsTable_->setSelectionBehavior(QAbstractItemView::SelectRows);
    payments_->setTexts({
        [](int column) -> QString {
            switch (column) {
                case PaymentListModel::OrderColumn:
                    return Finance::tr("Order");
                case PaymentListModel::ReferenceColumn:
                    return Finance::tr("Payment reference");
                case PaymentListModel::AmountColumn:
                    return Finance::tr("Amount");
                case PaymentListModel::OpenColumn:
                    return Finance::tr("Open", "amount not yet accounted for by a line");
                case PaymentListModel::CapturedColumn:
                    return Finance::tr("Captured");
                case PaymentListModel::StateColumn:
                    return Finance::tr("State");
            }
            return {};
        },
        [](const client::FinancePayment& p, int column, int role) -> QVariant {
            if (role == Qt::DisplayRole) {
                switch (column) {
                    case PaymentListModel::OrderColumn:
                        return p.orderNumber;
                    case PaymentListModel::ReferenceColumn:
                        return QStringLiteral("%1 %2").arg(p.provider, p.providerRef);
                    case PaymentListModel::AmountColumn:
                        return Format::money(p.amountMinor, p.currency);
                    case PaymentListModel::OpenColumn:
                        return Format::money(p.openMinor(), p.currency);
                    case PaymentListModel::CapturedColumn:
                        return Format::dateTime(p.capturedAt);
                    case PaymentListModel::StateColumn:
                        return p.matchState == QLatin1String("partial")
                                   ? Finance::tr("Partly matched")
                               : p.matchState == QLatin1String("matched")
                                   ? Finance::tr("Matched")
                                   : Finance::tr("Unmatched");
                }
            } else if (role == Qt::TextAlignmentRole && (column == PaymentListModel::AmountColumn ||
                                                         column == PaymentListModel::OpenColumn)) {
                return QVariant::fromValue(Qt::Alignment(Qt::AlignRight | Qt::AlignVCenter));
            }
            return {};
        },
    });
    PagedListView::bind(paymentsTable_, payments_, [] { return Finance::tr("Loading payments…"); });
    sideLayout->addWidget(paymentsTable_, 3);
    matchSelected_ = new QPushButton(Finance::tr("Match selected payments (M)"), side);
    matchSelected_->setObjectName(QStringLiteral("matchSelectedButton"));
    matchSelected_->setFocusPolicy(Qt::NoFocus);
    sideLayout->addWidget(matchSelected_, 0, Qt::AlignLeft);
    auto* keys = new QLabel(Finance::tr("Keys: J next line · K previous line · Enter accept · X "
                                        "exclude · M match selected · U unmatch · N note"),
                            side);
    Theme::setTextColor(keys, Theme::Role::Muted);
    keys->setWordWrap(true);
    sideLayout->addWidget(keys);
    splitter->addWidget(side);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    splitter->setChildrenCollapsible(false);
    layout->addWidget(splitter, 1);

    table_->installEventFilter(this);
    paymentsTable_->installEventFilter(this);

    connect(back_, &QPushButton::clicked, this, &MatcherView::backRequested);
    connect(statusFilter_, &QComboBox::currentIndexChanged, this, &MatcherView::applyStatuses);
    connect(autoMatch_, &QPushButton::clicked, this, &MatcherView::autoMatch);
    connect(signOff_, &QPushButton::clicked, this, &MatcherView::signOff);
    connect(reopen_, &QPushButton::clicked, this, &MatcherView::reopen);
    connect(accept_, &QPushButton::clicked, this, &MatcherView::acceptTopSuggestion);
    connect(reject_, &QPushButton::clicked, this, &MatcherView::rejectCurrent);
    connect(unmatch_, &QPushButton::clicked, this, &MatcherView::unmatchCurrent);
    connect(note_, &QPushButton::clicked, this, &MatcherView::editNote);
    connect(matchSelected_, &QPushButton::clicked, this, &MatcherView::matchSelectedPayments);
    connect(paymentSearch_, &SearchBox::searchChanged, this, &MatcherView::searchPayments);
    connect(amountSearch_, &QLineEdit::editingFinished, this, &MatcherView::searchPayments);
    connect(sameAmount_, &QPushButton::clicked, this, [this] {
        if (const auto line = currentLine()) {
            amountSearch_->setText(Format::amount(line->amountMinor, line->currency));
            searchPayments();
        }
    });
    connect(table_->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &MatcherView::showCurrentLine);
    connect(paymentsTable_->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &MatcherView::updateActions);
    // The current row's item may change in place (an answer, someone else's change).
    connect(model_, &QAbstractItemModel::dataChanged, this,
            [this](const QModelIndex& topLeft, const QModelIndex& bottomRight) {
                const int row = currentRow();
                if (row >= topLeft.row() && row <= bottomRight.row()) {
                    showCurrentLine();
                }
            });
    connect(model_, &client::PagedListModel::pageLoaded, this, [this] {
        focusWanted();
        if (currentRow() < 0 && model_->itemRowCount() > 0 && !focusLineId_) {
            table_->setCurrentIndex(model_->index(0, 0));
        }
    });
    liveDelay_.setSingleShot(true);
    liveDelay_.setInterval(std::chrono::milliseconds(250));
    connect(&liveDelay_, &QTimer::timeout, this, [this] {
        loadStatement();
        const int first = qMax(0, table_->rowAt(0));
        int last = table_->rowAt(table_->viewport()->height() - 1);
        if (last < 0) {
            last = model_->itemRowCount() - 1;
        }
        model_->refreshRows(qMin(first, qMax(0, currentRow())), qMax(last, currentRow()));
    });
    updateActions();
}

MatcherView::~MatcherView() = default;

void MatcherView::openStatement(qint64 statementId, qint64 focusLineId, qint64 focusPosition) {
    statementId_ = statementId;
    focusLineId_ = focusLineId;
    focusPosition_ = focusPosition;
    statement_.reset();
    message_->clear();
    title_->clear();
    counts_->clear();
    lineDetail_->clear();
    suggestions_->clear();
    model_->setStatement(statementId, statusesOf(statusFilter_->currentIndex()));
    if (!payments_->isStarted()) {
        payments_->setFilter(payments_->filter());
    }
    loadStatement();
    updateActions();
    table_->setFocus(Qt::OtherFocusReason);
}

void MatcherView::statementUpdated() {
    liveDelay_.start();
}

void MatcherView::loadStatement() {
    if (statementId_ <= 0) {
        return;
    }
    auto* r = api_->statement(statementId_);
    const qint64 id = statementId_;
    connect(r, &client::ApiRequest::finished, this, [this, r, id] {
        if (id != statementId_) {
            return;
        }
        if (r->succeededOutcome()) {
            statement_ = r->statement();
            showStatement();
        } else {
            message_->showError(FinanceText::refusal(r->error(), currency()));
        }
    });
}

void MatcherView::showStatement() {
    if (!statement_) {
        return;
    }
    const auto& s = *statement_;
    title_->setText(Finance::tr("%1 · %2 to %3 · %4")
                        .arg(s.account, Format::date(s.from), Format::date(s.to),
                             FinanceText::statementStatus(s.status)));
    counts_->setText(Finance::tr("%1 matched · %2 suggested · %3 unmatched · %4 excluded")
                         .arg(QLocale().toString(s.matched), QLocale().toString(s.suggested),
                              QLocale().toString(s.unmatched), QLocale().toString(s.excluded)));
    if (s.isClosed()) {
        message_->showInfo(
            Finance::tr("Signed off by %1 on %2: read-only until an approver reopens it.")
                .arg(s.signedOffBy, Format::dateTime(s.signedOffAt)));
    } else if (message_->tone() == Theme::Tone::Info) {
        message_->clear();
    }
    updateActions();
}

std::optional<StatementLine> MatcherView::currentLine() const {
    const int row = currentRow();
    return row >= 0 ? model_->itemAt(row) : std::nullopt;
}

int MatcherView::currentRow() const {
    const QModelIndex current = table_->currentIndex();
    return current.isValid() ? current.row() : -1;
}

QString MatcherView::currency() const {
    return statement_ ? statement_->currency : QString();
}

bool MatcherView::canReconcile() const {
    return session_ && session_->can(protocol::Permission::FinanceReconcile);
}

bool MatcherView::canApprove() const {
    return session_ && session_->can(protocol::Permission::FinanceApprove);
}

bool MatcherView::isClosed() const {
    return statement_ && statement_->isClosed();
}

void MatcherView::updateActions() {
    const auto line = currentLine();
    const bool edit = canReconcile() && statement_ && !isClosed();
    const QString status = line ? line->status : QString();
    accept_->setEnabled(edit && line && !line->suggestions.isEmpty() &&
                        status != QLatin1String("matched") && status != QLatin1String("excluded"));
    reject_->setEnabled(edit && line && status != QLatin1String("matched") &&
                        status != QLatin1String("excluded"));
    unmatch_->setEnabled(
        edit && line &&
        (status == QLatin1String("matched") || status == QLatin1String("excluded")));
    note_->setEnabled(edit && line);
    matchSelected_->setEnabled(edit && line && status != QLatin1String("matched") &&
                               paymentsTable_->selectionModel()->hasSelection());
    autoMatch_->setEnabled(edit);
    autoMatch_->setVisible(canReconcile());
    signOff_->setVisible(canApprove());
    signOff_->setEnabled(canApprove() && statement_ && !isClosed());
    reopen_->setVisible(canApprove() && isClosed());
    for (auto* b : {accept_, reject_, unmatch_, note_, matchSelected_}) {
        b->setVisible(canReconcile());
    }
}

void MatcherView::showCurrentLine() {
    suggestions_->clear();
    const auto line = currentLine();
    updateActions();
    if (!line) {
        lineDetail_->setText(currentRow() >= 0 ? Finance::tr("Loading this line…") : QString());
        return;
    }
    const auto& l = *line;
    QStringList parts;
    const auto add = [&parts](const QString& label, const QString& value) {
        if (!value.isEmpty()) {
            parts
                << QStringLiteral("<b>%1</b> %2").arg(label.toHtmlEscaped(), value.toHtmlEscaped());
        }
    };
    add(Finance::tr("Amount:"), Format::money(l.amountMinor, l.currency));
    if (l.feeMinor) {
        add(Finance::tr("Fee:"), Format::money(*l.feeMinor, l.currency));
    }
    if (l.grossMinor) {
        add(Finance::tr("Gross:"), Format::money(*l.grossMinor, l.currency));
    }
    add(Finance::tr("Booked:"), Format::date(l.bookedAt));
    if (l.valueDate.isValid() && l.valueDate != l.bookedAt) {
        add(Finance::tr("Value date:"), Format::date(l.valueDate));
    }
    add(Finance::tr("Counterparty:"), l.counterparty);
    add(Finance::tr("Reference:"), l.reference);
    add(Finance::tr("Bank reference:"), l.bankReference);
    add(Finance::tr("Remittance:"), l.remittance);
    add(Finance::tr("Status:"), FinanceText::lineStatus(l.status));
    if (l.status == QLatin1String("matched") || l.status == QLatin1String("excluded")) {
        add(Finance::tr("By:"), Finance::tr("%1 (%2), %3")
                                    .arg(l.matchedBy, FinanceText::ruleName(l.matchRule),
                                         Format::dateTime(l.matchedAt)));
    }
    if (l.writeOffMinor != 0) {
        add(Finance::tr("Written off:"),
            Finance::tr("%1 (%2)").arg(Format::money(l.writeOffMinor, l.currency),
                                       l.writeOffReason));
    } else if (l.status == QLatin1String("excluded")) {
        add(Finance::tr("Why excluded:"), l.writeOffReason);
    }
    add(Finance::tr("Note:"), l.note);
    lineDetail_->setText(parts.join(QStringLiteral("<br>")));

    const auto addRow = [this, &l](const QString& score, const QString& rule,
                                   const QList<qint64>& ids, const QString& why) {
        QStringList pays;
        for (qint64 id : ids) {
            const auto* p = l.payment(id);
            pays << (p ? paymentText(*p) : Finance::tr("payment %1").arg(id));
        }
        auto* item =
            new QTreeWidgetItem(suggestions_, {score, rule, pays.join(QLatin1Char('\n')), why});
        item->setToolTip(3, why);
        item->setTextAlignment(0, Qt::AlignRight | Qt::AlignTop);
    };
    if (l.status == QLatin1String("matched")) {
        addRow(QString(), FinanceText::ruleName(l.matchRule), l.matchedPaymentIds,
               FinanceText::reasons(l.matchReasons, l.currency));
        return;
    }
    for (const auto& s : l.suggestions) {
        QString why = FinanceText::reasons(s.reasons, l.currency);
        if (s.writeOffMinor != 0) {
            why = Finance::tr("%1 — accepting writes off %2 with a reason")
                      .arg(why, Format::money(s.writeOffMinor, l.currency));
        }
        addRow(QLocale().toString(s.score), FinanceText::ruleName(s.rule), s.paymentIds, why);
    }
    if (l.suggestions.isEmpty() && l.status != QLatin1String("excluded")) {
        auto* none = new QTreeWidgetItem(
            suggestions_, {QString(), Finance::tr("No suggestion: find the payments below and "
                                                  "match them with M.")});
        none->setFirstColumnSpanned(true);
    }
}

void MatcherView::moveBy(int rows) {
    const int count = model_->itemRowCount();
    if (count == 0) {
        return;
    }
    const int from = currentRow();
    int to = qBound(0, (from < 0 ? 0 : from + rows), count - 1);
    if (from >= 0 && from + rows >= count && model_->canFetchMore({})) {
        model_->fetchMore({});
    }
    const QModelIndex index = model_->index(to, qMax(0, table_->currentIndex().column()));
    table_->selectionModel()->setCurrentIndex(
        index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    table_->scrollTo(index);
}

bool MatcherView::refuseWhenClosed() {
    if (!canReconcile()) {
        message_->showWarning(
            Finance::tr("You may look at this statement but not match its "
                        "lines."));
        return true;
    }
    if (!statement_) {
        return true;
    }
    if (isClosed()) {
        message_->showWarning(
            Finance::tr("This statement is signed off. Reopen it before "
                        "changing its matches."));
        return true;
    }
    return false;
}

void MatcherView::acceptTopSuggestion() {
    const auto line = currentLine();
    if (!line || refuseWhenClosed()) {
        return;
    }
    if (line->suggestions.isEmpty() || line->status == QLatin1String("matched") ||
        line->status == QLatin1String("excluded")) {
        message_->showWarning(
            Finance::tr("Line %1 has no suggestion to accept.").arg(line->position));
        return;
    }
    const auto top = line->suggestions.first();
    if (top.writeOffMinor != 0) {
        askWriteOff(line->id, top.paymentIds, top.writeOffMinor);
        return;
    }
    sendMatch(line->id, top.paymentIds, std::nullopt, {}, false);
    moveBy(1);
}

void MatcherView::askWriteOff(qint64 lineId, const QList<qint64>& paymentIds, qint64 difference) {
    auto* dialog = new ReasonDialog(
        Finance::tr("Write off a difference"),
        Finance::tr("The line and the payments differ by %1. Say why the difference is "
                    "written off:")
            .arg(Format::money(difference, currency())),
        this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setObjectName(QStringLiteral("writeOffDialog"));
    connect(dialog, &QDialog::accepted, this, [this, dialog, lineId, paymentIds, difference] {
        sendMatch(lineId, paymentIds, difference, dialog->text(), false);
        moveBy(1);
    });
    dialog->open();
}

void MatcherView::sendMatch(qint64 lineId, const QList<qint64>& paymentIds,
                            std::optional<qint64> writeOff, const QString& reason,
                            bool askOnDifference) {
    auto* r = api_->match(lineId, paymentIds, writeOff, reason);
    connect(r, &client::ApiRequest::finished, this, [this, r, lineId, paymentIds, askOnDifference] {
        const auto& e = r->error();
        if (!r->succeededOutcome() && askOnDifference &&
            e.is(protocol::ErrorCode::ValidationFailed) &&
            e.details.contains(QLatin1String("difference_minor"))) {
            askWriteOff(lineId, paymentIds,
                        e.details.value(QLatin1String("difference_minor")).toInteger());
            return;
        }
        lineAnswered(r);
    });
}

void MatcherView::lineAnswered(QObject* object) {
    auto* r = static_cast<LineRequest*>(object);
    if (r->succeededOutcome()) {
        model_->apply(r->line());
        const auto& l = r->line();
        const QString what = l.status == QLatin1String("matched")
                                 ? Finance::tr("Line %1 matched.").arg(l.position)
                             : l.status == QLatin1String("excluded")
                                 ? Finance::tr("Line %1 excluded.").arg(l.position)
                                 : Finance::tr("Line %1 saved.").arg(l.position);
        message_->showSuccess(what);
        loadStatement();
        if (!paymentsTable_->selectionModel()->selection().isEmpty()) {
            paymentsTable_->clearSelection();
        }
        if (payments_->isStarted()) {
            payments_->reload();
        }
        emit statementChanged(statementId_);
        return;
    }
    const int row = model_->rowOfId(r->lineId());
    const auto line = row >= 0 ? model_->itemAt(row) : std::nullopt;
    message_->showError(Finance::tr("Line %1: %2")
                            .arg(line ? QString::number(line->position) : QString())
                            .arg(FinanceText::refusal(r->error(), currency())));
}

void MatcherView::rejectCurrent() {
    const auto line = currentLine();
    if (!line || refuseWhenClosed()) {
        return;
    }
    if (line->status == QLatin1String("matched")) {
        message_->showWarning(Finance::tr("Line %1 is matched; unmatch it (U) before excluding "
                                          "it.")
                                  .arg(line->position));
        return;
    }
    if (line->status == QLatin1String("excluded")) {
        return;
    }
    auto* dialog = new ReasonDialog(
        Finance::tr("Exclude line %1").arg(line->position),
        Finance::tr("The suggestions are rejected and the line is kept out of the matching: it "
                    "is not a payment of the shop (a bank fee, interest, a transfer). Why?"),
        this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setObjectName(QStringLiteral("excludeDialog"));
    const qint64 id = line->id;
    connect(dialog, &QDialog::accepted, this, [this, dialog, id] {
        auto* r = api_->exclude(id, dialog->text());
        connect(r, &client::ApiRequest::finished, this, [this, r] { lineAnswered(r); });
        moveBy(1);
    });
    dialog->open();
}

void MatcherView::matchSelectedPayments() {
    const auto line = currentLine();
    if (!line || refuseWhenClosed()) {
        return;
    }
    QList<qint64> ids;
    for (const QModelIndex& index : paymentsTable_->selectionModel()->selectedRows()) {
        if (const auto p = payments_->itemAt(index.row())) {
            ids << p->id;
        }
    }
    if (ids.isEmpty()) {
        message_->showWarning(Finance::tr("Select the payments of line %1 in the payments pane "
                                          "first (Ctrl+click for several).")
                                  .arg(line->position));
        return;
    }
    if (line->status == QLatin1String("matched")) {
        message_->showWarning(
            Finance::tr("Line %1 is matched already; unmatch it (U) first.").arg(line->position));
        return;
    }
    sendMatch(line->id, ids, std::nullopt, {}, true);
    table_->setFocus(Qt::OtherFocusReason);
}

void MatcherView::unmatchCurrent() {
    const auto line = currentLine();
    if (!line || refuseWhenClosed()) {
        return;
    }
    if (line->status != QLatin1String("matched") && line->status != QLatin1String("excluded")) {
        return;
    }
    auto* r = api_->unmatch(line->id);
    connect(r, &client::ApiRequest::finished, this, [this, r] { lineAnswered(r); });
}

void MatcherView::editNote() {
    const auto line = currentLine();
    if (!line || refuseWhenClosed()) {
        return;
    }
    auto* dialog = new ReasonDialog(
        Finance::tr("Note on line %1").arg(line->position),
        Finance::tr("A note for whoever looks at this line (empty removes it):"), this, 2000, true);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setObjectName(QStringLiteral("noteDialog"));
    dialog->setText(line->note);
    const qint64 id = line->id;
    connect(dialog, &QDialog::accepted, this, [this, dialog, id] {
        auto* r = api_->setNote(id, dialog->text());
        connect(r, &client::ApiRequest::finished, this, [this, r] { lineAnswered(r); });
    });
    dialog->open();
}

void MatcherView::autoMatch() {
    if (refuseWhenClosed()) {
        return;
    }
    autoMatch_->setEnabled(false);
    message_->showInfo(Finance::tr("Running the matching rules…"));
    auto* r = api_->autoMatch(statementId_);
    connect(r, &client::ApiRequest::finished, this, [this, r] {
        updateActions();
        if (!r->succeededOutcome()) {
            message_->showError(FinanceText::refusal(r->error(), currency()));
            return;
        }
        const auto& c = r->result();
        message_->showSuccess(
            Finance::tr("Auto-match: %1 matched, %2 with suggestions, %3 left unmatched.")
                .arg(QLocale().toString(c.matched), QLocale().toString(c.suggested),
                     QLocale().toString(c.unmatched)));
        statementUpdated();
        emit statementChanged(statementId_);
    });
}

void MatcherView::signOff() {
    if (!statement_ || !canApprove()) {
        return;
    }
    auto* dialog = new SignOffDialog(api_, *statement_, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &SignOffDialog::signedOff, this, [this](const client::Statement& s) {
        statement_ = s;
        showStatement();
        showCurrentLine();
        emit statementChanged(statementId_);
    });
    dialog->open();
}

void MatcherView::reopen() {
    if (!statement_ || !canApprove()) {
        return;
    }
    auto* dialog = new ReasonDialog(
        Finance::tr("Reopen statement"),
        Finance::tr("Reopening lets its matches change again; the sign-off has to be made anew. "
                    "Why is it reopened?"),
        this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setObjectName(QStringLiteral("reopenDialog"));
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        auto* r = api_->reopen(statementId_, statement_->version, dialog->text());
        connect(r, &client::ApiRequest::finished, this, [this, r] {
            if (!r->succeededOutcome()) {
                message_->showError(FinanceText::refusal(r->error(), currency()));
                return;
            }
            statement_ = r->statement();
            message_->clear();
            showStatement();
            showCurrentLine();
            emit statementChanged(statementId_);
        });
    });
    dialog->open();
}

void MatcherView::applyStatuses() {
    if (statementId_ > 0) {
        openStatement(statementId_);
    }
}

void MatcherView::searchPayments() {
    client::PaymentFilter filter;
    filter.search = paymentSearch_->search().trimmed();
    const QString amount = amountSearch_->text().trimmed();
    if (!amount.isEmpty()) {
        filter.amountMinor =
            Format::parseAmount(amount, currency().isEmpty() ? QStringLiteral("CNY") : currency());
        if (!filter.amountMinor) {
            message_->showWarning(Finance::tr("“%1” is not an amount.").arg(amount));
            return;
        }
    }
    if (filter != payments_->filter() || !payments_->isStarted()) {
        payments_->setFilter(filter);
    }
}

void MatcherView::focusWanted() {
    if (!focusLineId_) {
        return;
    }
    const int row = model_->rowOfId(focusLineId_);
    if (row >= 0) {
        focusLineId_ = 0;
        const QModelIndex index = model_->index(row, 0);
        table_->selectionModel()->setCurrentIndex(
            index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        table_->scrollTo(index, QAbstractItemView::PositionAtCenter);
        return;
    }
    const auto last = model_->itemAt(model_->itemRowCount() - 1);
    if (model_->canFetchMore({}) && (!last || last->position < focusPosition_)) {
        model_->fetchMore({});
    } else if (!model_->isLoading()) {
        focusLineId_ = 0;
    }
}

bool MatcherView::eventFilter(QObject* watched, QEvent* event) {
    if (event->type() == QEvent::KeyPress && (watched == table_ || watched == paymentsTable_)) {
        auto* key = static_cast<QKeyEvent*>(event);
        const auto mods = key->modifiers() & ~Qt::KeypadModifier;
        if (mods != Qt::NoModifier) {
            return QWidget::eventFilter(watched, event);
        }
        switch (key->key()) {
            case Qt::Key_J:
                moveBy(1);
                return true;
            case Qt::Key_K:
                moveBy(-1);
                return true;
            case Qt::Key_Return:
            case Qt::Key_Enter:
                if (watched == table_) {
                    acceptTopSuggestion();
                    return true;
                }
                break;
            case Qt::Key_X:
                rejectCurrent();
                return true;
            case Qt::Key_M:
                matchSelectedPayments();
                return true;
            case Qt::Key_U:
                unmatchCurrent();
                return true;
            case Qt::Key_N:
                editNote();
                return true;
            default:
                break;
        }
    }
    return QWidget::eventFilter(watched, event);
}

void MatcherView::changeEvent(QEvent* event) {
    if (event->type() == QEvent::PaletteChange) {
        model_->refreshPresentation();
    }
    QWidget::changeEvent(event);
}

}  // namespace opsdesk::widgets
