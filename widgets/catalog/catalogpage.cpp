#include "widgets/catalog/catalogpage.h"

#include <QEvent>
#include <QFile>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QShortcut>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

#include "services-client/api/apiclient.h"
#include "services-client/auth/session.h"
#include "services-client/catalog/catalogapi.h"
#include "services-client/catalog/productcsvexport.h"
#include "services-client/catalog/productlistmodel.h"
#include "services-client/feed/feedclient.h"
#include "widgets/catalog/bulkedittab.h"
#include "widgets/catalog/catalogtext.h"
#include "widgets/catalog/categorytree.h"
#include "widgets/catalog/producteditor.h"
#include "widgets/catalog/productfilterbar.h"
#include "widgets/catalog/promotionstab.h"
#include "widgets/catalog/virtualcategoriestab.h"
#include "widgets/common/csvfiledialog.h"
#include "widgets/common/errortext.h"
#include "widgets/common/format.h"
#include "widgets/common/pagedlistview.h"
#include "widgets/common/theme.h"

namespace opsdesk::widgets {

using client::ProductFilter;
using client::ProductListModel;
using client::ProductSummary;

namespace {

QSettings catalogSettings() {
    return QSettings(QStringLiteral("OpsDesk"), QStringLiteral("OpsDesk"));
}

}  // namespace

QString CatalogPage::title() {
    return Catalog::tr("Catalog");
}

QString CatalogPage::summary() {
    return Catalog::tr("Maintain products, stock, prices and promotions.");
}

QString CatalogPage::virtualFilterNote() {
    return Catalog::tr("Showing one virtual category's products; “Clear filters” shows them all.");
}

QString CatalogPage::settingsGroup() {
    return QStringLiteral("catalog/filter");
}

std::set<protocol::EventKind> CatalogPage::feedEvents() {
    return {protocol::EventKind::ProductUpdated, protocol::EventKind::PromotionUpdated};
}

CatalogPage::CatalogPage(const ModuleContext& context, QWidget* parent)
    : QWidget(parent), context_(context) {
    setObjectName(QStringLiteral("catalogPage"));
    api_ = new client::CatalogApi(context.api, this);
    categories_ = new CategoryTree(api_, this);
    model_ = new ProductListModel(api_, this);

    auto* outer = new QVBoxLayout(this);
    outer->setContentsMargins(12, 12, 12, 12);
    tabs_ = new QTabWidget(this);
    tabs_->setObjectName(QStringLiteral("catalogTabs"));
    tabs_->setDocumentMode(true);
    outer->addWidget(tabs_);

    productsTab_ = new QWidget(tabs_);
    auto* layout = new QVBoxLayout(productsTab_);
    layout->setContentsMargins(0, 8, 0, 0);
    layout->setSpacing(8);
    filterBar_ = new ProductFilterBar(categories_, productsTab_);
    layout->addWidget(filterBar_);

    auto* bar = new QHBoxLayout;
    total_ = new QLabel(productsTab_);
    total_->setObjectName(QStringLiteral("productTotalLabel"));
    QFont bold = total_->font();
    bold.setBold(true);
    total_->setFont(bold);
    bar->addWidget(total_);
    status_ = new QLabel(productsTab_);
    status_->setObjectName(QStringLiteral("catalogStatusLabel"));
    Theme::setTextColor(status_, Theme::Role::Muted);
    bar->addSpacing(12);
    bar->addWidget(status_, 1);
    newProduct_ = new QPushButton(productsTab_);
    newProduct_->setObjectName(QStringLiteral("newProductButton"));
    refresh_ = new QPushButton(productsTab_);
    refresh_->setObjectName(QStringLiteral("refreshProductsButton"));
    exportButton_ = new QPushButton(productsTab_);
    exportButton_->setObjectName(QStringLiteral("exportProductsButton"));
    bar->addWidget(newProduct_);
    bar->addWidget(refresh_);
    bar->addWidget(exportButton_);
    layout->addLayout(bar);

    splitter_ = new QSplitter(Qt::Horizontal, productsTab_);
    table_ = new QTableView(splitter_);
    table_->setObjectName(QStringLiteral("productsTable"));
    table_->setModel(model_);
    PagedListView::setUpTable(table_);
    QHeaderView* header = table_->horizontalHeader();
    header->setSectionResizeMode(QHeaderView::Interactive);
    // The title keeps room to be read; a narrow pane scrolls rather than squeezing it.
    header->setStretchLastSection(true);
    const QFontMetrics fm = table_->fontMetrics();
    header->setMinimumSectionSize(50);
    header->resizeSection(ProductListModel::TitleColumn,
                          fm.horizontalAdvance(QStringLiteral("Longjing green tea, 250 g tin")));
    header->resizeSection(ProductListModel::SkuColumn,
                          fm.horizontalAdvance(QStringLiteral("TEA-LJ-250, +2")) + 16);
    header->resizeSection(ProductListModel::StatusColumn,
                          fm.horizontalAdvance(QStringLiteral("Archived")) + 16);
    header->resizeSection(ProductListModel::PriceColumn,
                          fm.horizontalAdvance(QStringLiteral("¥999.00 – ¥999.00")) + 12);
    header->resizeSection(ProductListModel::StockColumn,
                          fm.horizontalAdvance(QStringLiteral("-99 (oversold)")) + 12);
    header->resizeSection(ProductListModel::UpdatedColumn,
                          fm.horizontalAdvance(QStringLiteral("2026/11/22 23:59")) + 12);
    editor_ = new ProductEditor(context_, api_, categories_, splitter_);
    splitter_->addWidget(table_);
    splitter_->addWidget(editor_);
    splitter_->setStretchFactor(0, 3);
    splitter_->setStretchFactor(1, 2);
    splitter_->setChildrenCollapsible(false);
    splitter_->setSizes({820, 480});
    layout->addWidget(splitter_, 1);
    tabs_->addTab(productsTab_, QString());
    virtualTab_ = new VirtualCategoriesTab(context_, api_, categories_, tabs_);
    tabs_->addTab(virtualTab_, QString());
    connect(virtualTab_, &VirtualCategoriesTab::showProductsRequested, this, [this](qint64 id) {
        applyFilter({{QStringLiteral("virtual_category_id"), id}});
    });
    connect(filterBar_, &ProductFilterBar::filterChanged, this, [this](const ProductFilter& f) {
        if (!f.virtualCategoryId && status_->text() == virtualFilterNote()) {
            status_->clear();
        }
    });
    promotionsTab_ = new PromotionsTab(context_, categories_, tabs_);
    tabs_->addTab(promotionsTab_, QString());

    model_->setTexts({
        [](int column) -> QString {
            switch (column) {
                case ProductListModel::TitleColumn:
                    return Catalog::tr("Product");
                case ProductListModel::SkuColumn:
                    return Catalog::tr("SKUs");
                case ProductListModel::StatusColumn:
                    return Catalog::tr("Status");
                case ProductListModel::PriceColumn:
                    return Catalog::tr("Price");
                case ProductListModel::StockColumn:
                    return Catalog::tr("Stock");
                case ProductListModel::UpdatedColumn:
                    return Catalog::tr("Changed");
            }
            return {};
        },
        [](const ProductSummary& p, int column, int role) -> QVariant {
            if (role == Qt::DisplayRole) {
                switch (column) {
                    case ProductListModel::TitleColumn:
                        return p.title;
                    case ProductListModel::SkuColumn: {
                        const QStringList skus = p.skus();
                        return skus.size() <= 1
                                   ? skus.join(QString())
                                   : Catalog::tr("%1, +%2").arg(skus.first()).arg(skus.size() - 1);
                    }
                    case ProductListModel::StatusColumn:
                        return CatalogText::statusName(p.status);
                    case ProductListModel::PriceColumn:
                        return CatalogText::priceRange(p);
                    case ProductListModel::StockColumn:
                        return CatalogText::stock(p.totalStock());
                }
                return column == ProductListModel::UpdatedColumn ? Format::dateTime(p.updatedAt)
                                                                 : QVariant();
            }
            const QString state = ProductListModel::stockState(p);
            if (role == Qt::ForegroundRole && column == ProductListModel::StockColumn &&
                !state.isEmpty()) {
                return Theme::color(state == QLatin1String("oversold") ? Theme::Role::Error
                                                                       : Theme::Role::Warning);
            }
            if (role == Qt::ForegroundRole && column == ProductListModel::StatusColumn &&
                p.status != QLatin1String("active")) {
                return Theme::color(Theme::Role::Muted);
            }
            if (role == Qt::ToolTipRole) {
                if (column == ProductListModel::StockColumn && !state.isEmpty()) {
                    return CatalogText::stockStateName(state);
                }
                if (column == ProductListModel::SkuColumn) {
                    return p.skus().join(QLatin1Char('\n'));
                }
            }
            if (role == Qt::TextAlignmentRole && (column == ProductListModel::PriceColumn ||
                                                  column == ProductListModel::StockColumn)) {
                return QVariant::fromValue(Qt::Alignment(Qt::AlignRight | Qt::AlignVCenter));
            }
            return {};
        },
    });
    PagedListView::bind(table_, model_, [] { return Catalog::tr("Loading products…"); });

    connect(filterBar_, &ProductFilterBar::filterChanged, this, &CatalogPage::setListFilter);
    connect(model_, &ProductListModel::totalEstimateChanged, this, &CatalogPage::updateTotal);
    connect(model_, &ProductListModel::loadingChanged, this, &CatalogPage::updateTotal);
    selectionDelay_.setSingleShot(true);
    selectionDelay_.setInterval(std::chrono::milliseconds(150));
    connect(&selectionDelay_, &QTimer::timeout, this, &CatalogPage::openCurrent);
    connect(table_->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this] { selectionDelay_.start(); });
    connect(table_, &QTableView::activated, this, &CatalogPage::openCurrent);
    connect(editor_, &ProductEditor::productLoaded, this,
            [this](const ProductSummary& p) { model_->updateItem(p); });
    connect(editor_, &ProductEditor::productCreated, this, [this](qint64) {
        if (const auto& p = editor_->product()) {
            model_->insertOnTop(*p);
        }
    });
    connect(newProduct_, &QPushButton::clicked, this, [this] {
        table_->clearSelection();
        editor_->startNew();
    });
    connect(refresh_, &QPushButton::clicked, this, [this] {
        categories_->reload();
        model_->reload();
        editor_->reload();
    });
    connect(exportButton_, &QPushButton::clicked, this, [this] {
        if (export_) {
            export_->cancel();
        } else {
            chooseExportFile();
        }
    });
    connect(categories_, &CategoryTree::failed, this,
            [this](const QString& why) { status_->setText(why); });
    context_.subscribe(this, feedEvents(),
                       [this](const client::FeedEvent& event) { applyFeedEvent(event); });
    context_.onResync(this, [this] { resync(); });

    auto* find = new QShortcut(QKeySequence::Find, this);
    find->setContext(Qt::WidgetWithChildrenShortcut);
    connect(find, &QShortcut::activated, this, [this] {
        tabs_->setCurrentWidget(productsTab_);
        filterBar_->searchEdit()->setFocus(Qt::ShortcutFocusReason);
        filterBar_->searchEdit()->selectAll();
    });

    const bool write =
        context_.session && context_.session->can(protocol::Permission::CatalogWrite);
    newProduct_->setVisible(write);
    if (write) {
        bulkEditTab_ = new BulkEditTab(context_, tabs_);
        tabs_->addTab(bulkEditTab_, QString());
        connect(bulkEditTab_, &BulkEditTab::committed, model_, &ProductListModel::reload);
    }

    QSettings settings = catalogSettings();
    ProductFilter remembered = ProductFilter::load(settings, settingsGroup());
    remembered.virtualCategoryId.reset();  // the filter bar cannot show it after a restart
    filterBar_->setFilter(remembered);
    retranslateUi();
    categories_->reload();
    model_->setFilter(remembered);
}

void CatalogPage::retranslateUi() {
    tabs_->setTabText(tabs_->indexOf(productsTab_), Catalog::tr("Products"));
    tabs_->setTabText(tabs_->indexOf(promotionsTab_), Catalog::tr("Promotions"));
    if (bulkEditTab_) {
        tabs_->setTabText(tabs_->indexOf(bulkEditTab_), Catalog::tr("Bulk edit"));
    }
    tabs_->setTabText(tabs_->indexOf(virtualTab_), Catalog::tr("Virtual categories"));
    newProduct_->setText(Catalog::tr("New product"));
    refresh_->setText(Catalog::tr("Refresh"));
    exportButton_->setText(export_ ? Catalog::tr("Cancel export") : Catalog::tr("Export CSV…"));
    exportButton_->setToolTip(
        Catalog::tr("Save every product that matches the filters as a CSV file, one line a "
                    "variant"));
    updateTotal();
}

void CatalogPage::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) {
        retranslateUi();
    }
    QWidget::changeEvent(event);
}

void CatalogPage::setListFilter(const ProductFilter& filter) {
    model_->setFilter(filter);
    QSettings settings = catalogSettings();
    filter.save(settings, settingsGroup());
}

void CatalogPage::updateTotal() {
    if (const auto total = model_->totalEstimate()) {
        total_->setText(CatalogText::productCount(*total, model_->totalIsExact()));
    } else if (model_->hasError()) {
        total_->setText(QString());
    } else {
        total_->setText(Catalog::tr("Counting products…"));
    }
}

void CatalogPage::openCurrent() {
    selectionDelay_.stop();
    const QModelIndex current = table_->currentIndex();
    const qint64 id =
        current.isValid() ? current.data(ProductListModel::ItemIdRole).toLongLong() : 0;
    if (id != 0) {
        editor_->showProduct(id);
    }
}

void CatalogPage::applyFeedEvent(const client::FeedEvent& event) {
    if (event.kind == protocol::EventKind::PromotionUpdated) {
        promotionsTab_->applyFeedEvent(event);
        return;
    }
    if (event.kind != protocol::EventKind::ProductUpdated) {
        return;
    }
    virtualTab_->productChanged();  // a product moves in or out of the open rule
    const auto product = ProductSummary::fromJson(event.data);
    if (!product) {
        return;
    }
    model_->upsert(*product);
    const QString actor = event.actor();
    const bool byMe =
        !actor.isEmpty() && context_.session && actor == context_.session->user().username;
    editor_->showLiveChange(*product, actor, byMe);
}

void CatalogPage::resync() {
    model_->reload();
    editor_->reload();
    promotionsTab_->resync();
    virtualTab_->resync();
}

void CatalogPage::applyFilter(const QVariantMap& request) {
    bool ok = false;
    const qint64 id = request.value(QStringLiteral("product_id")).toLongLong(&ok);
    if (ok && id > 0) {
        tabs_->setCurrentWidget(productsTab_);
        editor_->showProduct(id);
        return;
    }
    const qint64 virtualId = request.value(QStringLiteral("virtual_category_id")).toLongLong();
    if (virtualId > 0) {
        ProductFilter f;
        f.virtualCategoryId = virtualId;
        filterBar_->setFilter(f);
        setListFilter(f);
        tabs_->setCurrentWidget(productsTab_);
        status_->setText(virtualFilterNote());
        return;
    }
    const QString sku = request.value(QStringLiteral("sku")).toString();
    if (!sku.isEmpty()) {
        ProductFilter f;
        f.search = sku;
        filterBar_->setFilter(f);
        setListFilter(f);
    }
}

void CatalogPage::chooseExportFile() {
    CsvFileDialog::ask(this, Catalog::tr("Export products"), QStringLiteral("products"),
                       [this](const QString& file) { startExport(file); });
}

client::ProductCsvExport* CatalogPage::startExport(const QString& fileName) {
    if (export_) {
        return nullptr;
    }
    auto* job = new client::ProductCsvExport(api_, model_->filter(), fileName, this);
    export_ = job;
    const QString file = QFileInfo(fileName).fileName();
    exportButton_->setText(Catalog::tr("Cancel export"));
    status_->setText(Catalog::tr("Exporting products to %1…").arg(file));
    connect(job, &client::ProductCsvExport::progress, this, [this, file](qint64 lines, qint64) {
        status_->setText(Catalog::tr("Exporting products to %1… %2 variants so far")
                             .arg(file, QLocale().toString(lines)));
    });
    connect(job, &client::ProductCsvExport::finished, this,
            [this, job, file](client::ProductCsvExport::Outcome outcome) {
                job->deleteLater();
                export_ = nullptr;
                retranslateUi();
                switch (outcome) {
                    case client::ProductCsvExport::Outcome::Finished:
                        status_->setText(Catalog::tr("Exported %1 variants to %2.")
                                             .arg(QLocale().toString(job->linesWritten()), file));
                        break;
                    case client::ProductCsvExport::Outcome::Cancelled:
                        status_->setText(Catalog::tr("Export cancelled, no file was written."));
                        break;
                    case client::ProductCsvExport::Outcome::Failed:
                        status_->setText(Catalog::tr("Export failed, no file was written: %1")
                                             .arg(job->fileError().isEmpty()
                                                      ? CatalogText::describeError(job->error())
                                                      : job->fileError()));
                        break;
                }
            });
    job->start();
    return job;
}

}  // namespace opsdesk::widgets
