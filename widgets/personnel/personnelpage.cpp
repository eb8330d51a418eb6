#include "widgets/personnel/personnelpage.h"

namespace opsdesk::widgets {

PersonnelPage::PersonnelPage(const ModuleContext& context, QWidget* parent)
    : PlaceholderPage(QStringLiteral("personnel"), parent), context_(context) {
    retranslateUi();
}

QString PersonnelPage::title() {
    return tr("Staff");
}

QString PersonnelPage::summary() {
    return tr("Manage staff accounts, their roles and their sessions.");
}

}  // namespace opsdesk::widgets
