#pragma once

#include <QJsonDocument>
#include <QList>
#include <QObject>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QUrl>
#include <QUrlQuery>
#include <chrono>
#include <functional>

#include "services-client/api/apirequest.h"
#include "services-client/api/retrypolicy.h"

class QNetworkAccessManager;

namespace opsdesk::client {

class Session;

// The connection to one OpsDesk server: base URL, TLS trust, defaults for requests, and the
// QNetworkAccessManager they share. Endpoints are paths under /api/v1 ("/auth/login").
class ApiClient : public QObject {
    Q_OBJECT

public:
    enum class ConnectionState { Unknown, Online, Offline };
    Q_ENUM(ConnectionState)

    // Runs `action` after `delay` unless `context` is gone. Tests replace it to skip waiting.
    using Scheduler = std::function<void(std::chrono::milliseconds delay, QObject* context,
                                         std::function<void()> action)>;

    explicit ApiClient(QObject* parent = nullptr);
    ~ApiClient() override;

    void setBaseUrl(const QUrl& url);
    QUrl baseUrl() const { return baseUrl_; }

    // Trust the system's CA store plus the certificates in this PEM file (empty: system only).
    // False with *error set when the file cannot be read or holds no certificate; the previous
    // trust stays in force then.
    bool setCaFile(const QString& path, QString* error = nullptr);
    QString caFile() const { return caFile_; }

    void setSession(Session* session);
    Session* session() const { return session_; }

    void setDefaultTimeout(std::chrono::milliseconds timeout) { defaultTimeout_ = timeout; }
    void setDefaultRetryPolicy(const RetryPolicy& policy) { defaultRetryPolicy_ = policy; }
    void setScheduler(Scheduler scheduler);

    ApiRequest* get(const QString& path, const QUrlQuery& query = {});
    ApiRequest* post(const QString& path, const QJsonDocument& body = {});
    // Takes ownership of a request (or a subclass of it) and starts it from the event loop.
    template <typename Request>
    Request* send(Request* request) {
        adopt(request);
        return request;
    }

    // `path` is taken as written: a segment that holds '/', '%' or a space arrives
    // percent-encoded (QUrl::toPercentEncoding), never encoded twice.
    QUrl urlFor(const QString& path, const QUrlQuery& query = {}) const;
    QNetworkAccessManager* network() const { return network_; }
    // The TLS settings every connection to the server uses (CA file included): the live feed's
    // WebSocket uses them too.
    const QSslConfiguration& sslConfiguration() const { return sslConfiguration_; }
    ConnectionState connectionState() const { return connectionState_; }

    // "server.example.com:8443" -> "https://server.example.com:8443"; invalid QUrl when the
    // text cannot name a server.
    static QUrl normalizeServerUrl(const QString& text);

signals:
    void connectionStateChanged(opsdesk::client::ApiClient::ConnectionState state);

private:
    friend class ApiRequest;

    void adopt(ApiRequest* request);
    void schedule(std::chrono::milliseconds delay, QObject* context, std::function<void()> action);
    void noteAnswered();
    void noteUnreachable();

    QNetworkAccessManager* network_;
    QUrl baseUrl_;
    QString caFile_;
    QSslConfiguration sslConfiguration_;
    Session* session_ = nullptr;
    std::chrono::milliseconds defaultTimeout_{30000};
    RetryPolicy defaultRetryPolicy_;
    Scheduler scheduler_;
    ConnectionState connectionState_ = ConnectionState::Unknown;
};

}  // namespace opsdesk::client
