#include "services-client/api/apirequest.h"

#include <QCoreApplication>
#include <QIODevice>
#include <QJsonParseError>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTimer>
#include <QUuid>

#include "services-client/api/apiclient.h"
#include "services-client/auth/session.h"
#include "services-client/logging.h"

namespace opsdesk::client {

namespace {

constexpr std::chrono::milliseconds kFallbackTimeout{30000};

QByteArray verb(ApiRequest::Method m) {
    switch (m) {
        case ApiRequest::Method::Get:
            return QByteArrayLiteral("GET");
        case ApiRequest::Method::Post:
            return QByteArrayLiteral("POST");
        case ApiRequest::Method::Put:
            return QByteArrayLiteral("PUT");
        case ApiRequest::Method::Patch:
            return QByteArrayLiteral("PATCH");
        case ApiRequest::Method::Delete:
            return QByteArrayLiteral("DELETE");
    }
    return QByteArrayLiteral("GET");
}

}  // namespace

QString ApiRequest::newIdempotencyKey() {
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

QString toString(ApiRequest::Method method) {
    return QString::fromLatin1(verb(method));
}

ApiRequest::ApiRequest(Method method, QString path, QObject* parent)
    : QObject(parent), method_(method), path_(std::move(path)) {
    timeoutTimer_ = new QTimer(this);
    timeoutTimer_->setSingleShot(true);
    connect(timeoutTimer_, &QTimer::timeout, this, &ApiRequest::onTimeout);
}

ApiRequest::~ApiRequest() {
    if (reply_) {
        // Destroyed mid-flight (its owner went away): drop the exchange without an outcome.
        reply_->disconnect(this);
        reply_->abort();
        reply_->deleteLater();
    }
}

void ApiRequest::setRawBody(QByteArray body, QByteArray contentType) {
    body_ = {};
    rawBody_ = std::move(body);
    rawContentType_ = std::move(contentType);
}

void ApiRequest::setResponseSink(QIODevice* sink) {
    sink_ = sink;
    rawResponseWanted_ = false;
}

void ApiRequest::setHeader(const QByteArray& name, const QByteArray& value) {
    headers_.append({name, value});
}

std::chrono::milliseconds ApiRequest::timeout() const {
    return timeout_.value_or(kFallbackTimeout);
}

RetryPolicy ApiRequest::retryPolicy() const {
    return retryPolicy_.value_or(RetryPolicy{});
}

bool ApiRequest::isIdempotent() const {
    return method_ == Method::Get || !idempotencyKey_.isEmpty();
}

QByteArray ApiRequest::responseHeader(const QByteArray& name) const {
    for (const auto& [key, value] : responseHeaders_) {
        if (key.compare(name, Qt::CaseInsensitive) == 0) {
            return value;
        }
    }
    return {};
}

void ApiRequest::attach(ApiClient* client) {
    client_ = client;
    if (!timeout_) {
        timeout_ = client->defaultTimeout_;
    }
    if (!retryPolicy_) {
        retryPolicy_ = client->defaultRetryPolicy_;
    }
}

void ApiRequest::abort() {
    if (isDone()) {
        return;
    }
    abortRequested_ = true;
    if (reply_) {
        reply_->abort();  // finishes the reply, which ends this request as Cancelled
        return;
    }
    finishWith(ApiError::cancelled(QStringLiteral("The request was cancelled")));
}

void ApiRequest::start() {
    if (state_ != State::New) {
        return;
    }
    if (!client_) {
        finishWith(ApiError::cancelled(QStringLiteral("The request has no connection")));
        return;
    }
    Session* session = client_->session();
    if (authenticated_ && session) {
        switch (session->admit(this)) {
            case Session::Decision::Send:
                break;
            case Session::Decision::Park:
                state_ = State::Parked;
                return;
            case Session::Decision::Fail:
                finishWith(ApiError::cancelled(QStringLiteral("Not signed in"),
                                               protocol::ErrorCode::Unauthenticated));
                return;
        }
    }
    sendAttempt();
}

void ApiRequest::resumeAfterSignIn() {
    if (state_ == State::Parked) {
        sendAttempt();
    }
}

void ApiRequest::sendAttempt() {
    if (!client_) {
        finishWith(ApiError::cancelled(QStringLiteral("The request has no connection")));
        return;
    }
    ++attempts_;
    state_ = State::Running;
    timedOut_ = false;
    sslErrors_.clear();

    QNetworkRequest request(client_->urlFor(path_, query_));
    request.setSslConfiguration(client_->sslConfiguration());
    request.setRawHeader("Accept", "application/json");
    request.setHeader(QNetworkRequest::UserAgentHeader,
                      QStringLiteral("OpsDesk/%1").arg(QCoreApplication::applicationVersion()));
    if (!idempotencyKey_.isEmpty()) {
        request.setRawHeader("Idempotency-Key", idempotencyKey_.toUtf8());
    }
    if (ifMatch_ > 0) {
        request.setRawHeader("If-Match", '"' + QByteArray::number(ifMatch_) + '"');
    }
    for (const auto& [name, value] : headers_) {
        request.setRawHeader(name, value);
    }
    authorizationUsed_.clear();
    if (authenticated_ && client_->session()) {
        authorizationUsed_ = client_->session()->authorize(request);
    }
    QByteArray payload;
    if (!body_.isNull()) {
        payload = body_.toJson(QJsonDocument::Compact);
        request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
    } else if (!rawContentType_.isEmpty()) {
        payload = rawBody_;
        request.setRawHeader("Content-Type", rawContentType_);
    }

    QNetworkAccessManager* nam = client_->network();
    switch (method_) {
        case Method::Get:
            reply_ = nam->get(request);
            break;
        case Method::Post:
            reply_ = nam->post(request, payload);
            break;
        case Method::Put:
            reply_ = nam->put(request, payload);
            break;
        case Method::Patch:
            reply_ = nam->sendCustomRequest(request, verb(method_), payload);
            break;
        case Method::Delete:
            reply_ = nam->deleteResource(request);
            break;
    }
    // Certificate problems are collected and reported, never ignored.
    connect(reply_, &QNetworkReply::sslErrors, this,
            [this](const QList<QSslError>& errors) { sslErrors_.append(errors); });
    connect(reply_, &QNetworkReply::finished, this, &ApiRequest::onReplyFinished);
    if (sink_) {
        connect(reply_, &QNetworkReply::readyRead, this, &ApiRequest::onReadyRead);
    }
    timeoutTimer_->start(timeout());
    qCDebug(lcApi).noquote() << verb(method_) << path_ << "attempt" << attempts_;
}

void ApiRequest::onTimeout() {
    if (reply_) {
        timedOut_ = true;
        reply_->abort();
    }
}

bool ApiRequest::drainToSink(QNetworkReply* reply) {
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (!sink_ || status < 200 || status >= 300 || !sinkError_.isEmpty()) {
        return false;  // an error answer stays in the reply, read whole when it ends
    }
    const QByteArray piece = reply->readAll();
    if (piece.isEmpty()) {
        return true;
    }
    if (sink_->write(piece) != piece.size()) {
        sinkError_ = sink_->errorString();
        reply->abort();
        return true;
    }
    sinkBytes_ += piece.size();
    emit received(sinkBytes_);
    return true;
}

void ApiRequest::onReadyRead() {
    if (reply_ && drainToSink(reply_)) {
        timeoutTimer_->start(timeout());  // the answer is moving: wait from its last piece
    }
}

void ApiRequest::onReplyFinished() {
    timeoutTimer_->stop();
    QNetworkReply* reply = reply_;
    reply_ = nullptr;
    if (!reply) {
        return;
    }
    reply->deleteLater();

    const bool sunk = drainToSink(reply);
    if (!sinkError_.isEmpty()) {
        finishWith(ApiError::cancelled(
            QStringLiteral("The answer could not be written: %1").arg(sinkError_)));
        return;
    }

    ApiError::ReplyFacts facts;
    facts.httpStatus = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    facts.body = sunk ? QByteArray() : reply->readAll();
    facts.retryAfterHeader = reply->rawHeader("Retry-After");
    facts.networkError = reply->error();
    facts.networkErrorText = reply->errorString();
    facts.sslErrors = sslErrors_;
    facts.timedOut = timedOut_;
    facts.aborted = abortRequested_ && !timedOut_;
    httpStatus_ = facts.httpStatus;
    responseHeaders_ = reply->rawHeaderPairs();

    if (client_) {
        if (facts.httpStatus != 0) {
            client_->noteAnswered();
        } else if (!facts.aborted) {
            client_->noteUnreachable();
        }
    }

    if (facts.httpStatus >= 200 && facts.httpStatus < 300 &&
        facts.networkError == QNetworkReply::NoError && !facts.timedOut && !facts.aborted) {
        QJsonDocument doc;
        if (rawResponseWanted_) {
            rawResponse_ = facts.body;
        } else if (!facts.body.trimmed().isEmpty()) {
            QJsonParseError parseError;
            doc = QJsonDocument::fromJson(facts.body, &parseError);
            if (parseError.error != QJsonParseError::NoError) {
                finishWith(ApiError::invalidResponse(
                    facts.httpStatus,
                    QStringLiteral("The answer is not JSON: %1").arg(parseError.errorString())));
                return;
            }
        }
        response_ = doc;
        if (auto rejected = acceptResponse(doc)) {
            rejected->kind = ApiError::Kind::InvalidResponse;
            rejected->httpStatus = facts.httpStatus;
            finishWith(*rejected);
            return;
        }
        finishWith(std::nullopt);
        return;
    }

    ApiError error = ApiError::fromReply(facts);
    Session* session = client_ ? client_->session() : nullptr;
    if (error.kind == ApiError::Kind::Http && error.httpStatus == 401 && authenticated_ &&
        session) {
        switch (session->onUnauthorized(this, authorizationUsed_)) {
            case Session::Decision::Send:
                sendAttempt();
                return;
            case Session::Decision::Park:
                state_ = State::Parked;
                return;
            case Session::Decision::Fail:
                break;
        }
    }
    // Part of a body already went to the sink: another attempt would write it twice.
    if (isIdempotent() && sinkBytes_ == 0) {
        if (const auto delay = retryPolicy().delayBefore(attempts_ + 1, error)) {
            state_ = State::WaitingToRetry;
            const quint64 token = ++retryToken_;
            qCInfo(lcApi).noquote() << verb(method_) << path_ << "failed (" << error.toString()
                                    << "), retrying in" << delay->count() << "ms";
            client_->schedule(*delay, this, [this, token] {
                if (state_ == State::WaitingToRetry && retryToken_ == token) {
                    sendAttempt();
                }
            });
            return;
        }
    }
    finishWith(error);
}

std::optional<ApiError> ApiRequest::acceptResponse(const QJsonDocument&) {
    return std::nullopt;
}

void ApiRequest::finishWith(std::optional<ApiError> error) {
    if (state_ == State::Done) {
        return;
    }
    state_ = State::Done;
    ++retryToken_;
    timeoutTimer_->stop();
    failed_ = error.has_value();
    if (error) {
        error_ = *error;
        qCInfo(lcApi).noquote() << verb(method_) << path_ << "failed:" << error_.toString();
    } else {
        qCDebug(lcApi).noquote() << verb(method_) << path_ << httpStatus_;
    }
    emit finished();
    if (failed_) {
        emit failed(error_);
    } else {
        emit succeeded(response_);
    }
    if (autoDelete_) {
        deleteLater();
    }
}

}  // namespace opsdesk::client
