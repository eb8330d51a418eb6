#include "widgets/catalog/catalogpage.h"

namespace opsdesk::widgets {

CatalogPage::CatalogPage(const ModuleContext& context, QWidget* parent)
    : PlaceholderPage(QStringLiteral("catalog"), parent), context_(context) {
    retranslateUi();
}

QString CatalogPage::title() {
    return tr("Catalog");
}

QString CatalogPage::summary() {
    return tr("Maintain products, stock, prices and promotions.");
}

}  // namespace opsdesk::widgets
