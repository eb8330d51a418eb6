#pragma once

// What the two halves of the feed hub share (hub_session.cpp: one desk's connection;
// hub_fanout.cpp: the rounds that deliver events to every desk). Not for anyone else.

#include <boost/json/serialize.hpp>
#include <boost/json/string.hpp>
#include <deque>

#include "feed/hub.h"
#include "http/websocket.h"

namespace opsdesk::server::feed {

inline std::string jsonString(std::string_view s) {
    return boost::json::serialize(boost::json::string(s));
}

struct FeedHub::Client {
    enum class State { AwaitingAuth, Authenticated, Subscribing, Live, Closed };

    std::shared_ptr<http::WebSocket> socket;
    std::chrono::steady_clock::time_point acceptedAt = std::chrono::steady_clock::now();

    // Guarded by `mutex`.
    std::mutex mutex;
    State state = State::AwaitingAuth;
    std::optional<api::Principal> principal;
    std::string tokenHash;
    // The session is looked at again then, or at once when sessions, users or roles change.
    std::chrono::steady_clock::time_point checkDue{};
    bool checking = false;    // a check is under way
    bool checkAgain = false;  // something changed while it was: look once more
    std::set<protocol::Topic> topics;
    std::int64_t lastSent = 0;  // guarded by the hub's mutex once Live
    // Messages are handled one at a time and in order: while an asynchronous step (auth,
    // subscribe) is under way, later messages wait in the inbox.
    bool stepPending = false;
    bool pumping = false;
    bool sawFirstMessage = false;
    std::deque<std::string> inbox;
    // Live events not sent yet because the socket was still busy with earlier ones: the items of
    // an `events` message, comma-separated, in id order. Guarded by the hub's mutex.
    std::string held;
    std::size_t heldCount = 0;

    bool mayReceive(const Event& e) const {
        return topics.contains(e.topic) && principal && principal->has(e.permission);
    }
};

}  // namespace opsdesk::server::feed
