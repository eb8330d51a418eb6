#pragma once

namespace opsdesk::protocol {

// The close codes of the live feed (WebSocket /api/v1/feed, CONTRACT.md "Live feed"): those of
// RFC 6455 the server closes a feed with, and the application's own (4000-4999). Plain ints, as
// every WebSocket API takes and reports them.
struct FeedClose {
    static constexpr int GoingAway = 1001;        // the server is stopping: reconnect
    static constexpr int InternalError = 1011;    // the server could not go on: reconnect
    static constexpr int TryAgainLater = 1013;    // the server is busy: reconnect after a while
    static constexpr int Unauthenticated = 4401;  // no auth in time, a token it does not accept
                                                  // (any more): sign in again
    static constexpr int Forbidden = 4403;        // signed in, but must finish signing in first
    static constexpr int TooSlow = 4408;          // stopped reading: reconnect and resume
};

}  // namespace opsdesk::protocol
