#pragma once

// Private to the transport: one WebSocket connection, taken over from the HTTP connection that
// read its upgrade request, on the same strand.
//
// Two coroutines share the strand: the reader, which hands every message to the application
// and notices the end of the connection, and the writer, which alone writes: it drains the
// connection's queue (WebSocketState) back to back and finally sends the close frame. Pings,
// pongs and the dead-peer timeout are Beast's (stream_base::timeout with keep_alive_pings).
// Like Session, instantiated once per stream type in its own source (ws_session_plain.cpp,
// ws_session_tls.cpp); and, for GCC 12, no co_await inside a condition (see session.h).

#include <chrono>
#include <deque>
#include <exception>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include "http/detail/core.h"
#include "http/detail/websocket_state.h"
#include "http/websocket.h"

namespace opsdesk::server::http::detail {

// A read buffer that grew for a big message is given back afterwards.
inline constexpr std::size_t kKeptWebSocketReadCapacity = 16 * 1024;

template <class Stream>
class WebSocketSession final : public WebSocketSessionBase,
                               public std::enable_shared_from_this<WebSocketSession<Stream>> {
public:
    WebSocketSession(std::shared_ptr<ServerCore> core, Strand strand, Stream&& stream,
                     WebSocketUpgrade&& upgrade)
        : WebSocketSessionBase(strand),
          core_(std::move(core)),
          route_(*upgrade.route),
          upgrade_(std::move(upgrade)),
          ws_(std::move(stream)),
          wake_(strand),
          closeDeadline_(strand) {}

    ~WebSocketSession() override {
        if (state_) {
            state_->finish(CloseCode::Abnormal);
        }
        core_->remove(this, false);
    }

    // Must run right after construction, before anything can post to the session.
    void init() {
        state_ = std::make_shared<WebSocketState>(
            strand(), std::static_pointer_cast<WebSocketSessionBase>(this->shared_from_this()),
            upgrade_.request.remoteAddress, upgrade_.request.requestId,
            route_.options.maxQueuedBytes);
    }

    // The reader's life; the writer is spawned once the handshake is done.
    static asio::awaitable<void> run(std::shared_ptr<WebSocketSession> self);

    void onServerStopping() override {
        state_->requestClose(CloseCode::GoingAway, "server is stopping", false);
    }
    void onForceClose() override {
        closeNow(true);
        wake_.cancel();
    }
    void deliver(const PendingResponse*, Response&&) override {}  // no HTTP answers here
    void detachFromIo() noexcept override { state_->detach(); }
    void onWake() override {
        if (state_->closing()) {
            armCloseDeadline();
        }
        wake_.cancel();
    }

private:
    asio::awaitable<void> serve();
    asio::awaitable<bool> accept();
    asio::awaitable<void> readLoop();
    static asio::awaitable<void> writeLoop(std::shared_ptr<WebSocketSession> self);
    void accepted();
    int codeFor(const error_code& ec) const;
    void armCloseDeadline();
    // Closes the TCP connection (Beast has mostly done so already after a closing handshake).
    void closeNow(bool abortive);

    std::shared_ptr<ServerCore> core_;
    const WebSocketRoute& route_;  // in core_->options
    WebSocketUpgrade upgrade_;
    websocket::stream<Stream, /*deflateSupported=*/false> ws_;
    std::shared_ptr<WebSocketState> state_;
    beast::flat_buffer readBuffer_;
    int handshakeStatus_ = 0;  // of the answer to the upgrade request, for the log line

    asio::steady_timer wake_;           // the writer waits on it while nothing is queued
    asio::steady_timer closeDeadline_;  // bounds the closing handshake
    bool closeDeadlineArmed_ = false;
    bool readerDone_ = false;  // the connection is over: nothing more to write
};

template <class Stream>
void startWebSocketSession(std::shared_ptr<ServerCore> core, Strand strand, Stream&& stream,
                           WebSocketUpgrade&& upgrade) {
    auto session = std::make_shared<WebSocketSession<Stream>>(core, strand, std::move(stream),
                                                              std::move(upgrade));
    session->init();
    // Added before the HTTP connection that hands over unregisters: stop() never sees a gap.
    core->add(session, false);
    asio::co_spawn(strand, WebSocketSession<Stream>::run(std::move(session)),
                   [](std::exception_ptr) {});
}

// --- implementation ---

template <class Stream>
asio::awaitable<void> WebSocketSession<Stream>::run(std::shared_ptr<WebSocketSession> self) {
    try {
        co_await self->serve();
    } catch (...) {
        // A bug or an exhausted resource in this connection costs this connection only.
    }
    // The reader is done: the connection has ended (or never opened). A writer still busy
    // fails at once and ends too; the destructor then reports the close.
    self->readerDone_ = true;
    self->closeNow(false);
    self->wake_.cancel();
    self->closeDeadline_.cancel();
}

template <class Stream>
asio::awaitable<void> WebSocketSession<Stream>::serve() {
    const bool opened = co_await accept();
    if (!opened) {
        co_return;
    }
    accepted();
    asio::co_spawn(strand(), writeLoop(this->shared_from_this()), [](std::exception_ptr) {});
    co_await readLoop();
}

template <class Stream>
asio::awaitable<bool> WebSocketSession<Stream>::accept() {
    const WebSocketOptions& options = route_.options;
    websocket::stream_base::timeout timeouts{};
    timeouts.handshake_timeout = options.closeTimeout;  // the answer to the upgrade, the close
    if (options.pingInterval.count() > 0) {
        // Beast pings when the idle timer is half gone; the other half has to bring an answer.
        timeouts.idle_timeout = 2 * options.pingInterval;
        timeouts.keep_alive_pings = true;
    } else {
        timeouts.idle_timeout = websocket::stream_base::none();
        timeouts.keep_alive_pings = false;
    }
    ws_.set_option(timeouts);
    beast::get_lowest_layer(ws_).expires_never();  // Beast's websocket timeouts rule from here
    ws_.set_option(websocket::stream_base::decorator([this](websocket::response_type& response) {
        handshakeStatus_ = static_cast<int>(response.result_int());
        response.set(bhttp::field::server, "opsdesk");
        response.set("X-Request-Id", upgrade_.request.requestId);
        if (response.result() != bhttp::status::switching_protocols) {
            // Beast's refusal (400, or 426 for another version), in the contract's words.
            response.set(bhttp::field::content_type, "application/json");
            response.body() = errorBody(protocol::toString(protocol::ErrorCode::BadRequest),
                                        "not a valid WebSocket handshake (version 13)");
            response.prepare_payload();
        }
    }));
    ws_.read_message_max(route_.options.maxMessageBytes);
    if (options.socketSendBufferBytes > 0) {
        error_code ec;  // a refusal leaves the kernel's default: not worth failing the connection
        beast::get_lowest_layer(ws_).socket().set_option(
            asio::socket_base::send_buffer_size(static_cast<int>(options.socketSendBufferBytes)),
            ec);
    }
    // One frame per message: the fewest writes.
    ws_.auto_fragment(false);

    auto [ec] = co_await ws_.async_accept(upgrade_.message, kNoThrow);

    core_->log(AccessLogEntry{
        .requestId = upgrade_.request.requestId,
        .method = upgrade_.request.method,
        .path = upgrade_.request.path,
        .status = handshakeStatus_,  // 101, or Beast's refusal
        .ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() -
                                                        upgrade_.start)
                  .count(),
        .user = {},
        .remoteAddress = upgrade_.request.remoteAddress,
        .cache = {},
    });
    // Nothing of the request is needed any more but what the application gets.
    upgrade_.message = {};
    co_return !ec;
}

template <class Stream>
void WebSocketSession<Stream>::accepted() {
    auto socket = std::make_shared<WebSocket>(state_);
    try {
        route_.handler(upgrade_.request, std::move(socket));
    } catch (...) {
        state_->requestClose(CloseCode::InternalError, "internal error", false);
    }
    if (core_->stopping()) {
        // stop() began before this connection registered, or while it was being accepted.
        state_->requestClose(CloseCode::GoingAway, "server is stopping", false);
    }
    upgrade_.request = {};
}

template <class Stream>
asio::awaitable<void> WebSocketSession<Stream>::readLoop() {
    for (;;) {
        auto [ec, n] = co_await ws_.async_read(readBuffer_, kNoThrow);
        (void)n;  // the buffer holds exactly this message
        if (ec) {
            // The connection is over; a close requested earlier keeps its code.
            state_->requestClose(codeFor(ec), {}, true);
            co_return;
        }
        if (!state_->closing()) {
            if (!ws_.got_text()) {
                state_->requestClose(CloseCode::UnsupportedData, "text messages only", false);
            } else if (auto callback = state_->messageCallback(); callback && *callback) {
                const auto data = readBuffer_.cdata();
                try {
                    (*callback)(
                        std::string_view(static_cast<const char*>(data.data()), data.size()));
                } catch (...) {
                    state_->requestClose(CloseCode::InternalError, "internal error", false);
                }
            }
        }
        // After a close request messages are dropped, but reading goes on: the peer's close
        // frame ends the closing handshake.
        readBuffer_.consume(readBuffer_.size());
        if (readBuffer_.capacity() > kKeptWebSocketReadCapacity) {
            readBuffer_.shrink_to_fit();
        }
    }
}

template <class Stream>
asio::awaitable<void> WebSocketSession<Stream>::writeLoop(std::shared_ptr<WebSocketSession> self) {
    WebSocketState& state = *self->state_;
    bool failed = false;
    try {
        std::deque<std::string> batch;
        for (;;) {
            if (self->readerDone_) {
                co_return;
            }
            const bool closing = state.take(batch);
            if (batch.empty()) {
                if (closing) {
                    break;
                }
                self->wake_.expires_at(asio::steady_timer::time_point::max());
                co_await self->wake_.async_wait(kNoThrow);
                continue;
            }
            // Back to back, without a round through the application in between.
            while (!batch.empty() && !failed) {
                if (state.dropping() || self->readerDone_) {
                    break;
                }
                std::string message = std::move(batch.front());
                batch.pop_front();
                self->ws_.text(true);
                auto [ec, n] = co_await self->ws_.async_write(asio::buffer(message), kNoThrow);
                state.written(message.size());
                failed = static_cast<bool>(ec);
            }
            for (const auto& dropped : batch) {
                state.written(dropped.size());
            }
            batch.clear();
            if (failed) {
                break;
            }
        }
        if (!failed && !self->readerDone_) {
            // Beast sends the frame, then waits (bounded by closeTimeout) for the reader to see
            // the peer's answer, and closes the TCP connection.
            const websocket::close_reason reason(
                static_cast<websocket::close_code>(state.closeCode()), state.closeReason());
            co_await self->ws_.async_close(reason, kNoThrow);  // how it ends, the reader sees
        }
    } catch (...) {
        failed = true;
    }
    if (failed) {
        // Whatever broke the write broke the connection: let the reader know at once. (It
        // reports how the connection ended: the peer may have closed it properly meanwhile.)
        self->closeNow(false);
    }
}

template <class Stream>
int WebSocketSession<Stream>::codeFor(const error_code& ec) const {
    // The peer's close frame came; the TCP teardown after it may still have failed (a peer that
    // resets rather than closes), which changes nothing about how the connection ended.
    if (const auto code = ws_.reason().code; code != websocket::close_code::none) {
        return static_cast<int>(code);
    }
    if (ec == websocket::error::closed) {
        return CloseCode::NoStatus;
    }
    if (ec == websocket::error::message_too_big) {
        return CloseCode::TooBig;  // Beast has sent that close frame itself
    }
    if (ec == websocket::error::bad_frame_payload) {
        return CloseCode::InvalidPayload;
    }
    if (ec == websocket::condition::protocol_violation) {
        return CloseCode::ProtocolError;
    }
    return CloseCode::Abnormal;  // lost, or silent for a whole ping interval
}

template <class Stream>
void WebSocketSession<Stream>::armCloseDeadline() {
    if (closeDeadlineArmed_) {
        return;
    }
    closeDeadlineArmed_ = true;
    // Beast bounds the closing handshake itself once the close frame is out; this also covers
    // a write that never finishes because the peer does not read.
    closeDeadline_.expires_after(route_.options.closeTimeout);
    closeDeadline_.async_wait([weak = this->weak_from_this()](const error_code& ec) {
        if (auto self = weak.lock(); self && !ec) {
            self->closeNow(true);
        }
    });
}

template <class Stream>
void WebSocketSession<Stream>::closeNow(bool abortive) {
    auto& socket = beast::get_lowest_layer(ws_).socket();
    if (!socket.is_open()) {
        return;
    }
    error_code ec;
    if (abortive) {
        // The orderly way failed. A reset: a peer that does not read would otherwise keep
        // megabytes of unsent data in the kernel for minutes after the close.
        socket.set_option(asio::socket_base::linger(true, 0), ec);
    } else {
        socket.shutdown(tcp::socket::shutdown_both, ec);
    }
    socket.close(ec);
}

}  // namespace opsdesk::server::http::detail
