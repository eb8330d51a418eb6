#pragma once

#include <QString>
#include <QUrl>
#include <memory>

class QSettings;

namespace opsdesk::client {

// What the client remembers between runs: server, username (never a password), CA file and
// language. Stored with QSettings under organisation and application "OpsDesk".
class ClientSettings {
public:
    // The user's settings (QSettings' native place for OpsDesk/OpsDesk).
    ClientSettings();
    // An INI file of the caller's choosing; tests point this at a temporary directory.
    explicit ClientSettings(const QString& iniFile);
    ~ClientSettings();
    ClientSettings(const ClientSettings&) = delete;
    ClientSettings& operator=(const ClientSettings&) = delete;

    QUrl serverUrl() const;
    void setServerUrl(const QUrl& url);
    QString username() const;
    void setUsername(const QString& username);
    QString caFile() const;
    void setCaFile(const QString& path);
    // "en" or "zh_CN"; empty: follow the system.
    QString language() const;
    void setLanguage(const QString& language);

    // Desktop notifications of live events (never for the user's own actions).
    struct Notifications {
        bool newOrders = true;
        // Only orders of at least this total (0: every one), in this currency's minor units.
        // Orders in another currency cannot be compared without a rate: they are always told.
        qint64 newOrderMinMinor = 0;
        QString newOrderMinCurrency = QStringLiteral("CNY");
        bool refunds = true;
        bool operator==(const Notifications&) const = default;
    };
    Notifications notifications() const;
    void setNotifications(const Notifications& notifications);

    QByteArray mainWindowGeometry() const;
    void setMainWindowGeometry(const QByteArray& geometry);

    void sync();
    QString fileName() const;
    // The same store, for parts that keep their own keys in it (the live feed's resume ids).
    std::shared_ptr<QSettings> store() const { return settings_; }

private:
    std::shared_ptr<QSettings> settings_;
};

}  // namespace opsdesk::client
