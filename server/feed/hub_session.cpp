// One desk's connection to the live feed: its first message (auth), its subscription with the
// replay of what it missed, and the checks that its session still holds while it is open.

#include <boost/json/parse.hpp>
#include <pqxx/pqxx>

#include "app/server_app.h"
#include "auth/auth_service.h"
#include "auth/tokens.h"
#include "core/log.h"
#include "feed/hub_client.h"
#include "opsdesk/protocol/feed.h"

namespace opsdesk::server::feed {

namespace {

using protocol::FeedClose;

constexpr std::size_t kReplayChunk = 2000;
// A session re-checked after this much is still looked at again soon: its next check is due
// when it would run out, and the moment is only known to the second.
constexpr auto kExpiryMargin = std::chrono::milliseconds(500);

std::string errorMessage(std::string_view code, std::string_view topic = {}) {
    std::string m = R"({"type":"error","code":)" + jsonString(code);
    if (!topic.empty()) {
        m += R"(,"topic":)" + jsonString(topic);
    }
    return m + "}";
}

}  // namespace

void notAWebSocket(App&, http::Request&&, http::Responder respond) {
    auto r = http::Response::json(
        400, http::errorBody("bad_request",
                             "The live feed is a WebSocket: connect with an Upgrade request"));
    r.headers.set("Upgrade", "websocket");
    respond(std::move(r));
}

std::chrono::steady_clock::time_point FeedHub::nextCheck(const api::Principal& principal) const {
    // Not later than the session would run out unused: feed traffic does not count as activity,
    // so an idle session ends while its feed is open, as it would otherwise.
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(
            std::chrono::duration<double>(std::max(0.0, principal.sessionSecondsLeft))) +
        kExpiryMargin;
    return std::chrono::steady_clock::now() + std::min(app_.config().feedSessionCheck, left);
}

void FeedHub::accept(const http::Request&, std::shared_ptr<http::WebSocket> socket) {
    auto client = std::make_shared<Client>();
    client->socket = socket;
    {
        const std::lock_guard lock(mutex_);
        clients_[client.get()] = client;
    }
    std::weak_ptr<Client> weak = client;
    socket->onMessage([this, weak](std::string_view text) {
        if (auto c = weak.lock()) {
            onMessage(c, text);
        }
    });
    socket->onClose([this, raw = client.get(), weak](int code) {
        if (code == FeedClose::TooSlow) {
            // Its desk stopped reading (or its network did): it reconnects and resumes by itself.
            std::string user;
            if (auto c = weak.lock()) {
                const std::lock_guard lock(c->mutex);
                user = c->principal ? c->principal->username : "";
            }
            log::warn("feed client cut off: it stopped reading", {{"code", code}, {"user", user}});
        }
        drop(raw);
    });
}

void FeedHub::drop(const Client* client) {
    std::shared_ptr<Client> keep;
    {
        const std::lock_guard lock(mutex_);
        const auto it = clients_.find(client);
        if (it == clients_.end()) {
            return;
        }
        keep = it->second;
        clients_.erase(it);
    }
    const std::lock_guard lock(keep->mutex);
    keep->state = Client::State::Closed;
}

void FeedHub::onMessage(const std::shared_ptr<Client>& client, std::string_view text) {
    {
        const std::lock_guard lock(client->mutex);
        if (client->state == Client::State::Closed || client->inbox.size() > 100) {
            return;
        }
        client->inbox.emplace_back(text);
        if (client->pumping) {
            return;
        }
        client->pumping = true;
    }
    pump(client);
}

void FeedHub::pump(const std::shared_ptr<Client>& client) {
    for (;;) {
        std::string next;
        {
            const std::lock_guard lock(client->mutex);
            if (client->stepPending || client->inbox.empty() ||
                client->state == Client::State::Closed) {
                client->pumping = false;
                return;
            }
            next = std::move(client->inbox.front());
            client->inbox.pop_front();
        }
        handle(client, next);
    }
}

void FeedHub::stepDone(const std::shared_ptr<Client>& client) {
    {
        const std::lock_guard lock(client->mutex);
        client->stepPending = false;
        if (client->pumping) {
            return;
        }
        client->pumping = true;
    }
    pump(client);
}

void FeedHub::handle(const std::shared_ptr<Client>& client, std::string_view text) {
    boost::system::error_code ec;
    const auto value = boost::json::parse(text, ec);
    const auto* o = !ec && value.is_object() ? &value.as_object() : nullptr;
    const auto* typeValue = o ? o->if_contains("type") : nullptr;
    const std::string type =
        typeValue && typeValue->is_string() ? std::string(typeValue->as_string()) : std::string();
    bool first = false;
    Client::State state;
    {
        const std::lock_guard lock(client->mutex);
        first = !client->sawFirstMessage;
        client->sawFirstMessage = true;
        state = client->state;
    }
    if (first && type != "auth") {
        client->socket->close(FeedClose::Unauthenticated, "the first message must be auth");
        return;
    }
    if (type == "auth") {
        const auto* token = o->if_contains("token");
        if (state != Client::State::AwaitingAuth || !token || !token->is_string()) {
            client->socket->close(FeedClose::Unauthenticated, "bad auth message");
            return;
        }
        authenticate(client, std::string(token->as_string()));
        return;
    }
    if (type == "subscribe") {
        if (state != Client::State::Authenticated && state != Client::State::Live) {
            client->socket->send(errorMessage("bad_request"));
            return;
        }
        std::vector<std::string> topics;
        if (const auto* t = o->if_contains("topics"); t && t->is_array()) {
            for (const auto& v : t->as_array()) {
                if (v.is_string()) {
                    topics.emplace_back(v.as_string());
                }
            }
        }
        std::optional<std::int64_t> since;
        if (const auto* s = o->if_contains("since"); s && s->is_int64() && s->as_int64() >= 0) {
            since = s->as_int64();
        }
        subscribe(client, std::move(topics), since);
        return;
    }
    client->socket->send(errorMessage("bad_request"));
}

void FeedHub::authenticate(const std::shared_ptr<Client>& client, std::string token) {
    {
        const std::lock_guard lock(client->mutex);
        client->stepPending = true;
    }
    const bool queued = app_.db().trySubmit(
        [this, client, token](pqxx::connection& db) {
            std::optional<api::Principal> principal;
            try {
                // Opening a feed is not the user's activity either (desks reconnect by
                // themselves).
                principal =
                    auth::authenticateHashed(db, app_.config(), auth::tokenHash(token), false);
            } catch (const pqxx::broken_connection&) {
                client->socket->close(FeedClose::InternalError, "try again");
                throw;
            } catch (const std::exception& e) {
                log::error("feed authentication failed", {{"what", e.what()}});
            }
            if (!principal) {
                client->socket->close(FeedClose::Unauthenticated, "unauthenticated");
                return;
            }
            if (principal->mustChangePassword || principal->totpEnrollmentRequired) {
                client->socket->close(FeedClose::Forbidden, "finish signing in first");
                return;
            }
            {
                const std::lock_guard lock(client->mutex);
                client->checkDue = nextCheck(*principal);
                client->principal = std::move(principal);
                client->tokenHash = auth::tokenHash(token);
                if (client->state == Client::State::AwaitingAuth) {
                    client->state = Client::State::Authenticated;
                }
            }
            stepDone(client);
        },
        [client] { client->socket->close(FeedClose::InternalError, "try again"); });
    if (!queued) {
        client->socket->close(FeedClose::TryAgainLater, "try again later");
    }
}

void FeedHub::subscribe(const std::shared_ptr<Client>& client, std::vector<std::string> names,
                        std::optional<std::int64_t> since) {
    std::set<protocol::Topic> topics;
    {
        // A new subscription defines the stream from `since`: nothing held from before goes out.
        const std::lock_guard lock(mutex_);
        client->held.clear();
        client->heldCount = 0;
    }
    {
        const std::lock_guard lock(client->mutex);
        for (const auto& name : names) {
            const auto topic = protocol::topicFromString(name);
            if (!topic) {
                client->socket->send(errorMessage("unknown_topic", name));
            } else if (!client->principal->has(protocol::info(*topic).readPermission)) {
                client->socket->send(errorMessage("forbidden", name));
            } else {
                topics.insert(*topic);
            }
        }
        client->topics = topics;
        client->state = Client::State::Subscribing;
    }
    if (!since) {
        const std::lock_guard lock(mutex_);
        const std::int64_t now = lastId_;
        {
            const std::lock_guard clientLock(client->mutex);
            client->lastSent = now;
            client->state = Client::State::Live;
        }
        client->socket->send(R"({"type":"ready","last_event_id":)" + std::to_string(now) + "}");
        return;
    }
    {
        const std::lock_guard lock(client->mutex);
        client->stepPending = true;
    }
    const std::int64_t after = *since;
    const bool queued = app_.db().trySubmit(
        [this, client, after](pqxx::connection& db) {
            std::int64_t pruned = 0;
            {
                pqxx::read_transaction tx(db);
                pruned = tx.exec1("SELECT pruned_through FROM feed_state")[0].as<std::int64_t>();
            }
            if (after < pruned) {
                // What the client missed is gone: it must reload instead of resuming.
                {
                    const std::lock_guard lock(client->mutex);
                    client->state = Client::State::Authenticated;
                }
                client->socket->send(R"({"type":"resync_required"})");
                stepDone(client);
                return;
            }
            // Replay up to where the dispatcher is; if it moved on meanwhile, replay that too;
            // go live at the moment the two meet (under the hub's lock, which the dispatcher
            // holds while it delivers).
            std::int64_t from = after;
            for (int round = 0; round < 100; ++round) {
                const std::int64_t upTo = lastId_;
                if (from < upTo) {
                    replay(client, from, upTo);
                    from = upTo;
                }
                const std::lock_guard lock(mutex_);
                if (lastId_ == upTo) {
                    {
                        const std::lock_guard clientLock(client->mutex);
                        client->lastSent = upTo;
                        client->state = Client::State::Live;
                    }
                    client->socket->send(R"({"type":"ready","last_event_id":)" +
                                         std::to_string(upTo) + "}");
                    break;
                }
            }
            stepDone(client);
        },
        [client] { client->socket->close(FeedClose::InternalError, "try again"); });
    if (!queued) {
        client->socket->close(FeedClose::TryAgainLater, "try again later");
    }
}

void FeedHub::replay(const std::shared_ptr<Client>& client, std::int64_t after, std::int64_t upTo) {
    while (after < upTo && client->socket->isOpen()) {
        const auto events = fetchAfter(after, upTo, kReplayChunk);
        if (events.empty()) {
            break;
        }
        std::string message = R"({"type":"events","items":[)";
        bool any = false;
        {
            const std::lock_guard lock(client->mutex);
            for (const auto& e : events) {
                if (client->mayReceive(e)) {
                    message += any ? "," : "";
                    message += e.json;
                    any = true;
                }
            }
        }
        message += "]}";
        if (any && !client->socket->send(std::move(message))) {
            return;
        }
        after = events.back().id;
    }
}

void FeedHub::housekeepingLoop() {
    while (!stopping_) {
        {
            std::unique_lock lock(wakeMutex_);
            wake_.wait_for(lock, std::chrono::milliseconds(250),
                           [this] { return stopping_.load() || recheckAll_.load(); });
        }
        const bool everyone = recheckAll_.exchange(false);
        const auto now = std::chrono::steady_clock::now();
        std::vector<std::shared_ptr<Client>> all;
        {
            const std::lock_guard lock(mutex_);
            for (auto& [key, c] : clients_) {
                all.push_back(c);
            }
        }
        for (const auto& client : all) {
            {
                const std::lock_guard lock(client->mutex);
                if (client->state == Client::State::AwaitingAuth) {
                    if (now - client->acceptedAt > app_.config().feedAuthTimeout) {
                        client->socket->close(FeedClose::Unauthenticated,
                                              "no auth message in time");
                    }
                    continue;
                }
                if (client->state == Client::State::Closed || client->tokenHash.empty() ||
                    (!everyone && now < client->checkDue)) {
                    continue;
                }
            }
            recheck(client);
        }
    }
}

void FeedHub::recheck(const std::shared_ptr<Client>& client) {
    std::string hash;
    {
        const std::lock_guard lock(client->mutex);
        if (client->checking) {
            client->checkAgain = true;  // the check under way may have read before the change
            return;
        }
        client->checking = true;
        hash = client->tokenHash;
    }
    auto finished = [this, client](std::optional<std::chrono::steady_clock::time_point> due) {
        bool again = false;
        {
            const std::lock_guard lock(client->mutex);
            client->checking = false;
            again = std::exchange(client->checkAgain, false);
            if (due) {
                client->checkDue = *due;
            }
        }
        if (again) {
            recheck(client);
        }
    };
    // Sessions end (logout, deactivation, expiry) and permissions go: the feed follows at once.
    const bool queued = app_.db().trySubmit(
        [this, client, hash, finished](pqxx::connection& db) {
            std::optional<api::Principal> principal;
            try {
                principal = auth::authenticateHashed(db, app_.config(), hash, false);
            } catch (const pqxx::broken_connection&) {
                finished(std::chrono::steady_clock::now() + std::chrono::seconds(1));
                throw;
            } catch (const std::exception& e) {
                log::error("feed session check failed", {{"what", e.what()}});
                finished(std::chrono::steady_clock::now() + std::chrono::seconds(1));
                return;
            }
            if (!principal) {
                client->socket->close(FeedClose::Unauthenticated, "session ended");
                finished(std::nullopt);
                return;
            }
            if (principal->mustChangePassword || principal->totpEnrollmentRequired) {
                client->socket->close(FeedClose::Forbidden, "finish signing in first");
                finished(std::nullopt);
                return;
            }
            std::vector<std::string> lost;
            const auto due = nextCheck(*principal);
            {
                const std::lock_guard lock(client->mutex);
                for (auto it = client->topics.begin(); it != client->topics.end();) {
                    if (!principal->has(protocol::info(*it).readPermission)) {
                        lost.emplace_back(protocol::toString(*it));
                        it = client->topics.erase(it);
                    } else {
                        ++it;
                    }
                }
                client->principal = std::move(principal);
            }
            // As a topic refused at subscribe time: its events stop here.
            for (const auto& topic : lost) {
                client->socket->send(errorMessage("forbidden", topic));
            }
            finished(due);
        },
        [finished] { finished(std::chrono::steady_clock::now() + std::chrono::seconds(1)); });
    if (!queued) {
        finished(std::chrono::steady_clock::now() + std::chrono::seconds(1));
    }
}

}  // namespace opsdesk::server::feed
