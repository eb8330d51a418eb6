#pragma once

#include <pqxx/connection>
#include <string_view>
#include <vector>

#include "auth/password.h"

namespace opsdesk::server::seed {

struct DemoUser {
    std::string_view username;
    std::string_view displayName;
    std::string_view role;
};

// One demo account per built-in role; all share kDemoPassword.
const std::vector<DemoUser>& demoUsers();
inline constexpr std::string_view kDemoPassword = "opsdesk-demo";

// Loads the demo data set: a user per built-in role, about 50,000 orders and the demo's
// promotions (seed/promotions_seed.h). Idempotent: what exists already is left alone.
void seedDemo(pqxx::connection& db, const auth::ScryptParams& params);

}  // namespace opsdesk::server::seed
