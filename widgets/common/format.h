#pragma once

#include <QDate>
#include <QDateTime>
#include <QLocale>
#include <QString>
#include <optional>

namespace opsdesk::widgets {

// Money, times and counts for people, in one place and in their locale. Money starts from
// integer minor units and the currency's exponent (protocol::findCurrency), never a double.
// No translated words here: only locale data (grouping, decimal sign, date order, the
// thousand/million or 万/亿 steps of large numbers).
class Format {
public:
    // 1234599, "CNY" -> "¥12,345.99" (en) / "¥12,345.99" (zh_CN); sign kept.
    static QString money(qint64 minor, const QString& currency, const QLocale& locale = {});
    // The number alone, grouped: "12,345.99".
    static QString amount(qint64 minor, const QString& currency, const QLocale& locale = {});
    // The decimal a person types back into an amount field: "123.45" (no grouping).
    static QString plainAmount(qint64 minor, const QString& currency);
    // What a typed amount means in minor units: accepts the locale's decimal sign and group
    // separators ("1,234.50"), refuses more fraction digits than the currency has.
    static std::optional<qint64> parseAmount(const QString& text, const QString& currency,
                                             const QLocale& locale = {});
    static QString currencySymbol(const QString& currency, const QLocale& locale = {});

    // Local time, short: "22/11/2026 17:30" (en_GB) / "2026/11/22 17:30" (zh_CN).
    static QString dateTime(const QDateTime& utc, const QLocale& locale = {});
    static QString date(const QDate& date, const QLocale& locale = {});
    // A moment relative to `now` without words: the time alone when it is the same local day,
    // else the short date and time.
    static QString relative(const QDateTime& utc, const QDateTime& now, const QLocale& locale = {});
    // What an empty cell shows.
    static QString none() { return QStringLiteral("—"); }

    // A large count for "about …": two significant digits and the locale's big-number word
    // ("1.2 million", "120万", "35,000"); exact below ten thousand ("9,876").
    static QString approximateCount(qint64 count, const QLocale& locale = {});
};

}  // namespace opsdesk::widgets
