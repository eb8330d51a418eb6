// bench/finance/engine_bench: the matcher alone (runEngine) over the same mix
// bench/finance/seed.sql writes, without the database: how long the engine itself takes at a
// million lines, and a checksum of every outcome (rules, scores, payments, reasons' words) so that
// a change made for speed can be shown to change nothing.
//
//   g++ -std=c++20 -O2 -DNDEBUG -Iserver -Iprotocol/include -o engine_bench \
//       bench/finance/engine_bench.cpp server/finance/match_engine.cpp protocol/src/money.cpp
//   ./engine_bench [LINES] [PAYMENTS]     (default 1000000 each)

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "finance/match_engine.h"

using namespace opsdesk::server::finance;

namespace {

std::int64_t amountOf(std::int64_t n) {
    return 100 + (n * 2654435761LL) % 4999901;
}

std::string refOf(std::int64_t n) {
    char buf[64];
    switch (n % 4) {
        case 0:
            std::snprintf(buf, sizeof buf, "2025%08lld%010lld", (long long)(n * 7919 % 100000000),
                          (long long)n);
            break;
        case 1:
            std::snprintf(buf, sizeof buf, "4200%012lld%04lld", (long long)n,
                          (long long)(n * 31 % 10000));
            break;
        case 2:
            std::snprintf(buf, sizeof buf, "ch_3Q%llX%09lld",
                          (unsigned long long)(n * 2654435761LL % 4294967296LL), (long long)n);
            break;
        default:
            std::snprintf(buf, sizeof buf, "%04llXPP%011lld",
                          (unsigned long long)(n * 40503 % 65536), (long long)n);
    }
    return buf;
}

std::uint64_t mix(std::uint64_t h, std::string_view s) {
    for (const char c : s) {
        h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
    }
    return (h ^ 0xff) * 1099511628211ULL;
}
std::uint64_t mix(std::uint64_t h, std::int64_t v) {
    return mix(h, std::to_string(v));
}

}  // namespace

int main(int argc, char** argv) {
    const std::int64_t lines = argc > 1 ? std::atoll(argv[1]) : 1000000;
    const std::int64_t payments = argc > 2 ? std::atoll(argv[2]) : 1000000;
    const int day0 = daysFromIso("2025-01-01");
    EngineInput in;
    in.rules = defaultRules();
    for (auto& r : in.rules) {
        if (r.kind == RuleKind::AmountDate) {
            r.autoAcceptScore = 70;  // as bench/finance/run sets it
        }
    }
    static const char* providers[] = {"alipay", "wechatpay", "stripe", "paypal"};
    in.payments.reserve(static_cast<std::size_t>(payments));
    for (std::int64_t n = 1; n <= payments; ++n) {
        const auto a = amountOf(n);
        in.payments.push_back(
            {n, providers[n % 4], refOf(n), a, a, "CNY", day0 + static_cast<int>((n - 1) % 365)});
    }
    in.lines.reserve(static_cast<std::size_t>(lines));
    for (std::int64_t n = 1; n <= lines; ++n) {
        const auto k = n % 100;
        const auto a = amountOf(n);
        EngineLine l;
        l.id = n;
        const int shift = static_cast<int>(k < 70 ? n % 2 : k < 90 ? n % 3 : n % 2);
        l.bookedDay = l.valueDay = day0 + static_cast<int>((n - 1) % 365) + shift;
        l.amountMinor = k < 90 ? a : k < 95 ? a - a * 6 / 1000 : 100 + (n * 40503) % 3999983;
        l.currency = "CNY";
        l.counterparty = "Customer " + std::to_string(1 + n % 1000);
        char stray[32];
        std::snprintf(stray, sizeof stray, "NOTOURS%010lld", (long long)n);
        l.reference = k < 70 || (k >= 90 && k < 95) ? refOf(n) : k < 90 ? "" : stray;
        l.remittance = "Payment order B" + std::to_string(n);
        in.lines.push_back(std::move(l));
    }
    const auto started = std::chrono::steady_clock::now();
    const auto outcomes = runEngine(in);
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                        std::chrono::steady_clock::now() - started)
                        .count();
    std::uint64_t h = 14695981039346656037ULL;
    std::int64_t matched = 0, suggested = 0;
    for (const auto& o : outcomes) {
        const auto one = [&](const Proposal& p) {
            h = mix(h, ruleName(p.rule));
            h = mix(h, static_cast<std::int64_t>(p.score));
            h = mix(h, p.writeOffMinor);
            for (std::size_t k = 0; k < p.payments.size(); ++k) {
                h = mix(h, static_cast<std::int64_t>(p.payments[k]));
                h = mix(h, p.shares[k]);
            }
            for (const auto& r : p.reasons) {
                h = mix(h, r.code);
                h = mix(h, r.text);
                h = mix(h, r.number.value_or(-999999));
            }
        };
        if (o.accepted) {
            ++matched;
            one(*o.accepted);
        } else if (!o.suggestions.empty()) {
            ++suggested;
        }
        for (const auto& s : o.suggestions) {
            one(s);
        }
        h = mix(h, std::string_view("|"));
    }
    std::printf(
        "engine: %lld lines, %lld payments: %lld ms; matched %lld, suggested %lld; "
        "outcomes checksum %016llx\n",
        (long long)lines, (long long)payments, (long long)ms, (long long)matched,
        (long long)suggested, (unsigned long long)h);
    return 0;
}
