#pragma once

#include <QColor>

namespace opsdesk::widgets {

// Interim: replaced by the theme of the module kit's edits branch.
class Theme {
public:
    enum class Role { Error, Muted, LiveHighlight, Disabled };
    static QColor color(Role role) {
        switch (role) {
            case Role::Error:
                return QColor(0xb91c1c);
            case Role::Muted:
                return QColor(0x64748b);
            case Role::LiveHighlight:
                return QColor(0xfef3c7);
            case Role::Disabled:
                return QColor(0x94a3b8);
        }
        return {};
    }
};

}  // namespace opsdesk::widgets
