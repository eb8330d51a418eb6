#include "widgets/catalog/promotioneditor.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateTimeEdit>
#include <QEvent>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QLocale>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QRegularExpression>
#include <QSpinBox>
#include <QStackedWidget>
#include <QTableWidget>
#include <QVBoxLayout>

#include "opsdesk/protocol/money.h"
#include "services-client/auth/session.h"
#include "widgets/catalog/catalogtext.h"
#include "widgets/catalog/categorytree.h"
#include "widgets/catalog/promotiontext.h"
#include "widgets/common/conflictbanner.h"
#include "widgets/common/fieldtext.h"
#include "widgets/common/format.h"
#include "widgets/common/messageline.h"
#include "widgets/common/theme.h"

namespace opsdesk::widgets {

using client::Promotion;

namespace {

enum KindPage { PercentPage, AmountPage, BuyGetPage, FlashPage };

int pageOf(const QString& kind) {
    const int i = int(Promotion::kinds().indexOf(kind));
    return i < 0 ? PercentPage : i;
}

// What a PATCH sends: the members of `mine` that differ from `base` (never the kind).
QJsonObject changes(const Promotion& base, const Promotion& mine) {
    const QJsonObject before = base.toBody();
    const QJsonObject after = mine.toBody();
    QJsonObject out;
    for (auto it = after.begin(); it != after.end(); ++it) {
        if (it.key() != QLatin1String("kind") && before.value(it.key()) != it.value()) {
            out.insert(it.key(), it.value());
        }
    }
    return out;
}

QSpinBox* spin(QWidget* parent, const char* name, int min, int max) {
    auto* s = new QSpinBox(parent);
    s->setObjectName(QLatin1String(name));
    s->setRange(min, max);
    s->setAccelerated(true);
    return s;
}

QString displayFormatWithSeconds() {
    QString f = QLocale().dateTimeFormat(QLocale::ShortFormat);
    if (!f.contains(QLatin1String("ss"))) {
        f.replace(QStringLiteral(":mm"), QStringLiteral(":mm:ss"));
    }
    // Four-digit years: a promotion a year ahead must not read as a century.
    if (!f.contains(QLatin1String("yyyy"))) {
        f.replace(QStringLiteral("yy"), QStringLiteral("yyyy"));
    }
    return f;
}

}  // namespace

PromotionEditor::PromotionEditor(const ModuleContext& context, client::PromotionsApi* api,
                                 CategoryTree* categories, QWidget* parent)
    : QWidget(parent), context_(context), api_(api), categories_(categories) {
    setObjectName(QStringLiteral("promotionEditor"));
    canWrite_ = context_.session && context_.session->can(protocol::Permission::PromotionsWrite);
    confirm_ = [this](const QString& question) {
        return QMessageBox::question(this, Catalog::tr("End promotion"), question,
                                     QMessageBox::Yes | QMessageBox::Cancel,
                                     QMessageBox::Cancel) == QMessageBox::Yes;
    };
    buildForm();
    connect(categories_, &CategoryTree::changed, this, &PromotionEditor::fillCategories);
    retranslateUi();
    fillCategories();
    clear();
}

void PromotionEditor::buildForm() {
    auto* outer = new QVBoxLayout(this);
    outer->setContentsMargins(8, 0, 0, 0);
    outer->setSpacing(8);
    heading_ = new QLabel(this);
    heading_->setObjectName(QStringLiteral("promotionHeading"));
    QFont big = heading_->font();
    big.setPointSizeF(big.pointSizeF() * 1.25);
    big.setBold(true);
    heading_->setFont(big);
    heading_->setWordWrap(true);
    subheading_ = new QLabel(this);
    subheading_->setObjectName(QStringLiteral("promotionSubheading"));
    Theme::setTextColor(subheading_, Theme::Role::Secondary);
    subheading_->setWordWrap(true);
    message_ = new MessageLine(QStringLiteral("promotionMessage"), this);
    conflict_ = new ConflictBanner(this);
    conflict_->setObjectName(QStringLiteral("promotionConflict"));
    outer->addWidget(heading_);
    outer->addWidget(subheading_);
    outer->addWidget(message_);
    outer->addWidget(conflict_);

    form_ = new QWidget(this);
    auto* grid = new QGridLayout(form_);
    grid->setContentsMargins(0, 0, 0, 0);
    grid->setHorizontalSpacing(10);
    grid->setVerticalSpacing(2);
    grid->setColumnStretch(1, 1);
    grids_.append(grid);
    int row = 0;
    // A field and, under it, the server's reason when it refuses it.
    const auto addField = [this, grid, &row](const QString& key, QWidget* field,
                                             const QStringList& errorKeys = {}) {
        auto* label = new QLabel(form_);
        label->setBuddy(field);
        labels_.insert(key, label);
        grid->addWidget(label, row, 0, Qt::AlignRight | Qt::AlignTop);
        grid->addWidget(field, row++, 1);
        for (const QString& e : errorKeys.isEmpty() ? QStringList{key} : errorKeys) {
            QLabel* error = FieldText::makeErrorLabel(e, form_);
            errors_.insert(e, error);
            grid->addWidget(error, row++, 1);
        }
    };

    name_ = new QLineEdit(form_);
    name_->setObjectName(QStringLiteral("promotionNameEdit"));
    name_->setMaxLength(200);
    addField(QStringLiteral("name"), name_);
    kind_ = new QComboBox(form_);
    kind_->setObjectName(QStringLiteral("promotionKindCombo"));
    for (const QString& k : Promotion::kinds()) {
        kind_->addItem(QString(), k);
    }
    addField(QStringLiteral("kind"), kind_);

    // The kind's parameters, one page a kind.
    params_ = new QStackedWidget(form_);
    params_->setObjectName(QStringLiteral("promotionParams"));
    const auto page = [this](QGridLayout** layout) {
        auto* w = new QWidget(params_);
        *layout = new QGridLayout(w);
        (*layout)->setContentsMargins(0, 0, 0, 0);
        (*layout)->setHorizontalSpacing(10);
        (*layout)->setVerticalSpacing(2);
        (*layout)->setColumnStretch(1, 1);
        grids_.append(*layout);
        params_->addWidget(w);
        return w;
    };
    const auto paramRow = [this](QGridLayout* g, int& r, const QString& key, QWidget* field) {
        auto* label = new QLabel(g->parentWidget());
        label->setBuddy(field);
        labels_.insert(key, label);
        g->addWidget(label, r, 0, Qt::AlignRight | Qt::AlignVCenter);
        g->addWidget(field, r++, 1);
        QLabel* error = FieldText::makeErrorLabel(key, g->parentWidget());
        errors_.insert(key, error);
        g->addWidget(error, r++, 1);
    };
    QGridLayout* g = nullptr;
    int r = 0;
    page(&g);
    percent_ = spin(params_, "promotionPercentSpin", 1, 99);
    percent_->setValue(10);
    paramRow(g, r, QStringLiteral("percent"), percent_);
    page(&g);
    r = 0;
    amount_ = new QLineEdit(params_);
    amount_->setObjectName(QStringLiteral("promotionAmountEdit"));
    amount_->setAlignment(Qt::AlignRight);
    paramRow(g, r, QStringLiteral("amount_minor"), amount_);
    page(&g);
    r = 0;
    buy_ = spin(params_, "promotionBuySpin", 1, 100);
    buy_->setValue(2);
    get_ = spin(params_, "promotionGetSpin", 1, 100);
    get_->setValue(1);
    paramRow(g, r, QStringLiteral("buy"), buy_);
    paramRow(g, r, QStringLiteral("get"), get_);
    page(&g);
    r = 0;
    flashPrice_ = new QLineEdit(params_);
    flashPrice_->setObjectName(QStringLiteral("promotionFlashPriceEdit"));
    flashPrice_->setAlignment(Qt::AlignRight);
    stockCap_ = spin(params_, "promotionStockCapSpin", 1, 1'000'000);
    stockCap_->setValue(100);
    perCustomer_ = spin(params_, "promotionPerCustomerSpin", 1, 1'000'000);
    perCustomer_->setValue(1);
    paramRow(g, r, QStringLiteral("price_minor"), flashPrice_);
    paramRow(g, r, QStringLiteral("stock_cap"), stockCap_);
    paramRow(g, r, QStringLiteral("per_customer_limit"), perCustomer_);
    stockBar_ = new QProgressBar(params_);
    stockBar_->setObjectName(QStringLiteral("flashSaleStockBar"));
    stockBar_->setTextVisible(false);
    stockBar_->setMaximumHeight(10);
    stockLabel_ = new QLabel(params_);
    stockLabel_->setObjectName(QStringLiteral("flashSaleStockLabel"));
    auto* stockLabelTitle = new QLabel(params_);
    labels_.insert(QStringLiteral("stock"), stockLabelTitle);
    auto* stockBox = new QVBoxLayout;
    stockBox->setSpacing(2);
    stockBox->addWidget(stockBar_);
    stockBox->addWidget(stockLabel_);
    g->addWidget(stockLabelTitle, r, 0, Qt::AlignRight | Qt::AlignTop);
    g->addLayout(stockBox, r++, 1);
    grid->addWidget(params_, row++, 0, 1, 2);

    currency_ = new QComboBox(form_);
    currency_->setObjectName(QStringLiteral("promotionCurrencyCombo"));
    for (const auto& c : protocol::currencies()) {
        const QString code = QString::fromLatin1(c.code.data(), qsizetype(c.code.size()));
        currency_->addItem(code, code);
    }
    addField(QStringLiteral("currency"), currency_, {QStringLiteral("currency")});

    const QString format = displayFormatWithSeconds();
    starts_ = new QDateTimeEdit(form_);
    starts_->setObjectName(QStringLiteral("promotionStartsEdit"));
    ends_ = new QDateTimeEdit(form_);
    ends_->setObjectName(QStringLiteral("promotionEndsEdit"));
    for (QDateTimeEdit* e : {starts_, ends_}) {
        e->setTimeSpec(Qt::LocalTime);
        e->setDisplayFormat(format);
        e->setCalendarPopup(true);
    }
    addField(QStringLiteral("starts_at"), starts_);
    addField(QStringLiteral("ends_at"), ends_);

    skus_ = new QPlainTextEdit(form_);
    skus_->setObjectName(QStringLiteral("promotionSkusEdit"));
    skus_->setTabChangesFocus(true);
    skus_->setFixedHeight(skus_->fontMetrics().lineSpacing() * 3 + 12);
    addField(QStringLiteral("targets.skus"), skus_,
             {QStringLiteral("targets"), QStringLiteral("targets.skus")});
    categoryList_ = new QListWidget(form_);
    categoryList_->setObjectName(QStringLiteral("promotionCategoryList"));
    categoryList_->setFixedHeight(categoryList_->fontMetrics().lineSpacing() * 5 + 12);
    addField(QStringLiteral("targets.category_ids"), categoryList_);
    virtualList_ = new QListWidget(form_);
    virtualList_->setObjectName(QStringLiteral("promotionVirtualCategoryList"));
    virtualList_->setFixedHeight(virtualList_->fontMetrics().lineSpacing() * 4 + 12);
    addField(QStringLiteral("targets.virtual_category_ids"), virtualList_);

    priority_ = spin(form_, "promotionPrioritySpin", -1000, 1000);
    addField(QStringLiteral("priority"), priority_);
    exclusive_ = new QCheckBox(form_);
    exclusive_->setObjectName(QStringLiteral("promotionExclusiveCheck"));
    addField(QStringLiteral("exclusive"), exclusive_);
    outer->addWidget(form_);

    auto* buttons = new QHBoxLayout;
    end_ = new QPushButton(this);
    end_->setObjectName(QStringLiteral("endPromotionButton"));
    Theme::setTextColor(end_, Theme::Role::DangerText);
    revert_ = new QPushButton(this);
    revert_->setObjectName(QStringLiteral("revertPromotionButton"));
    save_ = new QPushButton(this);
    save_->setObjectName(QStringLiteral("savePromotionButton"));
    save_->setDefault(true);
    buttons->addWidget(end_);
    buttons->addStretch(1);
    buttons->addWidget(revert_);
    buttons->addWidget(save_);
    outer->addLayout(buttons);

    overlapsHeading_ = new QLabel(this);
    overlapsHeading_->setObjectName(QStringLiteral("overlapsHeading"));
    overlapsHeading_->setWordWrap(true);
    overlaps_ = new QTableWidget(0, 4, this);
    overlaps_->setObjectName(QStringLiteral("overlapsTable"));
    overlaps_->verticalHeader()->hide();
    overlaps_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    overlaps_->setSelectionBehavior(QAbstractItemView::SelectRows);
    overlaps_->setWordWrap(false);
    overlaps_->horizontalHeader()->setStretchLastSection(true);
    overlaps_->horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    overlaps_->setMinimumHeight(overlaps_->fontMetrics().height() * 5);
    outer->addWidget(overlapsHeading_);
    outer->addWidget(overlaps_);
    outer->addStretch(1);

    // Read only without promotions.write: the form shows, nothing is offered.
    for (QWidget* w : std::initializer_list<QWidget*>{kind_, percent_, buy_, get_, stockCap_,
                                                      perCustomer_, starts_, ends_, priority_,
                                                      exclusive_, categoryList_, virtualList_}) {
        w->setEnabled(canWrite_);
    }
    for (QLineEdit* e : {name_, amount_, flashPrice_}) {
        e->setReadOnly(!canWrite_);
    }
    skus_->setReadOnly(!canWrite_);
    save_->setVisible(canWrite_);
    revert_->setVisible(canWrite_);
    end_->setVisible(canWrite_);

    connect(kind_, &QComboBox::currentIndexChanged, this, [this] {
        updateKindPage();
        updateState();
    });
    for (QLineEdit* e : {name_, amount_, flashPrice_}) {
        connect(e, &QLineEdit::textChanged, this, &PromotionEditor::updateState);
    }
    for (QSpinBox* s : {percent_, buy_, get_, stockCap_, perCustomer_, priority_}) {
        connect(s, &QSpinBox::valueChanged, this, &PromotionEditor::updateState);
    }
    for (QDateTimeEdit* e : {starts_, ends_}) {
        connect(e, &QDateTimeEdit::dateTimeChanged, this, &PromotionEditor::updateState);
    }
    connect(exclusive_, &QCheckBox::toggled, this, &PromotionEditor::updateState);
    connect(currency_, &QComboBox::currentIndexChanged, this, &PromotionEditor::updateState);
    connect(skus_, &QPlainTextEdit::textChanged, this, [this] {
        updateState();
        if (!filling_) {
            emit skusEdited(timelineSkus());
        }
    });
    connect(categoryList_, &QListWidget::itemChanged, this, &PromotionEditor::updateState);
    connect(virtualList_, &QListWidget::itemChanged, this, &PromotionEditor::updateState);
    connect(save_, &QPushButton::clicked, this, &PromotionEditor::save);
    connect(end_, &QPushButton::clicked, this, &PromotionEditor::endNow);
    connect(revert_, &QPushButton::clicked, this, [this] {
        if (creating_) {
            startNew();
        } else if (promotion_) {
            present(*promotion_);
        }
    });
    connect(conflict_, &ConflictBanner::reapplyRequested, this, [this] {
        if (pendingReapply_) {
            const Promotion mine = *pendingReapply_;
            const auto patch = pendingPatch_;
            pendingReapply_.reset();
            pendingPatch_.reset();
            conflict_->dismiss();
            send(mine, patch);
        }
    });
    connect(conflict_, &ConflictBanner::discardRequested, this, [this] {
        pendingReapply_.reset();
        pendingPatch_.reset();
        conflict_->dismiss();
        if (promotion_) {
            present(*promotion_);
        }
    });
}

void PromotionEditor::retranslateUi() {
    const auto set = [this](const char* key, const QString& text) {
        if (QLabel* l = labels_.value(QLatin1String(key))) {
            l->setText(text);
        }
    };
    set("name", Catalog::tr("&Name"));
    set("kind", Catalog::tr("&Kind"));
    set("percent", Catalog::tr("Percent off"));
    set("amount_minor", Catalog::tr("Amount off"));
    set("buy", Catalog::tr("Buy"));
    set("get", Catalog::tr("Get free"));
    set("price_minor", Catalog::tr("Sale price"));
    set("stock_cap", Catalog::tr("Stock for the sale"));
    set("per_customer_limit", Catalog::tr("Per customer"));
    set("stock", Catalog::tr("Claimed"));
    set("currency", Catalog::tr("Amounts in"));
    set("starts_at", Catalog::tr("&Starts"));
    set("ends_at", Catalog::tr("&Ends"));
    set("targets.skus", Catalog::tr("S&KUs"));
    set("targets.category_ids", Catalog::tr("Categories"));
    set("targets.virtual_category_ids", Catalog::tr("Virtual categories"));
    set("priority", Catalog::tr("&Priority"));
    set("exclusive", Catalog::tr("Exclusive"));
    for (int i = 0; i < kind_->count(); ++i) {
        kind_->setItemText(i, PromotionText::kindName(kind_->itemData(i).toString()));
    }
    percent_->setSuffix(QStringLiteral(" %"));
    currency_->setToolTip(
        Catalog::tr("Amounts are taken off in each SKU's own currency; this says how to read "
                    "what you type."));
    skus_->setPlaceholderText(
        Catalog::tr("Type or paste SKUs, separated by spaces, commas or "
                    "new lines"));
    exclusive_->setText(Catalog::tr("Nothing of lower or equal priority applies beside it"));
    priority_->setToolTip(Catalog::tr("−1000 to 1000; the highest sets the price"));
    starts_->setToolTip(Catalog::tr("Local time; in force from this second on"));
    ends_->setToolTip(Catalog::tr("Local time; no longer in force from this second on"));
    save_->setText(Catalog::tr("Save"));
    revert_->setText(Catalog::tr("Revert"));
    end_->setText(Catalog::tr("End now…"));
    // The kind pages' labels line up with the form's.
    int labelWidth = 0;
    for (QLabel* l : std::as_const(labels_)) {
        labelWidth = std::max(labelWidth, l->sizeHint().width());
    }
    for (QGridLayout* g : std::as_const(grids_)) {
        g->setColumnMinimumWidth(0, labelWidth);
    }
    overlaps_->setHorizontalHeaderLabels({Catalog::tr("Overlapping promotion"), Catalog::tr("Kind"),
                                          Catalog::tr("In force"), Catalog::tr("Shared SKUs")});
    updateState();
}

void PromotionEditor::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) {
        retranslateUi();
        if (promotion_ && !creating_) {
            showOverlaps(*promotion_);
            showStock(*promotion_);
        }
    }
    QWidget::changeEvent(event);
}

QString PromotionEditor::currency() const {
    return currency_->currentData().toString();
}

void PromotionEditor::fillCategories() {
    QList<qint64> checked;
    for (int i = 0; i < categoryList_->count(); ++i) {
        if (categoryList_->item(i)->checkState() == Qt::Checked) {
            checked.append(categoryList_->item(i)->data(Qt::UserRole).toLongLong());
        }
    }
    const bool wasFilling = filling_;
    filling_ = true;
    categoryList_->clear();
    for (const auto& [category, depth] : categories_->ordered()) {
        auto* item = new QListWidgetItem(QString(depth * 4, QLatin1Char(' ')) + category.name);
        item->setData(Qt::UserRole, category.id);
        item->setToolTip(categories_->path(category.id));
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable);
        item->setCheckState(checked.contains(category.id) ? Qt::Checked : Qt::Unchecked);
        categoryList_->addItem(item);
    }
    filling_ = wasFilling;
}

void PromotionEditor::loadVirtualCategories() {
    auto* request = api_->virtualCategories();
    connect(request, &client::ApiRequest::succeeded, this, [this, request] {
        virtualCategories_ = request->items();
        fillVirtualCategories();
    });
}

void PromotionEditor::fillVirtualCategories() {
    QList<qint64> checked;
    for (int i = 0; i < virtualList_->count(); ++i) {
        if (virtualList_->item(i)->checkState() == Qt::Checked) {
            checked.append(virtualList_->item(i)->data(Qt::UserRole).toLongLong());
        }
    }
    if (promotion_ && !hasChanges()) {
        checked = promotion_->targets.virtualCategoryIds;
    }
    const bool wasFilling = filling_;
    filling_ = true;
    virtualList_->clear();
    for (const auto& v : virtualCategories_) {
        auto* item = new QListWidgetItem(v.name);
        item->setData(Qt::UserRole, v.id);
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable);
        item->setCheckState(checked.contains(v.id) ? Qt::Checked : Qt::Unchecked);
        virtualList_->addItem(item);
    }
    filling_ = wasFilling;
}

QStringList PromotionEditor::timelineSkus() const {
    const QStringList typed = typedSkus();
    return typed.isEmpty() ? overlapSkus_ : typed;
}

QStringList PromotionEditor::typedSkus() const {
    static const QRegularExpression separators(QStringLiteral("[\\s,;]+"));
    QStringList out;
    for (const QString& s : skus_->toPlainText().split(separators, Qt::SkipEmptyParts)) {
        if (!out.contains(s, Qt::CaseInsensitive)) {
            out.append(s);
        }
    }
    return out;
}

std::optional<Promotion> PromotionEditor::readForm(QMap<QString, QString>* problems) const {
    Promotion p = creating_ || !promotion_ ? Promotion{} : *promotion_;
    p.name = name_->text().trimmed();
    p.kind = kind_->currentData().toString();
    p.startsAt = starts_->dateTime().toUTC();
    p.endsAt = ends_->dateTime().toUTC();
    p.priority = priority_->value();
    p.exclusive = exclusive_->isChecked();
    p.targets.skus = typedSkus();
    p.targets.categoryIds.clear();
    for (int i = 0; i < categoryList_->count(); ++i) {
        if (categoryList_->item(i)->checkState() == Qt::Checked) {
            p.targets.categoryIds.append(categoryList_->item(i)->data(Qt::UserRole).toLongLong());
        }
    }
    std::sort(p.targets.categoryIds.begin(), p.targets.categoryIds.end());
    p.targets.virtualCategoryIds.clear();
    for (int i = 0; i < virtualList_->count(); ++i) {
        if (virtualList_->item(i)->checkState() == Qt::Checked) {
            p.targets.virtualCategoryIds.append(
                virtualList_->item(i)->data(Qt::UserRole).toLongLong());
        }
    }
    std::sort(p.targets.virtualCategoryIds.begin(), p.targets.virtualCategoryIds.end());
    if (virtualList_->count() == 0 && promotion_ && !creating_) {
        // Not loaded (yet): keep what it has rather than send none.
        p.targets.virtualCategoryIds = promotion_->targets.virtualCategoryIds;
    }
    p.percent.reset();
    p.amountMinor.reset();
    p.buy.reset();
    p.get.reset();
    p.priceMinor.reset();
    p.stockCap.reset();
    p.perCustomerLimit.reset();
    QMap<QString, QString> bad;
    const auto money = [&](QLineEdit* edit, const char* key) -> std::optional<qint64> {
        const auto v = Format::parseAmount(edit->text(), currency());
        if (!v || *v < 0) {
            bad.insert(QLatin1String(key),
                       edit->text().trimmed().isEmpty()
                           ? Catalog::tr("Required.")
                           : Catalog::tr("Not an amount in %1.").arg(currency()));
            return std::nullopt;
        }
        return v;
    };
    if (p.kind == Promotion::kPercent) {
        p.percent = percent_->value();
    } else if (p.kind == Promotion::kAmount) {
        p.amountMinor = money(amount_, "amount_minor");
    } else if (p.kind == Promotion::kBuyXGetY) {
        p.buy = buy_->value();
        p.get = get_->value();
    } else if (p.kind == Promotion::kFlashSale) {
        p.priceMinor = money(flashPrice_, "price_minor");
        p.stockCap = stockCap_->value();
        p.perCustomerLimit = perCustomer_->value();
    }
    if (problems) {
        *problems = bad;
    }
    return bad.isEmpty() ? std::optional(p) : std::nullopt;
}

bool PromotionEditor::hasChanges() const {
    if (!creating_ && !promotion_) {
        return false;
    }
    QMap<QString, QString> problems;
    const auto mine = readForm(&problems);
    if (!mine) {
        return true;  // something typed that is not an amount yet
    }
    if (creating_) {
        return !mine->name.isEmpty() || !mine->targets.isEmpty();
    }
    return !changes(base_, *mine).isEmpty();
}

void PromotionEditor::updateKindPage() {
    const QString kind = kind_->currentData().toString();
    params_->setCurrentIndex(pageOf(kind));
    // The stack is as tall as its current page, not its tallest (the flash sale's), so the
    // fields below follow right after a kind with one parameter.
    for (int i = 0; i < params_->count(); ++i) {
        const auto policy =
            i == params_->currentIndex() ? QSizePolicy::Preferred : QSizePolicy::Ignored;
        params_->widget(i)->setSizePolicy(QSizePolicy::Preferred, policy);
    }
    params_->adjustSize();
    const bool money = kind == Promotion::kAmount || kind == Promotion::kFlashSale;
    currency_->setVisible(money);
    labels_.value(QStringLiteral("currency"))->setVisible(money);
    const bool live = kind == Promotion::kFlashSale && promotion_ && !creating_;
    stockBar_->setVisible(live);
    stockLabel_->setVisible(live);
    labels_.value(QStringLiteral("stock"))->setVisible(live);
}

void PromotionEditor::updateState() {
    if (filling_) {
        return;
    }
    const bool open = creating_ || promotion_.has_value();
    form_->setVisible(open);
    const bool dirty = hasChanges();
    const bool busy = saving_ != nullptr;
    save_->setEnabled(canWrite_ && open && dirty && !busy);
    revert_->setEnabled(canWrite_ && dirty && !busy);
    end_->setVisible(canWrite_ && promotion_ && !creating_ && !promotion_->isEnded());
    end_->setEnabled(!busy && !dirty);
    kind_->setEnabled(canWrite_ && creating_);  // the kind of a saved promotion cannot change
}

void PromotionEditor::clear() {
    promotion_.reset();
    creating_ = false;
    base_ = Promotion{};
    heading_->setText(Catalog::tr("No promotion open"));
    subheading_->setText(canWrite_ ? Catalog::tr("Choose a promotion in the list, or make a new "
                                                 "one.")
                                   : Catalog::tr("Choose a promotion in the list to see it."));
    message_->clear();
    conflict_->dismiss();
    clearFieldErrors();
    overlapsHeading_->hide();
    overlaps_->hide();
    updateKindPage();
    updateState();
}

void PromotionEditor::startNew() {
    if (!canWrite_) {
        return;
    }
    promotion_.reset();
    creating_ = true;
    Promotion fresh;
    fresh.kind = Promotion::kPercent;
    fresh.percent = 10;
    // The next whole hour, for a day: a sensible start a person adjusts.
    const QDateTime now = QDateTime::currentDateTime();
    fresh.startsAt = QDateTime(now.date(), QTime(now.time().hour(), 0)).addSecs(3600).toUTC();
    fresh.endsAt = fresh.startsAt.addDays(1);
    base_ = fresh;
    fillForm(fresh);
    heading_->setText(Catalog::tr("New promotion"));
    subheading_->setText(Catalog::tr("Times are local (%1).")
                             .arg(QDateTime::currentDateTime().timeZoneAbbreviation()));
    message_->clear();
    conflict_->dismiss();
    clearFieldErrors();
    overlapSkus_.clear();
    overlapsHeading_->hide();
    overlaps_->hide();
    updateKindPage();
    updateState();
    name_->setFocus(Qt::OtherFocusReason);
    emit skusEdited(timelineSkus());
}

void PromotionEditor::showPromotion(qint64 id) {
    if (loading_) {
        loading_->abort();
    }
    message_->showInfo(Catalog::tr("Loading promotion…"));
    auto* request = api_->promotion(id);
    loading_ = request;
    connect(request, &client::ApiRequest::succeeded, this, [this, request] {
        creating_ = false;
        present(request->promotion());
        message_->clear();
    });
    connect(request, &client::ApiRequest::failed, this, [this](const client::ApiError& e) {
        if (e.kind != client::ApiError::Kind::Cancelled) {
            message_->showError(CatalogText::describeError(e));
        }
    });
}

void PromotionEditor::reload() {
    if (promotion_ && !creating_) {
        showPromotion(promotion_->id);
    }
}

void PromotionEditor::present(const Promotion& p) {
    const bool keepOverlaps = !p.hasOverlaps && promotion_ && promotion_->id == p.id;
    Promotion shown = p;
    if (keepOverlaps) {
        // A live event carries no overlaps: keep the last ones known.
        shown.hasOverlaps = promotion_->hasOverlaps;
        shown.overlaps = promotion_->overlaps;
    }
    creating_ = false;
    promotion_ = shown;
    base_ = shown;
    fillForm(shown);
    heading_->setText(shown.name);
    subheading_->setText(
        Catalog::tr("%1 · %2 · version %3")
            .arg(PromotionText::kindName(shown.kind), PromotionText::statusName(shown.status))
            .arg(shown.version));
    clearFieldErrors();
    updateKindPage();
    showStock(shown);
    showOverlaps(shown);
    updateState();
    emit promotionChanged(shown);
}

void PromotionEditor::fillForm(const Promotion& p) {
    filling_ = true;
    name_->setText(p.name);
    kind_->setCurrentIndex(std::max(0, kind_->findData(p.kind)));
    if (p.percent) {
        percent_->setValue(*p.percent);
    }
    amount_->setText(p.amountMinor ? Format::plainAmount(*p.amountMinor, currency()) : QString());
    if (p.buy) {
        buy_->setValue(*p.buy);
    }
    if (p.get) {
        get_->setValue(*p.get);
    }
    flashPrice_->setText(p.priceMinor ? Format::plainAmount(*p.priceMinor, currency()) : QString());
    if (p.stockCap) {
        stockCap_->setValue(*p.stockCap);
    }
    if (p.perCustomerLimit) {
        perCustomer_->setValue(*p.perCustomerLimit);
    }
    starts_->setDateTime(p.startsAt.toLocalTime());
    ends_->setDateTime(p.endsAt.toLocalTime());
    skus_->setPlainText(p.targets.skus.join(QLatin1Char('\n')));
    QListWidgetItem* firstChecked = nullptr;
    for (int i = 0; i < categoryList_->count(); ++i) {
        QListWidgetItem* item = categoryList_->item(i);
        const bool on = p.targets.categoryIds.contains(item->data(Qt::UserRole).toLongLong());
        item->setCheckState(on ? Qt::Checked : Qt::Unchecked);
        if (on && !firstChecked) {
            firstChecked = item;
        }
    }
    // The short list shows what the promotion targets, not the top of the tree.
    if (firstChecked) {
        categoryList_->scrollToItem(firstChecked, QAbstractItemView::PositionAtTop);
    } else {
        categoryList_->scrollToTop();
    }
    for (int i = 0; i < virtualList_->count(); ++i) {
        QListWidgetItem* item = virtualList_->item(i);
        item->setCheckState(
            p.targets.virtualCategoryIds.contains(item->data(Qt::UserRole).toLongLong())
                ? Qt::Checked
                : Qt::Unchecked);
    }
    priority_->setValue(p.priority);
    exclusive_->setChecked(p.exclusive);
    filling_ = false;
    // What the form reads back is the base a later edit is compared with (the amount as typed
    // in the chosen currency, the times to the second).
    if (auto read = readForm(nullptr)) {
        read->version = p.version;
        base_ = *read;
    }
    emit skusEdited(timelineSkus());
}

void PromotionEditor::showStock(const Promotion& p) {
    if (!p.isFlashSale() || !p.stockCap) {
        return;
    }
    const int cap = *p.stockCap;
    const int claimed = p.claimed.value_or(0);
    const int remaining = p.remaining.value_or(cap - claimed);
    stockBar_->setRange(0, std::max(1, cap));
    stockBar_->setValue(std::clamp(claimed, 0, cap));
    QString text = Catalog::tr("%1 of %2 claimed · %3 left")
                       .arg(QLocale().toString(claimed), QLocale().toString(cap),
                            QLocale().toString(remaining));
    if (p.soldOutAt.isValid()) {
        text += QLatin1Char(' ') +
                Catalog::tr("(sold out at %1)").arg(PromotionText::time(p.soldOutAt));
        Theme::setTextColor(stockLabel_, Theme::Role::Warning, QStringLiteral("font-weight: 600;"));
    } else {
        Theme::setTextColor(stockLabel_, Theme::Role::Secondary);
    }
    stockLabel_->setText(text);
}

void PromotionEditor::showOverlaps(const Promotion& p) {
    overlaps_->setRowCount(0);
    // A promotion on categories or virtual categories names no SKU of its own: its timeline
    // shows the SKUs it shares with the promotions it overlaps, where the timeline has
    // something to say.
    overlapSkus_.clear();
    for (const auto& o : p.overlaps.value_or(QList<client::PromotionOverlap>{})) {
        for (const QString& sku : o.skus) {
            if (overlapSkus_.size() < 10 && !overlapSkus_.contains(sku, Qt::CaseInsensitive)) {
                overlapSkus_.append(sku);
            }
        }
    }
    emit skusEdited(timelineSkus());
    if (!p.hasOverlaps) {
        overlapsHeading_->hide();
        overlaps_->hide();
        return;
    }
    overlapsHeading_->show();
    if (!p.overlaps) {
        overlapsHeading_->setText(
            Catalog::tr("The overlaps could not be worked out in time; open it again later."));
        Theme::setTextColor(overlapsHeading_, Theme::Role::Muted);
        overlaps_->hide();
        return;
    }
    const auto& list = *p.overlaps;
    if (list.isEmpty()) {
        overlapsHeading_->setText(
            Catalog::tr("No other promotion is in force on these SKUs at "
                        "the same time."));
        Theme::setTextColor(overlapsHeading_, Theme::Role::Muted);
        overlaps_->hide();
        return;
    }
    overlapsHeading_->setText(
        list.size() == 1
            ? Catalog::tr("Overlaps 1 other promotion on the same SKUs at the same time:")
            : Catalog::tr("Overlaps %1 other promotions on the same SKUs at the same time:")
                  .arg(QLocale().toString(int(list.size()))));
    Theme::setTextColor(overlapsHeading_, Theme::Role::Warning,
                        QStringLiteral("font-weight: 600;"));
    overlaps_->show();
    overlaps_->setRowCount(int(list.size()));
    const QColor back = Theme::color(Theme::Role::WarningBackground);
    for (int row = 0; row < list.size(); ++row) {
        const auto& o = list[row];
        QString skus = o.skus.join(QStringLiteral(", "));
        if (o.sharedSkuCount > o.skus.size()) {
            skus = Catalog::tr("%1 and %2 more")
                       .arg(skus)
                       .arg(QLocale().toString(o.sharedSkuCount - int(o.skus.size())));
        }
        QString name = o.name;
        if (o.exclusive) {
            name = Catalog::tr("%1 (exclusive)").arg(name);
        }
        const QStringList cells{
            name,
            Catalog::tr("%1, priority %2").arg(PromotionText::kindName(o.kind)).arg(o.priority),
            PromotionText::when(o.startsAt, o.endsAt), skus};
        for (int col = 0; col < cells.size(); ++col) {
            auto* item = new QTableWidgetItem(cells[col]);
            item->setBackground(back);
            item->setToolTip(cells[col]);
            item->setData(Qt::UserRole, o.id);
            overlaps_->setItem(row, col, item);
        }
    }
    overlaps_->resizeColumnsToContents();
}

void PromotionEditor::clearFieldErrors() {
    for (QLabel* l : std::as_const(errors_)) {
        FieldText::clear(l);
    }
}

void PromotionEditor::showFieldErrors(const QMap<QString, QString>& fields) {
    clearFieldErrors();
    QStringList elsewhere;
    for (auto it = fields.begin(); it != fields.end(); ++it) {
        if (QLabel* label = errors_.value(it.key())) {
            FieldText::show(label, fields, it.key());
        } else {
            elsewhere << QStringLiteral("%1: %2").arg(it.key(), FieldText::reason(it.value()));
        }
    }
    if (!elsewhere.isEmpty()) {
        message_->showError(
            Catalog::tr("Some fields are not valid: %1").arg(elsewhere.join(QStringLiteral("; "))));
    }
}

QString PromotionEditor::fieldLabel(const QString& key) const {
    if (QLabel* l = labels_.value(key)) {
        return l->text().remove(QLatin1Char('&'));
    }
    return key;
}

void PromotionEditor::save() {
    if (!canWrite_ || saving_) {
        return;
    }
    QMap<QString, QString> problems;
    const auto mine = readForm(&problems);
    if (!mine) {
        showFieldErrors(problems);
        message_->showError(Catalog::tr("Check the marked fields; nothing was saved."));
        return;
    }
    send(*mine);
}

void PromotionEditor::send(const Promotion& mine, const std::optional<QJsonObject>& mineOnly) {
    clearFieldErrors();
    client::PromotionRequest* request = nullptr;
    if (creating_) {
        request = api_->create(mine.toBody());
    } else if (promotion_) {
        const QJsonObject patch = mineOnly.value_or(changes(base_, mine));
        if (patch.isEmpty()) {
            message_->showInfo(Catalog::tr("Nothing to save."));
            return;
        }
        request = api_->update(promotion_->id, promotion_->version, patch);
    } else {
        return;
    }
    saving_ = request;
    message_->showInfo(Catalog::tr("Saving…"));
    updateState();
    const bool wasCreating = creating_;
    connect(request, &client::ApiRequest::succeeded, this, [this, request, wasCreating] {
        saving_ = nullptr;
        const Promotion saved = request->promotion();
        conflict_->dismiss();
        present(saved);
        const int overlaps = saved.overlaps ? int(saved.overlaps->size()) : 0;
        if (overlaps > 0) {
            message_->showWarning(Catalog::tr(
                "Saved. It overlaps %n other promotion(s); see below.", nullptr, overlaps));
        } else {
            message_->showSuccess(Catalog::tr("Saved."));
        }
        if (wasCreating) {
            emit promotionCreated(saved);
        }
    });
    connect(request, &client::ApiRequest::failed, this,
            [this, mine, mineOnly](const client::ApiError& e) {
                saving_ = nullptr;
                onSaveFailed(e, mine, mineOnly);
                updateState();
            });
}

void PromotionEditor::onSaveFailed(const client::ApiError& error, const Promotion& mine,
                                   const std::optional<QJsonObject>& patch) {
    if (error.kind == client::ApiError::Kind::Cancelled) {
        message_->clear();
        return;
    }
    if (error.is(protocol::ErrorCode::ValidationFailed) && !error.fields.isEmpty()) {
        showFieldErrors(error.fields);
        if (message_->tone() != Theme::Tone::Error) {
            message_->showError(Catalog::tr("Check the marked fields; nothing was saved."));
        }
        return;
    }
    if (error.is(protocol::ErrorCode::PreconditionFailed) && promotion_) {
        message_->showWarning(
            Catalog::tr("Someone saved this promotion meanwhile; loading "
                        "their version…"));
        auto* request = api_->promotion(promotion_->id);
        connect(request, &client::ApiRequest::succeeded, this,
                [this, request, mine, patch] { showStale(request->promotion(), mine, patch); });
        connect(request, &client::ApiRequest::failed, this, [this](const client::ApiError& e) {
            message_->showError(CatalogText::describeError(e));
        });
        return;
    }
    if (error.httpStatus == 409) {
        conflict_->showRefused(error, {},
                               [](const QString& s) { return PromotionText::statusName(s); });
        message_->clear();
        return;
    }
    message_->showError(CatalogText::describeError(error));
}

void PromotionEditor::showStale(const Promotion& theirs, const Promotion& mine,
                                const std::optional<QJsonObject>& patch) {
    // What the person changed, against what the form was opened with (or, after a second
    // refusal, what they changed in the first place): a reapply sends only that, so fields
    // only the other person changed keep the other person's values.
    pendingPatch_ = patch.value_or(changes(base_, mine));
    // What they changed, field by field, against what this form was opened with.
    const QJsonObject opened = base_.toBody();
    const QJsonObject now = theirs.toBody();
    QList<ConflictBanner::Change> list;
    for (auto it = now.begin(); it != now.end(); ++it) {
        if (opened.value(it.key()) != it.value()) {
            const auto text = [](const QJsonValue& v) {
                if (v.isArray()) {
                    return QString::fromUtf8(
                        QJsonDocument(v.toArray()).toJson(QJsonDocument::Compact));
                }
                if (v.isObject()) {
                    return QString::fromUtf8(
                        QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact));
                }
                return v.toVariant().toString();
            };
            const QString key =
                it.key() == QLatin1String("targets") ? QStringLiteral("targets.skus") : it.key();
            list << ConflictBanner::Change{fieldLabel(key), text(opened.value(it.key())),
                                           text(it.value())};
        }
    }
    // A save now is a PATCH of my changes on their version.
    Promotion rebased = mine;
    rebased.version = theirs.version;
    promotion_ = theirs;
    base_ = theirs;
    pendingReapply_ = rebased;
    const bool canReapply = !theirs.isEnded();
    message_->clear();
    conflict_->showStale(list, canReapply);
    subheading_->setText(
        Catalog::tr("%1 · %2 · version %3")
            .arg(PromotionText::kindName(theirs.kind), PromotionText::statusName(theirs.status))
            .arg(theirs.version));
    updateState();
}

void PromotionEditor::endNow() {
    if (!canWrite_ || !promotion_ || creating_ || saving_) {
        return;
    }
    const Promotion p = *promotion_;
    const QString question =
        p.startsAt > QDateTime::currentDateTimeUtc()
            ? Catalog::tr("“%1” has not started; ended now, it never runs. End it?").arg(p.name)
            : Catalog::tr(
                  "End “%1” now? From this second on, the storefront charges list "
                  "prices again.")
                  .arg(p.name);
    if (!confirm_ || !confirm_(question)) {
        return;
    }
    auto* request = api_->end(p.id, p.version);
    saving_ = request;
    updateState();
    connect(request, &client::ApiRequest::succeeded, this, [this, request] {
        saving_ = nullptr;
        present(request->promotion());
        message_->showSuccess(Catalog::tr("Ended."));
    });
    connect(request, &client::ApiRequest::failed, this, [this, p](const client::ApiError& e) {
        saving_ = nullptr;
        onSaveFailed(e, p);
        updateState();
    });
}

void PromotionEditor::showLiveChange(const Promotion& p, const QString& actor, bool byMe) {
    if (!promotion_ || creating_ || promotion_->id != p.id || p.version < promotion_->version) {
        return;
    }
    // The stock moves with every claim: shown at once, whatever the form holds.
    Promotion stock = *promotion_;
    stock.claimed = p.claimed;
    stock.remaining = p.remaining;
    stock.soldOutAt = p.soldOutAt;
    stock.stockCap = p.stockCap;
    if (p.version == promotion_->version) {
        promotion_->claimed = p.claimed;
        promotion_->remaining = p.remaining;
        promotion_->soldOutAt = p.soldOutAt;
        promotion_->status = p.status;
        showStock(stock);
        return;
    }
    if (saving_ || byMe) {
        showStock(stock);
        return;  // the save's own answer presents it
    }
    if (!hasChanges()) {
        present(p);
        if (!actor.isEmpty()) {
            message_->showInfo(Catalog::tr("%1 changed this promotion.").arg(actor));
        }
        return;
    }
    showStock(stock);
    message_->showWarning(
        actor.isEmpty()
            ? Catalog::tr("This promotion changed meanwhile; saving will show what changed.")
            : Catalog::tr("%1 changed this promotion meanwhile; saving will show what changed.")
                  .arg(actor));
}

}  // namespace opsdesk::widgets
