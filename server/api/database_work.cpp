#include "api/database_work.h"

#include <memory>
#include <pqxx/except>

#include "core/api_error.h"
#include "core/log.h"
#include "db/db_pool.h"

namespace opsdesk::server::api {

namespace {

using protocol::ErrorCode;

http::Response unavailable() {
    return ApiError(ErrorCode::Unavailable,
                    "The service is temporarily unavailable; try again in a moment")
        .withHeader("Retry-After", "2")
        .toResponse();
}

constexpr int kSerializationRetries = 3;

}  // namespace

http::Response responseForException(std::exception_ptr error, const http::Request& request) {
    try {
        std::rethrow_exception(error);
    } catch (const ApiError& e) {
        return e.toResponse();
    } catch (const pqxx::broken_connection& e) {
        log::error("database connection lost", {{"request_id", request.requestId}});
        return unavailable();
    } catch (const pqxx::unique_violation& e) {
        return ApiError(ErrorCode::Conflict, "That conflicts with an existing record").toResponse();
    } catch (const pqxx::foreign_key_violation& e) {
        return ApiError(ErrorCode::Conflict,
                        "That refers to a record that does not exist or is in use")
            .toResponse();
    } catch (const pqxx::check_violation& e) {
        return ApiError(ErrorCode::ValidationFailed, "A value is out of its allowed range")
            .toResponse();
    } catch (const pqxx::sql_error& e) {
        if (e.sqlstate() == "OD001") {
            // finance_refuse_frozen (migration 0014): a change to a signed-off statement's
            // matches, which the handlers check first; the database has the last word.
            return ApiError(ErrorCode::StatementClosed,
                            "The statement is signed off; reopen it to change its matches")
                .toResponse();
        }
        // The SQL and its message stay in the log; the caller learns only the request id.
        log::error(
            "database error",
            {{"request_id", request.requestId}, {"sqlstate", e.sqlstate()}, {"what", e.what()}});
    } catch (const std::exception& e) {
        log::error("unhandled error", {{"request_id", request.requestId}, {"what", e.what()}});
    } catch (...) {
        log::error("unhandled error", {{"request_id", request.requestId}});
    }
    return ApiError(ErrorCode::Internal,
                    "Something went wrong on the server; quote request id " + request.requestId)
        .toResponse();
}

void runOnDatabase(db::DbPool& pool, const http::Request& request, DatabaseWork work,
                   http::Responder respond) {
    // The request outlives this call through the job.
    runOnDatabase(pool, std::make_shared<const http::Request>(request), std::move(work),
                  std::move(respond));
}

void runOnDatabase(db::DbPool& pool, std::shared_ptr<const http::Request> requestCopy,
                   DatabaseWork work, http::Responder respond) {
    const bool queued = pool.trySubmit(
        [requestCopy, work = std::move(work), respond](pqxx::connection& db) {
            std::optional<http::Response> response;
            for (int attempt = 1;; ++attempt) {
                try {
                    response = work(db);
                    break;
                } catch (const pqxx::transaction_rollback& e) {
                    // Serialization failure or deadlock: the whole unit is safe to run again.
                    if (attempt < kSerializationRetries) {
                        continue;
                    }
                    response = responseForException(std::current_exception(), *requestCopy);
                    break;
                } catch (const pqxx::broken_connection&) {
                    respond(responseForException(std::current_exception(), *requestCopy));
                    throw;  // the pool drops this connection
                } catch (...) {
                    response = responseForException(std::current_exception(), *requestCopy);
                    break;
                }
            }
            if (response) {
                respond(std::move(*response));
            }
        },
        [respond] { respond(unavailable()); });
    if (!queued) {
        respond(unavailable());
    }
}

http::BodyProducer streamFromDatabase(db::DbPool& pool, const http::Request& request,
                                      PieceWork nextPiece) {
    // Shared by the pieces' jobs; the transport asks for one piece at a time.
    auto work = std::make_shared<PieceWork>(std::move(nextPiece));
    auto requestId = std::make_shared<const std::string>(request.requestId);
    return [&pool, work, requestId](http::BodyPieceSink sink) {
        auto failed = [] { return http::BodyPiece{.bytes = {}, .last = false, .failed = true}; };
        const bool queued = pool.trySubmit(
            [work, requestId, sink, failed](pqxx::connection& db) {
                try {
                    auto piece = (*work)(db);
                    if (piece) {
                        sink(http::BodyPiece{.bytes = std::move(*piece), .last = false});
                    } else {
                        sink(http::BodyPiece{.bytes = {}, .last = true});
                    }
                } catch (const pqxx::broken_connection&) {
                    log::error("database connection lost while streaming",
                               {{"request_id", *requestId}});
                    sink(failed());
                    throw;  // the pool drops this connection
                } catch (const std::exception& e) {
                    log::error("streamed answer failed",
                               {{"request_id", *requestId}, {"what", e.what()}});
                    sink(failed());
                }
            },
            [sink, failed] { sink(failed()); });
        if (!queued) {
            sink(failed());
        }
    };
}

}  // namespace opsdesk::server::api
