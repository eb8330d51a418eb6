// The load client of bench/feed: many live-feed clients and a paced storefront sender in one
// process, and the measurement of what reached whom, when.
//
//   opsdesk-feed-load --feed ws://127.0.0.1:PORT/api/v1/feed --token TOKEN --clients 500
//                     --storefront http://127.0.0.1:PORT --service-key KEY --rate 1000
//                     --duration 60 --database URL --run-id ID [--server-pid PID]
//                     [--senders 64] [--drain 20] [--out FILE]
//
// 1. Opens --clients WebSockets to --feed (our server, or the Node peer: both speak the
//    contract's feed protocol), signs each in with the token, subscribes to "orders" and waits
//    until every one has answered `ready`.
// 2. Sends --rate orders a second for --duration seconds to the storefront API over --senders
//    keep-alive connections, each order due at start + i / rate (a late one is sent at once and
//    the lateness recorded), with the external id `bf-<run-id>-<i>`.
// 3. Records, for every client and every event id, when the event arrived (one I/O thread for all
//    clients; an event is found in a message by the contract's rendering `"type":"event","id":N`,
//    so an `events` batch costs a scan, not a JSON parse).
// 4. Waits until every client has every order (or --drain seconds without progress), then asks
//    PostgreSQL for the commit time of each order's transaction (pg_xact_commit_timestamp of the
//    order row's xmin: needs track_commit_timestamp = on, which bench/feed sets in its cluster)
//    and computes commit-to-client latency = arrival (CLOCK_REALTIME, same machine) minus commit.
//    Without commit timestamps it falls back to the arrival of the storefront's 201 answer, which
//    comes after the commit (so the latency then reads low) and says so.
//
// Prints `key value` lines (also to --out): latencies in ms, deliveries, losses, duplicates,
// and the CPU time and memory of --server-pid over the sending window, read from /proc.

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <charconv>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <fstream>
#include <functional>
#include <iostream>
#include <limits>
#include <map>
#include <pqxx/pqxx>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;
using asio::awaitable;
using asio::use_awaitable;
using Clock = std::chrono::steady_clock;

namespace {

struct Url {
    std::string host;
    std::string port;
    std::string path;
};

Url parseUrl(const std::string& url) {
    const auto scheme = url.find("://");
    if (scheme == std::string::npos) {
        throw std::invalid_argument("not a URL: " + url);
    }
    const auto rest = url.substr(scheme + 3);
    const auto slash = rest.find('/');
    const auto hostPort = rest.substr(0, slash);
    const auto colon = hostPort.rfind(':');
    if (colon == std::string::npos) {
        throw std::invalid_argument("the URL needs a port: " + url);
    }
    return {hostPort.substr(0, colon), hostPort.substr(colon + 1),
            slash == std::string::npos ? "/" : rest.substr(slash)};
}

struct Options {
    Url feed;
    Url storefront;
    std::string token;
    std::string serviceKey;
    std::string database;
    std::string runId = "run";
    std::string out;
    int clients = 500;
    int rate = 1000;
    int duration = 60;
    int senders = 64;
    int drain = 20;
    int customers = 5000;
    int serverPid = 0;
};

Clock::time_point gT0;
std::int64_t gT0RealUs = 0;  // CLOCK_REALTIME at gT0, µs since the epoch

std::int64_t nowUs() {
    return std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - gT0).count();
}

// ---------------------------------------------------------------------------------------------
// Feed clients

struct FeedClient {
    int attempts = 0;
    bool ready = false;
    std::int64_t lastId = 0;
    std::uint64_t events = 0;
    std::uint64_t messages = 0;
    int closeCode = 0;
    std::string closeReason;
};

struct Receivers {
    Options opt;
    std::vector<FeedClient> clients;
    std::size_t slots = 0;
    std::vector<std::uint32_t> arrival;  // [client * slots + slot]: µs since gT0, plus 1; 0 = none
    std::atomic<std::int64_t> idBase{-1};  // ids above it are this run's
    std::atomic<int> readyCount{0};
    std::atomic<int> lostClients{0};  // closed after ready, or never ready
    std::atomic<std::uint64_t> deliveries{0};
    std::atomic<std::int64_t> maxReadyId{0};
    std::atomic<std::int64_t> lastArrivalUs{0};
    std::uint64_t duplicates = 0;
    std::uint64_t disorder = 0;
    std::uint64_t outOfRange = 0;
    std::vector<std::uint64_t> perSecond = std::vector<std::uint64_t>(4000, 0);

    void onMessage(int index, std::string_view text, std::int64_t now) {
        auto& c = clients[static_cast<std::size_t>(index)];
        ++c.messages;
        if (!c.ready) {
            if (text.find(R"("type":"ready")") != std::string_view::npos) {
                const auto p = text.find(R"("last_event_id":)");
                std::int64_t id = 0;
                if (p != std::string_view::npos) {
                    const char* b = text.data() + p + 16;
                    std::from_chars(b, text.data() + text.size(), id);
                }
                c.ready = true;
                c.lastId = id;
                std::int64_t m = maxReadyId.load();
                while (id > m && !maxReadyId.compare_exchange_weak(m, id)) {
                }
                ++readyCount;
            }
            return;
        }
        static constexpr std::string_view kNeedle = R"("type":"event","id":)";
        const std::int64_t base = idBase.load(std::memory_order_relaxed);
        std::uint64_t n = 0;
        // memmem (two-way search) rather than string_view::find, which stops at every quote of
        // the JSON: this runs for 500 clients on the cores the server under test uses too.
        const auto next = [&](std::size_t from) -> std::size_t {
            const void* hit =
                memmem(text.data() + from, text.size() - from, kNeedle.data(), kNeedle.size());
            return hit ? static_cast<std::size_t>(static_cast<const char*>(hit) - text.data())
                       : std::string_view::npos;
        };
        for (auto pos = next(0); pos != std::string_view::npos; pos = next(pos)) {
            pos += kNeedle.size();
            std::int64_t id = 0;
            std::from_chars(text.data() + pos, text.data() + text.size(), id);
            if (id <= c.lastId) {
                ++disorder;
            }
            c.lastId = std::max(c.lastId, id);
            ++n;
            if (base < 0 || id <= base) {
                ++outOfRange;
                continue;
            }
            const auto slot = static_cast<std::size_t>(id - base - 1);
            if (slot >= slots) {
                ++outOfRange;
                continue;
            }
            auto& a = arrival[static_cast<std::size_t>(index) * slots + slot];
            if (a != 0) {
                ++duplicates;
            } else {
                a = static_cast<std::uint32_t>(now + 1);
            }
        }
        if (n > 0) {
            c.events += n;
            deliveries.fetch_add(n, std::memory_order_relaxed);
            const auto sec = static_cast<std::size_t>(now / 1'000'000);
            if (sec < perSecond.size()) {
                perSecond[sec] += n;
            }
            lastArrivalUs.store(now, std::memory_order_relaxed);
        }
    }
};

awaitable<void> runClient(Receivers& r, int index) {
    auto ex = co_await asio::this_coro::executor;
    auto& c = r.clients[static_cast<std::size_t>(index)];
    const tcp::endpoint endpoint(asio::ip::make_address(r.opt.feed.host),
                                 static_cast<unsigned short>(std::stoi(r.opt.feed.port)));
    const std::string auth = R"({"type":"auth","token":")" + r.opt.token + R"("})";
    const std::string subscribe = R"({"type":"subscribe","topics":["orders"],"since":null})";
    asio::steady_timer timer(ex);
    // Spread the sign-ins: 500 at once would only queue up on the server's database threads.
    timer.expires_after(std::chrono::milliseconds(index * 4));
    co_await timer.async_wait(use_awaitable);
    while (!c.ready && c.attempts < 20) {
        ++c.attempts;
        websocket::stream<beast::tcp_stream> ws(ex);
        try {
            beast::get_lowest_layer(ws).expires_after(std::chrono::seconds(30));
            co_await beast::get_lowest_layer(ws).async_connect(endpoint, use_awaitable);
            beast::get_lowest_layer(ws).expires_never();
            ws.set_option(websocket::stream_base::timeout::suggested(beast::role_type::client));
            ws.read_message_max(256 * 1024 * 1024);
            co_await ws.async_handshake(r.opt.feed.host + ":" + r.opt.feed.port, r.opt.feed.path,
                                        use_awaitable);
            co_await ws.async_write(asio::buffer(auth), use_awaitable);
            co_await ws.async_write(asio::buffer(subscribe), use_awaitable);
            beast::flat_buffer buffer;
            for (;;) {
                buffer.clear();
                co_await ws.async_read(buffer, use_awaitable);
                const auto data = buffer.cdata();
                r.onMessage(index,
                            std::string_view(static_cast<const char*>(data.data()), data.size()),
                            nowUs());
            }
        } catch (const boost::system::system_error& e) {
            c.closeCode = ws.reason().code;
            c.closeReason = e.code() == websocket::error::closed
                                ? std::string(ws.reason().reason.c_str())
                                : e.code().message();
        }
        if (c.ready) {
            ++r.lostClients;  // it was live and went away: reported, not retried
            co_return;
        }
        timer.expires_after(std::chrono::milliseconds(250));
        co_await timer.async_wait(use_awaitable);
    }
    if (!c.ready) {
        ++r.lostClients;
    }
}

// ---------------------------------------------------------------------------------------------
// The paced storefront sender

struct Sender {
    Options opt;
    int total = 0;
    int next = 0;  // only touched on the sender's thread
    Clock::time_point start;
    std::vector<std::int64_t> sentUs;
    std::vector<std::int64_t> answeredUs;
    std::vector<int> status;
    std::vector<std::int64_t> lateUs;
};

std::string orderBody(const Options& opt, int i) {
    const int k = i % opt.customers;
    const std::string c = "bfc-" + std::to_string(k);
    return R"({"external_id":"bf-)" + opt.runId + "-" + std::to_string(i) +
           R"(","currency":"CNY","customer":{"external_id":")" + c + R"(","name":"Feed Bench )" +
           std::to_string(k) + R"(","email":")" + c +
           R"(@example.com"},"items":[{"sku":"TEA-001","title":"Tea","quantity":1,)"
           R"("unit_price_minor":1000}],"shipping_minor":0,"total_minor":1000})";
}

awaitable<void> runSender(Sender& s) {
    auto ex = co_await asio::this_coro::executor;
    const tcp::endpoint endpoint(asio::ip::make_address(s.opt.storefront.host),
                                 static_cast<unsigned short>(std::stoi(s.opt.storefront.port)));
    const auto period = std::chrono::nanoseconds(1'000'000'000LL / s.opt.rate);
    asio::steady_timer timer(ex);
    std::optional<beast::tcp_stream> stream;
    beast::flat_buffer buffer;
    for (;;) {
        const int i = s.next++;
        if (i >= s.total) {
            break;
        }
        const auto due = s.start + period * i;
        if (due > Clock::now()) {
            timer.expires_at(due);
            co_await timer.async_wait(use_awaitable);
        }
        s.lateUs[static_cast<std::size_t>(i)] =
            std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - due).count();
        bhttp::request<bhttp::string_body> req(bhttp::verb::post, "/api/v1/storefront/orders", 11);
        req.set(bhttp::field::host, s.opt.storefront.host + ":" + s.opt.storefront.port);
        req.set(bhttp::field::content_type, "application/json");
        req.set("X-Api-Key", s.opt.serviceKey);
        req.keep_alive(true);
        req.body() = orderBody(s.opt, i);
        req.prepare_payload();
        try {
            if (!stream) {
                stream.emplace(ex);
                buffer.clear();
                co_await stream->async_connect(endpoint, use_awaitable);
                stream->socket().set_option(tcp::no_delay(true));
            }
            s.sentUs[static_cast<std::size_t>(i)] = nowUs();
            co_await bhttp::async_write(*stream, req, use_awaitable);
            bhttp::response<bhttp::string_body> res;
            co_await bhttp::async_read(*stream, buffer, res, use_awaitable);
            s.answeredUs[static_cast<std::size_t>(i)] = nowUs();
            s.status[static_cast<std::size_t>(i)] = static_cast<int>(res.result_int());
            if (res.need_eof()) {
                stream.reset();
            }
        } catch (const boost::system::system_error&) {
            s.answeredUs[static_cast<std::size_t>(i)] = nowUs();
            s.status[static_cast<std::size_t>(i)] = 0;
            stream.reset();
        }
    }
}

// ---------------------------------------------------------------------------------------------
// /proc

long ticksOf(int pid) {  // utime + stime
    std::ifstream f("/proc/" + std::to_string(pid) + "/stat");
    std::string s((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
    const auto close = s.rfind(')');
    if (close == std::string::npos) {
        return 0;
    }
    std::istringstream rest(s.substr(close + 2));
    std::string field;
    long utime = 0;
    long stime = 0;
    for (int i = 3; rest >> field; ++i) {  // field 3 is the state
        if (i == 14) {
            utime = std::stol(field);
        } else if (i == 15) {
            stime = std::stol(field);
            break;
        }
    }
    return utime + stime;
}

long statusKb(int pid, const std::string& key) {  // VmRSS, VmHWM
    std::ifstream f("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    while (std::getline(f, line)) {
        if (line.rfind(key + ":", 0) == 0) {
            return std::stol(line.substr(key.size() + 1));
        }
    }
    return 0;
}

double percentile(std::vector<std::int64_t>& v, double p) {
    if (v.empty()) {
        return 0;
    }
    auto k = static_cast<std::size_t>(p / 100.0 * static_cast<double>(v.size()));
    k = std::min(k, v.size() - 1);
    std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(k), v.end());
    return static_cast<double>(v[k]) / 1000.0;  // µs -> ms
}

Options parse(int argc, char** argv) {
    Options o;
    const auto number = [](int& target) {
        return [&target](const std::string& v) { target = std::stoi(v); };
    };
    const auto text = [](std::string& target) {
        return [&target](const std::string& v) { target = v; };
    };
    const std::map<std::string, std::function<void(const std::string&)>> setters{
        {"--feed", [&o](const std::string& v) { o.feed = parseUrl(v); }},
        {"--storefront", [&o](const std::string& v) { o.storefront = parseUrl(v); }},
        {"--token", text(o.token)},
        {"--service-key", text(o.serviceKey)},
        {"--database", text(o.database)},
        {"--run-id", text(o.runId)},
        {"--out", text(o.out)},
        {"--clients", number(o.clients)},
        {"--rate", number(o.rate)},
        {"--duration", number(o.duration)},
        {"--senders", number(o.senders)},
        {"--drain", number(o.drain)},
        {"--customers", number(o.customers)},
        {"--server-pid", number(o.serverPid)},
    };
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        const auto setter = setters.find(a);
        if (setter == setters.end()) {
            throw std::invalid_argument("unknown option " + a);
        }
        if (i + 1 >= argc) {
            throw std::invalid_argument(a + " needs a value");
        }
        setter->second(argv[++i]);
    }
    if (o.feed.host.empty() || o.storefront.host.empty() || o.token.empty() || o.database.empty() ||
        o.rate <= 0 || o.clients <= 0 || o.duration <= 0) {
        throw std::invalid_argument(
            "needs --feed, --storefront, --token, --database and positive numbers");
    }
    return o;
}

void say(const char* fmt, auto... args) {
    std::fprintf(stderr, "feed-load: ");
    std::fprintf(stderr, fmt, args...);
    std::fprintf(stderr, "\n");
}

}  // namespace

int main(int argc, char** argv) try {
    const Options opt = parse(argc, argv);
    gT0 = Clock::now();
    gT0RealUs = std::chrono::duration_cast<std::chrono::microseconds>(
                    std::chrono::system_clock::now().time_since_epoch())
                    .count();

    const int total = opt.rate * opt.duration;
    Receivers r;
    r.opt = opt;
    r.clients.resize(static_cast<std::size_t>(opt.clients));
    r.slots = static_cast<std::size_t>(total) + static_cast<std::size_t>(total) / 10 + 1000;
    r.arrival.assign(r.slots * static_cast<std::size_t>(opt.clients), 0);

    // 1. Clients on one I/O thread.
    asio::io_context recvIo(1);
    auto guard = asio::make_work_guard(recvIo);
    for (int i = 0; i < opt.clients; ++i) {
        asio::co_spawn(recvIo, runClient(r, i), asio::detached);
    }
    std::thread recvThread([&] { recvIo.run(); });
    const auto readyDeadline = Clock::now() + std::chrono::seconds(120);
    while (r.readyCount + r.lostClients < opt.clients && Clock::now() < readyDeadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    const int readyClients = r.readyCount;
    say("%d of %d feed clients ready (%d gave up)", readyClients, opt.clients,
        r.lostClients.load());
    if (readyClients == 0) {
        throw std::runtime_error("no feed client became ready");
    }
    r.idBase = r.maxReadyId.load();

    // 2. The paced sender on its own thread.
    Sender s;
    s.opt = opt;
    s.total = total;
    s.sentUs.assign(static_cast<std::size_t>(total), -1);
    s.answeredUs.assign(static_cast<std::size_t>(total), -1);
    s.status.assign(static_cast<std::size_t>(total), -1);
    s.lateUs.assign(static_cast<std::size_t>(total), 0);
    const long ticks0 = opt.serverPid ? ticksOf(opt.serverPid) : 0;
    rusage self0{};
    getrusage(RUSAGE_SELF, &self0);
    const std::int64_t sendStartUs = nowUs();
    s.start = Clock::now() + std::chrono::milliseconds(20);
    asio::io_context sendIo(1);
    for (int i = 0; i < opt.senders; ++i) {
        asio::co_spawn(sendIo, runSender(s), asio::detached);
    }
    std::atomic<bool> sending{true};
    long rssMaxKb = 0;
    double rssSumKb = 0;
    int rssSamples = 0;
    std::thread sendThread([&] {
        sendIo.run();
        sending = false;
    });
    say("sending %d orders at %d/s", total, opt.rate);
    while (sending) {
        std::this_thread::sleep_for(std::chrono::milliseconds(250));
        if (opt.serverPid) {
            const long kb = statusKb(opt.serverPid, "VmRSS");
            rssMaxKb = std::max(rssMaxKb, kb);
            rssSumKb += static_cast<double>(kb);
            ++rssSamples;
        }
    }
    sendThread.join();
    const std::int64_t sendEndUs = nowUs();
    const long ticks1 = opt.serverPid ? ticksOf(opt.serverPid) : 0;
    rusage self1{};
    getrusage(RUSAGE_SELF, &self1);
    int ok = 0;
    for (const int st : s.status) {
        ok += (st == 201 || st == 200) ? 1 : 0;
    }
    say("sent: %d of %d answered 201/200 in %.1f s", ok, total,
        static_cast<double>(sendEndUs - sendStartUs) / 1e6);

    // 3. Drain: until every live client has every order, or no progress for --drain seconds.
    const std::uint64_t expected =
        static_cast<std::uint64_t>(ok) * static_cast<std::uint64_t>(readyClients - r.lostClients);
    std::uint64_t lastSeen = r.deliveries;
    auto lastProgress = Clock::now();
    while (r.deliveries < expected &&
           Clock::now() - lastProgress < std::chrono::seconds(opt.drain)) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        if (r.deliveries != lastSeen) {
            lastSeen = r.deliveries;
            lastProgress = Clock::now();
        }
    }
    const long ticks2 = opt.serverPid ? ticksOf(opt.serverPid) : 0;
    const long hwmKb = opt.serverPid ? statusKb(opt.serverPid, "VmHWM") : 0;
    recvIo.stop();
    recvThread.join();

    // 4. Commit times from PostgreSQL.
    pqxx::connection db(opt.database);
    pqxx::read_transaction tx(db);
    const bool commitTs = tx.exec1("SHOW track_commit_timestamp")[0].as<std::string>() == "on";
    const auto rows = tx.exec_params(
        "SELECT e.id, split_part(o.external_id, '-', 3)::int, " +
            std::string(commitTs ? "(extract(epoch FROM pg_xact_commit_timestamp(o.xmin)) * "
                                   "1000000)::bigint"
                                 : "0::bigint") +
            " FROM events e JOIN orders o ON o.id = e.entity_id "
            "WHERE e.kind = 'order.created' AND e.id > $1 AND o.external_id LIKE $2",
        r.idBase.load(), "bf-" + opt.runId + "-%");
    std::vector<std::int64_t> commitToClient;
    std::vector<std::int64_t> sendToClient;
    std::vector<std::int64_t> storefront;
    std::vector<std::int64_t> commitToAnswer;
    // Per event: commit to its first and to its last arrival among the clients. The first is the
    // server's pipeline (numbering, reading, the round); last minus first is the fan-out to all
    // of them plus the load client's own reading.
    std::vector<std::int64_t> commitToFirst;
    std::vector<std::int64_t> commitToLast;
    std::vector<std::pair<std::int64_t, std::int64_t>> worstFirst;  // (delay, commit) in µs
    commitToClient.reserve(rows.size() * static_cast<std::size_t>(opt.clients));
    std::uint64_t missing = 0;
    std::uint64_t negative = 0;
    for (const auto& row : rows) {
        const auto id = row[0].as<std::int64_t>();
        const auto i = static_cast<std::size_t>(row[1].as<int>());
        const auto slot = static_cast<std::size_t>(id - r.idBase - 1);
        if (slot >= r.slots || i >= s.sentUs.size()) {
            continue;
        }
        // The reference instant in µs since gT0.
        const std::int64_t answered = s.answeredUs[i];
        const std::int64_t commit = commitTs ? row[2].as<std::int64_t>() - gT0RealUs : answered;
        storefront.push_back(answered - s.sentUs[i]);
        commitToAnswer.push_back(answered - commit);
        std::int64_t first = std::numeric_limits<std::int64_t>::max();
        std::int64_t last = std::numeric_limits<std::int64_t>::min();
        for (std::size_t c = 0; c < r.clients.size(); ++c) {
            if (!r.clients[c].ready) {
                continue;
            }
            const std::uint32_t a = r.arrival[c * r.slots + slot];
            if (a == 0) {
                ++missing;
                continue;
            }
            const std::int64_t at = static_cast<std::int64_t>(a) - 1;
            if (at < commit) {
                ++negative;
            }
            commitToClient.push_back(std::max<std::int64_t>(0, at - commit));
            sendToClient.push_back(at - s.sentUs[i]);
            first = std::min(first, at);
            last = std::max(last, at);
        }
        if (last >= first) {
            worstFirst.push_back({first - commit, commit});
            commitToFirst.push_back(std::max<std::int64_t>(0, first - commit));
            commitToLast.push_back(std::max<std::int64_t>(0, last - commit));
        }
    }

    // The slowest events to reach their first client, with their commit time (UTC): to line
    // up a stall with the server's and PostgreSQL's logs.
    std::sort(worstFirst.begin(), worstFirst.end(), std::greater<>());
    for (std::size_t k = 0; k < worstFirst.size() && k < 10; ++k) {
        const std::time_t at =
            static_cast<std::time_t>((worstFirst[k].second + gT0RealUs) / 1'000'000);
        char stamp[32];
        std::strftime(stamp, sizeof stamp, "%H:%M:%S", std::gmtime(&at));
        std::fprintf(
            stderr, "feed-load: slow event: committed %s.%03lld, first client after %.1f ms\n",
            stamp, static_cast<long long>((worstFirst[k].second + gT0RealUs) / 1000 % 1000),
            static_cast<double>(worstFirst[k].first) / 1000.0);
    }
    const long hz = sysconf(_SC_CLK_TCK);
    const double window = static_cast<double>(sendEndUs - sendStartUs) / 1e6;
    const auto cpuSeconds = [](const rusage& a, const rusage& b) {
        const auto us = [](const timeval& t) { return t.tv_sec * 1'000'000L + t.tv_usec; };
        return static_cast<double>(us(b.ru_utime) - us(a.ru_utime) + us(b.ru_stime) -
                                   us(a.ru_stime)) /
               1e6;
    };
    std::uint64_t inWindow = 0;
    std::uint64_t peak = 0;
    for (auto sec = static_cast<std::size_t>(sendStartUs / 1'000'000) + 1;
         sec < static_cast<std::size_t>(sendEndUs / 1'000'000) && sec < r.perSecond.size(); ++sec) {
        inWindow += r.perSecond[sec];
        peak = std::max(peak, r.perSecond[sec]);
    }
    const auto fullSeconds =
        std::max<std::int64_t>(1, sendEndUs / 1'000'000 - sendStartUs / 1'000'000 - 1);
    std::int64_t maxLate = 0;
    for (const auto l : s.lateUs) {
        maxLate = std::max(maxLate, l);
    }
    std::uint64_t messages = 0;
    for (const auto& c : r.clients) {
        messages += c.messages;
    }
    int closedCodes4408 = 0;
    std::map<int, int> closeCodes;
    for (const auto& c : r.clients) {
        if (c.closeCode != 0) {
            ++closeCodes[c.closeCode];
        }
        closedCodes4408 += c.closeCode == 4408 ? 1 : 0;
    }
    std::string codes;
    for (const auto& [code, n] : closeCodes) {
        codes += (codes.empty() ? "" : ",") + std::to_string(n) + "x" + std::to_string(code);
    }

    std::ostringstream o;
    o.setf(std::ios::fixed);
    o.precision(2);
    o << "method " << (commitTs ? "commit_timestamp" : "storefront_answer") << "\n"
      << "clients " << opt.clients << "\n"
      << "clients_ready " << readyClients << "\n"
      << "clients_lost " << r.lostClients << "\n"
      << "close_codes " << (codes.empty() ? "none" : codes) << "\n"
      << "orders_sent " << total << "\n"
      << "orders_ok " << ok << "\n"
      << "orders_in_db " << rows.size() << "\n"
      << "send_seconds " << window << "\n"
      << "sender_max_late_ms " << static_cast<double>(maxLate) / 1000.0 << "\n"
      << "orders_per_s " << static_cast<double>(ok) / window << "\n"
      << "messages " << messages << "\n"
      << "deliveries " << r.deliveries.load() << "\n"
      << "deliveries_expected " << expected << "\n"
      << "missing " << missing << "\n"
      << "duplicates " << r.duplicates << "\n"
      << "out_of_order " << r.disorder << "\n"
      << "arrived_before_commit " << negative << "\n"
      << "deliveries_per_s " << static_cast<double>(inWindow) / static_cast<double>(fullSeconds)
      << "\n"
      << "deliveries_per_s_peak " << peak << "\n"
      << "latency_p50_ms " << percentile(commitToClient, 50) << "\n"
      << "latency_p99_ms " << percentile(commitToClient, 99) << "\n"
      << "latency_p999_ms " << percentile(commitToClient, 99.9) << "\n"
      << "latency_max_ms " << percentile(commitToClient, 100) << "\n"
      << "first_client_p50_ms " << percentile(commitToFirst, 50) << "\n"
      << "first_client_p99_ms " << percentile(commitToFirst, 99) << "\n"
      << "last_client_p50_ms " << percentile(commitToLast, 50) << "\n"
      << "last_client_p99_ms " << percentile(commitToLast, 99) << "\n"
      << "send_to_client_p50_ms " << percentile(sendToClient, 50) << "\n"
      << "send_to_client_p99_ms " << percentile(sendToClient, 99) << "\n"
      << "storefront_p50_ms " << percentile(storefront, 50) << "\n"
      << "storefront_p99_ms " << percentile(storefront, 99) << "\n"
      << "commit_to_answer_p50_ms " << percentile(commitToAnswer, 50) << "\n"
      << "load_client_cpu_s " << cpuSeconds(self0, self1) << "\n";
    if (opt.serverPid) {
        o << "server_cpu_s " << static_cast<double>(ticks1 - ticks0) / static_cast<double>(hz)
          << "\n"
          << "server_cpu_pct "
          << 100.0 * static_cast<double>(ticks1 - ticks0) / static_cast<double>(hz) / window << "\n"
          << "server_cpu_drain_s " << static_cast<double>(ticks2 - ticks1) / static_cast<double>(hz)
          << "\n"
          << "server_rss_avg_mb " << (rssSamples ? rssSumKb / rssSamples / 1024.0 : 0.0) << "\n"
          << "server_rss_max_mb " << static_cast<double>(rssMaxKb) / 1024.0 << "\n"
          << "server_hwm_mb " << static_cast<double>(hwmKb) / 1024.0 << "\n";
    }
    std::cout << o.str() << std::flush;
    if (!opt.out.empty()) {
        std::ofstream(opt.out) << o.str();
    }
    return 0;
} catch (const std::exception& e) {
    std::fprintf(stderr, "feed-load: %s\n", e.what());
    return 1;
}
