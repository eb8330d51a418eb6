#pragma once

#include <boost/json/value.hpp>
#include <cstdint>
#include <optional>
#include <pqxx/transaction_base>
#include <string>
#include <string_view>

#include "api/call.h"
#include "http/message.h"

namespace opsdesk::server::audit {

// One audit row. Written with the same transaction as the change it describes, so either both
// are committed or neither. `before`/`after` must already have secrets left out.
struct Entry {
    std::string_view action;  // "user.create", "role.update", "auth.login_failed"
    std::string_view entity;  // singular snake_case noun: "user", "role", "session"
    std::optional<std::string> entityId;
    boost::json::value before;  // null when there was nothing before
    boost::json::value after;   // null when there is nothing after
};

// By a signed-in caller.
void record(pqxx::transaction_base& tx, const api::Call& call, const Entry& entry);

// By someone not (yet) signed in, or the system: sign-in failures, command-line tools.
void recordAnonymous(pqxx::transaction_base& tx, const http::Request* request,
                     std::optional<std::int64_t> actorId, std::string_view actor,
                     const Entry& entry);

// GET /audit
http::Response list(api::Call& call);

}  // namespace opsdesk::server::audit
