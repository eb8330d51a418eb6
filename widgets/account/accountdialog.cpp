#include "widgets/account/accountdialog.h"

#include <QDialogButtonBox>
#include <QEvent>
#include <QLabel>
#include <QPushButton>
#include <QTabWidget>
#include <QVBoxLayout>

#include "services-client/account/accountapi.h"
#include "services-client/auth/session.h"
#include "widgets/account/passwordform.h"
#include "widgets/account/sessionspanel.h"
#include "widgets/account/totppanel.h"
#include "widgets/common/messageline.h"
#include "widgets/common/module.h"

namespace opsdesk::widgets {

namespace {

QLabel* makeHeading(QWidget* parent) {
    auto* heading = new QLabel(parent);
    QFont font = heading->font();
    font.setPointSizeF(font.pointSizeF() * 1.35);
    font.setWeight(QFont::DemiBold);
    heading->setFont(font);
    return heading;
}

}  // namespace

AccountDialog::AccountDialog(client::ApiClient* api, client::Session* session, bool totpEnabled,
                             QWidget* parent)
    : QDialog(parent),
      session_(session),
      api_(new client::AccountApi(api, this)),
      heading_(makeHeading(this)),
      tabs_(new QTabWidget(this)),
      password_(new PasswordForm(api_, this)),
      totp_(new TotpPanel(api_, totpEnabled, this)),
      sessions_(new SessionsPanel(api_, this)),
      passwordDone_(new MessageLine(QStringLiteral("passwordDone"), this)),
      buttons_(new QDialogButtonBox(QDialogButtonBox::Close, this)) {
    setObjectName(QStringLiteral("accountDialog"));
    setWindowIcon(applicationIcon());
    resize(760, 520);
    tabs_->setObjectName(QStringLiteral("accountTabs"));

    auto* passwordPage = new QWidget(tabs_);
    auto* passwordLayout = new QVBoxLayout(passwordPage);
    passwordLayout->addWidget(password_);
    passwordLayout->addWidget(passwordDone_);
    passwordLayout->addStretch(1);
    auto* totpPage = new QWidget(tabs_);
    auto* totpLayout = new QVBoxLayout(totpPage);
    totpLayout->addWidget(totp_);
    tabs_->addTab(passwordPage, QString());
    tabs_->addTab(totpPage, QString());
    tabs_->addTab(sessions_, QString());

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(heading_);
    layout->addWidget(tabs_, 1);
    layout->addWidget(buttons_);

    connect(buttons_, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(password_, &PasswordForm::passwordChanged, this, [this] {
        passwordDone_->showSuccess(tr("Your password is changed. Your other sessions have ended."));
        sessions_->refresh();
        emit accountChanged();
    });
    connect(totp_, &TotpPanel::enabledChanged, this, &AccountDialog::accountChanged);
    // Enter acts on the field it is typed in (each form submits on returnPressed); no button
    // of another tab, nor Close, may take it.
    for (auto* button : findChildren<QPushButton*>()) {
        button->setAutoDefault(false);
    }
    retranslateUi();
}

void AccountDialog::showTab(Tab tab) {
    tabs_->setCurrentIndex(int(tab));
}

void AccountDialog::retranslateUi() {
    setWindowTitle(tr("My account"));
    const QString name = session_ ? session_->user().displayName : QString();
    heading_->setText(name.isEmpty() ? tr("My account") : tr("My account — %1").arg(name));
    tabs_->setTabText(PasswordTab, tr("Password"));
    tabs_->setTabText(TwoStepTab, tr("Two-step verification"));
    tabs_->setTabText(SessionsTab, tr("My sessions"));
}

void AccountDialog::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) {
        retranslateUi();
    }
    QDialog::changeEvent(event);
}

FirstSignInDialog::FirstSignInDialog(client::ApiClient* api, Step step, QWidget* parent)
    : QDialog(parent),
      step_(step),
      api_(new client::AccountApi(api, this)),
      heading_(makeHeading(this)),
      text_(new QLabel(this)),
      buttons_(new QDialogButtonBox(QDialogButtonBox::Cancel, this)) {
    setObjectName(step == Step::ChangePassword ? QStringLiteral("changePasswordDialog")
                                               : QStringLiteral("enrolTotpDialog"));
    setWindowIcon(applicationIcon());
    text_->setWordWrap(true);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(28, 24, 28, 20);
    layout->setSpacing(12);
    layout->addWidget(heading_);
    layout->addWidget(text_);
    if (step == Step::ChangePassword) {
        password_ = new PasswordForm(api_, this);
        layout->addWidget(password_);
        connect(password_, &PasswordForm::passwordChanged, this, &QDialog::accept);
        setMinimumWidth(500);
    } else {
        totp_ = new TotpPanel(api_, false, this);
        layout->addWidget(totp_, 1);
        connect(totp_, &TotpPanel::enabledChanged, this, [this](bool on) {
            if (on) {
                accept();
            }
        });
        setMinimumSize(640, 420);
    }
    layout->addWidget(buttons_);
    connect(buttons_, &QDialogButtonBox::rejected, this, &QDialog::reject);
    // Enter submits the form it is typed in, never "Sign out".
    for (auto* button : findChildren<QPushButton*>()) {
        button->setAutoDefault(false);
    }
    retranslateUi();
    if (totp_) {
        totp_->startEnrolment();
    }
}

void FirstSignInDialog::retranslateUi() {
    buttons_->button(QDialogButtonBox::Cancel)->setText(tr("Sign &out"));
    if (step_ == Step::ChangePassword) {
        setWindowTitle(tr("Choose a new password"));
        heading_->setText(tr("Choose your own password"));
        text_->setText(
            tr("Your password was set by an administrator. Before you go on, choose "
               "a new one that only you know."));
    } else {
        setWindowTitle(tr("Set up two-step verification"));
        heading_->setText(tr("Set up two-step verification"));
        text_->setText(
            tr("Your account can change roles and permissions, so it must be "
               "protected by a second step at sign-in. Set it up now to go on."));
    }
}

void FirstSignInDialog::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) {
        retranslateUi();
    }
    QDialog::changeEvent(event);
}

}  // namespace opsdesk::widgets
