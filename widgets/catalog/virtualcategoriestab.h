#pragma once

#include <QTimer>
#include <QWidget>

#include "widgets/common/module.h"
#include "widgets/common/searchbox.h"

class QLabel;
class QLineEdit;
class QPushButton;
class QSplitter;
class QTableView;

namespace opsdesk::client {
class CatalogApi;
class VirtualCategoriesApi;
class VirtualCategoryListModel;
}  // namespace opsdesk::client

namespace opsdesk::widgets {

class CategoryTree;
class VirtualCategoryEditor;

// The catalog's "Virtual categories" tab: the list (name, kind, last change) searched by name,
// "New", and the editor of the one chosen beside it.
class VirtualCategoriesTab : public QWidget {
    Q_OBJECT

public:
    VirtualCategoriesTab(const ModuleContext& context, client::CatalogApi* catalog,
                         CategoryTree* categories, QWidget* parent = nullptr);

    client::VirtualCategoryListModel* model() const { return model_; }
    QTableView* table() const { return table_; }
    SearchBox* searchEdit() const { return search_; }
    QPushButton* newButton() const { return new_; }
    VirtualCategoryEditor* editor() const { return editor_; }
    void setSearchDelay(std::chrono::milliseconds delay) { search_->setSearchDelay(delay); }

    // A product changed (the feed): the open rule's count is asked for again.
    void productChanged();
    void resync();

signals:
    // "Show products": the product list filtered by this virtual category.
    void showProductsRequested(qint64 virtualCategoryId);

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslateUi();
    void openCurrent();
    void selectId(qint64 id);

    ModuleContext context_;
    client::VirtualCategoriesApi* api_;
    client::VirtualCategoryListModel* model_;
    SearchBox* search_;
    QPushButton* new_;
    QLabel* hint_;
    QSplitter* splitter_;
    QTableView* table_;
    VirtualCategoryEditor* editor_;
    bool restoring_ = false;
};

}  // namespace opsdesk::widgets
