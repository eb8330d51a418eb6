#include "services-client/api/apierror.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QLocale>
#include <algorithm>
#include <array>
#include <cmath>

namespace opsdesk::client {

namespace {

using protocol::ErrorCode;

// When an error body is missing or unreadable, the status still says what kind of failure it
// was. These are the generic codes, one per status, in the contract's table.
constexpr std::array kGenericCodes{
    ErrorCode::BadRequest,       ErrorCode::Unauthenticated,    ErrorCode::Forbidden,
    ErrorCode::NotFound,         ErrorCode::MethodNotAllowed,   ErrorCode::RequestTimeout,
    ErrorCode::Conflict,         ErrorCode::PreconditionFailed, ErrorCode::PayloadTooLarge,
    ErrorCode::ValidationFailed, ErrorCode::AccountLocked,      ErrorCode::PreconditionRequired,
    ErrorCode::RateLimited,      ErrorCode::HeadersTooLarge,    ErrorCode::Internal,
    ErrorCode::Unavailable,
};

QString fromView(std::string_view v) {
    return QString::fromLatin1(v.data(), qsizetype(v.size()));
}

std::optional<ErrorCode> genericCodeFor(int status) {
    for (ErrorCode c : kGenericCodes) {
        if (protocol::httpStatus(c) == status) {
            return c;
        }
    }
    return std::nullopt;
}

// Reads {"error":{"code","message","fields","details"}} into *error; false when the body is not
// shaped like that. Parts that are present but of the wrong type are ignored one by one.
bool readErrorBody(const QByteArray& body, ApiError* error) {
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject()) {
        return false;
    }
    const QJsonValue errorValue = doc.object().value(QLatin1String("error"));
    if (!errorValue.isObject()) {
        return false;
    }
    const QJsonObject e = errorValue.toObject();
    const QJsonValue code = e.value(QLatin1String("code"));
    if (!code.isString()) {
        return false;
    }
    error->codeName = code.toString();
    const QByteArray codeUtf8 = error->codeName.toUtf8();
    error->code = protocol::errorCodeFromString(std::string_view(codeUtf8.data(), codeUtf8.size()));
    if (const QJsonValue m = e.value(QLatin1String("message")); m.isString()) {
        error->message = m.toString();
    }
    if (const QJsonValue f = e.value(QLatin1String("fields")); f.isObject()) {
        const QJsonObject fields = f.toObject();
        for (auto it = fields.begin(); it != fields.end(); ++it) {
            error->fields.insert(it.key(),
                                 it.value().isString() ? it.value().toString() : QString());
        }
    }
    if (const QJsonValue d = e.value(QLatin1String("details")); d.isObject()) {
        error->details = d.toObject();
    }
    return true;
}

}  // namespace

QString kindName(ApiError::Kind kind) {
    switch (kind) {
        case ApiError::Kind::Network:
            return QStringLiteral("network");
        case ApiError::Kind::Tls:
            return QStringLiteral("tls");
        case ApiError::Kind::Timeout:
            return QStringLiteral("timeout");
        case ApiError::Kind::Http:
            return QStringLiteral("http");
        case ApiError::Kind::InvalidResponse:
            return QStringLiteral("invalid-response");
        case ApiError::Kind::Cancelled:
            return QStringLiteral("cancelled");
    }
    return QStringLiteral("unknown");
}

QString ApiError::toString() const {
    QString s = kindName(kind);
    if (httpStatus != 0) {
        s += QLatin1Char(' ') + QString::number(httpStatus);
    }
    if (!codeName.isEmpty()) {
        s += QLatin1Char(' ') + codeName;
    }
    if (!message.isEmpty()) {
        s += QLatin1String(": ") + message;
    }
    if (!certificateProblems.isEmpty()) {
        s += QLatin1String(" [") + certificateProblems.join(QLatin1String("; ")) + QLatin1Char(']');
    }
    return s;
}

std::optional<int> parseRetryAfter(const QByteArray& value, const QDateTime& now) {
    const QByteArray trimmed = value.trimmed();
    if (trimmed.isEmpty()) {
        return std::nullopt;
    }
    bool ok = false;
    const qlonglong seconds = trimmed.toLongLong(&ok);
    if (ok) {
        return seconds < 0 ? std::nullopt
                           : std::optional<int>(int(qMin<qlonglong>(seconds, 86400)));
    }
    // IMF-fixdate, e.g. "Sun, 22 Nov 2026 09:30:00 GMT".
    const QDateTime at = QLocale::c().toDateTime(QString::fromLatin1(trimmed),
                                                 QStringLiteral("ddd, dd MMM yyyy HH:mm:ss 'GMT'"));
    if (!at.isValid()) {
        return std::nullopt;
    }
    QDateTime utc = at;
    utc.setTimeSpec(Qt::UTC);
    const qint64 delta = now.secsTo(utc);
    return int(std::clamp<qint64>(delta, 0, 86400));
}

ApiError ApiError::fromReply(const ReplyFacts& facts) {
    ApiError error;
    error.httpStatus = facts.httpStatus;
    error.networkError = facts.networkError;

    if (facts.timedOut) {
        error.kind = Kind::Timeout;
        error.message = QStringLiteral("The server did not answer in time");
        return error;
    }
    if (facts.aborted) {
        error.kind = Kind::Cancelled;
        error.message = QStringLiteral("The request was cancelled");
        return error;
    }
    if (!facts.sslErrors.isEmpty() ||
        facts.networkError == QNetworkReply::SslHandshakeFailedError) {
        error.kind = Kind::Tls;
        for (const QSslError& e : facts.sslErrors) {
            if (!error.certificateProblems.contains(e.errorString())) {
                error.certificateProblems.append(e.errorString());
            }
        }
        error.message = error.certificateProblems.isEmpty()
                            ? facts.networkErrorText
                            : error.certificateProblems.join(QLatin1String("; "));
        return error;
    }
    // No answer, or a 2xx answer cut off midway (the connection dropped inside its body).
    const bool cutOff = facts.httpStatus >= 200 && facts.httpStatus < 300 &&
                        facts.networkError != QNetworkReply::NoError;
    if (facts.httpStatus == 0 || cutOff) {
        switch (facts.networkError) {
            case QNetworkReply::TimeoutError:
                error.kind = Kind::Timeout;
                break;
            case QNetworkReply::OperationCanceledError:
                error.kind = Kind::Cancelled;
                break;
            default:
                error.kind = Kind::Network;
                break;
        }
        error.message = facts.networkErrorText;
        return error;
    }

    error.kind = Kind::Http;
    if (!readErrorBody(facts.body, &error)) {
        error.code = genericCodeFor(facts.httpStatus);
        error.codeName = error.code ? fromView(protocol::toString(*error.code)) : QString();
        error.message = facts.networkErrorText;
    }
    if (const QJsonValue r = error.details.value(QLatin1String("retry_after_s")); r.isDouble()) {
        error.retryAfterSeconds = int(qBound(0.0, std::ceil(r.toDouble()), 86400.0));
    }
    if (!error.retryAfterSeconds) {
        error.retryAfterSeconds =
            parseRetryAfter(facts.retryAfterHeader, QDateTime::currentDateTimeUtc());
    }
    return error;
}

ApiError ApiError::invalidResponse(int status, const QString& why) {
    ApiError error;
    error.kind = Kind::InvalidResponse;
    error.httpStatus = status;
    error.message = why;
    return error;
}

ApiError ApiError::cancelled(const QString& why, std::optional<protocol::ErrorCode> c) {
    ApiError error;
    error.kind = Kind::Cancelled;
    error.message = why;
    error.code = c;
    if (c) {
        error.codeName = fromView(protocol::toString(*c));
    }
    return error;
}

}  // namespace opsdesk::client
