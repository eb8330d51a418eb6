#pragma once

#include <QTimer>
#include <QWidget>

#include "services-client/catalog/promotions.h"
#include "widgets/common/module.h"
#include "widgets/common/searchbox.h"

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSplitter;
class QTableView;
class QToolButton;

namespace opsdesk::client {
struct FeedEvent;
}

namespace opsdesk::widgets {

class CategoryTree;
class PromotionEditor;
class PromotionTimeline;

// The catalog's Promotions tab: the list (status and kind filters, search), the editor beside
// it, and under both the timeline of what is in force when on the edited promotion's SKUs (or
// a SKU typed there). promotion.updated moves rows, the open promotion and the timeline live.
class PromotionsTab : public QWidget {
    Q_OBJECT

public:
    PromotionsTab(const ModuleContext& context, CategoryTree* categories,
                  QWidget* parent = nullptr);

    client::PromotionsApi* api() const { return api_; }
    client::PromotionListModel* model() const { return model_; }
    QTableView* table() const { return table_; }
    PromotionEditor* editor() const { return editor_; }
    PromotionTimeline* timeline() const { return timeline_; }
    SearchBox* searchEdit() const { return search_; }
    QComboBox* statusCombo() const { return status_; }
    QComboBox* kindCombo() const { return kind_; }
    QPushButton* newButton() const { return new_; }
    QLineEdit* timelineSkuEdit() const { return timelineSku_; }
    QComboBox* zoomCombo() const { return zoom_; }
    void setSearchDelay(std::chrono::milliseconds delay) { search_->setSearchDelay(delay); }

    void applyFeedEvent(const client::FeedEvent& event);
    void resync();
    void openPromotion(qint64 id);

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslateUi();
    void applyFilter();
    void openCurrent();
    void followSkus(const QStringList& skus);

    ModuleContext context_;
    client::PromotionsApi* api_;
    client::PromotionListModel* model_;
    SearchBox* search_;
    QComboBox* status_;
    QComboBox* kind_;
    QPushButton* new_;
    QPushButton* refresh_;
    QSplitter* splitter_;
    QTableView* table_;
    PromotionEditor* editor_;
    QLabel* timelineTitle_;
    QLabel* timelineSkuLabel_;
    QLineEdit* timelineSku_;
    QComboBox* zoom_;
    QToolButton* back_;
    QToolButton* forward_;
    QToolButton* today_;
    QLabel* timelineStatus_;
    PromotionTimeline* timeline_;
    QTimer selectionDelay_;
    QTimer timelineDelay_;
    QStringList editorSkus_;
};

}  // namespace opsdesk::widgets
