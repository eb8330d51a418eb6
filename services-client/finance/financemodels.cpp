#include "services-client/finance/financemodels.h"

#include <QLoggingCategory>

namespace opsdesk::client {

Q_LOGGING_CATEGORY(lcFinance, "opsdesk.finance")

namespace {

QVariant rightAligned() {
    return QVariant::fromValue(Qt::Alignment(Qt::AlignRight | Qt::AlignVCenter));
}

QString plainMoney(qint64 minor, const QString& currency) {
    return QStringLiteral("%1 %2").arg(minor).arg(currency);
}

// The most pages one refresh reads while looking for the rows on screen (a narrow filter can
// leave many lines between two of its rows).
constexpr int kMaxRefreshPages = 8;

}  // namespace

// ---------------------------------------------------------------------------------------------
// Statements

StatementListModel::StatementListModel(FinanceApi* api, QObject* parent)
    : PagedListModelOf(parent), api_(api) {
    setPageSize(100);
}

void StatementListModel::setFilter(const StatementFilter& filter) {
    filter_ = filter;
    reload();
}

bool StatementListModel::matchesFilter(const StatementFilter& filter, const Statement& s) {
    return (filter.status.isEmpty() || filter.status == s.status) &&
           (filter.account.isEmpty() || filter.account == s.account);
}

int StatementListModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

ItemPageRequest<Statement>* StatementListModel::requestItems(const QByteArray& cursor, int limit) {
    return api_ ? api_->statements(filter_, cursor, limit) : nullptr;
}

QVariant StatementListModel::itemData(const Statement& s, int column, int role) const {
    if (role == StatusRole) {
        return s.status;
    }
    if (role == Qt::TextAlignmentRole && column >= LinesColumn && column <= TotalColumn) {
        return rightAligned();
    }
    return PagedListModelOf::itemData(s, column, role);
}

QVariant StatementListModel::plainCell(const Statement& s, int column, int role) const {
    if (role != Qt::DisplayRole) {
        return {};
    }
    switch (column) {
        case AccountColumn:
            return s.account;
        case PeriodColumn:
            return QStringLiteral("%1 – %2").arg(s.from.toString(Qt::ISODate),
                                                 s.to.toString(Qt::ISODate));
        case ReferenceColumn:
            return s.statementRef;
        case LinesColumn:
            return s.lineCount;
        case MatchedColumn:
            return s.matched;
        case SuggestedColumn:
            return s.suggested;
        case UnmatchedColumn:
            return s.unmatched;
        case TotalColumn:
            return plainMoney(s.linesTotalMinor, s.currency);
        case StatusColumn:
            return s.status;
    }
    return {};
}

QString StatementListModel::plainHeader(int column) const {
    static const char* const names[] = {"account",   "period",  "statement_ref",
                                        "lines",     "matched", "suggested",
                                        "unmatched", "total",   "status"};
    return column >= 0 && column < ColumnCount ? QString::fromLatin1(names[column]) : QString();
}

QVariant StatementListModel::headerExtra(int column, int role) const {
    if (role == Qt::TextAlignmentRole && column >= LinesColumn && column <= TotalColumn) {
        return rightAligned();
    }
    return {};
}

// ---------------------------------------------------------------------------------------------
// Lines

LineListModel::LineListModel(FinanceApi* api, QObject* parent)
    : PagedListModelOf(parent), api_(api) {
    setPageSize(500);
    setMaxLoadedPages(10);
}

void LineListModel::setStatement(qint64 statementId, const QStringList& statuses) {
    statementId_ = statementId;
    statuses_ = statuses;
    cursors_.clear();
    if (refresh_) {
        refresh_->abort();
    }
    reload();
}

void LineListModel::setStatuses(const QStringList& statuses) {
    setStatement(statementId_, statuses);
}

int LineListModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

ItemPageRequest<StatementLine>* LineListModel::requestItems(const QByteArray& cursor, int limit) {
    if (!api_ || statementId_ <= 0) {
        return nullptr;
    }
    auto* request = api_->lines(statementId_, statuses_, cursor, limit);
    QPointer<LineListModel> self(this);
    const QStringList statuses = statuses_;
    connect(request, &ApiRequest::succeeded, this, [self, request, cursor, statuses] {
        if (self && statuses == self->statuses_ && !request->items().isEmpty()) {
            self->cursors_.insert(request->items().first().position, cursor);
        }
    });
    return request;
}

void LineListModel::refreshRows(int first, int last) {
    if (!api_ || statementId_ <= 0) {
        return;
    }
    if (refresh_) {
        // One at a time; the latest wish is read once this one is done.
        refreshAgain_ = true;
        againFirst_ = first;
        againLast_ = last;
        return;
    }
    qint64 firstPosition = -1;
    qint64 lastPosition = -1;
    for (int row = qMax(0, first); row <= last && row < itemRowCount(); ++row) {
        if (const auto line = itemAt(row)) {
            if (firstPosition < 0) {
                firstPosition = line->position;
            }
            lastPosition = line->position;
        }
    }
    if (firstPosition < 0) {
        emit rowsRefreshed(0);
        return;
    }
    auto it = cursors_.upperBound(firstPosition);
    if (it == cursors_.begin()) {
        emit rowsRefreshed(0);
        return;
    }
    --it;
    refreshFrom(it.value(), lastPosition, 0, 0);
}

void LineListModel::refreshFrom(const QByteArray& cursor, qint64 lastPosition, int hops,
                                int changed) {
    // Every status: a line that left the filter keeps its row and shows what it is now.
    auto* request = api_->lines(statementId_, {}, cursor, pageSize());
    refresh_ = request;
    const qint64 statement = statementId_;
    connect(
        request, &ApiRequest::finished, this,
        [this, request, lastPosition, hops, changed, statement] {
            int count = changed;
            bool more = false;
            if (request->succeededOutcome() && statement == statementId_) {
                qint64 reached = 0;
                for (const StatementLine& line : request->items()) {
                    reached = line.position;
                    if (line.position > lastPosition) {
                        break;
                    }
                    const int row = rowOfId(line.id);
                    if (row < 0) {
                        continue;
                    }
                    const auto shown = itemAt(row);
                    if (shown &&
                        (shown->status != line.status || shown->note != line.note ||
                         shown->suggestions.size() != line.suggestions.size() ||
                         shown->matchedPaymentIds != line.matchedPaymentIds ||
                         shown->matchRule != line.matchRule ||
                         shown->writeOffMinor != line.writeOffMinor ||
                         !std::equal(shown->suggestions.begin(), shown->suggestions.end(),
                                     line.suggestions.begin(), [](const auto& a, const auto& b) {
                                         return a.paymentIds == b.paymentIds && a.score == b.score;
                                     }))) {
                        updateItem(line);
                        ++count;
                    }
                }
                more = reached < lastPosition && !request->nextCursor().isEmpty() &&
                       hops + 1 < kMaxRefreshPages;
                if (more) {
                    refreshFrom(request->nextCursor().toUtf8(), lastPosition, hops + 1, count);
                    return;
                }
            } else if (!request->succeededOutcome()) {
                qCInfo(lcFinance) << "refreshing lines failed:" << request->error().toString();
            }
            refresh_ = nullptr;
            emit rowsRefreshed(count);
            if (refreshAgain_) {
                refreshAgain_ = false;
                refreshRows(againFirst_, againLast_);
            }
        });
}

QVariant LineListModel::itemData(const StatementLine& line, int column, int role) const {
    if (role == StatusRole) {
        return line.status;
    }
    if (role == AmountMinorRole) {
        return line.amountMinor;
    }
    if (role == Qt::TextAlignmentRole && (column == AmountColumn || column == PositionColumn)) {
        return rightAligned();
    }
    return PagedListModelOf::itemData(line, column, role);
}

QVariant LineListModel::plainCell(const StatementLine& l, int column, int role) const {
    if (role != Qt::DisplayRole) {
        return {};
    }
    switch (column) {
        case PositionColumn:
            return l.position;
        case BookedColumn:
            return l.bookedAt.toString(Qt::ISODate);
        case AmountColumn:
            return plainMoney(l.amountMinor, l.currency);
        case CounterpartyColumn:
            return l.counterparty;
        case ReferenceColumn:
            return l.reference.isEmpty() ? l.remittance : l.reference;
        case StatusColumn:
            return l.status;
    }
    return {};
}

QString LineListModel::plainHeader(int column) const {
    static const char* const names[] = {"position",     "booked_at", "amount",
                                        "counterparty", "reference", "status"};
    return column >= 0 && column < ColumnCount ? QString::fromLatin1(names[column]) : QString();
}

QVariant LineListModel::headerExtra(int column, int role) const {
    if (role == Qt::TextAlignmentRole && (column == AmountColumn || column == PositionColumn)) {
        return rightAligned();
    }
    return {};
}

// ---------------------------------------------------------------------------------------------
// Payments

PaymentListModel::PaymentListModel(FinanceApi* api, QObject* parent)
    : PagedListModelOf(parent), api_(api) {
    setPageSize(100);
}

void PaymentListModel::setFilter(const PaymentFilter& filter) {
    filter_ = filter;
    reload();
}

int PaymentListModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

ItemPageRequest<FinancePayment>* PaymentListModel::requestItems(const QByteArray& cursor,
                                                                int limit) {
    return api_ ? api_->payments(filter_, cursor, limit) : nullptr;
}

QVariant PaymentListModel::plainCell(const FinancePayment& p, int column, int role) const {
    if (role == Qt::TextAlignmentRole && (column == AmountColumn || column == OpenColumn)) {
        return rightAligned();
    }
    if (role != Qt::DisplayRole) {
        return {};
    }
    switch (column) {
        case OrderColumn:
            return p.orderNumber;
        case ReferenceColumn:
            return p.providerRef;
        case AmountColumn:
            return plainMoney(p.amountMinor, p.currency);
        case OpenColumn:
            return plainMoney(p.openMinor(), p.currency);
        case CapturedColumn:
            return p.capturedAt.toString(Qt::ISODate);
        case StateColumn:
            return p.matchState;
    }
    return {};
}

QString PaymentListModel::plainHeader(int column) const {
    static const char* const names[] = {"order", "provider_ref", "amount",
                                        "open",  "captured_at",  "match_state"};
    return column >= 0 && column < ColumnCount ? QString::fromLatin1(names[column]) : QString();
}

QVariant PaymentListModel::headerExtra(int column, int role) const {
    if (role == Qt::TextAlignmentRole && (column == AmountColumn || column == OpenColumn)) {
        return rightAligned();
    }
    return {};
}

// ---------------------------------------------------------------------------------------------
// Exceptions

ExceptionListModel::ExceptionListModel(FinanceApi* api, QObject* parent)
    : PagedListModelOf(parent), api_(api) {
    setPageSize(100);
}

void ExceptionListModel::setKinds(const QStringList& kinds) {
    kinds_ = kinds;
    reload();
}

int ExceptionListModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

ItemPageRequest<FinanceException>* ExceptionListModel::requestItems(const QByteArray& cursor,
                                                                    int limit) {
    return api_ ? api_->exceptions(kinds_, 0, cursor, limit) : nullptr;
}

QVariant ExceptionListModel::itemData(const FinanceException& e, int column, int role) const {
    if (role == KindRole) {
        return e.kind;
    }
    return PagedListModelOf::itemData(e, column, role);
}

QVariant ExceptionListModel::plainCell(const FinanceException& e, int column, int role) const {
    if (role == Qt::TextAlignmentRole && column == AmountColumn) {
        return rightAligned();
    }
    if (role != Qt::DisplayRole) {
        return {};
    }
    switch (column) {
        case KindColumn:
            return e.kind;
        case DateColumn:
            return e.line ? e.line->bookedAt.toString(Qt::ISODate)
                          : e.payment->capturedAt.toString(Qt::ISODate);
        case AmountColumn:
            return e.line ? plainMoney(e.line->amountMinor, e.line->currency)
                          : plainMoney(e.payment->amountMinor, e.payment->currency);
        case WhoColumn:
            return e.line ? e.line->counterparty : e.payment->orderNumber;
        case ReferenceColumn:
            return e.line ? e.line->reference : e.payment->providerRef;
    }
    return {};
}

QString ExceptionListModel::plainHeader(int column) const {
    static const char* const names[] = {"kind", "date", "amount", "who", "reference"};
    return column >= 0 && column < ColumnCount ? QString::fromLatin1(names[column]) : QString();
}

QVariant ExceptionListModel::headerExtra(int column, int role) const {
    if (role == Qt::TextAlignmentRole && column == AmountColumn) {
        return rightAligned();
    }
    return {};
}

}  // namespace opsdesk::client
