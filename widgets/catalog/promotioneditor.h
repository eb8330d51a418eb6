#pragma once

#include <QHash>
#include <QPointer>
#include <QWidget>
#include <functional>
#include <optional>

#include "services-client/api/apirequest.h"
#include "services-client/catalog/promotions.h"
#include "widgets/common/module.h"

class QCheckBox;
class QComboBox;
class QDateTimeEdit;
class QGridLayout;
class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QStackedWidget;
class QTableWidget;

namespace opsdesk::client {
struct ApiError;
}

namespace opsdesk::widgets {

class CategoryTree;
class ConflictBanner;
class MessageLine;

// One promotion's form: name, kind and its parameters, when it is in force (local time, to
// the second), what it applies to (SKUs typed or pasted, categories, virtual categories),
// priority and exclusivity. Save creates it or sends what changed with If-Match (a stale save
// says what changed and offers to reapply); the server's field errors show beside their
// fields; the overlaps of the answer are listed. A flash sale shows its claimed stock live.
// Without promotions.write everything is read only.
class PromotionEditor : public QWidget {
    Q_OBJECT

public:
    PromotionEditor(const ModuleContext& context, client::PromotionsApi* api,
                    CategoryTree* categories, QWidget* parent = nullptr);

    void showPromotion(qint64 id);
    void startNew();
    void clear();
    void reload();
    // Loads the virtual categories the targets offer.
    void loadVirtualCategories();

    const std::optional<client::Promotion>& promotion() const { return promotion_; }
    qint64 promotionId() const { return promotion_ ? promotion_->id : 0; }
    bool isCreating() const { return creating_; }
    bool canWrite() const { return canWrite_; }
    bool hasChanges() const;
    // The form as a promotion; nullopt (with the fields it could not read) while a money field
    // holds no amount.
    std::optional<client::Promotion> readForm(QMap<QString, QString>* problems) const;
    // The SKUs the form targets (typed).
    QStringList typedSkus() const;
    // What the timeline shows for the open promotion: its typed SKUs, or, when it targets only
    // categories or virtual categories, the SKUs it shares with its overlaps.
    QStringList timelineSkus() const;

    // promotion.updated for any promotion: the open one takes its flash-sale stock at once,
    // and the rest when the form holds no edit.
    void showLiveChange(const client::Promotion& promotion, const QString& actor, bool byMe);

    void save();
    // Ends the open promotion now, after `confirm` (a question to the person by default).
    void endNow();
    void setConfirmer(std::function<bool(const QString& question)> confirm) {
        confirm_ = std::move(confirm);
    }

    QLineEdit* nameEdit() const { return name_; }
    QComboBox* kindCombo() const { return kind_; }
    QSpinBox* percentSpin() const { return percent_; }
    QLineEdit* amountEdit() const { return amount_; }
    QSpinBox* buySpin() const { return buy_; }
    QSpinBox* getSpin() const { return get_; }
    QLineEdit* flashPriceEdit() const { return flashPrice_; }
    QSpinBox* stockCapSpin() const { return stockCap_; }
    QSpinBox* perCustomerSpin() const { return perCustomer_; }
    QComboBox* currencyCombo() const { return currency_; }
    QDateTimeEdit* startsEdit() const { return starts_; }
    QDateTimeEdit* endsEdit() const { return ends_; }
    QPlainTextEdit* skusEdit() const { return skus_; }
    QListWidget* categoryList() const { return categoryList_; }
    QListWidget* virtualCategoryList() const { return virtualList_; }
    QSpinBox* prioritySpin() const { return priority_; }
    QCheckBox* exclusiveCheck() const { return exclusive_; }
    QPushButton* saveButton() const { return save_; }
    QPushButton* endButton() const { return end_; }
    QPushButton* revertButton() const { return revert_; }
    MessageLine* messageLine() const { return message_; }
    ConflictBanner* conflictBanner() const { return conflict_; }
    QTableWidget* overlapsTable() const { return overlaps_; }
    QProgressBar* stockBar() const { return stockBar_; }
    QLabel* stockLabel() const { return stockLabel_; }
    // The label that shows the server's reason for `field` ("name", "targets.skus"…).
    QLabel* fieldError(const QString& field) const { return errors_.value(field); }

signals:
    // The promotion as the server has it after a load, a save or an end.
    void promotionChanged(const opsdesk::client::Promotion& promotion);
    void promotionCreated(const opsdesk::client::Promotion& promotion);
    // The SKUs typed in the targets changed (the timeline follows them).
    void skusEdited(const QStringList& skus);

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslateUi();
    void buildForm();
    void present(const client::Promotion& promotion);
    void fillForm(const client::Promotion& promotion);
    void fillCategories();
    void fillVirtualCategories();
    void showStock(const client::Promotion& promotion);
    void showOverlaps(const client::Promotion& promotion);
    void showFieldErrors(const QMap<QString, QString>& fields);
    void clearFieldErrors();
    void updateKindPage();
    void updateState();
    // A change is sent as the fields that differ from what the form was opened with, or as
    // `patch` when given (a reapply: only what the person changed, on someone else's version).
    void send(const client::Promotion& mine, const std::optional<QJsonObject>& patch = {});
    void onSaveFailed(const client::ApiError& error, const client::Promotion& mine,
                      const std::optional<QJsonObject>& patch = {});
    void showStale(const client::Promotion& theirs, const client::Promotion& mine,
                   const std::optional<QJsonObject>& patch);
    QString fieldLabel(const QString& key) const;
    QString currency() const;

    ModuleContext context_;
    client::PromotionsApi* api_;
    CategoryTree* categories_;
    bool canWrite_ = false;
    std::optional<client::Promotion> promotion_;
    client::Promotion base_;  // what the form started from
    bool creating_ = false;
    bool filling_ = false;
    QPointer<client::ApiRequest> loading_;
    QPointer<client::ApiRequest> saving_;
    std::optional<client::Promotion> pendingReapply_;
    std::optional<QJsonObject> pendingPatch_;  // what the person changed, for a reapply
    QList<client::VirtualCategorySummary> virtualCategories_;
    std::function<bool(const QString&)> confirm_;

    QLabel* heading_;
    QLabel* subheading_;
    MessageLine* message_;
    ConflictBanner* conflict_;
    QWidget* form_;
    QHash<QString, QLabel*> labels_;
    QList<QGridLayout*> grids_;  // the form's and each kind page's: one label column
    QHash<QString, QLabel*> errors_;
    QLineEdit* name_;
    QComboBox* kind_;
    QStackedWidget* params_;
    QSpinBox* percent_;
    QLineEdit* amount_;
    QSpinBox* buy_;
    QSpinBox* get_;
    QLineEdit* flashPrice_;
    QSpinBox* stockCap_;
    QSpinBox* perCustomer_;
    QComboBox* currency_;
    QProgressBar* stockBar_;
    QLabel* stockLabel_;
    QDateTimeEdit* starts_;
    QDateTimeEdit* ends_;
    QPlainTextEdit* skus_;
    QListWidget* categoryList_;
    QListWidget* virtualList_;
    QSpinBox* priority_;
    QCheckBox* exclusive_;
    QPushButton* revert_;
    QPushButton* save_;
    QPushButton* end_;
    QLabel* overlapsHeading_;
    QTableWidget* overlaps_;
    QStringList overlapSkus_;  // shared with the overlaps shown, up to ten
};

}  // namespace opsdesk::widgets
