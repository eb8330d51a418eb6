#pragma once

#include "widgets/common/placeholderpage.h"
#include "widgets/moduleregistry.h"

namespace opsdesk::widgets {

// The Audit trail module. Its screens come in a later release.
class AuditPage : public PlaceholderPage {
    Q_OBJECT

public:
    AuditPage(const ModuleContext& context, QWidget* parent = nullptr);

    static QString title();
    static QString summary();

protected:
    QString pageTitle() const override { return title(); }
    QString pageSummary() const override { return summary(); }

private:
    ModuleContext context_;
};

}  // namespace opsdesk::widgets
