#pragma once

#include <QCoreApplication>
#include <QString>
#include <functional>

#include "services-client/api/pagedlistmodel.h"

class QAbstractItemView;

class QTableView;

namespace opsdesk::widgets {

// How every module's paged list reads and behaves in a view: the status row's texts in the
// user's language and the palette's colours, the status row read across the whole row, and a
// click, double-click or Enter on an error row that tries again.
class PagedListView {
    Q_DECLARE_TR_FUNCTIONS(PagedListView)

public:
    // The standard status texts and colours; `loadingText` may say what loads ("Loading
    // orders…"). Set again after a language or palette change (refreshPresentation()).
    static client::PagedListModel::Presentation presentation(
        std::function<QString()> loadingText = {});

    // Binds `view` (a QTableView or QTreeView showing `model`) to the model: the standard
    // presentation (kept in step with the language and the palette), the status row spanned,
    // and a retry on an error row.
    static void bind(QAbstractItemView* view, client::PagedListModel* model,
                     std::function<QString()> loadingText = {});

    // The list table every module shows: whole rows chosen one at a time, read only,
    // alternating rows without a grid, one fixed row height (nothing measured per row, however
    // many rows), no row numbers, a left-aligned header. Column widths are the page's.
    static void setUpTable(QTableView* table);
};

}  // namespace opsdesk::widgets
