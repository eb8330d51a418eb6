#pragma once

#include <QDialog>

class QCheckBox;
class QComboBox;
class QGroupBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace opsdesk::client {
class ClientSettings;
}
namespace opsdesk::widgets {
class MessageLine;
}

namespace opsdesk::app {

// Server address, the company's CA file, the interface language and which live events become
// desktop notifications. Saves to ClientSettings
// when accepted; the language applies at once, the server at the next sign-in.
class SettingsDialog : public QDialog {
    Q_OBJECT

public:
    SettingsDialog(client::ClientSettings* settings, const QString& currentLanguage,
                   QWidget* parent = nullptr);

    QString serverText() const;
    QString caFile() const;
    QString language() const;
    void setLanguage(const QString& code);
    // The values in force now (command-line overrides included), shown instead of the stored.
    void setServerUrl(const QUrl& url);
    void setCaFile(const QString& path);

public slots:
    void accept() override;

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslateUi();
    void browseCaFile();

    client::ClientSettings* settings_;
    QLabel* serverLabel_;
    QLineEdit* server_;
    QLabel* serverNote_;
    QLabel* caLabel_;
    QLineEdit* caFile_;
    QPushButton* browse_;
    QLabel* languageLabel_;
    QComboBox* language_;
    // Desktop notifications.
    QGroupBox* notifyBox_;
    QCheckBox* notifyOrders_;
    QLabel* notifyMinLabel_;
    QLineEdit* notifyMin_;
    QCheckBox* notifyRefunds_;
    QLabel* notifyNote_;
    widgets::MessageLine* error_;
    QDialogButtonBox* buttons_;
};

}  // namespace opsdesk::app
