#include "widgets/catalog/bulkedittab.h"

#include <QApplication>
#include <QClipboard>
#include <QDir>
#include <QEvent>
#include <QFile>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QJsonDocument>
#include <QKeyEvent>
#include <QLabel>
#include <QLocale>
#include <QLoggingCategory>
#include <QMetaProperty>
#include <QPushButton>
#include <QSaveFile>
#include <QSet>
#include <QSplitter>
#include <QStandardPaths>
#include <QStyledItemDelegate>
#include <QUndoStack>
#include <QVBoxLayout>

#include "opsdesk/protocol/money.h"
#include "services-client/auth/session.h"
#include "services-client/catalog/importchangesmodel.h"
#include "widgets/catalog/catalogtext.h"
#include "widgets/common/errortext.h"
#include "widgets/common/format.h"
#include "widgets/common/messageline.h"
#include "widgets/common/theme.h"

Q_LOGGING_CATEGORY(lcBulk, "opsdesk.catalog.bulk")

namespace opsdesk::widgets {

using client::BulkGridModel;
using client::ImportChange;
using client::ImportChangesModel;
using CellEdit = client::BulkGridModel::CellEdit;
using Problem = client::BulkGridModel::Problem;

namespace {

// One change of cells (typed, pasted, cleared), undone by putting the old values back and
// dropping the rows it added.
class EditCommand : public QUndoCommand {
public:
    EditCommand(BulkGridModel* model, QList<CellEdit> edits, const QString& text)
        : QUndoCommand(text), model_(model), edits_(std::move(edits)) {}
    void redo() override {
        rowsBefore_ = model_->dataRowCount();
        undo_ = model_->applyEdits(edits_);
    }
    void undo() override {
        model_->applyEdits(undo_);
        model_->setDataRowCount(rowsBefore_);
    }

private:
    BulkGridModel* model_;
    QList<CellEdit> edits_;
    QList<CellEdit> undo_;
    int rowsBefore_ = 0;
};

class RemoveRowsCommand : public QUndoCommand {
public:
    RemoveRowsCommand(BulkGridModel* model, QList<int> rows, const QString& text)
        : QUndoCommand(text), model_(model), rows_(std::move(rows)) {}
    void redo() override { removed_ = model_->removeDataRows(rows_); }
    void undo() override { model_->insertDataRows(removed_); }

private:
    BulkGridModel* model_;
    QList<int> rows_;
    BulkGridModel::RemovedRows removed_;
};

// A cell typed in the grid goes through the undo stack, not straight into the model.
class GridDelegate : public QStyledItemDelegate {
public:
    GridDelegate(std::function<void(int, int, const QString&)> edited, QObject* parent)
        : QStyledItemDelegate(parent), edited_(std::move(edited)) {}
    void setModelData(QWidget* editor, QAbstractItemModel*,
                      const QModelIndex& index) const override {
        const QMetaProperty property = editor->metaObject()->userProperty();
        edited_(index.row(), index.column(), property.read(editor).toString());
    }

private:
    std::function<void(int, int, const QString&)> edited_;
};

// Counts in words: English has two forms; the catalogue gives other languages theirs.
QString rowsText(int n) {
    return n == 1 ? Catalog::tr("1 row") : Catalog::tr("%1 rows").arg(QLocale().toString(n));
}
QString cellsText(int n) {
    return n == 1 ? Catalog::tr("1 cell") : Catalog::tr("%1 cells").arg(QLocale().toString(n));
}
QString columnsText(int n) {
    return n == 1 ? Catalog::tr("1 column") : Catalog::tr("%1 columns").arg(QLocale().toString(n));
}
QString problemsText(int n) {
    return n == 1 ? Catalog::tr("1 problem")
                  : Catalog::tr("%1 problems").arg(QLocale().toString(n));
}
QString skusText(int n) {
    return n == 1 ? Catalog::tr("1 SKU") : Catalog::tr("%1 SKUs").arg(QLocale().toString(n));
}
QString changesText(int n) {
    return n == 1 ? Catalog::tr("1 field changes")
                  : Catalog::tr("%1 field changes").arg(QLocale().toString(n));
}

QString fieldName(const QString& field) {
    if (field == QLatin1String("product_title")) {
        return Catalog::tr("Product title");
    }
    if (field == QLatin1String("variant_title")) {
        return Catalog::tr("Variant title");
    }
    if (field == QLatin1String("price_minor")) {
        return Catalog::tr("Price");
    }
    if (field == QLatin1String("currency")) {
        return Catalog::tr("Currency");
    }
    if (field == QLatin1String("stock")) {
        return Catalog::tr("Stock");
    }
    if (field == QLatin1String("low_stock_threshold")) {
        return Catalog::tr("Low-stock level");
    }
    if (field == QLatin1String("status")) {
        return Catalog::tr("Status");
    }
    if (field == QLatin1String("category")) {
        return Catalog::tr("Category");
    }
    if (field == QLatin1String("tags")) {
        return Catalog::tr("Tags");
    }
    return field;
}

QString columnTitle(int column) {
    switch (column) {
        case BulkGridModel::SkuColumn:
            return Catalog::tr("SKU");
        case BulkGridModel::ProductTitleColumn:
            return Catalog::tr("Product title");
        case BulkGridModel::VariantTitleColumn:
            return Catalog::tr("Variant title");
        case BulkGridModel::PriceColumn:
            return Catalog::tr("Price");
        case BulkGridModel::CurrencyColumn:
            return Catalog::tr("Currency");
        case BulkGridModel::StockColumn:
            return Catalog::tr("Stock");
        case BulkGridModel::LowStockThresholdColumn:
            return Catalog::tr("Low-stock level");
        case BulkGridModel::StatusColumn:
            return Catalog::tr("Status");
        case BulkGridModel::CategoryColumn:
            return Catalog::tr("Category");
        case BulkGridModel::TagsColumn:
            return Catalog::tr("Tags");
    }
    return {};
}

// The number of decimals that turn the price typed (139.5) into the minor units the dry run
// says (13950), when only one does; -1 otherwise.
int exponentOf(const QString& typed, qint64 minor) {
    int found = -1;
    for (int e = 0; e <= 3; ++e) {
        const protocol::Currency c{"", e};
        if (const auto v = protocol::parseDecimal(typed.trimmed().toStdString(), c);
            v && *v == minor && *v != 0) {
            if (found >= 0) {
                return -1;
            }
            found = e;
        }
    }
    return found;
}

}  // namespace

bool BulkGridView::event(QEvent* event) {
    // The grid's keys are the grid's, whatever shortcuts the window has.
    if (event->type() == QEvent::ShortcutOverride && state() != EditingState) {
        auto* key = static_cast<QKeyEvent*>(event);
        if (key->matches(QKeySequence::Paste) || key->matches(QKeySequence::Undo) ||
            key->matches(QKeySequence::Redo) || key->matches(QKeySequence::Delete) ||
            key->key() == Qt::Key_Backspace) {
            event->accept();
            return true;
        }
    }
    return QTableView::event(event);
}

void BulkGridView::keyPressEvent(QKeyEvent* event) {
    if (state() != EditingState) {
        if (event->matches(QKeySequence::Paste)) {
            emit pasteRequested();
            return;
        }
        if (event->matches(QKeySequence::Undo)) {
            emit undoRequested();
            return;
        }
        if (event->matches(QKeySequence::Redo)) {
            emit redoRequested();
            return;
        }
        if (event->matches(QKeySequence::Delete) || event->key() == Qt::Key_Backspace) {
            emit clearRequested();
            return;
        }
    }
    QTableView::keyPressEvent(event);
}

BulkEditTab::BulkEditTab(const ModuleContext& context, QWidget* parent)
    : QWidget(parent), context_(context) {
    setObjectName(QStringLiteral("bulkEditTab"));
    api_ = new client::CatalogImportsApi(context.api, this);
    model_ = new BulkGridModel(this);
    model_->setMayChangePrices(context.session &&
                               context.session->can(protocol::Permission::CatalogPrice));
    changes_ = new ImportChangesModel(this);
    undo_ = new QUndoStack(this);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 8, 0, 0);
    layout->setSpacing(8);
    hint_ = new QLabel(this);
    hint_->setObjectName(QStringLiteral("bulkHint"));
    hint_->setWordWrap(true);
    Theme::setTextColor(hint_, Theme::Role::Muted);
    layout->addWidget(hint_);

    auto* bar = new QHBoxLayout;
    undoButton_ = new QPushButton(this);
    undoButton_->setObjectName(QStringLiteral("bulkUndoButton"));
    redoButton_ = new QPushButton(this);
    redoButton_->setObjectName(QStringLiteral("bulkRedoButton"));
    deleteRows_ = new QPushButton(this);
    deleteRows_->setObjectName(QStringLiteral("bulkDeleteRowsButton"));
    problems_ = new QLabel(this);
    problems_->setObjectName(QStringLiteral("bulkProblemsLabel"));
    check_ = new QPushButton(this);
    check_->setObjectName(QStringLiteral("bulkCheckButton"));
    commit_ = new QPushButton(this);
    commit_->setObjectName(QStringLiteral("bulkCommitButton"));
    commit_->setDefault(true);
    bar->addWidget(undoButton_);
    bar->addWidget(redoButton_);
    bar->addWidget(deleteRows_);
    bar->addSpacing(12);
    bar->addWidget(problems_, 1);
    bar->addWidget(check_);
    bar->addWidget(commit_);
    layout->addLayout(bar);

    message_ = new MessageLine(QStringLiteral("bulkMessage"), this);
    layout->addWidget(message_);

    splitter_ = new QSplitter(Qt::Vertical, this);
    grid_ = new BulkGridView(splitter_);
    grid_->setObjectName(QStringLiteral("bulkGrid"));
    grid_->setModel(model_);
    grid_->setItemDelegate(new GridDelegate(
        [this](int row, int column, const QString& value) {
            if (model_->cell(row, column) != value) {
                pushEdits({{row, column, value}}, Catalog::tr("Edit cell"));
            }
        },
        grid_));
    grid_->setSelectionMode(QAbstractItemView::ExtendedSelection);
    grid_->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed |
                           QAbstractItemView::AnyKeyPressed);
    grid_->setWordWrap(false);
    grid_->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    grid_->verticalHeader()->setDefaultSectionSize(grid_->fontMetrics().height() + 10);
    QHeaderView* header = grid_->horizontalHeader();
    header->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    header->setSectionResizeMode(QHeaderView::Interactive);
    header->setStretchLastSection(true);
    const QFontMetrics fm = grid_->fontMetrics();
    const auto width = [&](const QString& sample) { return fm.horizontalAdvance(sample) + 20; };
    header->resizeSection(BulkGridModel::SkuColumn, width(QStringLiteral("TEA-LJ-250-XL")));
    header->resizeSection(BulkGridModel::ProductTitleColumn,
                          width(QStringLiteral("Longjing green tea tin")));
    header->resizeSection(BulkGridModel::VariantTitleColumn, width(QStringLiteral("250 g tin")));
    header->resizeSection(BulkGridModel::PriceColumn, width(QStringLiteral("99999.00")));
    header->resizeSection(BulkGridModel::CurrencyColumn, width(QStringLiteral("Currency")));
    header->resizeSection(BulkGridModel::StockColumn, width(QStringLiteral("99999")));
    header->resizeSection(BulkGridModel::LowStockThresholdColumn,
                          width(QStringLiteral("Low-stock level")));
    header->resizeSection(BulkGridModel::StatusColumn, width(QStringLiteral("archived")));
    header->resizeSection(BulkGridModel::CategoryColumn, width(QStringLiteral("Tea/Green tea")));

    auto* diffPane = new QWidget(splitter_);
    auto* diffLayout = new QVBoxLayout(diffPane);
    diffLayout->setContentsMargins(0, 4, 0, 0);
    summary_ = new QLabel(diffPane);
    summary_->setObjectName(QStringLiteral("bulkSummaryLabel"));
    summary_->setWordWrap(true);
    QFont bold = summary_->font();
    bold.setBold(true);
    summary_->setFont(bold);
    diffLayout->addWidget(summary_);
    diff_ = new QTableView(diffPane);
    diff_->setObjectName(QStringLiteral("bulkDiffTable"));
    diff_->setModel(changes_);
    diff_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    diff_->setSelectionBehavior(QAbstractItemView::SelectRows);
    diff_->setAlternatingRowColors(true);
    diff_->setShowGrid(false);
    diff_->setWordWrap(false);
    diff_->verticalHeader()->hide();
    diff_->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    diff_->verticalHeader()->setDefaultSectionSize(fm.height() + 8);
    diff_->horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    diff_->horizontalHeader()->setStretchLastSection(true);
    diff_->horizontalHeader()->resizeSection(ImportChangesModel::SkuColumn,
                                             width(QStringLiteral("TEA-LJ-250-XL")));
    diff_->horizontalHeader()->resizeSection(ImportChangesModel::FieldColumn,
                                             width(QStringLiteral("Low-stock level")));
    diff_->horizontalHeader()->resizeSection(ImportChangesModel::FromColumn,
                                             width(QStringLiteral("Longjing green tea, 250 g")));
    diffLayout->addWidget(diff_, 1);
    splitter_->addWidget(grid_);
    splitter_->addWidget(diffPane);
    splitter_->setStretchFactor(0, 3);
    splitter_->setStretchFactor(1, 2);
    splitter_->setChildrenCollapsible(false);
    layout->addWidget(splitter_, 1);

    model_->setTexts({
        &columnTitle,
        [this](Problem p, int column, const QString& currency) {
            return problemText(p, column, currency);
        },
        [] { return QVariant(Theme::color(Theme::Role::ErrorBackground)); },
        [] { return QVariant(Theme::color(Theme::Role::Error)); },
    });
    changes_->setTexts({
        [](int column) -> QString {
            switch (column) {
                case ImportChangesModel::SkuColumn:
                    return Catalog::tr("SKU");
                case ImportChangesModel::FieldColumn:
                    return Catalog::tr("Field");
                case ImportChangesModel::FromColumn:
                    return Catalog::tr("Now");
                case ImportChangesModel::ToColumn:
                    return Catalog::tr("After the commit");
            }
            return {};
        },
        [this](const ImportChange& c, int column, int role) -> QVariant {
            if (role == Qt::DisplayRole) {
                switch (column) {
                    case ImportChangesModel::FieldColumn:
                        return fieldName(c.field);
                    case ImportChangesModel::FromColumn:
                        return c.from.isNull() ? Catalog::tr("(new)") : valueText(c, c.from);
                    case ImportChangesModel::ToColumn:
                        return Catalog::tr("→ %1").arg(valueText(c, c.to));
                }
                return {};
            }
            if (role == Qt::ForegroundRole) {
                if (column == ImportChangesModel::FromColumn) {
                    return Theme::color(Theme::Role::Removed);
                }
                if (column == ImportChangesModel::ToColumn) {
                    return Theme::color(Theme::Role::Added);
                }
            }
            return {};
        },
    });

    connect(grid_, &BulkGridView::pasteRequested, this, &BulkEditTab::paste);
    connect(grid_, &BulkGridView::clearRequested, this, &BulkEditTab::clearSelection);
    connect(grid_, &BulkGridView::undoRequested, undo_, &QUndoStack::undo);
    connect(grid_, &BulkGridView::redoRequested, undo_, &QUndoStack::redo);
    connect(undoButton_, &QPushButton::clicked, undo_, &QUndoStack::undo);
    connect(redoButton_, &QPushButton::clicked, undo_, &QUndoStack::redo);
    connect(deleteRows_, &QPushButton::clicked, this, &BulkEditTab::deleteSelectedRows);
    connect(check_, &QPushButton::clicked, this, [this] { checkChanges(); });
    connect(commit_, &QPushButton::clicked, this, [this] { commitChanges(); });
    connect(undo_, &QUndoStack::indexChanged, this, &BulkEditTab::updateState);
    connect(model_, &BulkGridModel::contentChanged, this, &BulkEditTab::onContentChanged);
    draftDelay_.setSingleShot(true);
    draftDelay_.setInterval(std::chrono::milliseconds(500));
    connect(&draftDelay_, &QTimer::timeout, this, &BulkEditTab::saveDraftNow);
    Theme::onPaletteChange(this, [this] { updateState(); });

    retranslateUi();
    loadDraft();
    updateState();
}

BulkEditTab::~BulkEditTab() {
    // The stack empties itself as a child, after the model is gone: no state to show then.
    disconnect(undo_, nullptr, this, nullptr);
    if (draftDelay_.isActive()) {
        saveDraftNow();
    }
}

void BulkEditTab::retranslateUi() {
    hint_->setText(Catalog::tr(
        "Paste rows from a spreadsheet with Ctrl+V (a first row naming the columns — sku, "
        "price, stock… — places them), or type into the cells. An empty cell leaves its field "
        "as it is. Check the changes, then commit them in one go."));
    undoButton_->setText(Catalog::tr("Undo"));
    undoButton_->setToolTip(Catalog::tr("Take back the last change (Ctrl+Z)"));
    redoButton_->setText(Catalog::tr("Redo"));
    redoButton_->setToolTip(Catalog::tr("Do again what was taken back (Ctrl+Shift+Z)"));
    deleteRows_->setText(Catalog::tr("Delete rows"));
    check_->setText(Catalog::tr("Check changes"));
    check_->setToolTip(
        Catalog::tr("Ask the server what these rows would change, without changing anything"));
    commit_->setText(Catalog::tr("Commit"));
    updateState();
}

void BulkEditTab::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) {
        retranslateUi();
    }
    QWidget::changeEvent(event);
}

QString BulkEditTab::problemText(Problem p, int column, const QString& currency) const {
    switch (p) {
        case Problem::None:
        case Problem::Server:
            return {};
        case Problem::SkuMissing:
            return Catalog::tr("This row needs a SKU.");
        case Problem::SkuInvalid:
            return Catalog::tr(
                "A SKU is 1 to 64 letters, digits and . _ - starting with a letter or digit.");
        case Problem::SkuDuplicate:
            return Catalog::tr("This SKU is on another row too: keep one of them.");
        case Problem::TitleTooLong:
            return Catalog::tr("At most 500 characters.");
        case Problem::PriceInvalid:
            return Catalog::tr(
                "A price is a number such as 12.50: no currency sign, no thousands separator, "
                "not below 0.");
        case Problem::PriceDecimals: {
            const auto c = protocol::findCurrency(currency.toStdString());
            return Catalog::tr("%1 prices have at most %2 decimals.")
                .arg(currency)
                .arg(c ? c->exponent : 0);
        }
        case Problem::CurrencyInvalid:
            return Catalog::tr("A currency is its three-letter code, such as CNY.");
        case Problem::CurrencyUnknown:
            return Catalog::tr("OpsDesk does not know this currency, so it cannot read the price.");
        case Problem::NotWholeNumber:
            return Catalog::tr("A whole number, 0 or more.");
        case Problem::StatusInvalid:
            return Catalog::tr("A status is draft, active or archived.");
        case Problem::CategoryInvalid:
            return Catalog::tr(
                "A category is a path of names separated by /, such as Tea/Green tea.");
        case Problem::TagTooLong:
            return Catalog::tr("A tag is at most 100 characters; tags are separated by ;.");
        case Problem::TooManyTags:
            return Catalog::tr("At most 50 tags.");
        case Problem::NeedsPricePermission:
            return column == BulkGridModel::CurrencyColumn
                       ? Catalog::tr(
                             "Changing a currency needs the catalog.price permission, "
                             "which you do not have.")
                       : Catalog::tr(
                             "Changing a price needs the catalog.price permission, which "
                             "you do not have.");
    }
    return {};
}

QString BulkEditTab::valueText(const ImportChange& change, const QJsonValue& value) const {
    if (value.isNull() || value.isUndefined()) {
        return Format::none();
    }
    if (change.field == QLatin1String("status")) {
        return CatalogText::statusName(value.toString());
    }
    if (change.field != QLatin1String("price_minor")) {
        return ImportChangesModel::plainValue(value);
    }
    // A price reads as money: in the currency the rows name, or with the decimals the price
    // typed for the SKU has.
    const qint64 minor = value.toInteger();
    for (int r = 0; r < checked_.lines.size(); ++r) {
        const int row = checked_.lines[r].second;
        if (model_->cell(row, BulkGridModel::SkuColumn)
                .trimmed()
                .compare(change.sku, Qt::CaseInsensitive) != 0) {
            continue;
        }
        const QString currency =
            model_->cell(row, BulkGridModel::CurrencyColumn).trimmed().toUpper();
        if (protocol::findCurrency(currency.toStdString())) {
            return Format::money(minor, currency);
        }
        const int e =
            exponentOf(model_->cell(row, BulkGridModel::PriceColumn), change.to.toInteger());
        if (e >= 0) {
            return QString::fromStdString(protocol::formatDecimal(minor, {"", e}));
        }
        break;
    }
    return Catalog::tr("%1 (minor units)").arg(minor);
}

void BulkEditTab::pushEdits(const QList<CellEdit>& edits, const QString& what) {
    if (!edits.isEmpty()) {
        undo_->push(new EditCommand(model_, edits, what));
    }
}

void BulkEditTab::paste() {
    const QString text = QApplication::clipboard()->text();
    if (text.isEmpty()) {
        message_->showInfo(Catalog::tr("The clipboard holds no text to paste."));
        return;
    }
    QModelIndex at = grid_->currentIndex();
    if (!at.isValid()) {
        at = model_->index(0, 0);
    }
    const BulkGridModel::Paste paste = model_->pasteEdits(text, at.row(), at.column());
    if (paste.rows == 0) {
        return;
    }
    pushEdits(paste.edits, Catalog::tr("Paste %1").arg(rowsText(paste.rows)));
    if (paste.edits.isEmpty()) {
        // Nothing changed: the cells held these values already.
        message_->showInfo(Catalog::tr("The pasted rows are already in the grid."));
    } else if (!paste.unknownColumns.isEmpty()) {
        message_->showWarning(
            Catalog::tr("Pasted %1 by their column names. The grid has no column %2, so it was "
                        "left out (prices are decimals in the price column).")
                .arg(rowsText(paste.rows), paste.unknownColumns.join(QLatin1String(", "))));
    } else if (paste.droppedColumns > 0) {
        message_->showWarning(
            Catalog::tr("Pasted %1; %2 did not fit right of the current cell and were left "
                        "out. Paste with a first row naming the columns, or start further left.")
                .arg(rowsText(paste.rows), columnsText(paste.droppedColumns)));
    } else {
        message_->showInfo(
            paste.header ? Catalog::tr("Pasted %1 by their column names.").arg(rowsText(paste.rows))
                         : Catalog::tr("Pasted %1.").arg(rowsText(paste.rows)));
    }
    grid_->setCurrentIndex(model_->index(at.row(), at.column()));
}

void BulkEditTab::clearSelection() {
    QList<CellEdit> edits;
    const QModelIndexList selected = grid_->selectionModel()->selectedIndexes();
    for (const QModelIndex& i : selected) {
        if (!model_->cell(i.row(), i.column()).isEmpty()) {
            edits.append({i.row(), i.column(), QString()});
        }
    }
    pushEdits(edits, Catalog::tr("Clear %1").arg(cellsText(static_cast<int>(edits.size()))));
}

void BulkEditTab::deleteSelectedRows() {
    QSet<int> rows;
    for (const QModelIndex& i : grid_->selectionModel()->selectedIndexes()) {
        if (i.row() < model_->dataRowCount()) {
            rows.insert(i.row());
        }
    }
    if (rows.isEmpty()) {
        return;
    }
    undo_->push(new RemoveRowsCommand(
        model_, QList<int>(rows.begin(), rows.end()),
        Catalog::tr("Delete %1").arg(rowsText(static_cast<int>(rows.size())))));
}

bool BulkEditTab::diffIsCurrent() const {
    return dryRun_ && checkedGeneration_ == model_->generation();
}

client::ApiRequest* BulkEditTab::checkChanges() {
    if (pending_) {
        return nullptr;
    }
    if (model_->isEmpty()) {
        message_->showInfo(Catalog::tr("Paste or type rows first."));
        return nullptr;
    }
    const BulkGridModel::Upload upload = model_->toCsv();
    const quint64 generation = model_->generation();
    auto* request = api_->dryRun(upload.csv);
    pending_ = request;
    message_->showInfo(
        Catalog::tr("Checking %1…").arg(rowsText(static_cast<int>(upload.lines.size()))));
    connect(request, &client::ApiRequest::succeeded, this, [this, request, upload, generation] {
        checked_ = upload;
        checkedGeneration_ = generation;
        needsRecheck_ = false;
        showDryRun(request->dryRun());
    });
    connect(request, &client::ApiRequest::failed, this, [this](const client::ApiError& e) {
        // A file the server cannot read at all says where (422 with its line and column).
        const QString why = e.is(protocol::ErrorCode::ValidationFailed) && !e.message.isEmpty()
                                ? e.message
                                : ErrorText::describe(e);
        message_->showError(
            Catalog::tr("The check did not run: %1 Your rows are still here.").arg(why));
        updateState();
    });
    connect(request, &client::ApiRequest::finished, this, [this] {
        pending_.clear();  // the request deletes itself later; it is over now
        updateState();
    });
    updateState();
    return request;
}

void BulkEditTab::showDryRun(const client::ImportDryRun& d) {
    dryRun_ = d;
    changes_->setChanges(d.changes);
    const int placed = model_->applyServerErrors(checked_, d.errors);
    if (d.errorCount > 0) {
        QString text = Catalog::tr(
                           "%1 found: the marked cells say what is wrong. Correct them "
                           "and check again; nothing was changed.")
                           .arg(problemsText(d.errorCount));
        if (d.errorCount > placed) {
            text = Catalog::tr("%1 (%2 more are not shown on cells.)")
                       .arg(text, QLocale().toString(d.errorCount - placed));
        }
        message_->showError(text);
    } else if (d.changes.isEmpty()) {
        message_->showInfo(Catalog::tr("These rows change nothing: the catalog already reads so."));
    } else {
        message_->showInfo(
            Catalog::tr("Nothing is changed yet: look through the changes below, "
                        "then commit them."));
    }
    updateState();
}

client::ApiRequest* BulkEditTab::commitChanges() {
    if (pending_ || !diffIsCurrent() || needsRecheck_ || dryRun_->errorCount > 0) {
        return nullptr;
    }
    auto* request = api_->commit(dryRun_->id);
    pending_ = request;
    message_->showInfo(Catalog::tr("Committing…"));
    connect(request, &client::ApiRequest::succeeded, this, [this, request] {
        const client::ImportCommit result = request->result();
        qCInfo(lcBulk) << "import" << result.id << "committed:" << result.updates << "updates,"
                       << result.creates << "creates";
        undo_->clear();
        model_->setRows({});
        changes_->setChanges({});
        dryRun_.reset();
        checked_ = {};
        saveDraftNow();
        message_->showSuccess(Catalog::tr("Committed: %1 updated, %2 new. The product list "
                                          "shows them now.")
                                  .arg(skusText(result.updates))
                                  .arg(QLocale().toString(result.creates)));
        emit committed(result);
    });
    connect(request, &client::ApiRequest::failed, this, [this, request](const client::ApiError&) {
        showCommitFailure(*request);
        updateState();
    });
    connect(request, &client::ApiRequest::finished, this, [this] {
        pending_.clear();  // the request deletes itself later; it is over now
        updateState();
    });
    updateState();
    return request;
}

void BulkEditTab::showCommitFailure(const client::ImportCommitRequest& request) {
    const client::ApiError& e = request.error();
    const QString kept = Catalog::tr("Nothing was saved; your rows are still here.");
    if (e.httpStatus == 409) {
        needsRecheck_ = true;
        if (request.conflictReason() == QLatin1String("expired")) {
            message_->showError(Catalog::tr("This check is more than a day old. %1 Check the "
                                            "changes again, then commit.")
                                    .arg(kept));
            return;
        }
        const QStringList skus = request.conflictSkus();
        const int count = std::max(request.conflictCount(), static_cast<int>(skus.size()));
        const QString which = skus.mid(0, 5).join(QLatin1String(", "));
        message_->showError(
            (count == 1
                 ? Catalog::tr("Someone changed one of these SKUs since the check (%1).").arg(which)
                 : Catalog::tr("Someone changed %1 of these SKUs since the check (%2).")
                       .arg(QLocale().toString(count), which)) +
            QLatin1Char(' ') +
            Catalog::tr("%1 Check the changes again to see the catalog as it is now, then "
                        "commit.")
                .arg(kept));
        return;
    }
    if (e.httpStatus == 403) {
        message_->showError(Catalog::tr("These rows change prices, and you may not: that needs "
                                        "the catalog.price permission. %1 Ask an administrator "
                                        "for it, or clear the price cells and check again.")
                                .arg(kept));
        return;
    }
    if (e.httpStatus == 422) {
        needsRecheck_ = true;
        message_->showError(
            Catalog::tr("The server found errors in these rows. %1 Check the changes again to "
                        "see them on their cells.")
                .arg(kept));
        return;
    }
    message_->showError(
        Catalog::tr("The commit did not go through: %1 %2 Commit again when the connection is "
                    "back; a commit that did arrive is not done twice.")
            .arg(ErrorText::describe(e), kept));
}

void BulkEditTab::onContentChanged() {
    draftDelay_.start();
    updateState();
}

void BulkEditTab::updateState() {
    const bool busy = !pending_.isNull();
    undoButton_->setEnabled(!busy && undo_->canUndo());
    redoButton_->setEnabled(!busy && undo_->canRedo());
    check_->setEnabled(!busy && !model_->isEmpty());
    const bool current = diffIsCurrent();
    commit_->setEnabled(!busy && current && !needsRecheck_ && dryRun_->errorCount == 0 &&
                        !dryRun_->changes.isEmpty());
    diff_->setEnabled(current);

    const int rows = model_->filledRowCount();
    const int problems = model_->problemCount();
    if (rows == 0) {
        problems_->setText(Catalog::tr("No rows yet."));
        Theme::setTextColor(problems_, Theme::Role::Muted);
    } else if (problems > 0) {
        problems_->setText(
            problems == 1 ? Catalog::tr("%1 — 1 cell needs attention (hover it to see why).")
                                .arg(rowsText(rows))
                          : Catalog::tr("%1 — %2 need attention (hover a marked cell to see why).")
                                .arg(rowsText(rows), cellsText(problems)));
        Theme::setTextColor(problems_, Theme::Role::Error);
    } else {
        problems_->setText(Catalog::tr("%1, no problems found.").arg(rowsText(rows)));
        Theme::setTextColor(problems_, Theme::Role::Muted);
    }

    if (!dryRun_) {
        summary_->setText(Catalog::tr("Check the changes to see here what a commit would do."));
        return;
    }
    const client::ImportDryRun& d = *dryRun_;
    const QLocale locale;
    QString text = Catalog::tr("%1 new, %2 to update, %3 unchanged, %4 with errors — %5.")
                       .arg(locale.toString(d.creates), locale.toString(d.updates),
                            locale.toString(d.unchanged), locale.toString(d.errorCount),
                            changesText(static_cast<int>(d.changes.size())));
    if (!current) {
        text = Catalog::tr(
                   "The grid changed since this check: check the changes again before "
                   "committing. (Last check: %1)")
                   .arg(text);
    } else if (needsRecheck_) {
        text = Catalog::tr("This check is out of date: check the changes again. (Last check: %1)")
                   .arg(text);
    }
    summary_->setText(text);
}

QString BulkEditTab::draftFile() const {
    const QString user =
        context_.session ? context_.session->user().username : QStringLiteral("default");
    QString safe;
    for (const QChar c : user) {
        safe += c.isLetterOrNumber() || c == u'-' || c == u'_' ? c : u'_';
    }
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) +
           QStringLiteral("/catalog-bulk-edit-%1.json").arg(safe);
}

void BulkEditTab::saveDraftNow() {
    draftDelay_.stop();
    const QString file = draftFile();
    if (model_->isEmpty()) {
        QFile::remove(file);
        return;
    }
    QDir().mkpath(QFileInfo(file).absolutePath());
    QSaveFile out(file);
    if (!out.open(QIODevice::WriteOnly) ||
        out.write(QJsonDocument(model_->toJson()).toJson(QJsonDocument::Compact)) < 0 ||
        !out.commit()) {
        qCWarning(lcBulk) << "the bulk edit draft was not saved:" << out.errorString();
    }
}

void BulkEditTab::loadDraft() {
    QFile in(draftFile());
    if (!in.open(QIODevice::ReadOnly)) {
        return;
    }
    const QJsonDocument doc = QJsonDocument::fromJson(in.readAll());
    if (!doc.isArray()) {
        return;
    }
    const QList<QStringList> rows = BulkGridModel::rowsFromJson(doc.array());
    if (rows.isEmpty()) {
        return;
    }
    model_->setRows(rows);
    draftDelay_.stop();
    message_->showInfo(Catalog::tr("Your %1 not yet committed are back from last time.")
                           .arg(rowsText(static_cast<int>(rows.size()))));
}

}  // namespace opsdesk::widgets
