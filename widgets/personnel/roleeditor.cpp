#include "widgets/personnel/roleeditor.h"

#include <QDialog>
#include <QDialogButtonBox>
#include <QEvent>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QRegularExpressionValidator>
#include <QSet>
#include <QSplitter>
#include <QTreeView>
#include <QVBoxLayout>

#include "services-client/auth/session.h"
#include "services-client/personnel/personnelapi.h"
#include "widgets/common/conflictbanner.h"
#include "widgets/common/errortext.h"
#include "widgets/common/fieldtext.h"
#include "widgets/common/messageline.h"
#include "widgets/common/roletext.h"
#include "widgets/common/theme.h"
#include "widgets/personnel/permissionmatrixmodel.h"
#include "widgets/personnel/permissiontext.h"
#include "widgets/personnel/rolecatalog.h"
#include "widgets/personnel/rolemerge.h"

namespace opsdesk::widgets {

using client::ApiError;
using client::Role;
using protocol::ErrorCode;
using rolemerge::minus;
using rolemerge::sorted;

namespace {

constexpr int kRoleNameRole = Qt::UserRole + 1;

// A new custom role's name and description.
class NewRoleDialog : public QDialog {
public:
    NewRoleDialog(client::PersonnelApi* api, QWidget* parent)
        : QDialog(parent),
          api_(api),
          name_(new QLineEdit(this)),
          description_(new QLineEdit(this)),
          nameError_(FieldText::makeErrorLabel(QStringLiteral("name"), this)),
          message_(new MessageLine(this)),
          buttons_(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this)) {
        setObjectName(QStringLiteral("newRoleDialog"));
        setWindowTitle(RoleEditor::tr("New role"));
        setMinimumWidth(420);
        name_->setObjectName(QStringLiteral("roleNameEdit"));
        description_->setObjectName(QStringLiteral("roleDescriptionEdit"));
        name_->setPlaceholderText(RoleEditor::tr("e.g. night_shift"));
        name_->setValidator(new QRegularExpressionValidator(
            QRegularExpression(QStringLiteral("[a-z0-9_]{0,64}")), name_));
        buttons_->button(QDialogButtonBox::Ok)->setText(RoleEditor::tr("&Create role"));
        auto* hint = new QLabel(RoleEditor::tr("Lower-case letters, digits and '_'. You choose "
                                               "its permissions after creating it."),
                                this);
        hint->setWordWrap(true);
        Theme::setTextColor(hint, Theme::Role::Muted);
        auto* nameBox = new QWidget(this);
        auto* nameLayout = new QVBoxLayout(nameBox);
        nameLayout->setContentsMargins(0, 0, 0, 0);
        nameLayout->addWidget(name_);
        nameLayout->addWidget(nameError_);
        nameLayout->addWidget(hint);
        auto* form = new QFormLayout;
        form->addRow(RoleEditor::tr("&Name:"), nameBox);
        form->addRow(RoleEditor::tr("&Description:"), description_);
        auto* layout = new QVBoxLayout(this);
        layout->addLayout(form);
        layout->addWidget(message_);
        layout->addWidget(buttons_);
        connect(buttons_, &QDialogButtonBox::accepted, this, [this] { submit(); });
        connect(buttons_, &QDialogButtonBox::rejected, this, &QDialog::reject);
    }

    std::function<void(const Role&)> onCreated;

private:
    void submit() {
        FieldText::clear(nameError_);
        message_->clear();
        auto* request = api_->createRole(name_->text(), description_->text().trimmed(), {});
        buttons_->setEnabled(false);
        connect(request, &client::ApiRequest::finished, this,
                [this] { buttons_->setEnabled(true); });
        connect(request, &client::ApiRequest::failed, this, [this](const ApiError& error) {
            FieldText::show(nameError_, error.fields, QStringLiteral("name"));
            if (!error.fields.contains(QStringLiteral("name"))) {
                message_->showError(error);
            }
        });
        connect(request, &client::ApiRequest::succeeded, this, [this, request] {
            if (onCreated) {
                onCreated(request->role());
            }
            accept();
        });
    }

    client::PersonnelApi* api_;
    QLineEdit* name_;
    QLineEdit* description_;
    QLabel* nameError_;
    MessageLine* message_;
    QDialogButtonBox* buttons_;
};

}  // namespace

RoleEditor::RoleEditor(const ModuleContext& context, client::PersonnelApi* api,
                       RoleCatalog* catalog, QWidget* parent)
    : QWidget(parent),
      context_(context),
      api_(api),
      catalog_(catalog),
      matrix_(new PermissionMatrixModel(this)),
      rolesHeading_(new QLabel(this)),
      roleList_(new QListWidget(this)),
      newButton_(new QPushButton(this)),
      deleteButton_(new QPushButton(this)),
      title_(new QLabel(this)),
      subtitle_(new QLabel(this)),
      descriptionLabel_(new QLabel(this)),
      description_(new QLineEdit(this)),
      adminNote_(new QLabel(this)),
      matrixView_(new QTreeView(this)),
      message_(new MessageLine(QStringLiteral("roleMessage"), this)),
      conflictBanner_(new ConflictBanner(this)),
      dirtyMark_(new QLabel(this)),
      discardButton_(new QPushButton(this)),
      saveButton_(new QPushButton(this)) {
    matrix_->setModuleTitles(context.moduleTitle);
    setObjectName(QStringLiteral("roleEditor"));
    canEdit_ = context_.session && context_.session->can(protocol::Permission::RolesWrite);

    roleList_->setObjectName(QStringLiteral("roleList"));
    newButton_->setObjectName(QStringLiteral("newRoleButton"));
    deleteButton_->setObjectName(QStringLiteral("deleteRoleButton"));
    description_->setObjectName(QStringLiteral("roleDescription"));
    matrixView_->setObjectName(QStringLiteral("permissionMatrix"));
    conflictBanner_->setObjectName(QStringLiteral("conflictPanel"));
    dirtyMark_->setObjectName(QStringLiteral("unsavedMark"));
    discardButton_->setObjectName(QStringLiteral("discardRoleButton"));
    saveButton_->setObjectName(QStringLiteral("saveRoleButton"));
    newButton_->setVisible(canEdit_);
    deleteButton_->setVisible(canEdit_);
    saveButton_->setVisible(canEdit_);
    discardButton_->setVisible(canEdit_);
    saveButton_->setDefault(true);

    QFont section = rolesHeading_->font();
    section.setWeight(QFont::DemiBold);
    rolesHeading_->setFont(section);
    QFont titleFont = title_->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.4);
    titleFont.setWeight(QFont::DemiBold);
    title_->setFont(titleFont);
    Theme::setTextColor(subtitle_, Theme::Role::Muted);
    subtitle_->setWordWrap(true);
    adminNote_->setWordWrap(true);
    Theme::setBox(adminNote_,
                  {.background = Theme::Role::NoteBackground, .text = Theme::Role::Note});
    Theme::setTextColor(dirtyMark_, Theme::Role::Warning, QStringLiteral("font-weight: 600;"));

    matrixView_->setModel(matrix_);
    matrixView_->setStyleSheet(QStringLiteral("QTreeView::item { padding: 3px 2px; }"));
    roleList_->setStyleSheet(QStringLiteral("QListWidget::item { padding: 5px 4px; }"));
    matrixView_->setUniformRowHeights(true);
    matrixView_->setAlternatingRowColors(true);
    matrixView_->setSelectionMode(QAbstractItemView::SingleSelection);
    matrixView_->header()->setStretchLastSection(true);
    matrixView_->setColumnWidth(PermissionMatrixModel::NameColumn, 220);
    connect(matrix_, &QAbstractItemModel::modelReset, matrixView_, &QTreeView::expandAll);

    auto* left = new QWidget(this);
    auto* leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addWidget(rolesHeading_);
    leftLayout->addWidget(roleList_, 1);
    auto* leftButtons = new QHBoxLayout;
    leftButtons->addWidget(newButton_);
    leftButtons->addWidget(deleteButton_);
    leftLayout->addLayout(leftButtons);

    auto* right = new QWidget(this);
    auto* rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(8, 0, 0, 0);
    rightLayout->addWidget(title_);
    rightLayout->addWidget(subtitle_);
    auto* descriptionRow = new QHBoxLayout;
    descriptionRow->addWidget(descriptionLabel_);
    descriptionRow->addWidget(description_, 1);
    descriptionLabel_->setBuddy(description_);
    rightLayout->addLayout(descriptionRow);
    rightLayout->addWidget(adminNote_);
    rightLayout->addWidget(conflictBanner_);
    rightLayout->addWidget(message_);
    rightLayout->addWidget(matrixView_, 1);
    auto* bottom = new QHBoxLayout;
    bottom->addWidget(dirtyMark_);
    bottom->addStretch(1);
    bottom->addWidget(discardButton_);
    bottom->addWidget(saveButton_);
    rightLayout->addLayout(bottom);

    auto* splitter = new QSplitter(this);
    splitter->addWidget(left);
    splitter->addWidget(right);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 3);
    splitter->setChildrenCollapsible(false);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(splitter);

    connect(roleList_, &QListWidget::currentRowChanged, this, &RoleEditor::onRoleRowChanged);
    connect(matrix_, &PermissionMatrixModel::grantedEdited, this, &RoleEditor::updateState);
    connect(description_, &QLineEdit::textEdited, this, &RoleEditor::updateState);
    connect(saveButton_, &QPushButton::clicked, this, &RoleEditor::save);
    connect(discardButton_, &QPushButton::clicked, this, &RoleEditor::discard);
    connect(newButton_, &QPushButton::clicked, this, &RoleEditor::createRole);
    connect(deleteButton_, &QPushButton::clicked, this, &RoleEditor::deleteRole);
    connect(conflictBanner_, &ConflictBanner::reapplyRequested, this, &RoleEditor::reapplyMine);
    connect(conflictBanner_, &ConflictBanner::discardRequested, this, &RoleEditor::acceptTheirs);
    connect(catalog_, &RoleCatalog::rolesChanged, this, &RoleEditor::fillRoles);
    connect(catalog_, &RoleCatalog::permissionsChanged, this, [this] {
        matrix_->setCatalog(catalog_->permissions());
        matrix_->setGranted(base_ ? base_->permissions : QStringList{});
    });
    matrix_->setCatalog(catalog_->permissions());
    fillRoles();
    retranslateUi();
}

QString RoleEditor::heldBy(int count) {
    if (count == 0) {
        return tr("nobody");
    }
    return count == 1 ? tr("1 person") : tr("%1 people").arg(count);
}

QString RoleEditor::roleTitle(const Role& role) const {
    return RoleText::title(role.name);
}

void RoleEditor::fillRoles() {
    const QString current = base_ ? base_->name : QString();
    switchingRow_ = true;
    roleList_->clear();
    for (const Role& role : catalog_->roles()) {
        auto* item = new QListWidgetItem(roleTitle(role), roleList_);
        item->setData(kRoleNameRole, role.name);
        item->setToolTip(role.description);
    }
    switchingRow_ = false;
    // Stay on the role being edited; its unsaved edits are kept.
    for (int row = 0; row < roleList_->count(); ++row) {
        if (roleList_->item(row)->data(kRoleNameRole).toString() == current) {
            switchingRow_ = true;
            roleList_->setCurrentRow(row);
            switchingRow_ = false;
            const Role* fresh = catalog_->role(current);
            if (!isDirty() && fresh && !(base_ && *fresh == *base_)) {
                showRole(*fresh);
            }
            return;
        }
    }
    if (roleList_->count() > 0) {
        roleList_->setCurrentRow(0);
    } else {
        showRole(std::nullopt);
    }
}

void RoleEditor::selectRole(const QString& name) {
    for (int row = 0; row < roleList_->count(); ++row) {
        if (roleList_->item(row)->data(kRoleNameRole).toString() == name) {
            roleList_->setCurrentRow(row);
            return;
        }
    }
}

void RoleEditor::onRoleRowChanged(int row) {
    if (switchingRow_ || row < 0) {
        return;
    }
    const QString name = roleList_->item(row)->data(kRoleNameRole).toString();
    if (base_ && base_->name == name) {
        return;
    }
    const Role* role = catalog_->role(name);
    const bool leaveNow = tryLeave([this, name] {
        const Role* r = catalog_->role(name);
        showRole(r ? std::optional(*r) : std::nullopt);
        selectRole(name);
    });
    if (!leaveNow) {
        // Back to the role being edited until the question is answered (after the list has
        // finished its own selection change).
        QMetaObject::invokeMethod(
            this,
            [this] {
                switchingRow_ = true;
                for (int r = 0; r < roleList_->count(); ++r) {
                    if (base_ &&
                        roleList_->item(r)->data(kRoleNameRole).toString() == base_->name) {
                        roleList_->setCurrentRow(r);
                    }
                }
                switchingRow_ = false;
            },
            Qt::QueuedConnection);
        return;
    }
    showRole(role ? std::optional(*role) : std::nullopt);
}

void RoleEditor::showRole(const std::optional<Role>& role) {
    base_ = role;
    conflict_.reset();
    conflictBanner_->dismiss();
    message_->clear();
    description_->setText(role ? role->description : QString());
    matrix_->setGranted(role ? role->permissions : QStringList{});
    retranslateUi();
}

bool RoleEditor::isDirty() const {
    if (!base_ || !canEdit_) {
        return false;
    }
    return matrix_->granted() != sorted(base_->permissions) ||
           description_->text() != base_->description;
}

QString RoleEditor::message() const {
    return message_->isVisible() ? message_->text() : QString();
}

bool RoleEditor::tryLeave(std::function<void()> proceed) {
    if (!isDirty()) {
        return true;
    }
    auto* box = new QMessageBox(
        QMessageBox::Question, tr("Unsaved changes"),
        tr("The changes to the role “%1” are not saved yet.").arg(roleTitle(*base_)),
        QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, this);
    box->setObjectName(QStringLiteral("unsavedRoleBox"));
    box->setInformativeText(tr("Save them, discard them, or stay to keep editing."));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setDefaultButton(QMessageBox::Save);
    connect(box, &QMessageBox::finished, this, [this, box, proceed = std::move(proceed)] {
        const auto answer = box->standardButton(box->clickedButton());
        if (answer == QMessageBox::Discard) {
            discard();
            proceed();
        } else if (answer == QMessageBox::Save) {
            save();  // stays: a refused save must be seen
        }
    });
    box->open();
    return false;
}

void RoleEditor::updateState() {
    const bool dirty = isDirty();
    const bool editable = canEdit_ && base_ && !base_->isAdmin();
    matrix_->setEditable(editable && !busy_);
    description_->setReadOnly(!editable);
    saveButton_->setEnabled(dirty && !busy_);
    discardButton_->setEnabled(dirty && !busy_);
    dirtyMark_->setVisible(dirty);
    deleteButton_->setEnabled(base_ && !base_->builtin && base_->userCount == 0 && !busy_);
    deleteButton_->setToolTip(!base_             ? QString()
                              : base_->builtin   ? tr("Built-in roles cannot be deleted.")
                              : base_->userCount ? tr("Still held by %1 (a role can be deleted "
                                                      "once nobody holds it).")
                                                       .arg(heldBy(base_->userCount))
                                                 : QString());
    // The list marks the role with unsaved edits.
    for (int row = 0; row < roleList_->count(); ++row) {
        QListWidgetItem* item = roleList_->item(row);
        const QString name = item->data(kRoleNameRole).toString();
        const Role* role = catalog_->role(name);
        const QString title = role ? roleTitle(*role) : name;
        item->setText(dirty && base_ && base_->name == name ? title + QStringLiteral(" *") : title);
    }
}

void RoleEditor::save() {
    if (!base_ || !isDirty() || busy_) {
        return;
    }
    QJsonObject changes;
    if (matrix_->granted() != sorted(base_->permissions)) {
        changes.insert(QStringLiteral("permissions"),
                       QJsonArray::fromStringList(matrix_->granted()));
    }
    if (description_->text() != base_->description) {
        changes.insert(QStringLiteral("description"), description_->text());
    }
    busy_ = true;
    updateState();
    auto* request = api_->updateRole(base_->id, base_->version, changes);
    connect(request, &client::ApiRequest::finished, this, [this] {
        busy_ = false;
        updateState();
    });
    connect(request, &client::ApiRequest::failed, this, &RoleEditor::onSaveFailed);
    connect(request, &client::ApiRequest::succeeded, this, [this, request] {
        showRole(request->role());
        message_->showSuccess(
            tr("The role “%1” is saved. Everyone holding it has the new permissions from their "
               "next request on.")
                .arg(roleTitle(request->role())));
        catalog_->reload();
    });
}

void RoleEditor::onSaveFailed(const ApiError& error) {
    if (error.is(ErrorCode::PreconditionFailed) && base_) {
        // Fetch what the server has now, to show what changed.
        auto* current = api_->role(base_->id);
        connect(current, &client::ApiRequest::succeeded, this,
                [this, current] { showConflict(current->role()); });
        connect(current, &client::ApiRequest::failed, this,
                [this](const ApiError& e) { message_->showError(e); });
        return;
    }
    if (error.httpStatus == 409 && error.fields.isEmpty()) {
        conflictBanner_->showRefused(error);
        message_->clear();
        return;
    }
    QString text = ErrorText::describe(error);
    if (error.is(ErrorCode::Forbidden)) {
        text = tr("Your account is not allowed to change roles.");
    } else if (error.details.contains(QLatin1String("permissions"))) {
        QStringList names;
        for (const auto& p : error.details.value(QLatin1String("permissions")).toArray()) {
            names.append(p.toString());
        }
        text = tr("You cannot grant permissions you do not hold yourself: %1.")
                   .arg(names.join(QLatin1String(", ")));
    } else if (!error.fields.isEmpty()) {
        QStringList reasons;
        for (auto it = error.fields.cbegin(); it != error.fields.cend(); ++it) {
            reasons.append(FieldText::reason(it.value()));
        }
        text = reasons.join(QLatin1Char(' '));
    }
    message_->showError(text);
}

void RoleEditor::showConflict(const Role& server) {
    conflict_ = server;
    conflictMine_ = matrix_->granted();
    conflictDescription_ = description_->text();
    describeConflict();
    message_->clear();
}

void RoleEditor::describeConflict() {
    const Role& server = *conflict_;
    QList<ConflictBanner::Change> changes;
    const auto permission = [](const QString& name) {
        return tr("%1 (%2)", "permission name (what it allows)")
            .arg(name, PermissionText::description(name));
    };
    for (const QString& p : minus(server.permissions, base_->permissions)) {
        changes.append({permission(p), tr("not granted"), tr("granted")});
    }
    for (const QString& p : minus(base_->permissions, server.permissions)) {
        changes.append({permission(p), tr("granted"), tr("not granted")});
    }
    if (server.description != base_->description) {
        changes.append({tr("Description"), base_->description, server.description});
    }
    conflictBanner_->showStale(changes, true,
                               tr("Someone else saved this role while you were editing it. Your "
                                  "changes are not saved yet."));
}

void RoleEditor::reapplyMine() {
    if (!conflict_ || !base_) {
        return;
    }
    const rolemerge::RoleDraft merged = rolemerge::reapplyMine(
        {base_->permissions, base_->description}, {conflictMine_, conflictDescription_},
        {conflict_->permissions, conflict_->description});
    const Role theirs = *conflict_;
    showRole(theirs);
    matrix_->setGranted(merged.permissions);
    description_->setText(merged.description);
    updateState();
    save();
}

void RoleEditor::acceptTheirs() {
    if (conflict_) {
        const Role theirs = *conflict_;
        showRole(theirs);
        message_->showSuccess(
            tr("Your changes were discarded; this is the role as it is saved now."));
        catalog_->reload();
    }
}

void RoleEditor::discard() {
    if (base_) {
        const Role role = *base_;
        showRole(role);
    }
}

void RoleEditor::createRole() {
    auto start = [this] {
        auto* dialog = new NewRoleDialog(api_, this);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->onCreated = [this](const Role& role) {
            showRole(role);
            catalog_->reload();
            message_->showSuccess(
                tr("The role “%1” is created. Tick the permissions it grants, then save.")
                    .arg(roleTitle(role)));
        };
        dialog->open();
    };
    if (tryLeave(start)) {
        start();
    }
}

void RoleEditor::deleteRole() {
    if (!base_ || base_->builtin) {
        return;
    }
    const Role role = *base_;
    auto* box = new QMessageBox(QMessageBox::Question, tr("Delete role"),
                                tr("Delete the role “%1”? Nobody holds it.").arg(roleTitle(role)),
                                QMessageBox::Cancel, this);
    box->setObjectName(QStringLiteral("deleteRoleBox"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    QPushButton* yes = box->addButton(tr("Delete"), QMessageBox::DestructiveRole);
    connect(box, &QMessageBox::finished, this, [this, box, yes, role] {
        if (box->clickedButton() != yes) {
            return;
        }
        auto* request = api_->deleteRole(role.id);
        connect(request, &client::ApiRequest::failed, this, [this](const ApiError& error) {
            if (error.is(ErrorCode::Conflict)) {
                conflictBanner_->showRefused(error, tr("This role cannot be deleted: it is built "
                                                       "in or someone holds it."));
            } else {
                message_->showError(error);
            }
        });
        connect(request, &client::ApiRequest::succeeded, this, [this, role] {
            base_.reset();
            catalog_->reload();
            message_->showSuccess(tr("The role “%1” is deleted.").arg(roleTitle(role)));
        });
    });
    box->open();
}

void RoleEditor::retranslateUi() {
    rolesHeading_->setText(tr("Roles"));
    newButton_->setText(tr("&New role…"));
    deleteButton_->setText(tr("&Delete"));
    descriptionLabel_->setText(tr("Descri&ption:"));
    saveButton_->setText(tr("&Save role"));
    discardButton_->setText(tr("Discard changes"));
    dirtyMark_->setText(tr("● Unsaved changes"));
    if (base_) {
        title_->setText(roleTitle(*base_));
        const QString kind = base_->builtin ? tr("Built-in role") : tr("Custom role");
        subtitle_->setText(
            tr("%1 · %2 · held by %3").arg(base_->name, kind, heldBy(base_->userCount)));
        adminNote_->setText(
            tr("The administrator role always grants every permission. It "
               "cannot be changed."));
        adminNote_->setVisible(base_->isAdmin());
    } else {
        title_->setText(tr("No role chosen"));
        subtitle_->clear();
        adminNote_->hide();
    }
    if (!canEdit_) {
        adminNote_->setText(
            tr("You can look at roles; changing them needs the permission "
               "roles.write."));
        adminNote_->show();
    }
    if (conflict_ && base_) {
        describeConflict();
    }
    matrix_->retranslate();
    updateState();
}

void RoleEditor::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) {
        retranslateUi();
    }
    QWidget::changeEvent(event);
}

}  // namespace opsdesk::widgets
