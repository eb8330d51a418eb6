#include "services-client/orders/logging.h"

Q_LOGGING_CATEGORY(lcOrders, "opsdesk.orders")
