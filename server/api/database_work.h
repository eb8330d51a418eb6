#pragma once

#include <exception>
#include <functional>
#include <memory>
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
// The same for a request already shared (no copy of its body is made).
void runOnDatabase(db::DbPool& pool, std::shared_ptr<const http::Request> request,
                   DatabaseWork work, http::Responder respond);

// A body streamed from the database (http::Response::stream) in pieces, each made on a database
// thread with a connection held only while that piece is made: `nextPiece` returns the next
// piece, or nullopt when there is no more. It is called once per piece, never twice at once, so
// it may keep its position (a keyset cursor) in what it captured. What it throws ends the body
// as failed (and is logged, never sent); a full database queue fails it too.
using PieceWork = std::function<std::optional<std::string>(pqxx::connection&)>;
http::BodyProducer streamFromDatabase(db::DbPool& pool, const http::Request& request,
                                      PieceWork nextPiece);

// Maps an exception from a handler to the response the caller gets. Never leaks internals.
http::Response responseForException(std::exception_ptr error, const http::Request& request);

}  // namespace opsdesk::server::api
