#include "widgets/catalog/categorytree.h"

#include <QComboBox>
#include <QSignalBlocker>
#include <algorithm>

#include "services-client/catalog/catalogapi.h"
#include "widgets/catalog/catalogtext.h"

namespace opsdesk::widgets {

CategoryTree::CategoryTree(client::CatalogApi* api, QObject* parent) : QObject(parent), api_(api) {}

void CategoryTree::reload() {
    auto* request = api_->categories();
    connect(request, &client::ApiRequest::succeeded, this, [this, request] {
        categories_ = request->items();
        index_.clear();
        for (int i = 0; i < categories_.size(); ++i) {
            index_.insert(categories_.at(i).id, i);
        }
        loaded_ = true;
        emit changed();
    });
    connect(request, &client::ApiRequest::failed, this, [this](const client::ApiError& error) {
        emit failed(CatalogText::describeError(error));
    });
}

QString CategoryTree::path(qint64 id) const {
    QStringList names;
    auto it = index_.constFind(id);
    // A tree from the server has no cycle; the bound keeps a broken one from hanging the desk.
    for (int depth = 0; it != index_.cend() && depth < 64; ++depth) {
        const client::Category& c = categories_.at(*it);
        names.prepend(c.name);
        it = c.parentId ? index_.constFind(*c.parentId) : index_.cend();
    }
    return names.join(Catalog::tr(" › ", "category path separator"));
}

QList<std::pair<client::Category, int>> CategoryTree::ordered() const {
    QHash<qint64, QList<int>> children;  // parent id (0 for the top) -> indexes
    for (int i = 0; i < categories_.size(); ++i) {
        const auto& c = categories_.at(i);
        const qint64 parent = c.parentId && index_.contains(*c.parentId) ? *c.parentId : 0;
        children[parent].append(i);
    }
    for (auto& list : children) {
        std::sort(list.begin(), list.end(), [this](int a, int b) {
            return categories_.at(a).name.localeAwareCompare(categories_.at(b).name) < 0;
        });
    }
    QList<std::pair<client::Category, int>> out;
    QList<std::pair<int, int>> stack;  // (index, depth), top of the stack last
    const auto push = [&](qint64 parent, int depth) {
        const auto& list = children.value(parent);
        for (auto it = list.crbegin(); it != list.crend(); ++it) {
            stack.append({*it, depth});
        }
    };
    push(0, 0);
    while (!stack.isEmpty() && out.size() <= categories_.size()) {
        const auto [i, depth] = stack.takeLast();
        out.append({categories_.at(i), depth});
        push(categories_.at(i).id, depth + 1);
    }
    return out;
}

void CategoryTree::fill(QComboBox* combo, const QString& anyText,
                        std::optional<qint64> selected) const {
    const QSignalBlocker block(combo);
    combo->clear();
    if (!anyText.isNull()) {
        combo->addItem(anyText);
    }
    for (const auto& [category, depth] : ordered()) {
        combo->addItem(QString(depth * 2, QChar(0x2002)) + category.name, category.id);
        combo->setItemData(combo->count() - 1, path(category.id), Qt::ToolTipRole);
    }
    const int at = selected ? combo->findData(*selected) : 0;
    combo->setCurrentIndex(at >= 0 ? at : 0);
}

}  // namespace opsdesk::widgets
