#include "widgets/catalog/productfilterbar.h"

#include <QComboBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QToolButton>

#include "widgets/catalog/catalogtext.h"
#include "widgets/catalog/categorytree.h"
#include "widgets/common/searchbox.h"
#include "widgets/common/theme.h"

namespace opsdesk::widgets {

namespace {

QToolButton* makeChip(QWidget* parent, const QString& name, Theme::Role role) {
    auto* chip = new QToolButton(parent);
    chip->setObjectName(name);
    chip->setCheckable(true);
    chip->setToolButtonStyle(Qt::ToolButtonTextOnly);
    Theme::apply(chip, [role] { return Theme::chipStyle(Theme::color(role)); });
    return chip;
}

}  // namespace

ProductFilterBar::ProductFilterBar(CategoryTree* categories, QWidget* parent)
    : QWidget(parent), categories_(categories) {
    auto* row = new QHBoxLayout(this);
    row->setContentsMargins(0, 0, 0, 0);
    row->setSpacing(6);

    search_ = new SearchBox(QStringLiteral("productSearchEdit"), this);
    search_->setMinimumWidth(240);
    row->addWidget(search_, 3);

    statusLabel_ = new QLabel(this);
    row->addSpacing(8);
    row->addWidget(statusLabel_);
    for (const QString& status : CatalogText::statuses()) {
        auto* chip = makeChip(this, QStringLiteral("statusChip_") + status,
                              status == QLatin1String("active")  ? Theme::Role::Success
                              : status == QLatin1String("draft") ? Theme::Role::Info
                                                                 : Theme::Role::Inactive);
        connect(chip, &QToolButton::toggled, this, [this] { collect(); });
        chips_.insert(status, chip);
        row->addWidget(chip);
    }

    categoryLabel_ = new QLabel(this);
    category_ = new QComboBox(this);
    category_->setObjectName(QStringLiteral("categoryFilterCombo"));
    category_->setMinimumContentsLength(16);
    category_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    row->addSpacing(8);
    row->addWidget(categoryLabel_);
    row->addWidget(category_, 1);

    lowStock_ = makeChip(this, QStringLiteral("lowStockChip"), Theme::Role::Warning);
    oversold_ = makeChip(this, QStringLiteral("oversoldChip"), Theme::Role::Error);
    row->addSpacing(8);
    row->addWidget(lowStock_);
    row->addWidget(oversold_);
    row->addStretch(0);
    reset_ = new QPushButton(this);
    reset_->setObjectName(QStringLiteral("resetProductFiltersButton"));
    reset_->setFlat(true);
    row->addWidget(reset_);

    connect(search_, &SearchBox::searchChanged, this, [this] { collect(); });
    connect(category_, &QComboBox::currentIndexChanged, this, [this] { collect(); });
    for (auto* chip : {lowStock_, oversold_}) {
        connect(chip, &QToolButton::toggled, this, [this] { collect(); });
    }
    connect(reset_, &QPushButton::clicked, this, [this] {
        setFilter({});
        emit filterChanged(filter_);
    });
    connect(categories_, &CategoryTree::changed, this, &ProductFilterBar::fillCategories);
    retranslateUi();
}

void ProductFilterBar::retranslateUi() {
    search_->setPlaceholderText(Catalog::tr("Search title, SKU or tag (Ctrl+F)"));
    statusLabel_->setText(Catalog::tr("Status:"));
    for (auto it = chips_.cbegin(); it != chips_.cend(); ++it) {
        it.value()->setText(CatalogText::statusName(it.key()));
    }
    categoryLabel_->setText(Catalog::tr("Category:"));
    category_->setToolTip(Catalog::tr("Products in this category and the categories under it"));
    lowStock_->setText(Catalog::tr("Low stock"));
    lowStock_->setToolTip(
        Catalog::tr("Products with a variant at or below its low-stock threshold"));
    oversold_->setText(Catalog::tr("Oversold"));
    oversold_->setToolTip(
        Catalog::tr("Products with a variant below zero: orders took more than there was"));
    reset_->setText(Catalog::tr("Clear filters"));
    fillCategories();
}

void ProductFilterBar::fillCategories() {
    const bool was = applying_;
    applying_ = true;
    categories_->fill(category_, Catalog::tr("All categories"), filter_.categoryId);
    applying_ = was;
}

void ProductFilterBar::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) {
        retranslateUi();
    }
    QWidget::changeEvent(event);
}

void ProductFilterBar::setFilter(const client::ProductFilter& filter) {
    applying_ = true;
    filter_ = filter;
    search_->setSearch(filter.search);
    for (auto it = chips_.cbegin(); it != chips_.cend(); ++it) {
        it.value()->setChecked(filter.statuses.contains(it.key()));
    }
    lowStock_->setChecked(filter.lowStock);
    oversold_->setChecked(filter.oversold);
    applying_ = false;
    fillCategories();
}

void ProductFilterBar::collect() {
    if (applying_) {
        return;
    }
    client::ProductFilter next = filter_;
    next.search = search_->text().trimmed();
    next.statuses.clear();
    for (const QString& status : CatalogText::statuses()) {
        if (chips_.value(status)->isChecked()) {
            next.statuses << status;
        }
    }
    const QVariant category = category_->currentData();
    next.categoryId =
        category.isValid() ? std::optional<qint64>(category.toLongLong()) : std::nullopt;
    next.lowStock = lowStock_->isChecked();
    next.oversold = oversold_->isChecked();
    if (next == filter_) {
        return;
    }
    filter_ = next;
    emit filterChanged(filter_);
}

}  // namespace opsdesk::widgets
