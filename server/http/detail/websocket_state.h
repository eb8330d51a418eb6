#pragma once

// Private to the transport: what a WebSocket connection shares with the application's handle.
//
// The application calls in from any thread; the connection runs on its strand. Everything they
// share is here, under one mutex: the write queue, the close request, the callbacks. The
// connection's socket, buffers and timers stay with the connection (WebSocketSession), which
// alone touches them.

#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "http/detail/core.h"
#include "http/websocket.h"

namespace opsdesk::server::http::detail {

class WebSocketSessionBase : public SessionBase {
public:
    using SessionBase::SessionBase;
    // On the strand: something was queued for a waiting writer, or a close was requested.
    virtual void onWake() = 0;
};

class WebSocketState {
public:
    using MessageCallback = std::function<void(std::string_view)>;
    using CloseCallback = std::function<void(int)>;

    WebSocketState(Strand strand, std::weak_ptr<WebSocketSessionBase> session,
                   std::string remoteAddress, std::string requestId, std::size_t maxQueuedBytes);

    const std::string remoteAddress;
    const std::string requestId;

    // --- the application's side (any thread) ---
    bool send(std::string&& text);
    // The first request wins (false for the others). `drop`: discard what is queued instead of
    // writing it before the close frame.
    bool requestClose(int code, std::string reason, bool drop);
    std::size_t queuedBytes() const;
    bool isOpen() const;
    void setOnMessage(MessageCallback callback);
    void setOnClose(CloseCallback callback);

    // --- the connection's side (its strand) ---
    // Moves what is queued to `out` (still counted by queuedBytes() until written()); true once a
    // close is requested. With nothing queued and no close requested, the writer counts as
    // waiting: the next send() wakes it.
    bool take(std::deque<std::string>& out);
    void written(std::size_t bytes);
    bool closing() const;
    bool dropping() const;  // the writer should discard what it took too
    int closeCode() const;
    std::string closeReason() const;
    std::shared_ptr<const MessageCallback> messageCallback() const;
    // The connection is over: nothing more is queued, the strand is let go, and the close
    // callback runs (here, once) with the requested code or else `fallbackCode`.
    void finish(int fallbackCode) noexcept;
    // Let go of the strand without finishing (its io_context goes away).
    void detach() noexcept;

private:
    void wakeLocked();

    mutable std::mutex mutex_;
    std::optional<Strand> strand_;  // reset once nothing may be posted any more
    const std::weak_ptr<WebSocketSessionBase> session_;
    const std::size_t maxQueuedBytes_;

    std::deque<std::string> queue_;
    std::size_t queueBytes_ = 0;     // in queue_
    std::size_t inFlightBytes_ = 0;  // taken by the writer, not yet written
    bool writerWaiting_ = false;

    bool closing_ = false;
    bool dropping_ = false;
    int closeCode_ = 0;
    std::string closeReason_;
    std::optional<int> finishedWith_;

    std::shared_ptr<const MessageCallback> onMessage_;
    CloseCallback onClose_;
};

}  // namespace opsdesk::server::http::detail
