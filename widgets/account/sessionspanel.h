#pragma once

#include <QAbstractTableModel>
#include <QWidget>

#include "services-client/account/accountapi.h"

class QLabel;
class QPushButton;
class QTreeView;

namespace opsdesk::widgets {

class MessageLine;

// The signed-in user's own sessions.
class SessionModel : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column { ClientColumn, AddressColumn, CreatedColumn, LastSeenColumn, ColumnCount };
    enum Role { SessionIdRole = Qt::UserRole + 1, CurrentRole };

    explicit SessionModel(QObject* parent = nullptr);

    // Rows that stayed are updated in place, gone ones removed, new ones appended.
    void setSessions(const QList<client::SessionInfo>& sessions);
    void removeSession(qint64 id);
    const client::SessionInfo* sessionAt(int row) const;
    const QList<client::SessionInfo>& sessions() const { return sessions_; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    QList<client::SessionInfo> sessions_;
};

// "My sessions": where the account is signed in, ending one, or all but this one.
class SessionsPanel : public QWidget {
    Q_OBJECT

public:
    SessionsPanel(client::AccountApi* api, QWidget* parent = nullptr);

    SessionModel* model() const { return model_; }
    QTreeView* view() const { return view_; }
    QString message() const;

public slots:
    void refresh();
    void endSelected();
    void endAllOthers();

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslateUi();
    void updateButtons();

    client::AccountApi* api_;
    SessionModel* model_;
    QLabel* intro_;
    QTreeView* view_;
    MessageLine* message_;
    QPushButton* refreshButton_;
    QPushButton* endButton_;
    QPushButton* endOthersButton_;
    int pendingEnds_ = 0;
};

}  // namespace opsdesk::widgets
