#include "services-client/settings/clientsettings.h"

#include <QSettings>

namespace opsdesk::client {

namespace {

const QString kServerUrl = QStringLiteral("connection/server_url");
const QString kCaFile = QStringLiteral("connection/ca_file");
const QString kUsername = QStringLiteral("login/username");
const QString kLanguage = QStringLiteral("ui/language");
const QString kMainWindowGeometry = QStringLiteral("ui/main_window_geometry");

}  // namespace

ClientSettings::ClientSettings()
    : settings_(std::make_unique<QSettings>(QStringLiteral("OpsDesk"), QStringLiteral("OpsDesk"))) {
}

ClientSettings::ClientSettings(const QString& iniFile)
    : settings_(std::make_unique<QSettings>(iniFile, QSettings::IniFormat)) {}

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
