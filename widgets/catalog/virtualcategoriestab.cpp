#include "widgets/catalog/virtualcategoriestab.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

#include "services-client/api/apiclient.h"
#include "services-client/auth/session.h"
#include "services-client/catalog/catalogapi.h"
#include "services-client/catalog/virtualcategories.h"
#include "widgets/catalog/catalogtext.h"
#include "widgets/catalog/virtualcategoryeditor.h"
#include "widgets/common/format.h"
#include "widgets/common/messageline.h"
#include "widgets/common/pagedlistview.h"
#include "widgets/common/searchbox.h"
#include "widgets/common/theme.h"

namespace opsdesk::widgets {

using client::VirtualCategory;
using client::VirtualCategoryListModel;

VirtualCategoriesTab::VirtualCategoriesTab(const ModuleContext& context,
                                           client::CatalogApi* catalog, CategoryTree* categories,
                                           QWidget* parent)
    : QWidget(parent), context_(context) {
    setObjectName(QStringLiteral("virtualCategoriesTab"));
    api_ = new client::VirtualCategoriesApi(catalog->client(), this);
    model_ = new VirtualCategoryListModel(api_, this);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 8, 0, 0);
    splitter_ = new QSplitter(Qt::Horizontal, this);

    auto* left = new QWidget(splitter_);
    auto* list = new QVBoxLayout(left);
    list->setContentsMargins(0, 0, 0, 0);
    auto* bar = new QHBoxLayout;
    search_ = new SearchBox(QStringLiteral("virtualCategorySearchEdit"), left);
    new_ = new QPushButton(left);
    new_->setObjectName(QStringLiteral("newVirtualCategoryButton"));
    bar->addWidget(search_, 1);
    bar->addWidget(new_);
    list->addLayout(bar);
    table_ = new QTableView(left);
    table_->setObjectName(QStringLiteral("virtualCategoriesTable"));
    table_->setModel(model_);
    PagedListView::setUpTable(table_);
    QHeaderView* header = table_->horizontalHeader();
    header->setSectionResizeMode(QHeaderView::Interactive);
    header->setSectionResizeMode(VirtualCategoryListModel::NameColumn, QHeaderView::Stretch);
    const QFontMetrics fm = table_->fontMetrics();
    header->resizeSection(VirtualCategoryListModel::KindColumn,
                          fm.horizontalAdvance(QStringLiteral("Hand-picked")) + 16);
    header->resizeSection(VirtualCategoryListModel::UpdatedColumn,
                          fm.horizontalAdvance(QStringLiteral("2026/11/22 23:59 PM")) + 12);
    list->addWidget(table_, 1);
    hint_ = new QLabel(left);
    hint_->setObjectName(QStringLiteral("virtualCategoriesHint"));
    hint_->setWordWrap(true);
    Theme::setTextColor(hint_, Theme::Role::Muted);
    list->addWidget(hint_);

    editor_ = new VirtualCategoryEditor(context_, api_, catalog, categories, splitter_);
    splitter_->addWidget(left);
    splitter_->addWidget(editor_);
    splitter_->setStretchFactor(0, 1);
    splitter_->setStretchFactor(1, 3);
    splitter_->setChildrenCollapsible(false);
    splitter_->setSizes({440, 900});
    layout->addWidget(splitter_, 1);

    model_->setTexts({
        [](int column) -> QString {
            switch (column) {
                case VirtualCategoryListModel::NameColumn:
                    return Catalog::tr("Name");
                case VirtualCategoryListModel::KindColumn:
                    return Catalog::tr("Kind");
                case VirtualCategoryListModel::UpdatedColumn:
                    return Catalog::tr("Changed");
            }
            return {};
        },
        [](const VirtualCategory& c, int column, int role) -> QVariant {
            if (role != Qt::DisplayRole) {
                return {};
            }
            switch (column) {
                case VirtualCategoryListModel::NameColumn:
                    return c.name;
                case VirtualCategoryListModel::KindColumn:
                    return c.isRule() ? Catalog::tr("By rule") : Catalog::tr("Hand-picked");
                case VirtualCategoryListModel::UpdatedColumn:
                    return Format::dateTime(c.updatedAt);
            }
            return {};
        },
    });
    PagedListView::bind(table_, model_, [] { return Catalog::tr("Loading virtual categories…"); });

    connect(search_, &SearchBox::searchChanged, this,
            [this](const QString& text) { model_->setSearch(text); });
    connect(table_->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &VirtualCategoriesTab::openCurrent);
    connect(new_, &QPushButton::clicked, this, [this] {
        if (editor_->isDirty()) {
            editor_->messageLine()->showWarning(
                Catalog::tr("Save or revert these changes before starting another."));
            return;
        }
        restoring_ = true;
        table_->clearSelection();
        table_->setCurrentIndex({});
        restoring_ = false;
        editor_->startNew();
    });
    connect(editor_, &VirtualCategoryEditor::saved, this, [this](const VirtualCategory& c) {
        if (!model_->updateItem(c)) {
            model_->insertOnTop(c);
        }
        selectId(c.id);
    });
    connect(editor_, &VirtualCategoryEditor::showProductsRequested, this,
            &VirtualCategoriesTab::showProductsRequested);

    const bool write =
        context_.session && context_.session->can(protocol::Permission::CatalogWrite);
    new_->setVisible(write);
    for (auto signal : {&VirtualCategoryListModel::firstPageLoaded,
                        &VirtualCategoryListModel::totalEstimateChanged}) {
        connect(model_, signal, this, &VirtualCategoriesTab::retranslateUi);
    }
    connect(model_, &QAbstractItemModel::rowsInserted, this, &VirtualCategoriesTab::retranslateUi);
    retranslateUi();
    model_->reload();
}

void VirtualCategoriesTab::retranslateUi() {
    search_->setPlaceholderText(Catalog::tr("Search by name"));
    new_->setText(Catalog::tr("New"));
    new_->setToolTip(Catalog::tr("A new virtual category, by rule or hand-picked"));
    const bool write =
        context_.session && context_.session->can(protocol::Permission::CatalogWrite);
    const bool none = model_->atEnd() && model_->itemRowCount() == 0 && !model_->hasError();
    if (none) {
        hint_->setText(model_->search().isEmpty()
                           ? (write ? Catalog::tr("No virtual categories yet: “New” makes one.")
                                    : Catalog::tr("No virtual categories yet."))
                           : Catalog::tr("No virtual category has this in its name."));
        return;
    }
    hint_->setText(write ? Catalog::tr("A virtual category groups products across the category "
                                       "tree, by a rule or by hand; promotions can target it.")
                         : Catalog::tr("You may look at virtual categories; changing them needs "
                                       "the permission “Edit products, stock and categories”."));
}

void VirtualCategoriesTab::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) {
        retranslateUi();
    }
    QWidget::changeEvent(event);
}

void VirtualCategoriesTab::openCurrent() {
    if (restoring_) {
        return;
    }
    const QModelIndex current = table_->currentIndex();
    const qint64 id =
        current.isValid() ? current.data(VirtualCategoryListModel::ItemIdRole).toLongLong() : 0;
    if (id == 0 || (editor_->category() && editor_->category()->id == id)) {
        return;
    }
    if (editor_->isDirty()) {
        // Nothing lost: the open edit stays until it is saved or reverted.
        editor_->messageLine()->showWarning(
            Catalog::tr("Save or revert these changes before opening another virtual category."));
        selectId(editor_->category() ? editor_->category()->id : 0);
        return;
    }
    editor_->showCategory(id);
}

void VirtualCategoriesTab::selectId(qint64 id) {
    restoring_ = true;
    const int row = id > 0 ? model_->rowOfId(id) : -1;
    if (row >= 0) {
        table_->setCurrentIndex(model_->index(row, 0));
    } else {
        table_->clearSelection();
        table_->setCurrentIndex({});
    }
    restoring_ = false;
}

void VirtualCategoriesTab::productChanged() {
    editor_->productChanged();
}

void VirtualCategoriesTab::resync() {
    model_->reload();
    editor_->reload();
}

}  // namespace opsdesk::widgets
