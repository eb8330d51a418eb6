#pragma once

// Private to the transport: one HTTP connection, as one coroutine on its own strand.
//
// The template parameter is the stream: beast::tcp_stream for plain HTTP and
// beast::ssl_stream<beast::tcp_stream> for HTTPS. Each is instantiated in its own source file
// (session_plain.cpp, session_tls.cpp), which keeps Beast's templates off the other sources and
// lets the two compile in parallel. An upgrade request on a WebSocket path hands stream_ over to
// a WebSocketSession (websocket_session.h) and ends this coroutine.
//
// GCC 12 miscompiles a co_await written inside an if condition, `if (co_await f(ref, value))`:
// the awaited coroutine gets garbage for its parameters and crashes (even at -O0). So every
// co_await in the transport is a statement or an initialiser of its own, never part of a
// condition; the 400/408/413/431 tests crash if that rule is broken.

#include <array>
#include <boost/beast/http/file_body.hpp>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>

#include <unistd.h>

#include "http/detail/core.h"

namespace opsdesk::server::http::detail {

using Clock = std::chrono::steady_clock;

// First read of a request (the parser then grows the buffer as it needs).
inline constexpr std::size_t kReadChunk = 4096;
// A buffer that grew for a big header is given back before the connection idles.
inline constexpr std::size_t kKeptBufferCapacity = 64 * 1024;
// After an answer that closes the connection, what the client still sends is read and dropped
// for at most this long (and this much): closing with unread data would make the kernel send a
// reset, which can destroy our answer before the client has read it.
inline constexpr std::chrono::milliseconds kLingerTime{1000};
inline constexpr std::size_t kLingerBytes = 1024 * 1024;

template <class Stream>
class Session final : public SessionBase, public std::enable_shared_from_this<Session<Stream>> {
public:
    static constexpr bool kTls = !std::is_same_v<Stream, beast::tcp_stream>;

    Session(std::shared_ptr<ServerCore> core, Strand strand, tcp::socket socket,
            std::string remoteAddress, bool rejecting)
        : SessionBase(strand),
          core_(std::move(core)),
          options_(core_->options),
          stream_(makeStream(std::move(socket), *core_)),
          remoteAddress_(std::move(remoteAddress)),
          rejecting_(rejecting),
          deadline_(strand),
          responseTimer_(strand) {}

    // The connection's whole life. `self` keeps the session alive as long as the coroutine frame.
    static asio::awaitable<void> run(std::shared_ptr<Session> self);

    void onServerStopping() override;
    void onForceClose() override;
    void deliver(const PendingResponse* slot, Response&& response) override;
    void deliver(const PendingPiece* slot, BodyPiece&& piece) override;

private:
    enum class Phase { Handshake, Idle, Reading, Handling, Writing, Closing };

    // What the transport knows of the request being answered, for the answer and the log line.
    struct Exchange {
        Clock::time_point start = Clock::now();
        std::string method;
        std::string path;   // decoded once the header is checked
        std::string query;  // raw
        std::string requestId;
        unsigned version = 11;
        bool keepAlive = false;
        bool head = false;
    };

    using Parser = bhttp::request_parser<bhttp::string_body>;
    using FileParser = bhttp::request_parser<bhttp::file_body>;

    static Stream makeStream(tcp::socket&& socket, ServerCore& core) {
        if constexpr (kTls) {
            return Stream(std::move(socket), *core.tls);
        } else {
            return Stream(std::move(socket));
        }
    }

    asio::awaitable<void> serve();
    asio::awaitable<bool> serveRequest();  // false: the connection is done
    asio::awaitable<bool> handshake();
    asio::awaitable<bool> awaitRequestStart(Clock::time_point deadline);
    // Reads until the header (or the whole message) is parsed.
    template <class AnyParser>
    asio::awaitable<error_code> readUntil(AnyParser& parser, bool headerOnly);
    // Reads the body into a file of its own (ServerOptions::spoolBodyFor) and hands the request
    // on; false: the connection is done.
    asio::awaitable<bool> serveSpooled(Exchange& ex, Parser& parser);
    // The body after the header (answering `Expect: 100-continue`); false: the connection is
    // done (a refusal, if any, answered).
    template <class AnyParser>
    asio::awaitable<bool> readBody(Exchange& ex, AnyParser& parser);
    // Hands the request to the handler and writes its answer; false: the connection is done.
    asio::awaitable<bool> answer(Exchange& ex, Request&& request);
    asio::awaitable<bool> sendContinue();
    asio::awaitable<std::optional<Response>> callHandler(Request&& request);
    asio::awaitable<bool> write(Exchange& ex, Response response);
    asio::awaitable<void> answerAndClose(Exchange& ex, Response response);
    asio::awaitable<void> closeGracefully();
    // A WebSocket upgrade request: handed over (false), or refused with an HTTP answer.
    asio::awaitable<bool> upgrade(Exchange& ex, Parser& parser);
    void closeNow();

    static void describe(Exchange& ex, const Parser& parser);
    // The transport's own answer to a request it will not pass on, if any.
    std::optional<Response> checkHeader(Exchange& ex, const Parser& parser) const;
    std::optional<Response> readFailure(const error_code& ec, bool timedOut) const;
    // Holds the body to the route's limit (ServerOptions::maxBodyBytesFor): 413 for a
    // Content-Length beyond it, and a chunked body is cut off there.
    std::optional<Response> limitBody(const Exchange& ex, Parser& parser) const;
    // Writes an answer whose body is streamed (Response::stream); false: the connection is done.
    asio::awaitable<bool> writeStreamed(Exchange& ex, Response response);
    // The producer's next piece; nullopt when it did not come in time or the server gave up.
    asio::awaitable<std::optional<BodyPiece>> nextPiece(const BodyProducer& producer);
    template <class Message>
    void fillHeader(Message& message, const Exchange& ex, const Response& response) const;
    void logExchange(const Exchange& ex, Response& response) const;
    // Moves the body out of `message`; its header stays.
    template <class Body>
    Request makeRequest(const Exchange& ex, bhttp::request<Body>& message);

    void armDeadline(Clock::time_point at);
    bool disarmDeadline();  // true when the deadline had passed
    void cancelIo();

    std::shared_ptr<ServerCore> core_;
    const ServerOptions& options_;
    Stream stream_;
    beast::flat_buffer buffer_;
    const std::string remoteAddress_;
    const bool rejecting_;  // over maxConnections: every request is answered 503
    Phase phase_ = Phase::Handshake;
    bool forced_ = false;      // the server's grace period ran out
    bool handedOver_ = false;  // stream_ belongs to a WebSocket connection now (moved from)

    // One timer bounds whichever read or write is in progress. Its handler may already be queued
    // when the operation finishes, so the generation tells a stale expiry from a live one.
    asio::steady_timer deadline_;
    std::uint64_t deadlineGeneration_ = 0;
    bool deadlineFired_ = false;

    // The handler's answer arrives through deliver(), which cancels this wait.
    asio::steady_timer responseTimer_;
    std::shared_ptr<PendingResponse> pending_;
    std::optional<Response> response_;
    // The same for the pieces of a streamed body, which come through deliver() in turn.
    std::shared_ptr<PendingPiece> pendingPiece_;
    std::optional<BodyPiece> piece_;
};

template <class Stream>
void startSession(std::shared_ptr<ServerCore> core, Strand strand, tcp::socket socket,
                  std::string remoteAddress, bool rejecting) {
    auto session = std::make_shared<Session<Stream>>(core, strand, std::move(socket),
                                                     std::move(remoteAddress), rejecting);
    core->add(session, rejecting);
    // run() catches everything it can; what remains (a failed frame allocation) ends here.
    asio::co_spawn(strand, Session<Stream>::run(std::move(session)), [](std::exception_ptr) {});
}

// --- implementation ---

template <class Stream>
asio::awaitable<void> Session<Stream>::run(std::shared_ptr<Session> self) {
    // Unregisters also when the io_context destroys this frame without resuming it.
    struct Registration {
        ServerCore& core;
        const Session& session;
        ~Registration() { core.remove(&session, session.rejecting_); }
    } registration{*self->core_, *self};

    try {
        co_await self->serve();
    } catch (...) {
        // A bug or an exhausted resource in this connection costs this connection only.
    }
    self->closeNow();
}

template <class Stream>
asio::awaitable<void> Session<Stream>::serve() {
    if constexpr (kTls) {
        const bool secured = co_await handshake();
        if (!secured) {
            co_return;
        }
    }
    bool firstRequest = true;
    for (;;) {
        if (buffer_.size() == 0) {
            if (core_->stopping() || forced_) {
                co_return;
            }
            if (buffer_.capacity() > kKeptBufferCapacity) {
                buffer_.shrink_to_fit();
            }
            phase_ = Phase::Idle;
            // A new connection has headerTimeout to start talking, a kept-alive one idleTimeout.
            const auto wait = firstRequest ? options_.headerTimeout : options_.idleTimeout;
            const bool started = co_await awaitRequestStart(Clock::now() + wait);
            if (!started) {
                co_return;  // idle too long, gone, or the server stops: close without a word
            }
        }
        firstRequest = false;
        const bool again = co_await serveRequest();
        if (!again) {
            co_return;
        }
    }
}

template <class Stream>
asio::awaitable<bool> Session<Stream>::serveRequest() {
    phase_ = Phase::Reading;
    Exchange ex;  // starts the clock: the request's first byte is here

    Parser parser;
    parser.header_limit(static_cast<std::uint32_t>(
        std::min<std::size_t>(options_.maxHeaderBytes, std::numeric_limits<std::uint32_t>::max())));
    // The parser also holds a Content-Length against this as soon as the header is complete, so
    // an oversized body is refused before any of it is read.
    // With a limit per route, the route is known only once the header is in: checked then.
    if (options_.maxBodyBytesFor) {
        parser.body_limit(boost::none);
    } else {
        parser.body_limit(static_cast<std::uint64_t>(options_.maxBodyBytes));
    }

    armDeadline(ex.start + options_.headerTimeout);
    const error_code headerError = co_await readUntil(parser, true);
    const bool headerTimedOut = disarmDeadline();
    describe(ex, parser);
    std::optional<Response> refusal =
        headerError ? readFailure(headerError, headerTimedOut) : checkHeader(ex, parser);
    if (!headerError && !refusal) {
        refusal = limitBody(ex, parser);
    }
    if (headerError || refusal) {
        if (refusal) {
            co_await answerAndClose(ex, std::move(*refusal));
        }
        co_return false;
    }

    if (!parser.is_done() && options_.spoolBodyFor && options_.spoolBodyFor(ex.method, ex.path)) {
        co_return co_await serveSpooled(ex, parser);
    }

    if (!parser.is_done()) {
        const bool read = co_await readBody(ex, parser);
        if (!read) {
            co_return false;
        }
    }

    if (websocket::is_upgrade(parser.get())) {
        const bool keepServing = co_await upgrade(ex, parser);
        co_return keepServing;
    }

    auto message = parser.release();
    const bool again = co_await answer(ex, makeRequest(ex, message));
    co_return again;
}

template <class Stream>
template <class AnyParser>
asio::awaitable<bool> Session<Stream>::readBody(Exchange& ex, AnyParser& parser) {
    if (ex.version == 11 && beast::iequals(parser.get()[bhttp::field::expect], "100-continue")) {
        const bool continued = co_await sendContinue();
        if (!continued) {
            co_return false;
        }
    }
    phase_ = Phase::Reading;
    armDeadline(Clock::now() + options_.bodyTimeout);
    const error_code bodyError = co_await readUntil(parser, false);
    const bool bodyTimedOut = disarmDeadline();
    if (bodyError) {
        if (auto refusal = readFailure(bodyError, bodyTimedOut)) {
            co_await answerAndClose(ex, std::move(*refusal));
        }
        co_return false;
    }
    co_return true;
}

template <class Stream>
asio::awaitable<bool> Session<Stream>::answer(Exchange& ex, Request&& request) {
    std::optional<Response> response = co_await callHandler(std::move(request));
    if (!response) {
        co_return false;
    }
    const bool written = co_await write(ex, std::move(*response));
    if (!written) {
        co_return false;
    }
    if (!ex.keepAlive) {
        co_await closeGracefully();
        co_return false;
    }
    co_return true;
}

template <class Stream>
std::optional<Response> Session<Stream>::checkHeader(Exchange& ex, const Parser& parser) const {
    using protocol::ErrorCode;
    if (ex.version != 10 && ex.version != 11) {
        ex.version = 11;
        return errorResponse(ErrorCode::BadRequest, "unsupported HTTP version");
    }
    if (ex.version == 11 && parser.get().count(bhttp::field::host) != 1) {
        return errorResponse(ErrorCode::BadRequest, "exactly one Host header is required");
    }
    // A body framed by codings other than a final `chunked` has no length we could trust; read
    // as "no body", its bytes would pass for the next request (RFC 9112 6.3).
    if (parser.get().count(bhttp::field::transfer_encoding) > 0 && !parser.chunked()) {
        return errorResponse(ErrorCode::BadRequest, "unsupported transfer coding");
    }
    const auto target = splitTarget(parser.get().target());
    auto path = target ? tryPercentDecode(target->path, false) : std::nullopt;
    // A decoded NUL would end the path early in any C API further down.
    if (!path || path->find('\0') != std::string::npos) {
        return errorResponse(ErrorCode::BadRequest, "malformed request target");
    }
    ex.path = std::move(*path);
    ex.query = std::string(target->query);
    if (rejecting_) {
        auto busy = errorResponse(ErrorCode::Unavailable, "the server is at capacity");
        busy.headers.set("Retry-After", "1");
        return busy;
    }
    return std::nullopt;
}

template <class Stream>
std::optional<Response> Session<Stream>::readFailure(const error_code& ec, bool timedOut) const {
    using protocol::ErrorCode;
    if (forced_) {
        return std::nullopt;
    }
    if (timedOut) {
        return errorResponse(ErrorCode::RequestTimeout, "the request was not received in time");
    }
    if (ec == bhttp::error::header_limit) {
        return errorResponse(ErrorCode::HeadersTooLarge, "the request header is too large");
    }
    if (ec == bhttp::error::body_limit) {
        return errorResponse(ErrorCode::PayloadTooLarge, "the request body is too large");
    }
    if (ec.category() == bhttp::make_error_code(bhttp::error::bad_method).category() &&
        ec != bhttp::error::end_of_stream && ec != bhttp::error::partial_message) {
        // The parser's own verdict; the texts of Beast's errors stay out of the body.
        return errorResponse(ErrorCode::BadRequest, "the request is not valid HTTP/1.1");
    }
    return std::nullopt;  // the client went away or the transport failed: nobody to answer
}

template <class Stream>
std::optional<Response> Session<Stream>::limitBody(const Exchange& ex, Parser& parser) const {
    if (!options_.maxBodyBytesFor) {
        return std::nullopt;  // the parser holds maxBodyBytes already
    }
    const std::size_t limit = options_.maxBodyBytesFor(ex.method, ex.path);
    if (const auto length = parser.content_length(); length && *length > limit) {
        return errorResponse(protocol::ErrorCode::PayloadTooLarge, "the request body is too large");
    }
    // No body octet is parsed yet (the parser is not eager): a chunked body stops at the limit.
    parser.body_limit(static_cast<std::uint64_t>(limit));
    return std::nullopt;
}

template <class Stream>
asio::awaitable<bool> Session<Stream>::upgrade(Exchange& ex, Parser& parser) {
    using protocol::ErrorCode;
    const WebSocketRoute* route = core_->webSocketRoute(ex.path);
    if (!route) {
        // An upgrade the HTTP handler would not perform (a plain GET here still goes to it).
        // Closed after: a WebSocket client does not reuse the connection, some wait for the end.
        co_await answerAndClose(ex,
                                errorResponse(ErrorCode::NotFound, "no WebSocket endpoint here"));
        co_return false;
    }
    if (core_->stopping()) {
        co_await answerAndClose(ex,
                                errorResponse(ErrorCode::Unavailable, "the server is stopping"));
        co_return false;
    }
    if (buffer_.size() > 0) {
        // A client must wait for the 101 before it sends frames (RFC 6455 4.1), and the bytes
        // already read could not follow the stream into the WebSocket connection.
        co_await answerAndClose(
            ex, errorResponse(ErrorCode::BadRequest, "data sent before the upgrade was answered"));
        co_return false;
    }
    WebSocketUpgrade handover;
    handover.route = route;
    handover.start = ex.start;
    handover.message = parser.release();
    handover.request = makeRequest(ex, handover.message);
    handedOver_ = true;
    startWebSocket(core_, strand(), std::move(stream_), std::move(handover));
    co_return false;
}

template <class Stream>
asio::awaitable<bool> Session<Stream>::serveSpooled(Exchange& ex, Parser& parser) {
    if (!core_->takeSpool()) {
        auto busy = errorResponse(protocol::ErrorCode::Unavailable,
                                  "too many uploads at once; try again in a moment");
        busy.headers.set("Retry-After", "5");
        co_await answerAndClose(ex, std::move(busy));
        co_return false;
    }
    // The slot is given back when this upload is answered or abandoned.
    struct SpoolSlot {
        ServerCore& core;
        ~SpoolSlot() { core.releaseSpool(); }
    } slot{*core_};
    // A file of our own in the spool directory, created exclusively (mkstemp), then filled by
    // Beast's file body; deleted when the request's last copy goes (SpooledBody).
    auto spooled = std::make_shared<SpooledBody>();
    {
        std::string pattern =
            (options_.spoolDirectory.empty() ? std::filesystem::temp_directory_path().string()
                                             : options_.spoolDirectory) +
            "/opsdesk-upload-XXXXXX";
        const int fd = ::mkstemp(pattern.data());
        if (fd < 0) {
            co_await answerAndClose(ex, errorResponse(protocol::ErrorCode::Unavailable,
                                                      "the upload cannot be stored now"));
            co_return false;
        }
        ::close(fd);
        spooled->path = std::move(pattern);
    }
    // No body octet is parsed yet, so the parser may change its body type (Beast allows it
    // between the header and the body); the limit set by limitBody goes with it.
    FileParser fileParser(std::move(parser));
    error_code ec;
    fileParser.get().body().open(spooled->path.c_str(), beast::file_mode::write, ec);
    if (ec) {
        co_await answerAndClose(
            ex, errorResponse(protocol::ErrorCode::Unavailable, "the upload cannot be stored now"));
        co_return false;
    }
    const bool read = co_await readBody(ex, fileParser);
    if (!read) {
        co_return false;
    }
    auto message = fileParser.release();
    message.body().close();
    // Beast counts the size of files it reads, not of those it writes.
    spooled->size = std::filesystem::file_size(spooled->path, ec);
    Request request = makeRequest(ex, message);
    request.spooledBody = std::move(spooled);
    const bool again = co_await answer(ex, std::move(request));
    co_return again;
}

template <class Stream>
template <class Body>
Request Session<Stream>::makeRequest(const Exchange& ex, bhttp::request<Body>& message) {
    Request request;
    request.method = ex.method;
    request.target = std::string(message.target());
    request.path = ex.path;
    request.query = ex.query;
    request.version = ex.version;
    for (const auto& field : message.base()) {
        request.headers.add(std::string(field.name_string()), std::string(field.value()));
    }
    if constexpr (std::is_same_v<Body, bhttp::string_body>) {
        request.body = std::move(message.body());
    }
    request.remoteAddress = remoteAddress_;
    request.requestId = ex.requestId;
    return request;
}

template <class Stream>
void Session<Stream>::describe(Exchange& ex, const Parser& parser) {
    // After a failed header read this is whatever the parser got to; enough for the log line.
    const auto& message = parser.get();
    ex.method = std::string(message.method_string());
    const auto target = message.target();
    ex.path = std::string(target.substr(0, target.find('?')));
    ex.requestId = requestIdFor(message["X-Request-Id"]);
    if (parser.is_header_done()) {
        ex.version = message.version();
        ex.keepAlive = message.keep_alive();
        ex.head = message.method() == bhttp::verb::head;
    }
}

template <class Stream>
asio::awaitable<bool> Session<Stream>::handshake() {
    phase_ = Phase::Handshake;
    if (core_->stopping()) {
        co_return false;
    }
    armDeadline(Clock::now() + options_.tlsHandshakeTimeout);
    auto [ec] = co_await stream_.async_handshake(ssl::stream_base::server, kNoThrow);
    disarmDeadline();
    co_return !ec && !forced_;
}

template <class Stream>
asio::awaitable<bool> Session<Stream>::awaitRequestStart(Clock::time_point deadline) {
    armDeadline(deadline);
    auto [ec, n] = co_await stream_.async_read_some(buffer_.prepare(kReadChunk), kNoThrow);
    disarmDeadline();
    buffer_.commit(n);
    co_return !ec && n > 0;
}

template <class Stream>
template <class AnyParser>
asio::awaitable<error_code> Session<Stream>::readUntil(AnyParser& parser, bool headerOnly) {
    // One read_some loop serves both the header and the body: Beast's async_read_header and
    // async_read would each instantiate another composed operation per stream type.
    while (!(headerOnly ? parser.is_header_done() : parser.is_done())) {
        auto [ec, n] = co_await bhttp::async_read_some(stream_, buffer_, parser, kNoThrow);
        if (ec) {
            co_return ec;
        }
    }
    co_return error_code{};
}

template <class Stream>
asio::awaitable<bool> Session<Stream>::sendContinue() {
    // Same message type as every answer, so the same write operation serves it.
    bhttp::response<bhttp::string_body> interim{bhttp::status::continue_, 11};
    phase_ = Phase::Writing;
    armDeadline(Clock::now() + options_.writeTimeout);
    auto [ec, n] = co_await bhttp::async_write(stream_, interim, kNoThrow);
    disarmDeadline();
    co_return !ec;
}

template <class Stream>
asio::awaitable<std::optional<Response>> Session<Stream>::callHandler(Request&& request) {
    auto slot = std::make_shared<PendingResponse>(strand(), this->weak_from_this());
    pending_ = slot;
    response_.reset();
    // Late answers are ignored from here on, also when the frame is destroyed unresumed.
    struct Detach {
        PendingResponse& pending;
        ~Detach() { pending.detach(); }
    } detach{*slot};

    phase_ = Phase::Handling;
    try {
        core_->handler(std::move(request), makeResponder(slot));
    } catch (...) {
        slot->complete(errorResponse(protocol::ErrorCode::Internal, "internal error"));
    }
    if (!response_ && !forced_) {
        responseTimer_.expires_after(options_.handlerTimeout);
        co_await responseTimer_.async_wait(kNoThrow);
    }
    pending_.reset();
    if (forced_) {
        co_return std::nullopt;
    }
    if (!response_) {
        co_return errorResponse(protocol::ErrorCode::Unavailable,
                                "the request could not be completed in time");
    }
    std::optional<Response> result = std::move(response_);
    response_.reset();
    co_return result;
}

template <class Stream>
void Session<Stream>::deliver(const PendingResponse* slot, Response&& response) {
    if (slot != pending_.get() || response_) {
        return;  // an answer for a request already given up on
    }
    response_ = std::move(response);
    responseTimer_.cancel();
}

template <class Stream>
void Session<Stream>::deliver(const PendingPiece* slot, BodyPiece&& piece) {
    if (slot != pendingPiece_.get() || piece_) {
        return;  // a piece for a body already given up on
    }
    piece_ = std::move(piece);
    responseTimer_.cancel();
}

template <class Stream>
template <class Message>
void Session<Stream>::fillHeader(Message& message, const Exchange& ex,
                                 const Response& response) const {
    message.version(ex.version);
    message.result(static_cast<unsigned>(response.status));
    for (const auto& [name, value] : response.headers.fields()) {
        if (!isTransportOwnedField(name) && isSafeField(name, value)) {
            message.insert(name, value);
        }
    }
    message.set(bhttp::field::server, "opsdesk");
    message.set(bhttp::field::date, httpDate());
    message.set("X-Request-Id", ex.requestId);
}

template <class Stream>
void Session<Stream>::logExchange(const Exchange& ex, Response& response) const {
    core_->log(AccessLogEntry{
        .requestId = ex.requestId,
        .method = ex.method,
        .path = ex.path,
        .status = response.status,
        .ms = std::chrono::duration<double, std::milli>(Clock::now() - ex.start).count(),
        .user = std::move(response.logUser),
        .remoteAddress = remoteAddress_,
        .cache = std::move(response.logCache),
    });
}

template <class Stream>
asio::awaitable<std::optional<BodyPiece>> Session<Stream>::nextPiece(const BodyProducer& producer) {
    auto slot = std::make_shared<PendingPiece>(strand(), this->weak_from_this());
    pendingPiece_ = slot;
    piece_.reset();
    struct Detach {
        PendingPiece& pending;
        ~Detach() { pending.detach(); }
    } detach{*slot};
    try {
        producer(makePieceSink(slot));
    } catch (...) {
        slot->complete(BodyPiece{.bytes = {}, .last = false, .failed = true});
    }
    if (!piece_ && !forced_) {
        responseTimer_.expires_after(options_.handlerTimeout);
        co_await responseTimer_.async_wait(kNoThrow);
    }
    pendingPiece_.reset();
    if (forced_ || !piece_) {
        co_return std::nullopt;
    }
    std::optional<BodyPiece> result = std::move(piece_);
    piece_.reset();
    co_return result;
}

template <class Stream>
asio::awaitable<bool> Session<Stream>::writeStreamed(Exchange& ex, Response response) {
    bhttp::response<bhttp::empty_body> message;
    fillHeader(message, ex, response);
    // HTTP/1.0 knows no chunks: the body ends with the connection.
    const bool chunked = ex.version == 11;
    if (chunked) {
        message.chunked(true);
    } else {
        ex.keepAlive = false;
    }
    message.keep_alive(ex.keepAlive);
    bhttp::response_serializer<bhttp::empty_body> serializer(message);
    armDeadline(Clock::now() + options_.writeTimeout);
    auto [headerError, headerBytes] =
        co_await bhttp::async_write_header(stream_, serializer, kNoThrow);
    disarmDeadline();
    bool complete = !headerError && !forced_;
    while (complete && !ex.head) {
        std::optional<BodyPiece> piece = co_await nextPiece(response.stream);
        if (!piece || piece->failed) {
            complete = false;
            break;
        }
        error_code ec;
        armDeadline(Clock::now() + options_.writeTimeout);
        if (chunked && !piece->bytes.empty()) {
            auto [e, n] = co_await asio::async_write(
                stream_, bhttp::make_chunk(asio::buffer(piece->bytes)), kNoThrow);
            ec = e;
        } else if (!piece->bytes.empty()) {
            auto [e, n] = co_await asio::async_write(stream_, asio::buffer(piece->bytes), kNoThrow);
            ec = e;
        }
        if (!ec && chunked && piece->last) {
            auto [e, n] = co_await asio::async_write(stream_, bhttp::make_chunk_last(), kNoThrow);
            ec = e;
        }
        disarmDeadline();
        complete = !ec && !forced_;
        if (piece->last) {
            break;
        }
    }
    logExchange(ex, response);
    co_return complete;
}

template <class Stream>
asio::awaitable<bool> Session<Stream>::write(Exchange& ex, Response response) {
    phase_ = Phase::Writing;
    // A stopping server answers what it has begun and tells the client to go; so may a handler.
    const auto connection = response.headers.get("Connection");
    ex.keepAlive =
        ex.keepAlive && !core_->stopping() && !(connection && beast::iequals(*connection, "close"));
    if (response.status < 200 || response.status > 599) {
        std::string user = std::move(response.logUser);
        response = errorResponse(protocol::ErrorCode::Internal, "internal error");
        response.logUser = std::move(user);
    }

    if (response.stream && response.status != 204 && response.status != 304) {
        const bool streamed = co_await writeStreamed(ex, std::move(response));
        co_return streamed;
    }

    bhttp::response<bhttp::string_body> message;
    fillHeader(message, ex, response);
    // 204 and 304 carry neither a body nor its length (RFC 9110 8.6); HEAD gets the length only.
    if (response.status != 204 && response.status != 304) {
        message.content_length(response.body.size());
        if (!ex.head) {
            message.body() = std::move(response.body);
        }
    }
    message.keep_alive(ex.keepAlive);

    armDeadline(Clock::now() + options_.writeTimeout);
    auto [ec, n] = co_await bhttp::async_write(stream_, message, kNoThrow);
    disarmDeadline();

    logExchange(ex, response);
    co_return !ec && !forced_;
}

template <class Stream>
asio::awaitable<void> Session<Stream>::answerAndClose(Exchange& ex, Response response) {
    ex.keepAlive = false;
    const bool written = co_await write(ex, std::move(response));
    if (written) {
        co_await closeGracefully();
    }
}

template <class Stream>
asio::awaitable<void> Session<Stream>::closeGracefully() {
    phase_ = Phase::Closing;
    armDeadline(Clock::now() + kLingerTime);
    if constexpr (kTls) {
        // close_notify first, so the client can tell our close from a truncation attack.
        co_await stream_.async_shutdown(kNoThrow);
    }
    // Then half-close and drain what the client still sends until it closes too.
    auto& lowest = beast::get_lowest_layer(stream_);
    error_code ec;
    lowest.socket().shutdown(tcp::socket::shutdown_send, ec);
    std::array<char, 4096> scratch;
    for (std::size_t drained = 0; !ec && !deadlineFired_ && drained < kLingerBytes;) {
        auto [readError, n] = co_await lowest.async_read_some(asio::buffer(scratch), kNoThrow);
        ec = readError;
        drained += n;
    }
    disarmDeadline();
    closeNow();
}

template <class Stream>
void Session<Stream>::closeNow() {
    if (handedOver_) {
        return;
    }
    auto& socket = beast::get_lowest_layer(stream_).socket();
    error_code ec;
    socket.shutdown(tcp::socket::shutdown_both, ec);
    socket.close(ec);
}

template <class Stream>
void Session<Stream>::onServerStopping() {
    // Idle connections close now; a request under way is answered first (with Connection: close).
    if (phase_ == Phase::Idle || phase_ == Phase::Handshake) {
        cancelIo();
    }
}

template <class Stream>
void Session<Stream>::onForceClose() {
    forced_ = true;
    closeNow();
    deadline_.cancel();
    responseTimer_.cancel();
}

template <class Stream>
void Session<Stream>::armDeadline(Clock::time_point at) {
    const std::uint64_t generation = ++deadlineGeneration_;
    deadlineFired_ = false;
    deadline_.expires_at(at);
    deadline_.async_wait([weak = this->weak_from_this(), generation](const error_code& ec) {
        auto self = weak.lock();
        if (ec || !self || self->deadlineGeneration_ != generation) {
            return;
        }
        self->deadlineFired_ = true;
        self->cancelIo();
    });
}

template <class Stream>
bool Session<Stream>::disarmDeadline() {
    ++deadlineGeneration_;
    deadline_.cancel();
    return deadlineFired_;
}

template <class Stream>
void Session<Stream>::cancelIo() {
    // Cancels only the pending operation; the connection stays usable for an error answer.
    if (handedOver_) {
        return;
    }
    error_code ec;
    beast::get_lowest_layer(stream_).socket().cancel(ec);
}

}  // namespace opsdesk::server::http::detail
