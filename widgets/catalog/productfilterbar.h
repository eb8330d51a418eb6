#pragma once

#include <QMap>
#include <QWidget>

#include "services-client/catalog/productfilter.h"
#include "widgets/common/searchbox.h"

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QToolButton;

namespace opsdesk::widgets {

class CategoryTree;

// Search box (debounced), status chips, the category (with its descendants) and the two stock
// views: low stock and oversold. Emits the filter the person has set.
class ProductFilterBar : public QWidget {
    Q_OBJECT

public:
    ProductFilterBar(CategoryTree* categories, QWidget* parent = nullptr);

    void setFilter(const client::ProductFilter& filter);  // no filterChanged
    const client::ProductFilter& filter() const { return filter_; }
    SearchBox* searchEdit() const { return search_; }
    QComboBox* categoryCombo() const { return category_; }
    QToolButton* lowStockButton() const { return lowStock_; }
    QToolButton* oversoldButton() const { return oversold_; }
    QToolButton* statusChip(const QString& status) const { return chips_.value(status); }
    void setSearchDelay(std::chrono::milliseconds delay) { search_->setSearchDelay(delay); }

signals:
    void filterChanged(const opsdesk::client::ProductFilter& filter);

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslateUi();
    void fillCategories();
    void collect();

    CategoryTree* categories_;
    client::ProductFilter filter_;
    SearchBox* search_;
    QLabel* statusLabel_;
    QMap<QString, QToolButton*> chips_;
    QLabel* categoryLabel_;
    QComboBox* category_;
    QToolButton* lowStock_;
    QToolButton* oversold_;
    QPushButton* reset_;
    bool applying_ = false;
};

}  // namespace opsdesk::widgets
