#pragma once

#include <QHash>
#include <QList>
#include <QObject>
#include <optional>

#include "services-client/catalog/product.h"

class QComboBox;

namespace opsdesk::client {
class CatalogApi;
}

namespace opsdesk::widgets {

// The category tree the catalog's screens share (the filter, the editor's category choice, the
// rule builder): loaded once, loaded again after a change, each category named by its path.
class CategoryTree : public QObject {
    Q_OBJECT

public:
    explicit CategoryTree(client::CatalogApi* api, QObject* parent = nullptr);

    void reload();
    bool isLoaded() const { return loaded_; }
    const QList<client::Category>& categories() const { return categories_; }

    // "Tea › Green tea › Longjing"; empty for an unknown id.
    QString path(qint64 id) const;
    // Every category, depth first with siblings by name, and its depth (0 at the top).
    QList<std::pair<client::Category, int>> ordered() const;

    // Fills `combo` with the tree (indented), `anyText` first with no id when given, and keeps
    // the choice `selected` (the combo's item data is the id, or an invalid QVariant for "any").
    void fill(QComboBox* combo, const QString& anyText, std::optional<qint64> selected) const;

signals:
    void changed();
    void failed(const QString& why);

private:
    client::CatalogApi* api_;
    QList<client::Category> categories_;
    QHash<qint64, int> index_;
    bool loaded_ = false;
};

}  // namespace opsdesk::widgets
