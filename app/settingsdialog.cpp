#include "app/settingsdialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QEvent>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSslCertificate>
#include <QVBoxLayout>

#include "app/languagemanager.h"
#include "services-client/api/apiclient.h"
#include "services-client/settings/clientsettings.h"
#include "widgets/common/format.h"
#include "widgets/common/messageline.h"
#include "widgets/common/theme.h"
#include "widgets/moduleregistry.h"

namespace opsdesk::app {

namespace {
// The threshold is typed in its currency's units and kept in minor units.
const QString kNotifyCurrency = client::ClientSettings::Notifications{}.newOrderMinCurrency;
}  // namespace

SettingsDialog::SettingsDialog(client::ClientSettings* settings, const QString& currentLanguage,
                               QWidget* parent)
    : QDialog(parent),
      settings_(settings),
      serverLabel_(new QLabel(this)),
      server_(new QLineEdit(this)),
      serverNote_(new QLabel(this)),
      caLabel_(new QLabel(this)),
      caFile_(new QLineEdit(this)),
      browse_(new QPushButton(this)),
      languageLabel_(new QLabel(this)),
      language_(new QComboBox(this)),
      notifyBox_(new QGroupBox(this)),
      notifyOrders_(new QCheckBox(notifyBox_)),
      notifyMinLabel_(new QLabel(notifyBox_)),
      notifyMin_(new QLineEdit(notifyBox_)),
      notifyRefunds_(new QCheckBox(notifyBox_)),
      notifyNote_(new QLabel(notifyBox_)),
      error_(new widgets::MessageLine(QStringLiteral("settingsError"), this)),
      buttons_(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this)) {
    setObjectName(QStringLiteral("settingsDialog"));
    setWindowIcon(widgets::applicationIcon());
    setMinimumWidth(520);

    server_->setObjectName(QStringLiteral("serverEdit"));
    caFile_->setObjectName(QStringLiteral("caFileEdit"));
    language_->setObjectName(QStringLiteral("languageCombo"));
    server_->setText(settings_->serverUrl().toString());
    caFile_->setText(settings_->caFile());
    caFile_->setClearButtonEnabled(true);
    for (const auto& [code, name] : LanguageManager::available()) {
        language_->addItem(name, code);
    }
    setLanguage(currentLanguage);
    serverNote_->setWordWrap(true);
    widgets::Theme::setTextColor(serverNote_, widgets::Theme::Role::Muted);

    auto* caRow = new QHBoxLayout;
    caRow->addWidget(caFile_, 1);
    caRow->addWidget(browse_);
    auto* form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->setVerticalSpacing(10);
    form->addRow(serverLabel_, server_);
    form->addRow(QString(), serverNote_);
    form->addRow(caLabel_, caRow);
    form->addRow(languageLabel_, language_);
    serverLabel_->setBuddy(server_);
    caLabel_->setBuddy(caFile_);
    languageLabel_->setBuddy(language_);

    notifyBox_->setObjectName(QStringLiteral("notificationsBox"));
    notifyOrders_->setObjectName(QStringLiteral("notifyNewOrdersCheck"));
    notifyMin_->setObjectName(QStringLiteral("notifyMinAmountEdit"));
    notifyRefunds_->setObjectName(QStringLiteral("notifyRefundsCheck"));
    const client::ClientSettings::Notifications n = settings_->notifications();
    notifyOrders_->setChecked(n.newOrders);
    notifyMin_->setText(n.newOrderMinMinor > 0
                            ? widgets::Format::plainAmount(n.newOrderMinMinor, kNotifyCurrency)
                            : QString());
    notifyMin_->setEnabled(n.newOrders);
    notifyRefunds_->setChecked(n.refunds);
    notifyNote_->setWordWrap(true);
    widgets::Theme::setTextColor(notifyNote_, widgets::Theme::Role::Muted);
    connect(notifyOrders_, &QCheckBox::toggled, notifyMin_, &QWidget::setEnabled);
    auto* minRow = new QHBoxLayout;
    minRow->setContentsMargins(24, 0, 0, 0);
    minRow->addWidget(notifyMinLabel_);
    minRow->addWidget(notifyMin_, 1);
    notifyMinLabel_->setBuddy(notifyMin_);
    auto* notifyLayout = new QVBoxLayout(notifyBox_);
    notifyLayout->addWidget(notifyOrders_);
    notifyLayout->addLayout(minRow);
    notifyLayout->addWidget(notifyRefunds_);
    notifyLayout->addWidget(notifyNote_);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(20, 18, 20, 14);
    layout->addLayout(form);
    layout->addSpacing(8);
    layout->addWidget(notifyBox_);
    layout->addWidget(error_);
    layout->addStretch(1);
    layout->addWidget(buttons_);

    connect(browse_, &QPushButton::clicked, this, &SettingsDialog::browseCaFile);
    connect(buttons_, &QDialogButtonBox::accepted, this, &SettingsDialog::accept);
    connect(buttons_, &QDialogButtonBox::rejected, this, &SettingsDialog::reject);
    retranslateUi();
}

QString SettingsDialog::serverText() const {
    return server_->text().trimmed();
}
QString SettingsDialog::caFile() const {
    return caFile_->text().trimmed();
}
QString SettingsDialog::language() const {
    return language_->currentData().toString();
}

void SettingsDialog::setServerUrl(const QUrl& url) {
    server_->setText(url.isValid() ? url.toString() : QString());
}

void SettingsDialog::setCaFile(const QString& path) {
    caFile_->setText(path);
}

void SettingsDialog::setLanguage(const QString& code) {
    const int index = language_->findData(code);
    language_->setCurrentIndex(index >= 0 ? index : 0);
}

void SettingsDialog::retranslateUi() {
    setWindowTitle(tr("Settings"));
    serverLabel_->setText(tr("&Server:"));
    server_->setPlaceholderText(tr("https://opsdesk.example.com:8443"));
    serverNote_->setText(tr("A new server address is used the next time you sign in."));
    caLabel_->setText(tr("&CA certificate:"));
    caFile_->setPlaceholderText(tr("Only the system's certificate authorities"));
    browse_->setText(tr("&Browse…"));
    languageLabel_->setText(tr("&Language:"));
    notifyBox_->setTitle(tr("Desktop notifications"));
    notifyOrders_->setText(tr("New &orders"));
    notifyMinLabel_->setText(tr("of at least (¥):"));
    notifyMin_->setToolTip(
        tr("Compared with orders in yuan; orders in other currencies are always shown."));
    notifyMin_->setPlaceholderText(tr("any amount"));
    notifyRefunds_->setText(tr("&Refunds"));
    notifyNote_->setText(tr("Never for what you do yourself."));
}

void SettingsDialog::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) {
        retranslateUi();
    }
    QDialog::changeEvent(event);
}

void SettingsDialog::browseCaFile() {
    auto* dialog = new QFileDialog(this, tr("Choose the CA certificate"), caFile_->text(),
                                   tr("PEM certificates (*.pem *.crt);;All files (*)"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setFileMode(QFileDialog::ExistingFile);
    connect(dialog, &QFileDialog::fileSelected, caFile_, &QLineEdit::setText);
    dialog->open();
}

void SettingsDialog::accept() {
    const QString serverText = server_->text().trimmed();
    QUrl server;
    if (!serverText.isEmpty()) {
        server = client::ApiClient::normalizeServerUrl(serverText);
        if (!server.isValid()) {
            error_->showError(
                tr("Enter the server address, for example "
                   "https://opsdesk.example.com:8443."));
            server_->setFocus();
            return;
        }
    }
    const QString ca = caFile();
    if (!ca.isEmpty() && QSslCertificate::fromPath(ca, QSsl::Pem).isEmpty()) {
        error_->showError(tr("%1 holds no PEM certificate.").arg(ca));
        caFile_->setFocus();
        return;
    }
    client::ClientSettings::Notifications notifications;
    notifications.newOrders = notifyOrders_->isChecked();
    notifications.refunds = notifyRefunds_->isChecked();
    const QString minText = notifyMin_->text().trimmed();
    if (!minText.isEmpty()) {
        const auto minor = widgets::Format::parseAmount(minText, kNotifyCurrency);
        if (!minor || *minor < 0) {
            error_->showError(
                tr("Enter the smallest order total to be told about, for example "
                   "500.00, or leave it empty for every order."));
            notifyMin_->setFocus();
            return;
        }
        notifications.newOrderMinMinor = *minor;
    }
    settings_->setNotifications(notifications);
    settings_->setServerUrl(server);
    settings_->setCaFile(ca);
    settings_->setLanguage(language());
    settings_->sync();
    QDialog::accept();
}

}  // namespace opsdesk::app
