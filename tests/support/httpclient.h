#pragma once

#include <QByteArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QString>
#include <QUrl>

namespace opsdesk::test {

// A blocking HTTP call for tests (a local event loop: fine in a test, never in the product).
struct HttpResult {
    int status = 0;  // 0: no HTTP answer (see error)
    QByteArray body;
    QList<QPair<QByteArray, QByteArray>> headers;
    QString error;

    QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
    QString errorCode() const { return json().value("error").toObject().value("code").toString(); }
    QByteArray header(const QByteArray& name) const;
};

HttpResult httpRequest(const QByteArray& method, const QUrl& url, const QByteArray& body = {},
                       const QList<QPair<QByteArray, QByteArray>>& headers = {},
                       const QString& caFile = {}, int timeoutMs = 30'000);

// Runs SQL through psql against a database URL; returns stdout (unaligned, tuples only).
QString psql(const QString& databaseUrl, const QString& sql, bool* ok = nullptr);

}  // namespace opsdesk::test
