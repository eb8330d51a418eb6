#include "widgets/personnel/newuserdialog.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

#include "services-client/personnel/personnelapi.h"
#include "widgets/common/errortext.h"
#include "widgets/common/fieldtext.h"
#include "widgets/common/messageline.h"
#include "widgets/common/theme.h"
#include "widgets/personnel/rolecatalog.h"
#include "widgets/personnel/rolechecklist.h"

namespace opsdesk::widgets {

using client::ApiError;
using protocol::ErrorCode;

namespace {

QWidget* withError(QWidget* field, QLabel* error, QWidget* parent) {
    auto* box = new QWidget(parent);
    auto* l = new QVBoxLayout(box);
    l->setContentsMargins(0, 0, 0, 0);
    l->setSpacing(2);
    l->addWidget(field);
    l->addWidget(error);
    return box;
}

}  // namespace

NewUserDialog::NewUserDialog(client::PersonnelApi* api, RoleCatalog* roles, QWidget* parent)
    : QDialog(parent),
      api_(api),
      username_(new QLineEdit(this)),
      displayName_(new QLineEdit(this)),
      email_(new QLineEdit(this)),
      password_(new QLineEdit(this)),
      roles_(new RoleChecklist(this)),
      usernameError_(FieldText::makeErrorLabel(QStringLiteral("username"), this)),
      displayNameError_(FieldText::makeErrorLabel(QStringLiteral("display_name"), this)),
      emailError_(FieldText::makeErrorLabel(QStringLiteral("email"), this)),
      passwordError_(FieldText::makeErrorLabel(QStringLiteral("password"), this)),
      rolesError_(FieldText::makeErrorLabel(QStringLiteral("roles"), this)),
      message_(new MessageLine(QStringLiteral("dialogMessage"), this)),
      buttons_(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this)) {
    setObjectName(QStringLiteral("newUserDialog"));
    setWindowTitle(tr("New staff member"));
    setMinimumWidth(460);
    username_->setObjectName(QStringLiteral("newUsernameEdit"));
    displayName_->setObjectName(QStringLiteral("newDisplayNameEdit"));
    email_->setObjectName(QStringLiteral("newEmailEdit"));
    password_->setObjectName(QStringLiteral("newPasswordEdit"));
    password_->setEchoMode(QLineEdit::Password);
    username_->setPlaceholderText(tr("e.g. li.lei"));
    email_->setPlaceholderText(tr("name@example.com"));
    password_->setPlaceholderText(tr("At least 10 characters"));
    roles_->setRoles(roles->roles());
    roles_->setMinimumHeight(150);
    buttons_->button(QDialogButtonBox::Ok)->setText(tr("&Create account"));
    buttons_->button(QDialogButtonBox::Ok)->setObjectName(QStringLiteral("createUserButton"));

    auto* intro = new QLabel(
        tr("The new colleague signs in with this password once and then chooses their own."), this);
    intro->setWordWrap(true);
    Theme::setTextColor(intro, Theme::Role::Secondary);

    auto* form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->addRow(tr("&Username:"), withError(username_, usernameError_, this));
    form->addRow(tr("Display &name:"), withError(displayName_, displayNameError_, this));
    form->addRow(tr("&Email:"), withError(email_, emailError_, this));
    form->addRow(tr("Initial &password:"), withError(password_, passwordError_, this));
    form->addRow(tr("Roles:"), withError(roles_, rolesError_, this));

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(form);
    layout->addWidget(message_);
    layout->addWidget(buttons_);

    connect(buttons_, &QDialogButtonBox::accepted, this, &NewUserDialog::submit);
    connect(buttons_, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(roles, &RoleCatalog::rolesChanged, this,
            [this, roles] { roles_->setRoles(roles->roles()); });
}

NewUserDialog::~NewUserDialog() {
    if (pending_) {
        pending_->disconnect(this);
    }
}

QString NewUserDialog::message() const {
    return message_->isVisible() ? message_->text() : QString();
}

void NewUserDialog::submit() {
    if (pending_) {
        return;
    }
    for (QLabel* l :
         {usernameError_, displayNameError_, emailError_, passwordError_, rolesError_}) {
        FieldText::clear(l);
    }
    message_->clear();
    client::NewStaffMember m{username_->text().trimmed(), displayName_->text().trimmed(),
                             email_->text().trimmed(), password_->text(), roles_->checked()};
    if (m.roles.isEmpty()) {
        rolesError_->setText(FieldText::reason(QStringLiteral("a user needs at least one role")));
        rolesError_->show();
        return;
    }
    auto* request = api_->createUser(m);
    pending_ = request;
    buttons_->setEnabled(false);
    connect(request, &client::ApiRequest::finished, this, [this] { buttons_->setEnabled(true); });
    connect(request, &client::ApiRequest::failed, this, &NewUserDialog::onFailed);
    connect(request, &client::ApiRequest::succeeded, this, [this, request] {
        emit userCreated(request->user());
        accept();
    });
}

void NewUserDialog::onFailed(const ApiError& error) {
    FieldText::show(usernameError_, error.fields, QStringLiteral("username"));
    FieldText::show(displayNameError_, error.fields, QStringLiteral("display_name"));
    FieldText::show(emailError_, error.fields, QStringLiteral("email"));
    FieldText::show(passwordError_, error.fields, QStringLiteral("password"));
    FieldText::show(rolesError_, error.fields, QStringLiteral("roles"));
    QString text = ErrorText::describe(error);
    if (error.details.contains(QLatin1String("permissions"))) {
        QStringList names;
        for (const auto& p : error.details.value(QLatin1String("permissions")).toArray()) {
            names.append(p.toString());
        }
        text = tr("You cannot grant permissions you do not hold yourself: %1.")
                   .arg(names.join(QLatin1String(", ")));
    } else if (!error.fields.isEmpty()) {
        text = tr("Please correct the fields marked above.");
    }
    message_->showError(text);
    QLineEdit* focus = error.fields.contains(QStringLiteral("username"))   ? username_
                       : error.fields.contains(QStringLiteral("email"))    ? email_
                       : error.fields.contains(QStringLiteral("password")) ? password_
                                                                           : nullptr;
    if (focus) {
        focus->setFocus();
        focus->selectAll();
    }
}

ResetPasswordDialog::ResetPasswordDialog(client::PersonnelApi* api, const client::StaffMember& user,
                                         QWidget* parent)
    : QDialog(parent),
      api_(api),
      user_(user),
      password_(new QLineEdit(this)),
      repeat_(new QLineEdit(this)),
      passwordError_(FieldText::makeErrorLabel(QStringLiteral("new_password"), this)),
      message_(new MessageLine(QStringLiteral("dialogMessage"), this)),
      buttons_(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this)) {
    setObjectName(QStringLiteral("resetPasswordDialog"));
    setWindowTitle(tr("Reset password"));
    setMinimumWidth(420);
    password_->setEchoMode(QLineEdit::Password);
    repeat_->setEchoMode(QLineEdit::Password);
    password_->setObjectName(QStringLiteral("resetPasswordEdit"));
    repeat_->setObjectName(QStringLiteral("resetRepeatEdit"));
    buttons_->button(QDialogButtonBox::Ok)->setText(tr("&Reset password"));
    auto* intro =
        new QLabel(tr("Choose a temporary password for %1. All their sessions end, and "
                      "they must choose a new password at the next sign-in.")
                       .arg(user.displayName.isEmpty() ? user.username : user.displayName),
                   this);
    intro->setWordWrap(true);
    auto* form = new QFormLayout;
    form->addRow(tr("New &password:"), withError(password_, passwordError_, this));
    form->addRow(tr("&Repeat:"), repeat_);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(form);
    layout->addWidget(message_);
    layout->addWidget(buttons_);
    connect(buttons_, &QDialogButtonBox::accepted, this, &ResetPasswordDialog::submit);
    connect(buttons_, &QDialogButtonBox::rejected, this, &QDialog::reject);
}

void ResetPasswordDialog::submit() {
    FieldText::clear(passwordError_);
    message_->clear();
    if (password_->text() != repeat_->text()) {
        passwordError_->setText(tr("The two passwords differ."));
        passwordError_->show();
        return;
    }
    auto* request = api_->resetPassword(user_.id, user_.version, password_->text());
    buttons_->setEnabled(false);
    connect(request, &client::ApiRequest::finished, this, [this] { buttons_->setEnabled(true); });
    connect(request, &client::ApiRequest::failed, this, [this](const ApiError& error) {
        FieldText::show(passwordError_, error.fields, QStringLiteral("new_password"));
        message_->showError(error.is(ErrorCode::PreconditionFailed)
                                ? tr("Someone else changed this account meanwhile. Close this "
                                     "window, reload the account and try again.")
                                : ErrorText::describe(error));
    });
    connect(request, &client::ApiRequest::succeeded, this, [this, request] {
        emit passwordReset(request->user());
        accept();
    });
}

}  // namespace opsdesk::widgets
