#pragma once

#include "http/message.h"

namespace opsdesk::server {
class App;
}

namespace opsdesk::server::health {

// GET /health: answers from the database thread, so a stuck or unreachable database shows.
void health(App& app, http::Request&& request, http::Responder respond);

}  // namespace opsdesk::server::health
