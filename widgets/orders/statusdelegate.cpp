#include "widgets/orders/statusdelegate.h"

#include <QApplication>
#include <QPainter>

#include "services-client/orders/orderlistmodel.h"
#include "widgets/orders/orderstext.h"

namespace opsdesk::widgets {

void StatusDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option,
                           const QModelIndex& index) const {
    const QString status = index.data(client::OrderListModel::StatusRole).toString();
    if (status.isEmpty()) {
        QStyledItemDelegate::paint(painter, option, index);
        return;
    }
    // The row's background (selection, hover) as usual, then the pill instead of the text.
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    opt.text.clear();
    const QWidget* widget = option.widget;
    QStyle* style = widget ? widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, widget);

    const QString text = OrdersText::statusName(status);
    const QFontMetrics fm(option.font);
    const int h = fm.height() + 4;
    const int w = fm.horizontalAdvance(text) + 16;
    QRect pill(option.rect.left() + 6, option.rect.center().y() - h / 2 + 1, w, h);
    pill = pill.intersected(option.rect.adjusted(2, 1, -2, -1));
    const QColor color = OrdersText::statusColor(status);
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setPen(Qt::NoPen);
    QColor fill = color;
    fill.setAlpha(36);
    painter->setBrush(fill);
    painter->drawRoundedRect(pill, h / 2.0, h / 2.0);
    painter->setPen(color.darker(115));
    painter->setFont(option.font);
    painter->drawText(pill, Qt::AlignCenter, fm.elidedText(text, Qt::ElideRight, pill.width() - 8));
    painter->restore();
}

QSize StatusDelegate::sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const {
    QSize s = QStyledItemDelegate::sizeHint(option, index);
    const QString status = index.data(client::OrderListModel::StatusRole).toString();
    if (!status.isEmpty()) {
        const QFontMetrics fm(option.font);
        s.setWidth(fm.horizontalAdvance(OrdersText::statusName(status)) + 28);
    }
    return s;
}

}  // namespace opsdesk::widgets
