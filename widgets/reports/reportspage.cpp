#include "widgets/reports/reportspage.h"

namespace opsdesk::widgets {

ReportsPage::ReportsPage(const ModuleContext& context, QWidget* parent)
    : PlaceholderPage(QStringLiteral("reports"), parent), context_(context) {
    retranslateUi();
}

QString ReportsPage::title() {
    return tr("Reports");
}

QString ReportsPage::summary() {
    return tr("Sales, product, support and finance reports for the periods you choose.");
}

}  // namespace opsdesk::widgets
