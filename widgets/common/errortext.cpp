#include "widgets/common/errortext.h"

#include <QJsonArray>

namespace opsdesk::widgets {

using client::ApiError;
using protocol::ErrorCode;

QString ErrorText::joined(const QString& first, const QString& second) {
    if (second.isEmpty()) {
        return first;
    }
    return tr("%1 %2", "two sentences in a row").arg(first, second);
}

QString ErrorText::tryAgainIn(int seconds) {
    if (seconds <= 1) {
        return tr("Try again in a moment.");
    }
    if (seconds < 60) {
        return tr("Try again in %1 seconds.").arg(seconds);
    }
    const int minutes = (seconds + 59) / 60;
    if (minutes == 1) {
        return tr("Try again in a minute.");
    }
    return tr("Try again in %1 minutes.").arg(minutes);
}

QString ErrorText::describe(const ApiError& error) {
    switch (error.kind) {
        case ApiError::Kind::Network:
            return tr(
                "Cannot reach the server. Check the server address and your network "
                "connection.");
        case ApiError::Kind::Tls:
            return tr("The server's certificate is not trusted (%1). If your company uses its "
                      "own certificate authority, choose its CA file in Settings.")
                .arg(error.message);
        case ApiError::Kind::Timeout:
            return tr("The server did not answer in time. Try again.");
        case ApiError::Kind::InvalidResponse:
            return tr("The server sent an answer this version of OpsDesk does not understand.");
        case ApiError::Kind::Cancelled:
            if (error.is(ErrorCode::Unauthenticated)) {
                return tr("You are signed out.");
            }
            return tr("The request was cancelled.");
        case ApiError::Kind::Http:
            break;
    }

    const QString wait = error.retryAfterSeconds ? tryAgainIn(*error.retryAfterSeconds) : QString();
    if (!error.code) {
        return tr("The server refused the request (HTTP %1).").arg(error.httpStatus);
    }
    switch (*error.code) {
        case ErrorCode::InvalidCredentials:
            return tr("The username or password is not correct.");
        case ErrorCode::OtpRequired:
            return tr("Enter the six-digit code from your authenticator app.");
        case ErrorCode::AccountLocked:
            return joined(tr("This account is locked after too many failed sign-in attempts."),
                          wait);
        case ErrorCode::RateLimited:
            return joined(tr("Too many attempts in a short time."), wait);
        case ErrorCode::Unauthenticated:
            return tr("Your session has ended. Sign in again.");
        case ErrorCode::PasswordChangeRequired:
            return tr("You must change your password before you go on.");
        case ErrorCode::TotpEnrollmentRequired:
            return tr("Your account must set up two-step verification before you go on.");
        case ErrorCode::Forbidden:
            return tr("Your account is not allowed to do this.");
        case ErrorCode::NotFound:
            return tr("It no longer exists.");
        case ErrorCode::InvalidTransition:
        case ErrorCode::Conflict:
        case ErrorCode::PreconditionFailed:
            return tr("Someone else changed this in the meantime. Reload it and try again.");
        case ErrorCode::ValidationFailed:
            return tr("Some of the information is not valid.");
        case ErrorCode::IdempotencyKeyReused:
        case ErrorCode::PreconditionRequired:
        case ErrorCode::BadRequest:
        case ErrorCode::MethodNotAllowed:
        case ErrorCode::PayloadTooLarge:
        case ErrorCode::UnsupportedMediaType:
        case ErrorCode::HeadersTooLarge:
        case ErrorCode::SoldOut:  // the storefront's flash-sale claims, never a desk's
        case ErrorCode::LimitReached:
        case ErrorCode::SaleNotActive:
            return tr("The server refused the request (HTTP %1).").arg(error.httpStatus);
        case ErrorCode::Internal:
        case ErrorCode::Unavailable:
        case ErrorCode::RequestTimeout:
            return tr("The server has a problem right now. Try again in a moment.");
        case ErrorCode::BalanceMismatch:
            return tr(
                "The statement's opening balance and its lines do not add up to its "
                "closing balance.");
        case ErrorCode::DuplicateStatement:
            return tr("This statement, or some of its lines, has been imported already.");
        case ErrorCode::FourEyesRequired:
            return tr("You matched lines of this statement, so someone else must sign it off.");
        case ErrorCode::StatementClosed:
            return tr("The statement is signed off; it must be reopened before it can change.");
    }
    return tr("The server refused the request (HTTP %1).").arg(error.httpStatus);
}

QString ErrorText::refusal(const ApiError& error, const StateName& stateName) {
    const auto name = [&stateName](const QString& wire) {
        return stateName ? stateName(wire) : wire;
    };
    if (error.is(ErrorCode::InvalidTransition)) {
        const QString from = error.details.value(QLatin1String("from")).toString();
        QString text = from.isEmpty()
                           ? tr("Its current state does not allow this any more.")
                           : tr("It is now “%1”, which does not allow this.").arg(name(from));
        if (error.details.contains(QLatin1String("allowed"))) {
            QStringList allowed;
            for (const auto& v : error.details.value(QLatin1String("allowed")).toArray()) {
                allowed << name(v.toString());
            }
            text = joined(text, allowed.isEmpty()
                                    ? tr("No further change can be made to it by hand.")
                                    : tr("From there it can become: %1.")
                                          .arg(allowed.join(tr(", ", "list separator"))));
        }
        return text;
    }
    if (error.is(ErrorCode::Conflict) && error.fields.isEmpty() && !error.message.isEmpty()) {
        return tr("Not possible: %1").arg(error.message);
    }
    return describe(error);
}

}  // namespace opsdesk::widgets
