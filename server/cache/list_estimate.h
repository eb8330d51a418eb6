#pragma once

#include <optional>
#include <pqxx/transaction_base>
#include <string>
#include <vector>

#include "cache/change_listener.h"
#include "cache/estimate_cache.h"

namespace opsdesk::server::cache {

// How many rows a list's filter matches, for its first page ("about 1.2 million"): the orders
// list, the products list. `matching` holds the SELECTs of the matching rows' ids, one per
// branch of the filter (a row may match several; it counts once), with `params` as their
// parameters. The planner's estimate costs a plan, not a scan, and is good enough when it
// expects more than 100,000 rows; below that the rows are counted exactly up to 10,000. Big
// counts are kept in `cache` by filter under the data generation read before counting (the same
// filter is asked for again and again while people page and refresh).
EstimateCache::Estimate estimateMatches(pqxx::transaction_base& tx, EstimateCache& cache,
                                        const ChangeListener& changes,
                                        const std::vector<std::string>& matching,
                                        const std::vector<std::optional<std::string>>& params);

}  // namespace opsdesk::server::cache
