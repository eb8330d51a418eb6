#pragma once

// Private to the transport: what the listener and the connections share.

#include <atomic>
#include <chrono>
#include <cstddef>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "http/detail/asio.h"
#include "http/message.h"
#include "http/server.h"
#include "opsdesk/protocol/error_codes.h"

namespace opsdesk::server::http::detail {

template <class T>
class Pending;
// A handler's answer, and a piece of a streamed body (Response::stream), on their way to the
// connection.
using PendingResponse = Pending<Response>;
using PendingPiece = Pending<BodyPiece>;

// The part of a connection the listener and the Responder see; lives on the connection's strand.
class SessionBase {
public:
    explicit SessionBase(Strand strand) : strand_(std::move(strand)) {}
    virtual ~SessionBase() = default;
    SessionBase(const SessionBase&) = delete;
    SessionBase& operator=(const SessionBase&) = delete;

    const Strand& strand() const { return strand_; }

    // All three run on strand().
    virtual void onServerStopping() = 0;  // close when idle, answer the current request last
    virtual void onForceClose() = 0;      // the grace period is over
    virtual void deliver(const PendingResponse* slot, Response&& response) = 0;
    virtual void deliver(const PendingPiece* /*slot*/, BodyPiece&& /*piece*/) {}
    // The I/O threads are joined and the io_context is about to be destroyed (with the frames of
    // connections that did not finish): let go of whatever other threads could still post with.
    virtual void detachFromIo() noexcept {}

private:
    Strand strand_;
};

// Carries one request's answer (or one piece of its streamed body) from whoever makes it (any
// thread) to its connection. Shared by both, so neither has to outlive the other. The strand is
// released as soon as the connection stops waiting, which is always before the io_context goes
// away: a late answer then touches nothing of the server at all.
template <class T>
class Pending : public std::enable_shared_from_this<Pending<T>> {
public:
    Pending(Strand strand, std::weak_ptr<SessionBase> session)
        : strand_(std::move(strand)), session_(std::move(session)) {}

    // First call wins; the others, and calls after detach(), are ignored. Never throws.
    void complete(T&& value) noexcept;
    bool completed() const;
    // The connection no longer waits for this answer.
    void detach() noexcept;

private:
    mutable std::mutex mutex_;
    std::optional<Strand> strand_;
    const std::weak_ptr<SessionBase> session_;
    bool completed_ = false;
};
extern template class Pending<Response>;
extern template class Pending<BodyPiece>;

// The Responder handed to the Handler. When its last copy dies uncalled the client gets a 500 at
// once rather than a 503 after handlerTimeout.
Responder makeResponder(std::shared_ptr<PendingResponse> slot);
// The same for one piece of a streamed body: when its last copy dies uncalled, the piece is a
// failed one (the connection ends rather than wait).
BodyPieceSink makePieceSink(std::shared_ptr<PendingPiece> slot);

// State the listener and every connection share; outlives both (connections hold a reference).
class ServerCore {
public:
    ServerCore(ServerOptions options, Handler handler);

    const ServerOptions options;
    const Handler handler;
    std::unique_ptr<ssl::context> tls;  // null: plain HTTP

    // The WebSocket endpoint at this decoded path, if any.
    const WebSocketRoute* webSocketRoute(std::string_view path) const;

    enum class Admission { Serve, Reject, Drop };
    // Called by the listener only (one strand), so the answer stays true until add().
    Admission admission() const;
    void add(const std::shared_ptr<SessionBase>& session, bool rejecting);
    void remove(const SessionBase* session, bool rejecting);
    std::size_t sessionCount() const;

    bool stopping() const { return stopping_.load(std::memory_order_acquire); }
    // Sets stopping() and returns the connections open at that moment.
    std::vector<std::shared_ptr<SessionBase>> beginStopping();
    std::vector<std::shared_ptr<SessionBase>> sessions() const;

    void log(const AccessLogEntry& entry) const noexcept;

    // Spooled uploads in progress (ServerOptions::maxSpooledUploads): a slot taken, or false
    // when all are busy; given back by releaseSpool().
    bool takeSpool() {
        auto n = spooling_.load(std::memory_order_relaxed);
        do {
            if (n >= options.maxSpooledUploads) {
                return false;
            }
        } while (!spooling_.compare_exchange_weak(n, n + 1, std::memory_order_acq_rel));
        return true;
    }
    void releaseSpool() { spooling_.fetch_sub(1, std::memory_order_acq_rel); }

private:
    std::atomic<std::size_t> spooling_{0};
    mutable std::mutex mutex_;
    std::unordered_map<const SessionBase*, std::weak_ptr<SessionBase>> sessions_;
    std::size_t rejecting_ = 0;
    std::atomic<bool> stopping_{false};
};

// Connections over capacity are answered 503 but only this many at a time; beyond, closed at once.
inline constexpr std::size_t kMaxRejecting = 64;

// Starts a connection coroutine on `strand`; the socket was accepted with that strand.
void startPlainSession(std::shared_ptr<ServerCore> core, Strand strand, tcp::socket socket,
                       std::string remoteAddress, bool rejecting);
void startTlsSession(std::shared_ptr<ServerCore> core, Strand strand, tcp::socket socket,
                     std::string remoteAddress, bool rejecting);

// An upgrade request the HTTP connection hands over, with its stream, to a WebSocket connection.
struct WebSocketUpgrade {
    const WebSocketRoute* route = nullptr;        // in ServerCore::options
    Request request;                              // for the application
    bhttp::request<bhttp::string_body> message;   // for the handshake
    std::chrono::steady_clock::time_point start;  // of the request, for the log line
};

// Take over a connection whose upgrade request was read (on `strand`, which the stream's socket
// was accepted with) and answer it; each in its own source (ws_session_plain.cpp, _tls.cpp).
void startWebSocket(std::shared_ptr<ServerCore> core, Strand strand, beast::tcp_stream&& stream,
                    WebSocketUpgrade&& upgrade);
void startWebSocket(std::shared_ptr<ServerCore> core, Strand strand,
                    beast::ssl_stream<beast::tcp_stream>&& stream, WebSocketUpgrade&& upgrade);

// --- helpers shared by the sources of the transport ---

Response errorResponse(protocol::ErrorCode code, std::string_view message);
// IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT") of now, for the Date field.
std::string httpDate();
// The client's X-Request-Id when it is 1..128 of [A-Za-z0-9._-], else 32 random hex digits.
std::string requestIdFor(std::string_view clientValue);
// Splits a request target into its path and raw query; absolute-form ("http://h/p?q") is reduced
// to its path. nullopt for a target that is neither ("*" is kept as the path "*").
struct TargetParts {
    std::string_view path;
    std::string_view query;
};
std::optional<TargetParts> splitTarget(std::string_view target);
// "1.2.3.4" also for IPv4-mapped IPv6 peers of a dual-stack listener.
std::string addressToString(const asio::ip::address& address);
bool isLoopback(const asio::ip::address& address);
// True for fields the transport writes itself (Content-Length, Connection, Date...).
bool isTransportOwnedField(std::string_view name);
// A field the handler set is sent only when it cannot break the framing (no CR, LF, NUL...).
bool isSafeField(std::string_view name, std::string_view value);

}  // namespace opsdesk::server::http::detail
