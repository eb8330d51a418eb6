#include "widgets/audit/auditpage.h"

namespace opsdesk::widgets {

AuditPage::AuditPage(const ModuleContext& context, QWidget* parent)
    : PlaceholderPage(QStringLiteral("audit"), parent), context_(context) {
    retranslateUi();
}

QString AuditPage::title() {
    return tr("Audit trail");
}

QString AuditPage::summary() {
    return tr("See who changed what and when, across every module.");
}

}  // namespace opsdesk::widgets
