#include "cache/list_estimate.h"

#include <algorithm>
#include <boost/json/parse.hpp>
#include <pqxx/pqxx>

namespace opsdesk::server::cache {

namespace {

constexpr std::int64_t kExactUpTo = 10'000;
constexpr std::int64_t kPlannerFrom = 100'000;
constexpr std::int64_t kKeptFrom = 1'000;

}  // namespace

EstimateCache::Estimate estimateMatches(pqxx::transaction_base& tx, EstimateCache& cache,
                                        const ChangeListener& changes,
                                        const std::vector<std::string>& matching,
                                        const std::vector<std::optional<std::string>>& params) {
    std::string key;
    for (const auto& m : matching) {
        key += m;
        key += '\x1d';
    }
    for (const auto& v : params) {
        key += '\x1f';
        key += v.value_or("\x1e");
    }
    // The generation a count is kept under is read before counting: a change committed
    // meanwhile moves it, and the count is made again.
    const std::uint64_t generation = changes.cacheableDataGeneration();
    if (const auto cached = cache.get(key, generation)) {
        return *cached;
    }
    std::string all;     // the ids of every match, once each
    std::string capped;  // the same, each branch stopping after kExactUpTo + 1
    const std::string cap = std::to_string(kExactUpTo + 1);
    for (const auto& m : matching) {
        all += all.empty() ? "" : " UNION ";
        all += m;
        capped += capped.empty() ? "" : " UNION ";
        capped += "(" + m + " LIMIT " + cap + ")";
    }
    const auto dynamic = pqxx::prepare::make_dynamic_params(params);
    const auto plan = tx.exec_params("EXPLAIN (FORMAT JSON) " + all, dynamic);
    const auto planned = boost::json::parse(plan[0][0].c_str())
                             .at(0)
                             .at("Plan")
                             .at("Plan Rows")
                             .to_number<std::int64_t>();
    EstimateCache::Estimate estimate{planned, false};
    if (planned <= kPlannerFrom) {
        estimate.total = tx.exec_params("SELECT count(*) FROM (SELECT id FROM (" + capped +
                                            ") u LIMIT " + cap + ") s",
                                        dynamic)[0][0]
                             .as<std::int64_t>();
        estimate.exact = estimate.total <= kExactUpTo;
        if (!estimate.exact) {
            estimate.total = std::max<std::int64_t>(planned, kExactUpTo + 1);
        }
    }
    if (estimate.total >= kKeptFrom) {
        cache.put(key, generation, estimate, changes.cacheableDataGeneration());
    }
    return estimate;
}

}  // namespace opsdesk::server::cache
