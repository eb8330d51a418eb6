#pragma once

#include <boost/json/object.hpp>
#include <string_view>

namespace opsdesk::server::log {

// One JSON object per line on standard error, written whole (no interleaving between threads).
// Every line carries "ts" and "level". Never pass secrets (passwords, tokens) in here.
void write(boost::json::object line);

void info(std::string_view msg, boost::json::object fields = {});
void warn(std::string_view msg, boost::json::object fields = {});
void error(std::string_view msg, boost::json::object fields = {});

std::string nowRfc3339();

}  // namespace opsdesk::server::log

namespace opsdesk::server::http {
struct AccessLogEntry;
}

namespace opsdesk::server::log {

// The request log line of the contract: ts, request_id, method, path, status, ms, user.
void request(const http::AccessLogEntry& entry);  // 2026-11-22T09:30:00.123Z

}  // namespace opsdesk::server::log
