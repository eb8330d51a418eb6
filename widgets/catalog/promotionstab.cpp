#include "widgets/catalog/promotionstab.h"

#include <QComboBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QSplitter>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

#include "services-client/auth/session.h"
#include "services-client/feed/feedclient.h"
#include "widgets/catalog/catalogtext.h"
#include "widgets/catalog/promotioneditor.h"
#include "widgets/catalog/promotiontext.h"
#include "widgets/catalog/promotiontimeline.h"
#include "widgets/common/format.h"
#include "widgets/common/pagedlistview.h"
#include "widgets/common/theme.h"

namespace opsdesk::widgets {

using client::Promotion;
using client::PromotionListModel;

PromotionsTab::PromotionsTab(const ModuleContext& context, CategoryTree* categories,
                             QWidget* parent)
    : QWidget(parent), context_(context) {
    setObjectName(QStringLiteral("promotionsTab"));
    api_ = new client::PromotionsApi(context_.api, this);
    model_ = new PromotionListModel(api_, this);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 8, 0, 0);
    layout->setSpacing(8);
    auto* bar = new QHBoxLayout;
    search_ = new SearchBox(QStringLiteral("promotionSearchEdit"), this);
    search_->setMinimumWidth(220);
    status_ = new QComboBox(this);
    status_->setObjectName(QStringLiteral("promotionStatusFilter"));
    status_->addItem(QString());
    for (const char* s : {"scheduled", "active", "ended"}) {
        status_->addItem(QString(), QLatin1String(s));
    }
    kind_ = new QComboBox(this);
    kind_->setObjectName(QStringLiteral("promotionKindFilter"));
    kind_->addItem(QString());
    for (const QString& k : Promotion::kinds()) {
        kind_->addItem(QString(), k);
    }
    new_ = new QPushButton(this);
    new_->setObjectName(QStringLiteral("newPromotionButton"));
    refresh_ = new QPushButton(this);
    refresh_->setObjectName(QStringLiteral("refreshPromotionsButton"));
    bar->addWidget(search_, 1);
    bar->addWidget(status_);
    bar->addWidget(kind_);
    bar->addStretch(1);
    bar->addWidget(new_);
    bar->addWidget(refresh_);
    layout->addLayout(bar);

    auto* vertical = new QSplitter(Qt::Vertical, this);
    splitter_ = new QSplitter(Qt::Horizontal, vertical);
    table_ = new QTableView(splitter_);
    table_->setObjectName(QStringLiteral("promotionsTable"));
    table_->setModel(model_);
    PagedListView::setUpTable(table_);
    QHeaderView* header = table_->horizontalHeader();
    header->setStretchLastSection(true);
    const QFontMetrics fm = table_->fontMetrics();
    header->resizeSection(PromotionListModel::NameColumn,
                          fm.horizontalAdvance(QStringLiteral("Spring tea week, 15 % off")));
    header->resizeSection(PromotionListModel::KindColumn,
                          fm.horizontalAdvance(QStringLiteral("Buy X get Y")) + 16);
    header->resizeSection(PromotionListModel::StatusColumn,
                          fm.horizontalAdvance(QStringLiteral("Scheduled")) + 16);
    header->resizeSection(PromotionListModel::StartsColumn,
                          fm.horizontalAdvance(QStringLiteral("2026/11/22 23:59")) + 12);
    header->resizeSection(PromotionListModel::EndsColumn,
                          fm.horizontalAdvance(QStringLiteral("2026/11/22 23:59")) + 12);

    editor_ = new PromotionEditor(context_, api_, categories, splitter_);
    auto* scroll = new QScrollArea(splitter_);
    scroll->setObjectName(QStringLiteral("promotionEditorScroll"));
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidget(editor_);
    splitter_->addWidget(table_);
    splitter_->addWidget(scroll);
    splitter_->setStretchFactor(0, 3);
    splitter_->setStretchFactor(1, 2);
    splitter_->setChildrenCollapsible(false);
    splitter_->setSizes({700, 560});

    auto* timelineBox = new QWidget(vertical);
    auto* tl = new QVBoxLayout(timelineBox);
    tl->setContentsMargins(0, 6, 0, 0);
    tl->setSpacing(4);
    auto* tbar = new QHBoxLayout;
    timelineTitle_ = new QLabel(timelineBox);
    QFont bold = timelineTitle_->font();
    bold.setBold(true);
    timelineTitle_->setFont(bold);
    timelineSkuLabel_ = new QLabel(timelineBox);
    timelineSku_ = new QLineEdit(timelineBox);
    timelineSku_->setObjectName(QStringLiteral("timelineSkuEdit"));
    timelineSku_->setClearButtonEnabled(true);
    timelineSku_->setMinimumWidth(160);
    timelineSkuLabel_->setBuddy(timelineSku_);
    zoom_ = new QComboBox(timelineBox);
    zoom_->setObjectName(QStringLiteral("timelineZoomCombo"));
    zoom_->addItem(QString(), int(PromotionTimeline::Zoom::Day));
    zoom_->addItem(QString(), int(PromotionTimeline::Zoom::Week));
    zoom_->addItem(QString(), int(PromotionTimeline::Zoom::Month));
    back_ = new QToolButton(timelineBox);
    back_->setObjectName(QStringLiteral("timelineBackButton"));
    back_->setArrowType(Qt::LeftArrow);
    today_ = new QToolButton(timelineBox);
    today_->setObjectName(QStringLiteral("timelineTodayButton"));
    forward_ = new QToolButton(timelineBox);
    forward_->setObjectName(QStringLiteral("timelineForwardButton"));
    forward_->setArrowType(Qt::RightArrow);
    timelineStatus_ = new QLabel(timelineBox);
    timelineStatus_->setObjectName(QStringLiteral("timelineStatusLabel"));
    Theme::setTextColor(timelineStatus_, Theme::Role::Muted);
    tbar->addWidget(timelineTitle_);
    tbar->addSpacing(12);
    tbar->addWidget(timelineSkuLabel_);
    tbar->addWidget(timelineSku_);
    tbar->addWidget(zoom_);
    tbar->addWidget(back_);
    tbar->addWidget(today_);
    tbar->addWidget(forward_);
    tbar->addSpacing(12);
    tbar->addWidget(timelineStatus_, 1);
    tl->addLayout(tbar);
    timeline_ = new PromotionTimeline(timelineBox);
    timeline_->setApi(api_);
    tl->addWidget(timeline_, 1);
    zoom_->setCurrentIndex(1);

    vertical->addWidget(splitter_);
    vertical->addWidget(timelineBox);
    vertical->setStretchFactor(0, 3);
    vertical->setStretchFactor(1, 1);
    vertical->setChildrenCollapsible(false);
    vertical->setSizes({620, 240});
    layout->addWidget(vertical, 1);

    model_->setTexts({
        [](int column) -> QString {
            switch (column) {
                case PromotionListModel::NameColumn:
                    return Catalog::tr("Promotion");
                case PromotionListModel::KindColumn:
                    return Catalog::tr("Kind");
                case PromotionListModel::StatusColumn:
                    return Catalog::tr("Status");
                case PromotionListModel::StartsColumn:
                    return Catalog::tr("Starts");
                case PromotionListModel::EndsColumn:
                    return Catalog::tr("Ends");
                case PromotionListModel::PriorityColumn:
                    return Catalog::tr("Priority");
            }
            return {};
        },
        [](const Promotion& p, int column, int role) -> QVariant {
            if (role == Qt::DisplayRole) {
                switch (column) {
                    case PromotionListModel::NameColumn:
                        return p.name;
                    case PromotionListModel::KindColumn:
                        return PromotionText::kindName(p.kind);
                    case PromotionListModel::StatusColumn:
                        return PromotionText::statusName(p.status);
                    case PromotionListModel::StartsColumn:
                        return Format::dateTime(p.startsAt);
                    case PromotionListModel::EndsColumn:
                        return Format::dateTime(p.effectiveEnd());
                    case PromotionListModel::PriorityColumn:
                        return QLocale().toString(p.priority);
                }
                return {};
            }
            if (role == Qt::ToolTipRole) {
                if (column == PromotionListModel::StartsColumn) {
                    return PromotionText::time(p.startsAt);
                }
                if (column == PromotionListModel::EndsColumn) {
                    return PromotionText::time(p.effectiveEnd());
                }
                if (column == PromotionListModel::NameColumn) {
                    return PromotionText::offer(p, QStringLiteral("CNY"));
                }
            }
            if (role == Qt::ForegroundRole && column == PromotionListModel::KindColumn) {
                return PromotionText::kindColor(p.kind);
            }
            if (role == Qt::ForegroundRole && column == PromotionListModel::StatusColumn &&
                p.status != QLatin1String("active")) {
                return Theme::color(p.status == QLatin1String("sold_out") ? Theme::Role::Warning
                                                                          : Theme::Role::Muted);
            }
            if (role == Qt::TextAlignmentRole && column == PromotionListModel::PriorityColumn) {
                return QVariant::fromValue(Qt::Alignment(Qt::AlignRight | Qt::AlignVCenter));
            }
            return {};
        },
    });
    PagedListView::bind(table_, model_, [] { return Catalog::tr("Loading promotions…"); });

    connect(search_, &SearchBox::searchChanged, this, &PromotionsTab::applyFilter);
    connect(status_, &QComboBox::currentIndexChanged, this, &PromotionsTab::applyFilter);
    connect(kind_, &QComboBox::currentIndexChanged, this, &PromotionsTab::applyFilter);
    selectionDelay_.setSingleShot(true);
    selectionDelay_.setInterval(std::chrono::milliseconds(150));
    connect(&selectionDelay_, &QTimer::timeout, this, &PromotionsTab::openCurrent);
    connect(table_->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this] { selectionDelay_.start(); });
    connect(table_, &QTableView::activated, this, &PromotionsTab::openCurrent);
    connect(new_, &QPushButton::clicked, this, [this] {
        table_->clearSelection();
        editor_->startNew();
    });
    connect(refresh_, &QPushButton::clicked, this, [this] {
        model_->reload();
        editor_->reload();
        editor_->loadVirtualCategories();
        timeline_->reload();
    });

    // The timeline follows the edited promotion's SKUs unless a SKU is typed above it.
    timelineDelay_.setSingleShot(true);
    timelineDelay_.setInterval(std::chrono::milliseconds(300));
    connect(&timelineDelay_, &QTimer::timeout, this, [this] {
        const QString typed = timelineSku_->text().trimmed();
        const QStringList skus = typed.isEmpty() ? editorSkus_ : QStringList{typed};
        if (skus == timeline_->skus()) {
            timeline_->reload();
        } else {
            timeline_->showSkus(skus);
        }
    });
    connect(editor_, &PromotionEditor::skusEdited, this, &PromotionsTab::followSkus);
    connect(timelineSku_, &QLineEdit::textChanged, this, [this] { timelineDelay_.start(); });
    connect(zoom_, &QComboBox::currentIndexChanged, this,
            [this] { timeline_->setZoom(PromotionTimeline::Zoom(zoom_->currentData().toInt())); });
    connect(back_, &QToolButton::clicked, this, [this] { timeline_->shiftWindow(-1); });
    connect(forward_, &QToolButton::clicked, this, [this] { timeline_->shiftWindow(1); });
    connect(today_, &QToolButton::clicked, this, [this] {
        timeline_->setWindowStart(
            PromotionTimeline::defaultStart(timeline_->zoom(), QDateTime::currentDateTimeUtc()));
    });
    connect(timeline_, &PromotionTimeline::promotionClicked, this, &PromotionsTab::openPromotion);
    connect(timeline_, &PromotionTimeline::loaded, this, [this] {
        const int bars = int(timeline_->bars().size());
        const int overlaps = int(timeline_->overlaps().size());
        QString text = Format::dateTime(timeline_->windowStart()) + QStringLiteral(" – ") +
                       Format::dateTime(timeline_->windowEnd());
        if (!timeline_->skus().isEmpty()) {
            text += QStringLiteral(" · ") + Catalog::tr("%n promotion(s) in force", nullptr, bars);
            if (overlaps > 0) {
                text += QStringLiteral(" · ") +
                        Catalog::tr("%n overlapping stretch(es)", nullptr, overlaps);
            }
        }
        timelineStatus_->setText(text);
    });
    connect(editor_, &PromotionEditor::promotionChanged, this, [this](const Promotion& p) {
        model_->updateItem(p);
        timeline_->setCurrentId(p.id);
        timelineDelay_.start();
    });
    connect(editor_, &PromotionEditor::promotionCreated, this,
            [this](const Promotion& p) { model_->upsert(p); });

    const bool write =
        context_.session && context_.session->can(protocol::Permission::PromotionsWrite);
    new_->setVisible(write);
    retranslateUi();
    model_->setFilter({});
    editor_->loadVirtualCategories();
    timeline_->reload();
}

void PromotionsTab::retranslateUi() {
    search_->setPlaceholderText(Catalog::tr("Search promotions by name"));
    status_->setItemText(0, Catalog::tr("Any status"));
    for (int i = 1; i < status_->count(); ++i) {
        status_->setItemText(i, PromotionText::statusName(status_->itemData(i).toString()));
    }
    kind_->setItemText(0, Catalog::tr("Any kind"));
    for (int i = 1; i < kind_->count(); ++i) {
        kind_->setItemText(i, PromotionText::kindName(kind_->itemData(i).toString()));
    }
    new_->setText(Catalog::tr("New promotion"));
    refresh_->setText(Catalog::tr("Refresh"));
    timelineTitle_->setText(Catalog::tr("Timeline"));
    timelineSkuLabel_->setText(Catalog::tr("S&KU"));
    timelineSku_->setPlaceholderText(Catalog::tr("the open promotion's SKUs"));
    zoom_->setItemText(0, Catalog::tr("Day"));
    zoom_->setItemText(1, Catalog::tr("Week"));
    zoom_->setItemText(2, Catalog::tr("Month"));
    back_->setToolTip(Catalog::tr("Earlier"));
    forward_->setToolTip(Catalog::tr("Later"));
    today_->setText(Catalog::tr("Today"));
}

void PromotionsTab::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) {
        retranslateUi();
    }
    QWidget::changeEvent(event);
}

void PromotionsTab::applyFilter() {
    client::PromotionFilter f;
    f.search = search_->text().trimmed();
    if (const QString s = status_->currentData().toString(); !s.isEmpty()) {
        f.statuses = {s};
    }
    if (const QString k = kind_->currentData().toString(); !k.isEmpty()) {
        f.kinds = {k};
    }
    if (!(f == model_->filter())) {
        model_->setFilter(f);
    }
}

void PromotionsTab::openCurrent() {
    selectionDelay_.stop();
    const QModelIndex current = table_->currentIndex();
    const qint64 id =
        current.isValid() ? current.data(PromotionListModel::ItemIdRole).toLongLong() : 0;
    if (id != 0 && id != editor_->promotionId()) {
        editor_->showPromotion(id);
    }
}

void PromotionsTab::openPromotion(qint64 id) {
    const int row = model_->rowOfId(id);
    if (row >= 0) {
        table_->selectRow(row);
    }
    editor_->showPromotion(id);
}

void PromotionsTab::followSkus(const QStringList& skus) {
    editorSkus_ = skus;
    if (timelineSku_->text().trimmed().isEmpty()) {
        timelineDelay_.start();
    }
}

void PromotionsTab::applyFeedEvent(const client::FeedEvent& event) {
    if (event.kind != protocol::EventKind::PromotionUpdated) {
        return;
    }
    const auto promotion = Promotion::fromJson(event.data);
    if (!promotion) {
        return;
    }
    model_->upsert(*promotion);
    const QString actor = event.actor();
    const bool byMe =
        !actor.isEmpty() && context_.session && actor == context_.session->user().username;
    editor_->showLiveChange(*promotion, actor, byMe);
    // A change may move bars; a run of claims asks once (the delay).
    const bool shown = std::any_of(timeline_->bars().begin(), timeline_->bars().end(),
                                   [&](const auto& b) { return b.id == promotion->id; });
    const bool onSkus = std::any_of(
        promotion->targets.skus.begin(), promotion->targets.skus.end(),
        [&](const QString& s) { return timeline_->skus().contains(s, Qt::CaseInsensitive); });
    if (shown || onSkus || !promotion->targets.categoryIds.isEmpty() ||
        !promotion->targets.virtualCategoryIds.isEmpty()) {
        timelineDelay_.start();
    }
}

void PromotionsTab::resync() {
    model_->reload();
    editor_->reload();
    timeline_->reload();
}

}  // namespace opsdesk::widgets
