#include "widgets/common/format.h"

#include "opsdesk/protocol/money.h"

namespace opsdesk::widgets {

namespace {

std::optional<protocol::Currency> currencyOf(const QString& code) {
    const QByteArray latin = code.toLatin1();
    return protocol::findCurrency(std::string_view(latin.constData(), latin.size()));
}

// Inserts the locale's group separator into a run of digits.
QString grouped(const QString& digits, const QLocale& locale) {
    if (locale.numberOptions() & QLocale::OmitGroupSeparator) {
        return digits;
    }
    const QString separator = locale.groupSeparator();
    QString out;
    out.reserve(digits.size() + digits.size() / 3);
    const qsizetype n = digits.size();
    for (qsizetype i = 0; i < n; ++i) {
        if (i > 0 && (n - i) % 3 == 0) {
            out += separator;
        }
        out += digits[i];
    }
    return out;
}

bool usesMyriads(const QLocale& locale) {
    return locale.language() == QLocale::Chinese || locale.language() == QLocale::Japanese;
}

}  // namespace

QString Format::plainAmount(qint64 minor, const QString& currency) {
    const auto c = currencyOf(currency);
    return QString::fromStdString(
        protocol::formatDecimal(minor, c.value_or(protocol::Currency{"", 2})));
}

QString Format::amount(qint64 minor, const QString& currency, const QLocale& locale) {
    // The exact decimal from the protocol, then only its presentation is localised.
    QString plain = plainAmount(minor, currency);
    const bool negative = plain.startsWith(QLatin1Char('-'));
    if (negative) {
        plain.remove(0, 1);
    }
    const qsizetype dot = plain.indexOf(QLatin1Char('.'));
    const QString whole = dot < 0 ? plain : plain.left(dot);
    const QString fraction = dot < 0 ? QString() : plain.mid(dot + 1);
    QString out = grouped(whole, locale);
    if (!fraction.isEmpty()) {
        out += locale.decimalPoint() + fraction;
    }
    return negative ? locale.negativeSign() + out : out;
}

QString Format::currencySymbol(const QString& currency, const QLocale& locale) {
    // The locale's own symbol where its currency is this one; otherwise the usual sign of the
    // currency, or its ISO code.
    if (locale.currencySymbol(QLocale::CurrencyIsoCode) == currency) {
        const QString s = locale.currencySymbol(QLocale::CurrencySymbol);
        if (!s.isEmpty()) {
            return s;
        }
    }
    if (currency == QLatin1String("CNY") || currency == QLatin1String("JPY")) {
        return QStringLiteral("¥");
    }
    if (currency == QLatin1String("USD")) {
        return QStringLiteral("$");
    }
    if (currency == QLatin1String("EUR")) {
        return QStringLiteral("€");
    }
    if (currency == QLatin1String("GBP")) {
        return QStringLiteral("£");
    }
    return currency + QLatin1Char(' ');
}

QString Format::money(qint64 minor, const QString& currency, const QLocale& locale) {
    const QString number = amount(minor < 0 ? -minor : minor, currency, locale);
    const QString sign = minor < 0 ? locale.negativeSign() : QString();
    return sign + currencySymbol(currency, locale) + number;
}

std::optional<qint64> Format::parseAmount(const QString& text, const QString& currency,
                                          const QLocale& locale) {
    const auto c = currencyOf(currency);
    if (!c) {
        return std::nullopt;
    }
    QString t = text.trimmed();
    t.remove(locale.groupSeparator());
    t.remove(QLatin1Char(' '));
    t.remove(QChar(0x00A0));
    if (locale.decimalPoint() != QLatin1String(".")) {
        if (t.contains(QLatin1Char('.')) && locale.groupSeparator() != QLatin1String(".")) {
            // "12.50" typed in a locale whose decimal sign is ',': still a decimal point.
        } else {
            t.replace(locale.decimalPoint(), QStringLiteral("."));
        }
    }
    if (t.startsWith(locale.negativeSign()) && locale.negativeSign() != QLatin1String("-")) {
        t.replace(0, locale.negativeSign().size(), QStringLiteral("-"));
    }
    const QByteArray latin = t.toLatin1();
    return protocol::parseDecimal(std::string_view(latin.constData(), latin.size()), *c);
}

QString Format::dateTime(const QDateTime& utc, const QLocale& locale) {
    if (!utc.isValid()) {
        return {};
    }
    return locale.toString(utc.toLocalTime(), QLocale::ShortFormat);
}

QString Format::relative(const QDateTime& utc, const QDateTime& now, const QLocale& locale) {
    if (!utc.isValid()) {
        return none();
    }
    const QDateTime local = utc.toLocalTime();
    if (local.date() == now.toLocalTime().date()) {
        return locale.toString(local.time(), QLocale::ShortFormat);
    }
    return dateTime(utc, locale);
}

QString Format::date(const QDate& d, const QLocale& locale) {
    return d.isValid() ? locale.toString(d, QLocale::ShortFormat) : QString();
}

QString Format::approximateCount(qint64 count, const QLocale& locale) {
    if (count < 10000) {
        return locale.toString(count);
    }
    // Two significant digits.
    qint64 scale = 1;
    while (count / scale >= 100) {
        scale *= 10;
    }
    const qint64 rounded = ((count + scale / 2) / scale) * scale;
    struct Step {
        qint64 size;
        const char* word;
    };
    const bool myriads = usesMyriads(locale);
    if (!myriads && locale.language() != QLocale::English && locale.language() != QLocale::C) {
        return locale.toString(rounded);  // no big-number words for this language here
    }
    const Step steps[] = {
        myriads ? Step{100000000LL, "亿"} : Step{1000000000LL, " billion"},
        myriads ? Step{10000LL, "万"} : Step{1000000LL, " million"},
    };
    for (const auto& step : steps) {
        if (rounded >= step.size) {
            // rounded / step.size with at most one decimal, as exact integer arithmetic.
            const qint64 tenths = (rounded * 10 + step.size / 2) / step.size;
            QString number = locale.toString(tenths / 10);
            if (tenths % 10 != 0 && tenths < 100) {
                number += locale.decimalPoint() + QString::number(tenths % 10);
            }
            return number + QString::fromUtf8(step.word);
        }
    }
    return locale.toString(rounded);
}

}  // namespace opsdesk::widgets
