#include "http/detail/core.h"

#include <openssl/rand.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <ctime>
#include <random>

namespace opsdesk::server::http::detail {

// --- Pending ---

template <class T>
void Pending<T>::complete(T&& value) noexcept {
    try {
        std::unique_lock lock(mutex_);
        if (completed_) {
            return;
        }
        completed_ = true;
        if (!strand_) {
            return;  // too late: the connection answered 503 or is gone
        }
        if (strand_->running_in_this_thread()) {
            // Answered from inside the Handler call (or on the connection's strand anyway):
            // the connection is not suspended yet, so hand the value over directly.
            auto session = session_.lock();
            lock.unlock();
            if (session) {
                session->deliver(this, std::move(value));
            }
            return;
        }
        // Posting under the lock: detach() waits for it, so the strand is never touched after
        // the connection let go of it, when the io_context behind it may already be gone.
        asio::post(*strand_, [self = this->shared_from_this(), value = std::move(value)]() mutable {
            if (auto session = self->session_.lock()) {
                session->deliver(self.get(), std::move(value));
            }
        });
    } catch (...) {
        // Out of memory while posting: the connection gives up after handlerTimeout.
    }
}

template <class T>
bool Pending<T>::completed() const {
    std::lock_guard lock(mutex_);
    return completed_;
}

template <class T>
void Pending<T>::detach() noexcept {
    std::lock_guard lock(mutex_);
    strand_.reset();
}

template class Pending<Response>;
template class Pending<BodyPiece>;

namespace {

// Completes its slot with `fallback` when the last copy of the function holding it dies uncalled.
template <class T>
struct CompletionHandle {
    std::shared_ptr<Pending<T>> slot;
    T (*fallback)();

    CompletionHandle(std::shared_ptr<Pending<T>> s, T (*f)()) : slot(std::move(s)), fallback(f) {}
    CompletionHandle(const CompletionHandle&) = delete;
    CompletionHandle& operator=(const CompletionHandle&) = delete;
    ~CompletionHandle() {
        if (!slot->completed()) {
            slot->complete(fallback());
        }
    }
};

}  // namespace

Responder makeResponder(std::shared_ptr<PendingResponse> slot) {
    auto handle = std::make_shared<CompletionHandle<Response>>(std::move(slot), [] {
        return errorResponse(protocol::ErrorCode::Internal,
                             "the request was dropped without an answer");
    });
    return [handle](Response response) { handle->slot->complete(std::move(response)); };
}

BodyPieceSink makePieceSink(std::shared_ptr<PendingPiece> slot) {
    auto handle = std::make_shared<CompletionHandle<BodyPiece>>(
        std::move(slot), [] { return BodyPiece{.bytes = {}, .last = false, .failed = true}; });
    return [handle](BodyPiece piece) { handle->slot->complete(std::move(piece)); };
}

// --- ServerCore ---

ServerCore::ServerCore(ServerOptions o, Handler h) : options(std::move(o)), handler(std::move(h)) {}

const WebSocketRoute* ServerCore::webSocketRoute(std::string_view path) const {
    for (const auto& route : options.webSockets) {
        if (route.path == path) {
            return &route;
        }
    }
    return nullptr;
}

ServerCore::Admission ServerCore::admission() const {
    std::lock_guard lock(mutex_);
    if (stopping()) {
        return Admission::Drop;
    }
    if (sessions_.size() - rejecting_ < options.maxConnections) {
        return Admission::Serve;
    }
    return rejecting_ < kMaxRejecting ? Admission::Reject : Admission::Drop;
}

void ServerCore::add(const std::shared_ptr<SessionBase>& session, bool rejecting) {
    std::lock_guard lock(mutex_);
    sessions_.emplace(session.get(), session);
    if (rejecting) {
        ++rejecting_;
    }
}

void ServerCore::remove(const SessionBase* session, bool rejecting) {
    std::lock_guard lock(mutex_);
    if (sessions_.erase(session) > 0 && rejecting) {
        --rejecting_;
    }
}

std::size_t ServerCore::sessionCount() const {
    std::lock_guard lock(mutex_);
    return sessions_.size();
}

std::vector<std::shared_ptr<SessionBase>> ServerCore::beginStopping() {
    stopping_.store(true, std::memory_order_release);
    return sessions();
}

std::vector<std::shared_ptr<SessionBase>> ServerCore::sessions() const {
    std::vector<std::shared_ptr<SessionBase>> result;
    std::lock_guard lock(mutex_);
    result.reserve(sessions_.size());
    for (const auto& [key, weak] : sessions_) {
        if (auto session = weak.lock()) {
            result.push_back(std::move(session));
        }
    }
    return result;
}

void ServerCore::log(const AccessLogEntry& entry) const noexcept {
    if (!options.accessLog) {
        return;
    }
    try {
        options.accessLog(entry);
    } catch (...) {
        // A failing log line must not cost the client its connection.
    }
}

// --- helpers ---

Response errorResponse(protocol::ErrorCode code, std::string_view message) {
    return Response::json(protocol::httpStatus(code), errorBody(protocol::toString(code), message));
}

std::string httpDate() {
    // Formatted by hand: strftime's day and month names follow the process locale.
    static constexpr std::array<const char*, 7> kDays{"Sun", "Mon", "Tue", "Wed",
                                                      "Thu", "Fri", "Sat"};
    static constexpr std::array<const char*, 12> kMonths{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    // One formatting per second and thread is plenty.
    thread_local std::time_t cachedSecond = -1;
    thread_local std::string cached;

    const std::time_t now = std::time(nullptr);
    if (now != cachedSecond) {
        std::tm tm{};
        gmtime_r(&now, &tm);
        std::array<char, 40> out{};
        std::snprintf(out.data(), out.size(), "%s, %02d %s %04d %02d:%02d:%02d GMT",
                      kDays[static_cast<std::size_t>(tm.tm_wday) % 7], tm.tm_mday,
                      kMonths[static_cast<std::size_t>(tm.tm_mon) % 12], tm.tm_year + 1900,
                      tm.tm_hour, tm.tm_min, tm.tm_sec);
        cached = out.data();
        cachedSecond = now;
    }
    return cached;
}

std::string requestIdFor(std::string_view clientValue) {
    if (!clientValue.empty() && clientValue.size() <= 128 &&
        std::all_of(clientValue.begin(), clientValue.end(), [](char c) {
            return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-';
        })) {
        return std::string(clientValue);
    }
    std::array<unsigned char, 16> bytes{};
    if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) {
        // Only uniqueness matters for a request id, not unpredictability.
        thread_local std::mt19937_64 fallback{std::random_device{}()};
        for (auto& b : bytes) {
            b = static_cast<unsigned char>(fallback());
        }
    }
    static constexpr char kHex[] = "0123456789abcdef";
    std::string id;
    id.reserve(bytes.size() * 2);
    for (unsigned char b : bytes) {
        id.push_back(kHex[b >> 4]);
        id.push_back(kHex[b & 0xF]);
    }
    return id;
}

std::optional<TargetParts> splitTarget(std::string_view target) {
    if (target == "*") {
        return TargetParts{target, {}};
    }
    if (!target.starts_with('/')) {
        // Absolute-form, which HTTP/1.1 servers must accept (RFC 9112 3.2.2).
        const std::size_t scheme = target.find("://");
        if (scheme == std::string_view::npos || scheme == 0) {
            return std::nullopt;
        }
        const std::size_t pathStart = target.find_first_of("/?", scheme + 3);
        if (pathStart == std::string_view::npos) {
            return TargetParts{"/", {}};
        }
        target.remove_prefix(pathStart);
        if (target.starts_with('?')) {
            return TargetParts{"/", target.substr(1)};
        }
    }
    const std::size_t question = target.find('?');
    if (question == std::string_view::npos) {
        return TargetParts{target, {}};
    }
    return TargetParts{target.substr(0, question), target.substr(question + 1)};
}

std::string addressToString(const asio::ip::address& address) {
    if (address.is_v6() && address.to_v6().is_v4_mapped()) {
        return asio::ip::make_address_v4(asio::ip::v4_mapped, address.to_v6()).to_string();
    }
    return address.to_string();
}

bool isLoopback(const asio::ip::address& address) {
    if (address.is_v6() && address.to_v6().is_v4_mapped()) {
        return asio::ip::make_address_v4(asio::ip::v4_mapped, address.to_v6()).is_loopback();
    }
    return address.is_loopback();
}

namespace {

// RFC 9110 token characters.
bool isTokenChar(char c) {
    if (std::isalnum(static_cast<unsigned char>(c))) {
        return true;
    }
    return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

}  // namespace

bool isTransportOwnedField(std::string_view name) {
    static constexpr std::array<std::string_view, 7> kOwned{
        "Content-Length", "Transfer-Encoding", "Connection", "Keep-Alive", "Date",
        "Server",         "X-Request-Id"};
    return std::any_of(kOwned.begin(), kOwned.end(),
                       [&](std::string_view owned) { return beast::iequals(owned, name); });
}

bool isSafeField(std::string_view name, std::string_view value) {
    if (name.empty() || !std::all_of(name.begin(), name.end(), isTokenChar)) {
        return false;
    }
    return std::none_of(value.begin(), value.end(),
                        [](char c) { return c == '\r' || c == '\n' || c == '\0'; });
}

}  // namespace opsdesk::server::http::detail
