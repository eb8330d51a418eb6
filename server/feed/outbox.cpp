#include "feed/outbox.h"

#include <boost/json/serialize.hpp>
#include <pqxx/pqxx>

namespace opsdesk::server::feed {

void publish(pqxx::transaction_base& tx, protocol::EventKind kind, std::int64_t entityId,
             std::optional<int> entityVersion, const boost::json::object& payload,
             std::optional<std::int64_t> actorId) {
    const auto& info = protocol::info(kind);
    tx.exec_params(
        "INSERT INTO events (topic, kind, entity_id, entity_version, actor_id, payload) "
        "VALUES ($1, $2, $3, $4, $5, $6::jsonb)",
        std::string(protocol::toString(info.topic)), std::string(info.name), entityId,
        entityVersion, actorId, boost::json::serialize(payload));
    // Delivered at commit, and only then; several in one transaction arrive as one.
    tx.exec_params("SELECT pg_notify($1, '')", kOutboxChannel);
}

std::size_t publishSelected(pqxx::transaction_base& tx, protocol::EventKind kind,
                            const std::string& select,
                            std::vector<std::optional<std::string>> params,
                            std::optional<std::int64_t> actorId) {
    const auto& info = protocol::info(kind);
    const auto n = params.size();
    params.emplace_back(std::string(protocol::toString(info.topic)));
    params.emplace_back(std::string(info.name));
    params.emplace_back(actorId ? std::optional(std::to_string(*actorId)) : std::nullopt);
    const auto inserted = tx.exec_params(
        "INSERT INTO events (topic, kind, entity_id, entity_version, actor_id, payload) "
        "SELECT $" +
            std::to_string(n + 1) + ", $" + std::to_string(n + 2) +
            ", e.entity_id, e.entity_version, $" + std::to_string(n + 3) +
            "::bigint, e.payload FROM (" + select + ") AS e (entity_id, entity_version, payload)",
        pqxx::prepare::make_dynamic_params(params));
    const auto count = static_cast<std::size_t>(inserted.affected_rows());
    if (count > 0) {
        tx.exec_params("SELECT pg_notify($1, '')", kOutboxChannel);
    }
    return count;
}

void steerToIndexScans(pqxx::connection_base& c) {
    pqxx::nontransaction tx(c);
    tx.exec("SET enable_seqscan = off; SET enable_bitmapscan = off");
}

}  // namespace opsdesk::server::feed
