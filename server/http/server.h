#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "http/message.h"
#include "http/websocket.h"

namespace opsdesk::server::http {

struct AccessLogEntry {
    std::string requestId;
    std::string method;
    std::string path;
    int status = 0;
    // From the request's first byte (or, for a pipelined request, from when its turn came) to
    // the end of writing the answer.
    double ms = 0;
    std::string user;
    std::string remoteAddress;
    std::string cache;  // Response::logCache
};

struct ServerOptions {
    std::string host = "127.0.0.1";
    std::uint16_t port = 8443;  // 0: any free port (see HttpServer::port())
    std::size_t ioThreads = 2;
    std::size_t maxHeaderBytes = 16 * 1024;  // larger → 431 and close
    std::size_t maxBodyBytes = 1024 * 1024;  // larger → 413 and close
    // The largest body by method and decoded path, when some requests may send more than
    // others (an image upload more than a JSON edit); unset: maxBodyBytes for every request.
    // Asked once the header is in: a larger Content-Length is answered 413 before any of the
    // body is read. Called on an I/O thread; must not block.
    std::function<std::size_t(std::string_view method, std::string_view path)> maxBodyBytesFor;
    // Whether a request's body goes to a file in spoolDirectory (Request::spooledBody) rather
    // than memory: for uploads up to hundreds of MiB. Asked once the header is in, like
    // maxBodyBytesFor; unset: every body is held in memory.
    std::function<bool(std::string_view method, std::string_view path)> spoolBodyFor;
    std::string spoolDirectory;  // "": the system's temporary directory
    // Spooled uploads at once (each up to its route's body limit on disk, received before the
    // router authenticates the request): beyond, 503 with Retry-After, before any byte is read.
    std::size_t maxSpooledUploads = 4;
    std::chrono::milliseconds headerTimeout{10'000};        // to receive a whole header → 408
    std::chrono::milliseconds bodyTimeout{30'000};          // to receive a whole body → 408
    std::chrono::milliseconds idleTimeout{60'000};          // keep-alive between requests → close
    std::chrono::milliseconds handlerTimeout{30'000};       // handler did not respond → 503
    std::chrono::milliseconds shutdownGrace{10'000};        // stop(): time for requests in flight
    std::chrono::milliseconds writeTimeout{30'000};         // to send an answer → close
    std::chrono::milliseconds tlsHandshakeTimeout{10'000};  // TLS handshake → close
    // Beyond: the next request on a new connection is answered 503 `unavailable` and the
    // connection closed (a few dozen such connections at a time; more are closed unanswered).
    std::size_t maxConnections = 1024;
    // PEM files. Without them the server speaks plain HTTP, which start() refuses unless the
    // host is a loopback address.
    std::optional<std::string> tlsCertFile;
    std::optional<std::string> tlsKeyFile;
    // Called once per answered request (including the transport's own errors), on an I/O thread,
    // possibly on several at once. Must not block.
    std::function<void(const AccessLogEntry&)> accessLog;
    // WebSocket endpoints on this listener (see WebSocketRoute). An upgraded connection still
    // counts against maxConnections; its handshake is logged with status 101 (the time up to the
    // 101), and stop() closes it with 1001 within shutdownGrace.
    std::vector<WebSocketRoute> webSockets;
};

// HTTP/1.1 (and 1.0) server over TCP or TLS (1.2 with ECDHE and AEAD suites only, and 1.3; groups
// X25519, P-256, P-384), built on Boost.Beast and Asio C++20
// coroutines. Requests on one connection are answered in order (pipelining); each is handed to
// the Handler. One server object runs once: start(), then stop(); it cannot be restarted.
class HttpServer {
public:
    HttpServer(ServerOptions options, Handler handler);
    ~HttpServer();  // stop()s; must not run on an I/O thread
    HttpServer(const HttpServer&) = delete;
    HttpServer& operator=(const HttpServer&) = delete;

    // Binds and starts the I/O threads. Throws std::runtime_error with a readable message when
    // it cannot (address in use, bad certificate, plain HTTP on a non-loopback address).
    void start();
    std::uint16_t port() const;  // the bound port
    // Stops accepting, lets requests in flight finish (up to shutdownGrace), closes idle
    // connections, joins the I/O threads. Safe to call from any thread, more than once, also
    // before start(). Called on an I/O thread (from a handler) it only begins the shutdown and
    // returns; wait() or the destructor joins. Not async-signal-safe: call it from a thread that
    // waits for signals (sigwait, asio::signal_set), not from a signal handler.
    void stop();
    // Blocks until stop() has completed (returns at once when the server never started).
    void wait();

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace opsdesk::server::http
