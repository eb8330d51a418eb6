#include "widgets/catalog/producteditor.h"

#include <QComboBox>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMimeData>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QSpinBox>
#include <QTabWidget>
#include <QTableWidget>
#include <QVBoxLayout>

#include "opsdesk/protocol/sku.h"
#include "services-client/api/apiclient.h"
#include "services-client/auth/session.h"
#include "services-client/catalog/catalogapi.h"
#include "widgets/catalog/catalogtext.h"
#include "widgets/catalog/categorytree.h"
#include "widgets/catalog/pricehistorychart.h"
#include "widgets/common/format.h"
#include "widgets/common/mergepanel.h"
#include "widgets/common/messageline.h"
#include "widgets/common/theme.h"

namespace opsdesk::widgets {

using client::ProductDraft;
using client::ProductVariant;

namespace {

enum VariantColumn { SkuCol, TitleCol, PriceCol, CurrencyCol, StockCol, ThresholdCol, VariantCols };

constexpr qint64 kMaxImageBytes = 10 * 1024 * 1024;
constexpr int kExistingRole = Qt::UserRole + 1;  // the SKU was loaded: it is not typed again

QStringList splitTags(const QString& text) {
    QStringList tags;
    for (QString t : text.split(QRegularExpression(QStringLiteral("[,，]")), Qt::SkipEmptyParts)) {
        t = t.trimmed();
        if (!t.isEmpty() && !tags.contains(t, Qt::CaseInsensitive)) {
            tags << t;
        }
    }
    return tags;
}

}  // namespace

ProductEditor::ProductEditor(const ModuleContext& context, client::CatalogApi* api,
                             CategoryTree* categories, QWidget* parent)
    : QWidget(parent), context_(context), api_(api), categories_(categories) {
    setObjectName(QStringLiteral("productEditor"));
    setAcceptDrops(true);
    auto* outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    auto* scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    outer->addWidget(scroll);
    auto* body = new QWidget(scroll);
    scroll->setWidget(body);
    auto* layout = new QVBoxLayout(body);
    layout->setContentsMargins(12, 4, 4, 4);
    layout->setSpacing(8);

    heading_ = new QLabel(body);
    heading_->setObjectName(QStringLiteral("productHeading"));
    QFont big = heading_->font();
    big.setPointSizeF(big.pointSizeF() * 1.3);
    big.setWeight(QFont::DemiBold);
    heading_->setFont(big);
    heading_->setWordWrap(true);
    subheading_ = new QLabel(body);
    Theme::setTextColor(subheading_, Theme::Role::Secondary);
    layout->addWidget(heading_);
    layout->addWidget(subheading_);
    message_ = new MessageLine(QStringLiteral("productMessage"), body);
    layout->addWidget(message_);
    merge_ = new MergePanel(body);
    layout->addWidget(merge_);

    form_ = new QWidget(body);
    auto* form = new QFormLayout(form_);
    form->setContentsMargins(0, 0, 0, 0);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    titleLabel_ = new QLabel(form_);
    title_ = new QLineEdit(form_);
    title_->setObjectName(QStringLiteral("productTitleEdit"));
    title_->setMaxLength(300);
    form->addRow(titleLabel_, title_);
    statusLabel_ = new QLabel(form_);
    status_ = new QComboBox(form_);
    status_->setObjectName(QStringLiteral("productStatusCombo"));
    for (const QString& s : CatalogText::statuses()) {
        status_->addItem(s, s);
    }
    form->addRow(statusLabel_, status_);
    categoryLabel_ = new QLabel(form_);
    category_ = new QComboBox(form_);
    category_->setObjectName(QStringLiteral("productCategoryCombo"));
    form->addRow(categoryLabel_, category_);
    tagsLabel_ = new QLabel(form_);
    tags_ = new QLineEdit(form_);
    tags_->setObjectName(QStringLiteral("productTagsEdit"));
    form->addRow(tagsLabel_, tags_);
    descriptionLabel_ = new QLabel(form_);
    description_ = new QPlainTextEdit(form_);
    description_->setObjectName(QStringLiteral("productDescriptionEdit"));
    description_->setTabChangesFocus(true);
    description_->setMaximumHeight(90);
    form->addRow(descriptionLabel_, description_);
    layout->addWidget(form_);

    variantsLabel_ = new QLabel(body);
    QFont bold = variantsLabel_->font();
    bold.setWeight(QFont::DemiBold);
    variantsLabel_->setFont(bold);
    layout->addWidget(variantsLabel_);
    variants_ = new QTableWidget(0, VariantCols, body);
    variants_->setObjectName(QStringLiteral("variantsTable"));
    variants_->setSelectionBehavior(QAbstractItemView::SelectRows);
    variants_->setSelectionMode(QAbstractItemView::SingleSelection);
    variants_->verticalHeader()->hide();
    {
        // The variant's name takes what is left; the figures keep the room their values need.
        QHeaderView* h = variants_->horizontalHeader();
        const QFontMetrics fm = variants_->fontMetrics();
        h->setMinimumSectionSize(40);
        h->setSectionResizeMode(QHeaderView::Interactive);
        h->setSectionResizeMode(TitleCol, QHeaderView::Stretch);
        h->resizeSection(SkuCol, fm.horizontalAdvance(QStringLiteral("TEA-LJ-250G-X")) + 16);
        h->resizeSection(PriceCol, fm.horizontalAdvance(QStringLiteral("99,999.00")) + 16);
        h->resizeSection(CurrencyCol, fm.horizontalAdvance(QStringLiteral("Currency")) + 16);
        h->resizeSection(StockCol, fm.horizontalAdvance(QStringLiteral("-999 (oversold)")) + 16);
        h->resizeSection(ThresholdCol, fm.horizontalAdvance(QStringLiteral("Low at")) + 20);
    }
    variants_->setMinimumHeight(120);
    variants_->setMaximumHeight(200);
    layout->addWidget(variants_);
    auto* variantButtons = new QHBoxLayout;
    addVariant_ = new QPushButton(body);
    addVariant_->setObjectName(QStringLiteral("addVariantButton"));
    removeVariant_ = new QPushButton(body);
    removeVariant_->setObjectName(QStringLiteral("removeVariantButton"));
    variantButtons->addWidget(addVariant_);
    variantButtons->addWidget(removeVariant_);
    variantButtons->addStretch(1);
    priceReasonLabel_ = new QLabel(body);
    priceReason_ = new QLineEdit(body);
    priceReason_->setObjectName(QStringLiteral("priceReasonEdit"));
    priceReason_->setMaxLength(200);
    layout->addLayout(variantButtons);
    // Shown while a price differs from the saved one: the history keeps why.
    auto* reasonRow = new QHBoxLayout;
    reasonRow->addWidget(priceReasonLabel_);
    reasonRow->addWidget(priceReason_, 1);
    layout->addLayout(reasonRow);

    auto* saveRow = new QHBoxLayout;
    saveRow->addStretch(1);
    revert_ = new QPushButton(body);
    revert_->setObjectName(QStringLiteral("revertProductButton"));
    save_ = new QPushButton(body);
    save_->setObjectName(QStringLiteral("saveProductButton"));
    save_->setDefault(true);
    saveRow->addWidget(revert_);
    saveRow->addWidget(save_);
    layout->addLayout(saveRow);

    tabs_ = new QTabWidget(body);
    tabs_->setObjectName(QStringLiteral("productTabs"));
    stockTab_ = new QWidget(tabs_);
    auto* stock = new QVBoxLayout(stockTab_);
    auto* adjustRow = new QHBoxLayout;
    stockSku_ = new QLabel(stockTab_);
    delta_ = new QSpinBox(stockTab_);
    delta_->setObjectName(QStringLiteral("stockDeltaSpin"));
    delta_->setRange(-1000000, 1000000);
    delta_->setSingleStep(1);
    adjustReason_ = new QLineEdit(stockTab_);
    adjustReason_->setObjectName(QStringLiteral("stockReasonEdit"));
    adjustReason_->setMaxLength(200);
    adjust_ = new QPushButton(stockTab_);
    adjust_->setObjectName(QStringLiteral("adjustStockButton"));
    adjustRow->addWidget(stockSku_);
    adjustRow->addWidget(delta_);
    adjustRow->addWidget(adjustReason_, 1);
    adjustRow->addWidget(adjust_);
    stock->addLayout(adjustRow);
    adjustments_ = new QTableWidget(0, 5, stockTab_);
    adjustments_->setObjectName(QStringLiteral("adjustmentsTable"));
    adjustments_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    adjustments_->verticalHeader()->hide();
    adjustments_->horizontalHeader()->setStretchLastSection(true);
    adjustments_->setWordWrap(false);
    stock->addWidget(adjustments_);
    tabs_->addTab(stockTab_, QString());
    priceTab_ = new QWidget(tabs_);
    auto* price = new QVBoxLayout(priceTab_);
    chart_ = new PriceHistoryChart(priceTab_);
    price->addWidget(chart_);
    tabs_->addTab(priceTab_, QString());
    imagesTab_ = new QWidget(tabs_);
    auto* imagesLayout = new QVBoxLayout(imagesTab_);
    images_ = new QListWidget(imagesTab_);
    images_->setObjectName(QStringLiteral("imageList"));
    images_->setViewMode(QListView::IconMode);
    images_->setIconSize(QSize(128, 128));
    images_->setResizeMode(QListView::Adjust);
    images_->setMovement(QListView::Static);
    images_->setMinimumHeight(160);
    dropHint_ = new QLabel(imagesTab_);
    dropHint_->setWordWrap(true);
    Theme::setTextColor(dropHint_, Theme::Role::Muted);
    addImage_ = new QPushButton(imagesTab_);
    addImage_->setObjectName(QStringLiteral("addImageButton"));
    auto* imageRow = new QHBoxLayout;
    imageRow->addWidget(dropHint_, 1);
    imageRow->addWidget(addImage_);
    imagesLayout->addWidget(images_);
    imagesLayout->addLayout(imageRow);
    tabs_->addTab(imagesTab_, QString());
    tabs_->setMinimumHeight(300);
    layout->addWidget(tabs_, 1);

    // Signals.
    for (auto* edit : {title_, tags_}) {
        connect(edit, &QLineEdit::textChanged, this, [this] { updateDirty(); });
    }
    connect(description_, &QPlainTextEdit::textChanged, this, [this] { updateDirty(); });
    for (auto* combo : {status_, category_}) {
        connect(combo, &QComboBox::currentIndexChanged, this, [this] { updateDirty(); });
    }
    connect(variants_, &QTableWidget::itemChanged, this, [this] { updateDirty(); });
    connect(variants_, &QTableWidget::currentCellChanged, this, [this](int row, int, int previous) {
        if (row != previous) {
            loadSkuDetails();
        }
    });
    connect(addVariant_, &QPushButton::clicked, this, [this] {
        ProductVariant v;
        v.currency = product_ && !product_->variants.isEmpty() ? product_->variants.first().currency
                                                               : QStringLiteral("CNY");
        addVariantRow(v, false);
        variants_->setCurrentCell(variants_->rowCount() - 1, SkuCol);
        variants_->editItem(variants_->item(variants_->rowCount() - 1, SkuCol));
        updateDirty();
    });
    connect(removeVariant_, &QPushButton::clicked, this, [this] {
        const int row = variants_->currentRow();
        if (row >= 0) {
            variants_->removeRow(row);
            updateDirty();
        }
    });
    connect(save_, &QPushButton::clicked, this, &ProductEditor::save);
    connect(revert_, &QPushButton::clicked, this, [this] {
        merge_->dismiss();
        pendingMerge_.reset();
        if (creating_) {
            startNew();
        } else if (product_) {
            present(*product_);
        }
    });
    connect(adjust_, &QPushButton::clicked, this,
            [this] { adjustStock(delta_->value(), adjustReason_->text()); });
    connect(addImage_, &QPushButton::clicked, this, &ProductEditor::chooseImages);
    connect(merge_, &MergePanel::applyRequested, this, [this] {
        if (!pendingMerge_ || !product_) {
            return;
        }
        const ProductDraft merged = ProductDraft::merge(*pendingMerge_, base_, merge_->keepMine());
        merge_->dismiss();
        pendingMerge_.reset();
        fillForm(merged);  // base_ stays theirs: the save is a PATCH on their version
        message_->showInfo(Catalog::tr("Your choices are in the form. Check them and save."));
    });
    connect(merge_, &MergePanel::discardRequested, this, [this] {
        merge_->dismiss();
        pendingMerge_.reset();
        if (product_) {
            present(*product_);
        }
        message_->showInfo(Catalog::tr("Your changes were discarded; this is the saved product."));
    });
    connect(categories_, &CategoryTree::changed, this, [this] {
        const QVariant chosen = category_->currentData();
        const bool was = filling_;
        filling_ = true;
        categories_->fill(
            category_, Catalog::tr("No category"),
            chosen.isValid() ? std::optional<qint64>(chosen.toLongLong()) : base_.categoryId);
        filling_ = was;
    });

    retranslateUi();
    clear();
}

void ProductEditor::retranslateUi() {
    titleLabel_->setText(Catalog::tr("Title:"));
    statusLabel_->setText(Catalog::tr("Status:"));
    for (int i = 0; i < status_->count(); ++i) {
        status_->setItemText(i, CatalogText::statusName(status_->itemData(i).toString()));
    }
    categoryLabel_->setText(Catalog::tr("Category:"));
    tagsLabel_->setText(Catalog::tr("Tags:"));
    tags_->setPlaceholderText(Catalog::tr("Comma-separated, e.g. green tea, gift"));
    descriptionLabel_->setText(Catalog::tr("Description:"));
    variantsLabel_->setText(Catalog::tr("Variants"));
    variants_->setHorizontalHeaderLabels({Catalog::tr("SKU"), Catalog::tr("Variant"),
                                          Catalog::tr("Price"), Catalog::tr("Currency"),
                                          Catalog::tr("Stock"), Catalog::tr("Low at")});
    variants_->horizontalHeaderItem(ThresholdCol)
        ->setToolTip(Catalog::tr("The variant counts as low on stock at or below this"));
    addVariant_->setText(Catalog::tr("Add variant"));
    removeVariant_->setText(Catalog::tr("Remove variant"));
    priceReasonLabel_->setText(Catalog::tr("Why the price changes:"));
    priceReason_->setPlaceholderText(Catalog::tr("Kept in the price history"));
    revert_->setText(Catalog::tr("Revert"));
    save_->setText(Catalog::tr("Save"));
    tabs_->setTabText(tabs_->indexOf(stockTab_), Catalog::tr("Stock"));
    tabs_->setTabText(tabs_->indexOf(priceTab_), Catalog::tr("Price history"));
    tabs_->setTabText(tabs_->indexOf(imagesTab_), Catalog::tr("Images"));
    delta_->setToolTip(Catalog::tr("How much to add (or, below zero, to take away)"));
    adjustReason_->setPlaceholderText(Catalog::tr("Why (e.g. stock count, damaged)"));
    adjust_->setText(Catalog::tr("Adjust stock"));
    adjustments_->setHorizontalHeaderLabels({Catalog::tr("When"), Catalog::tr("Change"),
                                             Catalog::tr("Stock after"), Catalog::tr("Who"),
                                             Catalog::tr("Why")});
    dropHint_->setText(
        Catalog::tr("Drop JPEG, PNG or WebP images here (at most 10 MiB each), or add them."));
    addImage_->setText(Catalog::tr("Add image…"));
    if (!product_ && !creating_) {
        heading_->setText(Catalog::tr("No product open"));
        subheading_->setText(Catalog::tr("Choose a product in the list, or make a new one."));
    } else if (creating_) {
        heading_->setText(Catalog::tr("New product"));
        subheading_->setText(Catalog::tr("Give it a title and at least one variant, then save."));
    } else {
        subheading_->setText(Catalog::tr("Version %1 · changed %2")
                                 .arg(product_->version)
                                 .arg(Format::dateTime(product_->updatedAt)));
    }
    showStockSku();
}

void ProductEditor::showStockSku() {
    const QString sku = currentSku();
    stockSku_->setText(sku.isEmpty() ? Catalog::tr("Choose a saved variant")
                                     : Catalog::tr("Stock of %1:").arg(sku));
    adjust_->setEnabled(!sku.isEmpty());
}

void ProductEditor::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) {
        retranslateUi();
    }
    QWidget::changeEvent(event);
}

void ProductEditor::applyPermissions() {
    const bool write =
        context_.session && context_.session->can(protocol::Permission::CatalogWrite);
    const bool price =
        context_.session && context_.session->can(protocol::Permission::CatalogPrice);
    const bool open = product_.has_value() || creating_;
    form_->setEnabled(open && write);
    variants_->setEditTriggers(open && write ? QAbstractItemView::AllEditTriggers
                                             : QAbstractItemView::NoEditTriggers);
    addVariant_->setVisible(write);
    removeVariant_->setVisible(write);
    addVariant_->setEnabled(open);
    removeVariant_->setEnabled(open);
    save_->setVisible(write);
    revert_->setVisible(write);
    // A price (and its currency) is not offered to change without catalog.price; a new
    // product's first prices need only catalog.write.
    for (int row = 0; row < variants_->rowCount(); ++row) {
        const bool existing = variants_->item(row, SkuCol) &&
                              variants_->item(row, SkuCol)->data(kExistingRole).toBool();
        for (int column : {PriceCol, CurrencyCol}) {
            if (auto* item = variants_->item(row, column)) {
                const bool editable = write && (price || !existing);
                item->setFlags(editable ? item->flags() | Qt::ItemIsEditable
                                        : item->flags() & ~Qt::ItemIsEditable);
                item->setToolTip(editable ? QString()
                                          : Catalog::tr("Changing prices needs the permission "
                                                        "“Change product prices”."));
            }
        }
    }
    tabs_->setTabVisible(tabs_->indexOf(stockTab_), product_.has_value());
    tabs_->setTabVisible(tabs_->indexOf(priceTab_), product_.has_value());
    tabs_->setTabVisible(tabs_->indexOf(imagesTab_), product_.has_value());
    tabs_->setVisible(product_.has_value());
    for (QWidget* w : {static_cast<QWidget*>(delta_), static_cast<QWidget*>(adjustReason_),
                       static_cast<QWidget*>(adjust_), static_cast<QWidget*>(addImage_),
                       static_cast<QWidget*>(dropHint_)}) {
        w->setVisible(write);
    }
    setAcceptDrops(write && product_.has_value());
}

void ProductEditor::clear() {
    if (loading_) {
        loading_->abort();
    }
    product_.reset();
    creating_ = false;
    base_ = {};
    pendingMerge_.reset();
    merge_->dismiss();
    message_->clear();
    fillForm({});
    images_->clear();
    chart_->clear();
    adjustments_->setRowCount(0);
    retranslateUi();
    applyPermissions();
    updateDirty();
}

void ProductEditor::startNew() {
    clear();
    creating_ = true;
    ProductDraft draft;
    draft.status = QStringLiteral("draft");
    ProductVariant first;
    first.currency = QStringLiteral("CNY");
    draft.variants << first;
    base_ = {};
    base_.status = draft.status;
    fillForm(draft);
    retranslateUi();
    applyPermissions();
    updateDirty();
    title_->setFocus(Qt::OtherFocusReason);
}

void ProductEditor::showProduct(qint64 id) {
    if (product_ && product_->id == id && !loading_) {
        return;
    }
    if (loading_) {
        loading_->abort();
    }
    creating_ = false;
    merge_->dismiss();
    pendingMerge_.reset();
    message_->clear();
    subheading_->setText(Catalog::tr("Loading…"));
    auto* request = api_->product(id);
    loading_ = request;
    connect(request, &client::ApiRequest::succeeded, this, [this, request] {
        loading_ = nullptr;
        present(request->product());
        emit productLoaded(request->product());
    });
    connect(request, &client::ApiRequest::failed, this, [this, request](const client::ApiError& e) {
        if (loading_ == request) {
            loading_ = nullptr;
        }
        if (e.kind != client::ApiError::Kind::Cancelled) {
            message_->showError(CatalogText::describeError(e));
        }
    });
}

void ProductEditor::reload() {
    if (product_) {
        const qint64 id = product_->id;
        product_.reset();
        showProduct(id);
    }
}

void ProductEditor::present(const client::ProductDetail& product) {
    const QString sku = currentSku();
    product_ = product;
    creating_ = false;
    base_ = ProductDraft::from(product);
    heading_->setText(product.title);
    fillForm(base_);
    // The variant the person looked at stays chosen.
    for (int row = 0; row < variants_->rowCount(); ++row) {
        if (variants_->item(row, SkuCol)->text().compare(sku, Qt::CaseInsensitive) == 0) {
            variants_->setCurrentCell(row, SkuCol);
        }
    }
    if (variants_->currentRow() < 0 && variants_->rowCount() > 0) {
        variants_->setCurrentCell(0, SkuCol);
    }
    retranslateUi();
    applyPermissions();
    updateDirty();
    loadImages();
}

void ProductEditor::fillForm(const ProductDraft& d) {
    filling_ = true;
    title_->setText(d.title);
    const int s = status_->findData(d.status.isEmpty() ? QStringLiteral("draft") : d.status);
    status_->setCurrentIndex(s >= 0 ? s : 0);
    categories_->fill(category_, Catalog::tr("No category"), d.categoryId);
    if (d.categoryId && category_->findData(*d.categoryId) < 0) {
        // Not in the tree as loaded (a category made elsewhere): keep it, by its number.
        category_->addItem(Catalog::tr("Category %1").arg(*d.categoryId), *d.categoryId);
        category_->setCurrentIndex(category_->count() - 1);
    }
    tags_->setText(d.tags.join(QStringLiteral(", ")));
    description_->setPlainText(d.description);
    fillVariants(d.variants);
    filling_ = false;
    updateDirty();
}

void ProductEditor::fillVariants(const QList<ProductVariant>& variants) {
    const bool was = filling_;
    filling_ = true;
    variants_->setRowCount(0);
    for (const auto& v : variants) {
        addVariantRow(v, base_.variant(v.sku) != nullptr && !creating_);
    }
    filling_ = was;
    applyPermissions();
}

void ProductEditor::addVariantRow(const ProductVariant& v, bool existing) {
    const bool was = filling_;
    filling_ = true;
    const int row = variants_->rowCount();
    variants_->insertRow(row);
    auto* sku = new QTableWidgetItem(v.sku);
    sku->setData(kExistingRole, existing);
    sku->setData(Qt::UserRole, QJsonValue(v.attributes).toVariant());
    if (existing) {
        sku->setFlags(sku->flags() & ~Qt::ItemIsEditable);  // a SKU is renamed by a new variant
    }
    variants_->setItem(row, SkuCol, sku);
    variants_->setItem(row, TitleCol, new QTableWidgetItem(v.title));
    auto* price = new QTableWidgetItem(v.sku.isEmpty() && v.priceMinor == 0
                                           ? QString()
                                           : Format::plainAmount(v.priceMinor, v.currency));
    price->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    variants_->setItem(row, PriceCol, price);
    variants_->setItem(row, CurrencyCol, new QTableWidgetItem(v.currency));
    auto* stock =
        new QTableWidgetItem(existing ? CatalogText::stock(v.stock) : QString::number(v.stock));
    stock->setData(Qt::UserRole, v.stock);
    stock->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    if (existing) {
        stock->setFlags(stock->flags() & ~Qt::ItemIsEditable);  // moved by adjustments only
        stock->setToolTip(Catalog::tr("Stock changes through adjustments (the Stock tab)"));
        if (v.isOversold()) {
            stock->setForeground(Theme::color(Theme::Role::Error));
        } else if (v.isLow()) {
            stock->setForeground(Theme::color(Theme::Role::Warning));
        }
    }
    variants_->setItem(row, StockCol, stock);
    auto* threshold = new QTableWidgetItem(QString::number(v.lowStockThreshold));
    threshold->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    variants_->setItem(row, ThresholdCol, threshold);
    filling_ = was;
}

std::optional<QList<ProductVariant>> ProductEditor::readVariants(QString* why) const {
    QList<ProductVariant> out;
    QStringList seen;
    for (int row = 0; row < variants_->rowCount(); ++row) {
        const auto text = [&](int column) {
            const QTableWidgetItem* item = variants_->item(row, column);
            return item ? item->text().trimmed() : QString();
        };
        ProductVariant v;
        v.sku = text(SkuCol);
        v.title = text(TitleCol);
        v.currency = text(CurrencyCol).toUpper();
        const QTableWidgetItem* skuItem = variants_->item(row, SkuCol);
        v.attributes = skuItem ? QJsonValue::fromVariant(skuItem->data(Qt::UserRole)).toObject()
                               : QJsonObject();
        const int line = row + 1;
        if (v.sku.isEmpty()) {
            *why = Catalog::tr("Variant %1 has no SKU.").arg(line);
            return std::nullopt;
        }
        if (!protocol::isSku(v.sku.toStdString())) {
            *why = Catalog::tr(
                       "The SKU “%1” must be 1 to 64 letters, digits and . _ -, starting "
                       "with a letter or digit.")
                       .arg(v.sku);
            return std::nullopt;
        }
        if (seen.contains(v.sku.toLower())) {
            *why = Catalog::tr("The SKU %1 appears twice.").arg(v.sku);
            return std::nullopt;
        }
        seen << v.sku.toLower();
        if (!QRegularExpression(QStringLiteral("^[A-Z]{3}$")).match(v.currency).hasMatch()) {
            *why = Catalog::tr("Variant %1: the currency must be a three-letter code such as CNY.")
                       .arg(v.sku);
            return std::nullopt;
        }
        const auto price = Format::parseAmount(text(PriceCol), v.currency);
        if (!price || *price < 0) {
            *why = Catalog::tr("Variant %1: “%2” is not a price.").arg(v.sku, text(PriceCol));
            return std::nullopt;
        }
        v.priceMinor = *price;
        const QTableWidgetItem* stockItem = variants_->item(row, StockCol);
        const bool existing = skuItem && skuItem->data(kExistingRole).toBool();
        bool ok = true;
        v.stock = existing ? stockItem->data(Qt::UserRole).toInt()
                           : (text(StockCol).isEmpty() ? 0 : text(StockCol).toInt(&ok));
        if (!ok || (!existing && v.stock < 0)) {
            *why = Catalog::tr("Variant %1: the opening stock must be a whole number, 0 or more.")
                       .arg(v.sku);
            return std::nullopt;
        }
        v.lowStockThreshold = text(ThresholdCol).isEmpty() ? 0 : text(ThresholdCol).toInt(&ok);
        if (!ok || v.lowStockThreshold < 0) {
            *why =
                Catalog::tr("Variant %1: “Low at” must be a whole number, 0 or more.").arg(v.sku);
            return std::nullopt;
        }
        out << v;
    }
    return out;
}

std::optional<ProductDraft> ProductEditor::readForm(QString* why) const {
    const auto variants = readVariants(why);
    if (!variants) {
        return std::nullopt;
    }
    ProductDraft d;
    d.title = title_->text().trimmed();
    d.description = description_->toPlainText();
    d.status = status_->currentData().toString();
    const QVariant category = category_->currentData();
    d.categoryId = category.isValid() ? std::optional<qint64>(category.toLongLong()) : std::nullopt;
    d.tags = splitTags(tags_->text());
    d.attributes = base_.attributes;
    d.variants = *variants;
    return d;
}

ProductDraft ProductEditor::draft() const {
    QString why;
    if (auto d = readForm(&why)) {
        return *d;
    }
    ProductDraft d = base_;  // unreadable rows: the rest of the form as it stands
    d.title = title_->text().trimmed();
    d.description = description_->toPlainText();
    d.status = status_->currentData().toString();
    d.tags = splitTags(tags_->text());
    return d;
}

bool ProductEditor::hasChanges() const {
    if (!product_ && !creating_) {
        return false;
    }
    QString why;
    const auto d = readForm(&why);
    // Something typed that is not valid yet is a change too.
    return !d || creating_ || !ProductDraft::changedFields(base_, *d).isEmpty();
}

void ProductEditor::updateDirty() {
    if (filling_) {
        return;
    }
    // The form is read once per edit: whether it differs, and whether a price does.
    QString why;
    const auto d = (product_ || creating_) ? readForm(&why) : std::optional<ProductDraft>(base_);
    const bool open = product_.has_value() || creating_;
    const bool dirty =
        open && (!d || creating_ || !ProductDraft::changedFields(base_, *d).isEmpty());
    save_->setEnabled(dirty && !saving_);
    revert_->setEnabled(dirty && !saving_);
    const bool priceChange = d && !creating_ && ProductDraft::changesPrice(base_, *d);
    priceReasonLabel_->setVisible(priceChange);
    priceReason_->setVisible(priceChange);
}

void ProductEditor::save() {
    if (saving_ || (!product_ && !creating_)) {
        return;
    }
    QString why;
    const auto form = readForm(&why);
    if (!form) {
        message_->showError(why);
        return;
    }
    const ProductDraft& mine = *form;
    if (mine.title.isEmpty()) {
        message_->showError(Catalog::tr("A product needs a title."));
        title_->setFocus(Qt::OtherFocusReason);
        return;
    }
    if (mine.variants.isEmpty()) {
        message_->showError(Catalog::tr("A product needs at least one variant."));
        return;
    }
    const bool priceChange = !creating_ && ProductDraft::changesPrice(base_, mine);
    if (priceChange && priceReason_->text().trimmed().isEmpty()) {
        message_->showError(Catalog::tr("Say why the price changes; it is kept in the history."));
        priceReason_->setFocus(Qt::OtherFocusReason);
        return;
    }
    client::ProductRequest* request = nullptr;
    if (creating_) {
        request = api_->createProduct(mine.createBody(QStringLiteral("new product")));
    } else {
        const QJsonObject patch = ProductDraft::patch(base_, mine, priceReason_->text());
        if (patch.isEmpty()) {
            updateDirty();
            return;
        }
        request = api_->updateProduct(product_->id, product_->version, patch);
    }
    saving_ = request;
    save_->setEnabled(false);
    message_->showInfo(Catalog::tr("Saving…"));
    const bool created = creating_;
    connect(request, &client::ApiRequest::succeeded, this, [this, request, created] {
        saving_ = nullptr;
        priceReason_->clear();
        present(request->product());
        message_->showSuccess(
            created ? Catalog::tr("Product created.")
                    : Catalog::tr("Saved as version %1.").arg(request->product().version));
        emit productLoaded(request->product());
        if (created) {
            emit productCreated(request->product().id);
        }
    });
    connect(request, &client::ApiRequest::failed, this, [this, mine](const client::ApiError& e) {
        saving_ = nullptr;
        onSaveFailed(e, mine);
    });
}

void ProductEditor::onSaveFailed(const client::ApiError& error, const ProductDraft& mine) {
    updateDirty();
    if (error.kind == client::ApiError::Kind::Cancelled) {
        message_->clear();
        return;
    }
    if (error.is(protocol::ErrorCode::PreconditionFailed) && product_) {
        // Someone saved it meanwhile: fetch theirs and merge field by field. The form keeps
        // the person's edit until they choose.
        message_->showWarning(CatalogText::describeError(error));
        auto* request = api_->product(product_->id);
        connect(request, &client::ApiRequest::succeeded, this,
                [this, request, mine] { showMerge(request->product(), mine); });
        connect(request, &client::ApiRequest::failed, this, [this](const client::ApiError& e) {
            message_->showError(CatalogText::describeError(e));
        });
        return;
    }
    message_->showError(CatalogText::describeError(error));
}

void ProductEditor::showMerge(const client::ProductDetail& theirs, const ProductDraft& mine) {
    const ProductDraft opened = base_;
    product_ = theirs;
    base_ = ProductDraft::from(theirs);  // a save now is a PATCH on their version
    pendingMerge_ = mine;
    QList<MergePanel::Field> fields;
    for (const auto& c : ProductDraft::conflicts(opened, mine, base_)) {
        fields << MergePanel::Field{.key = c.key,
                                    .label = fieldLabel(c.key),
                                    .mine = fieldValue(mine, c.key),
                                    .theirs = fieldValue(base_, c.key),
                                    .bothChanged = c.bothChanged,
                                    .proposeMine = c.proposed == ProductDraft::Side::Mine};
    }
    subheading_->setText(Catalog::tr("Version %1 · changed %2")
                             .arg(theirs.version)
                             .arg(Format::dateTime(theirs.updatedAt)));
    if (fields.isEmpty()) {
        // Their change and mine are the same: nothing to choose.
        pendingMerge_.reset();
        present(theirs);
        message_->showInfo(Catalog::tr("Someone saved the same changes meanwhile."));
        return;
    }
    message_->clear();
    merge_->showFields(fields);
    updateDirty();
}

QString ProductEditor::fieldLabel(const QString& key) const {
    if (key == QLatin1String("title")) {
        return Catalog::tr("Title");
    }
    if (key == QLatin1String("description")) {
        return Catalog::tr("Description");
    }
    if (key == QLatin1String("status")) {
        return Catalog::tr("Status");
    }
    if (key == QLatin1String("category_id")) {
        return Catalog::tr("Category");
    }
    if (key == QLatin1String("tags")) {
        return Catalog::tr("Tags");
    }
    if (key == QLatin1String("attributes")) {
        return Catalog::tr("Attributes");
    }
    return Catalog::tr("Variant %1").arg(key.section(QLatin1Char(':'), 1).toUpper());
}

QString ProductEditor::fieldValue(const ProductDraft& d, const QString& key) const {
    if (key == QLatin1String("status")) {
        return CatalogText::statusName(d.status);
    }
    if (key == QLatin1String("category_id")) {
        return d.categoryId ? categories_->path(*d.categoryId) : Catalog::tr("No category");
    }
    if (key.startsWith(QLatin1String("variant:"))) {
        const ProductVariant* v = d.variant(key.section(QLatin1Char(':'), 1));
        if (!v) {
            return Catalog::tr("(none)");
        }
        return Catalog::tr("%1, %2, low at %3")
            .arg(v->title.isEmpty() ? v->sku : v->title, Format::money(v->priceMinor, v->currency))
            .arg(v->lowStockThreshold);
    }
    return d.fieldText(key);
}

void ProductEditor::showLiveChange(const client::ProductSummary& item, const QString& actor,
                                   bool byMe) {
    if (!product_ || item.id != product_->id || item.version <= product_->version || saving_) {
        return;  // not open, or already shown (our own save brought it)
    }
    if (!hasChanges() && !merge_->isVisible()) {
        product_.reset();
        showProduct(item.id);
        if (!byMe && !actor.isEmpty()) {
            message_->showInfo(Catalog::tr("%1 just changed this product.").arg(actor));
        }
        return;
    }
    message_->showWarning(
        actor.isEmpty() || byMe
            ? Catalog::tr("This product changed while you were editing it. When you save, you "
                          "will see what differs.")
            : Catalog::tr("%1 changed this product while you were editing it. When you save, "
                          "you will see what differs.")
                  .arg(actor));
}

QString ProductEditor::currentSku() const {
    const int row = variants_->currentRow();
    const QTableWidgetItem* item = row >= 0 ? variants_->item(row, SkuCol) : nullptr;
    return item && item->data(kExistingRole).toBool() ? item->text() : QString();
}

void ProductEditor::loadSkuDetails() {
    const QString sku = currentSku();
    const int generation = ++skuGeneration_;
    showStockSku();
    if (sku.isEmpty() || !product_) {
        adjustments_->setRowCount(0);
        chart_->clear();
        return;
    }
    auto* adjustments = api_->stockAdjustments(sku, {}, 50);
    connect(adjustments, &client::ApiRequest::succeeded, this, [this, adjustments, generation] {
        if (generation != skuGeneration_) {
            return;
        }
        const auto& items = adjustments->items();
        adjustments_->setRowCount(int(items.size()));
        for (int row = 0; row < items.size(); ++row) {
            const auto& a = items.at(row);
            const QString who = !a.actor.isEmpty() ? a.actor
                                : !a.orderNumber.isEmpty()
                                    ? Catalog::tr("Order %1").arg(a.orderNumber)
                                    : Format::none();
            const QStringList cells{
                Format::dateTime(a.at),
                a.delta > 0 ? QStringLiteral("+%1").arg(a.delta) : QString::number(a.delta),
                CatalogText::stock(a.stockAfter), who, a.reason};
            for (int column = 0; column < cells.size(); ++column) {
                auto* item = new QTableWidgetItem(cells.at(column));
                if (column == 1 || column == 2) {
                    item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
                }
                adjustments_->setItem(row, column, item);
            }
        }
    });
    auto* history = api_->priceHistory(sku);
    connect(history, &client::ApiRequest::succeeded, this, [this, history, generation, sku] {
        if (generation == skuGeneration_) {
            chart_->setHistory(sku, history->items());
        }
    });
    for (client::ApiRequest* r : {static_cast<client::ApiRequest*>(adjustments),
                                  static_cast<client::ApiRequest*>(history)}) {
        connect(
            r, &client::ApiRequest::failed, this, [this, generation](const client::ApiError& e) {
                if (generation == skuGeneration_ && e.kind != client::ApiError::Kind::Cancelled) {
                    message_->showError(CatalogText::describeError(e));
                }
            });
    }
}

void ProductEditor::adjustStock(int delta, const QString& reason) {
    const QString sku = currentSku();
    if (sku.isEmpty() || !product_) {
        return;
    }
    if (delta == 0) {
        message_->showError(Catalog::tr("Enter how much the stock changes."));
        return;
    }
    if (reason.trimmed().isEmpty()) {
        message_->showError(Catalog::tr("Say why the stock changes."));
        adjustReason_->setFocus(Qt::OtherFocusReason);
        return;
    }
    adjust_->setEnabled(false);
    // One key for this adjustment: a repeat after a lost answer is a replay, not a second one.
    auto* request =
        api_->adjustStock(sku, delta, reason.trimmed(), client::ApiRequest::newIdempotencyKey());
    connect(request, &client::ApiRequest::succeeded, this, [this, sku, delta] {
        adjust_->setEnabled(true);
        delta_->setValue(0);
        adjustReason_->clear();
        message_->showSuccess(delta > 0 ? Catalog::tr("Added %1 to %2.").arg(delta).arg(sku)
                                        : Catalog::tr("Took %1 from %2.").arg(-delta).arg(sku));
        const qint64 id = product_ ? product_->id : 0;
        if (id && !hasChanges()) {
            product_.reset();
            showProduct(id);  // the stock and the adjustments as they are now
        } else {
            loadSkuDetails();
        }
    });
    connect(request, &client::ApiRequest::failed, this, [this](const client::ApiError& e) {
        adjust_->setEnabled(true);
        const QJsonValue stock = e.details.value(QLatin1String("stock"));
        if (e.is(protocol::ErrorCode::ValidationFailed) && stock.isDouble()) {
            message_->showError(Catalog::tr("Stock cannot go below zero by hand: there are %1.")
                                    .arg(stock.toInt()));
            return;
        }
        message_->showError(CatalogText::describeError(e));
    });
}

void ProductEditor::loadImages() {
    images_->clear();
    if (!product_) {
        return;
    }
    for (const auto& image : product_->images) {
        auto* item = new QListWidgetItem(
            QStringLiteral("%1 × %2").arg(image.width).arg(image.height), images_);
        item->setData(Qt::UserRole, image.id);
        item->setSizeHint(QSize(150, 160));
        auto* request = api_->imageBytes(image.thumbnailUrl);
        QPointer<QListWidget> list = images_;
        const qint64 id = image.id;
        connect(request, &client::ApiRequest::succeeded, this, [list, request, id] {
            if (!list) {
                return;
            }
            QPixmap pixmap;
            if (!pixmap.loadFromData(request->rawResponse())) {
                return;
            }
            for (int i = 0; i < list->count(); ++i) {
                if (list->item(i)->data(Qt::UserRole).toLongLong() == id) {
                    list->item(i)->setIcon(QIcon(pixmap));
                }
            }
        });
    }
}

void ProductEditor::chooseImages() {
    const QStringList files = QFileDialog::getOpenFileNames(
        this, Catalog::tr("Add images"), QString(),
        Catalog::tr("Images (*.jpg *.jpeg *.png *.webp);;All files (*)"));
    uploadFiles(files);
}

void ProductEditor::dragEnterEvent(QDragEnterEvent* event) {
    if (product_ && event->mimeData()->hasUrls()) {
        event->acceptProposedAction();
    }
}

void ProductEditor::dropEvent(QDropEvent* event) {
    QStringList files;
    for (const QUrl& url : event->mimeData()->urls()) {
        if (url.isLocalFile()) {
            files << url.toLocalFile();
        }
    }
    if (!files.isEmpty()) {
        event->acceptProposedAction();
        uploadFiles(files);
    }
}

void ProductEditor::uploadFiles(const QStringList& paths) {
    if (!product_ || paths.isEmpty()) {
        return;
    }
    const bool idle = pendingUploads_.isEmpty();
    pendingUploads_ << paths;
    if (!idle) {
        return;  // the running upload takes the next when it ends
    }
    uploadNext(product_->id);
}

void ProductEditor::uploadNext(qint64 productId) {
    if (pendingUploads_.isEmpty()) {
        return;
    }
    const QString path = pendingUploads_.first();
    const QString name = QFileInfo(path).fileName();
    const auto done = [this, productId] {
        pendingUploads_.removeFirst();
        uploadNext(productId);
    };
    QFile file(path);
    if (QFileInfo(path).size() > kMaxImageBytes) {
        message_->showError(Catalog::tr("%1 is larger than 10 MiB.").arg(name));
        done();
        return;
    }
    if (!file.open(QIODevice::ReadOnly)) {
        message_->showError(Catalog::tr("%1 could not be read: %2").arg(name, file.errorString()));
        done();
        return;
    }
    message_->showInfo(Catalog::tr("Uploading %1…").arg(name));
    auto* request = api_->uploadImage(productId, file.readAll());
    connect(request, &client::ApiRequest::succeeded, this, [this, done, name, productId] {
        message_->showSuccess(Catalog::tr("%1 added.").arg(name));
        if (pendingUploads_.size() == 1 && product_ && product_->id == productId && !hasChanges()) {
            product_.reset();
            showProduct(productId);  // the images as the server has them
        }
        done();
    });
    connect(request, &client::ApiRequest::failed, this,
            [this, done, name](const client::ApiError& e) {
                message_->showError(
                    Catalog::tr("%1 was not added: %2").arg(name, CatalogText::describeError(e)));
                done();
            });
}

}  // namespace opsdesk::widgets
