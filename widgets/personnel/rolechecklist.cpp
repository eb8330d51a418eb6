#include "widgets/personnel/rolechecklist.h"

#include "widgets/common/roletext.h"

namespace opsdesk::widgets {

namespace {
constexpr int kNameRole = Qt::UserRole + 1;
}

RoleChecklist::RoleChecklist(QWidget* parent) : QListWidget(parent) {
    setObjectName(QStringLiteral("roleChecklist"));
    setSelectionMode(QAbstractItemView::SingleSelection);
    setUniformItemSizes(true);
    connect(this, &QListWidget::itemChanged, this, [this] {
        if (!updating_) {
            emit checkedChanged();
        }
    });
}

void RoleChecklist::setRoles(const QList<client::Role>& roles) {
    const QStringList keep = checked();
    updating_ = true;
    clear();
    unlisted_ = keep;
    for (const auto& role : roles) {
        auto* item = new QListWidgetItem(RoleText::title(role.name), this);
        item->setData(kNameRole, role.name);
        item->setToolTip(role.description);
        item->setFlags(readOnly_ ? Qt::ItemIsEnabled : Qt::ItemIsEnabled | Qt::ItemIsUserCheckable);
        item->setCheckState(keep.contains(role.name) ? Qt::Checked : Qt::Unchecked);
        unlisted_.removeAll(role.name);
    }
    updating_ = false;
}

void RoleChecklist::setChecked(const QStringList& roleNames) {
    updating_ = true;
    unlisted_ = roleNames;
    for (int i = 0; i < count(); ++i) {
        QListWidgetItem* it = item(i);
        const QString name = it->data(kNameRole).toString();
        it->setCheckState(roleNames.contains(name) ? Qt::Checked : Qt::Unchecked);
        unlisted_.removeAll(name);
    }
    updating_ = false;
}

QStringList RoleChecklist::checked() const {
    QStringList out = unlisted_;
    for (int i = 0; i < count(); ++i) {
        if (item(i)->checkState() == Qt::Checked) {
            out.append(item(i)->data(kNameRole).toString());
        }
    }
    out.removeDuplicates();
    out.sort();
    return out;
}

void RoleChecklist::setReadOnly(bool readOnly) {
    readOnly_ = readOnly;
    updating_ = true;
    for (int i = 0; i < count(); ++i) {
        item(i)->setFlags(readOnly ? Qt::ItemIsEnabled
                                   : Qt::ItemIsEnabled | Qt::ItemIsUserCheckable);
    }
    updating_ = false;
}

void RoleChecklist::retranslate() {
    for (int i = 0; i < count(); ++i) {
        item(i)->setText(RoleText::title(item(i)->data(kNameRole).toString()));
    }
}

}  // namespace opsdesk::widgets
