#pragma once

#include <QColor>
#include <QString>

#include "services-client/catalog/promotions.h"

namespace opsdesk::widgets {

// The promotions' words, in the catalog's translation context: kinds, statuses, what a
// promotion gives ("15 % off", "buy 2, get 1") and when it is in force.
class PromotionText {
public:
    static QString kindName(const QString& kind);
    static QString statusName(const QString& status);
    // What it gives, with money in `currency` (the unit the person reads amounts in).
    static QString offer(const client::Promotion& promotion, const QString& currency);
    // "22/11/2026 20:00:00 – 23/11/2026 20:00:00" in local time.
    static QString when(const QDateTime& start, const QDateTime& end);
    // A time to the second, local.
    static QString time(const QDateTime& utc);
    // The colour a kind is drawn in (the timeline's bars, the list's kind column).
    static QColor kindColor(const QString& kind);
};

}  // namespace opsdesk::widgets
