#include "widgets/personnel/permissiontext.h"

#include <array>
#include <utility>

namespace opsdesk::widgets {

namespace {

// Same texts as protocol/src/permissions.cpp; a test checks that every permission has one.
constexpr std::array<std::pair<const char*, const char*>, 19> kDescriptions{{
    {"personnel.read", QT_TRANSLATE_NOOP("PermissionText", "View staff accounts")},
    {"personnel.write",
     QT_TRANSLATE_NOOP("PermissionText", "Create, edit and deactivate staff accounts")},
    {"roles.write",
     QT_TRANSLATE_NOOP("PermissionText", "Create roles and change which permissions they grant")},
    {"audit.read", QT_TRANSLATE_NOOP("PermissionText", "Read the audit trail")},
    {"orders.read", QT_TRANSLATE_NOOP("PermissionText", "View orders and customers")},
    {"orders.write",
     QT_TRANSLATE_NOOP("PermissionText",
                       "Move orders through fulfilment, cancel them and add notes")},
    {"orders.refund", QT_TRANSLATE_NOOP("PermissionText", "Refund money to customers")},
    {"catalog.read", QT_TRANSLATE_NOOP("PermissionText", "View products and categories")},
    {"catalog.write", QT_TRANSLATE_NOOP("PermissionText", "Edit products, stock and categories")},
    {"catalog.price", QT_TRANSLATE_NOOP("PermissionText", "Change product prices")},
    {"promotions.write",
     QT_TRANSLATE_NOOP("PermissionText", "Create and change promotions and flash sales")},
    {"finance.read",
     QT_TRANSLATE_NOOP("PermissionText", "View settlements, statements and reconciliation")},
    {"finance.import",
     QT_TRANSLATE_NOOP("PermissionText", "Import settlements and bank statements")},
    {"finance.reconcile",
     QT_TRANSLATE_NOOP("PermissionText", "Match statement lines and resolve exceptions")},
    {"finance.approve", QT_TRANSLATE_NOOP("PermissionText", "Sign off reconciled statements")},
    {"support.read", QT_TRANSLATE_NOOP("PermissionText", "View support tickets and chats")},
    {"support.reply",
     QT_TRANSLATE_NOOP("PermissionText", "Reply to customers in tickets and chats")},
    {"support.assign",
     QT_TRANSLATE_NOOP("PermissionText", "Assign tickets to agents and manage the queue")},
    {"reports.read", QT_TRANSLATE_NOOP("PermissionText", "View analytics reports")},
}};

const char* sourceFor(const QString& permission) {
    for (const auto& [name, text] : kDescriptions) {
        if (permission == QLatin1String(name)) {
            return text;
        }
    }
    return nullptr;
}

}  // namespace

QString PermissionText::description(const QString& permission, const QString& serverText) {
    const char* source = sourceFor(permission);
    return source ? tr(source) : serverText;
}

bool PermissionText::isKnown(const QString& permission) {
    return sourceFor(permission) != nullptr;
}

}  // namespace opsdesk::widgets
