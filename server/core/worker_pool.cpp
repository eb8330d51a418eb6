#include "core/worker_pool.h"

#include "core/log.h"
#include "core/thread_name.h"

namespace opsdesk::server {

WorkerPool::WorkerPool(std::size_t threads, std::size_t queueLimit, std::function<void()> init,
                       std::string name)
    : queueLimit_(queueLimit), init_(std::move(init)) {
    threads_.reserve(threads);
    for (std::size_t i = 0; i < threads; ++i) {
        threads_.emplace_back([this, label = name + "-" + std::to_string(i)] {
            nameThisThread(label);
            run();
        });
    }
}

WorkerPool::~WorkerPool() {
    stop();
}

bool WorkerPool::trySubmit(Job job) {
    {
        const std::lock_guard lock(mutex_);
        if (stopping_ || jobs_.size() >= queueLimit_) {
            return false;
        }
        jobs_.push_back(std::move(job));
    }
    cv_.notify_one();
    return true;
}

void WorkerPool::stop() {
    {
        const std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    cv_.notify_all();
    for (auto& t : threads_) {
        if (t.joinable() && t.get_id() != std::this_thread::get_id()) {
            t.join();
        }
    }
}

std::size_t WorkerPool::queued() const {
    const std::lock_guard lock(mutex_);
    return jobs_.size();
}

void WorkerPool::run() {
    if (init_) {
        init_();
    }
    for (;;) {
        Job job;
        {
            std::unique_lock lock(mutex_);
            cv_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
            if (jobs_.empty()) {
                return;  // stopping and drained
            }
            job = std::move(jobs_.front());
            jobs_.pop_front();
        }
        try {
            job();
        } catch (const std::exception& e) {
            // Jobs answer their own errors; reaching here is a bug, not a reason to die.
            log::error("worker job threw", {{"what", e.what()}});
        }
    }
}

}  // namespace opsdesk::server
