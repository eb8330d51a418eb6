#include "widgets/finance/financepage.h"

namespace opsdesk::widgets {

FinancePage::FinancePage(const ModuleContext& context, QWidget* parent)
    : PlaceholderPage(QStringLiteral("finance"), parent), context_(context) {
    retranslateUi();
}

QString FinancePage::title() {
    return tr("Finance");
}

QString FinancePage::summary() {
    return tr("Import settlements and bank statements, reconcile them and sign them off.");
}

}  // namespace opsdesk::widgets
