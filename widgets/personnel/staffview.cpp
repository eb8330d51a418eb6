#include "widgets/personnel/staffview.h"

#include <QComboBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPalette>
#include <QPushButton>
#include <QScrollArea>
#include <QSplitter>
#include <QTreeView>
#include <QVBoxLayout>

#include "services-client/auth/session.h"
#include "services-client/personnel/personnelapi.h"
#include "widgets/common/pagedlistview.h"
#include "widgets/common/roletext.h"
#include "widgets/common/theme.h"
#include "widgets/personnel/newuserdialog.h"
#include "widgets/personnel/rolecatalog.h"
#include "widgets/personnel/userdetailpane.h"
#include "widgets/personnel/usermodel.h"

namespace opsdesk::widgets {

using client::UserQuery;

StaffView::StaffView(const ModuleContext& context, client::PersonnelApi* api, RoleCatalog* roles,
                     QWidget* parent)
    : QWidget(parent),
      context_(context),
      api_(api),
      roles_(roles),
      model_(new UserModel(api, this)),
      search_(new QLineEdit(this)),
      roleFilter_(new QComboBox(this)),
      activeFilter_(new QComboBox(this)),
      newButton_(new QPushButton(this)),
      countLabel_(new QLabel(this)),
      view_(new QTreeView(this)),
      detail_(new UserDetailPane(context, api, roles, this)) {
    setObjectName(QStringLiteral("staffView"));
    search_->setObjectName(QStringLiteral("staffSearch"));
    search_->setClearButtonEnabled(true);
    search_->setMinimumWidth(240);
    roleFilter_->setObjectName(QStringLiteral("roleFilter"));
    activeFilter_->setObjectName(QStringLiteral("activeFilter"));
    newButton_->setObjectName(QStringLiteral("newUserButton"));
    newButton_->setIcon(QIcon::fromTheme(QStringLiteral("list-add")));
    newButton_->setVisible(context_.session &&
                           context_.session->can(protocol::Permission::PersonnelWrite));
    Theme::setTextColor(countLabel_, Theme::Role::Muted);

    view_->setObjectName(QStringLiteral("staffList"));
    view_->setStyleSheet(QStringLiteral("QTreeView::item { padding: 4px 2px; }"));
    view_->setModel(model_);
    view_->setRootIsDecorated(false);
    view_->setUniformRowHeights(true);
    view_->setAlternatingRowColors(true);
    view_->setSelectionBehavior(QAbstractItemView::SelectRows);
    view_->setSelectionMode(QAbstractItemView::SingleSelection);
    view_->setSortingEnabled(true);
    view_->sortByColumn(UserModel::UsernameColumn, Qt::AscendingOrder);
    view_->header()->setSortIndicatorShown(true);
    view_->header()->setStretchLastSection(true);
    view_->setColumnWidth(UserModel::UsernameColumn, 130);
    view_->setColumnWidth(UserModel::NameColumn, 150);
    view_->setColumnWidth(UserModel::EmailColumn, 190);
    view_->setColumnWidth(UserModel::RolesColumn, 150);
    view_->setColumnWidth(UserModel::StatusColumn, 110);

    auto* filters = new QHBoxLayout;
    filters->addWidget(search_, 2);
    filters->addWidget(roleFilter_, 1);
    filters->addWidget(activeFilter_, 1);
    filters->addStretch(0);
    filters->addWidget(newButton_);

    auto* left = new QWidget(this);
    auto* leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addLayout(filters);
    leftLayout->addWidget(view_, 1);
    leftLayout->addWidget(countLabel_);

    auto* scroll = new QScrollArea(this);
    scroll->setWidget(detail_);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    Theme::setBox(scroll, {.background = Theme::Role::Surface,
                           .border = Theme::Role::Border,
                           .shape = QStringLiteral("border-radius: 4px;"),
                           .selector = QStringLiteral("QScrollArea")});
    detail_->setAttribute(Qt::WA_StyledBackground, true);
    Theme::setBox(detail_, {.background = Theme::Role::Surface,
                            .shape = {},
                            .selector = QStringLiteral("#userDetailPane")});
    scroll->setMinimumWidth(360);

    auto* splitter = new QSplitter(this);
    splitter->addWidget(left);
    splitter->addWidget(scroll);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    splitter->setChildrenCollapsible(false);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(splitter);

    searchTimer_.setSingleShot(true);
    searchTimer_.setInterval(300);
    connect(&searchTimer_, &QTimer::timeout, this, &StaffView::applyFilters);
    connect(search_, &QLineEdit::textEdited, this, [this] { searchTimer_.start(); });
    connect(search_, &QLineEdit::returnPressed, this, [this] {
        searchTimer_.stop();
        applyFilters();
    });
    connect(roleFilter_, &QComboBox::activated, this, &StaffView::applyFilters);
    connect(activeFilter_, &QComboBox::activated, this, &StaffView::applyFilters);
    connect(newButton_, &QPushButton::clicked, this, &StaffView::openNewUserDialog);
    connect(view_->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &StaffView::onCurrentChanged);
    PagedListView::bind(view_, model_);
    connect(model_, &UserModel::modelReset, this, [this] { detail_->setUser(std::nullopt); });
    connect(model_, &UserModel::pageLoaded, this, [this] {
        const int n = model_->rowCount();
        if (model_->state() != UserModel::State::Complete) {
            countLabel_->setText(tr("%1 shown, more as you scroll").arg(n));
        } else {
            countLabel_->setText(n == 1 ? tr("1 staff member") : tr("%1 staff members").arg(n));
        }
    });
    connect(detail_, &UserDetailPane::userChanged, model_, &UserModel::updateUser);
    connect(roles_, &RoleCatalog::rolesChanged, this, &StaffView::fillRoleFilter);

    // Only some columns can be sorted by the server: the indicator stays where the order is.
    connect(view_->header(), &QHeaderView::sortIndicatorChanged, this,
            [this](int column, Qt::SortOrder) {
                if (!UserModel::isSortable(column)) {
                    const auto sort = model_->query().sort;
                    const int shown = sort == UserQuery::Sort::DisplayName ? UserModel::NameColumn
                                      : sort == UserQuery::Sort::Email     ? UserModel::EmailColumn
                                      : sort == UserQuery::Sort::CreatedAt
                                          ? UserModel::CreatedColumn
                                          : UserModel::UsernameColumn;
                    QSignalBlocker block(view_->header());
                    view_->header()->setSortIndicator(shown, model_->query().order);
                }
            });

    retranslateUi();
    fillRoleFilter();
    model_->setQuery(model_->query());
}

void StaffView::fillRoleFilter() {
    const QString current = roleFilter_->currentData().toString();
    roleFilter_->clear();
    roleFilter_->addItem(tr("All roles"), QString());
    for (const auto& role : roles_->roles()) {
        roleFilter_->addItem(RoleText::title(role.name), role.name);
    }
    roleFilter_->setCurrentIndex(std::max(0, roleFilter_->findData(current)));
}

void StaffView::applyFilters() {
    UserQuery q = model_->query();
    q.text = search_->text().trimmed();
    q.role = roleFilter_->currentData().toString();
    const int active = activeFilter_->currentIndex();
    q.active = active == 1   ? std::optional<bool>(true)
               : active == 2 ? std::optional<bool>(false)
                             : std::nullopt;
    if (q == model_->query()) {
        return;
    }
    auto apply = [this, q] { model_->setQuery(q); };
    if (detail_->tryDiscard(apply)) {
        apply();
    }
}

void StaffView::onCurrentChanged(const QModelIndex& current, const QModelIndex& previous) {
    if (revertingSelection_) {
        return;
    }
    const std::optional<client::StaffMember> user = model_->itemAt(current.row());
    if (detail_->user() && user && detail_->user()->id == user->id) {
        return;
    }
    const QPersistentModelIndex target(current);
    const QPersistentModelIndex back(previous);
    const bool leaveNow = detail_->tryDiscard([this, target] {
        if (target.isValid()) {
            view_->setCurrentIndex(target);
        }
    });
    if (!leaveNow) {
        // Stay on the edited person until the question is answered (once the view has
        // finished its own selection change).
        QMetaObject::invokeMethod(
            this,
            [this, back] {
                revertingSelection_ = true;
                view_->setCurrentIndex(back);
                revertingSelection_ = false;
            },
            Qt::QueuedConnection);
        return;
    }
    detail_->setUser(user);
}

bool StaffView::tryLeave(std::function<void()> proceed) {
    return detail_->tryDiscard(std::move(proceed));
}

void StaffView::openNewUserDialog() {
    auto* dialog = new NewUserDialog(api_, roles_, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &NewUserDialog::userCreated, this, [this](const client::StaffMember& user) {
        model_->insertOnTop(user);
        view_->setCurrentIndex(model_->index(model_->rowOfId(user.id), 0));
    });
    dialog->open();
}

void StaffView::retranslateUi() {
    search_->setPlaceholderText(tr("Search by username, name or email"));
    newButton_->setText(tr("&New staff member…"));
    const int active = std::max(0, activeFilter_->currentIndex());
    activeFilter_->clear();
    activeFilter_->addItems(
        {tr("Active and deactivated"), tr("Active only"), tr("Deactivated only")});
    activeFilter_->setCurrentIndex(active);
    if (roleFilter_->count() > 0) {
        roleFilter_->setItemText(0, tr("All roles"));
        for (int i = 1; i < roleFilter_->count(); ++i) {
            roleFilter_->setItemText(i, RoleText::title(roleFilter_->itemData(i).toString()));
        }
    }
}

void StaffView::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) {
        retranslateUi();
    }
    QWidget::changeEvent(event);
}

}  // namespace opsdesk::widgets
