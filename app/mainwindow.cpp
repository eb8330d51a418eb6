#include "app/mainwindow.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QListView>
#include <QMenu>
#include <QMenuBar>
#include <QStackedWidget>
#include <QStatusBar>
#include <QVBoxLayout>

#include "services-client/api/apiclient.h"
#include "services-client/auth/session.h"
#include "services-client/feed/feedclient.h"
#include "widgets/common/leaveguard.h"
#include "widgets/common/roletext.h"
#include "widgets/common/theme.h"
#include "widgets/modulelistmodel.h"

namespace opsdesk::app {

using client::ApiClient;
using client::Session;
using widgets::Theme;
using Role = widgets::Theme::Role;

MainWindow::MainWindow(const widgets::ModuleContext& context, QWidget* parent)
    : QMainWindow(parent),
      context_(context),
      model_(new widgets::ModuleListModel(this)),
      navigation_(new QListView(this)),
      brand_(new QLabel(this)),
      stack_(new QStackedWidget(this)),
      emptyPage_(new QWidget(this)),
      emptyText_(new QLabel(emptyPage_)),
      connectionDot_(new QLabel(this)),
      connectionLabel_(new QLabel(this)),
      userLabel_(new QLabel(this)),
      feedDot_(new QLabel(this)),
      feedLabel_(new QLabel(this)) {
    setObjectName(QStringLiteral("mainWindow"));
    context_.openModule = [this](const QString& moduleId, const QVariantMap& filter) {
        return openModule(moduleId, filter);
    };
    context_.moduleTitle = [](const QString& moduleId) {
        const widgets::ModuleInfo* module = widgets::findModule(moduleId);
        return module ? module->title() : moduleId;
    };
    setWindowIcon(widgets::applicationIcon());
    resize(1120, 720);
    setMinimumSize(800, 520);

    // Navigation column: brand on top, then the modules.
    auto* side = new QWidget(this);
    side->setObjectName(QStringLiteral("sidePanel"));
    side->setFixedWidth(216);
    Theme::apply(side, [] {
        const auto c = [](Role role) { return Theme::color(role).name(); };
        return QStringLiteral(
                   "#sidePanel { background: %1; border-right: 1px solid %2; }"
                   "QListView { background: transparent; border: none; outline: 0; }"
                   "QListView::item { padding: 7px 10px; margin: 1px 8px; border-radius: 6px;"
                   " color: %3; }"
                   "QListView::item:hover { background: %4; }"
                   "QListView::item:selected { background: %5; color: %6; }")
            .arg(c(Role::SidePanel), c(Role::Border), c(Role::NavigationText),
                 c(Role::NavigationHover), c(Role::NavigationSelected),
                 c(Role::NavigationSelectedText));
    });
    brand_->setObjectName(QStringLiteral("brand"));
    brand_->setTextFormat(Qt::RichText);
    auto* brandRow = new QHBoxLayout;
    auto* brandIcon = new QLabel(side);
    brandIcon->setPixmap(widgets::applicationIcon().pixmap(QSize(28, 28), devicePixelRatioF()));
    brandRow->setContentsMargins(16, 16, 16, 12);
    brandRow->setSpacing(10);
    brandRow->addWidget(brandIcon);
    brandRow->addWidget(brand_, 1);

    navigation_->setObjectName(QStringLiteral("moduleNavigation"));
    navigation_->setModel(model_);
    navigation_->setIconSize(QSize(20, 20));
    navigation_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    navigation_->setSelectionMode(QAbstractItemView::SingleSelection);
    navigation_->setUniformItemSizes(true);
    navigation_->setSpacing(0);
    auto* sideLayout = new QVBoxLayout(side);
    sideLayout->setContentsMargins(0, 0, 0, 8);
    sideLayout->setSpacing(0);
    sideLayout->addLayout(brandRow);
    sideLayout->addWidget(navigation_, 1);

    emptyText_->setAlignment(Qt::AlignCenter);
    emptyText_->setWordWrap(true);
    emptyText_->setObjectName(QStringLiteral("noModulesText"));
    auto* emptyLayout = new QVBoxLayout(emptyPage_);
    emptyLayout->addWidget(emptyText_);
    stack_->addWidget(emptyPage_);
    stack_->setObjectName(QStringLiteral("pages"));
    Theme::setBox(stack_,
                  {.background = Role::Surface, .shape = {}, .selector = QStringLiteral("#pages")});
    Theme::apply(statusBar(), [] {
        return QStringLiteral(
                   "QStatusBar { background: %1; border-top: 1px solid %2; }"
                   "QStatusBar QLabel { padding: 0 4px; color: %3; }"
                   "QStatusBar::item { border: none; }")
            .arg(Theme::color(Role::SidePanel).name(), Theme::color(Role::Border).name(),
                 Theme::color(Role::Note).name());
    });
    // The status dots and the brand are rich text with colours.
    Theme::onPaletteChange(this, [this] {
        updateConnection();
        retranslateUi();
    });

    auto* central = new QWidget(this);
    auto* centralLayout = new QHBoxLayout(central);
    centralLayout->setContentsMargins(0, 0, 0, 0);
    centralLayout->setSpacing(0);
    centralLayout->addWidget(side);
    centralLayout->addWidget(stack_, 1);
    setCentralWidget(central);

    fileMenu_ = menuBar()->addMenu(QString());
    accountAction_ = fileMenu_->addAction(QString(), this, &MainWindow::accountRequested);
    accountAction_->setObjectName(QStringLiteral("accountAction"));
    settingsAction_ = fileMenu_->addAction(QString(), this, &MainWindow::settingsRequested);
    settingsAction_->setMenuRole(QAction::PreferencesRole);
    settingsAction_->setShortcut(QKeySequence::Preferences);
    fileMenu_->addSeparator();
    signOutAction_ = fileMenu_->addAction(QString(), this, [this] {
        if (mayLeaveCurrentPage([this] { emit signOutRequested(); })) {
            emit signOutRequested();
        }
    });
    signOutAction_->setObjectName(QStringLiteral("signOutAction"));
    quitAction_ = fileMenu_->addAction(QString(), qApp, &QApplication::quit);
    quitAction_->setShortcut(QKeySequence::Quit);
    quitAction_->setMenuRole(QAction::QuitRole);
    helpMenu_ = menuBar()->addMenu(QString());
    aboutAction_ = helpMenu_->addAction(QString(), this, &MainWindow::aboutRequested);
    aboutAction_->setMenuRole(QAction::AboutRole);

    connectionDot_->setObjectName(QStringLiteral("connectionDot"));
    connectionLabel_->setObjectName(QStringLiteral("connectionLabel"));
    userLabel_->setObjectName(QStringLiteral("userLabel"));
    statusBar()->addWidget(connectionDot_);
    statusBar()->addWidget(connectionLabel_);
    feedDot_->setObjectName(QStringLiteral("feedDot"));
    feedLabel_->setObjectName(QStringLiteral("feedStatusLabel"));
    statusBar()->addWidget(feedDot_);
    statusBar()->addWidget(feedLabel_);
    statusBar()->addPermanentWidget(userLabel_);
    feedDot_->setVisible(context_.feed != nullptr);
    feedLabel_->setVisible(context_.feed != nullptr);
    feedTick_.setInterval(std::chrono::milliseconds(250));
    connect(&feedTick_, &QTimer::timeout, this, &MainWindow::updateFeed);
    if (context_.feed) {
        connect(context_.feed, &client::FeedClient::stateChanged, this, &MainWindow::updateFeed);
        connect(context_.feed, &client::FeedClient::reconnectScheduled, this,
                &MainWindow::updateFeed);
    }

    connect(navigation_->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex& current) { onCurrentRowChanged(current.row()); });
    connect(model_, &QAbstractItemModel::modelReset, this, [this] {
        if (model_->rowCount() > 0) {
            navigation_->setCurrentIndex(model_->index(0));
        } else {
            onCurrentRowChanged(-1);
        }
    });
    if (context_.session) {
        connect(context_.session, &Session::signedIn, this, &MainWindow::updateUser);
        connect(context_.session, &Session::stateChanged, this, &MainWindow::updateConnection);
    }
    if (context_.api) {
        connect(context_.api, &ApiClient::connectionStateChanged, this,
                &MainWindow::updateConnection);
    }

    retranslateUi();
    updateUser();
}

MainWindow::~MainWindow() = default;

bool MainWindow::openModule(const QString& moduleId, const QVariantMap& filter) {
    const int row = model_->rowOf(moduleId);
    if (row < 0) {
        return false;
    }
    pendingFilter_ = filter;
    pendingFilterModule_ = moduleId;
    if (navigation_->currentIndex().row() == row) {
        applyPendingFilter(pages_.value(moduleId));
    } else {
        navigation_->setCurrentIndex(model_->index(row));
    }
    return true;
}

void MainWindow::applyPendingFilter(QWidget* page) {
    if (!page || pendingFilterModule_.isEmpty() || pages_.value(pendingFilterModule_) != page) {
        return;
    }
    const QVariantMap filter = std::exchange(pendingFilter_, {});
    pendingFilterModule_.clear();
    if (!filter.isEmpty()) {
        QMetaObject::invokeMethod(page, "applyFilter", Q_ARG(QVariantMap, filter));
    }
}

bool MainWindow::mayLeaveCurrentPage(std::function<void()> proceed) {
    auto* guard = dynamic_cast<widgets::LeaveGuard*>(stack_->currentWidget());
    return !guard || guard->tryLeave(std::move(proceed));
}

void MainWindow::closeWithoutAsking() {
    closeApproved_ = true;
    close();
}

void MainWindow::closeEvent(QCloseEvent* event) {
    if (!closeApproved_ && !mayLeaveCurrentPage([this] {
            closeApproved_ = true;
            close();
        })) {
        event->ignore();
        return;
    }
    QMainWindow::closeEvent(event);
}

QString MainWindow::currentModule() const {
    const widgets::ModuleInfo* module = model_->moduleAt(navigation_->currentIndex().row());
    return module ? module->id : QString();
}

void MainWindow::onCurrentRowChanged(int row) {
    if (restoringRow_) {
        return;
    }
    const widgets::ModuleInfo* module = model_->moduleAt(row);
    QWidget* shown = stack_->currentWidget();
    if (module && shown != emptyPage_ && pages_.value(module->id) != shown) {
        const QString target = module->id;
        const bool leaveNow = mayLeaveCurrentPage([this, target] {
            const int r = model_->rowOf(target);
            if (r >= 0) {
                navigation_->setCurrentIndex(model_->index(r));
            }
        });
        if (!leaveNow) {
            // Stay on the page with unsaved work while it asks (once the list has finished
            // its own selection change).
            QMetaObject::invokeMethod(
                this,
                [this, shown] {
                    restoringRow_ = true;
                    for (auto it = pages_.cbegin(); it != pages_.cend(); ++it) {
                        if (it.value() == shown) {
                            navigation_->setCurrentIndex(model_->index(model_->rowOf(it.key())));
                        }
                    }
                    restoringRow_ = false;
                },
                Qt::QueuedConnection);
            return;
        }
    }
    if (!module) {
        stack_->setCurrentWidget(emptyPage_);
        retranslateUi();
        return;
    }
    QWidget* page = pages_.value(module->id);
    if (!page) {
        page = module->create(context_, stack_);
        pages_.insert(module->id, page);
        stack_->addWidget(page);
    }
    stack_->setCurrentWidget(page);
    retranslateUi();
    applyPendingFilter(page);
}

void MainWindow::updateUser() {
    const std::set<protocol::Permission> permissions =
        context_.session ? context_.session->user().permissions : std::set<protocol::Permission>{};
    // The same user signing in again keeps the list and its pages; a different one gets anew.
    model_->setPermissions(permissions);
    retranslateUi();
}

void MainWindow::updateConnection() {
    Role color = Role::Inactive;
    QString text;
    const bool expired = context_.session && context_.session->state() == Session::State::Expired;
    const QString host = context_.api ? context_.api->baseUrl().authority() : QString();
    if (expired) {
        color = Role::Connecting;
        text = tr("Session expired — sign in again to continue");
    } else if (context_.api) {
        switch (context_.api->connectionState()) {
            case ApiClient::ConnectionState::Online:
                color = Role::Online;
                text = tr("Connected to %1").arg(host);
                break;
            case ApiClient::ConnectionState::Offline:
                color = Role::Offline;
                text = tr("Cannot reach %1").arg(host);
                break;
            case ApiClient::ConnectionState::Unknown:
                text = tr("Connecting to %1…").arg(host);
                break;
        }
    }
    connectionDot_->setText(Theme::span(color, QStringLiteral("&#9679;")));
    connectionLabel_->setText(text);
    updateFeed();
}

QString MainWindow::feedStatusText() const {
    if (!context_.feed) {
        return {};
    }
    switch (context_.feed->state()) {
        case client::FeedClient::State::Live:
            return tr("Live");
        case client::FeedClient::State::Connecting:
            return tr("Connecting to live updates…");
        case client::FeedClient::State::Reconnecting: {
            const int ms = context_.feed->msUntilRetry();
            if (ms <= 0) {
                return tr("Reconnecting…");
            }
            const int seconds = (ms + 999) / 1000;
            return tr("Reconnecting in %n s", nullptr, seconds);
        }
        case client::FeedClient::State::Offline:
            break;
    }
    return tr("Offline");
}

void MainWindow::updateFeed() {
    if (!context_.feed) {
        return;
    }
    const auto state = context_.feed->state();
    Role color = Role::Inactive;
    if (state == client::FeedClient::State::Live) {
        color = Role::Online;
    } else if (state == client::FeedClient::State::Reconnecting) {
        color = Role::Connecting;
    }
    feedDot_->setText(Theme::span(color, QStringLiteral("&#9679;")));
    feedLabel_->setText(feedStatusText());
    feedLabel_->setToolTip(tr("Live updates of orders and other records"));
    const bool counting = state == client::FeedClient::State::Reconnecting;
    if (counting && !feedTick_.isActive()) {
        feedTick_.start();
    } else if (!counting) {
        feedTick_.stop();
    }
}

void MainWindow::retranslateUi() {
    const widgets::ModuleInfo* module = model_->moduleAt(navigation_->currentIndex().row());
    setWindowTitle(module ? tr("%1 — OpsDesk").arg(module->title()) : tr("OpsDesk"));
    brand_->setText(QStringLiteral("<span style=\"font-size:15pt; font-weight:600; color:%1\">"
                                   "%2</span>")
                        .arg(Theme::color(Role::Strong).name(), tr("OpsDesk")));
    emptyText_->setText(
        tr("Your account has no access to any module yet.\nAsk an administrator "
           "to give you a role."));
    fileMenu_->setTitle(tr("&File"));
    accountAction_->setText(tr("&My account…"));
    accountAction_->setToolTip(tr("Password, two-step verification and your sessions"));
    settingsAction_->setText(tr("&Settings…"));
    signOutAction_->setText(tr("Sign &out"));
    quitAction_->setText(tr("&Quit"));
    helpMenu_->setTitle(tr("&Help"));
    aboutAction_->setText(tr("&About OpsDesk"));
    navigation_->setAccessibleName(tr("Modules"));
    if (context_.session && context_.session->user().isValid()) {
        const auto& user = context_.session->user();
        const QString roles = widgets::RoleText::titles(user.roles);
        userLabel_->setText(roles.isEmpty()
                                ? tr("Signed in as %1").arg(user.displayName)
                                : tr("Signed in as %1 (%2)").arg(user.displayName, roles));
        userLabel_->setToolTip(user.username);
    } else {
        userLabel_->clear();
    }
    updateConnection();
}

void MainWindow::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) {
        model_->retranslate();
        retranslateUi();
    }
    QMainWindow::changeEvent(event);
}

}  // namespace opsdesk::app
