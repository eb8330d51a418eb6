#pragma once

// Handing orders and payments in through the real server's storefront endpoints, and signing
// staff in, for the orders suites (client and GUI).

#include <QJsonArray>
#include <QJsonObject>
#include <QSignalSpy>
#include <QString>

#include "httpclient.h"
#include "serverprocess.h"
#include "services-client/api/apiclient.h"
#include "services-client/auth/authapi.h"
#include "services-client/auth/session.h"
#include "storefrontorder.h"

namespace opsdesk::test {

inline const QByteArray kOrdersServiceKey = "orders-test-service-key-0123456789";
inline const QString kOrdersPassword = QStringLiteral("orders-test-password");

// Starts `server` on `databaseUrl` taking storefront requests (kOrdersServiceKey) and as many
// sign-ins as a suite makes, and creates `staff` (username, role), all with kOrdersPassword.
inline bool startOrdersServer(ServerProcess& server, const QString& databaseUrl,
                              const QList<QPair<QString, QString>>& staff, QString* error) {
    if (!server.start({databaseUrl,
                       false,
                       {"--service-key", QString::fromLatin1(kOrdersServiceKey),
                        "--login-rate-per-minute", "10000"}},
                      error)) {
        return false;
    }
    for (const auto& [username, role] : staff) {
        if (!server.createUser(username, kOrdersPassword, role, error)) {
            return false;
        }
    }
    return true;
}

struct HandedInOrder {
    qint64 id = 0;
    QString number;
    QString externalId;
};

// One order of `quantity` × `price` plus 8.00 shipping; paid in full when `pay`.
inline HandedInOrder handInOrder(const ServerProcess& server, const QString& externalId,
                                 const QString& name, const QString& email, qint64 price,
                                 int quantity = 1, bool pay = true) {
    const QUrl base = server.baseUrl();
    const QJsonObject order = storefrontOrder(externalId, email, price, quantity, {}, name);
    const qint64 total = order.value("total_minor").toInteger();
    const auto r = httpRequest("POST", base.resolved(QUrl("/api/v1/storefront/orders")),
                               QJsonDocument(order).toJson(), {{"X-Api-Key", kOrdersServiceKey}});
    if (r.status != 201 && r.status != 200) {
        qWarning() << "storefront order" << r.status << r.body;
        return {};
    }
    if (pay) {
        const QJsonObject payment{{"order_external_id", externalId},
                                  {"provider", "alipay"},
                                  {"provider_ref", "pay-" + externalId},
                                  {"amount_minor", total},
                                  {"currency", "CNY"}};
        const auto p =
            httpRequest("POST", base.resolved(QUrl("/api/v1/storefront/payments")),
                        QJsonDocument(payment).toJson(), {{"X-Api-Key", kOrdersServiceKey}});
        if (p.status != 201 && p.status != 200) {
            qWarning() << "storefront payment" << p.status << p.body;
        }
    }
    return {r.json().value("id").toInteger(), r.json().value("number").toString(), externalId};
}

// Staff sign-in over plain HTTP (for setting things up behind the client's back).
inline QString tokenFor(const ServerProcess& server, const QString& username) {
    return server.signIn(username, kOrdersPassword);
}

// The client's own connection, signed in through AuthApi.
struct SignedInClient {
    client::ApiClient api;
    client::Session session;
    client::AuthApi auth{&api, &session};

    bool signIn(const QUrl& base, const QString& username) {
        api.setBaseUrl(base);
        api.setSession(&session);
        auto* r = auth.login(username, kOrdersPassword);
        QSignalSpy done(r, &client::ApiRequest::finished);
        return done.wait(20000) && session.isAuthenticated();
    }
};

}  // namespace opsdesk::test
