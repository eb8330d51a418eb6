#pragma once

#include "services-client/api/pagedlistmodel.h"
#include "services-client/catalog/product.h"
#include "services-client/catalog/productfilter.h"

namespace opsdesk::client {

class CatalogApi;

// The product list, last changed first, on the kit's paged list: what is here is only about
// products — the server's filter, the same filter applied to a live product where the desk can
// tell, and the plain columns.
class ProductListModel : public PagedListModelOf<ProductSummary> {
    Q_OBJECT

public:
    enum Column {
        TitleColumn,
        SkuColumn,
        StatusColumn,
        PriceColumn,
        StockColumn,
        UpdatedColumn,
        ColumnCount
    };
    enum Role {
        StockStateRole = FirstModuleRole,  // "oversold", "low" or "" for the row's worst variant
    };

    explicit ProductListModel(CatalogApi* api, QObject* parent = nullptr);

    // A new filter starts over: the one reset the model makes.
    void setFilter(const ProductFilter& filter);
    const ProductFilter& filter() const { return filter_; }

    // The server's filter applied to one product, where the desk can tell: a category or
    // virtual category filter needs the server (its descendants, its rule), so a live product
    // joins such a list only when the list is loaded again.
    static bool matchesFilter(const ProductFilter& filter, const ProductSummary& product);
    static QString stockState(const ProductSummary& product);

    int columnCount(const QModelIndex& parent = {}) const override;

signals:
    void filterChanged();

protected:
    ItemPageRequest<ProductSummary>* requestItems(const QByteArray& cursor, int limit) override;
    QVariant itemData(const ProductSummary& product, int column, int role) const override;
    QVariant plainCell(const ProductSummary& product, int column, int role) const override;
    QString plainHeader(int column) const override;
    QVariant headerExtra(int column, int role) const override;
    bool accepts(const ProductSummary& product) const override;
    // Last changed first: a new product belongs above every row.
    bool sortsBefore(const ProductSummary& a, const ProductSummary& b) const override;
    bool newItemsGoOnTop() const override { return true; }

private:
    CatalogApi* api_;
    ProductFilter filter_;
};

}  // namespace opsdesk::client
