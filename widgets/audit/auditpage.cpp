#include "widgets/audit/auditpage.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateEdit>
#include <QEvent>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QTreeView>
#include <QVBoxLayout>

#include "services-client/audit/auditapi.h"
#include "widgets/audit/auditmodel.h"
#include "widgets/common/format.h"
#include "widgets/common/pagedlistview.h"
#include "widgets/common/theme.h"

namespace opsdesk::widgets {

AuditPage::AuditPage(const ModuleContext& context, QWidget* parent)
    : QWidget(parent),
      context_(context),
      api_(new client::AuditApi(context.api, this)),
      model_(new AuditModel(api_, this)),
      diff_(new AuditDiffModel(this)),
      actorLabel_(new QLabel(this)),
      actor_(new QLineEdit(this)),
      entityLabel_(new QLabel(this)),
      entity_(new QComboBox(this)),
      entityId_(new QLineEdit(this)),
      actionLabel_(new QLabel(this)),
      action_(new QComboBox(this)),
      fromCheck_(new QCheckBox(this)),
      from_(new QDateEdit(this)),
      toCheck_(new QCheckBox(this)),
      to_(new QDateEdit(this)),
      searchButton_(new QPushButton(this)),
      clearButton_(new QPushButton(this)),
      view_(new QTreeView(this)),
      entryHeading_(new QLabel(this)),
      entryFacts_(new QLabel(this)),
      diffView_(new QTableView(this)),
      noChanges_(new QLabel(this)) {
    setObjectName(QStringLiteral("auditPage"));
    actor_->setObjectName(QStringLiteral("actorFilter"));
    entity_->setObjectName(QStringLiteral("entityFilter"));
    entityId_->setObjectName(QStringLiteral("entityIdFilter"));
    action_->setObjectName(QStringLiteral("actionFilter"));
    from_->setObjectName(QStringLiteral("fromFilter"));
    to_->setObjectName(QStringLiteral("toFilter"));
    searchButton_->setObjectName(QStringLiteral("auditSearchButton"));
    clearButton_->setObjectName(QStringLiteral("auditClearButton"));
    view_->setObjectName(QStringLiteral("auditList"));
    diffView_->setObjectName(QStringLiteral("auditDiff"));
    entryHeading_->setObjectName(QStringLiteral("auditEntryHeading"));

    actor_->setClearButtonEnabled(true);
    entityId_->setClearButtonEnabled(true);
    entityId_->setMaximumWidth(90);
    for (QDateEdit* d : {from_, to_}) {
        d->setCalendarPopup(true);
        d->setDate(QDate::currentDate());
        d->setEnabled(false);
    }
    connect(fromCheck_, &QCheckBox::toggled, from_, &QWidget::setEnabled);
    connect(toCheck_, &QCheckBox::toggled, to_, &QWidget::setEnabled);
    searchButton_->setDefault(true);

    auto* filters = new QGridLayout;
    filters->setHorizontalSpacing(8);
    filters->addWidget(actorLabel_, 0, 0);
    filters->addWidget(actor_, 0, 1);
    filters->addWidget(entityLabel_, 0, 2);
    auto* entityRow = new QHBoxLayout;
    entityRow->addWidget(entity_, 1);
    entityRow->addWidget(entityId_);
    filters->addLayout(entityRow, 0, 3);
    filters->addWidget(actionLabel_, 0, 4);
    filters->addWidget(action_, 0, 5);
    auto* dates = new QHBoxLayout;
    dates->addWidget(fromCheck_);
    dates->addWidget(from_);
    dates->addSpacing(12);
    dates->addWidget(toCheck_);
    dates->addWidget(to_);
    dates->addStretch(1);
    dates->addWidget(clearButton_);
    dates->addWidget(searchButton_);
    filters->addLayout(dates, 1, 0, 1, 6);
    filters->setColumnStretch(1, 2);
    filters->setColumnStretch(3, 2);
    filters->setColumnStretch(5, 2);

    view_->setModel(model_);
    view_->setStyleSheet(QStringLiteral("QTreeView::item { padding: 4px 2px; }"));
    view_->setRootIsDecorated(false);
    view_->setUniformRowHeights(true);
    view_->setAlternatingRowColors(true);
    view_->setSelectionBehavior(QAbstractItemView::SelectRows);
    view_->header()->setStretchLastSection(true);
    view_->setColumnWidth(AuditModel::TimeColumn, 140);
    view_->setColumnWidth(AuditModel::ActorColumn, 110);
    view_->setColumnWidth(AuditModel::ActionColumn, 190);
    view_->setColumnWidth(AuditModel::EntityColumn, 150);

    QFont headingFont = entryHeading_->font();
    headingFont.setWeight(QFont::DemiBold);
    entryHeading_->setFont(headingFont);
    Theme::setTextColor(entryFacts_, Theme::Role::Muted);
    entryFacts_->setWordWrap(true);
    entryFacts_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    Theme::setTextColor(noChanges_, Theme::Role::Muted);
    diffView_->setModel(diff_);
    diffView_->verticalHeader()->hide();
    diffView_->horizontalHeader()->setStretchLastSection(true);
    diffView_->setColumnWidth(AuditDiffModel::FieldColumn, 170);
    diffView_->setColumnWidth(AuditDiffModel::BeforeColumn, 280);
    diffView_->setWordWrap(true);
    diffView_->setSelectionBehavior(QAbstractItemView::SelectRows);
    diffView_->setAlternatingRowColors(true);

    auto* detail = new QWidget(this);
    auto* detailLayout = new QVBoxLayout(detail);
    detailLayout->setContentsMargins(0, 6, 0, 0);
    detailLayout->addWidget(entryHeading_);
    detailLayout->addWidget(entryFacts_);
    detailLayout->addWidget(diffView_, 1);
    detailLayout->addWidget(noChanges_);

    auto* splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(view_);
    splitter->addWidget(detail);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    splitter->setChildrenCollapsible(false);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(16, 12, 16, 8);
    layout->addLayout(filters);
    layout->addWidget(splitter, 1);

    connect(searchButton_, &QPushButton::clicked, this, &AuditPage::search);
    connect(clearButton_, &QPushButton::clicked, this, &AuditPage::clearFilters);
    connect(actor_, &QLineEdit::returnPressed, this, &AuditPage::search);
    connect(entityId_, &QLineEdit::returnPressed, this, &AuditPage::search);
    connect(view_->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &AuditPage::showEntry);
    PagedListView::bind(view_, model_);
    connect(model_, &QAbstractItemModel::modelReset, this, [this] { showEntry({}); });
    connect(model_, &AuditModel::pageLoaded, this, [this] {
        if (!view_->currentIndex().isValid() && model_->rowCount() > 0 &&
            !model_->isStatusRow(model_->index(0, 0))) {
            view_->setCurrentIndex(model_->index(0, 0));
        }
    });

    retranslateUi();
    showEntry({});
    search();
}

QString AuditPage::title() {
    return tr("Audit trail");
}

QString AuditPage::summary() {
    return tr("See who changed what and when, across every module.");
}

void AuditPage::applyFilter(const QVariantMap& filter) {
    actor_->setText(filter.value(QStringLiteral("actor")).toString());
    const QString entity = filter.value(QStringLiteral("entity")).toString();
    int e = entity_->findData(entity);
    if (e < 0 && !entity.isEmpty()) {
        entity_->addItem(entity, entity);
        e = entity_->count() - 1;
    }
    entity_->setCurrentIndex(std::max(0, e));
    entityId_->setText(filter.value(QStringLiteral("entity_id")).toString());
    const QString action = filter.value(QStringLiteral("action")).toString();
    action_->setCurrentIndex(std::max(0, action_->findData(action)));
    const QDate from =
        QDate::fromString(filter.value(QStringLiteral("from")).toString(), Qt::ISODate);
    const QDate to = QDate::fromString(filter.value(QStringLiteral("to")).toString(), Qt::ISODate);
    fromCheck_->setChecked(from.isValid());
    toCheck_->setChecked(to.isValid());
    if (from.isValid()) {
        from_->setDate(from);
    }
    if (to.isValid()) {
        to_->setDate(to);
    }
    search();
}

void AuditPage::search() {
    client::AuditQuery q;
    q.actor = actor_->text().trimmed();
    q.entity = entity_->currentData().toString();
    q.entityId = entityId_->text().trimmed();
    q.action = action_->currentData().toString();
    if (fromCheck_->isChecked()) {
        q.from = from_->date();
    }
    if (toCheck_->isChecked()) {
        q.to = to_->date();
    }
    model_->setQuery(q);
}

void AuditPage::clearFilters() {
    applyFilter({});
}

void AuditPage::showEntry(const QModelIndex& index) {
    const std::optional<client::AuditEntry> entry = model_->itemAt(index.row());
    diff_->setEntry(entry ? &*entry : nullptr);
    diffView_->resizeRowsToContents();
    if (!entry) {
        entryHeading_->setText(tr("Choose an entry to see what it changed."));
        entryFacts_->clear();
        noChanges_->hide();
        return;
    }
    entryHeading_->setText(tr("%1 — %2").arg(
        AuditModel::actionTitle(entry->action),
        entry->entityId.isEmpty()
            ? AuditModel::entityTitle(entry->entity)
            : tr("%1 #%2").arg(AuditModel::entityTitle(entry->entity), entry->entityId)));
    QStringList facts;
    facts << tr("By %1 on %2")
                 .arg(entry->actor.isEmpty() ? tr("the system") : entry->actor,
                      Format::dateTime(entry->at));
    if (!entry->address.isEmpty()) {
        facts << tr("from %1").arg(entry->address);
    }
    if (!entry->requestId.isEmpty()) {
        facts << tr("request %1").arg(entry->requestId);
    }
    entryFacts_->setText(facts.join(QStringLiteral(" · ")));
    noChanges_->setText(tr("This entry records no field changes."));
    noChanges_->setVisible(diff_->rowCount() == 0);
}

void AuditPage::retranslateUi() {
    actorLabel_->setText(tr("By:"));
    actor_->setPlaceholderText(tr("Username or user ID"));
    entityLabel_->setText(tr("Record:"));
    entityId_->setPlaceholderText(tr("ID"));
    actionLabel_->setText(tr("Action:"));
    fromCheck_->setText(tr("From"));
    toCheck_->setText(tr("To"));
    searchButton_->setText(tr("&Search"));
    clearButton_->setText(tr("C&lear filters"));

    const QString entity = entity_->currentData().toString();
    entity_->clear();
    entity_->addItem(tr("Any record"), QString());
    for (const QString& e : AuditModel::knownEntities()) {
        entity_->addItem(AuditModel::entityTitle(e), e);
    }
    entity_->setCurrentIndex(std::max(0, entity_->findData(entity)));
    const QString action = action_->currentData().toString();
    action_->clear();
    action_->addItem(tr("Any action"), QString());
    for (const QString& a : AuditModel::knownActions()) {
        action_->addItem(AuditModel::actionTitle(a), a);
    }
    action_->setCurrentIndex(std::max(0, action_->findData(action)));
    showEntry(view_->currentIndex());
}

void AuditPage::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) {
        retranslateUi();
    }
    QWidget::changeEvent(event);
}

}  // namespace opsdesk::widgets
