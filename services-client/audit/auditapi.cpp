#include "services-client/audit/auditapi.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>

#include "services-client/api/apiclient.h"
#include "services-client/api/wiretime.h"

namespace opsdesk::client {

std::optional<AuditEntry> AuditEntry::fromJson(const QJsonObject& o, QString* why) {
    const QJsonValue id = o.value(QLatin1String("id"));
    if (!id.isDouble() || id.toInteger() <= 0) {
        if (why) {
            *why = QStringLiteral("audit.id is missing");
        }
        return std::nullopt;
    }
    AuditEntry e;
    e.id = id.toInteger();
    e.at = parseTimestamp(o.value(QLatin1String("at")));
    e.actor = o.value(QLatin1String("actor")).toString();
    e.actorId = o.value(QLatin1String("actor_id")).toInteger();
    e.action = o.value(QLatin1String("action")).toString();
    e.entity = o.value(QLatin1String("entity")).toString();
    const QJsonValue entityId = o.value(QLatin1String("entity_id"));
    e.entityId = entityId.isDouble() ? QString::number(entityId.toInteger()) : entityId.toString();
    e.before = o.value(QLatin1String("before"));
    e.after = o.value(QLatin1String("after"));
    e.requestId = o.value(QLatin1String("request_id")).toString();
    e.address = o.value(QLatin1String("address")).toString();
    return e;
}

QUrlQuery AuditQuery::toQuery(const QString& cursor, int limit) const {
    QUrlQuery q;
    auto add = [&q](const char* key, const QString& value) {
        if (!value.trimmed().isEmpty()) {
            q.addQueryItem(QString::fromLatin1(key), value.trimmed());
        }
    };
    add("actor", actor);
    add("entity", entity);
    add("entity_id", entityId);
    add("action", action);
    if (from.isValid()) {
        add("from", from.toString(Qt::ISODate));
    }
    if (to.isValid()) {
        add("to", to.toString(Qt::ISODate));
    }
    q.addQueryItem(QStringLiteral("limit"), QString::number(limit));
    add("cursor", cursor);
    return q;
}

bool AuditQuery::isEmpty() const {
    return *this == AuditQuery{};
}

QList<FieldChange> changedFields(const QJsonValue& before, const QJsonValue& after) {
    const QJsonObject b = before.toObject();
    const QJsonObject a = after.toObject();
    QStringList keys = b.keys();
    for (const QString& k : a.keys()) {
        if (!b.contains(k)) {
            keys.append(k);
        }
    }
    keys.sort();
    QList<FieldChange> changes;
    QList<FieldChange> bookkeeping;
    static const QSet<QString> kBookkeeping{QStringLiteral("version"),
                                            QStringLiteral("updated_at")};
    for (const QString& key : keys) {
        const QJsonValue was = b.contains(key) ? b.value(key) : QJsonValue(QJsonValue::Undefined);
        const QJsonValue is = a.contains(key) ? a.value(key) : QJsonValue(QJsonValue::Undefined);
        if (was == is) {
            continue;
        }
        (kBookkeeping.contains(key) ? bookkeeping : changes).append({key, was, is});
    }
    // Snapshots that are not objects (a count, a flag) compare as one value.
    if (keys.isEmpty() && before != after && !(before.isObject() || after.isObject())) {
        changes.append({QString(), before, after});
    }
    return changes.isEmpty() ? bookkeeping : changes;
}

QString compactValue(const QJsonValue& value) {
    switch (value.type()) {
        case QJsonValue::Undefined:
        case QJsonValue::Null:
            return {};
        case QJsonValue::Bool:
            return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
        case QJsonValue::Double: {
            const double d = value.toDouble();
            return d == double(qint64(d)) ? QString::number(qint64(d)) : QString::number(d);
        }
        case QJsonValue::String:
            return value.toString();
        case QJsonValue::Array: {
            QStringList parts;
            for (const QJsonValue& v : value.toArray()) {
                parts.append(v.isObject() || v.isArray()
                                 ? QLatin1Char('{') + compactValue(v) + QLatin1Char('}')
                                 : compactValue(v));
            }
            return parts.join(QLatin1String(", "));
        }
        case QJsonValue::Object: {
            const QJsonObject o = value.toObject();
            QStringList parts;
            for (auto it = o.begin(); it != o.end(); ++it) {
                const QString inner =
                    it.value().isArray() || it.value().isObject()
                        ? QLatin1Char('[') + compactValue(it.value()) + QLatin1Char(']')
                        : compactValue(it.value());
                parts.append(it.key() + QLatin1String(": ") + inner);
            }
            return parts.join(QLatin1String(", "));
        }
    }
    return {};
}

AuditApi::AuditApi(ApiClient* client, QObject* parent) : QObject(parent), client_(client) {}

AuditPageRequest* AuditApi::list(const AuditQuery& query, const QString& cursor, int limit) {
    return client_->send(
        new AuditPageRequest(QStringLiteral("/audit"), query.toQuery(cursor, limit)));
}

}  // namespace opsdesk::client
