#include "services-client/api/apiclient.h"

#include <QFile>
#include <QNetworkAccessManager>
#include <QTimer>

#include "services-client/auth/session.h"
#include "services-client/logging.h"

namespace opsdesk::client {

namespace {

const QString kApiPrefix = QStringLiteral("/api/v1");

void timerScheduler(std::chrono::milliseconds delay, QObject* context,
                    std::function<void()> action) {
    QTimer::singleShot(delay, context, std::move(action));
}

}  // namespace

ApiClient::ApiClient(QObject* parent)
    : QObject(parent),
      network_(new QNetworkAccessManager(this)),
      sslConfiguration_(QSslConfiguration::defaultConfiguration()),
      scheduler_(timerScheduler) {
    // Tokens live in the session, never in QNAM's cookie jar or cache.
    network_->setRedirectPolicy(QNetworkRequest::NoLessSafeRedirectPolicy);
}

ApiClient::~ApiClient() = default;

void ApiClient::setBaseUrl(const QUrl& url) {
    if (url != baseUrl_) {
        baseUrl_ = url;
        connectionState_ = ConnectionState::Unknown;
        emit connectionStateChanged(connectionState_);
    }
}

bool ApiClient::setCaFile(const QString& path, QString* error) {
    QSslConfiguration config = QSslConfiguration::defaultConfiguration();
    if (!path.isEmpty()) {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly)) {
            if (error) {
                *error = file.errorString();
            }
            return false;
        }
        const QList<QSslCertificate> certificates =
            QSslCertificate::fromData(file.readAll(), QSsl::Pem);
        if (certificates.isEmpty()) {
            if (error) {
                *error = QStringLiteral("no PEM certificate found in %1").arg(path);
            }
            return false;
        }
        // The system store stays: a CA file adds trust, it never replaces it.
        config.addCaCertificates(certificates);
    }
    sslConfiguration_ = config;
    caFile_ = path;
    qCInfo(lcApi) << "trusting the system CA store" << (path.isEmpty() ? "only" : "and") << path;
    return true;
}

void ApiClient::setSession(Session* session) {
    session_ = session;
}

void ApiClient::setScheduler(Scheduler scheduler) {
    scheduler_ = scheduler ? std::move(scheduler) : Scheduler(timerScheduler);
}

ApiRequest* ApiClient::get(const QString& path, const QUrlQuery& query) {
    auto* request = new ApiRequest(ApiRequest::Method::Get, path);
    request->setQuery(query);
    adopt(request);
    return request;
}

ApiRequest* ApiClient::post(const QString& path, const QJsonDocument& body) {
    auto* request = new ApiRequest(ApiRequest::Method::Post, path);
    request->setJsonBody(body);
    adopt(request);
    return request;
}

void ApiClient::adopt(ApiRequest* request) {
    request->setParent(this);
    request->attach(this);
    QMetaObject::invokeMethod(request, &ApiRequest::start, Qt::QueuedConnection);
}

QUrl ApiClient::urlFor(const QString& path, const QUrlQuery& query) const {
    QUrl url = baseUrl_;
    QString base = url.path();
    while (base.endsWith(QLatin1Char('/'))) {
        base.chop(1);
    }
    // The path arrives percent-encoded where a segment needs it (a SKU with a slash), so it is
    // taken as written rather than encoded a second time.
    url.setPath(
        base + kApiPrefix + (path.startsWith(QLatin1Char('/')) ? path : QLatin1Char('/') + path),
        QUrl::TolerantMode);
    if (!query.isEmpty()) {
        url.setQuery(query);
    }
    return url;
}

QUrl ApiClient::normalizeServerUrl(const QString& text) {
    QString t = text.trimmed();
    if (t.isEmpty()) {
        return {};
    }
    if (!t.contains(QLatin1String("://"))) {
        t.prepend(QLatin1String("https://"));
    }
    QUrl url(t, QUrl::StrictMode);
    if (!url.isValid() || url.host().isEmpty() ||
        (url.scheme() != QLatin1String("https") && url.scheme() != QLatin1String("http")) ||
        url.hasQuery() || url.hasFragment()) {
        return {};
    }
    url.setPath(url.path() == QLatin1String("/") ? QString() : url.path());
    return url;
}

void ApiClient::schedule(std::chrono::milliseconds delay, QObject* context,
                         std::function<void()> action) {
    scheduler_(delay, context, std::move(action));
}

void ApiClient::noteAnswered() {
    if (connectionState_ != ConnectionState::Online) {
        connectionState_ = ConnectionState::Online;
        emit connectionStateChanged(connectionState_);
    }
}

void ApiClient::noteUnreachable() {
    if (connectionState_ != ConnectionState::Offline) {
        connectionState_ = ConnectionState::Offline;
        emit connectionStateChanged(connectionState_);
    }
}

}  // namespace opsdesk::client
