#pragma once

#include <QStyledItemDelegate>

namespace opsdesk::widgets {

// Paints an order's status as a coloured pill with its translated name.
class StatusDelegate : public QStyledItemDelegate {
    Q_OBJECT

public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter* painter, const QStyleOptionViewItem& option,
               const QModelIndex& index) const override;
    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override;
};

}  // namespace opsdesk::widgets
