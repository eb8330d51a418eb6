#pragma once

#include <QWidget>

class QLabel;
class QLineEdit;
class QPushButton;
class QStackedWidget;

namespace opsdesk::client {
class AccountApi;
struct ApiError;
}  // namespace opsdesk::client

namespace opsdesk::widgets {

class MessageLine;

// Two-step verification for one's own account. Off: "Set up" asks the server for a secret and
// shows it as a QR code and as text; the first code from the app confirms it. On: a current
// code turns it off.
class TotpPanel : public QWidget {
    Q_OBJECT

public:
    TotpPanel(client::AccountApi* api, bool enabled, QWidget* parent = nullptr);

    bool isTotpOn() const { return enabled_; }
    // The secret as shown (groups of four), empty until enrolment started.
    QString secretText() const;
    QString message() const;

public slots:
    void startEnrolment();

signals:
    void enabledChanged(bool enabled);

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslateUi();
    void showPage();
    void confirm();
    void disable();
    void showError(const client::ApiError& error, QLineEdit* codeField);

    client::AccountApi* api_;
    bool enabled_;
    bool enrolling_ = false;
    QString secret_;

    QStackedWidget* pages_;
    // Off
    QWidget* offPage_;
    QLabel* offText_;
    QPushButton* setUpButton_;
    // Enrolling
    QWidget* enrolPage_;
    QLabel* stepScan_;
    QLabel* qr_;
    QLabel* stepManual_;
    QLabel* secretLabel_;
    QLabel* stepConfirm_;
    QLineEdit* confirmCode_;
    QPushButton* confirmButton_;
    // On
    QWidget* onPage_;
    QLabel* onText_;
    QLineEdit* disableCode_;
    QPushButton* disableButton_;
    MessageLine* message_;
};

}  // namespace opsdesk::widgets
