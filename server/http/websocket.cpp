// The application's handle on a WebSocket connection, and the state it shares with the
// connection. No Beast here: the connection itself lives in detail/websocket_session.h.
#include "http/websocket.h"

#include <algorithm>
#include <utility>

#include "http/detail/websocket_state.h"

namespace opsdesk::server::http {

namespace {

// What a close frame may carry (RFC 6455 7.4); 1005, 1006 and 1015 are for reporting only.
bool isSendableCloseCode(int code) {
    return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1013) ||
           (code >= 3000 && code <= 4999);
}

// A close frame's payload is at most 125 bytes, two of them the code. Cut between characters.
std::string fitCloseReason(std::string reason) {
    constexpr std::size_t kMaxReason = 123;
    if (reason.size() > kMaxReason) {
        std::size_t n = kMaxReason;
        while (n > 0 && (static_cast<unsigned char>(reason[n]) & 0xC0) == 0x80) {
            --n;
        }
        reason.resize(n);
    }
    return reason;
}

}  // namespace

WebSocket::WebSocket(std::shared_ptr<detail::WebSocketState> state) : state_(std::move(state)) {}

WebSocket::~WebSocket() {
    // Nobody can send on it any more: an open connection would only idle until the peer left.
    state_->requestClose(CloseCode::Normal, {}, false);
}

bool WebSocket::send(std::string text) {
    return state_->send(std::move(text));
}

void WebSocket::close(int code, std::string reason) {
    state_->requestClose(isSendableCloseCode(code) ? code : CloseCode::InternalError,
                         fitCloseReason(std::move(reason)), false);
}

std::size_t WebSocket::queuedBytes() const {
    return state_->queuedBytes();
}

bool WebSocket::isOpen() const {
    return state_->isOpen();
}

const std::string& WebSocket::remoteAddress() const {
    return state_->remoteAddress;
}

const std::string& WebSocket::requestId() const {
    return state_->requestId;
}

void WebSocket::onMessage(std::function<void(std::string_view text)> callback) {
    state_->setOnMessage(std::move(callback));
}

void WebSocket::onClose(std::function<void(int code)> callback) {
    state_->setOnClose(std::move(callback));
}

}  // namespace opsdesk::server::http

namespace opsdesk::server::http::detail {

WebSocketState::WebSocketState(Strand strand, std::weak_ptr<WebSocketSessionBase> session,
                               std::string remote, std::string id, std::size_t maxQueuedBytes)
    : remoteAddress(std::move(remote)),
      requestId(std::move(id)),
      strand_(std::move(strand)),
      session_(std::move(session)),
      maxQueuedBytes_(maxQueuedBytes) {}

bool WebSocketState::send(std::string&& text) {
    std::deque<std::string> dropped;  // freed after unlocking
    std::unique_lock lock(mutex_);
    if (closing_ || finishedWith_) {
        return false;
    }
    const std::size_t queued = queueBytes_ + inFlightBytes_;
    if (queued > maxQueuedBytes_ || text.size() > maxQueuedBytes_ - queued) {
        // The client does not keep up: cut it off rather than buffer without bound.
        closing_ = true;
        dropping_ = true;
        closeCode_ = CloseCode::NotReading;
        closeReason_ = "not reading";
        dropped.swap(queue_);
        queueBytes_ = 0;
        wakeLocked();
        return false;
    }
    queueBytes_ += text.size();
    queue_.push_back(std::move(text));
    if (writerWaiting_) {
        writerWaiting_ = false;
        wakeLocked();
    }
    return true;
}

bool WebSocketState::requestClose(int code, std::string reason, bool drop) {
    std::deque<std::string> dropped;
    std::lock_guard lock(mutex_);
    if (closing_ || finishedWith_) {
        return false;
    }
    closing_ = true;
    closeCode_ = code;
    closeReason_ = std::move(reason);
    if (drop) {
        dropping_ = true;
        dropped.swap(queue_);
        queueBytes_ = 0;
    }
    // Also when the writer is busy: the connection bounds the closing handshake from now on.
    writerWaiting_ = false;
    wakeLocked();
    return true;
}

std::size_t WebSocketState::queuedBytes() const {
    std::lock_guard lock(mutex_);
    return queueBytes_ + inFlightBytes_;
}

bool WebSocketState::isOpen() const {
    std::lock_guard lock(mutex_);
    return !closing_ && !finishedWith_;
}

void WebSocketState::setOnMessage(MessageCallback callback) {
    // The replaced callback dies after unlocking: it may hold the last handle, whose destructor
    // locks again.
    std::shared_ptr<const MessageCallback> shared =
        std::make_shared<const MessageCallback>(std::move(callback));
    std::lock_guard lock(mutex_);
    if (!finishedWith_) {
        onMessage_.swap(shared);
    }
}

void WebSocketState::setOnClose(CloseCallback callback) {
    std::unique_lock lock(mutex_);
    if (!finishedWith_) {
        onClose_.swap(callback);
        lock.unlock();
        return;  // the replaced one dies here, unlocked
    }
    // Too late to wait for the end: it already happened.
    const int code = *finishedWith_;
    lock.unlock();
    if (callback) {
        callback(code);
    }
}

bool WebSocketState::take(std::deque<std::string>& out) {
    std::lock_guard lock(mutex_);
    out.swap(queue_);
    inFlightBytes_ += queueBytes_;
    queueBytes_ = 0;
    if (out.empty() && !closing_) {
        writerWaiting_ = true;
    }
    return closing_;
}

void WebSocketState::written(std::size_t bytes) {
    std::lock_guard lock(mutex_);
    inFlightBytes_ -= std::min(bytes, inFlightBytes_);
}

bool WebSocketState::closing() const {
    std::lock_guard lock(mutex_);
    return closing_;
}

bool WebSocketState::dropping() const {
    std::lock_guard lock(mutex_);
    return dropping_;
}

int WebSocketState::closeCode() const {
    std::lock_guard lock(mutex_);
    return closeCode_;
}

std::string WebSocketState::closeReason() const {
    std::lock_guard lock(mutex_);
    return closeReason_;
}

std::shared_ptr<const WebSocketState::MessageCallback> WebSocketState::messageCallback() const {
    std::lock_guard lock(mutex_);
    return onMessage_;
}

void WebSocketState::finish(int fallbackCode) noexcept {
    CloseCallback onClose;
    std::shared_ptr<const MessageCallback> onMessage;
    std::deque<std::string> dropped;
    int code = 0;
    {
        std::lock_guard lock(mutex_);
        if (finishedWith_) {
            return;
        }
        code = closing_ ? closeCode_ : fallbackCode;
        finishedWith_ = code;
        closing_ = true;
        strand_.reset();
        dropped.swap(queue_);
        queueBytes_ = 0;
        inFlightBytes_ = 0;
        // Callbacks often hold the handle that holds this state: release them to break the cycle.
        onClose = std::move(onClose_);
        onClose_ = nullptr;
        onMessage = std::move(onMessage_);
    }
    if (onClose) {
        try {
            onClose(code);
        } catch (...) {
            // The connection is gone either way.
        }
    }
}

void WebSocketState::detach() noexcept {
    std::lock_guard lock(mutex_);
    strand_.reset();
}

void WebSocketState::wakeLocked() {
    if (!strand_) {
        return;
    }
    try {
        // Posting under the lock: detach() and finish() wait for it, so the strand is never used
        // after its io_context is gone.
        asio::post(*strand_, [session = session_] {
            if (auto s = session.lock()) {
                s->onWake();
            }
        });
    } catch (...) {
        // Out of memory: the writer notices the queue on its next round, a close by its deadline.
    }
}

}  // namespace opsdesk::server::http::detail
