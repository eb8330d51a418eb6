#pragma once

#include <QIcon>
#include <QString>
#include <QVariantMap>
#include <functional>
#include <optional>
#include <set>

#include "opsdesk/protocol/events.h"
#include "opsdesk/protocol/permissions.h"
#include "services-client/settings/clientsettings.h"

class QObject;
class QWidget;

namespace opsdesk::client {
class ApiClient;
class FeedClient;
class Session;
struct FeedEvent;
}  // namespace opsdesk::client

namespace opsdesk::widgets {

// What the shell and a module agree on (docs/MODULES.md): the context a module's page is made
// with, the entry a module has in the registry (widgets/moduleregistry.cpp), and the desktop
// notices it may ask for. Knows no module.

// What a module page gets to work with.
struct ModuleContext {
    client::ApiClient* api = nullptr;
    client::Session* session = nullptr;
    // Opens another module, pre-filtered ({"entity": "user", "entity_id": "42"}); false when the
    // user may not open it. Unset where there is no shell (a page tested on its own).
    std::function<bool(const QString& moduleId, const QVariantMap& filter)> openModule = nullptr;
    // The live feed, for pages that show live data; null where there is none (a page tested
    // on its own).
    client::FeedClient* feed = nullptr;
    // The title people read for a module id ("orders" → "Orders"), from the registry the shell
    // holds; unset where there is no shell (the id itself is shown).
    std::function<QString(const QString& moduleId)> moduleTitle = nullptr;

    // Hands `receiver` the live events of `kinds` while it lives; nothing where there is no
    // feed. A page passes its module's feedEvents(), the set its registry entry records.
    void subscribe(QObject* receiver, std::set<protocol::EventKind> kinds,
                   std::function<void(const client::FeedEvent&)> handler) const;
    // The feed could not replay what was missed: whatever shows live data must reload.
    void onResync(QObject* receiver, std::function<void()> reload) const;
};

// A desktop notification a module asks for about one live event.
struct ModuleNotice {
    QString title;
    QString text;
    // A click on it opens the module with this filter (ModuleContext::openModule).
    QString moduleId;
    QVariantMap open;
};

// What a module weighs before it tells: the user's choices and who they are (nobody is told of
// their own actions).
struct NoticeContext {
    client::ClientSettings::Notifications preferences;
    QString username;
};

// One business module of the shell: the navigation shows it to holders of `permission`.
struct ModuleInfo {
    QString id;  // the permission catalog's module name: "orders"
    protocol::Permission permission;
    QString (*title)();    // translated
    QString (*summary)();  // translated, one sentence
    std::function<QWidget*(const ModuleContext&, QWidget* parent)> create;
    // The live events the module's pages follow (ModuleContext::subscribe).
    std::set<protocol::EventKind> feedEvents;
    // What the module tells the user about one of its live events, if anything. The shell's
    // tray notifier asks the module that registered the event's kind.
    std::function<std::optional<ModuleNotice>(const client::FeedEvent&, const NoticeContext&)>
        notice;

    QIcon icon() const;
};

// Icons of the embedded image set (:/icons/png/<name>-<size>.png).
QIcon embeddedIcon(const QString& name);
QIcon applicationIcon();

}  // namespace opsdesk::widgets
