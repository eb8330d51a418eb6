#include "services-client/api/wiretime.h"

namespace opsdesk::client {

QDateTime parseTimestamp(const QString& text) {
    QDateTime t = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!t.isValid()) {
        t = QDateTime::fromString(text, Qt::ISODate);
    }
    return t.isValid() ? t.toUTC() : QDateTime();
}

QDateTime parseTimestamp(const QJsonValue& value) {
    return value.isString() ? parseTimestamp(value.toString()) : QDateTime();
}

}  // namespace opsdesk::client
