#include "db/db_pool.h"

#include <map>
#include <mutex>

#include "core/log.h"

namespace opsdesk::server::db {

namespace {

std::mutex gStatementsMutex;
std::map<std::string, std::string>& statements() {
    static std::map<std::string, std::string> s;
    return s;
}

thread_local std::unique_ptr<pqxx::connection> tConnection;

}  // namespace

void DbPool::registerStatement(std::string name, std::string sql) {
    const std::lock_guard lock(gStatementsMutex);
    statements()[std::move(name)] = std::move(sql);
}

std::unique_ptr<pqxx::connection> connect(const std::string& url) {
    auto c = std::make_unique<pqxx::connection>(url);
    const std::lock_guard lock(gStatementsMutex);
    for (const auto& [name, sql] : statements()) {
        c->prepare(name, sql);  // libpqxx 6 prepares lazily, on first use
    }
    return c;
}

DbPool::DbPool(std::string url, std::size_t threads, std::size_t queueLimit)
    : url_(std::move(url)),
      pool_(std::make_unique<WorkerPool>(threads, queueLimit, std::function<void()>{}, "db")) {}

DbPool::~DbPool() {
    stop();
}

void DbPool::stop() {
    pool_->stop();
}

bool DbPool::trySubmit(Job job, Unavailable unavailable) {
    return pool_->trySubmit([this, job = std::move(job), unavailable = std::move(unavailable)] {
        if (tConnection && !tConnection->is_open()) {
            tConnection.reset();
        }
        if (!tConnection) {
            try {
                tConnection = connect(url_);
            } catch (const std::exception& e) {
                log::error("database unreachable", {{"what", e.what()}});
                unavailable();
                return;
            }
        }
        try {
            job(*tConnection);
        } catch (const pqxx::broken_connection&) {
            // The job answered already (see the router); forget the connection.
            tConnection.reset();
            throw;
        }
    });
}

}  // namespace opsdesk::server::db
