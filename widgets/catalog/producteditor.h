#pragma once

#include <QPointer>
#include <QWidget>
#include <optional>

#include "services-client/api/apirequest.h"
#include "services-client/catalog/product.h"
#include "services-client/catalog/productdraft.h"
#include "widgets/common/module.h"

class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;
class QTableWidget;
class QTabWidget;

namespace opsdesk::client {
class CatalogApi;
struct ApiError;
}  // namespace opsdesk::client

namespace opsdesk::widgets {

class CategoryTree;
class MergePanel;
class MessageLine;
class PriceHistoryChart;

// The product editor beside the list: the product's fields and variants (saved together with
// If-Match, a stale save merged field by field), and for the chosen variant its stock with the
// adjustments, its price history drawn as a chart, and the product's images (dropped or chosen,
// checked by the server, shown as thumbnails). What the person may not do is not offered: prices
// need catalog.price, every change catalog.write.
class ProductEditor : public QWidget {
    Q_OBJECT

public:
    ProductEditor(const ModuleContext& context, client::CatalogApi* api, CategoryTree* categories,
                  QWidget* parent = nullptr);

    void showProduct(qint64 id);
    // An empty form for a new product (catalog.write).
    void startNew();
    void clear();
    void reload();

    qint64 productId() const { return product_ ? product_->id : 0; }
    const std::optional<client::ProductDetail>& product() const { return product_; }
    bool isLoading() const { return loading_ != nullptr; }
    // The form differs from the product as loaded (or a new product has something typed).
    bool hasChanges() const;
    client::ProductDraft draft() const;  // the form as it stands

    // A live change of the open product by someone (the list item of product.updated): reloads
    // when the form holds no edit, else says so and leaves the edit alone (a save then merges).
    void showLiveChange(const client::ProductSummary& item, const QString& actor, bool byMe);

    // Saves what the form holds: POST for a new product, else the PATCH of what changed with
    // If-Match.
    void save();
    // Uploads image files (what a drop or "Add image…" chose), one after another.
    void uploadFiles(const QStringList& paths);
    // Adjusts the chosen variant's stock by `delta` for `reason`.
    void adjustStock(int delta, const QString& reason);

    QLineEdit* titleEdit() const { return title_; }
    QComboBox* statusCombo() const { return status_; }
    QTableWidget* variantsTable() const { return variants_; }
    QLineEdit* priceReasonEdit() const { return priceReason_; }
    QPushButton* saveButton() const { return save_; }
    MessageLine* messageLine() const { return message_; }
    MergePanel* mergePanel() const { return merge_; }
    QTableWidget* adjustmentsTable() const { return adjustments_; }
    PriceHistoryChart* priceChart() const { return chart_; }
    QListWidget* imageList() const { return images_; }
    QTabWidget* tabs() const { return tabs_; }

signals:
    // The product as the server now has it (after a load or a save): the list updates its row.
    void productLoaded(const opsdesk::client::ProductSummary& product);
    void productCreated(qint64 id);

protected:
    void changeEvent(QEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    void retranslateUi();
    void applyPermissions();
    void present(const client::ProductDetail& product);
    void fillForm(const client::ProductDraft& draft);
    void fillVariants(const QList<client::ProductVariant>& variants);
    void addVariantRow(const client::ProductVariant& variant, bool existing);
    std::optional<QList<client::ProductVariant>> readVariants(QString* why) const;
    // The form as a draft; nullopt (with why) while a variant row cannot be read.
    std::optional<client::ProductDraft> readForm(QString* why) const;
    void updateDirty();
    void onSaveFailed(const client::ApiError& error, const client::ProductDraft& mine);
    void showMerge(const client::ProductDetail& theirs, const client::ProductDraft& mine);
    QString fieldLabel(const QString& key) const;
    QString fieldValue(const client::ProductDraft& draft, const QString& key) const;
    QString currentSku() const;
    void loadSkuDetails();
    void showStockSku();
    void loadImages();
    void chooseImages();
    void uploadNext(qint64 productId);

    ModuleContext context_;
    client::CatalogApi* api_;
    CategoryTree* categories_;
    std::optional<client::ProductDetail> product_;
    client::ProductDraft base_;  // what the form started from
    bool creating_ = false;
    bool filling_ = false;
    QPointer<client::ApiRequest> loading_;
    QPointer<client::ApiRequest> saving_;
    int skuGeneration_ = 0;
    QStringList pendingUploads_;
    std::optional<client::ProductDraft> pendingMerge_;

    QLabel* heading_;
    QLabel* subheading_;
    MessageLine* message_;
    MergePanel* merge_;
    QWidget* form_;
    QLabel* titleLabel_;
    QLineEdit* title_;
    QLabel* statusLabel_;
    QComboBox* status_;
    QLabel* categoryLabel_;
    QComboBox* category_;
    QLabel* tagsLabel_;
    QLineEdit* tags_;
    QLabel* descriptionLabel_;
    QPlainTextEdit* description_;
    QLabel* variantsLabel_;
    QTableWidget* variants_;
    QPushButton* addVariant_;
    QPushButton* removeVariant_;
    QLabel* priceReasonLabel_;
    QLineEdit* priceReason_;
    QPushButton* revert_;
    QPushButton* save_;
    QTabWidget* tabs_;
    QWidget* stockTab_;
    QLabel* stockSku_;
    QSpinBox* delta_;
    QLineEdit* adjustReason_;
    QPushButton* adjust_;
    QTableWidget* adjustments_;
    QWidget* priceTab_;
    PriceHistoryChart* chart_;
    QWidget* imagesTab_;
    QListWidget* images_;
    QLabel* dropHint_;
    QPushButton* addImage_;
};

}  // namespace opsdesk::widgets
