#pragma once

#include <QPointer>
#include <QWidget>

class QLabel;
class QLineEdit;
class QPushButton;

namespace opsdesk::client {
class AccountApi;
class ApiRequest;
}  // namespace opsdesk::client

namespace opsdesk::widgets {

class MessageLine;

// Changing one's own password: current, new, new again. The server's password policy
// objections show beside the field they concern.
class PasswordForm : public QWidget {
    Q_OBJECT

public:
    PasswordForm(client::AccountApi* api, QWidget* parent = nullptr);
    ~PasswordForm() override;

    QPushButton* submitButton() const { return submit_; }
    QString message() const;

signals:
    void passwordChanged();

public slots:
    void submit();

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslateUi();

    client::AccountApi* api_;
    QPointer<client::ApiRequest> pending_;
    QLabel* currentLabel_;
    QLineEdit* current_;
    QLabel* currentError_;
    QLabel* newLabel_;
    QLineEdit* new_;
    QLabel* newError_;
    QLabel* repeatLabel_;
    QLineEdit* repeat_;
    QLabel* repeatError_;
    QLabel* hint_;
    MessageLine* message_;
    QPushButton* submit_;
};

}  // namespace opsdesk::widgets
