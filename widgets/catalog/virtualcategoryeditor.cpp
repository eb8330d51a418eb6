#include "widgets/catalog/virtualcategoryeditor.h"

#include <QCheckBox>
#include <QComboBox>
#include <QEvent>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QRadioButton>
#include <QRegularExpression>
#include <QStackedWidget>
#include <QTableWidget>
#include <QVBoxLayout>
#include <algorithm>

#include "opsdesk/protocol/money.h"
#include "services-client/auth/session.h"
#include "services-client/catalog/catalogapi.h"
#include "widgets/catalog/catalogtext.h"
#include "widgets/catalog/categorytree.h"
#include "widgets/common/conflictbanner.h"
#include "widgets/common/errortext.h"
#include "widgets/common/fieldtext.h"
#include "widgets/common/format.h"
#include "widgets/common/messageline.h"
#include "widgets/common/searchbox.h"
#include "widgets/common/theme.h"

namespace opsdesk::widgets {

using client::ApiError;
using client::RulePreview;
using client::VirtualCategory;
using client::VirtualCategoryRule;
using protocol::ErrorCode;

namespace {

// The currencies a price range is offered in (every one the server knows); a loaded rule's own
// is added when it is another.
QStringList offeredCurrencies() {
    QStringList out;
    for (const auto& c : protocol::currencies()) {
        out.append(QString::fromLatin1(c.code.data(), qsizetype(c.code.size())));
    }
    return out;
}
const QString kDefaultCurrency = QStringLiteral("CNY");

// Every field a refusal may name, with the label it is shown in (several share one).
const QStringList kFields{
    QStringLiteral("name"),
    QStringLiteral("kind"),
    QStringLiteral("rule"),
    QStringLiteral("rule.category_id"),
    QStringLiteral("rule.min_price_minor"),
    QStringLiteral("rule.max_price_minor"),
    QStringLiteral("rule.currency"),
    QStringLiteral("rule.in_stock"),
    QStringLiteral("rule.tags_any"),
    QStringLiteral("rule.attributes"),
    QStringLiteral("rule.status"),
    QStringLiteral("product_ids"),
};

QString fieldFor(const QString& serverField) {
    if (serverField == QLatin1String("rule.include_descendants")) {
        return QStringLiteral("rule.category_id");
    }
    if (kFields.contains(serverField)) {
        return serverField;
    }
    return serverField.startsWith(QLatin1String("rule")) ? QStringLiteral("rule")
                                                         : QStringLiteral("name");
}

// What a person types for an attribute's value: true/false, a number, or text ("…" forces text).
QJsonValue attributeValue(const QString& typed) {
    const QString t = typed.trimmed();
    if (t == QLatin1String("true") || t == QLatin1String("false")) {
        return t == QLatin1String("true");
    }
    if (t.size() >= 2 && t.startsWith(QLatin1Char('"')) && t.endsWith(QLatin1Char('"'))) {
        return t.mid(1, t.size() - 2);
    }
    const QJsonDocument number = QJsonDocument::fromJson(QStringLiteral("[%1]").arg(t).toUtf8());
    if (number.isArray() && number.array().size() == 1 && number.array().first().isDouble()) {
        return number.array().first();
    }
    return t;
}

QString attributeText(const QJsonValue& v) {
    if (v.isBool()) {
        return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    }
    if (v.isDouble()) {
        const double d = v.toDouble();
        return d == double(v.toInteger()) ? QString::number(v.toInteger())
                                          : QString::number(d, 'g', 15);
    }
    const QString text = v.toString();
    // Text that would read back as a number or true/false keeps its quotes.
    return attributeValue(text).isString() ? text : QStringLiteral("\"%1\"").arg(text);
}

QStringList splitTags(const QString& text) {
    QStringList out;
    static const QRegularExpression separators(QStringLiteral("[,;，；]"));
    for (const QString& part : text.split(separators)) {
        const QString tag = part.trimmed();
        if (!tag.isEmpty() && !out.contains(tag)) {
            out << tag;
        }
    }
    return out;
}

QTableWidgetItem* readOnlyItem(const QString& text) {
    auto* item = new QTableWidgetItem(text);
    item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable);
    return item;
}

}  // namespace

VirtualCategoryEditor::VirtualCategoryEditor(const ModuleContext& context,
                                             client::VirtualCategoriesApi* api,
                                             client::CatalogApi* catalog, CategoryTree* categories,
                                             QWidget* parent)
    : QWidget(parent), context_(context), api_(api), catalog_(catalog), categories_(categories) {
    setObjectName(QStringLiteral("virtualCategoryEditor"));
    auto* outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    pages_ = new QStackedWidget(this);
    outer->addWidget(pages_);

    empty_ = new QLabel(pages_);
    empty_->setObjectName(QStringLiteral("virtualCategoryEmptyLabel"));
    empty_->setAlignment(Qt::AlignCenter);
    empty_->setWordWrap(true);
    Theme::setTextColor(empty_, Theme::Role::Muted);
    pages_->addWidget(empty_);

    auto* form = new QWidget(pages_);
    auto* layout = new QVBoxLayout(form);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(8);
    message_ = new MessageLine(QStringLiteral("virtualCategoryMessage"), form);
    layout->addWidget(message_);
    banner_ = new ConflictBanner(form);
    banner_->setObjectName(QStringLiteral("virtualCategoryConflict"));
    layout->addWidget(banner_);

    auto* head = new QFormLayout;
    head->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    nameLabel_ = new QLabel(form);
    name_ = new QLineEdit(form);
    name_->setObjectName(QStringLiteral("virtualCategoryNameEdit"));
    name_->setMaxLength(200);
    auto* nameBox = new QWidget(form);
    auto* nameLayout = new QVBoxLayout(nameBox);
    nameLayout->setContentsMargins(0, 0, 0, 0);
    nameLayout->setSpacing(2);
    nameLayout->addWidget(name_);
    nameLayout->addWidget(errorLabel(QStringLiteral("name"), nameBox));
    head->addRow(nameLabel_, nameBox);
    kindLabel_ = new QLabel(form);
    auto* kinds = new QHBoxLayout;
    ruleKind_ = new QRadioButton(form);
    ruleKind_->setObjectName(QStringLiteral("ruleKindButton"));
    manualKind_ = new QRadioButton(form);
    manualKind_->setObjectName(QStringLiteral("manualKindButton"));
    ruleKind_->setChecked(true);
    kinds->addWidget(ruleKind_);
    kinds->addWidget(manualKind_);
    kinds->addStretch(1);
    head->addRow(kindLabel_, kinds);
    layout->addLayout(head);

    kindPages_ = new QStackedWidget(form);
    rulePage_ = buildRulePage();
    manualPage_ = buildManualPage();
    kindPages_->addWidget(rulePage_);
    kindPages_->addWidget(manualPage_);
    layout->addWidget(kindPages_, 1);

    auto* buttons = new QHBoxLayout;
    save_ = new QPushButton(form);
    save_->setObjectName(QStringLiteral("saveVirtualCategoryButton"));
    save_->setDefault(true);
    revert_ = new QPushButton(form);
    revert_->setObjectName(QStringLiteral("revertVirtualCategoryButton"));
    showProducts_ = new QPushButton(form);
    showProducts_->setObjectName(QStringLiteral("showVirtualCategoryProductsButton"));
    buttons->addWidget(save_);
    buttons->addWidget(revert_);
    buttons->addStretch(1);
    buttons->addWidget(showProducts_);
    layout->addLayout(buttons);
    pages_->addWidget(form);

    previewDelay_.setSingleShot(true);
    previewDelay_.setInterval(kPreviewDelay);
    connect(&previewDelay_, &QTimer::timeout, this, &VirtualCategoryEditor::runPreview);

    connect(name_, &QLineEdit::textEdited, this,
            [this] { FieldText::clear(errors_.value(QStringLiteral("name"))); });
    connect(ruleKind_, &QRadioButton::toggled, this, &VirtualCategoryEditor::kindChanged);
    connect(save_, &QPushButton::clicked, this, &VirtualCategoryEditor::save);
    connect(revert_, &QPushButton::clicked, this, [this] {
        if (saved_) {
            openCategory(*saved_);
        } else {
            startNew();
        }
    });
    connect(showProducts_, &QPushButton::clicked, this, [this] {
        if (saved_) {
            emit showProductsRequested(saved_->id);
        }
    });
    connect(banner_, &ConflictBanner::reapplyRequested, this,
            &VirtualCategoryEditor::reapplyOnTheirs);
    connect(banner_, &ConflictBanner::discardRequested, this, [this] {
        if (theirs_) {
            const VirtualCategory current = *theirs_;
            openCategory(current);
        }
    });
    connect(categories_, &CategoryTree::changed, this, &VirtualCategoryEditor::fillCategories);

    retranslateUi();
    applyPermissions();
    pages_->setCurrentIndex(0);
}

QLabel* VirtualCategoryEditor::errorLabel(const QString& field, QWidget* parent) {
    // Named "<field>Error" with the dots of a rule's field left out: "rule_currencyError".
    QString name = field;
    name.replace(QLatin1Char('.'), QLatin1Char('_'));
    QLabel* label = FieldText::makeErrorLabel(name, parent);
    errors_.insert(field, label);
    return label;
}

QWidget* VirtualCategoryEditor::buildRulePage() {
    auto* page = new QWidget(this);
    auto* row = new QHBoxLayout(page);
    row->setContentsMargins(0, 0, 0, 0);
    row->setSpacing(12);

    ruleBox_ = new QGroupBox(page);
    ruleBox_->setObjectName(QStringLiteral("ruleBuilderBox"));
    auto* boxLayout = new QVBoxLayout(ruleBox_);
    auto* form = new QFormLayout;
    boxLayout->addLayout(form);
    boxLayout->addStretch(1);  // the conditions keep together at the top
    form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    form->setRowWrapPolicy(QFormLayout::DontWrapRows);
    form->setLabelAlignment(Qt::AlignLeft | Qt::AlignTop);

    // A condition's controls and, under them, why the server refused it.
    const auto condition = [this, form](QLabel* label, QLayout* controls,
                                        const QStringList& fields) {
        auto* box = new QWidget(ruleBox_);
        auto* v = new QVBoxLayout(box);
        v->setContentsMargins(0, 0, 0, 0);
        v->setSpacing(2);
        v->addLayout(controls);
        for (const QString& f : fields) {
            v->addWidget(errorLabel(f, box));
        }
        form->addRow(label, box);
    };

    categoryLabel_ = new QLabel(ruleBox_);
    category_ = new QComboBox(ruleBox_);
    category_->setObjectName(QStringLiteral("ruleCategoryCombo"));
    category_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    category_->setMinimumContentsLength(18);
    descendants_ = new QCheckBox(ruleBox_);
    descendants_->setObjectName(QStringLiteral("ruleIncludeSubcategoriesBox"));
    descendants_->setChecked(true);
    auto* categoryRow = new QHBoxLayout;
    categoryRow->addWidget(category_, 1);
    categoryRow->addWidget(descendants_);
    condition(categoryLabel_, categoryRow, {QStringLiteral("rule.category_id")});

    priceLabel_ = new QLabel(ruleBox_);
    minPrice_ = new QLineEdit(ruleBox_);
    minPrice_->setObjectName(QStringLiteral("ruleMinPriceEdit"));
    maxPrice_ = new QLineEdit(ruleBox_);
    maxPrice_->setObjectName(QStringLiteral("ruleMaxPriceEdit"));
    for (QLineEdit* e : {minPrice_, maxPrice_}) {
        e->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
        e->setMinimumWidth(fontMetrics().horizontalAdvance(QStringLiteral("999,999.99")) + 16);
    }
    priceDash_ = new QLabel(QStringLiteral("–"), ruleBox_);
    currency_ = new QComboBox(ruleBox_);
    currency_->setObjectName(QStringLiteral("ruleCurrencyCombo"));
    auto* priceRow = new QHBoxLayout;
    priceRow->addWidget(minPrice_, 1);
    priceRow->addWidget(priceDash_);
    priceRow->addWidget(maxPrice_, 1);
    priceRow->addWidget(currency_);
    condition(priceLabel_, priceRow,
              {QStringLiteral("rule.min_price_minor"), QStringLiteral("rule.max_price_minor"),
               QStringLiteral("rule.currency")});

    stockLabel_ = new QLabel(ruleBox_);
    stock_ = new QComboBox(ruleBox_);
    stock_->setObjectName(QStringLiteral("ruleStockCombo"));
    auto* stockRow = new QHBoxLayout;
    stockRow->addWidget(stock_);
    stockRow->addStretch(1);
    condition(stockLabel_, stockRow, {QStringLiteral("rule.in_stock")});

    tagsLabel_ = new QLabel(ruleBox_);
    tags_ = new QLineEdit(ruleBox_);
    tags_->setObjectName(QStringLiteral("ruleTagsEdit"));
    auto* tagsRow = new QHBoxLayout;
    tagsRow->addWidget(tags_);
    condition(tagsLabel_, tagsRow, {QStringLiteral("rule.tags_any")});

    attributesLabel_ = new QLabel(ruleBox_);
    attributes_ = new QTableWidget(0, 2, ruleBox_);
    attributes_->setObjectName(QStringLiteral("ruleAttributesTable"));
    attributes_->verticalHeader()->hide();
    attributes_->horizontalHeader()->setStretchLastSection(true);
    attributes_->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    attributes_->setSelectionBehavior(QAbstractItemView::SelectRows);
    attributes_->setFixedHeight(attributes_->horizontalHeader()->sizeHint().height() +
                                3 * (fontMetrics().height() + 10) + 4);
    addAttribute_ = new QPushButton(ruleBox_);
    addAttribute_->setObjectName(QStringLiteral("addRuleAttributeButton"));
    removeAttribute_ = new QPushButton(ruleBox_);
    removeAttribute_->setObjectName(QStringLiteral("removeRuleAttributeButton"));
    auto* attributeButtons = new QVBoxLayout;
    attributeButtons->addWidget(addAttribute_);
    attributeButtons->addWidget(removeAttribute_);
    attributeButtons->addStretch(1);
    auto* attributesRow = new QHBoxLayout;
    attributesRow->addWidget(attributes_, 1);
    attributesRow->addLayout(attributeButtons);
    condition(attributesLabel_, attributesRow, {QStringLiteral("rule.attributes")});

    statusLabel_ = new QLabel(ruleBox_);
    auto* statusRow = new QHBoxLayout;
    for (const QString& status : CatalogText::statuses()) {
        auto* box = new QCheckBox(ruleBox_);
        box->setObjectName(QStringLiteral("ruleStatus_%1").arg(status));
        statuses_.insert(status, box);
        statusRow->addWidget(box);
        connect(box, &QCheckBox::toggled, this, &VirtualCategoryEditor::ruleChanged);
    }
    statusHint_ = new QLabel(ruleBox_);
    Theme::setTextColor(statusHint_, Theme::Role::Muted);
    statusRow->addWidget(statusHint_, 1);
    condition(statusLabel_, statusRow, {QStringLiteral("rule.status")});
    auto* general = new QHBoxLayout;
    auto* spacer = new QLabel(ruleBox_);
    condition(spacer, general, {QStringLiteral("rule")});

    row->addWidget(ruleBox_, 1);
    row->addWidget(buildPreview(), 1);  // the sample reads its titles in full

    connect(category_, &QComboBox::activated, this, [this] {
        const QVariant id = category_->currentData();
        categoryChoice_ = id.isValid() ? std::optional(id.toLongLong()) : std::nullopt;
        descendants_->setEnabled(categoryChoice_.has_value());
        ruleChanged();
    });
    connect(descendants_, &QCheckBox::toggled, this, &VirtualCategoryEditor::ruleChanged);
    connect(minPrice_, &QLineEdit::textEdited, this, &VirtualCategoryEditor::ruleChanged);
    connect(maxPrice_, &QLineEdit::textEdited, this, &VirtualCategoryEditor::ruleChanged);
    connect(currency_, &QComboBox::activated, this, &VirtualCategoryEditor::ruleChanged);
    connect(stock_, &QComboBox::activated, this, &VirtualCategoryEditor::ruleChanged);
    connect(tags_, &QLineEdit::textEdited, this, &VirtualCategoryEditor::ruleChanged);
    connect(attributes_, &QTableWidget::itemChanged, this, &VirtualCategoryEditor::ruleChanged);
    connect(addAttribute_, &QPushButton::clicked, this, [this] {
        addAttributeRow({}, {});
        attributes_->setCurrentCell(attributes_->rowCount() - 1, 0);
        attributes_->editItem(attributes_->item(attributes_->rowCount() - 1, 0));
    });
    connect(removeAttribute_, &QPushButton::clicked, this, [this] {
        const int current = attributes_->currentRow();
        if (current >= 0) {
            attributes_->removeRow(current);
            ruleChanged();
        }
    });
    return page;
}

QWidget* VirtualCategoryEditor::buildPreview() {
    previewBox_ = new QGroupBox(this);
    previewBox_->setObjectName(QStringLiteral("rulePreviewBox"));
    auto* v = new QVBoxLayout(previewBox_);
    previewCount_ = new QLabel(previewBox_);
    previewCount_->setObjectName(QStringLiteral("rulePreviewCountLabel"));
    QFont big = previewCount_->font();
    big.setBold(true);
    big.setPointSizeF(big.pointSizeF() * 1.3);
    previewCount_->setFont(big);
    previewState_ = new QLabel(previewBox_);
    previewState_->setObjectName(QStringLiteral("rulePreviewStateLabel"));
    previewState_->setWordWrap(true);
    Theme::setTextColor(previewState_, Theme::Role::Muted);
    sample_ = new QTableWidget(0, 3, previewBox_);
    sample_->setObjectName(QStringLiteral("rulePreviewSampleTable"));
    sample_->verticalHeader()->hide();
    sample_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    sample_->setSelectionMode(QAbstractItemView::NoSelection);
    sample_->setShowGrid(false);
    sample_->setAlternatingRowColors(true);
    sample_->setWordWrap(false);
    QHeaderView* header = sample_->horizontalHeader();
    header->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    header->setSectionResizeMode(0, QHeaderView::Stretch);
    header->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    header->setSectionResizeMode(2, QHeaderView::ResizeToContents);
    v->addWidget(previewCount_);
    v->addWidget(previewState_);
    v->addWidget(sample_, 100);
    v->addStretch(1);  // keeps the count at the top while there is no sample
    return previewBox_;
}

QWidget* VirtualCategoryEditor::buildManualPage() {
    auto* page = new QWidget(this);
    auto* row = new QHBoxLayout(page);
    row->setContentsMargins(0, 0, 0, 0);
    manualBox_ = new QGroupBox(page);
    auto* find = new QVBoxLayout(manualBox_);
    productSearch_ = new SearchBox(QStringLiteral("virtualProductSearchEdit"), manualBox_);
    results_ = new QListWidget(manualBox_);
    results_->setObjectName(QStringLiteral("virtualProductResults"));
    results_->setSelectionMode(QAbstractItemView::ExtendedSelection);
    addProduct_ = new QPushButton(manualBox_);
    addProduct_->setObjectName(QStringLiteral("addVirtualProductButton"));
    find->addWidget(productSearch_);
    find->addWidget(results_, 1);
    find->addWidget(addProduct_, 0, Qt::AlignLeft);

    auto* membersBox = new QWidget(page);
    auto* list = new QVBoxLayout(membersBox);
    list->setContentsMargins(0, 6, 0, 0);
    membersLabel_ = new QLabel(membersBox);
    membersLabel_->setObjectName(QStringLiteral("virtualMembersLabel"));
    members_ = new QListWidget(membersBox);
    members_->setObjectName(QStringLiteral("virtualMembersList"));
    members_->setSelectionMode(QAbstractItemView::ExtendedSelection);
    removeProduct_ = new QPushButton(membersBox);
    removeProduct_->setObjectName(QStringLiteral("removeVirtualProductButton"));
    list->addWidget(membersLabel_);
    list->addWidget(members_, 1);
    list->addWidget(errorLabel(QStringLiteral("product_ids"), membersBox));
    list->addWidget(removeProduct_, 0, Qt::AlignLeft);
    row->addWidget(manualBox_, 1);
    row->addWidget(membersBox, 1);

    connect(productSearch_, &SearchBox::searchChanged, this,
            &VirtualCategoryEditor::searchProducts);
    connect(addProduct_, &QPushButton::clicked, this, &VirtualCategoryEditor::addSelectedProducts);
    connect(results_, &QListWidget::itemActivated, this,
            &VirtualCategoryEditor::addSelectedProducts);
    connect(removeProduct_, &QPushButton::clicked, this,
            &VirtualCategoryEditor::removeSelectedMembers);
    return page;
}

void VirtualCategoryEditor::retranslateUi() {
    empty_->setText(Catalog::tr("Choose a virtual category on the left, or make a new one."));
    nameLabel_->setText(Catalog::tr("Name:"));
    name_->setPlaceholderText(Catalog::tr("What shoppers and colleagues call it"));
    kindLabel_->setText(Catalog::tr("Kind:"));
    ruleKind_->setText(Catalog::tr("By rule"));
    ruleKind_->setToolTip(Catalog::tr("Its products follow from conditions, at every moment"));
    manualKind_->setText(Catalog::tr("Hand-picked"));
    manualKind_->setToolTip(Catalog::tr("The products you pick, and only those"));
    ruleBox_->setTitle(Catalog::tr("Products that meet every condition"));
    categoryLabel_->setText(Catalog::tr("Category:"));
    descendants_->setText(Catalog::tr("Include subcategories"));
    priceLabel_->setText(Catalog::tr("Price:"));
    minPrice_->setPlaceholderText(Catalog::tr("from"));
    maxPrice_->setPlaceholderText(Catalog::tr("up to"));
    priceLabel_->setToolTip(
        Catalog::tr("A variant priced within the range, both ends included, in this currency"));
    stockLabel_->setText(Catalog::tr("Stock:"));
    const int stockIndex = stock_->currentIndex();
    stock_->clear();
    stock_->addItem(Catalog::tr("Any stock"));
    stock_->addItem(Catalog::tr("In stock"), true);
    stock_->addItem(Catalog::tr("Out of stock"), false);
    stock_->setCurrentIndex(qMax(0, stockIndex));
    tagsLabel_->setText(Catalog::tr("Tags:"));
    tags_->setPlaceholderText(Catalog::tr("Any of these tags, separated by commas"));
    attributesLabel_->setText(Catalog::tr("Attributes:"));
    attributes_->setHorizontalHeaderLabels({Catalog::tr("Name"), Catalog::tr("Value")});
    attributes_->setToolTip(
        Catalog::tr("Products whose attributes hold every row. A value is text, a number or "
                    "true/false; put text that looks like a number in quotes: \"250\"."));
    addAttribute_->setText(Catalog::tr("Add"));
    removeAttribute_->setText(Catalog::tr("Remove"));
    statusLabel_->setText(Catalog::tr("Status:"));
    for (auto it = statuses_.cbegin(); it != statuses_.cend(); ++it) {
        it.value()->setText(CatalogText::statusName(it.key()));
    }
    statusHint_->setText(Catalog::tr("(none ticked: any status)"));
    previewBox_->setTitle(Catalog::tr("Products now"));
    sample_->setHorizontalHeaderLabels(
        {Catalog::tr("Product"), Catalog::tr("SKU"), Catalog::tr("Price")});
    manualBox_->setTitle(Catalog::tr("Find products"));
    productSearch_->setPlaceholderText(Catalog::tr("Search title, SKU or tag"));
    addProduct_->setText(Catalog::tr("Add to the category"));
    removeProduct_->setText(Catalog::tr("Remove from the category"));
    membersLabel_->setText(Catalog::tr("In this category (%1)").arg(members_->count()));
    save_->setText(Catalog::tr("Save"));
    revert_->setText(Catalog::tr("Revert"));
    showProducts_->setText(Catalog::tr("Show products"));
    showProducts_->setToolTip(Catalog::tr("The product list, filtered by this virtual category"));
    if (preview_) {
        showPreview(*preview_);
    }
}

void VirtualCategoryEditor::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) {
        retranslateUi();
    }
    QWidget::changeEvent(event);
}

void VirtualCategoryEditor::applyPermissions() {
    const bool write =
        context_.session && context_.session->can(protocol::Permission::CatalogWrite);
    name_->setReadOnly(!write);
    ruleKind_->setEnabled(write && !saved_);
    manualKind_->setEnabled(write && !saved_);
    ruleBox_->setEnabled(write);
    manualBox_->setVisible(write);
    removeProduct_->setVisible(write);
    save_->setVisible(write);
    revert_->setVisible(write);
    save_->setEnabled(!saveRequest_);
    showProducts_->setEnabled(saved_.has_value());
}

bool VirtualCategoryEditor::ruleKind() const {
    return ruleKind_->isChecked();
}

void VirtualCategoryEditor::fillCategories() {
    const bool was = filling_;
    filling_ = true;
    categories_->fill(category_, Catalog::tr("Any category"), categoryChoice_);
    filling_ = was;
    descendants_->setEnabled(categoryChoice_.has_value());
}

void VirtualCategoryEditor::fillCurrencies(const QString& selected) {
    currency_->clear();
    QStringList codes = offeredCurrencies();
    if (!selected.isEmpty() && !codes.contains(selected)) {
        codes << selected;
    }
    for (const QString& code : codes) {
        currency_->addItem(code, code);
    }
    currency_->setCurrentIndex(
        qMax(0, codes.indexOf(selected.isEmpty() ? kDefaultCurrency : selected)));
}

void VirtualCategoryEditor::addAttributeRow(const QString& name, const QString& value) {
    const bool was = filling_;
    filling_ = true;
    const int row = attributes_->rowCount();
    attributes_->insertRow(row);
    attributes_->setItem(row, 0, new QTableWidgetItem(name));
    attributes_->setItem(row, 1, new QTableWidgetItem(value));
    filling_ = was;
}

void VirtualCategoryEditor::setRule(const VirtualCategoryRule& rule) {
    categoryChoice_ = rule.categoryId;
    fillCategories();
    descendants_->setChecked(rule.includeDescendants);
    const QString currency = rule.currency.isEmpty() ? kDefaultCurrency : rule.currency;
    fillCurrencies(currency);
    currencyAlone_ = !rule.currency.isEmpty() && !rule.minPriceMinor && !rule.maxPriceMinor;
    minPrice_->setText(rule.minPriceMinor ? Format::plainAmount(*rule.minPriceMinor, currency)
                                          : QString());
    maxPrice_->setText(rule.maxPriceMinor ? Format::plainAmount(*rule.maxPriceMinor, currency)
                                          : QString());
    stock_->setCurrentIndex(!rule.inStock ? 0 : (*rule.inStock ? 1 : 2));
    tags_->setText(rule.tagsAny.join(QStringLiteral(", ")));
    attributes_->setRowCount(0);
    for (auto it = rule.attributes.begin(); it != rule.attributes.end(); ++it) {
        addAttributeRow(it.key(), attributeText(it.value()));
    }
    for (auto it = statuses_.cbegin(); it != statuses_.cend(); ++it) {
        it.value()->setChecked(rule.statuses.contains(it.key()));
    }
}

std::optional<VirtualCategoryRule> VirtualCategoryEditor::readRule(
    QMap<QString, QString>* problems) const {
    VirtualCategoryRule rule;
    bool ok = true;
    const auto problem = [&](const QString& field, const QString& why) {
        ok = false;
        if (problems) {
            problems->insert(field, why);
        }
    };
    rule.categoryId = categoryChoice_;
    rule.includeDescendants = !categoryChoice_ || descendants_->isChecked();
    const QString currency = currency_->currentData().toString();
    const auto amount = [&](QLineEdit* edit, const QString& field) -> std::optional<qint64> {
        const QString text = edit->text().trimmed();
        if (text.isEmpty()) {
            return std::nullopt;
        }
        const auto minor = Format::parseAmount(text, currency);
        if (!minor || *minor < 0) {
            problem(field, Catalog::tr("Write an amount in %1, such as %2.")
                               .arg(currency, Format::amount(12345, currency)));
            return std::nullopt;
        }
        return minor;
    };
    rule.minPriceMinor = amount(minPrice_, QStringLiteral("rule.min_price_minor"));
    rule.maxPriceMinor = amount(maxPrice_, QStringLiteral("rule.max_price_minor"));
    if (rule.minPriceMinor && rule.maxPriceMinor && *rule.minPriceMinor > *rule.maxPriceMinor) {
        problem(QStringLiteral("rule.max_price_minor"),
                Catalog::tr("The upper end is below the lower one."));
    }
    if (rule.minPriceMinor || rule.maxPriceMinor || currencyAlone_) {
        rule.currency = currency;
    }
    const QVariant stock = stock_->currentData();
    if (stock.isValid()) {
        rule.inStock = stock.toBool();
    }
    rule.tagsAny = splitTags(tags_->text());
    for (int row = 0; row < attributes_->rowCount(); ++row) {
        const QString name =
            attributes_->item(row, 0) ? attributes_->item(row, 0)->text().trimmed() : QString();
        const QString value =
            attributes_->item(row, 1) ? attributes_->item(row, 1)->text().trimmed() : QString();
        if (name.isEmpty() && value.isEmpty()) {
            continue;  // a row just added
        }
        if (name.isEmpty()) {
            problem(QStringLiteral("rule.attributes"),
                    Catalog::tr("Row %1 has a value but no attribute name.").arg(row + 1));
            continue;
        }
        rule.attributes.insert(name, attributeValue(value));
    }
    for (const QString& status : CatalogText::statuses()) {
        if (statuses_.value(status)->isChecked()) {
            rule.statuses << status;
        }
    }
    return ok ? std::optional(rule) : std::nullopt;
}

void VirtualCategoryEditor::startNew() {
    open_ = true;
    saved_.reset();
    theirs_.reset();
    baseVersion_ = 0;
    banner_->dismiss();
    message_->clear();
    clearFieldErrors();
    filling_ = true;
    name_->clear();
    ruleKind_->setChecked(true);
    kindPages_->setCurrentWidget(rulePage_);
    setRule({});
    setMembers({});
    results_->clear();
    productSearch_->clear();
    filling_ = false;
    pages_->setCurrentIndex(1);
    applyPermissions();
    name_->setFocus();
    previewDelay_.stop();
    runPreview();
}

void VirtualCategoryEditor::showCategory(qint64 id) {
    if (loadRequest_) {
        loadRequest_->abort();
    }
    auto* request = api_->get(id);
    loadRequest_ = request;
    connect(request, &client::VirtualCategoryRequest::succeeded, this,
            [this, request] { openCategory(request->virtualCategory()); });
    connect(request, &client::ApiRequest::failed, this, [this](const ApiError& e) {
        if (e.kind != ApiError::Kind::Cancelled) {
            pages_->setCurrentIndex(1);
            message_->showError(e);
        }
    });
}

void VirtualCategoryEditor::openCategory(const VirtualCategory& category) {
    open_ = true;
    saved_ = category;
    theirs_.reset();
    baseVersion_ = category.version;
    banner_->dismiss();
    message_->clear();
    clearFieldErrors();
    fillForm(category);
    pages_->setCurrentIndex(1);
    applyPermissions();
    if (category.isRule()) {
        previewDelay_.stop();
        runPreview();
    } else {
        loadMemberTitles(category.id);
    }
}

void VirtualCategoryEditor::reload() {
    if (saved_ && !isDirty()) {
        showCategory(saved_->id);
    } else if (open_ && ruleKind()) {
        ruleChanged();
    }
}

void VirtualCategoryEditor::productChanged() {
    if (open_ && ruleKind()) {
        previewDelay_.start();
    }
}

void VirtualCategoryEditor::fillForm(const VirtualCategory& category) {
    filling_ = true;
    name_->setText(category.name);
    ruleKind_->setChecked(category.isRule());
    manualKind_->setChecked(!category.isRule());
    kindPages_->setCurrentWidget(category.isRule() ? rulePage_ : manualPage_);
    setRule(category.rule.value_or(VirtualCategoryRule{}));
    QList<Member> members;
    for (qint64 id : category.productIds) {
        members.append(Member{id, {}});
    }
    setMembers(members);
    results_->clear();
    productSearch_->clear();
    filling_ = false;
    if (!category.isRule()) {
        preview_.reset();
    }
}

void VirtualCategoryEditor::kindChanged() {
    kindPages_->setCurrentWidget(ruleKind() ? rulePage_ : manualPage_);
    if (filling_) {
        return;
    }
    if (ruleKind()) {
        ruleChanged();
    }
}

void VirtualCategoryEditor::ruleChanged() {
    if (filling_ || !open_) {
        return;
    }
    previewState_->setText(Catalog::tr("Counting…"));
    previewDelay_.start();
}

void VirtualCategoryEditor::runPreview() {
    if (!open_ || !ruleKind()) {
        return;
    }
    QMap<QString, QString> problems;
    const auto rule = readRule(&problems);
    clearFieldErrors(QStringLiteral("rule"));
    if (!rule) {
        showFieldErrors(problems);
        if (previewRequest_) {
            previewRequest_->abort();
        }
        showNoPreview(Catalog::tr("Correct the marked conditions to see the count."));
        return;
    }
    if (previewRequest_) {
        previewRequest_->abort();  // its answer would be stale anyway
    }
    const quint64 seq = ++previewSeq_;
    ++previewsSent_;
    auto* request = api_->preview(*rule);
    previewRequest_ = request;
    previewState_->setText(Catalog::tr("Counting…"));
    connect(request, &client::RulePreviewRequest::succeeded, this, [this, request, seq] {
        if (seq != previewSeq_) {
            return;  // a newer rule was asked for meanwhile
        }
        preview_ = request->preview();
        clearFieldErrors(QStringLiteral("rule"));
        showPreview(*preview_);
    });
    connect(request, &client::ApiRequest::failed, this, [this, seq](const ApiError& e) {
        if (seq != previewSeq_ || e.kind == ApiError::Kind::Cancelled) {
            return;
        }
        if (e.is(ErrorCode::ValidationFailed) && !e.fields.isEmpty()) {
            showFieldErrors(e.fields);
            showNoPreview(Catalog::tr("The server refused a condition; see beside it."));
        } else {
            showNoPreview(CatalogText::describeError(e));
        }
    });
}

void VirtualCategoryEditor::showNoPreview(const QString& why) {
    // A count of an earlier rule beside a refused one would mislead.
    preview_.reset();
    previewCount_->setText(Format::none());
    previewState_->setText(why);
    sample_->setRowCount(0);
    sample_->hide();
}

void VirtualCategoryEditor::showPreview(const RulePreview& preview) {
    previewCount_->setText(
        preview.countIsExact
            ? CatalogText::productCount(preview.count, true)
            : Catalog::tr("More than %1 products").arg(QLocale().toString(preview.count)));
    if (preview.sample.isEmpty()) {
        previewState_->setText(Catalog::tr("No product meets every condition now."));
    } else if (preview.sample.size() < preview.count || !preview.countIsExact) {
        previewState_->setText(
            Catalog::tr("The %1 changed last:").arg(QLocale().toString(preview.sample.size())));
    } else {
        previewState_->setText(QString());
    }
    sample_->setRowCount(0);
    sample_->setRowCount(int(preview.sample.size()));
    for (int row = 0; row < preview.sample.size(); ++row) {
        const auto& p = preview.sample.at(row);
        const QStringList skus = p.skus();
        sample_->setItem(row, 0, readOnlyItem(p.title));
        auto* sku = readOnlyItem(
            skus.size() <= 1 ? skus.join(QString())
                             : Catalog::tr("%1, +%2").arg(skus.first()).arg(skus.size() - 1));
        sku->setToolTip(skus.join(QLatin1Char('\n')));
        sample_->setItem(row, 1, sku);
        auto* price = readOnlyItem(CatalogText::priceRange(p));
        price->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        sample_->setItem(row, 2, price);
    }
    sample_->setVisible(!preview.sample.isEmpty());
}

QString VirtualCategoryEditor::ruleReason(const QString& field, const QString& s) const {
    if (s == QLatin1String("no such category")) {
        return Catalog::tr("This category no longer exists; choose another.");
    }
    if (s.startsWith(QLatin1String("required with a price range"))) {
        return Catalog::tr("A price range needs its currency.");
    }
    if (s == QLatin1String("unknown currency")) {
        return Catalog::tr("The server does not know this currency.");
    }
    if (s.startsWith(QLatin1String("must not be below min_price_minor"))) {
        return Catalog::tr("The upper end is below the lower one.");
    }
    if (s.startsWith(QLatin1String("must be an integer")) ||
        s.startsWith(QLatin1String("must be between"))) {
        return field.contains(QLatin1String("price"))
                   ? Catalog::tr("At most 10,000,000,000.00 in the currency's units.")
                   : FieldText::reason(s);
    }
    static const QRegularExpression texts(QStringLiteral(
        "^must be a list of at most (\\d+) different texts of 1 to (\\d+) characters"));
    if (const auto m = texts.match(s); m.hasMatch()) {
        return field == QLatin1String("rule.tags_any")
                   ? Catalog::tr("At most %1 different tags of up to %2 characters each.")
                         .arg(m.captured(1), m.captured(2))
                   : Catalog::tr("At most %1 different entries of up to %2 characters each.")
                         .arg(m.captured(1), m.captured(2));
    }
    if (s.startsWith(QLatin1String("must name at least one tag"))) {
        return Catalog::tr("Name at least one tag, or leave the tags empty.");
    }
    if (s.startsWith(QLatin1String("must be an object of 1 to 20 attributes"))) {
        return Catalog::tr(
            "1 to 20 attributes, each a name of up to 100 characters and a text "
            "of up to 200, a number or true/false.");
    }
    if (s == QLatin1String("too costly to evaluate")) {
        return Catalog::tr(
            "This rule takes too long to evaluate; narrow it with a category, a "
            "status or tags.");
    }
    if (s.startsWith(QLatin1String("no such products"))) {
        return Catalog::tr("Some of these products no longer exist: %1")
            .arg(s.mid(s.indexOf(QLatin1Char(':')) + 1).trimmed());
    }
    if (field == QLatin1String("rule") && s.startsWith(QLatin1String("unknown"))) {
        return Catalog::tr("This desk's rule has a condition the server does not know.");
    }
    return FieldText::reason(s);
}

void VirtualCategoryEditor::showFieldErrors(const QMap<QString, QString>& fields) {
    QMap<QString, QStringList> shown;
    for (auto it = fields.cbegin(); it != fields.cend(); ++it) {
        shown[fieldFor(it.key())] << ruleReason(it.key(), it.value());
    }
    for (auto it = shown.cbegin(); it != shown.cend(); ++it) {
        if (QLabel* label = errors_.value(it.key())) {
            label->setText(it.value().join(QLatin1Char(' ')));
            label->show();
        }
    }
}

void VirtualCategoryEditor::clearFieldErrors(const QString& prefix) {
    for (auto it = errors_.cbegin(); it != errors_.cend(); ++it) {
        if (prefix.isEmpty() || it.key().startsWith(prefix)) {
            FieldText::clear(it.value());
        }
    }
}

void VirtualCategoryEditor::setMembers(const QList<Member>& members) {
    members_->clear();
    for (const Member& m : members) {
        auto* item = new QListWidgetItem(
            m.title.isEmpty() ? Catalog::tr("Product %1").arg(m.id) : m.title, members_);
        item->setData(Qt::UserRole, m.id);
    }
    membersLabel_->setText(Catalog::tr("In this category (%1)").arg(members_->count()));
}

QList<qint64> VirtualCategoryEditor::memberIds() const {
    QList<qint64> ids;
    for (int row = 0; row < members_->count(); ++row) {
        ids << members_->item(row)->data(Qt::UserRole).toLongLong();
    }
    return ids;
}

void VirtualCategoryEditor::loadMemberTitles(qint64 id) {
    if (membersRequest_) {
        membersRequest_->abort();
    }
    auto* request = api_->products(id, {}, 200);
    membersRequest_ = request;
    connect(request, &client::ApiRequest::succeeded, this, [this, request] {
        QHash<qint64, QString> titles;
        for (const auto& p : request->items()) {
            titles.insert(p.id, p.title);
        }
        for (int row = 0; row < members_->count(); ++row) {
            QListWidgetItem* item = members_->item(row);
            const QString title = titles.value(item->data(Qt::UserRole).toLongLong());
            if (!title.isEmpty()) {
                item->setText(title);
            }
        }
    });
}

void VirtualCategoryEditor::searchProducts() {
    const QString text = productSearch_->search();
    if (searchRequest_) {
        searchRequest_->abort();
    }
    results_->clear();
    if (text.isEmpty()) {
        return;
    }
    client::ProductFilter filter;
    filter.search = text;
    auto* request = catalog_->list(filter, {}, 30);
    searchRequest_ = request;
    connect(request, &client::ApiRequest::succeeded, this, [this, request] {
        results_->clear();
        for (const auto& p : request->items()) {
            const QStringList skus = p.skus();
            auto* item = new QListWidgetItem(
                skus.isEmpty() ? p.title
                               : Catalog::tr("%1 — %2", "product title — its SKUs")
                                     .arg(p.title, skus.join(QStringLiteral(", "))),
                results_);
            item->setData(Qt::UserRole, p.id);
            item->setData(Qt::UserRole + 1, p.title);
        }
        if (request->items().isEmpty()) {
            auto* none = new QListWidgetItem(Catalog::tr("No product matches."), results_);
            none->setFlags(Qt::NoItemFlags);
        }
    });
    connect(request, &client::ApiRequest::failed, this, [this](const ApiError& e) {
        if (e.kind != ApiError::Kind::Cancelled) {
            message_->showError(CatalogText::describeError(e));
        }
    });
}

void VirtualCategoryEditor::addSelectedProducts() {
    const QList<qint64> have = memberIds();
    QList<Member> members;
    for (int row = 0; row < members_->count(); ++row) {
        members.append(Member{members_->item(row)->data(Qt::UserRole).toLongLong(),
                              members_->item(row)->text()});
    }
    bool added = false;
    for (QListWidgetItem* item : results_->selectedItems()) {
        const qint64 id = item->data(Qt::UserRole).toLongLong();
        if (id > 0 && !have.contains(id)) {
            members.append(Member{id, item->data(Qt::UserRole + 1).toString()});
            added = true;
        }
    }
    if (added) {
        setMembers(members);
        FieldText::clear(errors_.value(QStringLiteral("product_ids")));
    }
}

void VirtualCategoryEditor::removeSelectedMembers() {
    const auto selected = members_->selectedItems();
    for (QListWidgetItem* item : selected) {
        delete item;
    }
    if (!selected.isEmpty()) {
        membersLabel_->setText(Catalog::tr("In this category (%1)").arg(members_->count()));
    }
}

bool VirtualCategoryEditor::isDirty() const {
    if (!open_) {
        return false;
    }
    const auto rule = builtRule();
    if (!saved_) {
        return !name_->text().trimmed().isEmpty() ||
               (ruleKind() ? (!rule || !rule->isEmpty()) : members_->count() > 0);
    }
    if (name_->text().trimmed() != saved_->name) {
        return true;
    }
    if (saved_->isRule()) {
        return !rule || *rule != saved_->rule.value_or(VirtualCategoryRule{});
    }
    QList<qint64> mine = memberIds();
    QList<qint64> theirs = saved_->productIds;
    std::sort(mine.begin(), mine.end());
    std::sort(theirs.begin(), theirs.end());
    return mine != theirs;
}

void VirtualCategoryEditor::save() {
    if (!open_ || saveRequest_) {
        return;
    }
    message_->clear();
    clearFieldErrors();
    QMap<QString, QString> problems;
    const QString name = name_->text().trimmed();
    if (name.isEmpty()) {
        problems.insert(QStringLiteral("name"), QStringLiteral("required"));
    }
    std::optional<VirtualCategoryRule> rule;
    if (ruleKind()) {
        rule = readRule(&problems);
    }
    if (!problems.isEmpty()) {
        showFieldErrors(problems);
        message_->showError(Catalog::tr("Nothing was saved: correct the marked fields."));
        return;
    }
    client::VirtualCategoryRequest* request = nullptr;
    if (!saved_) {
        request =
            ruleKind() ? api_->createRule(name, *rule) : api_->createManual(name, memberIds());
    } else {
        const std::optional<QString> newName =
            name != saved_->name ? std::optional(name) : std::nullopt;
        std::optional<VirtualCategoryRule> newRule;
        std::optional<QList<qint64>> newIds;
        if (saved_->isRule() && rule != saved_->rule) {
            newRule = rule;
        }
        if (!saved_->isRule() && isDirty()) {
            newIds = memberIds();
        }
        if (!newName && !newRule && !newIds && baseVersion_ == saved_->version) {
            message_->showInfo(Catalog::tr("Nothing to save: no change."));
            return;
        }
        request = api_->update(saved_->id, baseVersion_, newName, newRule, newIds);
    }
    saveRequest_ = request;
    applyPermissions();
    message_->showInfo(Catalog::tr("Saving…"));
    connect(request, &client::VirtualCategoryRequest::succeeded, this, [this, request] {
        saved_ = request->virtualCategory();
        baseVersion_ = saved_->version;
        theirs_.reset();
        banner_->dismiss();
        applyPermissions();
        message_->showSuccess(Catalog::tr("Saved “%1”.").arg(saved_->name));
        emit saved(*saved_);
    });
    connect(request, &client::ApiRequest::failed, this, &VirtualCategoryEditor::saveFailed);
    connect(request, &client::ApiRequest::finished, this, [this] {
        saveRequest_ = nullptr;
        applyPermissions();
    });
}

void VirtualCategoryEditor::saveFailed(const ApiError& e) {
    if (e.is(ErrorCode::PreconditionFailed) && saved_) {
        message_->showWarning(
            Catalog::tr("Someone else saved this virtual category after you opened it; nothing "
                        "of yours was saved. Fetching their version…"));
        auto* request = api_->get(saved_->id);
        connect(request, &client::VirtualCategoryRequest::succeeded, this,
                [this, request] { showStale(request->virtualCategory()); });
        connect(request, &client::ApiRequest::failed, this, [this](const ApiError& again) {
            message_->showError(CatalogText::describeError(again));
        });
        return;
    }
    if (e.is(ErrorCode::Conflict) && e.fields.contains(QStringLiteral("name"))) {
        showFieldErrors({{QStringLiteral("name"), QStringLiteral("taken")}});
        message_->showError(
            Catalog::tr("Another virtual category has this name (whatever its case)."));
        return;
    }
    if (e.is(ErrorCode::ValidationFailed) && !e.fields.isEmpty()) {
        showFieldErrors(e.fields);
        message_->showError(Catalog::tr("Nothing was saved: correct the marked fields."));
        return;
    }
    message_->showError(CatalogText::describeError(e));
}

void VirtualCategoryEditor::reapplyOnTheirs() {
    if (!theirs_ || !saved_) {
        return;
    }
    // What I changed since I opened it goes on top of theirs; what I left alone becomes theirs,
    // so reapplying never undoes their change of another part.
    const VirtualCategory seen = *saved_;
    const VirtualCategory current = *theirs_;
    const auto sorted = [](QList<qint64> ids) {
        std::sort(ids.begin(), ids.end());
        return ids;
    };
    filling_ = true;
    if (name_->text().trimmed() == seen.name) {
        name_->setText(current.name);
    }
    const bool takeTheirRule = current.isRule() && builtRule() == seen.rule;
    if (takeTheirRule) {
        setRule(current.rule.value_or(VirtualCategoryRule{}));
    }
    const bool takeTheirMembers =
        !current.isRule() && sorted(memberIds()) == sorted(seen.productIds);
    if (takeTheirMembers) {
        QList<Member> members;
        for (qint64 id : current.productIds) {
            members.append(Member{id, {}});
        }
        setMembers(members);
    }
    filling_ = false;
    saved_ = current;
    baseVersion_ = current.version;
    theirs_.reset();
    banner_->dismiss();
    if (takeTheirRule) {
        ruleChanged();
    }
    if (takeTheirMembers) {
        loadMemberTitles(current.id);
    }
    save();
}

QString VirtualCategoryEditor::describeRule(const std::optional<VirtualCategoryRule>& rule) const {
    if (!rule || rule->isEmpty()) {
        return Catalog::tr("Every product");
    }
    QStringList parts;
    if (rule->categoryId) {
        const QString path = categories_->path(*rule->categoryId);
        const QString name =
            path.isEmpty() ? Catalog::tr("category %1").arg(*rule->categoryId) : path;
        parts << (rule->includeDescendants ? Catalog::tr("in %1 or below").arg(name)
                                           : Catalog::tr("in %1 only").arg(name));
    }
    if (rule->minPriceMinor || rule->maxPriceMinor) {
        const QString c = rule->currency;
        if (rule->minPriceMinor && rule->maxPriceMinor) {
            parts << Catalog::tr("priced %1 to %2")
                         .arg(Format::money(*rule->minPriceMinor, c),
                              Format::money(*rule->maxPriceMinor, c));
        } else if (rule->minPriceMinor) {
            parts << Catalog::tr("priced from %1").arg(Format::money(*rule->minPriceMinor, c));
        } else {
            parts << Catalog::tr("priced up to %1").arg(Format::money(*rule->maxPriceMinor, c));
        }
    } else if (!rule->currency.isEmpty()) {
        parts << Catalog::tr("priced in %1").arg(rule->currency);
    }
    if (rule->inStock) {
        parts << (*rule->inStock ? Catalog::tr("in stock") : Catalog::tr("out of stock"));
    }
    if (!rule->tagsAny.isEmpty()) {
        parts << Catalog::tr("tagged %1").arg(rule->tagsAny.join(QStringLiteral(", ")));
    }
    for (auto it = rule->attributes.begin(); it != rule->attributes.end(); ++it) {
        parts << Catalog::tr("%1 = %2", "attribute = value").arg(it.key(), attributeText(*it));
    }
    if (!rule->statuses.isEmpty()) {
        QStringList names;
        for (const QString& s : rule->statuses) {
            names << CatalogText::statusName(s);
        }
        parts << names.join(Catalog::tr(" or "));
    }
    return parts.join(QStringLiteral("; "));
}

void VirtualCategoryEditor::showStale(const VirtualCategory& current) {
    if (!saved_) {
        return;
    }
    theirs_ = current;
    QList<ConflictBanner::Change> changes;
    if (current.name != saved_->name) {
        changes.append({Catalog::tr("Name"), saved_->name, current.name});
    }
    if (current.isRule() && current.rule != saved_->rule) {
        changes.append(
            {Catalog::tr("Rule"), describeRule(saved_->rule), describeRule(current.rule)});
    }
    if (!current.isRule() && current.productIds != saved_->productIds) {
        changes.append({Catalog::tr("Products"), QLocale().toString(saved_->productIds.size()),
                        QLocale().toString(current.productIds.size())});
    }
    message_->clear();
    banner_->showStale(changes, true,
                       Catalog::tr("Someone else saved this virtual category after you opened "
                                   "it. Nothing of yours was saved; your changes are still here."));
}

}  // namespace opsdesk::widgets
