#pragma once

#include <QListWidget>

#include "services-client/personnel/personneltypes.h"

namespace opsdesk::widgets {

// The roles a staff member holds, one tick box per role, described in a tooltip.
class RoleChecklist : public QListWidget {
    Q_OBJECT

public:
    explicit RoleChecklist(QWidget* parent = nullptr);

    // Keeps the ticks of roles that are still there, and ticks the held roles the list could
    // not show before (the role catalog arrived after the person was shown).
    void setRoles(const QList<client::Role>& roles);
    // The roles held. One the list has no box for yet still counts as held (checked() names
    // it), so a form shown before the role catalog arrives never reads as "no roles".
    void setChecked(const QStringList& roleNames);
    QStringList checked() const;  // sorted
    void setReadOnly(bool readOnly);
    void retranslate();

signals:
    void checkedChanged();

private:
    bool readOnly_ = false;
    bool updating_ = false;
    QStringList unlisted_;  // held roles without a box (not in the catalog shown)
};

}  // namespace opsdesk::widgets
