#include "widgets/common/pagedlistview.h"

#include <QHeaderView>

#include <QBrush>
#include <QEvent>
#include <QTableView>
#include <QTreeView>

#include "widgets/common/errortext.h"
#include "widgets/common/theme.h"

namespace opsdesk::widgets {

using client::PagedListModel;

PagedListModel::Presentation PagedListView::presentation(std::function<QString()> loadingText) {
    PagedListModel::Presentation p;
    p.loadingText = loadingText ? std::move(loadingText) : [] { return tr("Loading…"); };
    p.errorText = [](const client::ApiError& error) {
        return tr("Could not load: %1 Click here or press Enter to try again.")
            .arg(ErrorText::describe(error));
    };
    p.statusForeground = [](PagedListModel::RowKind kind) -> QVariant {
        return QBrush(Theme::color(kind == PagedListModel::RowKind::Error ? Theme::Role::Error
                                                                          : Theme::Role::Muted));
    };
    p.highlight = [] { return QVariant(QBrush(Theme::color(Theme::Role::LiveHighlight))); };
    return p;
}

namespace {

// Tells the model when the words or the colours of its rows changed.
class PresentationWatcher : public QObject {
public:
    PresentationWatcher(QWidget* view, PagedListModel* model) : QObject(view), model_(model) {
        view->installEventFilter(this);
    }

protected:
    bool eventFilter(QObject* watched, QEvent* event) override {
        if (event->type() == QEvent::LanguageChange || event->type() == QEvent::PaletteChange) {
            model_->refreshPresentation();
        }
        return QObject::eventFilter(watched, event);
    }

private:
    PagedListModel* model_;
};

void spanRow(QAbstractItemView* view, PagedListModel* model, int row) {
    const bool span = model->isStatusRow(model->index(row, 0));
    if (auto* tree = qobject_cast<QTreeView*>(view)) {
        tree->setFirstColumnSpanned(row, {}, span);
    } else if (auto* table = qobject_cast<QTableView*>(view)) {
        if (span) {
            table->setSpan(row, 0, 1, model->columnCount());
        } else if (table->columnSpan(row, 0) > 1) {
            table->setSpan(row, 0, 1, 1);
        }
    }
}

}  // namespace

void PagedListView::bind(QAbstractItemView* view, PagedListModel* model,
                         std::function<QString()> loadingText) {
    model->setStatusPresentation(presentation(std::move(loadingText)));
    new PresentationWatcher(view, model);
    QObject::connect(model, &QAbstractItemModel::rowsInserted, view,
                     [view, model](const QModelIndex&, int first, int last) {
                         for (int row = first; row <= last; ++row) {
                             spanRow(view, model, row);
                         }
                     });
    // Rows above it came or went: the status row moved.
    QObject::connect(model, &QAbstractItemModel::rowsRemoved, view, [view, model] {
        if (auto* table = qobject_cast<QTableView*>(view)) {
            table->clearSpans();
        }
        if (model->hasStatusRow()) {
            spanRow(view, model, model->rowCount() - 1);
        }
    });
    QObject::connect(model, &QAbstractItemModel::modelReset, view, [view] {
        if (auto* table = qobject_cast<QTableView*>(view)) {
            table->clearSpans();
        }
    });
    auto retryOnError = [model](const QModelIndex& index) {
        if (PagedListModel::RowKind(index.data(PagedListModel::RowKindRole).toInt()) ==
            PagedListModel::RowKind::Error) {
            model->retry();
        }
    };
    QObject::connect(view, &QAbstractItemView::clicked, model, retryOnError);
    QObject::connect(view, &QAbstractItemView::activated, model, retryOnError);
}

void PagedListView::setUpTable(QTableView* table) {
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->setSelectionMode(QAbstractItemView::SingleSelection);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setAlternatingRowColors(true);
    table->setShowGrid(false);
    table->setWordWrap(false);
    table->setTabKeyNavigation(false);
    table->verticalHeader()->hide();
    table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    table->verticalHeader()->setDefaultSectionSize(table->fontMetrics().height() + 12);
    QHeaderView* header = table->horizontalHeader();
    header->setHighlightSections(false);
    header->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
}

}  // namespace opsdesk::widgets
