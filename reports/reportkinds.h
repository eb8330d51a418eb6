#pragma once

#include <QString>
#include <optional>
#include <set>
#include <span>
#include <string_view>

#include "opsdesk/protocol/permissions.h"

namespace opsdesk::reports {

enum class ReportKind { Sales, Products, Support, Finance };

// A report reads one business domain: seeing it takes reports.read plus that domain's read
// permission, so a report never shows what its reader could not look up directly.
struct ReportKindInfo {
    ReportKind kind;
    std::string_view id;  // stable, for settings and URLs: "sales"
    protocol::Permission domainPermission;
    const char* title;  // English; translate with title()
};

std::span<const ReportKindInfo> reportKinds();
const ReportKindInfo& info(ReportKind kind);
std::optional<ReportKind> reportKindFromId(std::string_view id);

bool canView(ReportKind kind, const std::set<protocol::Permission>& permissions);
QString title(ReportKind kind);  // translated (context "opsdesk::reports")

}  // namespace opsdesk::reports
