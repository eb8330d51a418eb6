#pragma once

#include <QLoggingCategory>

// One category per module. Nothing logged here may contain a password or a token.
Q_DECLARE_LOGGING_CATEGORY(lcApi)
Q_DECLARE_LOGGING_CATEGORY(lcSession)
