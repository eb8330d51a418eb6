#pragma once

#include <QIcon>
#include <QString>
#include <QStringView>
#include <QVariantMap>
#include <functional>
#include <set>
#include <vector>

#include "opsdesk/protocol/permissions.h"

class QWidget;

namespace opsdesk::client {
class ApiClient;
class FeedClient;
class Session;
}  // namespace opsdesk::client

namespace opsdesk::widgets {

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
};

// One business module of the shell: the navigation shows it to holders of `permission`.
struct ModuleInfo {
    QString id;  // the permission catalog's module name: "orders"
    protocol::Permission permission;
    QString (*title)();    // translated
    QString (*summary)();  // translated, one sentence
    std::function<QWidget*(const ModuleContext&, QWidget* parent)> create;

    QIcon icon() const;
};

// Every module, in navigation order.
const std::vector<ModuleInfo>& moduleRegistry();
const ModuleInfo* findModule(QStringView id);
std::vector<const ModuleInfo*> permittedModules(const std::set<protocol::Permission>& permissions);

// Icons of the embedded image set (:/icons/png/<name>-<size>.png).
QIcon embeddedIcon(const QString& name);
QIcon applicationIcon();

}  // namespace opsdesk::widgets
