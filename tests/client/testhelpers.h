#pragma once

#include <QList>
#include <QObject>
#include <QTimer>
#include <QUrl>
#include <QUrlQuery>
#include <chrono>
#include <functional>
#include <memory>

#include "fakehttpserver.h"
#include "services-client/api/apiclient.h"

namespace opsdesk::test {

// Stands in for the retry timer: records each requested delay and runs the action on the next
// event-loop turn, so retry tests need no sleeping.
struct RecordingScheduler {
    QList<std::chrono::milliseconds> delays;

    void install(client::ApiClient* api) {
        api->setScheduler([this](std::chrono::milliseconds delay, QObject* context,
                                 std::function<void()> action) {
            delays.append(delay);
            QTimer::singleShot(0, context, std::move(action));
        });
    }
};

// A scripted server on a loopback port and an ApiClient pointed at it (5 s per request), made
// fresh for each test function: start() in init(), nothing to tear down by hand.
struct ScriptedApi {
    std::unique_ptr<FakeHttpServer> server;
    std::unique_ptr<client::ApiClient> api;

    bool start() {
        api.reset();
        server = std::make_unique<FakeHttpServer>();
        if (!server->listen()) {
            return false;
        }
        api = std::make_unique<client::ApiClient>();
        api->setBaseUrl(server->baseUrl());
        api->setDefaultTimeout(std::chrono::seconds(5));
        return true;
    }
    // The API goes first: its requests still in flight must not outlive the server's sockets.
    ~ScriptedApi() { api.reset(); }
};

// One page of a list of `total` items as the server answers it, paged by offset cursors: the
// items item(offset) … of the request's limit, the next cursor (null at the end) and, on the
// first page, the exact total.
inline FakeHttpServer::Response offsetPage(const FakeHttpServer::Request& request, int total,
                                           const std::function<QByteArray(int index)>& item) {
    const QUrlQuery q(QUrl(QString::fromLatin1(request.path)).query());
    const int offset = q.queryItemValue(QStringLiteral("cursor")).toInt();
    const int limit = q.queryItemValue(QStringLiteral("limit")).toInt();
    QByteArray body = "{\"items\":[";
    const int end = qMin(total, offset + limit);
    for (int i = offset; i < end; ++i) {
        body += (i > offset ? "," : "") + item(i);
    }
    body += "],\"next_cursor\":";
    body += end < total ? "\"" + QByteArray::number(end) + "\"" : QByteArray("null");
    if (offset == 0) {
        body += ",\"total_estimate\":" + QByteArray::number(total) + ",\"total_is_exact\":true";
    }
    body += "}";
    return FakeHttpServer::Response::json(200, body);
}

}  // namespace opsdesk::test
