#pragma once

// WebSocket connections (RFC 6455) on the HTTP listener, for the live feed. Like message.h, no
// Beast or Asio types appear here.

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "http/message.h"
#include "opsdesk/protocol/feed.h"

namespace opsdesk::server::http {

namespace detail {
class WebSocketState;
}

// Close codes the transport sends or reports (RFC 6455 7.4.1); NotReading is the contract's.
struct CloseCode {
    static constexpr int Normal = 1000;
    static constexpr int GoingAway = 1001;        // HttpServer::stop()
    static constexpr int ProtocolError = 1002;    // the peer broke the framing rules
    static constexpr int UnsupportedData = 1003;  // a binary message: text only here
    static constexpr int NoStatus = 1005;         // reported only: the peer closed without a code
    static constexpr int Abnormal = 1006;         // reported only: connection lost, or no answer
                                                  // to pings (dead peer)
    static constexpr int InvalidPayload = 1007;   // a text message that is not UTF-8
    static constexpr int TooBig = 1009;           // WebSocketOptions::maxMessageBytes exceeded
    static constexpr int InternalError = 1011;    // a callback threw
    // WebSocketOptions::maxQueuedBytes exceeded
    static constexpr int NotReading = protocol::FeedClose::TooSlow;
};

// One accepted WebSocket connection. The transport hands a shared_ptr to the application in the
// WebSocketHandler; the connection stays open while the application holds it (or until either
// side closes), and dropping the last reference to an open connection closes it with 1000.
// Every member may be called from any thread, also after the connection or the server is gone.
class WebSocket {
public:
    explicit WebSocket(std::shared_ptr<detail::WebSocketState> state);  // made by the transport
    ~WebSocket();
    WebSocket(const WebSocket&) = delete;
    WebSocket& operator=(const WebSocket&) = delete;

    // Queues a text message (UTF-8); the connection writes queued messages in order, back to
    // back, on its own I/O strand. When the queued bytes would exceed maxQueuedBytes the queue is
    // dropped and the connection closed with 4408 instead (the close frame follows what is being
    // written; a peer that does not take it within closeTimeout is reset): a slow client never
    // slows anyone else. False when the message was not queued (that case, or closing/closed).
    bool send(std::string text);
    // Idempotent; the first call wins. Messages queued before are still written (within
    // closeTimeout), then the close frame; the TCP connection closes after the peer's answer or
    // closeTimeout. A code that may not be sent (1005, 1006, out of range) becomes 1011; the
    // reason is cut to the 123 bytes a close frame can carry.
    void close(int code, std::string reason = {});
    // Outgoing bytes not yet written (queued or being written).
    std::size_t queuedBytes() const;
    // False from the moment a close is requested (by either side) or the connection fails.
    bool isOpen() const;
    const std::string& remoteAddress() const;  // as in the upgrade Request
    const std::string& requestId() const;      // as in the upgrade Request and the access log

    // Set both in the WebSocketHandler, before it returns: reading starts after it, so no message
    // is missed. (Setting them later works, but messages that arrived before are dropped.)
    //
    // Every complete text message, in order, on the connection's I/O thread; one at a time.
    // Must not block. Messages arriving after a close was requested are dropped. A callback that
    // throws closes the connection with 1011.
    void onMessage(std::function<void(std::string_view text)> callback);
    // Exactly once per accepted connection, whatever ended it, with the code that closed it: the
    // one requested by close() (or by the transport: 1001, 1003, 4408...), else the peer's (1005
    // when it gave none), else 1006 (connection lost, or no answer to pings). Runs on an I/O
    // thread, at the latest while HttpServer::stop() or the server's destructor runs; set after
    // the connection ended, it runs at once on the calling thread. Must not block.
    void onClose(std::function<void(int code)> callback);

private:
    std::shared_ptr<detail::WebSocketState> state_;
};

struct WebSocketOptions {
    std::size_t maxMessageBytes = 64 * 1024;       // incoming message; larger → close 1009
    std::size_t maxQueuedBytes = 4 * 1024 * 1024;  // outgoing backlog → close 4408
    // A ping goes out every interval; when nothing at all (pong or data) arrived for a whole
    // interval after a ping, the connection is dropped (reported as 1006). Zero: no pings.
    std::chrono::milliseconds pingInterval{20'000};
    // For the opening handshake's answer, and for the closing handshake: after a close is
    // requested, queued messages, the close frame and the peer's answer must fit in this time,
    // or the TCP connection is closed regardless.
    std::chrono::milliseconds closeTimeout{5'000};
    // The kernel's send buffer for the connection (SO_SNDBUF; Linux doubles it); 0 keeps the
    // kernel's autotuning, which lets a few megabytes pile up per connection on a fast link. A
    // small one makes a peer that reads slowly show up in the queue above at once, where the
    // application can coalesce what waits (and maxQueuedBytes means what it says).
    std::size_t socketSendBufferBytes = 0;
};

// Called on an I/O thread once the handshake (101) is written. Authentication is the
// application's business (in the first message): the transport upgrades any well-formed request
// on the path. Must not block; keep the WebSocket and set its callbacks before returning. An
// exception closes the connection with 1011.
using WebSocketHandler =
    std::function<void(const Request& upgradeRequest, std::shared_ptr<WebSocket> socket)>;

struct WebSocketRoute {
    // Exact percent-decoded path ("/api/v1/feed"). A GET with WebSocket upgrade headers here is
    // upgraded; one without goes to the HTTP Handler as usual. An upgrade request on any other
    // path is answered 404 by the transport, which then closes the connection.
    std::string path;
    WebSocketHandler handler;
    WebSocketOptions options;
};

}  // namespace opsdesk::server::http
