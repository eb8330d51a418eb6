#include "http/server.h"

#include <openssl/err.h>
#include <openssl/ssl.h>

#include <pthread.h>
#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <fstream>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "http/detail/core.h"

namespace opsdesk::server::http {

using namespace detail;

namespace {

using Clock = std::chrono::steady_clock;

// While stopping, how often to look whether every connection has finished.
constexpr std::chrono::milliseconds kShutdownPoll{10};
// After the grace period: how long force-closed connections get to unwind.
constexpr std::chrono::milliseconds kForceCloseWait{1000};
// Accepting failed for lack of descriptors or memory: pause rather than spin on the error.
constexpr std::chrono::milliseconds kAcceptBackoff{50};

void requireReadable(const std::string& path, std::string_view what) {
    std::ifstream file(path);
    if (!file) {
        throw std::runtime_error("cannot read TLS " + std::string(what) + " file '" + path +
                                 "': " + std::strerror(errno));
    }
}

// TLS 1.2 with forward-secret AEAD suites only (no CBC, no SHA-1 MAC, no RSA key exchange), TLS
// 1.3 with its AEAD suites, and the key-exchange groups named rather than left to the library's
// defaults (which still include CBC/SHA-1 suites for TLS 1.2).
constexpr const char* kTls12Ciphers =
    "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"
    "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:"
    "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305";
constexpr const char* kTls13Suites =
    "TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256";
constexpr const char* kTlsGroups = "X25519:P-256:P-384";

std::unique_ptr<ssl::context> makeTlsContext(const std::string& certFile,
                                             const std::string& keyFile) {
    requireReadable(certFile, "certificate");
    requireReadable(keyFile, "key");
    try {
        auto context = std::make_unique<ssl::context>(ssl::context::tls_server);
        context->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                             ssl::context::no_sslv3 | ssl::context::no_tlsv1 |
                             ssl::context::no_tlsv1_1 | ssl::context::single_dh_use);
        SSL_CTX* native = context->native_handle();
        SSL_CTX_set_min_proto_version(native, TLS1_2_VERSION);
        if (SSL_CTX_set_cipher_list(native, kTls12Ciphers) != 1 ||
            SSL_CTX_set_ciphersuites(native, kTls13Suites) != 1 ||
            SSL_CTX_set1_groups_list(native, kTlsGroups) != 1) {
            throw std::runtime_error("cannot set the TLS cipher suites and groups");
        }
        // Client-initiated renegotiation only serves to burn server CPU.
        SSL_CTX_set_options(native, SSL_OP_NO_RENEGOTIATION | SSL_OP_CIPHER_SERVER_PREFERENCE);
        // Idle keep-alive connections then hold no TLS buffers.
        SSL_CTX_set_mode(native, SSL_MODE_RELEASE_BUFFERS);

        error_code ec;
        context->use_certificate_chain_file(certFile, ec);
        if (ec) {
            throw std::runtime_error("cannot load TLS certificate '" + certFile +
                                     "': " + ec.message());
        }
        context->use_private_key_file(keyFile, ssl::context::pem, ec);
        if (ec) {
            throw std::runtime_error("cannot load TLS key '" + keyFile + "': " + ec.message());
        }
        if (SSL_CTX_check_private_key(native) != 1) {
            throw std::runtime_error("TLS key '" + keyFile + "' does not match certificate '" +
                                     certFile + "'");
        }
        return context;
    } catch (const boost::system::system_error& e) {
        ERR_clear_error();
        throw std::runtime_error(std::string("cannot set up TLS: ") + e.what());
    } catch (...) {
        ERR_clear_error();  // leave no stale error for the next OpenSSL call on this thread
        throw;
    }
}

tcp::endpoint listenEndpoint(std::string host, std::uint16_t port) {
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
        host = host.substr(1, host.size() - 2);  // "[::1]"
    }
    if (host.empty()) {
        throw std::runtime_error("no address to listen on");
    }
    // Always the IPv4 loopback: name resolution might say ::1 first, which clients may not try.
    if (beast::iequals(host, "localhost")) {
        return {asio::ip::address_v4::loopback(), port};
    }
    error_code ec;
    const auto address = asio::ip::make_address(host, ec);
    if (!ec) {
        return {address, port};
    }
    asio::io_context resolverContext;
    tcp::resolver resolver(resolverContext);
    const auto results = resolver.resolve(host, std::to_string(port), tcp::resolver::passive, ec);
    if (ec || results.empty()) {
        throw std::runtime_error("cannot resolve the address to listen on '" + host +
                                 "': " + ec.message());
    }
    return results.begin()->endpoint();
}

std::string describe(const tcp::endpoint& endpoint) {
    const auto address = endpoint.address();
    const std::string text =
        address.is_v6() ? "[" + address.to_string() + "]" : address.to_string();
    return text + ":" + std::to_string(endpoint.port());
}

}  // namespace

struct HttpServer::Impl {
    Impl(ServerOptions options, Handler handler)
        : core(std::make_shared<ServerCore>(std::move(options), std::move(handler))) {}
    ~Impl();
    Impl(const Impl&) = delete;
    Impl& operator=(const Impl&) = delete;

    void start();
    void stop();
    void join();

    asio::awaitable<void> acceptLoop();
    void drainBacklog();
    void admit(tcp::socket socket, Strand strand);
    asio::awaitable<void> shutdown();
    asio::awaitable<void> waitForSessions(Clock::time_point deadline);
    void runIo();

    std::shared_ptr<ServerCore> core;
    // Destroyed explicitly in ~Impl, in this order from the bottom: nothing bound to the
    // io_context may outlive it.
    std::unique_ptr<asio::io_context> ioc;
    std::optional<asio::executor_work_guard<asio::io_context::executor_type>> work;
    std::optional<Strand> control;  // the listener: accept loop and shutdown
    std::optional<tcp::acceptor> acceptor;
    std::vector<std::thread> threads;
    std::mutex joinMutex;
    std::mutex stateMutex;  // start() and stop() against each other
    std::atomic<bool> started{false};
    bool stopRequested = false;  // guarded by stateMutex
    std::uint16_t boundPort = 0;
};

void HttpServer::Impl::start() {
    // Held throughout, so a stop() that arrives meanwhile (a signal, the very first handler)
    // waits for the server to be up and then stops it, instead of getting lost.
    std::lock_guard lock(stateMutex);
    if (started || stopRequested) {
        throw std::runtime_error("HttpServer: start() may be called once, before stop()");
    }
    const ServerOptions& options = core->options;
    if (!core->handler) {
        throw std::runtime_error("HttpServer: no handler");
    }
    for (const auto& route : options.webSockets) {
        if (!route.path.starts_with('/') || !route.handler) {
            throw std::runtime_error("HttpServer: WebSocket route '" + route.path +
                                     "' needs an absolute path and a handler");
        }
    }
    if (options.tlsCertFile.has_value() != options.tlsKeyFile.has_value()) {
        throw std::runtime_error("HTTPS needs both a TLS certificate and a key file");
    }
    if (options.tlsCertFile) {
        core->tls = makeTlsContext(*options.tlsCertFile, *options.tlsKeyFile);
    }

    const tcp::endpoint endpoint = listenEndpoint(options.host, options.port);
    if (!core->tls && !isLoopback(endpoint.address())) {
        throw std::runtime_error("refusing plain HTTP on " + options.host +
                                 ": without a TLS certificate and key the server listens on a "
                                 "loopback address only (127.0.0.1, ::1, localhost)");
    }

    const std::size_t threadCount = std::max<std::size_t>(1, options.ioThreads);
    ioc = std::make_unique<asio::io_context>(static_cast<int>(threadCount));
    acceptor.emplace(*ioc);
    error_code ec;
    const auto fail = [&](std::string_view what) {
        acceptor.reset();
        throw std::runtime_error("cannot " + std::string(what) + " " + describe(endpoint) + ": " +
                                 ec.message());
    };
    acceptor->open(endpoint.protocol(), ec);
    if (ec) {
        fail("open a socket for");
    }
    acceptor->set_option(tcp::acceptor::reuse_address(true), ec);
    acceptor->bind(endpoint, ec);
    if (ec) {
        fail("listen on");
    }
    acceptor->listen(asio::socket_base::max_listen_connections, ec);
    if (ec) {
        fail("listen on");
    }
    // Lets acceptLoop() drain the backlog with synchronous accepts that never block.
    acceptor->non_blocking(true, ec);
    boundPort = acceptor->local_endpoint(ec).port();

    work.emplace(ioc->get_executor());
    control.emplace(asio::make_strand(*ioc));
    asio::co_spawn(*control, acceptLoop(), [](std::exception_ptr) {});
    try {
        for (std::size_t i = 0; i < threadCount; ++i) {
            threads.emplace_back([this, i] {
                // "io-0", "io-1"... in top -H, perf and gdb (best effort).
                (void)pthread_setname_np(pthread_self(), ("io-" + std::to_string(i)).c_str());
                runIo();
            });
        }
    } catch (const std::system_error& e) {
        ioc->stop();
        join();
        throw std::runtime_error(std::string("cannot start the I/O threads: ") + e.what());
    }
    started = true;
}

void HttpServer::Impl::runIo() {
    for (;;) {
        try {
            ioc->run();
            return;
        } catch (...) {
            // Handlers catch what they expect; whatever escaped must not take the server down.
        }
    }
}

asio::awaitable<void> HttpServer::Impl::acceptLoop() {
    asio::steady_timer backoff(*control);
    while (!core->stopping()) {
        bool pause = false;
        try {
            Strand strand = asio::make_strand(*ioc);
            tcp::socket socket(strand);
            auto [ec] = co_await acceptor->async_accept(socket, kNoThrow);
            if (core->stopping() || !acceptor->is_open() || ec == asio::error::operation_aborted) {
                co_return;
            }
            if (ec) {
                // Out of descriptors or memory: pause rather than spin on the error. A client
                // that gave up while queued (ECONNABORTED) is no reason to wait.
                pause = ec != asio::error::connection_aborted;
            } else {
                admit(std::move(socket), std::move(strand));
                drainBacklog();
            }
        } catch (...) {
            pause = true;  // the listener must outlive whatever went wrong here
        }
        if (pause) {
            backoff.expires_after(kAcceptBackoff);
            co_await backoff.async_wait(kNoThrow);
        }
    }
}

void HttpServer::Impl::drainBacklog() {
    // Take everything else already waiting in the backlog now instead of one connection per
    // completion: under a burst of connections that is what keeps the tail latency down (p99 was
    // about 1 s at 256 connections otherwise).
    for (;;) {
        Strand strand = asio::make_strand(*ioc);
        tcp::socket socket(strand);
        error_code ec;
        acceptor->accept(socket, ec);  // the acceptor is non-blocking
        if (ec) {
            return;  // would_block: the backlog is empty
        }
        admit(std::move(socket), std::move(strand));
    }
}

void HttpServer::Impl::admit(tcp::socket socket, Strand strand) {
    try {
        error_code ec;
        const auto peer = socket.remote_endpoint(ec);
        if (ec) {
            return;  // already gone
        }
        socket.set_option(tcp::no_delay(true), ec);
        const auto admission = core->admission();
        if (admission == ServerCore::Admission::Drop) {
            return;  // the socket closes as it goes out of scope
        }
        const bool rejecting = admission == ServerCore::Admission::Reject;
        auto remote = addressToString(peer.address());
        if (core->tls) {
            startTlsSession(core, std::move(strand), std::move(socket), std::move(remote),
                            rejecting);
        } else {
            startPlainSession(core, std::move(strand), std::move(socket), std::move(remote),
                              rejecting);
        }
    } catch (...) {
        // Out of memory for one more connection: it is closed, the listener goes on.
    }
}

void HttpServer::Impl::stop() {
    {
        std::lock_guard lock(stateMutex);
        const bool first = !stopRequested;
        stopRequested = true;
        if (!started) {
            return;
        }
        if (first) {
            // Whatever happens in shutdown(), the io_context stops in the end: join() returns.
            asio::co_spawn(*control, shutdown(),
                           [ctx = ioc.get()](std::exception_ptr) { ctx->stop(); });
        }
    }
    if (!ioc->get_executor().running_in_this_thread()) {
        join();
    }
}

asio::awaitable<void> HttpServer::Impl::shutdown() {
    error_code ec;
    acceptor->close(ec);  // ends acceptLoop()
    for (auto& session : core->beginStopping()) {
        asio::post(session->strand(), [session] { session->onServerStopping(); });
    }
    co_await waitForSessions(Clock::now() + core->options.shutdownGrace);
    if (core->sessionCount() > 0) {
        for (auto& session : core->sessions()) {
            asio::post(session->strand(), [session] { session->onForceClose(); });
        }
        co_await waitForSessions(Clock::now() + kForceCloseWait);
    }
    work.reset();
}

asio::awaitable<void> HttpServer::Impl::waitForSessions(Clock::time_point deadline) {
    // Polling keeps the connections ignorant of the shutdown; it happens once per process.
    asio::steady_timer timer(*control);
    while (core->sessionCount() > 0 && Clock::now() < deadline) {
        timer.expires_after(std::min<Clock::duration>(kShutdownPoll, deadline - Clock::now()));
        co_await timer.async_wait(kNoThrow);
    }
}

void HttpServer::Impl::join() {
    std::lock_guard lock(joinMutex);
    for (auto& thread : threads) {
        if (thread.joinable()) {
            thread.join();
        }
    }
}

HttpServer::Impl::~Impl() {
    try {
        stop();
    } catch (...) {
        // Nothing sensible to do in a destructor; the io_context goes away below regardless.
    }
    // Destroying the io_context destroys the frames of connections that did not finish in
    // time; they unregister from `core`, which is still alive. Before that, nothing the
    // application still holds (a WebSocket) may post to it any more.
    for (auto& session : core->sessions()) {
        session->detachFromIo();
    }
    acceptor.reset();
    control.reset();
    work.reset();
    ioc.reset();
}

// --- HttpServer ---

HttpServer::HttpServer(ServerOptions options, Handler handler)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(handler))) {}

HttpServer::~HttpServer() = default;

void HttpServer::start() {
    impl_->start();
}

std::uint16_t HttpServer::port() const {
    return impl_->boundPort;
}

void HttpServer::stop() {
    impl_->stop();
}

void HttpServer::wait() {
    if (impl_->started) {
        impl_->join();
    }
}

}  // namespace opsdesk::server::http
