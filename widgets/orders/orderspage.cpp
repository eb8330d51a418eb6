#include "widgets/orders/orderspage.h"

#include <QApplication>
#include <QClipboard>
#include <QDateEdit>
#include <QEvent>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QProgressDialog>
#include <QPushButton>
#include <QScrollBar>
#include <QSettings>
#include <QShortcut>
#include <QSplitter>
#include <QStackedWidget>
#include <QTableView>
#include <QVBoxLayout>

#include "services-client/api/apiclient.h"
#include "services-client/auth/session.h"
#include "services-client/feed/feedclient.h"
#include "services-client/orders/logging.h"
#include "services-client/orders/ordercsvexport.h"
#include "services-client/orders/orderlistmodel.h"
#include "services-client/orders/ordersapi.h"
#include "widgets/common/csvfiledialog.h"
#include "widgets/common/errortext.h"
#include "widgets/common/format.h"
#include "widgets/common/pagedlistview.h"
#include "widgets/common/theme.h"
#include "widgets/orders/orderdetailpane.h"
#include "widgets/orders/orderfilterbar.h"
#include "widgets/orders/orderstext.h"
#include "widgets/orders/statusdelegate.h"

namespace opsdesk::widgets {

using client::OrderFilter;
using client::OrderListModel;

namespace {

QSettings orderSettings() {
    return QSettings(QStringLiteral("OpsDesk"), QStringLiteral("OpsDesk"));
}

}  // namespace

QString OrdersPage::title() {
    return Orders::tr("Orders");
}

QString OrdersPage::summary() {
    return Orders::tr(
        "Find orders, follow them from payment to delivery, add notes and issue refunds.");
}

QString OrdersPage::settingsGroup() {
    return QStringLiteral("orders/filter");
}

OrdersPage::OrdersPage(const ModuleContext& context, QWidget* parent)
    : QWidget(parent), context_(context) {
    setObjectName(QStringLiteral("ordersPage"));
    api_ = new client::OrdersApi(context.api, this);
    model_ = new OrderListModel(api_, this);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(12, 12, 12, 12);
    layout->setSpacing(8);

    filterBar_ = new OrderFilterBar(this);
    layout->addWidget(filterBar_);

    auto* bar = new QHBoxLayout;
    total_ = new QLabel(this);
    total_->setObjectName(QStringLiteral("totalLabel"));
    QFont bold = total_->font();
    bold.setBold(true);
    total_->setFont(bold);
    bar->addWidget(total_);
    exportStatus_ = new QLabel(this);
    exportStatus_->setObjectName(QStringLiteral("exportStatusLabel"));
    Theme::setTextColor(exportStatus_, Theme::Role::Muted);
    bar->addSpacing(12);
    bar->addWidget(exportStatus_, 1);
    jumpLabel_ = new QLabel(this);
    bar->addWidget(jumpLabel_);
    jumpDate_ = new QDateEdit(QDate::currentDate(), this);
    jumpDate_->setObjectName(QStringLiteral("jumpDateEdit"));
    jumpDate_->setCalendarPopup(true);
    jumpDate_->setMaximumDate(QDate(2100, 12, 31));
    bar->addWidget(jumpDate_);
    jump_ = new QPushButton(this);
    jump_->setObjectName(QStringLiteral("jumpButton"));
    bar->addWidget(jump_);
    bar->addSpacing(12);
    refresh_ = new QPushButton(this);
    refresh_->setObjectName(QStringLiteral("refreshButton"));
    bar->addWidget(refresh_);
    exportButton_ = new QPushButton(this);
    exportButton_->setObjectName(QStringLiteral("exportButton"));
    bar->addWidget(exportButton_);
    layout->addLayout(bar);

    splitter_ = new QSplitter(Qt::Horizontal, this);
    auto* listSide = new QStackedWidget(splitter_);
    table_ = new QTableView(listSide);
    table_->setObjectName(QStringLiteral("ordersTable"));
    table_->setModel(model_);
    // Millions of rows: every row has one fixed height, nothing is measured per row.
    PagedListView::setUpTable(table_);
    table_->setCornerButtonEnabled(false);
    table_->setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    QHeaderView* header = table_->horizontalHeader();
    header->setSectionsClickable(true);
    header->setSortIndicatorShown(true);
    header->setSectionResizeMode(QHeaderView::Interactive);
    header->setSectionResizeMode(OrderListModel::CustomerColumn, QHeaderView::Stretch);
    const QFontMetrics fm = table_->fontMetrics();
    header->resizeSection(OrderListModel::NumberColumn,
                          fm.horizontalAdvance(QStringLiteral("OD000000000")) + 16);
    header->resizeSection(OrderListModel::CreatedColumn,
                          fm.horizontalAdvance(QStringLiteral("2026/11/22 23:59 PM")) + 16);
    header->resizeSection(OrderListModel::StatusColumn,
                          fm.horizontalAdvance(QStringLiteral("Partially refunded")) + 36);
    header->resizeSection(OrderListModel::TotalColumn,
                          fm.horizontalAdvance(QStringLiteral("¥99,999.00")) + 20);
    header->setMinimumSectionSize(60);
    table_->setItemDelegateForColumn(OrderListModel::StatusColumn, new StatusDelegate(table_));
    listSide->addWidget(table_);
    empty_ = new QLabel(listSide);
    empty_->setObjectName(QStringLiteral("emptyLabel"));
    empty_->setAlignment(Qt::AlignCenter);
    empty_->setWordWrap(true);
    Theme::setTextColor(empty_, Theme::Role::Muted);
    listSide->addWidget(empty_);
    detail_ = new OrderDetailPane(api_, context.session, splitter_);
    splitter_->addWidget(listSide);
    splitter_->addWidget(detail_);
    splitter_->setStretchFactor(0, 3);
    splitter_->setStretchFactor(1, 2);
    splitter_->setChildrenCollapsible(false);
    layout->addWidget(splitter_, 1);

    model_->setTexts({
        [](int column) -> QString {
            switch (column) {
                case OrderListModel::NumberColumn:
                    return Orders::tr("Order");
                case OrderListModel::CreatedColumn:
                    return Orders::tr("Created");
                case OrderListModel::CustomerColumn:
                    return Orders::tr("Customer");
                case OrderListModel::StatusColumn:
                    return Orders::tr("Status");
                case OrderListModel::TotalColumn:
                    return Orders::tr("Total");
            }
            return {};
        },
        [](const client::OrderSummary& o, int column, int role) -> QVariant {
            if (role == Qt::DisplayRole) {
                switch (column) {
                    case OrderListModel::NumberColumn:
                        return o.number;
                    case OrderListModel::CreatedColumn:
                        return Format::dateTime(o.createdAt);
                    case OrderListModel::CustomerColumn:
                        return o.customer.email.isEmpty() ? o.customer.name
                                                          : QStringLiteral("%1 · %2").arg(
                                                                o.customer.name, o.customer.email);
                    case OrderListModel::StatusColumn:
                        return OrdersText::statusName(o.status);
                    case OrderListModel::TotalColumn:
                        return Format::money(o.totalMinor, o.currency);
                }
            } else if (role == Qt::TextAlignmentRole && column == OrderListModel::TotalColumn) {
                return QVariant::fromValue(Qt::Alignment(Qt::AlignRight | Qt::AlignVCenter));
            } else if (role == Qt::ToolTipRole && column == OrderListModel::CustomerColumn) {
                return o.customer.email;
            }
            return {};
        },
    });
    // The status row, a row that just arrived live (it glows briefly), a retry on an error row.
    PagedListView::bind(table_, model_, [] { return Orders::tr("Loading orders…"); });

    // Signals.
    connect(filterBar_, &OrderFilterBar::filterChanged, this, &OrdersPage::setListFilter);
    connect(header, &QHeaderView::sectionClicked, this, &OrdersPage::onHeaderClicked);
    connect(model_, &OrderListModel::totalEstimateChanged, this, &OrdersPage::updateTotal);
    connect(model_, &OrderListModel::loadingChanged, this, [this] {
        updateTotal();
        updateEmptyState();
    });
    connect(model_, &OrderListModel::modelReset, this, [this] {
        detail_->clear();
        updateEmptyState();
    });
    connect(model_, &OrderListModel::rowsInserted, this, [this] { updateEmptyState(); });
    connect(model_, &OrderListModel::rowsRemoved, this, [this] { updateEmptyState(); });
    connect(table_, &QTableView::activated, this, &OrdersPage::onActivated);
    selectionDelay_.setSingleShot(true);
    selectionDelay_.setInterval(std::chrono::milliseconds(150));
    connect(&selectionDelay_, &QTimer::timeout, this, [this] { openCurrent(false); });
    connect(table_->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this] { selectionDelay_.start(); });
    // Whatever the pane loads (after an action too) refreshes that one row of the list.
    connect(detail_, &OrderDetailPane::orderLoaded, model_, &OrderListModel::updateItem);
    connect(jump_, &QPushButton::clicked, this, [this] { jumpToDate(jumpDate_->date()); });
    connect(refresh_, &QPushButton::clicked, this, [this] { model_->reload(); });
    connect(exportButton_, &QPushButton::clicked, this, &OrdersPage::chooseExportFile);
    connect(model_, &OrderListModel::liveItemInserted, this,
            [this](int row) { keepViewport(row); });
    context_.subscribe(this, feedEvents(),
                       [this](const client::FeedEvent& event) { applyFeedEvent(event); });
    context_.onResync(this, [this] { resync(); });

    // Keyboard.
    auto* find = new QShortcut(QKeySequence::Find, this);
    find->setContext(Qt::WidgetWithChildrenShortcut);
    connect(find, &QShortcut::activated, this, [this] {
        filterBar_->searchEdit()->setFocus(Qt::ShortcutFocusReason);
        filterBar_->searchEdit()->selectAll();
    });
    auto* copy = new QShortcut(QKeySequence(Qt::CTRL | Qt::Key_L), this);
    copy->setContext(Qt::WidgetWithChildrenShortcut);
    connect(copy, &QShortcut::activated, this, &OrdersPage::copyCurrentNumber);
    filterBar_->searchEdit()->installEventFilter(this);

    // The remembered filter.
    QSettings settings = orderSettings();
    const OrderFilter remembered = OrderFilter::load(settings, settingsGroup());
    const QByteArray splitterState =
        settings.value(QStringLiteral("orders/splitter")).toByteArray();
    if (!splitterState.isEmpty()) {
        splitter_->restoreState(splitterState);
    } else {
        splitter_->setSizes({760, 480});  // the detail pane's money column needs room
    }
    connect(splitter_, &QSplitter::splitterMoved, this, [this] {
        QSettings s = orderSettings();
        s.setValue(QStringLiteral("orders/splitter"), splitter_->saveState());
    });
    filterBar_->setFilter(remembered);
    retranslateUi();
    model_->setFilter(remembered);
    updateSortIndicator();
}

OrdersPage::~OrdersPage() {
    if (export_) {
        export_->cancel();
    }
}

std::set<protocol::EventKind> OrdersPage::feedEvents() {
    using K = protocol::EventKind;
    return {K::OrderCreated, K::OrderUpdated, K::RefundCreated};
}

void OrdersPage::applyFeedEvent(const client::FeedEvent& event) {
    const bool created = event.kind == protocol::EventKind::OrderCreated;
    if (!created && event.kind != protocol::EventKind::OrderUpdated) {
        return;  // a refund: its order.updated follows
    }
    QString why;
    const auto order = client::OrderSummary::fromJson(event.data, &why);
    if (!order) {
        qCWarning(lcOrders) << "a live" << event.kindName() << "event could not be read:" << why;
        return;
    }
    // Not shown yet: a new order, or one that has just come to match the filter (say the list
    // shows "Paid" and a payment arrived). It goes to its place when that is loaded.
    model_->upsert(*order);
    if (!created && detail_->orderId() == order->id) {
        const QString actor = event.actor();
        const bool byMe =
            !actor.isEmpty() && context_.session && actor == context_.session->user().username;
        detail_->showLiveChange(actor, byMe, order->version);
    }
}

void OrdersPage::applyFilter(const QVariantMap& request) {
    bool ok = false;
    const qint64 id = request.value(QStringLiteral("order_id")).toLongLong(&ok);
    if (ok && id > 0) {
        detail_->showOrder(id);
    }
}

void OrdersPage::resync() {
    model_->reload();
    detail_->reload();
}

void OrdersPage::keepViewport(int insertedRow) {
    // A row inserted above what the user looks at would push it down: scroll by as much, so
    // the rows on screen stay put. At the very top the new row simply shows.
    QScrollBar* bar = table_->verticalScrollBar();
    const int value = bar->value();
    const int height = table_->verticalHeader()->defaultSectionSize();
    if (value <= 0 || insertedRow * height > value) {
        return;
    }
    // The view updates its range later; make room now so the value is not clamped.
    bar->setMaximum(bar->maximum() + height);
    bar->setValue(value + height);
}

void OrdersPage::retranslateUi() {
    jumpLabel_->setText(Orders::tr("Go to:"));
    jumpDate_->setToolTip(
        Orders::tr("Show the orders created on this day and before, newest first"));
    jumpDate_->setDisplayFormat(QLocale().dateFormat(QLocale::ShortFormat));
    jump_->setText(Orders::tr("Go"));
    refresh_->setText(Orders::tr("Refresh"));
    exportButton_->setText(Orders::tr("Export CSV…"));
    exportButton_->setToolTip(
        Orders::tr("Save every order that matches the filters as a CSV file"));
    empty_->setText(Orders::tr("No orders match these filters."));
    updateTotal();
}

void OrdersPage::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) {
        retranslateUi();
    }
    QWidget::changeEvent(event);
}

bool OrdersPage::eventFilter(QObject* watched, QEvent* event) {
    // Down from the search box goes to the results.
    if (watched == filterBar_->searchEdit() && event->type() == QEvent::KeyPress &&
        static_cast<QKeyEvent*>(event)->key() == Qt::Key_Down && model_->itemRowCount() > 0) {
        table_->setFocus(Qt::TabFocusReason);
        if (!table_->currentIndex().isValid()) {
            table_->setCurrentIndex(model_->index(0, 0));
        }
        return true;
    }
    return QWidget::eventFilter(watched, event);
}

void OrdersPage::setListFilter(const OrderFilter& filter) {
    model_->setFilter(filter);
    saveFilter();
    updateSortIndicator();
}

void OrdersPage::saveFilter() const {
    QSettings settings = orderSettings();
    model_->filter().save(settings, settingsGroup());
}

void OrdersPage::jumpToDate(const QDate& day) {
    OrderFilter f = model_->filter();
    f.to = day;
    if (f.from.isValid() && f.from > day) {
        f.from = QDate();
    }
    f.sort = OrderFilter::Sort::CreatedAt;
    f.descending = true;
    filterBar_->setFilter(f);
    setListFilter(f);
    table_->setFocus(Qt::OtherFocusReason);
}

void OrdersPage::updateTotal() {
    if (const auto total = model_->totalEstimate()) {
        total_->setText(OrdersText::orderCount(*total, model_->totalIsExact()));
    } else if (model_->hasError()) {
        total_->setText(QString());
    } else {
        total_->setText(Orders::tr("Counting orders…"));
    }
}

void OrdersPage::updateEmptyState() {
    auto* stack = static_cast<QStackedWidget*>(table_->parentWidget());
    const bool empty = model_->rowCount() == 0 && !model_->isLoading() && !model_->hasError() &&
                       model_->totalEstimate().has_value();
    stack->setCurrentWidget(empty ? static_cast<QWidget*>(empty_) : table_);
}

void OrdersPage::updateSortIndicator() {
    const OrderFilter& f = model_->filter();
    const int column = f.sort == OrderFilter::Sort::Total ? OrderListModel::TotalColumn
                                                          : OrderListModel::CreatedColumn;
    table_->horizontalHeader()->setSortIndicator(
        column, f.descending ? Qt::DescendingOrder : Qt::AscendingOrder);
}

void OrdersPage::onHeaderClicked(int column) {
    if (!OrderListModel::isSortable(column)) {
        updateSortIndicator();  // the header moved its arrow; put it back
        return;
    }
    const OrderFilter& f = model_->filter();
    const int current = f.sort == OrderFilter::Sort::Total ? OrderListModel::TotalColumn
                                                           : OrderListModel::CreatedColumn;
    // A new column starts with the largest/newest first; the same column flips.
    const Qt::SortOrder order = column == current
                                    ? (f.descending ? Qt::AscendingOrder : Qt::DescendingOrder)
                                    : Qt::DescendingOrder;
    model_->sort(column, order);
    saveFilter();
    updateSortIndicator();
}

void OrdersPage::onActivated(const QModelIndex& index) {
    if (OrderListModel::RowKind(index.data(OrderListModel::RowKindRole).toInt()) ==
        OrderListModel::RowKind::Error) {
        return;  // the kit's binding tries again
    }
    openCurrent(true);
}

void OrdersPage::openCurrent(bool focusDetail) {
    selectionDelay_.stop();
    const QModelIndex current = table_->currentIndex();
    const qint64 id = current.isValid() ? current.data(OrderListModel::ItemIdRole).toLongLong() : 0;
    if (id == 0) {
        return;
    }
    detail_->showOrder(id);
    if (focusDetail) {
        detail_->setFocus(Qt::OtherFocusReason);
    }
}

void OrdersPage::copyCurrentNumber() {
    const QModelIndex current = table_->currentIndex();
    QString number;
    if (current.isValid()) {
        if (const auto order = model_->itemAt(current.row())) {
            number = order->number;
        }
    }
    if (number.isEmpty() && detail_->order()) {
        number = detail_->order()->number;
    }
    if (!number.isEmpty()) {
        QGuiApplication::clipboard()->setText(number);
        exportStatus_->setText(Orders::tr("Copied %1").arg(number));
    }
}

void OrdersPage::chooseExportFile() {
    CsvFileDialog::ask(this, Orders::tr("Export orders"), QStringLiteral("orders"),
                       [this](const QString& file) { startExport(file); });
}

client::OrderCsvExport* OrdersPage::startExport(const QString& fileName) {
    if (export_) {
        return nullptr;
    }
    auto* job = new client::OrderCsvExport(api_, model_->filter(), fileName, this);
    export_ = job;
    auto* progress = new QProgressDialog(this);
    progress_ = progress;
    progress->setObjectName(QStringLiteral("exportProgress"));
    progress->setWindowTitle(Orders::tr("Export orders"));
    progress->setLabelText(
        Orders::tr("Exporting orders to %1…").arg(QFileInfo(fileName).fileName()));
    progress->setCancelButtonText(Orders::tr("Cancel"));
    progress->setMinimumWidth(420);
    progress->setRange(0, 0);
    progress->setMinimumDuration(0);
    progress->setAutoClose(false);
    progress->setAutoReset(false);
    progress->setWindowModality(Qt::WindowModal);
    progress->setAttribute(Qt::WA_DeleteOnClose);
    connect(progress, &QProgressDialog::canceled, job, &client::OrderCsvExport::cancel);
    connect(
        job, &client::OrderCsvExport::progress, progress,
        [progress, fileName](qint64 written, std::optional<qint64> total) {
            const QString file = QFileInfo(fileName).fileName();
            if (total && *total > 0) {
                // Per mille: an int range whatever the size; an estimate may be passed.
                progress->setRange(0, 1000);
                progress->setValue(int(qMin<qint64>(999, written * 1000 / *total)));
                progress->setLabelText(
                    Orders::tr("Exported %1 of %2 to %3…")
                        .arg(QLocale().toString(written),
                             Orders::tr("about %1").arg(Format::approximateCount(*total)), file));
            } else {
                progress->setLabelText(
                    Orders::tr("Exported %1 orders to %2…").arg(QLocale().toString(written), file));
            }
        });
    connect(
        job, &client::OrderCsvExport::finished, this,
        [this, job, fileName](client::OrderCsvExport::Outcome outcome) {
            if (progress_) {
                progress_->close();
            }
            const QString file = QFileInfo(fileName).fileName();
            switch (outcome) {
                case client::OrderCsvExport::Outcome::Finished:
                    exportStatus_->setText(
                        job->rowsWritten() == 1
                            ? Orders::tr("Exported 1 order to %1.").arg(file)
                            : Orders::tr("Exported %1 orders to %2.")
                                  .arg(QLocale().toString(job->rowsWritten()), file));
                    break;
                case client::OrderCsvExport::Outcome::Cancelled:
                    exportStatus_->setText(Orders::tr("Export cancelled; no file was written."));
                    break;
                case client::OrderCsvExport::Outcome::Failed:
                    exportStatus_->setText(Orders::tr("Export failed, no file was written: %1")
                                               .arg(job->fileError().isEmpty()
                                                        ? ErrorText::describe(job->error())
                                                        : job->fileError()));
                    break;
            }
            job->deleteLater();
        });
    progress->show();
    job->start();
    return job;
}

}  // namespace opsdesk::widgets
