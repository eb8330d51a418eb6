#pragma once

#include <QMap>
#include <QPointer>
#include <QStringList>

#include "services-client/api/pagedlistmodel.h"
#include "services-client/finance/financeapi.h"
#include "services-client/finance/financetypes.h"

namespace opsdesk::client {

// The statements, newest first, with their lines' counts; live: a changed or new statement is
// put in place (the page fetches it on statement.updated and hands it to upsert()).
class StatementListModel : public PagedListModelOf<Statement> {
    Q_OBJECT

public:
    enum Column {
        AccountColumn,
        PeriodColumn,
        ReferenceColumn,
        LinesColumn,
        MatchedColumn,
        SuggestedColumn,
        UnmatchedColumn,
        TotalColumn,
        StatusColumn,
        ColumnCount
    };
    enum Role { StatusRole = FirstModuleRole };

    explicit StatementListModel(FinanceApi* api, QObject* parent = nullptr);

    void setFilter(const StatementFilter& filter);
    const StatementFilter& filter() const { return filter_; }
    static bool matchesFilter(const StatementFilter& filter, const Statement& statement);

    int columnCount(const QModelIndex& parent = {}) const override;

protected:
    ItemPageRequest<Statement>* requestItems(const QByteArray& cursor, int limit) override;
    QVariant itemData(const Statement& s, int column, int role) const override;
    QVariant plainCell(const Statement& s, int column, int role) const override;
    QString plainHeader(int column) const override;
    QVariant headerExtra(int column, int role) const override;
    bool accepts(const Statement& s) const override { return matchesFilter(filter_, s); }
    bool sortsBefore(const Statement& a, const Statement& b) const override { return a.id > b.id; }
    bool newItemsGoOnTop() const override { return true; }

private:
    FinanceApi* api_;
    StatementFilter filter_;
};

// A statement's lines in the file's order, 500 a page, fetched as the view moves and dropped
// far behind it, so tens of thousands of lines open at once and stay in bounded memory. A
// person's change comes back as the line (apply()); someone else's arrives as a bare
// statement.updated, after which refreshRows() reads the rows on screen again and replaces them
// in place: no reset, the current row and the scroll position stay.
class LineListModel : public PagedListModelOf<StatementLine> {
    Q_OBJECT

public:
    enum Column {
        PositionColumn,
        BookedColumn,
        AmountColumn,
        CounterpartyColumn,
        ReferenceColumn,
        StatusColumn,
        ColumnCount
    };
    enum Role { StatusRole = FirstModuleRole, AmountMinorRole };

    explicit LineListModel(FinanceApi* api, QObject* parent = nullptr);

    // Empty shows every line; reloads.
    void setStatement(qint64 statementId, const QStringList& statuses = {});
    void setStatuses(const QStringList& statuses);
    qint64 statementId() const { return statementId_; }
    const QStringList& statuses() const { return statuses_; }

    // A line as the server answered a change: replaced where it is loaded (a line keeps its row
    // even when its new status is outside the filter, so the person's place stays).
    bool apply(const StatementLine& line) { return updateItem(line); }
    // Reads the lines from row `first` to `last` anew (the rows on screen) and replaces those
    // that changed; at most a few pages are asked for. Emits rowsRefreshed when done.
    void refreshRows(int first, int last);
    bool isRefreshing() const { return bool(refresh_); }

    int columnCount(const QModelIndex& parent = {}) const override;

signals:
    void rowsRefreshed(int changed);

protected:
    ItemPageRequest<StatementLine>* requestItems(const QByteArray& cursor, int limit) override;
    QVariant itemData(const StatementLine& line, int column, int role) const override;
    QVariant plainCell(const StatementLine& line, int column, int role) const override;
    QString plainHeader(int column) const override;
    QVariant headerExtra(int column, int role) const override;

private:
    void refreshFrom(const QByteArray& cursor, qint64 lastPosition, int hops, int changed);

    FinanceApi* api_;
    qint64 statementId_ = 0;
    QStringList statuses_;
    // The cursor each page was asked with, by the position of its first line: a line cursor
    // is the position it follows, so one serves any status filter.
    QMap<qint64, QByteArray> cursors_;
    QPointer<LinePageRequest> refresh_;
    bool refreshAgain_ = false;
    int againFirst_ = 0;
    int againLast_ = 0;
};

// Payments and refunds to match by hand, newest first.
class PaymentListModel : public PagedListModelOf<FinancePayment> {
    Q_OBJECT

public:
    enum Column {
        OrderColumn,
        ReferenceColumn,
        AmountColumn,
        OpenColumn,
        CapturedColumn,
        StateColumn,
        ColumnCount
    };

    explicit PaymentListModel(FinanceApi* api, QObject* parent = nullptr);

    void setFilter(const PaymentFilter& filter);
    const PaymentFilter& filter() const { return filter_; }

    int columnCount(const QModelIndex& parent = {}) const override;

protected:
    ItemPageRequest<FinancePayment>* requestItems(const QByteArray& cursor, int limit) override;
    QVariant plainCell(const FinancePayment& p, int column, int role) const override;
    QString plainHeader(int column) const override;
    QVariant headerExtra(int column, int role) const override;

private:
    FinanceApi* api_;
    PaymentFilter filter_;
};

// GET /finance/exceptions: what needs a person, by kind.
class ExceptionListModel : public PagedListModelOf<FinanceException> {
    Q_OBJECT

public:
    enum Column { KindColumn, DateColumn, AmountColumn, WhoColumn, ReferenceColumn, ColumnCount };
    enum Role { KindRole = FirstModuleRole };

    explicit ExceptionListModel(FinanceApi* api, QObject* parent = nullptr);

    void setKinds(const QStringList& kinds);
    const QStringList& kinds() const { return kinds_; }

    int columnCount(const QModelIndex& parent = {}) const override;

protected:
    ItemPageRequest<FinanceException>* requestItems(const QByteArray& cursor, int limit) override;
    QVariant itemData(const FinanceException& e, int column, int role) const override;
    QVariant plainCell(const FinanceException& e, int column, int role) const override;
    QString plainHeader(int column) const override;
    QVariant headerExtra(int column, int role) const override;

private:
    FinanceApi* api_;
    QStringList kinds_;
};

}  // namespace opsdesk::client
