#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace opsdesk::server {

// A fixed set of threads working off one bounded queue. Used for the database threads (each with
// its own connection, see DbPool) and for password hashing, which must never run on I/O threads.
class WorkerPool {
public:
    using Job = std::function<void()>;

    // `init` runs once on each worker before it takes jobs (thread-local setup). The workers are
    // named `name`-0, `name`-1... (see nameThisThread).
    WorkerPool(std::size_t threads, std::size_t queueLimit, std::function<void()> init = {},
               std::string name = "worker");
    ~WorkerPool();
    WorkerPool(const WorkerPool&) = delete;
    WorkerPool& operator=(const WorkerPool&) = delete;

    // False when the queue is full or the pool is stopping; the caller answers 503.
    bool trySubmit(Job job);
    // Finishes the queued jobs, then joins the threads. Idempotent.
    void stop();
    std::size_t queued() const;
    std::size_t threadCount() const { return threads_.size(); }

private:
    void run();

    const std::size_t queueLimit_;
    std::function<void()> init_;
    mutable std::mutex mutex_;
    std::condition_variable cv_;
    std::deque<Job> jobs_;
    bool stopping_ = false;
    std::vector<std::thread> threads_;
};

}  // namespace opsdesk::server
