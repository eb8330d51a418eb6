#pragma once

#include <QPointer>
#include <QTimer>
#include <QWidget>
#include <optional>

#include "services-client/finance/financetypes.h"

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;
class QTreeWidget;

namespace opsdesk::client {
class FinanceApi;
class LineListModel;
class PaymentListModel;
class Session;
}  // namespace opsdesk::client

namespace opsdesk::widgets {

class MessageLine;
class SearchBox;

// The matcher: a statement's lines (lazy pages, any length) beside the selected line's
// candidate payments with their score, rule and reasons, and a payment search for matching by
// hand. Keyboard first: J/K move down/up, Enter accepts the top suggestion (a write-off asks for
// a reason first), X rejects the line's suggestions by excluding it with a reason (the one
// rejection the server keeps: a line left as it was would be suggested again and would hold up
// the sign-off), M matches the payments selected in the payments pane, U unmatches, N edits the
// note. The cursor moves on to the next line as soon as an action is sent. Someone else's
// change (statement.updated) re-reads the rows on screen in place: current row and scroll
// position stay.
class MatcherView : public QWidget {
    Q_OBJECT

public:
    MatcherView(client::FinanceApi* api, client::Session* session, QWidget* parent = nullptr);
    ~MatcherView() override;

    // Opens the statement (reloading its lines); `focusLineId` is made current once its page is
    // in (the exceptions view opens a line this way).
    void openStatement(qint64 statementId, qint64 focusLineId = 0, qint64 focusPosition = 0);
    qint64 statementId() const { return statementId_; }
    const std::optional<client::Statement>& statement() const { return statement_; }

    // statement.updated for this statement: the header and the rows on screen are read again.
    void statementUpdated();

    client::LineListModel* model() const { return model_; }
    client::PaymentListModel* paymentsModel() const { return payments_; }
    QTableView* table() const { return table_; }
    QTableView* paymentsTable() const { return paymentsTable_; }
    QTreeWidget* suggestions() const { return suggestions_; }
    MessageLine* message() const { return message_; }
    std::optional<client::StatementLine> currentLine() const;
    int currentRow() const;

    // The keyboard's actions, also behind the buttons.
    void moveBy(int rows);
    void acceptTopSuggestion();
    void rejectCurrent();
    void matchSelectedPayments();
    void unmatchCurrent();
    void editNote();
    void autoMatch();
    void signOff();
    void reopen();

signals:
    void backRequested();
    // A line or the statement changed through this view (the statements list refreshes it).
    void statementChanged(qint64 statementId);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    void loadStatement();
    void showStatement();
    void showCurrentLine();
    void updateActions();
    void applyStatuses();
    void searchPayments();
    void sendMatch(qint64 lineId, const QList<qint64>& paymentIds, std::optional<qint64> writeOff,
                   const QString& reason, bool askOnDifference);
    void askWriteOff(qint64 lineId, const QList<qint64>& paymentIds, qint64 difference);
    void lineAnswered(class QObject* request);
    void focusWanted();
    bool canReconcile() const;
    bool canApprove() const;
    bool isClosed() const;
    bool refuseWhenClosed();
    QString currency() const;

    client::FinanceApi* api_;
    client::Session* session_;
    client::LineListModel* model_;
    client::PaymentListModel* payments_;
    qint64 statementId_ = 0;
    std::optional<client::Statement> statement_;
    qint64 focusLineId_ = 0;
    qint64 focusPosition_ = 0;

    QPushButton* back_;
    QLabel* title_;
    QLabel* counts_;
    QComboBox* statusFilter_;
    QPushButton* autoMatch_;
    QPushButton* signOff_;
    QPushButton* reopen_;
    MessageLine* message_;
    QTableView* table_;
    QLabel* lineDetail_;
    QTreeWidget* suggestions_;
    QPushButton* accept_;
    QPushButton* reject_;
    QPushButton* matchSelected_;
    QPushButton* unmatch_;
    QPushButton* note_;
    SearchBox* paymentSearch_;
    QLineEdit* amountSearch_;
    QPushButton* sameAmount_;
    QTableView* paymentsTable_;
    QTimer liveDelay_;
};

}  // namespace opsdesk::widgets
