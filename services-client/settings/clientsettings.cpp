#include "services-client/settings/clientsettings.h"

#include <QSettings>

namespace opsdesk::client {

namespace {

const QString kServerUrl = QStringLiteral("connection/server_url");
const QString kCaFile = QStringLiteral("connection/ca_file");
const QString kUsername = QStringLiteral("login/username");
const QString kLanguage = QStringLiteral("ui/language");
const QString kMainWindowGeometry = QStringLiteral("ui/main_window_geometry");
const QString kNotifyNewOrders = QStringLiteral("notifications/new_orders");
const QString kNotifyMinMinor = QStringLiteral("notifications/new_order_min_minor");
const QString kNotifyRefunds = QStringLiteral("notifications/refunds");

}  // namespace

ClientSettings::ClientSettings()
    : settings_(std::make_shared<QSettings>(QStringLiteral("OpsDesk"), QStringLiteral("OpsDesk"))) {
}

ClientSettings::ClientSettings(const QString& iniFile)
    : settings_(std::make_shared<QSettings>(iniFile, QSettings::IniFormat)) {}

ClientSettings::~ClientSettings() = default;

QUrl ClientSettings::serverUrl() const {
    return settings_->value(kServerUrl).toUrl();
}
void ClientSettings::setServerUrl(const QUrl& url) {
    settings_->setValue(kServerUrl, url);
}
QString ClientSettings::username() const {
    return settings_->value(kUsername).toString();
}
void ClientSettings::setUsername(const QString& username) {
    settings_->setValue(kUsername, username);
}
QString ClientSettings::caFile() const {
    return settings_->value(kCaFile).toString();
}
void ClientSettings::setCaFile(const QString& path) {
    settings_->setValue(kCaFile, path);
}
QString ClientSettings::language() const {
    return settings_->value(kLanguage).toString();
}
void ClientSettings::setLanguage(const QString& language) {
    settings_->setValue(kLanguage, language);
}
ClientSettings::Notifications ClientSettings::notifications() const {
    Notifications n;
    n.newOrders = settings_->value(kNotifyNewOrders, n.newOrders).toBool();
    // Minor units as text: an int64 survives every QSettings backend that way.
    n.newOrderMinMinor = qMax<qint64>(0, settings_->value(kNotifyMinMinor).toString().toLongLong());
    n.refunds = settings_->value(kNotifyRefunds, n.refunds).toBool();
    return n;
}
void ClientSettings::setNotifications(const Notifications& n) {
    settings_->setValue(kNotifyNewOrders, n.newOrders);
    settings_->setValue(kNotifyMinMinor, QString::number(n.newOrderMinMinor));
    settings_->setValue(kNotifyRefunds, n.refunds);
}
QByteArray ClientSettings::mainWindowGeometry() const {
    return settings_->value(kMainWindowGeometry).toByteArray();
}
void ClientSettings::setMainWindowGeometry(const QByteArray& geometry) {
    settings_->setValue(kMainWindowGeometry, geometry);
}
void ClientSettings::sync() {
    settings_->sync();
}
QString ClientSettings::fileName() const {
    return settings_->fileName();
}

}  // namespace opsdesk::client
