#pragma once

#include <QTimer>
#include <QVariantMap>
#include <QWidget>
#include <set>

#include "widgets/common/module.h"

class QComboBox;
class QPushButton;
class QStackedWidget;
class QTabWidget;
class QTableView;

namespace opsdesk::client {
struct FeedEvent;
class ExceptionListModel;
class FinanceApi;
class StatementListModel;
}  // namespace opsdesk::client

namespace opsdesk::widgets {

class MatcherView;
class MessageLine;
class SearchBox;

// The Finance module: the statements with their counts (filter by status and account, live),
// the exceptions queue by kind, and the matcher a statement or an exception opens.
class FinancePage : public QWidget {
    Q_OBJECT

public:
    FinancePage(const ModuleContext& context, QWidget* parent = nullptr);
    ~FinancePage() override;

    static QString title();
    static QString summary();
    static std::set<protocol::EventKind> feedEvents();

    client::FinanceApi* api() const { return api_; }
    client::StatementListModel* statements() const { return statements_; }
    client::ExceptionListModel* exceptions() const { return exceptions_; }
    QTableView* statementsTable() const { return statementsTable_; }
    QTableView* exceptionsTable() const { return exceptionsTable_; }
    MatcherView* matcher() const { return matcher_; }
    QTabWidget* tabs() const { return tabs_; }
    bool isMatcherShown() const;

    void openStatement(qint64 statementId, qint64 lineId = 0, qint64 position = 0);
    void showList();
    void applyFeedEvent(const client::FeedEvent& event);
    void resync();
    // {"statement_id": N} opens that statement in the matcher.
    Q_INVOKABLE void applyFilter(const QVariantMap& request);

signals:
    // HOOK for the lead: the "Import…" button. The import wizard (widgets/finance/importwizard.*,
    // built beside this page) is connected to it from outside; this page knows nothing of it.
    void importRequested();

private:
    void refreshStatement(qint64 id);
    void setStatementFilter();

    ModuleContext context_;
    client::FinanceApi* api_;
    client::StatementListModel* statements_;
    client::ExceptionListModel* exceptions_;
    QStackedWidget* stack_;
    QTabWidget* tabs_;
    QComboBox* statusFilter_;
    SearchBox* account_;
    QPushButton* import_;
    QTableView* statementsTable_;
    QComboBox* kindFilter_;
    QTableView* exceptionsTable_;
    MessageLine* message_;
    MatcherView* matcher_;
    std::set<qint64> pendingRefresh_;
    QTimer refreshDelay_;
};

}  // namespace opsdesk::widgets
