#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace opsdesk::server {

// Everything the server can be told, from flags (`--database URL`) or the environment
// (`OPSDESK_DATABASE_URL`); flags win. Defaults are the production ones: tests lower costs and
// timeouts explicitly, never by default.
struct Config {
    std::string databaseUrl;
    std::string listenHost = "127.0.0.1";
    std::uint16_t listenPort = 8443;
    std::optional<std::string> tlsCert;
    std::optional<std::string> tlsKey;
    std::optional<std::string> serviceKey;  // none: every storefront call is refused
    // The key file two-factor secrets are sealed with (auth/secret_box.h); none: kept as they are.
    std::optional<std::string> totpKeyFile;
    std::string instanceId;  // default: hostname:pid

    std::size_t ioThreads = 2;
    std::size_t dbThreads = 4;
    std::size_t hashThreads = 2;  // each scrypt hash holds 128 MiB while it runs
    std::size_t hashQueueLimit = 64;
    // Image decoding (libvips) has its own threads, like hashing: a burst of uploads waits
    // there and never holds the database threads. Each decode holds up to a few hundred MiB.
    std::size_t imageThreads = 1;
    std::size_t imageQueueLimit = 8;
    // Images whose header says more pixels than this are refused before a pixel is decoded.
    std::int64_t imageMaxPixels = 40'000'000;
    std::size_t maxBodyBytes = 1024 * 1024;
    std::size_t maxConnections = 1024;
    std::chrono::milliseconds requestTimeout{30'000};

    int scryptLog2N = 17;  // N = 2^17, r = 8, p = 1: 128 MiB a hash
    std::chrono::seconds sessionIdle{30 * 60};
    std::chrono::seconds sessionMax{12 * 60 * 60};
    int lockoutThreshold = 5;
    std::chrono::seconds lockoutDuration{15 * 60};
    int loginRatePerMinute = 30;  // per client address, per instance
    // Checks of the current password (or a code) asked for again by a signed-in session
    // (POST /auth/password, two-factor changes): per session, per instance. They count towards
    // the account's lockout as well, and per address with the sign-in attempts.
    int reauthRatePerMinute = 10;
    // Two-factor enrolment needs the current password, except this soon after the session
    // signed in with it.
    std::chrono::seconds reauthWindow{5 * 60};
    std::chrono::seconds eventRetention{7 * 24 * 3600};
    std::chrono::milliseconds feedAuthTimeout{5'000};  // the first message must be auth
    std::chrono::milliseconds feedPingInterval{20'000};
    // How often an open feed looks whether its session still holds, besides at once whenever a
    // session, user or role changes (on any instance): for sessions that simply run out.
    std::chrono::milliseconds feedSessionCheck{30'000};
    std::size_t feedMaxQueuedBytes = 4 * 1024 * 1024;  // a client this far behind is cut (4408)
    // SO_SNDBUF of feed connections (0: the kernel's autotuning; see WebSocketOptions).
    std::size_t feedSocketSendBuffer = 64 * 1024;
    // In-process caches, kept correct across instances by LISTEN/NOTIFY (server/cache/): answers
    // of the orders list at most this old, signed-in sessions at most this long (0: off).
    std::chrono::milliseconds listCacheTtl{3'000};
    std::size_t listCacheBytes = 64 * 1024 * 1024;
    std::chrono::milliseconds sessionCacheTtl{5'000};

    // The database URL (or keyword/value string) without its password, for logs.
    std::string databaseDescription() const;
};

// The storefront's service key is at least this long (scripts/demo makes 48 hex digits).
inline constexpr std::size_t kMinServiceKeyLength = 16;

// Parses flags after the subcommand. Unknown flags and bad values throw std::invalid_argument
// with a message naming the flag. `rest` receives flags the caller handles itself
// (subcommand options such as --username), as name/value pairs.
struct ParsedArgs {
    Config config;
    std::vector<std::pair<std::string, std::string>> rest;
    std::vector<std::string> switches;  // flags without value the subcommand knows (--demo)
};

ParsedArgs parseArgs(const std::vector<std::string>& args,
                     const std::vector<std::string>& subcommandOptions,
                     const std::vector<std::string>& subcommandSwitches);

std::string usage();

}  // namespace opsdesk::server
