#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <thread>

namespace opsdesk::server::feed {

// Numbers committed outbox events (see migrations/0004_events.sql) and tells every instance.
//
// Every instance runs one; the one holding the advisory lock is the leader and does the
// numbering, the others stand by and take over when the leader's connection goes away (its
// session lock is released by PostgreSQL). Numbering runs in one transaction per batch, so ids
// become visible batch by batch in increasing order: an event that commits late simply gets a
// later id. The leader also prunes events older than the retention period.
class Sequencer {
public:
    struct Options {
        std::string databaseUrl;
        std::chrono::seconds retention{7 * 24 * 3600};
        std::chrono::milliseconds idlePoll{500};  // numbering also runs this often without NOTIFY
    };

    explicit Sequencer(Options options);
    ~Sequencer();
    Sequencer(const Sequencer&) = delete;
    Sequencer& operator=(const Sequencer&) = delete;

    void start();
    void stop();
    bool isLeader() const { return leader_; }

    // Numbers what is committed and unnumbered, once, on the given connection URL; returns how
    // many events were numbered. For tests and the leader loop.
    static std::int64_t numberPending(const std::string& databaseUrl);

private:
    void run();

    Options options_;
    std::atomic<bool> stopping_{false};
    std::atomic<bool> leader_{false};
    std::thread thread_;
};

// The statement that numbers one batch (at most 5000 events, in write order); answers the count
// and the largest id. Public for the test that checks its plan.
const char* numberingStatement();

}  // namespace opsdesk::server::feed
