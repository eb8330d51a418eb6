#include "widgets/orders/orderspage.h"

namespace opsdesk::widgets {

OrdersPage::OrdersPage(const ModuleContext& context, QWidget* parent)
    : PlaceholderPage(QStringLiteral("orders"), parent), context_(context) {
    retranslateUi();
}

QString OrdersPage::title() {
    return tr("Orders");
}

QString OrdersPage::summary() {
    return tr("Find orders, follow them from payment to delivery, add notes and issue refunds.");
}

}  // namespace opsdesk::widgets
