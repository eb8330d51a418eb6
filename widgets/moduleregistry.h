#pragma once

#include <QStringView>
#include <set>
#include <vector>

#include "widgets/common/module.h"

namespace opsdesk::widgets {

// Every module, in navigation order.
const std::vector<ModuleInfo>& moduleRegistry();
const ModuleInfo* findModule(QStringView id);
// The module that registered this kind of live event, or null.
const ModuleInfo* moduleForEvent(protocol::EventKind kind);
std::vector<const ModuleInfo*> permittedModules(const std::set<protocol::Permission>& permissions);

}  // namespace opsdesk::widgets
