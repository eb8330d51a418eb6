#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "api/principal.h"
#include "http/message.h"
#include "opsdesk/protocol/events.h"

namespace opsdesk::server {
class App;
namespace http {
class WebSocket;
}
}  // namespace opsdesk::server

namespace opsdesk::server::feed {

// The live feed of one server instance (WebSocket /api/v1/feed, protocol in CONTRACT.md).
//
// One dispatcher thread listens for "new ids up to N" (NOTIFY from whichever instance numbers
// events), reads the new rows once, renders each event's JSON once, and hands every live client
// the events it may see in one `events` message per round (built once for all clients that may
// see the same events). Rounds start at most every 40 ms and read the database once, so under a
// steady stream a client gets at most 25 messages a second, whatever the rate; after a pause the
// first event goes out at once. A client whose socket is still writing an earlier message gets
// nothing new queued behind it: its events wait in the hub and go out with the first round that
// finds the socket drained, in one message (the kernel's buffer is kept small for this, see
// Config::feedSocketSendBuffer),
// so a client that falls behind catches up with fewer, larger writes. Database work
// (authentication, replay) runs on the database pool; nothing here blocks an I/O thread, and a slow
// client is cut off by its own bounded send queue (4408) without delaying the others.
class FeedHub {
public:
    explicit FeedHub(App& app);
    ~FeedHub();

    void start();
    void stop();  // closes every client with 1001

    // The transport's WebSocket handler for /api/v1/feed.
    void accept(const http::Request& upgrade, std::shared_ptr<http::WebSocket> socket);

    std::size_t clientCount() const;
    std::int64_t lastEventId() const { return lastId_; }

private:
    struct Client;
    struct Event {
        std::int64_t id;
        protocol::Topic topic;
        protocol::Permission permission;  // needed to receive it
        std::string json;                 // the item, rendered once
    };

    void onMessage(const std::shared_ptr<Client>& client, std::string_view text);
    void authenticate(const std::shared_ptr<Client>& client, std::string token);
    void subscribe(const std::shared_ptr<Client>& client, std::vector<std::string> topics,
                   std::optional<std::int64_t> since);
    void replay(const std::shared_ptr<Client>& client, std::int64_t after, std::int64_t upTo);
    void pump(const std::shared_ptr<Client>& client);
    void handle(const std::shared_ptr<Client>& client, std::string_view text);
    void stepDone(const std::shared_ptr<Client>& client);
    void dispatchLoop();
    void housekeepingLoop();
    std::vector<Event> fetchAfter(std::int64_t after, std::int64_t upTo, std::size_t limit);
    void deliver(const std::vector<Event>& events);
    // Sends what clients hold back (see Client::held) to those whose socket has drained; true
    // while some client still holds events. Caller holds mutex_.
    bool flushHeld();
    void drop(const Client* client);
    // Looks whether the client's session still holds (without counting as the user's activity)
    // and takes its permissions as they are now: closes 4401 when it ended, drops topics it may
    // no longer read (an `error` `forbidden` for each).
    void recheck(const std::shared_ptr<Client>& client);
    std::chrono::steady_clock::time_point nextCheck(const api::Principal& principal) const;

    App& app_;
    mutable std::mutex mutex_;  // clients_, and the moment a client goes live
    std::unordered_map<const Client*, std::shared_ptr<Client>> clients_;
    std::atomic<std::int64_t> lastId_{0};
    std::atomic<bool> stopping_{false};
    std::atomic<std::int64_t> notified_{0};
    std::atomic<bool> recheckAll_{false};  // sessions, users or roles changed: look at every feed
    int authListener_ = 0;
    std::mutex wakeMutex_;
    std::condition_variable wake_;
    std::thread dispatcher_;
    std::thread housekeeper_;
};

// GET /api/v1/feed without a WebSocket upgrade: says how to connect.
void notAWebSocket(App& app, http::Request&& request, http::Responder respond);

// Renders one event as the contract's `event` object (also an item of `events`).
std::string renderEvent(std::int64_t id, std::string_view topic, std::string_view kind,
                        std::string_view dataJson);

}  // namespace opsdesk::server::feed
