#pragma once

#include <QCoreApplication>
#include <QString>
#include <QStringList>

namespace opsdesk::widgets {

// Role names for people: "support_agent" reads "Support agent" (translated).
class RoleText {
    Q_DECLARE_TR_FUNCTIONS(RoleText)

public:
    static QString title(const QString& roleName);
    static QString titles(const QStringList& roleNames);
    // The English title a role name turns into, before translation.
    static QString sourceTitle(const QString& roleName);
    // Whether `sourceTitle` has a translation entry (every built-in role should).
    static bool isKnownTitle(const QString& sourceTitle);
};

}  // namespace opsdesk::widgets
