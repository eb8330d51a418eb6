#pragma once

#include <functional>
#include <memory>
#include <pqxx/connection>
#include <string>

#include "core/worker_pool.h"

namespace opsdesk::server::db {

// Database work runs here, never on I/O threads: a bounded set of threads, each owning one
// libpqxx connection (a connection belongs to one thread at a time). A broken connection is
// dropped and made again on the thread's next job.
class DbPool {
public:
    using Job = std::function<void(pqxx::connection&)>;
    // Runs on a pool thread when the database cannot be reached; the job is not run.
    using Unavailable = std::function<void()>;

    DbPool(std::string url, std::size_t threads, std::size_t queueLimit = 4096);
    ~DbPool();

    // False when the queue is full or the pool is stopping.
    bool trySubmit(Job job, Unavailable unavailable);
    void stop();
    std::size_t threadCount() const { return pool_->threadCount(); }

    // Statements every connection prepares when it is made: name → SQL.
    static void registerStatement(std::string name, std::string sql);

private:
    std::string url_;
    std::unique_ptr<WorkerPool> pool_;
};

// Opens a connection and prepares the registered statements on it.
std::unique_ptr<pqxx::connection> connect(const std::string& url);

}  // namespace opsdesk::server::db
