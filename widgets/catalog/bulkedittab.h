#pragma once

#include <QPointer>
#include <QTableView>
#include <QTimer>
#include <QWidget>
#include <optional>

#include "services-client/catalog/bulkgridmodel.h"
#include "services-client/catalog/catalogimports.h"
#include "widgets/common/module.h"

class QLabel;
class QPushButton;
class QSplitter;
class QUndoStack;

namespace opsdesk::client {
class ApiRequest;
class ImportChangesModel;
}  // namespace opsdesk::client

namespace opsdesk::widgets {

class MessageLine;

// The grid's view: the keys of a spreadsheet (Ctrl+V pastes a block at the current cell,
// Delete clears the selection, Ctrl+Z / Ctrl+Shift+Z undo and redo) ask the tab to do them, so
// they all go through its undo stack.
class BulkGridView : public QTableView {
    Q_OBJECT

public:
    using QTableView::QTableView;

signals:
    void pasteRequested();
    void clearRequested();
    void undoRequested();
    void redoRequested();

protected:
    bool event(QEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
};

// "Bulk edit": a spreadsheet-style grid of catalog rows. A block pasted from a spreadsheet,
// cells checked as they are typed, a dry run that shows exactly what would change, undo until
// the commit, one all-or-nothing commit; a failed commit keeps the grid and the diff, and the
// rows not yet committed are kept as a draft between sessions.
class BulkEditTab : public QWidget {
    Q_OBJECT

public:
    BulkEditTab(const ModuleContext& context, QWidget* parent = nullptr);
    ~BulkEditTab() override;

    client::BulkGridModel* model() const { return model_; }
    client::ImportChangesModel* changes() const { return changes_; }
    BulkGridView* grid() const { return grid_; }
    QTableView* diffTable() const { return diff_; }
    QUndoStack* undoStack() const { return undo_; }
    QPushButton* checkButton() const { return check_; }
    QPushButton* commitButton() const { return commit_; }
    MessageLine* message() const { return message_; }
    QLabel* problemsLabel() const { return problems_; }
    QLabel* summaryLabel() const { return summary_; }
    const std::optional<client::ImportDryRun>& dryRun() const { return dryRun_; }
    // The dry run shown is the grid's as it is now (not edited since).
    bool diffIsCurrent() const;

    // The clipboard's text at the current cell (Ctrl+V).
    void paste();
    // Empties the selected cells (Delete).
    void clearSelection();
    // Removes the selected rows.
    void deleteSelectedRows();
    // "Check changes": the dry run of the grid as it is.
    client::ApiRequest* checkChanges();
    // "Commit": the dry run shown, applied.
    client::ApiRequest* commitChanges();

    // Where the rows not yet committed are kept between sessions.
    QString draftFile() const;
    void saveDraftNow();

signals:
    // After a commit: the product list shows the changes.
    void committed(const client::ImportCommit& result);

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslateUi();
    void onContentChanged();
    void updateState();
    void showDryRun(const client::ImportDryRun& dryRun);
    void showCommitFailure(const client::ImportCommitRequest& request);
    void loadDraft();
    void pushEdits(const QList<client::BulkGridModel::CellEdit>& edits, const QString& what);
    QString problemText(client::BulkGridModel::Problem problem, int column,
                        const QString& currency) const;
    QString valueText(const client::ImportChange& change, const QJsonValue& value) const;

    ModuleContext context_;
    client::CatalogImportsApi* api_;
    client::BulkGridModel* model_;
    client::ImportChangesModel* changes_;
    QUndoStack* undo_;
    QLabel* hint_;
    QPushButton* undoButton_;
    QPushButton* redoButton_;
    QPushButton* deleteRows_;
    QPushButton* check_;
    QPushButton* commit_;
    QLabel* problems_;
    MessageLine* message_;
    QSplitter* splitter_;
    BulkGridView* grid_;
    QLabel* summary_;
    QTableView* diff_;
    QTimer draftDelay_;

    std::optional<client::ImportDryRun> dryRun_;
    client::BulkGridModel::Upload checked_;
    quint64 checkedGeneration_ = 0;
    bool needsRecheck_ = false;  // a 409: the dry run no longer matches the catalog
    QPointer<client::ApiRequest> pending_;
};

}  // namespace opsdesk::widgets
