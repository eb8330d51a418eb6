#include "widgets/catalog/catalogtext.h"

#include <QLocale>

#include "services-client/api/apierror.h"
#include "services-client/catalog/product.h"
#include "widgets/common/errortext.h"
#include "widgets/common/format.h"

namespace opsdesk::widgets {

using protocol::ErrorCode;

QStringList CatalogText::statuses() {
    return {QStringLiteral("draft"), QStringLiteral("active"), QStringLiteral("archived")};
}

QString CatalogText::statusName(const QString& wireName) {
    if (wireName == QLatin1String("draft")) {
        return Catalog::tr("Draft");
    }
    if (wireName == QLatin1String("active")) {
        return Catalog::tr("Active");
    }
    if (wireName == QLatin1String("archived")) {
        return Catalog::tr("Archived");
    }
    return wireName;
}

QString CatalogText::stockStateName(const QString& state) {
    if (state == QLatin1String("oversold")) {
        return Catalog::tr("Oversold");
    }
    if (state == QLatin1String("low")) {
        return Catalog::tr("Low stock");
    }
    return {};
}

QString CatalogText::stock(int stock) {
    if (stock < 0) {
        return Catalog::tr("%1 (oversold)").arg(QLocale().toString(stock));
    }
    return QLocale().toString(stock);
}

QString CatalogText::productCount(qint64 count, bool exact) {
    if (count == 0) {
        return Catalog::tr("No products");
    }
    if (exact) {
        return count == 1 ? Catalog::tr("1 product")
                          : Catalog::tr("%1 products").arg(QLocale().toString(count));
    }
    return Catalog::tr("About %1 products").arg(Format::approximateCount(count));
}

QString CatalogText::priceRange(const client::ProductSummary& product) {
    const auto range = product.priceRange();
    if (!range) {
        return product.variants.isEmpty() ? QString() : Catalog::tr("Several currencies");
    }
    const QString currency = product.currency();
    if (range->first == range->second) {
        return Format::money(range->first, currency);
    }
    return Catalog::tr("%1 – %2", "price range")
        .arg(Format::money(range->first, currency), Format::money(range->second, currency));
}

QString CatalogText::describeError(const client::ApiError& error) {
    if (error.kind != client::ApiError::Kind::Http || !error.code) {
        return ErrorText::describe(error);
    }
    switch (*error.code) {
        case ErrorCode::Forbidden:
            if (error.details.value(QLatin1String("required_permission")).toString() ==
                QLatin1String("catalog.price")) {
                return Catalog::tr(
                    "Your account may not change prices. Undo the price change or ask someone "
                    "who may.");
            }
            break;
        case ErrorCode::Conflict: {
            const QString sku = error.details.value(QLatin1String("sku")).toString();
            if (!sku.isEmpty()) {
                return Catalog::tr("The SKU %1 is already used by another product.").arg(sku);
            }
            if (!error.message.isEmpty()) {
                return ErrorText::refusal(error);
            }
            break;
        }
        case ErrorCode::PreconditionFailed:
            return Catalog::tr("Someone else saved this product after you opened it.");
        case ErrorCode::ValidationFailed:
            if (!error.fields.isEmpty()) {
                QStringList parts;
                for (auto it = error.fields.cbegin(); it != error.fields.cend(); ++it) {
                    parts << Catalog::tr("%1: %2", "field: why").arg(it.key(), it.value());
                }
                return Catalog::tr("%1 %2", "two sentences in a row")
                    .arg(ErrorText::describe(error), parts.join(QLatin1String("; ")));
            }
            if (!error.message.isEmpty()) {
                return error.message;
            }
            break;
        case ErrorCode::PayloadTooLarge:
            return Catalog::tr("The file is too large (at most 10 MiB).");
        default:
            break;
    }
    if (error.httpStatus == 415) {
        return Catalog::tr("This is not a JPEG, PNG or WebP image.");
    }
    return ErrorText::describe(error);
}

}  // namespace opsdesk::widgets
