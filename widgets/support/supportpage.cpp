#include "widgets/support/supportpage.h"

namespace opsdesk::widgets {

SupportPage::SupportPage(const ModuleContext& context, QWidget* parent)
    : PlaceholderPage(QStringLiteral("support"), parent), context_(context) {
    retranslateUi();
}

QString SupportPage::title() {
    return tr("Support");
}

QString SupportPage::summary() {
    return tr("Answer customer tickets and live chats, with the customer's orders at hand.");
}

}  // namespace opsdesk::widgets
