#include "widgets/finance/financepage.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QStackedWidget>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

#include "services-client/auth/session.h"
#include "services-client/feed/feedclient.h"
#include "services-client/finance/financeapi.h"
#include "services-client/finance/financemodels.h"
#include "widgets/common/format.h"
#include "widgets/common/messageline.h"
#include "widgets/common/pagedlistview.h"
#include "widgets/common/searchbox.h"
#include "widgets/finance/financetext.h"
#include "widgets/finance/matcherview.h"

namespace opsdesk::widgets {

using client::ExceptionListModel;
using client::StatementListModel;

FinancePage::FinancePage(const ModuleContext& context, QWidget* parent)
    : QWidget(parent), context_(context) {
    api_ = new client::FinanceApi(context.api, this);
    statements_ = new StatementListModel(api_, this);
    exceptions_ = new ExceptionListModel(api_, this);
    auto* layout = new QVBoxLayout(this);
    stack_ = new QStackedWidget(this);
    layout->addWidget(stack_);
    tabs_ = new QTabWidget(stack_);
    tabs_->setObjectName(QStringLiteral("financeTabs"));
    stack_->addWidget(tabs_);

    // Statements.
    auto* list = new QWidget(tabs_);
    auto* listLayout = new QVBoxLayout(list);
    auto* bar = new QHBoxLayout;
    bar->addWidget(new QLabel(Finance::tr("Status:"), list));
    statusFilter_ = new QComboBox(list);
    statusFilter_->setObjectName(QStringLiteral("statementStatusFilter"));
    statusFilter_->addItem(Finance::tr("All statements"), QString());
    statusFilter_->addItem(Finance::tr("Open"), QStringLiteral("open"));
    statusFilter_->addItem(Finance::tr("Signed off"), QStringLiteral("closed"));
    bar->addWidget(statusFilter_);
    account_ = new SearchBox(QStringLiteral("accountFilter"), list);
    account_->setPlaceholderText(Finance::tr("Account (exactly as on the statement)"));
    bar->addWidget(account_, 1);
    import_ = new QPushButton(Finance::tr("Import…"), list);
    import_->setObjectName(QStringLiteral("importButton"));
    import_->setVisible(context_.session &&
                        context_.session->can(protocol::Permission::FinanceImport));
    bar->addWidget(import_);
    listLayout->addLayout(bar);
    message_ = new MessageLine(QStringLiteral("financeMessage"), list);
    listLayout->addWidget(message_);
    statementsTable_ = new QTableView(list);
    statementsTable_->setObjectName(QStringLiteral("statementsTable"));
    statementsTable_->setModel(statements_);
    PagedListView::setUpTable(statementsTable_);
    statementsTable_->horizontalHeader()->setSectionResizeMode(StatementListModel::AccountColumn,
                                                               QHeaderView::Stretch);
    statements_->setTexts({
        [](int column) -> QString {
            switch (column) {
                case StatementListModel::AccountColumn:
                    return Finance::tr("Account");
                case StatementListModel::PeriodColumn:
                    return Finance::tr("Period");
                case StatementListModel::ReferenceColumn:
                    return Finance::tr("Statement");
                case StatementListModel::LinesColumn:
                    return Finance::tr("Lines");
                case StatementListModel::MatchedColumn:
                    return Finance::tr("Matched");
                case StatementListModel::SuggestedColumn:
                    return Finance::tr("Suggested");
                case StatementListModel::UnmatchedColumn:
                    return Finance::tr("Unmatched");
                case StatementListModel::TotalColumn:
                    return Finance::tr("Total");
                case StatementListModel::StatusColumn:
                    return Finance::tr("Status");
            }
            return {};
        },
        [](const client::Statement& s, int column, int role) -> QVariant {
            if (role == Qt::DisplayRole) {
                switch (column) {
                    case StatementListModel::AccountColumn:
                        return s.account;
                    case StatementListModel::PeriodColumn:
                        return Finance::tr("%1 to %2")
                            .arg(Format::date(s.from), Format::date(s.to));
                    case StatementListModel::ReferenceColumn:
                        return s.statementRef;
                    case StatementListModel::LinesColumn:
                        return QLocale().toString(s.lineCount);
                    case StatementListModel::MatchedColumn:
                        return QLocale().toString(s.matched);
                    case StatementListModel::SuggestedColumn:
                        return QLocale().toString(s.suggested);
                    case StatementListModel::UnmatchedColumn:
                        return QLocale().toString(s.unmatched);
                    case StatementListModel::TotalColumn:
                        return Format::money(s.linesTotalMinor, s.currency);
                    case StatementListModel::StatusColumn:
                        return FinanceText::statementStatus(s.status);
                }
            } else if (role == Qt::TextAlignmentRole && column >= StatementListModel::LinesColumn &&
                       column <= StatementListModel::TotalColumn) {
                return QVariant::fromValue(Qt::Alignment(Qt::AlignRight | Qt::AlignVCenter));
            } else if (role == Qt::ToolTipRole) {
                return Finance::tr("%1, imported by %2").arg(s.fileName, s.importedBy);
            }
            return {};
        },
    });
    PagedListView::bind(statementsTable_, statements_,
                        [] { return Finance::tr("Loading statements…"); });
    listLayout->addWidget(statementsTable_, 1);
    tabs_->addTab(list, Finance::tr("Statements"));

    // Exceptions.
    auto* ex = new QWidget(tabs_);
    auto* exLayout = new QVBoxLayout(ex);
    auto* exBar = new QHBoxLayout;
    exBar->addWidget(new QLabel(Finance::tr("Kind:"), ex));
    kindFilter_ = new QComboBox(ex);
    kindFilter_->setObjectName(QStringLiteral("exceptionKindFilter"));
    kindFilter_->addItem(Finance::tr("Every kind"), QString());
    for (const char* kind :
         {"unmatched_line", "amount_mismatch", "duplicate", "unmatched_payment"}) {
        kindFilter_->addItem(FinanceText::exceptionKind(QLatin1String(kind)), QLatin1String(kind));
    }
    exBar->addWidget(kindFilter_);
    exBar->addStretch(1);
    exLayout->addLayout(exBar);
    exceptionsTable_ = new QTableView(ex);
    exceptionsTable_->setObjectName(QStringLiteral("exceptionsTable"));
    exceptionsTable_->setModel(exceptions_);
    PagedListView::setUpTable(exceptionsTable_);
    exceptionsTable_->horizontalHeader()->setSectionResizeMode(ExceptionListModel::WhoColumn,
                                                               QHeaderView::Stretch);
    exceptions_->setTexts({
        [](int column) -> QString {
            switch (column) {
                case ExceptionListModel::KindColumn:
                    return Finance::tr("What");
                case ExceptionListModel::DateColumn:
                    return Finance::tr("Date");
                case ExceptionListModel::AmountColumn:
                    return Finance::tr("Amount");
                case ExceptionListModel::WhoColumn:
                    return Finance::tr("Counterparty or order");
                case ExceptionListModel::ReferenceColumn:
                    return Finance::tr("Reference");
            }
            return {};
        },
        [](const client::FinanceException& e, int column, int role) -> QVariant {
            if (role == Qt::DisplayRole) {
                switch (column) {
                    case ExceptionListModel::KindColumn:
                        return FinanceText::exceptionKind(e.kind);
                    case ExceptionListModel::DateColumn:
                        return e.line ? Format::date(e.line->bookedAt)
                                      : Format::dateTime(e.payment->capturedAt);
                    case ExceptionListModel::AmountColumn:
                        return e.line ? Format::money(e.line->amountMinor, e.line->currency)
                                      : Format::money(e.payment->amountMinor, e.payment->currency);
                    case ExceptionListModel::WhoColumn:
                        return e.line ? e.line->counterparty : e.payment->orderNumber;
                    case ExceptionListModel::ReferenceColumn:
                        return e.line ? e.line->reference
                                      : QStringLiteral("%1 %2").arg(e.payment->provider,
                                                                    e.payment->providerRef);
                }
            } else if (role == Qt::TextAlignmentRole &&
                       column == ExceptionListModel::AmountColumn) {
                return QVariant::fromValue(Qt::Alignment(Qt::AlignRight | Qt::AlignVCenter));
            }
            return {};
        },
    });
    PagedListView::bind(exceptionsTable_, exceptions_,
                        [] { return Finance::tr("Loading exceptions…"); });
    exLayout->addWidget(exceptionsTable_, 1);
    tabs_->addTab(ex, Finance::tr("Exceptions"));

    matcher_ = new MatcherView(api_, context.session, stack_);
    stack_->addWidget(matcher_);

    connect(statusFilter_, &QComboBox::currentIndexChanged, this, &FinancePage::setStatementFilter);
    connect(account_, &SearchBox::searchChanged, this, &FinancePage::setStatementFilter);
    connect(import_, &QPushButton::clicked, this, &FinancePage::importRequested);
    connect(statementsTable_, &QTableView::activated, this, [this](const QModelIndex& index) {
        if (const auto s = statements_->itemAt(index.row())) {
            openStatement(s->id);
        }
    });
    connect(kindFilter_, &QComboBox::currentIndexChanged, this, [this] {
        const QString kind = kindFilter_->currentData().toString();
        exceptions_->setKinds(kind.isEmpty() ? QStringList() : QStringList{kind});
    });
    connect(exceptionsTable_, &QTableView::activated, this, [this](const QModelIndex& index) {
        const auto e = exceptions_->itemAt(index.row());
        if (e && e->line) {
            openStatement(e->line->statementId, e->line->id, e->line->position);
        }
    });
    connect(tabs_, &QTabWidget::currentChanged, this, [this](int tab) {
        if (tab == 1 && !exceptions_->isStarted()) {
            exceptions_->reload();
        }
    });
    connect(matcher_, &MatcherView::backRequested, this, &FinancePage::showList);
    connect(matcher_, &MatcherView::statementChanged, this, &FinancePage::refreshStatement);
    refreshDelay_.setSingleShot(true);
    refreshDelay_.setInterval(std::chrono::milliseconds(300));
    connect(&refreshDelay_, &QTimer::timeout, this, [this] {
        const auto ids = std::exchange(pendingRefresh_, {});
        for (qint64 id : ids) {
            auto* r = api_->statement(id);
            connect(r, &client::ApiRequest::succeeded, this,
                    [this, r] { statements_->upsert(r->statement()); });
        }
    });
    context_.subscribe(this, feedEvents(),
                       [this](const client::FeedEvent& event) { applyFeedEvent(event); });
    context_.onResync(this, [this] { resync(); });
    statements_->reload();
}

FinancePage::~FinancePage() = default;

QString FinancePage::title() {
    return Finance::tr("Finance");
}

QString FinancePage::summary() {
    return Finance::tr("Import settlements and bank statements, reconcile them and sign them off.");
}

std::set<protocol::EventKind> FinancePage::feedEvents() {
    return {protocol::EventKind::StatementUpdated};
}

bool FinancePage::isMatcherShown() const {
    return stack_->currentWidget() == matcher_;
}

void FinancePage::openStatement(qint64 statementId, qint64 lineId, qint64 position) {
    stack_->setCurrentWidget(matcher_);
    matcher_->openStatement(statementId, lineId, position);
}

void FinancePage::showList() {
    stack_->setCurrentWidget(tabs_);
    statementsTable_->setFocus(Qt::OtherFocusReason);
}

void FinancePage::applyFeedEvent(const client::FeedEvent& event) {
    if (event.kind != protocol::EventKind::StatementUpdated) {
        return;
    }
    const qint64 id = event.data.value(QLatin1String("id")).toInteger();
    if (id <= 0) {
        return;
    }
    refreshStatement(id);
    if (matcher_->statementId() == id) {
        matcher_->statementUpdated();
    }
}

void FinancePage::refreshStatement(qint64 id) {
    pendingRefresh_.insert(id);
    refreshDelay_.start();
}

void FinancePage::resync() {
    statements_->reload();
    if (exceptions_->isStarted()) {
        exceptions_->reload();
    }
    if (matcher_->statementId() > 0) {
        matcher_->statementUpdated();
    }
}

void FinancePage::applyFilter(const QVariantMap& request) {
    const qint64 id = request.value(QStringLiteral("statement_id")).toLongLong();
    if (id > 0) {
        openStatement(id, request.value(QStringLiteral("line_id")).toLongLong());
    }
}

void FinancePage::setStatementFilter() {
    client::StatementFilter filter;
    filter.status = statusFilter_->currentData().toString();
    filter.account = account_->search().trimmed();
    if (!(filter == statements_->filter()) || !statements_->isStarted()) {
        statements_->setFilter(filter);
    }
}

}  // namespace opsdesk::widgets
