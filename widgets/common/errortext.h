#pragma once

#include <QCoreApplication>
#include <QString>

#include "services-client/api/apierror.h"

namespace opsdesk::widgets {

// What a failed request means for the person at the screen, in their language.
class ErrorText {
    Q_DECLARE_TR_FUNCTIONS(ErrorText)

public:
    static QString describe(const client::ApiError& error);
    // "Try again in 15 minutes." for a wait of `seconds`.
    static QString tryAgainIn(int seconds);

private:
    static QString joined(const QString& first, const QString& second);
};

}  // namespace opsdesk::widgets
