#pragma once

#include <QDialog>
#include <QPointer>

#include "services-client/finance/financetypes.h"

class QDialogButtonBox;
class QLabel;
class QPlainTextEdit;

namespace opsdesk::client {
class FinanceApi;
class StatementRequest;
}  // namespace opsdesk::client

namespace opsdesk::widgets {

class MessageLine;

// A small dialog that asks why (an exclusion, a write-off, a reopening) or for a note: OK only
// once something is written (unless empty is allowed), at most `maxLength` characters.
class ReasonDialog : public QDialog {
    Q_OBJECT

public:
    ReasonDialog(const QString& title, const QString& prompt, QWidget* parent = nullptr,
                 int maxLength = 1000, bool allowEmpty = false);

    QString text() const;
    void setText(const QString& text);
    QPlainTextEdit* editor() const { return edit_; }

private:
    void updateOk();

    QPlainTextEdit* edit_;
    QDialogButtonBox* buttons_;
    int maxLength_;
    bool allowEmpty_;
};

// Sign-off by a holder of finance.approve: the summary the server will freeze, a confirmation,
// and the request with the version shown (If-Match) and one idempotency key for this dialog.
// A refusal stays in the dialog, in words (four eyes: someone else must sign).
class SignOffDialog : public QDialog {
    Q_OBJECT

public:
    SignOffDialog(client::FinanceApi* api, const client::Statement& statement,
                  QWidget* parent = nullptr);

    const QString& idempotencyKey() const { return key_; }
    MessageLine* message() const { return message_; }
    QLabel* summary() const { return summary_; }

signals:
    void signedOff(const client::Statement& statement);

private:
    void submit();

    client::FinanceApi* api_;
    client::Statement statement_;
    QString key_;
    QLabel* summary_;
    MessageLine* message_;
    QDialogButtonBox* buttons_;
    QPointer<client::StatementRequest> request_;
};

}  // namespace opsdesk::widgets
