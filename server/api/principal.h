#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "opsdesk/protocol/permissions.h"

namespace opsdesk::server::api {

// The signed-in user a request acts for, as loaded with its session.
struct Principal {
    std::int64_t userId = 0;
    std::int64_t sessionId = 0;
    std::string username;
    std::string displayName;
    bool mustChangePassword = false;
    bool totpEnabled = false;
    // Two-factor sign-in is mandatory for this user (security setting) and not set up yet.
    bool totpEnrollmentRequired = false;
    std::vector<std::string> roles;
    std::set<protocol::Permission> permissions;
    // How long the session would still be accepted if unused (idle or absolute limit, whichever
    // comes first), as of the lookup: bounds how long it may be remembered (SessionCache).
    double sessionSecondsLeft = 0;

    bool has(protocol::Permission p) const { return permissions.contains(p); }
};

}  // namespace opsdesk::server::api
