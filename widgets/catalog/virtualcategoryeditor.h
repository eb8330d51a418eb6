#pragma once

#include <QMap>
#include <QPointer>
#include <QTimer>
#include <QWidget>
#include <chrono>
#include <optional>

#include "services-client/catalog/virtualcategories.h"
#include "widgets/common/module.h"
#include "widgets/common/searchbox.h"

class QCheckBox;
class QComboBox;
class QGroupBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class QRadioButton;
class QStackedWidget;
class QTableWidget;

namespace opsdesk::client {
class CatalogApi;
struct ApiError;
}  // namespace opsdesk::client

namespace opsdesk::widgets {

class CategoryTree;
class ConflictBanner;
class MessageLine;

// One virtual category, new or saved: its name, its kind (fixed once saved) and, for a rule, a
// builder of the rule's conditions beside a live preview — the count of products it names now
// and a sample of them — asked for again (debounced) after every change of the rule and every
// product change the feed brings. A hand-picked one is a list of products found by search.
// Read-only for users without catalog.write.
class VirtualCategoryEditor : public QWidget {
    Q_OBJECT

public:
    static constexpr std::chrono::milliseconds kPreviewDelay{400};

    VirtualCategoryEditor(const ModuleContext& context, client::VirtualCategoriesApi* api,
                          client::CatalogApi* catalog, CategoryTree* categories,
                          QWidget* parent = nullptr);

    // A new, unsaved rule category (the builder empty: every product).
    void startNew();
    void showCategory(qint64 id);
    void openCategory(const client::VirtualCategory& category);
    void reload();
    // A product changed (the feed): the open rule's preview is asked for again, debounced.
    void productChanged();
    void setPreviewDelay(std::chrono::milliseconds delay) { previewDelay_.setInterval(delay); }

    const std::optional<client::VirtualCategory>& category() const { return saved_; }
    bool isOpen() const { return open_; }
    bool isDirty() const;
    bool isSaving() const { return bool(saveRequest_); }
    bool isPreviewPending() const {
        return previewDelay_.isActive() || (previewRequest_ && !previewRequest_->isDone());
    }
    // The rule as the builder says it, or nullopt while a condition cannot be read (a price
    // that is not an amount, an attribute without a name); the reasons are shown beside them.
    std::optional<client::VirtualCategoryRule> builtRule() const { return readRule(nullptr); }
    const std::optional<client::RulePreview>& preview() const { return preview_; }
    int previewRequestsSent() const { return previewsSent_; }

    QLineEdit* nameEdit() const { return name_; }
    QRadioButton* ruleKindButton() const { return ruleKind_; }
    QRadioButton* manualKindButton() const { return manualKind_; }
    QComboBox* categoryCombo() const { return category_; }
    QCheckBox* includeSubcategoriesBox() const { return descendants_; }
    QLineEdit* minPriceEdit() const { return minPrice_; }
    QLineEdit* maxPriceEdit() const { return maxPrice_; }
    QComboBox* currencyCombo() const { return currency_; }
    QComboBox* stockCombo() const { return stock_; }
    QLineEdit* tagsEdit() const { return tags_; }
    QTableWidget* attributesTable() const { return attributes_; }
    QPushButton* addAttributeButton() const { return addAttribute_; }
    QCheckBox* statusBox(const QString& status) const { return statuses_.value(status); }
    QLabel* previewCountLabel() const { return previewCount_; }
    QTableWidget* sampleTable() const { return sample_; }
    SearchBox* productSearchEdit() const { return productSearch_; }
    QListWidget* productResults() const { return results_; }
    QListWidget* membersList() const { return members_; }
    QPushButton* addProductButton() const { return addProduct_; }
    QPushButton* removeProductButton() const { return removeProduct_; }
    QPushButton* saveButton() const { return save_; }
    QPushButton* revertButton() const { return revert_; }
    QPushButton* showProductsButton() const { return showProducts_; }
    ConflictBanner* conflictBanner() const { return banner_; }
    MessageLine* messageLine() const { return message_; }
    // The label beside a condition that shows why it was refused: "name", "rule.currency"…
    QLabel* fieldError(const QString& field) const { return errors_.value(field); }

    void save();

signals:
    void saved(const opsdesk::client::VirtualCategory& category);
    void showProductsRequested(qint64 id);

protected:
    void changeEvent(QEvent* event) override;

private:
    struct Member {
        qint64 id = 0;
        QString title;
    };

    QWidget* buildRulePage();
    QWidget* buildManualPage();
    QWidget* buildPreview();
    QLabel* errorLabel(const QString& field, QWidget* parent);
    void retranslateUi();
    void applyPermissions();
    void fillCategories();
    void fillCurrencies(const QString& selected);
    void fillForm(const client::VirtualCategory& category);
    void setRule(const client::VirtualCategoryRule& rule);
    void addAttributeRow(const QString& name, const QString& value);
    void setMembers(const QList<Member>& members);
    QList<qint64> memberIds() const;
    void loadMemberTitles(qint64 id);
    void kindChanged();
    void ruleChanged();
    void runPreview();
    void showPreview(const client::RulePreview& preview);
    void showNoPreview(const QString& why);
    void showFieldErrors(const QMap<QString, QString>& fields);
    void clearFieldErrors(const QString& prefix = {});
    void searchProducts();
    void addSelectedProducts();
    void removeSelectedMembers();
    void saveFailed(const client::ApiError& error);
    void showStale(const client::VirtualCategory& current);
    void reapplyOnTheirs();
    QString describeRule(const std::optional<client::VirtualCategoryRule>& rule) const;
    QString ruleReason(const QString& field, const QString& serverText) const;
    bool ruleKind() const;
    // The builder's rule; what cannot be read goes to `problems` (field -> why) when given.
    std::optional<client::VirtualCategoryRule> readRule(QMap<QString, QString>* problems) const;

    ModuleContext context_;
    client::VirtualCategoriesApi* api_;
    client::CatalogApi* catalog_;
    CategoryTree* categories_;
    bool open_ = false;
    bool filling_ = false;
    std::optional<client::VirtualCategory> saved_;  // as last read from the server
    int baseVersion_ = 0;  // the version a save sends (theirs, after "reapply")
    std::optional<client::VirtualCategory> theirs_;  // the current version after a 412
    std::optional<qint64> categoryChoice_;           // kept while the tree (re)loads
    bool currencyAlone_ = false;  // a loaded rule named a currency without a price range

    QStackedWidget* pages_;
    QLabel* empty_;
    MessageLine* message_;
    ConflictBanner* banner_;
    QLabel* nameLabel_;
    QLineEdit* name_;
    QLabel* kindLabel_;
    QRadioButton* ruleKind_;
    QRadioButton* manualKind_;
    QStackedWidget* kindPages_;
    QWidget* rulePage_;
    QWidget* manualPage_;
    QGroupBox* ruleBox_;
    QLabel* categoryLabel_;
    QComboBox* category_;
    QCheckBox* descendants_;
    QLabel* priceLabel_;
    QLineEdit* minPrice_;
    QLabel* priceDash_;
    QLineEdit* maxPrice_;
    QComboBox* currency_;
    QLabel* stockLabel_;
    QComboBox* stock_;
    QLabel* tagsLabel_;
    QLineEdit* tags_;
    QLabel* attributesLabel_;
    QTableWidget* attributes_;
    QPushButton* addAttribute_;
    QPushButton* removeAttribute_;
    QLabel* statusLabel_;
    QMap<QString, QCheckBox*> statuses_;
    QLabel* statusHint_;
    QGroupBox* previewBox_;
    QLabel* previewCount_;
    QLabel* previewState_;
    QTableWidget* sample_;
    QGroupBox* manualBox_;
    SearchBox* productSearch_;
    QListWidget* results_;
    QPushButton* addProduct_;
    QLabel* membersLabel_;
    QListWidget* members_;
    QPushButton* removeProduct_;
    QPushButton* save_;
    QPushButton* revert_;
    QPushButton* showProducts_;
    QMap<QString, QLabel*> errors_;

    QTimer previewDelay_;
    QPointer<client::RulePreviewRequest> previewRequest_;
    quint64 previewSeq_ = 0;
    int previewsSent_ = 0;
    std::optional<client::RulePreview> preview_;
    QPointer<client::ApiRequest> saveRequest_;
    QPointer<client::ApiRequest> loadRequest_;
    QPointer<client::ApiRequest> searchRequest_;
    QPointer<client::ApiRequest> membersRequest_;
};

}  // namespace opsdesk::widgets
