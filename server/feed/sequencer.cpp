#include "feed/sequencer.h"

#include <pqxx/pqxx>

#include "core/log.h"
#include "core/thread_name.h"
#include "feed/outbox.h"

namespace opsdesk::server::feed {

namespace {

// Any constant; the same in every OpsDesk process.
constexpr long long kLeaderLockKey = 0x4f70734665656400;  // "OpsFeed"
// Numbering rounds start at most this often: under a steady stream of orders each round numbers
// several events in one transaction (and one NOTIFY to every instance) instead of one round per
// commit (measured at 350 orders/s: numbering one or two events per round took PostgreSQL more
// time than inserting the orders). After a pause the first event is numbered at once; the cost
// is at most this much latency.
constexpr auto kMinRoundInterval = std::chrono::milliseconds(5);

class Wakeup : public pqxx::notification_receiver {
public:
    Wakeup(pqxx::connection_base& c, const std::string& channel)
        : pqxx::notification_receiver(c, channel) {}
    void operator()(const std::string&, int) override {}
};

// Prepared once per connection (the sequencer's is a session of its own, see docs/DEPLOY.md):
// planning it cost about half as much as running it, several hundred times a second.
constexpr const char* kNumberBatch = "opsdesk_feed_number_batch";
constexpr std::int64_t kBatchLimit = 5000;  // the LIMIT in numberingStatement()

void prepareNumbering(pqxx::connection& c) {
    // Numbering must cost what the batch costs, whatever the statistics say. With those of an
    // empty events table (after a VACUUM ANALYZE, as on a new install) and then a burst, the
    // planner picked plans that grow with the table: a merge join walking the whole primary key
    // (100-200 ms a batch in bench/feed, the feed seconds behind), or a bitmap scan plus sort,
    // which also leaves the partial index's dead entries (numbered rows) unmarked, where an
    // ordered index scan marks them as it passes. This session runs only the feed's own
    // statements: no sequential or bitmap scans in it.
    feed::steerToIndexScans(c);
    c.prepare(kNumberBatch, numberingStatement());
}

}  // namespace

const char* numberingStatement() {
    // Ids follow the write order (seq) within a batch: `ids` calls nextval over the batch sorted
    // by seq. The rows are found by `seq = ANY (...)`, a handful of primary-key probes, so the
    // cost stays that of the batch however large the table; a plain join here let the planner
    // pick a merge join that walked the whole primary key (88 ms a batch at 60,000 events).
    return R"sql(
        WITH batch AS (
            SELECT seq FROM events WHERE id IS NULL ORDER BY seq LIMIT 5000 FOR UPDATE
        ), ids AS (
            SELECT seq, nextval('events_id_seq') AS id FROM (SELECT seq FROM batch ORDER BY seq) s
        ), numbered AS (
            UPDATE events e SET id = ids.id, published_at = now()
            FROM ids
            WHERE e.seq = ids.seq AND e.seq = ANY (ARRAY(SELECT seq FROM batch))
            RETURNING e.id
        )
        SELECT count(*), max(id) FROM numbered)sql";
}

namespace {

std::int64_t numberBatch(pqxx::connection& c) {
    pqxx::work tx(c);
    const auto r = tx.exec_prepared1(kNumberBatch);
    const auto n = r[0].as<std::int64_t>();
    if (n > 0) {
        tx.exec_params("SELECT pg_notify($1, $2)", std::string(kEventsChannel),
                       r[1].as<std::string>());
    }
    tx.commit();
    return n;
}

void prune(pqxx::connection& c, std::chrono::seconds retention) {
    pqxx::work tx(c);
    const auto r = tx.exec_params1(R"sql(
        WITH gone AS (
            DELETE FROM events
            WHERE id IS NOT NULL AND created_at < now() - make_interval(secs => $1)
            RETURNING id
        )
        UPDATE feed_state SET pruned_through = greatest(pruned_through,
                                                        coalesce((SELECT max(id) FROM gone), 0))
        RETURNING (SELECT count(*) FROM gone))sql",
                                   static_cast<long>(retention.count()));
    tx.commit();
    if (const auto n = r[0].as<long>(); n > 0) {
        log::info("pruned old events", {{"events", n}});
    }
}

}  // namespace

Sequencer::Sequencer(Options options) : options_(std::move(options)) {}

Sequencer::~Sequencer() {
    stop();
}

void Sequencer::start() {
    thread_ = std::thread([this] {
        nameThisThread("feed-sequencer");
        run();
    });
}

void Sequencer::stop() {
    stopping_ = true;
    if (thread_.joinable()) {
        thread_.join();
    }
}

std::int64_t Sequencer::numberPending(const std::string& databaseUrl) {
    pqxx::connection c(databaseUrl);
    prepareNumbering(c);
    std::int64_t total = 0;
    for (std::int64_t n; (n = numberBatch(c)) > 0;) {
        total += n;
    }
    return total;
}

void Sequencer::run() {
    auto lastPrune = std::chrono::steady_clock::time_point{};
    auto lastRound = std::chrono::steady_clock::time_point{};
    while (!stopping_) {
        try {
            pqxx::connection c(options_.databaseUrl);
            prepareNumbering(c);
            Wakeup wakeup(c, kOutboxChannel);
            while (!stopping_) {
                if (!leader_) {
                    pqxx::nontransaction tx(c);
                    leader_ = tx.exec_params1("SELECT pg_try_advisory_lock($1)", kLeaderLockKey)[0]
                                  .as<bool>();
                    if (leader_) {
                        log::info("feed sequencer: this instance numbers events");
                    }
                }
                if (leader_) {
                    const auto due = lastRound + kMinRoundInterval;
                    if (const auto now = std::chrono::steady_clock::now(); now < due) {
                        std::this_thread::sleep_until(due);
                    }
                    const auto roundStart = std::chrono::steady_clock::now();
                    c.get_notifs();  // those that came meanwhile: this round numbers their events
                    // A batch short of the limit took everything committed: no second round trip
                    // to find nothing.
                    for (std::int64_t n = kBatchLimit; !stopping_ && n == kBatchLimit;) {
                        n = numberBatch(c);
                        if (n > 0) {
                            lastRound = roundStart;  // only rounds that numbered pace the next
                        }
                    }
                    if (std::chrono::steady_clock::now() - lastPrune > std::chrono::minutes(1)) {
                        prune(c, options_.retention);
                        lastPrune = std::chrono::steady_clock::now();
                    }
                }
                // Wake on NOTIFY (an event committed), or poll: standby instances check for
                // the leader's lock this often, and a missed notification costs at most this.
                // Never a busy loop, whatever the options say.
                const auto ms = std::max<long>(options_.idlePoll.count(), 10);
                c.await_notification(ms / 1000, (ms % 1000) * 1000);
            }
        } catch (const std::exception& e) {
            leader_ = false;
            log::error("feed sequencer lost its database connection; retrying",
                       {{"what", e.what()}});
            for (int i = 0; i < 20 && !stopping_; ++i) {
                std::this_thread::sleep_for(std::chrono::milliseconds(100));
            }
        }
    }
    leader_ = false;
}

}  // namespace opsdesk::server::feed
