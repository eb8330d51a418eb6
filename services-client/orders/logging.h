#pragma once

#include <QLoggingCategory>

// The orders module's category. Never logs customer data beyond order numbers.
Q_DECLARE_LOGGING_CATEGORY(lcOrders)
