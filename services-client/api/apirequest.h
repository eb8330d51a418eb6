#pragma once

#include <QByteArray>
#include <QJsonDocument>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QUrlQuery>
#include <chrono>
#include <optional>
#include <utility>

#include "services-client/api/apierror.h"
#include "services-client/api/retrypolicy.h"

class QIODevice;
class QNetworkReply;
class QTimer;

namespace opsdesk::client {

class ApiClient;

// One call to the server, with its own timeout, retry policy and exactly one outcome:
// `finished` always fires, then exactly one of `succeeded` or `failed`. Afterwards the request
// deletes itself (deleteLater) unless setAutoDelete(false).
//
// Requests are made by ApiClient and start when control returns to the event loop, so
// configure and connect them right after making them.
class ApiRequest : public QObject {
    Q_OBJECT

public:
    enum class Method { Get, Post, Put, Patch, Delete };
    enum class State { New, Running, WaitingToRetry, Parked, Done };
    Q_ENUM(State)

    ApiRequest(Method method, QString path, QObject* parent = nullptr);
    ~ApiRequest() override;

    Method method() const { return method_; }
    const QString& path() const { return path_; }

    void setQuery(const QUrlQuery& query) { query_ = query; }
    const QUrlQuery& query() const { return query_; }
    void setJsonBody(const QJsonDocument& body) {
        body_ = body;
        rawContentType_.clear();
    }
    const QJsonDocument& jsonBody() const { return body_; }
    // A body that is not JSON (an image, a CSV file), sent as it is with its content type.
    void setRawBody(QByteArray body, QByteArray contentType);
    const QByteArray& rawBody() const { return rawBody_; }
    void setHeader(const QByteArray& name, const QByteArray& value);
    // The two headers of the contract's writes, set here and nowhere else:
    // Idempotency-Key (the server does a keyed write at most once; such a request may be
    // retried) and If-Match (the version of the record the user last saw; the server answers
    // 412 when it has moved on). A version of 0 or less sends no If-Match.
    void setIdempotencyKey(const QString& key) { idempotencyKey_ = key; }
    const QString& idempotencyKey() const { return idempotencyKey_; }
    void setIfMatch(int version) { ifMatch_ = version; }
    int ifMatch() const { return ifMatch_; }
    // A fresh key for one user intent (a UUID): made when the intent starts (a dialog opens) and
    // reused by every attempt of it.
    static QString newIdempotencyKey();
    // Per attempt. Unset: the client's default.
    void setTimeout(std::chrono::milliseconds timeout) { timeout_ = timeout; }
    std::chrono::milliseconds timeout() const;
    // Unset: the client's default. Applies only when the request is idempotent.
    void setRetryPolicy(const RetryPolicy& policy) { retryPolicy_ = policy; }
    RetryPolicy retryPolicy() const;
    // Authenticated requests carry the session's bearer token; a 401 on them goes to the
    // session. Login is the one that is not.
    void setAuthenticated(bool authenticated) { authenticated_ = authenticated; }
    bool isAuthenticated() const { return authenticated_; }
    void setAutoDelete(bool autoDelete) { autoDelete_ = autoDelete; }

    // GET, and any request that carries an Idempotency-Key: the server does it at most once.
    bool isIdempotent() const;

    State state() const { return state_; }
    bool isDone() const { return state_ == State::Done; }
    int attempts() const { return attempts_; }

    // The answer is not JSON (an image, a CSV file): a 2xx body is kept as it came.
    void setRawResponse(bool raw) { rawResponseWanted_ = raw; }
    // A 2xx body too big to hold (an export) is written to `sink` piece by piece as it arrives
    // and never kept; `received` tells how far it got, and the timeout counts from the last
    // piece rather than from the start. An attempt that has written part of a body is not
    // retried: the request fails and the caller throws away what the sink holds. An error
    // answer's body is read as usual. The sink must be open for writing and outlive the request.
    void setResponseSink(QIODevice* sink);
    qint64 bytesReceived() const { return sinkBytes_; }

    // Valid after `finished`.
    int httpStatus() const { return httpStatus_; }
    const QJsonDocument& response() const { return response_; }
    const QByteArray& rawResponse() const { return rawResponse_; }
    QByteArray responseHeader(const QByteArray& name) const;
    const ApiError& error() const { return error_; }
    bool succeededOutcome() const { return isDone() && !failed_; }

    // Ends the request now with a Cancelled error (if it has not ended yet).
    void abort();

signals:
    void finished();
    void succeeded(const QJsonDocument& response);
    void failed(const opsdesk::client::ApiError& error);
    // With a response sink: bytes of the body written to it so far.
    void received(qint64 bytes);

protected:
    // A subclass checks and keeps what a 2xx answer carries; returning an error turns the
    // outcome into a failure (Kind::InvalidResponse).
    virtual std::optional<ApiError> acceptResponse(const QJsonDocument& response);

private:
    friend class ApiClient;
    friend class Session;

    void attach(ApiClient* client);
    void start();        // first attempt, or the session's decision
    void sendAttempt();  // one HTTP exchange
    void resumeAfterSignIn();
    void onReplyFinished();
    void onReadyRead();
    bool drainToSink(QNetworkReply* reply);
    void onTimeout();
    void finishWith(std::optional<ApiError> error);
    QByteArray authorizationUsed() const { return authorizationUsed_; }

    Method method_;
    QString path_;
    QUrlQuery query_;
    QJsonDocument body_;
    QByteArray rawBody_;
    QByteArray rawContentType_;
    QList<std::pair<QByteArray, QByteArray>> headers_;
    QString idempotencyKey_;
    int ifMatch_ = 0;
    std::optional<std::chrono::milliseconds> timeout_;
    std::optional<RetryPolicy> retryPolicy_;
    bool authenticated_ = true;
    bool autoDelete_ = true;

    QPointer<ApiClient> client_;
    QPointer<QNetworkReply> reply_;
    QTimer* timeoutTimer_ = nullptr;
    QByteArray authorizationUsed_;
    QList<QSslError> sslErrors_;
    bool timedOut_ = false;
    bool abortRequested_ = false;
    bool failed_ = false;
    State state_ = State::New;
    int attempts_ = 0;
    quint64 retryToken_ = 0;  // invalidates a scheduled retry once the request has ended

    int httpStatus_ = 0;
    bool rawResponseWanted_ = false;
    QByteArray rawResponse_;
    QPointer<QIODevice> sink_;
    qint64 sinkBytes_ = 0;
    QString sinkError_;
    QJsonDocument response_;
    QList<std::pair<QByteArray, QByteArray>> responseHeaders_;
    ApiError error_;
};

QString toString(ApiRequest::Method method);

}  // namespace opsdesk::client
