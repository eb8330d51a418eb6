#pragma once

#include "widgets/common/module.h"
#include "widgets/common/placeholderpage.h"

namespace opsdesk::widgets {

// The Catalog module. Its screens come in a later release.
class CatalogPage : public PlaceholderPage {
    Q_OBJECT

public:
    CatalogPage(const ModuleContext& context, QWidget* parent = nullptr);

    static QString title();
    static QString summary();

protected:
    QString pageTitle() const override { return title(); }
    QString pageSummary() const override { return summary(); }

private:
    ModuleContext context_;
};

}  // namespace opsdesk::widgets
