#include "widgets/moduleregistry.h"

#include <QFile>

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

template <typename Page>
ModuleInfo makeModule(P permission) {
    const auto module = protocol::info(permission).module;
    return ModuleInfo{
        QString::fromLatin1(module.data(), qsizetype(module.size())),
        permission,
        &Page::title,
        &Page::summary,
        [](const ModuleContext& context, QWidget* parent) -> QWidget* {
            return new Page(context, parent);
        },
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

QIcon ModuleInfo::icon() const {
    return embeddedIcon(id);
}

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

std::vector<const ModuleInfo*> permittedModules(const std::set<protocol::Permission>& permissions) {
    std::vector<const ModuleInfo*> result;
    for (const auto& m : moduleRegistry()) {
        if (permissions.count(m.permission) > 0) {
            result.push_back(&m);
        }
    }
    return result;
}

QIcon embeddedIcon(const QString& name) {
    QIcon icon;
    for (int size : {16, 20, 32, 40, 64, 128, 256}) {
        const QString file = QStringLiteral(":/icons/png/%1-%2.png").arg(name).arg(size);
        if (QFile::exists(file)) {
            icon.addFile(file, QSize(size, size));
        }
    }
    return icon;
}

QIcon applicationIcon() {
    return embeddedIcon(QStringLiteral("opsdesk"));
}

}  // namespace opsdesk::widgets
