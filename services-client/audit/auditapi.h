#pragma once

#include <QDate>
#include <QDateTime>
#include <QJsonValue>
#include <QList>
#include <QObject>
#include <QUrlQuery>

#include "services-client/api/pagerequest.h"

namespace opsdesk::client {

class ApiClient;

// One row of the audit trail. `before`/`after` are the record's snapshots (null when the
// action created or deleted it).
struct AuditEntry {
    qint64 id = 0;
    QDateTime at;
    QString actor;
    qint64 actorId = 0;
    QString action;    // "user.update"
    QString entity;    // "user"
    QString entityId;  // "42"
    QJsonValue before;
    QJsonValue after;
    QString requestId;
    QString address;

    static std::optional<AuditEntry> fromJson(const QJsonObject& object, QString* why = nullptr);
};

// The audit list's filters. Empty members filter nothing; dates are whole days (UTC).
struct AuditQuery {
    QString actor;  // user id or username
    QString entity;
    QString entityId;
    QString action;
    QDate from;
    QDate to;

    QUrlQuery toQuery(const QString& cursor = {}, int limit = 50) const;
    bool isEmpty() const;
    friend bool operator==(const AuditQuery&, const AuditQuery&) = default;
};

// A field whose value differs between `before` and `after`.
struct FieldChange {
    QString field;
    QJsonValue before;  // Undefined: the field did not exist before
    QJsonValue after;   // Undefined: the field is gone after
};

// The fields that changed, in key order. A created record lists every field with no `before`;
// a deleted one every field with no `after`. Bookkeeping (version, updated_at) is left out
// unless nothing else changed.
QList<FieldChange> changedFields(const QJsonValue& before, const QJsonValue& after);

// A JSON value in one short line: strings bare, lists joined with ", ", objects as
// "key: value, …". Undefined and null read as empty.
QString compactValue(const QJsonValue& value);

using AuditPageRequest = ItemPageRequest<AuditEntry>;

// GET /audit (needs audit.read), newest first.
class AuditApi : public QObject {
    Q_OBJECT

public:
    explicit AuditApi(ApiClient* client, QObject* parent = nullptr);
    AuditPageRequest* list(const AuditQuery& query, const QString& cursor = {}, int limit = 50);

private:
    ApiClient* client_;
};

}  // namespace opsdesk::client

Q_DECLARE_METATYPE(opsdesk::client::AuditEntry)
