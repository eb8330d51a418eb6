#include "widgets/catalog/promotiontext.h"

#include <QLocale>

#include "widgets/catalog/catalogtext.h"
#include "widgets/common/format.h"
#include "widgets/common/theme.h"

namespace opsdesk::widgets {

using client::Promotion;

QString PromotionText::kindName(const QString& kind) {
    if (kind == Promotion::kPercent) {
        return Catalog::tr("Percent off");
    }
    if (kind == Promotion::kAmount) {
        return Catalog::tr("Amount off");
    }
    if (kind == Promotion::kBuyXGetY) {
        return Catalog::tr("Buy X get Y");
    }
    if (kind == Promotion::kFlashSale) {
        return Catalog::tr("Flash sale");
    }
    return kind;
}

QString PromotionText::statusName(const QString& status) {
    if (status == QLatin1String("scheduled")) {
        return Catalog::tr("Scheduled", "promotion status");
    }
    if (status == QLatin1String("active")) {
        return Catalog::tr("Active", "promotion status");
    }
    if (status == QLatin1String("sold_out")) {
        return Catalog::tr("Sold out", "promotion status");
    }
    if (status == QLatin1String("ended")) {
        return Catalog::tr("Ended", "promotion status");
    }
    return status;
}

QString PromotionText::offer(const Promotion& p, const QString& currency) {
    if (p.kind == Promotion::kPercent && p.percent) {
        return Catalog::tr("%1 % off").arg(QLocale().toString(*p.percent));
    }
    if (p.kind == Promotion::kAmount && p.amountMinor) {
        return Catalog::tr("%1 off").arg(Format::money(*p.amountMinor, currency));
    }
    if (p.kind == Promotion::kBuyXGetY && p.buy && p.get) {
        return Catalog::tr("Buy %1, get %2")
            .arg(QLocale().toString(*p.buy), QLocale().toString(*p.get));
    }
    if (p.kind == Promotion::kFlashSale && p.priceMinor && p.stockCap) {
        return Catalog::tr("%1 each, %2 in stock")
            .arg(Format::money(*p.priceMinor, currency), QLocale().toString(*p.stockCap));
    }
    return kindName(p.kind);
}

QString PromotionText::time(const QDateTime& utc) {
    if (!utc.isValid()) {
        return Format::none();
    }
    return QLocale().toString(utc.toLocalTime(),
                              QLocale()
                                  .dateTimeFormat(QLocale::ShortFormat)
                                  .replace(QStringLiteral(":mm"), QStringLiteral(":mm:ss")));
}

QString PromotionText::when(const QDateTime& start, const QDateTime& end) {
    return Catalog::tr("%1 – %2").arg(time(start), time(end));
}

QColor PromotionText::kindColor(const QString& kind) {
    if (kind == Promotion::kPercent) {
        return Theme::color(Theme::Role::AccentBlue);
    }
    if (kind == Promotion::kAmount) {
        return Theme::color(Theme::Role::AccentViolet);
    }
    if (kind == Promotion::kBuyXGetY) {
        return Theme::color(Theme::Role::AccentCyan);
    }
    if (kind == Promotion::kFlashSale) {
        return Theme::color(Theme::Role::AccentGreen);
    }
    return Theme::color(Theme::Role::AccentGrey);
}

}  // namespace opsdesk::widgets
