#include "core/config.h"

#include <unistd.h>

#include <charconv>
#include <cstdlib>
#include <functional>
#include <map>
#include <stdexcept>

namespace opsdesk::server {

namespace {

template <typename T>
T parseNumber(const std::string& flag, const std::string& value, T min, T max) {
    T out{};
    const auto* end = value.data() + value.size();
    auto [ptr, ec] = std::from_chars(value.data(), end, out);
    if (ec != std::errc{} || ptr != end || out < min || out > max) {
        throw std::invalid_argument(flag + " expects a whole number from " + std::to_string(min) +
                                    " to " + std::to_string(max) + ", got '" + value + "'");
    }
    return out;
}

void parseListen(Config& c, const std::string& value) {
    const auto colon = value.rfind(':');
    if (colon == std::string::npos || colon == 0) {
        throw std::invalid_argument("--listen expects HOST:PORT, got '" + value + "'");
    }
    std::string host = value.substr(0, colon);
    if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
        host = host.substr(1, host.size() - 2);
    }
    c.listenHost = host;
    c.listenPort = parseNumber<std::uint16_t>("--listen", value.substr(colon + 1), 0, 65535);
}

using Setter = std::function<void(Config&, const std::string&, const std::string&)>;

struct Option {
    const char* env;
    Setter set;
};

template <typename T>
Setter number(T Config::*field, T min, T max) {
    return [field, min, max](Config& c, const std::string& flag, const std::string& v) {
        c.*field = parseNumber<T>(flag, v, min, max);
    };
}

Setter seconds(std::chrono::seconds Config::*field, long min, long max) {
    return [field, min, max](Config& c, const std::string& flag, const std::string& v) {
        c.*field = std::chrono::seconds(parseNumber<long>(flag, v, min, max));
    };
}

Setter milliseconds(std::chrono::milliseconds Config::*field, long min, long max) {
    return [field, min, max](Config& c, const std::string& flag, const std::string& v) {
        c.*field = std::chrono::milliseconds(parseNumber<long>(flag, v, min, max));
    };
}

const std::map<std::string, Option>& options() {
    static const std::map<std::string, Option> opts{
        {"--database",
         {"OPSDESK_DATABASE_URL", [](Config& c, auto&, auto& v) { c.databaseUrl = v; }}},
        {"--listen", {"OPSDESK_LISTEN", [](Config& c, auto&, auto& v) { parseListen(c, v); }}},
        {"--tls-cert", {"OPSDESK_TLS_CERT", [](Config& c, auto&, auto& v) { c.tlsCert = v; }}},
        {"--tls-key", {"OPSDESK_TLS_KEY", [](Config& c, auto&, auto& v) { c.tlsKey = v; }}},
        {"--service-key",
         {"OPSDESK_SERVICE_KEY", [](Config& c, auto&, auto& v) { c.serviceKey = v; }}},
        {"--totp-key-file",
         {"OPSDESK_TOTP_KEY_FILE", [](Config& c, auto&, auto& v) { c.totpKeyFile = v; }}},
        {"--instance-id",
         {"OPSDESK_INSTANCE_ID", [](Config& c, auto&, auto& v) { c.instanceId = v; }}},
        {"--io-threads", {"OPSDESK_IO_THREADS", number<std::size_t>(&Config::ioThreads, 1, 64)}},
        {"--db-threads", {"OPSDESK_DB_THREADS", number<std::size_t>(&Config::dbThreads, 1, 128)}},
        {"--hash-threads",
         {"OPSDESK_HASH_THREADS", number<std::size_t>(&Config::hashThreads, 1, 16)}},
        {"--image-threads",
         {"OPSDESK_IMAGE_THREADS", number<std::size_t>(&Config::imageThreads, 1, 16)}},
        {"--image-max-pixels",
         {"OPSDESK_IMAGE_MAX_PIXELS",
          number<std::int64_t>(&Config::imageMaxPixels, 1, 1'000'000'000)}},
        {"--max-body-bytes",
         {"OPSDESK_MAX_BODY_BYTES",
          number<std::size_t>(&Config::maxBodyBytes, 1024, 256 * 1024 * 1024)}},
        {"--max-connections",
         {"OPSDESK_MAX_CONNECTIONS", number<std::size_t>(&Config::maxConnections, 1, 100000)}},
        {"--request-timeout-ms",
         {"OPSDESK_REQUEST_TIMEOUT_MS", milliseconds(&Config::requestTimeout, 100, 600000)}},
        {"--scrypt-log2n", {"OPSDESK_SCRYPT_LOG2N", number<int>(&Config::scryptLog2N, 10, 22)}},
        {"--session-idle-seconds",
         {"OPSDESK_SESSION_IDLE_SECONDS", seconds(&Config::sessionIdle, 1, 30L * 86400)}},
        {"--session-max-seconds",
         {"OPSDESK_SESSION_MAX_SECONDS", seconds(&Config::sessionMax, 1, 90L * 86400)}},
        {"--lockout-threshold",
         {"OPSDESK_LOCKOUT_THRESHOLD", number<int>(&Config::lockoutThreshold, 1, 1000)}},
        {"--lockout-seconds",
         {"OPSDESK_LOCKOUT_SECONDS", seconds(&Config::lockoutDuration, 1, 86400)}},
        {"--event-retention-seconds",
         {"OPSDESK_EVENT_RETENTION_SECONDS", seconds(&Config::eventRetention, 60, 365L * 86400)}},
        {"--feed-auth-timeout-ms",
         {"OPSDESK_FEED_AUTH_TIMEOUT_MS", milliseconds(&Config::feedAuthTimeout, 100, 600000)}},
        {"--feed-ping-ms",
         {"OPSDESK_FEED_PING_MS", milliseconds(&Config::feedPingInterval, 100, 600000)}},
        {"--feed-session-check-ms",
         {"OPSDESK_FEED_SESSION_CHECK_MS", milliseconds(&Config::feedSessionCheck, 100, 3600000)}},
        {"--feed-max-queued-bytes",
         {"OPSDESK_FEED_MAX_QUEUED_BYTES",
          number<std::size_t>(&Config::feedMaxQueuedBytes, 4096, 1024L * 1024 * 1024)}},
        {"--feed-socket-buffer-bytes",
         {"OPSDESK_FEED_SOCKET_BUFFER_BYTES",
          number<std::size_t>(&Config::feedSocketSendBuffer, 0, 64L * 1024 * 1024)}},
        {"--list-cache-ms",
         {"OPSDESK_LIST_CACHE_MS", milliseconds(&Config::listCacheTtl, 0, 600000)}},
        {"--list-cache-bytes",
         {"OPSDESK_LIST_CACHE_BYTES",
          number<std::size_t>(&Config::listCacheBytes, 1024 * 1024, 64L * 1024 * 1024 * 1024)}},
        {"--session-cache-ms",
         {"OPSDESK_SESSION_CACHE_MS", milliseconds(&Config::sessionCacheTtl, 0, 60000)}},
        {"--login-rate-per-minute",
         {"OPSDESK_LOGIN_RATE_PER_MINUTE", number<int>(&Config::loginRatePerMinute, 1, 100000)}},
        {"--reauth-window-seconds",
         {"OPSDESK_REAUTH_WINDOW_SECONDS", seconds(&Config::reauthWindow, 0, 86400)}},
        {"--reauth-rate-per-minute",
         {"OPSDESK_REAUTH_RATE_PER_MINUTE", number<int>(&Config::reauthRatePerMinute, 1, 100000)}},
    };
    return opts;
}

std::string defaultInstanceId() {
    char host[256] = {};
    if (gethostname(host, sizeof host - 1) != 0) {
        host[0] = '\0';
    }
    return std::string(host) + ":" + std::to_string(getpid());
}

}  // namespace

ParsedArgs parseArgs(const std::vector<std::string>& args,
                     const std::vector<std::string>& subcommandOptions,
                     const std::vector<std::string>& subcommandSwitches) {
    ParsedArgs out;
    Config& c = out.config;
    for (const auto& [flag, opt] : options()) {
        if (const char* v = std::getenv(opt.env); v && *v) {
            opt.set(c, std::string(opt.env), v);
        }
    }
    for (std::size_t i = 0; i < args.size(); ++i) {
        std::string flag = args[i];
        std::optional<std::string> value;
        if (const auto eq = flag.find('='); flag.starts_with("--") && eq != std::string::npos) {
            value = flag.substr(eq + 1);
            flag = flag.substr(0, eq);
        }
        if (std::find(subcommandSwitches.begin(), subcommandSwitches.end(), flag) !=
            subcommandSwitches.end()) {
            out.switches.push_back(flag);
            continue;
        }
        const auto opt = options().find(flag);
        const bool subOption = std::find(subcommandOptions.begin(), subcommandOptions.end(),
                                         flag) != subcommandOptions.end();
        if (opt == options().end() && !subOption) {
            throw std::invalid_argument("unknown option '" + flag + "'");
        }
        if (!value) {
            if (i + 1 >= args.size()) {
                throw std::invalid_argument(flag + " needs a value");
            }
            value = args[++i];
        }
        if (subOption) {
            out.rest.emplace_back(flag, *value);
        } else {
            opt->second.set(c, flag, *value);
        }
    }
    if (c.instanceId.empty()) {
        c.instanceId = defaultInstanceId();
    }
    if (c.tlsCert.has_value() != c.tlsKey.has_value()) {
        throw std::invalid_argument("--tls-cert and --tls-key go together");
    }
    // An empty key would let an empty X-Api-Key in, a short one is guessed: refused at start-up.
    // (An empty OPSDESK_SERVICE_KEY means none, as if it were not set.)
    if (c.serviceKey && c.serviceKey->size() < kMinServiceKeyLength) {
        throw std::invalid_argument(
            "the service key (--service-key or OPSDESK_SERVICE_KEY) must be at least " +
            std::to_string(kMinServiceKeyLength) +
            " characters; leave it out to refuse every storefront call");
    }
    return out;
}

namespace {

bool isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

// "host=h user=u password='s e\\'cret' dbname=d" (libpq's keyword/value form) without the
// password.
std::string conninfoWithoutPassword(const std::string& s) {
    std::string out;
    std::size_t i = 0;
    while (i < s.size()) {
        while (i < s.size() && isSpace(s[i])) {
            ++i;
        }
        const std::size_t start = i;
        while (i < s.size() && s[i] != '=' && !isSpace(s[i])) {
            ++i;
        }
        const std::string key = s.substr(start, i - start);
        std::size_t j = i;
        while (j < s.size() && isSpace(s[j])) {
            ++j;
        }
        if (j < s.size() && s[j] == '=') {
            ++j;
            while (j < s.size() && isSpace(s[j])) {
                ++j;
            }
            const bool quoted = j < s.size() && s[j] == '\'';
            j += quoted ? 1 : 0;
            while (j < s.size() && (quoted ? s[j] != '\'' : !isSpace(s[j]))) {
                j += s[j] == '\\' && j + 1 < s.size() ? 2 : 1;
            }
            j += quoted && j < s.size() ? 1 : 0;
            i = j;
        }
        if (key != "password" && i > start) {
            out += (out.empty() ? "" : " ") + s.substr(start, i - start);
        }
    }
    return out;
}

// postgresql://user:secret@host/db?password=secret&sslmode=… without either password.
std::string urlWithoutPassword(std::string url) {
    const auto scheme = url.find("://");
    const auto authorityEnd = url.find_first_of("/?", scheme + 3);
    const auto at = url.rfind('@', authorityEnd == std::string::npos ? url.size() : authorityEnd);
    if (at != std::string::npos && at > scheme) {
        const auto colon = url.find(':', scheme + 3);
        if (colon != std::string::npos && colon < at) {
            url.erase(colon, at - colon);
        }
    }
    const auto question = url.find('?');
    if (question == std::string::npos) {
        return url;
    }
    std::string query;
    std::size_t start = question + 1;
    while (start <= url.size()) {
        auto amp = url.find('&', start);
        if (amp == std::string::npos) {
            amp = url.size();
        }
        const std::string param = url.substr(start, amp - start);
        if (!param.empty() && param != "password" && !param.starts_with("password=")) {
            query += (query.empty() ? "" : "&") + param;
        }
        start = amp + 1;
    }
    return url.substr(0, question) + (query.empty() ? "" : "?" + query);
}

}  // namespace

std::string Config::databaseDescription() const {
    // A URL (postgresql:// or postgres://) or libpq's keyword/value form; the password of either,
    // wherever it is written, never reaches a log.
    if (databaseUrl.find("://") != std::string::npos) {
        return urlWithoutPassword(databaseUrl);
    }
    return conninfoWithoutPassword(databaseUrl);
}

std::string usage() {
    return R"(usage: opsdesk-server <command> [options]

commands:
  serve                      migrate, then serve until SIGTERM/SIGINT
  migrate                    apply pending migrations and exit
  create-user --username U --password P --role R [--display-name N] [--email E]
  seed --demo                load the demo data set (idempotent)
  seed --orders N            load N synthetic orders for benchmarks
  seed --products N          load N synthetic products (with their SKUs) for benchmarks
  finance-generate --from DATE --to DATE --out DIR [--seed N] [--account A]
                             write bank statements (camt.053, MT940, OFX) and provider
                             settlements (Alipay, WeChat Pay, Stripe, PayPal style) of the
                             payments and refunds captured in those days

options (each also read from the environment variable shown):
  --database URL             OPSDESK_DATABASE_URL   PostgreSQL connection URL
  --listen HOST:PORT         OPSDESK_LISTEN         default 127.0.0.1:8443 (port 0: any free)
  --tls-cert F --tls-key F   OPSDESK_TLS_CERT/KEY   PEM files; without them plain HTTP on loopback
  --service-key K            OPSDESK_SERVICE_KEY    key for the storefront endpoints, at least
                                                    16 characters (prefer the environment: the
                                                    command line shows in ps); none: refused
  --totp-key-file F          OPSDESK_TOTP_KEY_FILE  two-factor secrets are sealed at rest with
                                                    the key in F (64 hex digits a line, the first
                                                    seals; `openssl rand -hex 32`, mode 0600)
  --instance-id NAME         OPSDESK_INSTANCE_ID    default host:pid
  --io-threads N --db-threads N --hash-threads N --image-threads N
  --image-max-pixels N       default 40000000: larger images are refused before decoding
  --max-body-bytes N --max-connections N --request-timeout-ms N
  --scrypt-log2n N           password hash cost, default 17 (lower only for tests)
  --session-idle-seconds N   default 1800      --session-max-seconds N   default 43200
  --lockout-threshold N      default 5         --lockout-seconds N       default 900
  --login-rate-per-minute N  default 30 attempts per client address: sign-ins, and checks of
                             a password or code asked for again
  --reauth-rate-per-minute N default 10 such checks per signed-in session (POST /auth/password,
                             two-factor changes); failures count towards the lockout too
  --reauth-window-seconds N  default 300: two-factor enrolment needs the current password
                             unless the session signed in this recently
  --event-retention-seconds N  live-feed events kept for replay, default 604800 (7 days)
  --feed-auth-timeout-ms N   default 5000    --feed-ping-ms N          default 20000
  --feed-session-check-ms N  default 30000: how often an open feed checks that its session
                             still holds (besides at once on every session, user or role change)
  --feed-max-queued-bytes N  default 4194304: a feed client this far behind is disconnected
  --feed-socket-buffer-bytes N  default 65536: kernel send buffer per feed connection (0: the
                             kernel's autotuning, megabytes per slow reader)
  --list-cache-ms N          default 3000: orders list answers kept at most this long, and
                             only until an order changes on any instance (0: off)
  --list-cache-bytes N       default 67108864: memory for them
  --session-cache-ms N       default 5000: signed-in sessions remembered at most this long,
                             and only until sessions, users or roles change (0: off)
)";
}

}  // namespace opsdesk::server
