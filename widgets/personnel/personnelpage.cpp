#include "widgets/personnel/personnelpage.h"

#include <QEvent>
#include <QLabel>
#include <QMessageBox>
#include <QTabWidget>
#include <QVBoxLayout>

#include "services-client/personnel/personnelapi.h"
#include "widgets/common/errortext.h"
#include "widgets/personnel/rolecatalog.h"
#include "widgets/personnel/roleeditor.h"
#include "widgets/personnel/staffview.h"

namespace opsdesk::widgets {

PersonnelPage::PersonnelPage(const ModuleContext& context, QWidget* parent)
    : QWidget(parent),
      context_(context),
      api_(new client::PersonnelApi(context.api, this)),
      catalog_(new RoleCatalog(api_, this)),
      tabs_(new QTabWidget(this)),
      staff_(new StaffView(context, api_, catalog_, this)),
      roleEditor_(new RoleEditor(context, api_, catalog_, this)) {
    setObjectName(QStringLiteral("personnelPage"));
    tabs_->setObjectName(QStringLiteral("personnelTabs"));
    tabs_->setDocumentMode(true);
    tabs_->addTab(staff_, QString());
    tabs_->addTab(roleEditor_, QString());
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(16, 12, 16, 8);
    layout->addWidget(tabs_);

    // Leaving the role editor with unsaved changes asks first.
    connect(tabs_, &QTabWidget::currentChanged, this, [this](int index) {
        if (index == shownTab_) {
            return;
        }
        const int target = index;
        auto go = [this, target] {
            shownTab_ = target;
            tabs_->setCurrentIndex(target);
        };
        const bool leaveNow = shownTab_ == 1 ? roleEditor_->tryLeave(go) : staff_->tryLeave(go);
        if (leaveNow) {
            shownTab_ = target;
        } else {
            QSignalBlocker block(tabs_);
            tabs_->setCurrentIndex(shownTab_);
        }
    });
    connect(catalog_, &RoleCatalog::loadFailed, this, [this](const client::ApiError& error) {
        auto* box =
            new QMessageBox(QMessageBox::Warning, tr("Roles"),
                            tr("The roles could not be loaded. %1").arg(ErrorText::describe(error)),
                            QMessageBox::Ok, this);
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
    });
    catalog_->reload();
    retranslateUi();
}

QString PersonnelPage::title() {
    return tr("Staff");
}

QString PersonnelPage::summary() {
    return tr("Manage staff accounts, their roles and their sessions.");
}

bool PersonnelPage::tryLeave(std::function<void()> proceed) {
    return tabs_->currentWidget() == roleEditor_ ? roleEditor_->tryLeave(std::move(proceed))
                                                 : staff_->tryLeave(std::move(proceed));
}

void PersonnelPage::retranslateUi() {
    tabs_->setTabText(0, tr("Staff"));
    tabs_->setTabText(1, tr("Roles and permissions"));
}

void PersonnelPage::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) {
        retranslateUi();
    }
    QWidget::changeEvent(event);
}

}  // namespace opsdesk::widgets
