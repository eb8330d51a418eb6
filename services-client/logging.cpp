#include "services-client/logging.h"

Q_LOGGING_CATEGORY(lcApi, "opsdesk.api")
Q_LOGGING_CATEGORY(lcSession, "opsdesk.session")
