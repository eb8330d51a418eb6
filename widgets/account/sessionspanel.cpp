#include "widgets/account/sessionspanel.h"

#include <QEvent>
#include <QFont>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTreeView>
#include <QVBoxLayout>

#include "widgets/common/format.h"
#include "widgets/common/messageline.h"

namespace opsdesk::widgets {

using client::SessionInfo;

SessionModel::SessionModel(QObject* parent) : QAbstractTableModel(parent) {}

void SessionModel::setSessions(const QList<SessionInfo>& sessions) {
    // Gone ones out first, from the bottom up.
    for (int row = int(sessions_.size()) - 1; row >= 0; --row) {
        const qint64 id = sessions_[row].id;
        const bool stays = std::any_of(sessions.begin(), sessions.end(),
                                       [id](const SessionInfo& s) { return s.id == id; });
        if (!stays) {
            beginRemoveRows({}, row, row);
            sessions_.removeAt(row);
            endRemoveRows();
        }
    }
    for (const SessionInfo& s : sessions) {
        const auto it = std::find_if(sessions_.begin(), sessions_.end(),
                                     [&s](const SessionInfo& o) { return o.id == s.id; });
        if (it == sessions_.end()) {
            const int row = int(sessions_.size());
            beginInsertRows({}, row, row);
            sessions_.append(s);
            endInsertRows();
        } else if (!(*it == s)) {
            *it = s;
            const int row = int(it - sessions_.begin());
            emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
        }
    }
}

void SessionModel::removeSession(qint64 id) {
    for (int row = 0; row < sessions_.size(); ++row) {
        if (sessions_[row].id == id) {
            beginRemoveRows({}, row, row);
            sessions_.removeAt(row);
            endRemoveRows();
            return;
        }
    }
}

const SessionInfo* SessionModel::sessionAt(int row) const {
    return row >= 0 && row < sessions_.size() ? &sessions_[row] : nullptr;
}

int SessionModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(sessions_.size());
}

int SessionModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant SessionModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
        return {};
    }
    const SessionInfo& s = sessions_[index.row()];
    switch (role) {
        case SessionIdRole:
            return s.id;
        case CurrentRole:
            return s.current;
        case Qt::FontRole:
            if (s.current) {
                QFont f;
                f.setWeight(QFont::DemiBold);
                return f;
            }
            return {};
        case Qt::ToolTipRole:
            return index.column() == ClientColumn ? s.client : QVariant();
        case Qt::DisplayRole:
            switch (index.column()) {
                case ClientColumn: {
                    QString client = s.client.isEmpty() ? tr("Unknown client") : s.client;
                    return s.current ? tr("%1 (this session)").arg(client) : client;
                }
                case AddressColumn:
                    return s.address.isEmpty() ? Format::none() : s.address;
                case CreatedColumn:
                    return Format::dateTime(s.createdAt);
                case LastSeenColumn:
                    return Format::relative(s.lastSeenAt, QDateTime::currentDateTimeUtc());
                default:
                    return {};
            }
        default:
            return {};
    }
}

QVariant SessionModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
        return QAbstractTableModel::headerData(section, orientation, role);
    }
    switch (section) {
        case ClientColumn:
            return tr("Client");
        case AddressColumn:
            return tr("Address");
        case CreatedColumn:
            return tr("Signed in");
        case LastSeenColumn:
            return tr("Last active");
        default:
            return {};
    }
}

SessionsPanel::SessionsPanel(client::AccountApi* api, QWidget* parent)
    : QWidget(parent),
      api_(api),
      model_(new SessionModel(this)),
      intro_(new QLabel(this)),
      view_(new QTreeView(this)),
      message_(new MessageLine(QStringLiteral("sessionsMessage"), this)),
      refreshButton_(new QPushButton(this)),
      endButton_(new QPushButton(this)),
      endOthersButton_(new QPushButton(this)) {
    setObjectName(QStringLiteral("sessionsPanel"));
    view_->setObjectName(QStringLiteral("sessionList"));
    endButton_->setObjectName(QStringLiteral("endSessionButton"));
    endOthersButton_->setObjectName(QStringLiteral("endOtherSessionsButton"));
    refreshButton_->setObjectName(QStringLiteral("refreshSessionsButton"));
    intro_->setWordWrap(true);
    view_->setModel(model_);
    view_->setStyleSheet(QStringLiteral("QTreeView::item { padding: 4px 2px; }"));
    view_->setRootIsDecorated(false);
    view_->setUniformRowHeights(true);
    view_->setAlternatingRowColors(true);
    view_->setSelectionBehavior(QAbstractItemView::SelectRows);
    view_->header()->setStretchLastSection(true);
    view_->setColumnWidth(SessionModel::ClientColumn, 230);
    view_->setColumnWidth(SessionModel::AddressColumn, 110);
    view_->setColumnWidth(SessionModel::CreatedColumn, 130);

    auto* buttons = new QHBoxLayout;
    buttons->addWidget(refreshButton_);
    buttons->addStretch(1);
    buttons->addWidget(endButton_);
    buttons->addWidget(endOthersButton_);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(intro_);
    layout->addWidget(view_, 1);
    layout->addWidget(message_);
    layout->addLayout(buttons);

    connect(refreshButton_, &QPushButton::clicked, this, &SessionsPanel::refresh);
    connect(endButton_, &QPushButton::clicked, this, &SessionsPanel::endSelected);
    connect(endOthersButton_, &QPushButton::clicked, this, &SessionsPanel::endAllOthers);
    connect(view_->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &SessionsPanel::updateButtons);
    connect(model_, &QAbstractItemModel::rowsRemoved, this, &SessionsPanel::updateButtons);
    connect(model_, &QAbstractItemModel::rowsInserted, this, &SessionsPanel::updateButtons);
    retranslateUi();
    updateButtons();
    refresh();
}

QString SessionsPanel::message() const {
    return message_->isVisible() ? message_->text() : QString();
}

void SessionsPanel::refresh() {
    auto* request = api_->sessions();
    connect(request, &client::ApiRequest::failed, this,
            [this](const client::ApiError& error) { message_->showError(error); });
    connect(request, &client::ApiRequest::succeeded, this,
            [this, request] { model_->setSessions(request->sessions()); });
}

void SessionsPanel::endSelected() {
    const SessionInfo* s = model_->sessionAt(view_->currentIndex().row());
    if (!s || s->current) {
        return;
    }
    const qint64 id = s->id;
    auto* request = api_->endSession(id);
    endButton_->setEnabled(false);
    connect(request, &client::ApiRequest::failed, this, [this](const client::ApiError& error) {
        message_->showError(error);
        updateButtons();
    });
    connect(request, &client::ApiRequest::succeeded, this, [this, id] {
        model_->removeSession(id);
        message_->showSuccess(tr("The session has ended; that device must sign in again."));
    });
}

void SessionsPanel::endAllOthers() {
    QList<qint64> others;
    for (const SessionInfo& s : model_->sessions()) {
        if (!s.current) {
            others.append(s.id);
        }
    }
    if (others.isEmpty() || pendingEnds_ > 0) {
        return;
    }
    pendingEnds_ = int(others.size());
    endOthersButton_->setEnabled(false);
    for (qint64 id : others) {
        auto* request = api_->endSession(id);
        connect(request, &client::ApiRequest::finished, this, [this] {
            if (--pendingEnds_ == 0) {
                refresh();
                updateButtons();
            }
        });
        connect(request, &client::ApiRequest::succeeded, this, [this, id] {
            model_->removeSession(id);
            if (pendingEnds_ == 1) {
                message_->showSuccess(tr("You are signed out everywhere else."));
            }
        });
        connect(request, &client::ApiRequest::failed, this,
                [this](const client::ApiError& error) { message_->showError(error); });
    }
}

void SessionsPanel::updateButtons() {
    const SessionInfo* s = model_->sessionAt(view_->currentIndex().row());
    endButton_->setEnabled(s && !s->current);
    endButton_->setToolTip(s && s->current ? tr("To end this session, sign out.") : QString());
    const bool others = std::any_of(model_->sessions().begin(), model_->sessions().end(),
                                    [](const SessionInfo& i) { return !i.current; });
    endOthersButton_->setEnabled(others && pendingEnds_ == 0);
}

void SessionsPanel::retranslateUi() {
    intro_->setText(
        tr("Where your account is signed in now. End any session you do not "
           "recognise, and change your password."));
    refreshButton_->setText(tr("&Refresh"));
    endButton_->setText(tr("&End session"));
    endOthersButton_->setText(tr("Sign out all &other sessions"));
    emit model_->headerDataChanged(Qt::Horizontal, 0, SessionModel::ColumnCount - 1);
}

void SessionsPanel::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) {
        retranslateUi();
    }
    QWidget::changeEvent(event);
}

}  // namespace opsdesk::widgets
