#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <pqxx/transaction_base>
#include <string>
#include <vector>

#include "opsdesk/protocol/events.h"

namespace opsdesk::server::feed {

// Records an event in the caller's transaction: it is published if and only if the change it
// describes commits. The sequencer numbers it after the commit and the feed delivers it.
void publish(pqxx::transaction_base& tx, protocol::EventKind kind, std::int64_t entityId,
             std::optional<int> entityVersion, const boost::json::object& payload,
             std::optional<std::int64_t> actorId = std::nullopt);

// The same for many events in one statement: one event per row of `select`, a SELECT of
// (entity_id, entity_version, payload jsonb) whose own parameters are `params` ($1...). Returns
// how many events it recorded.
std::size_t publishSelected(pqxx::transaction_base& tx, protocol::EventKind kind,
                            const std::string& select,
                            std::vector<std::optional<std::string>> params,
                            std::optional<std::int64_t> actorId = std::nullopt);

// For the feed's dedicated sessions (sequencer, dispatcher, replay), which only ever walk the
// events table's indexes in order: no sequential or bitmap scans whatever the statistics say
// (see prepareNumbering in sequencer.cpp).
void steerToIndexScans(pqxx::connection_base& c);

inline constexpr const char* kOutboxChannel = "opsdesk_outbox";  // "something to number"
inline constexpr const char* kEventsChannel = "opsdesk_events";  // "new ids up to N"

}  // namespace opsdesk::server::feed
