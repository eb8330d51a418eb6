#pragma once

#include "api/call.h"
#include "http/message.h"

namespace opsdesk::server::auth {

// What signed-in users do for themselves: their password, two-factor sign-in, their sessions.
http::Response changeOwnPassword(api::Call& call);  // POST /auth/password
http::Response enrollTotp(api::Call& call);         // POST /auth/totp/enroll
http::Response confirmTotp(api::Call& call);        // POST /auth/totp/confirm
http::Response disableOwnTotp(api::Call& call);     // POST /auth/totp/disable
http::Response listOwnSessions(api::Call& call);    // GET /auth/sessions
http::Response endOwnSession(api::Call& call);      // DELETE /auth/sessions/{id}

}  // namespace opsdesk::server::auth
