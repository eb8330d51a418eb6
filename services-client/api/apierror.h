#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QMetaType>
#include <QNetworkReply>
#include <QSslError>
#include <QString>
#include <optional>

#include "opsdesk/protocol/error_codes.h"

namespace opsdesk::client {

// Why a request failed, typed. Built in one place (ApiError::fromReply) from whatever the
// network layer and the server said, so the rest of the client never looks at raw replies.
struct ApiError {
    Q_GADGET

public:
    enum class Kind {
        Network,          // no answer: refused, host not found, connection dropped
        Tls,              // the server's certificate was not trusted, or the handshake failed
        Timeout,          // no complete answer within the request's timeout
        Http,             // the server answered with a non-2xx status
        InvalidResponse,  // a 2xx answer whose body is not what the contract promises
        Cancelled,        // aborted, or abandoned because the user signed out
    };
    Q_ENUM(Kind)

    Kind kind = Kind::Network;
    int httpStatus = 0;                       // 0 when the server did not answer
    std::optional<protocol::ErrorCode> code;  // the contract's code, when known
    QString codeName;                         // wire spelling, also for unknown codes
    QString message;                          // server's text or the network's
    QMap<QString, QString> fields;            // 422: field name -> why
    QJsonObject details;                      // e.g. required_permission, retry_after_s
    std::optional<int> retryAfterSeconds;     // 423 details.retry_after_s, 429 Retry-After
    QNetworkReply::NetworkError networkError = QNetworkReply::NoError;
    QStringList certificateProblems;  // Kind::Tls: what was wrong, human text

    bool is(protocol::ErrorCode c) const { return code == c; }
    // For logs: kind, status, code and message. Never carries request bodies or headers.
    QString toString() const;

    // What one attempt of a request ended with.
    struct ReplyFacts {
        int httpStatus = 0;
        QByteArray body;
        QByteArray retryAfterHeader;
        QNetworkReply::NetworkError networkError = QNetworkReply::NoError;
        QString networkErrorText;
        QList<QSslError> sslErrors;
        bool timedOut = false;
        bool aborted = false;
    };
    // The one mapping from status, error body and network error to an ApiError.
    static ApiError fromReply(const ReplyFacts& facts);

    static ApiError invalidResponse(int httpStatus, const QString& why);
    static ApiError cancelled(const QString& why,
                              std::optional<protocol::ErrorCode> code = std::nullopt);
};

QString kindName(ApiError::Kind kind);

// Retry-After is either delta-seconds or an HTTP date; nullopt when it is neither.
std::optional<int> parseRetryAfter(const QByteArray& value, const QDateTime& now);

}  // namespace opsdesk::client

Q_DECLARE_METATYPE(opsdesk::client::ApiError)
