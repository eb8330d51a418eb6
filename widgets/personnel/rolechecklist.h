#pragma once

#include <QListWidget>

#include "services-client/personnel/personneltypes.h"

namespace opsdesk::widgets {

// The roles a staff member holds, one tick box per role, described in a tooltip.
class RoleChecklist : public QListWidget {
    Q_OBJECT

public:
    explicit RoleChecklist(QWidget* parent = nullptr);

    // Keeps the ticks of roles that are still there.
    void setRoles(const QList<client::Role>& roles);
    void setChecked(const QStringList& roleNames);
    QStringList checked() const;  // sorted
    void setReadOnly(bool readOnly);
    void retranslate();

signals:
    void checkedChanged();

private:
    bool readOnly_ = false;
    bool updating_ = false;
};

}  // namespace opsdesk::widgets
