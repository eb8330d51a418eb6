#pragma once

#include <QDateTime>
#include <QJsonValue>
#include <QString>

namespace opsdesk::client {

// The contract's times (RFC 3339 in UTC, "2026-11-22T12:59:10Z", milliseconds optional), read
// in one place for every module. Invalid when missing or not a time.
QDateTime parseTimestamp(const QString& text);
QDateTime parseTimestamp(const QJsonValue& value);  // invalid unless a string

}  // namespace opsdesk::client
