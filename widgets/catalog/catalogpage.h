#pragma once

#include <QPointer>
#include <QTimer>
#include <QVariantMap>
#include <QWidget>

#include "services-client/api/apirequest.h"
#include "services-client/catalog/productfilter.h"
#include "widgets/common/module.h"

class QLabel;
class QPushButton;
class QSplitter;
class QTableView;
class QTabWidget;

namespace opsdesk::client {
class CatalogApi;
class ProductCsvExport;
class ProductListModel;
struct FeedEvent;
}  // namespace opsdesk::client

namespace opsdesk::widgets {

class BulkEditTab;
class CategoryTree;
class ProductEditor;
class ProductFilterBar;
class PromotionsTab;
class VirtualCategoriesTab;

// The Catalog module: the product list over any number of products (lazy pages, filters,
// search, the low-stock and oversold views), the editor beside it, and CSV export of the
// filter. Products others change arrive live.
class CatalogPage : public QWidget {
    Q_OBJECT

public:
    CatalogPage(const ModuleContext& context, QWidget* parent = nullptr);

    static QString title();
    static QString summary();
    // product.updated: rows change in place, new ones join at the top, the open product
    // reloads (or, while it is being edited, says so). promotion.updated: the Promotions tab.
    static std::set<protocol::EventKind> feedEvents();

    client::CatalogApi* api() const { return api_; }
    client::ProductListModel* model() const { return model_; }
    QTableView* table() const { return table_; }
    ProductFilterBar* filterBar() const { return filterBar_; }
    ProductEditor* editor() const { return editor_; }
    CategoryTree* categories() const { return categories_; }
    QTabWidget* tabs() const { return tabs_; }
    PromotionsTab* promotionsTab() const { return promotionsTab_; }
    BulkEditTab* bulkEditTab() const { return bulkEditTab_; }  // null without catalog.write
    VirtualCategoriesTab* virtualCategoriesTab() const { return virtualTab_; }

    void applyFeedEvent(const client::FeedEvent& event);
    void resync();
    // {"product_id": N} opens that product; {"sku": "X"} searches for it;
    // {"virtual_category_id": N} lists that virtual category's products.
    Q_INVOKABLE void applyFilter(const QVariantMap& request);
    // Saves the list's filter as CSV (the server writes it) to `fileName`, streamed to the file;
    // null while another export runs (the button cancels it then).
    client::ProductCsvExport* startExport(const QString& fileName);

    static QString settingsGroup();
    static QString virtualFilterNote();

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslateUi();
    void setListFilter(const client::ProductFilter& filter);
    void updateTotal();
    void openCurrent();
    void chooseExportFile();

    ModuleContext context_;
    client::CatalogApi* api_;
    CategoryTree* categories_;
    client::ProductListModel* model_;
    QTabWidget* tabs_;
    QWidget* productsTab_;
    ProductFilterBar* filterBar_;
    QLabel* total_;
    QLabel* status_;
    QPushButton* newProduct_;
    QPushButton* refresh_;
    QPushButton* exportButton_;
    QSplitter* splitter_;
    QTableView* table_;
    ProductEditor* editor_;
    QTimer selectionDelay_;
    QPointer<client::ProductCsvExport> export_;
    PromotionsTab* promotionsTab_;
    BulkEditTab* bulkEditTab_ = nullptr;
    VirtualCategoriesTab* virtualTab_;
};

}  // namespace opsdesk::widgets
