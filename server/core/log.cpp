#include "core/log.h"

#include <boost/json/serialize.hpp>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <mutex>

#include "http/server.h"

namespace opsdesk::server::log {

namespace {
std::mutex gMutex;

void emit(std::string_view level, std::string_view msg, boost::json::object fields) {
    boost::json::object line;
    line["ts"] = nowRfc3339();
    line["level"] = level;
    line["msg"] = msg;
    for (auto& kv : fields) {
        line[kv.key()] = std::move(kv.value());
    }
    write(std::move(line));
}
}  // namespace

std::string nowRfc3339() {
    const auto now = std::chrono::system_clock::now();
    const auto secs = std::chrono::time_point_cast<std::chrono::seconds>(now);
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now - secs).count();
    const std::time_t t = std::chrono::system_clock::to_time_t(secs);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[64];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                  tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                  static_cast<int>(ms));
    return buf;
}

void write(boost::json::object line) {
    if (!line.contains("ts")) {
        line["ts"] = nowRfc3339();
    }
    std::string text = boost::json::serialize(line);
    text.push_back('\n');
    const std::lock_guard lock(gMutex);
    std::fwrite(text.data(), 1, text.size(), stderr);
    std::fflush(stderr);
}

void request(const http::AccessLogEntry& e) {
    // Built by hand so that `ms` reads 12.34 rather than Boost.JSON's 1.234E1.
    char ms[32];
    std::snprintf(ms, sizeof ms, "%.2f", e.ms);
    auto str = [](std::string_view s) { return boost::json::serialize(boost::json::string(s)); };
    std::string line = "{\"ts\":" + str(nowRfc3339()) +
                       ",\"level\":\"info\",\"request_id\":" + str(e.requestId) +
                       ",\"method\":" + str(e.method) + ",\"path\":" + str(e.path) +
                       ",\"status\":" + std::to_string(e.status) + ",\"ms\":" + ms +
                       ",\"user\":" + str(e.user) + ",\"address\":" + str(e.remoteAddress) +
                       (e.cache.empty() ? "" : ",\"cache\":" + str(e.cache)) + "}\n";
    const std::lock_guard lock(gMutex);
    std::fwrite(line.data(), 1, line.size(), stderr);
    std::fflush(stderr);
}

void info(std::string_view msg, boost::json::object fields) {
    emit("info", msg, std::move(fields));
}
void warn(std::string_view msg, boost::json::object fields) {
    emit("warn", msg, std::move(fields));
}
void error(std::string_view msg, boost::json::object fields) {
    emit("error", msg, std::move(fields));
}

}  // namespace opsdesk::server::log
