#pragma once

// What the promotions sources share among themselves; not for other modules.

#include <cstdint>
#include <optional>
#include <pqxx/connection>
#include <pqxx/transaction_base>
#include <string>
#include <string_view>
#include <vector>

#include "api/call.h"
#include "http/message.h"

namespace opsdesk::server::promotions {

// The promotion as the API answers it (OPSDESK_SQL_PROMOTION_JSON) and its version, read in
// `tx`; nullopt when there is none.
struct PromotionRow {
    std::string json;
    int version = 0;
};
std::optional<PromotionRow> readPromotion(pqxx::transaction_base& tx, std::int64_t id);

// Publishes promotion.updated with the promotion as it is in `tx` (plus `changed_by` when a user
// changed it).
void publishPromotion(pqxx::transaction_base& tx, std::int64_t id, const api::Principal* actor);

// Publishes the stock of those of `promotionIds` whose last claims have not been published yet,
// in a transaction of its own (Storefront's flush).
void publishUntoldStock(pqxx::connection& c, const std::vector<std::int64_t>& promotionIds);

// A SKU name as the catalog allows it (migration 0011's pattern), and the key it is known by
// (SKUs are unique whatever their case).
bool plausibleSku(std::string_view sku);
std::string skuKey(std::string_view sku);

// `{1,2,3}`: ids as one PostgreSQL array parameter.
std::string idArray(const std::vector<std::int64_t>& ids);

// After a write that changes what the storefront's prices depend on has committed: this
// instance's price book forgets at once, before the notification comes round.
void catalogChanged(api::Call& call);

}  // namespace opsdesk::server::promotions
