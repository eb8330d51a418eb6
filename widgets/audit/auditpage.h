#pragma once

#include <QVariantMap>
#include <QWidget>

#include "widgets/common/module.h"

class QCheckBox;
class QComboBox;
class QDateEdit;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;
class QTreeView;

namespace opsdesk::client {
class AuditApi;
}

namespace opsdesk::widgets {

class AuditDiffModel;
class AuditModel;

// The audit trail: who did what to which record, and what each change changed (field, before,
// after). Filters by actor, record, action and date range; other screens open it pre-filtered
// ("History" on a staff member).
class AuditPage : public QWidget {
    Q_OBJECT

public:
    AuditPage(const ModuleContext& context, QWidget* parent = nullptr);

    static QString title();
    static QString summary();

    AuditModel* model() const { return model_; }
    AuditDiffModel* diffModel() const { return diff_; }
    QTreeView* view() const { return view_; }

    // Keys: actor, entity, entity_id, action, from, to (yyyy-MM-dd). Replaces every filter.
    Q_INVOKABLE void applyFilter(const QVariantMap& filter);

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslateUi();
    void search();
    void clearFilters();
    void showEntry(const QModelIndex& index);

    ModuleContext context_;
    client::AuditApi* api_;
    AuditModel* model_;
    AuditDiffModel* diff_;
    QLabel* actorLabel_;
    QLineEdit* actor_;
    QLabel* entityLabel_;
    QComboBox* entity_;
    QLineEdit* entityId_;
    QLabel* actionLabel_;
    QComboBox* action_;
    QCheckBox* fromCheck_;
    QDateEdit* from_;
    QCheckBox* toCheck_;
    QDateEdit* to_;
    QPushButton* searchButton_;
    QPushButton* clearButton_;
    QTreeView* view_;
    QLabel* entryHeading_;
    QLabel* entryFacts_;
    QTableView* diffView_;
    QLabel* noChanges_;
};

}  // namespace opsdesk::widgets
