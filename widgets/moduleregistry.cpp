#include "widgets/moduleregistry.h"

#include "services-client/feed/feedclient.h"
#include "widgets/audit/auditpage.h"
#include "widgets/catalog/catalogpage.h"
#include "widgets/finance/financepage.h"
#include "widgets/orders/orderspage.h"
#include "widgets/personnel/personnelpage.h"
#include "widgets/reports/reportspage.h"
#include "widgets/support/supportpage.h"

namespace opsdesk::widgets {

namespace {

using P = protocol::Permission;

// A module's entry from its page class: title() and summary() always; feedEvents() and
// notice() where the module follows the live feed.
template <typename Page>
ModuleInfo makeModule(P permission) {
    const auto module = protocol::info(permission).module;
    std::set<protocol::EventKind> feedEvents;
    if constexpr (requires { Page::feedEvents(); }) {
        feedEvents = Page::feedEvents();
    }
    decltype(ModuleInfo::notice) notice;
    if constexpr (requires(const client::FeedEvent& e, const NoticeContext& c) {
                      Page::notice(e, c);
                  }) {
        notice = &Page::notice;
    }
    return ModuleInfo{
        .id = QString::fromLatin1(module.data(), qsizetype(module.size())),
        .permission = permission,
        .title = &Page::title,
        .summary = &Page::summary,
        .create = [](const ModuleContext& context, QWidget* parent) -> QWidget* {
            return new Page(context, parent);
        },
        .feedEvents = std::move(feedEvents),
        .notice = std::move(notice),
    };
}

std::vector<ModuleInfo> makeRegistry() {
    return {
        makeModule<OrdersPage>(P::OrdersRead),   makeModule<SupportPage>(P::SupportRead),
        makeModule<CatalogPage>(P::CatalogRead), makeModule<FinancePage>(P::FinanceRead),
        makeModule<ReportsPage>(P::ReportsRead), makeModule<PersonnelPage>(P::PersonnelRead),
        makeModule<AuditPage>(P::AuditRead),
    };
}

}  // namespace

const std::vector<ModuleInfo>& moduleRegistry() {
    static const std::vector<ModuleInfo> registry = makeRegistry();
    return registry;
}

const ModuleInfo* findModule(QStringView id) {
    for (const auto& m : moduleRegistry()) {
        if (m.id == id) {
            return &m;
        }
    }
    return nullptr;
}

const ModuleInfo* moduleForEvent(protocol::EventKind kind) {
    for (const auto& m : moduleRegistry()) {
        if (m.feedEvents.count(kind) > 0) {
            return &m;
        }
    }
    return nullptr;
}

std::vector<const ModuleInfo*> permittedModules(const std::set<protocol::Permission>& permissions) {
    std::vector<const ModuleInfo*> result;
    for (const auto& m : moduleRegistry()) {
        if (permissions.count(m.permission) > 0) {
            result.push_back(&m);
        }
    }
    return result;
}

}  // namespace opsdesk::widgets
