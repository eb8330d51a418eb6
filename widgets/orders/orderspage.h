#pragma once

#include <QPointer>
#include <QTimer>
#include <QVariantMap>
#include <QWidget>

#include "services-client/orders/ordercsvexport.h"
#include "services-client/orders/orderfilter.h"
#include "widgets/common/module.h"

class QDateEdit;
class QLabel;
class QProgressDialog;
class QPushButton;
class QSplitter;
class QTableView;

namespace opsdesk::client {
struct FeedEvent;
class OrderListModel;
class OrdersApi;
}  // namespace opsdesk::client

namespace opsdesk::widgets {

class OrderDetailPane;
class OrderFilterBar;

// The Orders module: a table over any number of orders (lazy pages in bounded memory), the
// filter bar, a jump to any date, CSV export, and the detail pane with the order's actions.
class OrdersPage : public QWidget {
    Q_OBJECT

public:
    OrdersPage(const ModuleContext& context, QWidget* parent = nullptr);
    ~OrdersPage() override;

    static QString title();
    static QString summary();
    // The live events the module follows: new and changed orders, and refunds (for notices).
    static std::set<protocol::EventKind> feedEvents();
    // Desktop notices: a new order at or above the amount in Settings, a refund by someone
    // else (ordernotices.cpp).
    static std::optional<ModuleNotice> notice(const client::FeedEvent& event,
                                              const NoticeContext& context);

    client::OrderListModel* model() const { return model_; }
    QTableView* table() const { return table_; }
    OrderFilterBar* filterBar() const { return filterBar_; }
    OrderDetailPane* detailPane() const { return detail_; }
    client::OrdersApi* api() const { return api_; }

    // Reload from `day` backwards: orders created on it or before, newest first.
    void jumpToDate(const QDate& day);
    // Exports the current filter to `fileName` with a progress dialog (the Export button asks
    // for the name first).
    client::OrderCsvExport* startExport(const QString& fileName);
    client::OrderCsvExport* currentExport() const { return export_; }

    // A live event (ModuleContext::subscribe hands it over): new orders join the table without
    // moving what the user looks at, changed ones update in place, and the open order reloads
    // unless it shows that version already.
    void applyFeedEvent(const client::FeedEvent& event);
    // The feed could not replay what was missed: reload the list and the open order.
    void resync();
    // What another screen asks the page to show (ModuleContext::openModule): {"order_id": N}
    // opens that order in the detail pane, leaving the list as it is.
    Q_INVOKABLE void applyFilter(const QVariantMap& request);

    // Where filters are remembered: the settings group in QSettings("OpsDesk", "OpsDesk").
    static QString settingsGroup();

protected:
    void changeEvent(QEvent* event) override;
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void retranslateUi();
    void setListFilter(const client::OrderFilter& filter);
    void saveFilter() const;
    void updateTotal();
    void updateEmptyState();
    void updateSortIndicator();
    void onHeaderClicked(int column);
    void onActivated(const QModelIndex& index);
    void openCurrent(bool focusDetail);
    void copyCurrentNumber();
    void chooseExportFile();
    void keepViewport(int insertedRow);

    ModuleContext context_;
    client::OrdersApi* api_;
    client::OrderListModel* model_;
    OrderFilterBar* filterBar_;
    QTableView* table_;
    OrderDetailPane* detail_;
    QSplitter* splitter_;
    QLabel* total_;
    QLabel* empty_;
    QLabel* jumpLabel_;
    QDateEdit* jumpDate_;
    QPushButton* jump_;
    QPushButton* refresh_;
    QPushButton* exportButton_;
    QLabel* exportStatus_;
    QTimer selectionDelay_;
    QPointer<client::OrderCsvExport> export_;
    QPointer<QProgressDialog> progress_;
};

}  // namespace opsdesk::widgets
