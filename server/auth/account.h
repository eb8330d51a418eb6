#pragma once

#include <pqxx/connection>

#include "api/call.h"
#include "core/api_error.h"
#include "http/message.h"

namespace opsdesk::server::auth {

class SecretBox;

// What signed-in users do for themselves: their password, two-factor sign-in, their sessions.
http::Response changeOwnPassword(api::Call& call);  // POST /auth/password
http::Response enrollTotp(api::Call& call);         // POST /auth/totp/enroll
http::Response confirmTotp(api::Call& call);        // POST /auth/totp/confirm
http::Response disableOwnTotp(api::Call& call);     // POST /auth/totp/disable
http::Response listOwnSessions(api::Call& call);    // GET /auth/sessions
http::Response endOwnSession(api::Call& call);      // DELETE /auth/sessions/{id}

// Seals every two-factor secret not sealed with the box's current key (kept as it was before
// there was a key, or sealed with a key being rotated out), in one transaction. Secrets sealed
// with a key the box does not have are left as they are, and counted.
struct SealedSecrets {
    long sealedNow = 0;
    long unreadable = 0;
};
SealedSecrets sealTotpSecrets(pqxx::connection& db, const SecretBox& box);

// 503 for a secret this server cannot open (sealed with a key it was not given); logged.
ApiError unreadableTotpSecret(std::int64_t userId);

}  // namespace opsdesk::server::auth
