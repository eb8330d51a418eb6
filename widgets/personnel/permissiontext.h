#pragma once

#include <QCoreApplication>
#include <QString>

namespace opsdesk::widgets {

// What each permission allows, in the user's language. GET /permissions describes them in
// English; this table, keyed by the permission's name, carries the translations. A permission
// newer than this client shows the server's English text.
class PermissionText {
    Q_DECLARE_TR_FUNCTIONS(PermissionText)

public:
    static QString description(const QString& permission, const QString& serverText = {});
    // The catalog's module name ("orders") as the navigation names it.
    // Whether the table has an entry for this permission.
    static bool isKnown(const QString& permission);
};

}  // namespace opsdesk::widgets
