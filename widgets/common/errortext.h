#pragma once

#include <QCoreApplication>
#include <QString>
#include <functional>

#include "services-client/api/apierror.h"

namespace opsdesk::widgets {

// What a failed request means for the person at the screen, in their language.
class ErrorText {
    Q_DECLARE_TR_FUNCTIONS(ErrorText)

public:
    static QString describe(const client::ApiError& error);
    // How a module names the states a refusal speaks of ("shipped" -> "Shipped").
    using StateName = std::function<QString(const QString& wireName)>;
    // Why the server refused (409) in words, with what its details say more: the state the
    // record is in now and where it can go from there (invalid_transition's `from` and
    // `allowed`), or the server's own reason; otherwise describe().
    static QString refusal(const client::ApiError& error, const StateName& stateName = {});
    // "Try again in 15 minutes." for a wait of `seconds`.
    static QString tryAgainIn(int seconds);

private:
    static QString joined(const QString& first, const QString& second);
};

}  // namespace opsdesk::widgets
