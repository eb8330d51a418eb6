// opsdesk-sim: a storefront that hands orders, payments and cancellations to an OpsDesk server
// at a steady rate, the way a real shop would, so that the demo is alive and benchmarks have
// load.
//
//   opsdesk-sim --url https://127.0.0.1:8443 --service-key K [--ca-file ca.pem]
//               [--rate 20] [--duration 60 | --count 1000] [--seed 1]

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/json.hpp>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <deque>
#include <iostream>
#include <optional>
#include <random>
#include <string>
#include <thread>

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace json = boost::json;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

namespace {

volatile std::sig_atomic_t gStop = 0;

struct Options {
    std::string url = "http://127.0.0.1:8443";
    std::string serviceKey;
    std::string caFile;
    double rate = 20;
    std::optional<double> duration;
    std::optional<long> count;
    unsigned seed = std::random_device{}();
};

struct Target {
    bool tls = false;
    std::string host;
    std::string port;
};

Target parseUrl(const std::string& url) {
    Target t;
    std::string rest = url;
    if (rest.starts_with("https://")) {
        t.tls = true;
        rest = rest.substr(8);
    } else if (rest.starts_with("http://")) {
        rest = rest.substr(7);
    } else {
        throw std::invalid_argument("--url must start with http:// or https://");
    }
    rest = rest.substr(0, rest.find('/'));
    const auto colon = rest.rfind(':');
    t.host = colon == std::string::npos ? rest : rest.substr(0, colon);
    t.port = colon == std::string::npos ? (t.tls ? "443" : "80") : rest.substr(colon + 1);
    return t;
}

// One keep-alive connection, reopened when the server closes it.
class Client {
public:
    Client(Target target, std::string serviceKey, const std::string& caFile)
        : target_(std::move(target)),
          key_(std::move(serviceKey)),
          ssl_(asio::ssl::context::tls_client) {
        ssl_.set_default_verify_paths();
        if (!caFile.empty()) {
            ssl_.load_verify_file(caFile);
        }
        ssl_.set_verify_mode(asio::ssl::verify_peer);
    }

    // POSTs JSON; returns the status (0 when the server could not be reached).
    int post(const std::string& path, const std::string& body) {
        for (int attempt = 0; attempt < 2; ++attempt) {
            try {
                connect();
                http::request<http::string_body> req{http::verb::post, path, 11};
                req.set(http::field::host, target_.host);
                req.set(http::field::content_type, "application/json");
                req.set("X-Api-Key", key_);
                req.body() = body;
                req.prepare_payload();
                http::response<http::string_body> res;
                if (tls_) {
                    http::write(*tls_, req);
                    http::read(*tls_, buffer_, res);
                } else {
                    http::write(*plain_, req);
                    http::read(*plain_, buffer_, res);
                }
                if (!res.keep_alive()) {
                    reset();
                }
                return static_cast<int>(res.result_int());
            } catch (const std::exception& e) {
                reset();
                if (attempt == 1) {
                    std::cerr << "opsdesk-sim: " << e.what() << "\n";
                }
            }
        }
        return 0;
    }

private:
    void connect() {
        if (plain_ || tls_) {
            return;
        }
        tcp::resolver resolver(io_);
        const auto endpoints = resolver.resolve(target_.host, target_.port);
        if (target_.tls) {
            tls_.emplace(io_, ssl_);
            SSL_set_tlsext_host_name(tls_->native_handle(), target_.host.c_str());
            tls_->set_verify_callback(asio::ssl::host_name_verification(target_.host));
            beast::get_lowest_layer(*tls_).connect(endpoints);
            tls_->handshake(asio::ssl::stream_base::client);
        } else {
            plain_.emplace(io_);
            plain_->connect(endpoints);
        }
    }
    void reset() {
        plain_.reset();
        tls_.reset();
        buffer_.clear();
    }

    Target target_;
    std::string key_;
    asio::io_context io_;
    asio::ssl::context ssl_;
    std::optional<beast::tcp_stream> plain_;
    std::optional<beast::ssl_stream<beast::tcp_stream>> tls_;
    beast::flat_buffer buffer_;
};

struct Product {
    const char* sku;
    const char* title;
    long price;
};

constexpr Product kProducts[] = {
    {"TEA-001", "Longjing green tea 250 g", 1999},
    {"TEA-002", "Tieguanyin oolong 200 g", 2599},
    {"TEA-003", "Pu-erh cake 357 g", 8800},
    {"CUP-001", "Celadon tea cup", 3900},
    {"POT-001", "Yixing clay teapot", 36800},
    {"SNK-001", "Osmanthus cakes (box of 12)", 4200},
    {"GFT-001", "Mid-autumn gift box", 29900},
    {"ACC-001", "Bamboo tea tray", 15800},
    {"TEA-007", "Matcha ceremonial grade 30 g", 6800},
    {"HOM-003", "Incense set sandalwood", 4900},
};
constexpr const char* kGiven[] = {"Wei", "Fang", "Min", "Jing", "Lei",
                                  "Yan", "Hui",  "Tao", "Xin",  "Ying"};
constexpr const char* kFamily[] = {"Wang", "Li",    "Zhang", "Liu", "Chen",
                                   "Yang", "Huang", "Zhao",  "Wu",  "Zhou"};

std::string isoNow() {
    const auto t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

Options parse(int argc, char** argv) {
    Options o;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= argc) {
                throw std::invalid_argument(a + " needs a value");
            }
            return argv[++i];
        };
        if (a == "--url") {
            o.url = value();
        } else if (a == "--service-key") {
            o.serviceKey = value();
        } else if (a == "--ca-file") {
            o.caFile = value();
        } else if (a == "--rate") {
            o.rate = std::stod(value());
        } else if (a == "--duration") {
            o.duration = std::stod(value());
        } else if (a == "--count") {
            o.count = std::stol(value());
        } else if (a == "--seed") {
            o.seed = static_cast<unsigned>(std::stoul(value()));
        } else if (a == "--help" || a == "-h") {
            std::cout << "usage: opsdesk-sim --url URL --service-key K [--ca-file PEM] "
                         "[--rate PER_SECOND] [--duration SECONDS | --count N] [--seed S]\n";
            std::exit(0);
        } else {
            throw std::invalid_argument("unknown option " + a);
        }
    }
    if (const char* k = std::getenv("OPSDESK_SERVICE_KEY"); o.serviceKey.empty() && k) {
        o.serviceKey = k;
    }
    if (o.serviceKey.empty()) {
        throw std::invalid_argument("--service-key (or OPSDESK_SERVICE_KEY) is required");
    }
    if (o.rate <= 0 || o.rate > 10000) {
        throw std::invalid_argument("--rate must be between 0 and 10000 a second");
    }
    return o;
}

}  // namespace

int main(int argc, char** argv) {
    Options options;
    try {
        options = parse(argc, argv);
    } catch (const std::exception& e) {
        std::cerr << "opsdesk-sim: " << e.what() << "\n";
        return 2;
    }
    std::signal(SIGINT, [](int) { gStop = 1; });
    std::signal(SIGTERM, [](int) { gStop = 1; });
    Client client(parseUrl(options.url), options.serviceKey, options.caFile);
    std::mt19937_64 rng(options.seed);
    std::uniform_real_distribution<double> unit(0, 1);
    const std::string run =
        std::to_string(options.seed) + "-" +
        std::to_string(std::chrono::system_clock::now().time_since_epoch().count() % 1000000007);

    // Orders wait a little before their payment arrives, like a real checkout.
    struct Pending {
        Clock::time_point due;
        std::string externalId;
        long total;
        bool abandon;
    };
    std::deque<Pending> pending;
    long sent = 0, paid = 0, cancelled = 0, failed = 0;
    const auto start = Clock::now();
    const auto interval = std::chrono::duration<double>(1.0 / options.rate);
    auto next = start;
    while (!gStop) {
        const auto now = Clock::now();
        const bool timeUp = options.duration &&
                            std::chrono::duration<double>(now - start).count() >= *options.duration;
        const bool countDone = options.count && sent >= *options.count;
        if ((timeUp || countDone) && pending.empty()) {
            break;
        }
        while (!pending.empty() && (pending.front().due <= now || timeUp || countDone)) {
            const auto p = pending.front();
            pending.pop_front();
            int status = 0;
            if (p.abandon) {
                status =
                    client.post("/api/v1/storefront/cancellations",
                                json::serialize(json::object{{"order_external_id", p.externalId},
                                                             {"reason", "Checkout abandoned"}}));
                cancelled += status / 100 == 2;
            } else {
                status = client.post("/api/v1/storefront/payments",
                                     json::serialize(json::object{
                                         {"order_external_id", p.externalId},
                                         {"provider", unit(rng) < 0.5 ? "alipay" : "wechat"},
                                         {"provider_ref", "sim-pay-" + p.externalId},
                                         {"amount_minor", p.total},
                                         {"currency", "CNY"},
                                         {"captured_at", isoNow()}}));
                paid += status / 100 == 2;
            }
            failed += status / 100 != 2;
        }
        if (!timeUp && !countDone && now >= next) {
            const long id = ++sent;
            const std::string ext = "sim-" + run + "-" + std::to_string(id);
            const int customer = static_cast<int>(std::pow(unit(rng), 2.0) * 5000);
            const std::string given = kGiven[customer % 10];
            const std::string family = kFamily[(customer / 10) % 10];
            json::array items;
            long subtotal = 0;
            const int lines = 1 + static_cast<int>(std::pow(unit(rng), 2.0) * 3);
            for (int l = 0; l < lines; ++l) {
                const auto& p = kProducts[static_cast<int>(std::pow(unit(rng), 1.8) * 10) % 10];
                const int qty = unit(rng) < 0.8 ? 1 : 2;
                subtotal += p.price * qty;
                items.push_back(json::object{{"sku", p.sku},
                                             {"title", p.title},
                                             {"quantity", qty},
                                             {"unit_price_minor", p.price}});
            }
            const long shipping = subtotal >= 9900 ? 0 : 800;
            const long total = subtotal + shipping;
            json::object order{
                {"external_id", ext},
                {"currency", "CNY"},
                {"created_at", isoNow()},
                {"customer", json::object{{"external_id", "sim-c-" + std::to_string(customer)},
                                          {"name", given + " " + family},
                                          {"email",
                                           [&] {
                                               std::string e = given + "." + family +
                                                               std::to_string(customer) +
                                                               "@example.com";
                                               for (char& c : e) {
                                                   c = static_cast<char>(std::tolower(c));
                                               }
                                               return e;
                                           }()}}},
                {"items", std::move(items)},
                {"shipping_minor", shipping},
                {"discount_minor", 0},
                {"tax_minor", 0},
                {"total_minor", total}};
            const int status = client.post("/api/v1/storefront/orders", json::serialize(order));
            if (status / 100 == 2) {
                const bool abandon = unit(rng) < 0.08;
                pending.push_back(
                    {now + std::chrono::milliseconds(300 + static_cast<int>(unit(rng) * 2700)), ext,
                     total, abandon});
            } else {
                ++failed;
            }
            next += std::chrono::duration_cast<Clock::duration>(interval);
            if (next < now - std::chrono::seconds(1)) {
                next = now;  // fell behind: do not burst to catch up
            }
        }
        std::this_thread::sleep_until(std::min(next, pending.empty() ? next : pending.front().due));
    }
    std::cout << "opsdesk-sim: sent " << sent << " orders, " << paid << " payments, " << cancelled
              << " cancellations, " << failed << " failed requests\n";
    return failed > 0 && sent > 0 && failed == sent ? 1 : 0;
}
