#include "services-client/catalog/productlistmodel.h"

#include "services-client/catalog/catalogapi.h"

namespace opsdesk::client {

ProductListModel::ProductListModel(CatalogApi* api, QObject* parent)
    : PagedListModelOf(parent), api_(api) {
    setPageSize(100);
}

void ProductListModel::setFilter(const ProductFilter& filter) {
    filter_ = filter;
    emit filterChanged();
    reload();
}

ItemPageRequest<ProductSummary>* ProductListModel::requestItems(const QByteArray& cursor,
                                                                int limit) {
    return api_ ? api_->list(filter_, cursor, limit) : nullptr;
}

QString ProductListModel::stockState(const ProductSummary& p) {
    if (p.anyOversold()) {
        return QStringLiteral("oversold");
    }
    return p.anyLow() ? QStringLiteral("low") : QString();
}

bool ProductListModel::matchesFilter(const ProductFilter& f, const ProductSummary& p) {
    if (f.categoryId || f.virtualCategoryId) {
        return false;  // the server knows the tree and the rules
    }
    if (!f.statuses.isEmpty() && !f.statuses.contains(p.status)) {
        return false;
    }
    if ((f.lowStock && !p.anyLow()) || (f.oversold && !p.anyOversold())) {
        return false;
    }
    const QString q = f.search.trimmed();
    if (q.isEmpty() || p.title.contains(q, Qt::CaseInsensitive)) {
        return true;
    }
    for (const auto& v : p.variants) {
        if (v.sku.contains(q, Qt::CaseInsensitive)) {
            return true;
        }
    }
    for (const auto& t : p.tags) {
        if (t.contains(q, Qt::CaseInsensitive)) {
            return true;
        }
    }
    return false;
}

bool ProductListModel::accepts(const ProductSummary& p) const {
    return matchesFilter(filter_, p);
}

bool ProductListModel::sortsBefore(const ProductSummary& a, const ProductSummary& b) const {
    if (a.updatedAt != b.updatedAt) {
        return a.updatedAt > b.updatedAt;
    }
    return a.id > b.id;
}

int ProductListModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ProductListModel::itemData(const ProductSummary& p, int column, int role) const {
    if (role == StockStateRole) {
        return stockState(p);
    }
    return PagedListModelOf::itemData(p, column, role);
}

QString ProductListModel::plainHeader(int column) const {
    switch (column) {
        case TitleColumn:
            return QStringLiteral("title");
        case SkuColumn:
            return QStringLiteral("sku");
        case StatusColumn:
            return QStringLiteral("status");
        case PriceColumn:
            return QStringLiteral("price");
        case StockColumn:
            return QStringLiteral("stock");
        case UpdatedColumn:
            return QStringLiteral("updated_at");
    }
    return {};
}

QVariant ProductListModel::plainCell(const ProductSummary& p, int column, int role) const {
    if (role != Qt::DisplayRole) {
        return {};
    }
    switch (column) {
        case TitleColumn:
            return p.title;
        case SkuColumn:
            return p.skus().join(QStringLiteral(", "));
        case StatusColumn:
            return p.status;
        case PriceColumn:
            if (const auto range = p.priceRange()) {
                return range->first == range->second
                           ? QStringLiteral("%1 %2").arg(range->first).arg(p.currency())
                           : QStringLiteral("%1-%2 %3")
                                 .arg(range->first)
                                 .arg(range->second)
                                 .arg(p.currency());
            }
            return {};
        case StockColumn:
            return p.totalStock();
        case UpdatedColumn:
            return p.updatedAt.toString(Qt::ISODate);
    }
    return {};
}

QVariant ProductListModel::headerExtra(int column, int role) const {
    if (role == Qt::TextAlignmentRole && (column == PriceColumn || column == StockColumn)) {
        return QVariant::fromValue(Qt::Alignment(Qt::AlignRight | Qt::AlignVCenter));
    }
    return {};
}

}  // namespace opsdesk::client
