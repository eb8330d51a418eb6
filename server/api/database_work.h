#pragma once

#include <exception>
#include <functional>
#include <optional>
#include <pqxx/connection>

#include "http/message.h"

namespace opsdesk::server::db {
class DbPool;
}

namespace opsdesk::server::api {

// Runs `work` on a database thread, repeating it when PostgreSQL reports a serialization failure
// or deadlock, and maps whatever it throws (ApiError, SQL states, anything else) to a response.
// `work` returns the response, or nullopt when it handed the answering on to another step.
// Answers 503 when the database is unreachable or its queue is full.
using DatabaseWork = std::function<std::optional<http::Response>(pqxx::connection&)>;
void runOnDatabase(db::DbPool& pool, const http::Request& request, DatabaseWork work,
                   http::Responder respond);

// Maps an exception from a handler to the response the caller gets. Never leaks internals.
http::Response responseForException(std::exception_ptr error, const http::Request& request);

}  // namespace opsdesk::server::api
