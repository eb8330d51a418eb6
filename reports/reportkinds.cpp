#include "reports/reportkinds.h"

#include <QCoreApplication>
#include <array>

namespace opsdesk::reports {

namespace {

using P = protocol::Permission;

constexpr std::array kKinds{
    ReportKindInfo{ReportKind::Sales, "sales", P::OrdersRead,
                   QT_TRANSLATE_NOOP("opsdesk::reports", "Sales")},
    ReportKindInfo{ReportKind::Products, "products", P::CatalogRead,
                   QT_TRANSLATE_NOOP("opsdesk::reports", "Products")},
    ReportKindInfo{ReportKind::Support, "support", P::SupportRead,
                   QT_TRANSLATE_NOOP("opsdesk::reports", "Support")},
    ReportKindInfo{ReportKind::Finance, "finance", P::FinanceRead,
                   QT_TRANSLATE_NOOP("opsdesk::reports", "Finance")},
};

}  // namespace

std::span<const ReportKindInfo> reportKinds() {
    return kKinds;
}

const ReportKindInfo& info(ReportKind kind) {
    return kKinds[static_cast<std::size_t>(kind)];
}

std::optional<ReportKind> reportKindFromId(std::string_view id) {
    for (const auto& k : kKinds) {
        if (k.id == id) {
            return k.kind;
        }
    }
    return std::nullopt;
}

bool canView(ReportKind kind, const std::set<protocol::Permission>& permissions) {
    return permissions.count(P::ReportsRead) > 0 &&
           permissions.count(info(kind).domainPermission) > 0;
}

QString title(ReportKind kind) {
    return QCoreApplication::translate("opsdesk::reports", info(kind).title);
}

}  // namespace opsdesk::reports
