#pragma once

#include <QByteArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QProcess>
#include <QString>
#include <QUrl>
#include <optional>

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

// A psql session that stays open, for tests that hold a transaction (and its locks) while the
// server works: run() sends statements and waits until psql has done them.
class PsqlSession {
public:
    explicit PsqlSession(const QString& databaseUrl);
    ~PsqlSession();  // quits; a transaction still open rolls back
    PsqlSession(const PsqlSession&) = delete;
    PsqlSession& operator=(const PsqlSession&) = delete;

    // Their output (unaligned, tuples only), or nullopt when psql failed or took too long.
    std::optional<QString> run(const QString& sql, int timeoutMs = 30'000);

private:
    QProcess process_;
    int marker_ = 0;
};

// Waits until `sql` (a query with one boolean answer) says true, asking again every 20 ms.
bool waitForSql(const QString& databaseUrl, const QString& sql, int timeoutMs = 30'000);

}  // namespace opsdesk::test
