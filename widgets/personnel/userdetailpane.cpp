#include "widgets/personnel/userdetailpane.h"

#include <QEvent>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QVBoxLayout>

#include "services-client/auth/session.h"
#include "services-client/personnel/personnelapi.h"
#include "widgets/common/conflictbanner.h"
#include "widgets/common/errortext.h"
#include "widgets/common/fieldtext.h"
#include "widgets/common/format.h"
#include "widgets/common/messageline.h"
#include "widgets/common/roletext.h"
#include "widgets/common/theme.h"
#include "widgets/personnel/newuserdialog.h"
#include "widgets/personnel/rolecatalog.h"
#include "widgets/personnel/rolechecklist.h"
#include "widgets/personnel/rolemerge.h"

namespace opsdesk::widgets {

using client::ApiError;
using protocol::ErrorCode;
using P = protocol::Permission;

UserDetailPane::UserDetailPane(const ModuleContext& context, client::PersonnelApi* api,
                               RoleCatalog* roles, QWidget* parent)
    : QWidget(parent),
      context_(context),
      api_(api),
      roles_(roles),
      heading_(new QLabel(this)),
      subheading_(new QLabel(this)),
      message_(new MessageLine(QStringLiteral("userMessage"), this)),
      conflictBanner_(new ConflictBanner(this)),
      displayNameLabel_(new QLabel(this)),
      displayName_(new QLineEdit(this)),
      displayNameError_(FieldText::makeErrorLabel(QStringLiteral("display_name"), this)),
      emailLabel_(new QLabel(this)),
      email_(new QLineEdit(this)),
      emailError_(FieldText::makeErrorLabel(QStringLiteral("email"), this)),
      rolesLabel_(new QLabel(this)),
      roleList_(new RoleChecklist(this)),
      rolesError_(FieldText::makeErrorLabel(QStringLiteral("roles"), this)),
      facts_(new QLabel(this)),
      saveButton_(new QPushButton(this)),
      revertButton_(new QPushButton(this)),
      actionsLabel_(new QLabel(this)),
      activeButton_(new QPushButton(this)),
      passwordButton_(new QPushButton(this)),
      sessionsButton_(new QPushButton(this)),
      totpButton_(new QPushButton(this)),
      historyButton_(new QPushButton(this)),
      emptyState_(new QWidget(this)),
      emptyText_(new QLabel(emptyState_)),
      content_(new QWidget(this)) {
    setObjectName(QStringLiteral("userDetailPane"));
    canWrite_ = context_.session && context_.session->can(P::PersonnelWrite);
    const bool canAudit =
        context_.session && context_.session->can(P::AuditRead) && context_.openModule != nullptr;

    QFont headingFont = heading_->font();
    headingFont.setPointSizeF(headingFont.pointSizeF() * 1.4);
    headingFont.setWeight(QFont::DemiBold);
    heading_->setFont(headingFont);
    heading_->setObjectName(QStringLiteral("userHeading"));
    Theme::setTextColor(subheading_, Theme::Role::Muted);
    conflictBanner_->setObjectName(QStringLiteral("userConflictBanner"));
    facts_->setObjectName(QStringLiteral("userFacts"));
    Theme::setTextColor(facts_, Theme::Role::Secondary);
    facts_->setWordWrap(true);

    displayName_->setObjectName(QStringLiteral("displayNameEdit"));
    email_->setObjectName(QStringLiteral("emailEdit"));
    saveButton_->setObjectName(QStringLiteral("saveUserButton"));
    revertButton_->setObjectName(QStringLiteral("revertUserButton"));
    activeButton_->setObjectName(QStringLiteral("activeButton"));
    passwordButton_->setObjectName(QStringLiteral("resetPasswordButton"));
    sessionsButton_->setObjectName(QStringLiteral("endSessionsButton"));
    totpButton_->setObjectName(QStringLiteral("disableTotpButton"));
    historyButton_->setObjectName(QStringLiteral("historyButton"));
    saveButton_->setDefault(true);
    roleList_->setMinimumHeight(120);
    roleList_->setMaximumHeight(200);
    roleList_->setStyleSheet(QStringLiteral("QListWidget::item { padding: 2px; }"));

    auto* form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->setLabelAlignment(Qt::AlignRight | Qt::AlignTop);
    auto column = [this](QWidget* field, QLabel* error) {
        auto* box = new QWidget(content_);
        auto* l = new QVBoxLayout(box);
        l->setContentsMargins(0, 0, 0, 0);
        l->setSpacing(2);
        l->addWidget(field);
        l->addWidget(error);
        return box;
    };
    form->addRow(displayNameLabel_, column(displayName_, displayNameError_));
    form->addRow(emailLabel_, column(email_, emailError_));
    form->addRow(rolesLabel_, column(roleList_, rolesError_));
    displayNameLabel_->setBuddy(displayName_);
    emailLabel_->setBuddy(email_);

    auto* saveRow = new QHBoxLayout;
    saveRow->addStretch(1);
    saveRow->addWidget(revertButton_);
    saveRow->addWidget(saveButton_);

    QFont sectionFont = actionsLabel_->font();
    sectionFont.setWeight(QFont::DemiBold);
    actionsLabel_->setFont(sectionFont);
    auto* actions = new QGridLayout;
    actions->addWidget(activeButton_, 0, 0);
    actions->addWidget(passwordButton_, 0, 1);
    actions->addWidget(sessionsButton_, 1, 0);
    actions->addWidget(totpButton_, 1, 1);
    actions->addWidget(historyButton_, 2, 0);

    auto* contentLayout = new QVBoxLayout(content_);
    contentLayout->setContentsMargins(0, 0, 0, 0);
    contentLayout->setSpacing(10);
    contentLayout->addWidget(heading_);
    contentLayout->addWidget(subheading_);
    contentLayout->addWidget(conflictBanner_);
    contentLayout->addWidget(message_);
    contentLayout->addLayout(form);
    contentLayout->addWidget(facts_);
    contentLayout->addLayout(saveRow);
    contentLayout->addSpacing(8);
    contentLayout->addWidget(actionsLabel_);
    contentLayout->addLayout(actions);
    contentLayout->addStretch(1);

    emptyText_->setAlignment(Qt::AlignCenter);
    Theme::setTextColor(emptyText_, Theme::Role::Muted);
    emptyText_->setWordWrap(true);
    auto* emptyLayout = new QVBoxLayout(emptyState_);
    emptyLayout->addWidget(emptyText_);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(16, 12, 16, 12);
    layout->addWidget(emptyState_);
    layout->addWidget(content_);

    for (QWidget* w :
         std::initializer_list<QWidget*>{saveButton_, revertButton_, activeButton_, passwordButton_,
                                         sessionsButton_, totpButton_, actionsLabel_}) {
        w->setVisible(canWrite_);
    }
    historyButton_->setVisible(canAudit);
    displayName_->setReadOnly(!canWrite_);
    email_->setReadOnly(!canWrite_);
    roleList_->setReadOnly(!canWrite_);

    connect(displayName_, &QLineEdit::textEdited, this, &UserDetailPane::updateState);
    connect(email_, &QLineEdit::textEdited, this, &UserDetailPane::updateState);
    connect(roleList_, &RoleChecklist::checkedChanged, this, &UserDetailPane::updateState);
    connect(displayName_, &QLineEdit::returnPressed, this, &UserDetailPane::save);
    connect(email_, &QLineEdit::returnPressed, this, &UserDetailPane::save);
    connect(saveButton_, &QPushButton::clicked, this, &UserDetailPane::save);
    connect(revertButton_, &QPushButton::clicked, this, &UserDetailPane::revert);
    connect(conflictBanner_, &ConflictBanner::reapplyRequested, this, &UserDetailPane::reapplyMine);
    connect(conflictBanner_, &ConflictBanner::discardRequested, this, &UserDetailPane::discardMine);
    connect(activeButton_, &QPushButton::clicked, this, &UserDetailPane::toggleActive);
    connect(passwordButton_, &QPushButton::clicked, this, &UserDetailPane::resetPassword);
    connect(sessionsButton_, &QPushButton::clicked, this, &UserDetailPane::endSessions);
    connect(totpButton_, &QPushButton::clicked, this, &UserDetailPane::disableTotp);
    connect(historyButton_, &QPushButton::clicked, this, &UserDetailPane::openHistory);
    connect(roles_, &RoleCatalog::rolesChanged, this, [this] {
        roleList_->setRoles(roles_->roles());
        if (user_ && !isDirty()) {
            roleList_->setChecked(user_->roles);
        }
    });
    roleList_->setRoles(roles_->roles());

    setUser(std::nullopt);
    retranslateUi();
}

bool UserDetailPane::isDirty() const {
    if (!user_ || !canWrite_) {
        return false;
    }
    return displayName_->text() != user_->displayName || email_->text() != user_->email ||
           roleList_->checked() != [this] {
               QStringList r = user_->roles;
               r.sort();
               return r;
           }();
}

QString UserDetailPane::message() const {
    return message_->isVisible() ? message_->text() : QString();
}

void UserDetailPane::setUser(const std::optional<client::StaffMember>& user) {
    const bool same = user && user_ && user->id == user_->id;
    user_ = user;
    emptyState_->setVisible(!user);
    content_->setVisible(bool(user));
    if (!same) {
        message_->clear();
        conflictBanner_->dismiss();
        change_ = Change::None;
        theirs_.reset();
        clearFieldErrors();
    }
    if (user) {
        displayName_->setText(user->displayName);
        email_->setText(user->email);
        roleList_->setChecked(user->roles);
    }
    retranslateUi();
}

void UserDetailPane::revert() {
    clearFieldErrors();
    message_->clear();
    setUser(user_);
}

bool UserDetailPane::tryDiscard(std::function<void()> proceed) {
    if (!isDirty()) {
        return true;
    }
    auto* box = new QMessageBox(
        QMessageBox::Question, tr("Unsaved changes"),
        tr("The changes to %1 are not saved yet.")
            .arg(user_->displayName.isEmpty() ? user_->username : user_->displayName),
        QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, this);
    box->setObjectName(QStringLiteral("unsavedUserBox"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setDefaultButton(QMessageBox::Save);
    connect(box, &QMessageBox::finished, this, [this, box, proceed = std::move(proceed)] {
        const auto answer = box->standardButton(box->clickedButton());
        if (answer == QMessageBox::Discard) {
            revert();
            proceed();
        } else if (answer == QMessageBox::Save) {
            save();  // stays here: the result shows in the pane
        }
    });
    box->open();
    return false;
}

void UserDetailPane::clearFieldErrors() {
    FieldText::clear(displayNameError_);
    FieldText::clear(emailError_);
    FieldText::clear(rolesError_);
}

void UserDetailPane::showInfo(const QString& text) {
    message_->showInfo(text);
}

void UserDetailPane::showError(const ApiError& error) {
    if (error.is(ErrorCode::PreconditionFailed) && change_ != Change::None) {
        showStale();
        return;
    }
    change_ = Change::None;
    if (error.httpStatus == 409 && error.fields.isEmpty()) {
        message_->clear();
        conflictBanner_->showRefused(error);
        return;
    }
    QString text = ErrorText::describe(error);
    if (error.is(ErrorCode::Forbidden)) {
        text = tr("Your account is not allowed to change staff accounts (it needs the "
                  "permission %1).")
                   .arg(error.details.value(QLatin1String("required_permission")).toString());
    } else if (error.is(ErrorCode::ValidationFailed)) {
        if (error.details.contains(QLatin1String("permissions"))) {
            QStringList names;
            for (const auto& p : error.details.value(QLatin1String("permissions")).toArray()) {
                names.append(p.toString());
            }
            text = tr("You cannot grant permissions you do not hold yourself: %1.")
                       .arg(names.join(QLatin1String(", ")));
        } else {
            text = tr("Please correct the fields marked below.");
        }
    }
    FieldText::show(displayNameError_, error.fields, QStringLiteral("display_name"));
    FieldText::show(emailError_, error.fields, QStringLiteral("email"));
    FieldText::show(rolesError_, error.fields, QStringLiteral("roles"));
    message_->showError(text);
}

void UserDetailPane::setBusy(bool busy) {
    busy_ = busy;
    updateState();
}

void UserDetailPane::track(client::ApiRequest* request, const QString& done,
                           std::function<void()> onSuccess) {
    setBusy(true);
    connect(request, &client::ApiRequest::finished, this, [this] { setBusy(false); });
    connect(request, &client::ApiRequest::failed, this, &UserDetailPane::showError);
    connect(request, &client::ApiRequest::succeeded, this,
            [this, request, done, onSuccess = std::move(onSuccess)] {
                change_ = Change::None;
                conflictBanner_->dismiss();
                if (auto* userRequest = qobject_cast<client::UserRequest*>(request)) {
                    clearFieldErrors();
                    setUser(userRequest->user());
                    emit userChanged(userRequest->user());
                }
                if (onSuccess) {
                    onSuccess();
                }
                showInfo(done);
            });
}

void UserDetailPane::save() {
    if (!user_ || !canWrite_ || busy_ || !isDirty()) {
        return;
    }
    QJsonObject changes;
    if (displayName_->text() != user_->displayName) {
        changes.insert(QStringLiteral("display_name"), displayName_->text().trimmed());
    }
    if (email_->text() != user_->email) {
        changes.insert(QStringLiteral("email"), email_->text().trimmed());
    }
    QStringList before = user_->roles;
    before.sort();
    if (roleList_->checked() != before) {
        changes.insert(QStringLiteral("roles"), QJsonArray::fromStringList(roleList_->checked()));
    }
    clearFieldErrors();
    change_ = Change::Save;
    track(api_->updateUser(user_->id, user_->version, changes), tr("Changes saved."));
}

void UserDetailPane::reload() {
    if (!user_) {
        return;
    }
    auto* request = api_->user(user_->id);
    connect(request, &client::ApiRequest::failed, this, &UserDetailPane::showError);
    connect(request, &client::ApiRequest::succeeded, this, [this, request] {
        clearFieldErrors();
        user_.reset();  // drop the stale edits too
        setUser(request->user());
        emit userChanged(request->user());
        showInfo(tr("Showing the current details."));
    });
}

void UserDetailPane::showStale() {
    if (!user_) {
        return;
    }
    auto* request = api_->user(user_->id);
    connect(request, &client::ApiRequest::failed, this,
            [this](const ApiError& e) { message_->showError(e); });
    connect(request, &client::ApiRequest::succeeded, this, [this, request] {
        theirs_ = request->user();
        message_->clear();
        describeStale();
        updateState();
    });
}

void UserDetailPane::describeStale() {
    const client::StaffMember& saw = *user_;
    const client::StaffMember& now = *theirs_;
    const auto state = [](const client::StaffMember& u) {
        return u.active ? tr("active") : tr("deactivated");
    };
    QList<ConflictBanner::Change> changes;
    if (saw.displayName != now.displayName) {
        changes.append({tr("Display name"), saw.displayName, now.displayName});
    }
    if (saw.email != now.email) {
        changes.append({tr("Email"), saw.email, now.email});
    }
    if (rolemerge::sorted(saw.roles) != rolemerge::sorted(now.roles)) {
        changes.append({tr("Roles"), RoleText::titles(rolemerge::sorted(saw.roles)),
                        RoleText::titles(rolemerge::sorted(now.roles))});
    }
    if (saw.active != now.active) {
        changes.append({tr("Status"), state(saw), state(now)});
    }
    // Activating what is active now, or the reverse, is no change to make again.
    QString note;
    bool canReapply = true;
    if ((change_ == Change::Deactivate && !now.active) ||
        (change_ == Change::Reactivate && now.active)) {
        canReapply = false;
        note = now.active ? tr("The account is active already.")
                          : tr("The account is deactivated already.");
    }
    conflictBanner_->showStale(
        changes, canReapply,
        tr("Someone else changed this account after you opened it, so your change was not "
           "saved."),
        note);
}

void UserDetailPane::reapplyMine() {
    if (!user_ || !theirs_) {
        return;
    }
    const client::StaffMember base = *user_;
    const client::StaffMember theirs = *theirs_;
    const Change change = change_;
    // What the form holds now is mine; on top of their version, field by field.
    const QString name =
        rolemerge::reapplyValue(base.displayName, displayName_->text(), theirs.displayName);
    const QString email = rolemerge::reapplyValue(base.email, email_->text(), theirs.email);
    const QStringList roles =
        rolemerge::reapplyList(base.roles, roleList_->checked(), theirs.roles);
    user_.reset();  // a different base: setUser starts afresh
    setUser(theirs);
    emit userChanged(theirs);
    switch (change) {
        case Change::Save:
            displayName_->setText(name);
            email_->setText(email);
            roleList_->setChecked(roles);
            updateState();
            if (isDirty()) {
                save();
            } else {
                showInfo(tr("The current version already has your changes."));
            }
            break;
        case Change::Deactivate:
            change_ = change;
            track(api_->deactivateUser(theirs.id, theirs.version),
                  tr("The account is deactivated."));
            break;
        case Change::Reactivate:
            change_ = change;
            track(api_->reactivateUser(theirs.id, theirs.version),
                  tr("The account is active again."));
            break;
        case Change::None:
            break;
    }
}

void UserDetailPane::discardMine() {
    if (!theirs_) {
        return;
    }
    const client::StaffMember theirs = *theirs_;
    user_.reset();  // drop the stale edits too
    setUser(theirs);
    emit userChanged(theirs);
    showInfo(tr("Your changes were discarded; these are the current details."));
}

void UserDetailPane::confirm(const QString& title, const QString& text, const QString& action,
                             std::function<void()> onYes) {
    auto* box = new QMessageBox(QMessageBox::Question, title, text, QMessageBox::Cancel, this);
    box->setObjectName(QStringLiteral("confirmBox"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    QPushButton* yes = box->addButton(action, QMessageBox::AcceptRole);
    box->setDefaultButton(yes);
    connect(box, &QMessageBox::finished, this, [box, yes, onYes = std::move(onYes)] {
        if (box->clickedButton() == yes) {
            onYes();
        }
    });
    box->open();
}

void UserDetailPane::toggleActive() {
    if (!user_ || busy_) {
        return;
    }
    const qint64 id = user_->id;
    const int version = user_->version;
    if (user_->active) {
        confirm(tr("Deactivate account"),
                tr("%1 will be signed out everywhere at once and can no longer sign in. You can "
                   "reactivate the account later.")
                    .arg(user_->displayName),
                tr("Deactivate"), [this, id, version] {
                    change_ = Change::Deactivate;
                    track(api_->deactivateUser(id, version), tr("The account is deactivated."));
                });
    } else {
        change_ = Change::Reactivate;
        track(api_->reactivateUser(id, version), tr("The account is active again."));
    }
}

void UserDetailPane::resetPassword() {
    if (!user_ || busy_) {
        return;
    }
    auto* dialog = new ResetPasswordDialog(api_, *user_, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &ResetPasswordDialog::passwordReset, this,
            [this](const client::StaffMember& user) {
                setUser(user);
                emit userChanged(user);
                showInfo(tr("Password reset. %1 must choose a new one at the next sign-in; all "
                            "their sessions have ended.")
                             .arg(user.displayName));
            });
    dialog->open();
}

void UserDetailPane::endSessions() {
    if (!user_ || busy_) {
        return;
    }
    const qint64 id = user_->id;
    confirm(tr("End all sessions"),
            tr("%1 will be signed out on every device at once.").arg(user_->displayName),
            tr("End sessions"), [this, id] {
                track(api_->endAllSessions(id), tr("All sessions of this account have ended."));
            });
}

void UserDetailPane::disableTotp() {
    if (!user_ || busy_) {
        return;
    }
    const qint64 id = user_->id;
    confirm(tr("Turn off two-step verification"),
            tr("%1 will sign in with the password alone until they set up two-step verification "
               "again. Do this only when you are sure who asked for it (for example, a lost "
               "phone).")
                .arg(user_->displayName),
            tr("Turn off"), [this, id] {
                track(api_->disableTotp(id), tr("Two-step verification is off for this account."),
                      [this] { reload(); });
            });
}

void UserDetailPane::openHistory() {
    if (user_ && context_.openModule) {
        context_.openModule(QStringLiteral("audit"),
                            {{QStringLiteral("entity"), QStringLiteral("user")},
                             {QStringLiteral("entity_id"), QString::number(user_->id)}});
    }
}

void UserDetailPane::updateState() {
    const bool dirty = isDirty();
    // While someone else's version is on show, the banner's buttons decide what happens.
    const bool stale = theirs_.has_value();
    saveButton_->setEnabled(dirty && !busy_ && !stale);
    revertButton_->setEnabled(dirty && !busy_ && !stale);
    for (QPushButton* b : {activeButton_, passwordButton_, sessionsButton_}) {
        b->setEnabled(user_ && !busy_);
    }
    totpButton_->setEnabled(!busy_);
    totpButton_->setVisible(canWrite_ && user_ && user_->totpEnabled);
}

void UserDetailPane::retranslateUi() {
    emptyText_->setText(tr("Choose a staff member from the list to see and edit the account."));
    displayNameLabel_->setText(tr("Display &name:"));
    emailLabel_->setText(tr("&Email:"));
    rolesLabel_->setText(tr("Roles:"));
    saveButton_->setText(tr("&Save changes"));
    revertButton_->setText(tr("&Revert"));
    actionsLabel_->setText(tr("Account actions"));
    passwordButton_->setText(tr("Reset password…"));
    sessionsButton_->setText(tr("End all sessions"));
    totpButton_->setText(tr("Turn off two-step verification"));
    historyButton_->setText(tr("History"));
    historyButton_->setToolTip(tr("Everything recorded about this account in the audit trail"));
    if (user_) {
        heading_->setText(user_->displayName.isEmpty() ? user_->username : user_->displayName);
        QString status = user_->active ? tr("active") : tr("deactivated");
        if (user_->lockedUntil.isValid()) {
            status = tr("locked until %1").arg(Format::dateTime(user_->lockedUntil));
        }
        subheading_->setText(tr("%1 · %2").arg(user_->username, status));
        activeButton_->setText(user_->active ? tr("Deactivate…") : tr("Reactivate"));
        QStringList facts;
        facts << tr("Created %1").arg(Format::dateTime(user_->createdAt));
        if (user_->updatedAt.isValid()) {
            facts << tr("last changed %1").arg(Format::dateTime(user_->updatedAt));
        }
        facts << (user_->totpEnabled ? tr("two-step verification on")
                                     : tr("two-step verification off"));
        if (user_->mustChangePassword) {
            facts << tr("must choose a new password at the next sign-in");
        }
        facts_->setText(facts.join(QStringLiteral(" · ")));
    }
    if (user_ && theirs_) {
        describeStale();
    }
    roleList_->retranslate();
    updateState();
}

void UserDetailPane::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) {
        retranslateUi();
    }
    QWidget::changeEvent(event);
}

}  // namespace opsdesk::widgets
