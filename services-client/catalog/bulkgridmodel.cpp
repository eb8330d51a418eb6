#include "services-client/catalog/bulkgridmodel.h"

#include <QHash>
#include <QJsonValue>
#include <QSet>
#include <algorithm>
#include <iterator>

#include "opsdesk/protocol/money.h"
#include "opsdesk/protocol/sku.h"

namespace opsdesk::client {

namespace {

// The import's limits (server/catalog_imports/import_rows.cpp), checked as the cell is typed.
constexpr int kMaxTitle = 500;
constexpr int kMaxTags = 50;
constexpr int kMaxTag = 100;
constexpr int kMaxCategoryPath = 2000;
constexpr qint64 kMaxCount = 2'147'483'647;

constexpr std::array<const char*, BulkGridModel::ColumnCount> kNames{
    "sku",   "product_title",       "variant_title", "price",    "currency",
    "stock", "low_stock_threshold", "status",        "category", "tags",
};

// Characters as a person counts them (the server counts code points).
int characters(const QString& s) {
    return static_cast<int>(s.toUcs4().size());
}

bool digitsOnly(QStringView s) {
    return !s.isEmpty() &&
           std::all_of(s.begin(), s.end(), [](QChar c) { return c >= u'0' && c <= u'9'; });
}

// The import trims spaces and tabs around a cell.
QString trimmed(const QString& s) {
    qsizetype from = 0;
    qsizetype to = s.size();
    while (from < to && (s[from] == u' ' || s[from] == u'\t')) {
        ++from;
    }
    while (to > from && (s[to - 1] == u' ' || s[to - 1] == u'\t')) {
        --to;
    }
    return s.mid(from, to - from);
}

QByteArray csvField(const QString& value) {
    QString v = value;
    v.replace(QLatin1String("\r\n"), QLatin1String("\n")).replace(u'\r', u'\n');
    QByteArray bytes = v.toUtf8();
    if (bytes.contains(',') || bytes.contains('"') || bytes.contains('\n')) {
        bytes.replace("\"", "\"\"");
        return '"' + bytes + '"';
    }
    return bytes;
}

}  // namespace

QString BulkGridModel::columnName(int column) {
    return column >= 0 && column < ColumnCount ? QString::fromLatin1(kNames[column]) : QString();
}

int BulkGridModel::columnForName(const QString& name) {
    const QString n = name.trimmed().toLower();
    for (int c = 0; c < ColumnCount; ++c) {
        if (n == QLatin1String(kNames[c])) {
            return c;
        }
    }
    return -1;
}

int BulkGridModel::Upload::rowForLine(int line) const {
    // The row whose first line is the last one at or before `line` (a row may span lines).
    if (line >= endLine) {
        return -1;
    }
    auto it = std::upper_bound(lines.begin(), lines.end(), line,
                               [](int l, const std::pair<int, int>& p) { return l < p.first; });
    return it == lines.begin() ? -1 : std::prev(it)->second;
}

BulkGridModel::BulkGridModel(QObject* parent) : QAbstractTableModel(parent) {}

void BulkGridModel::setTexts(Texts texts) {
    texts_ = std::move(texts);
    emit headerDataChanged(Qt::Horizontal, 0, ColumnCount - 1);
    if (rowCount() > 0) {
        emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
    }
}

void BulkGridModel::setMayChangePrices(bool may) {
    if (may == mayChangePrices_) {
        return;
    }
    mayChangePrices_ = may;
    for (Row& r : rows_) {
        validateRow(r);
    }
    refreshDuplicates();
    if (!rows_.isEmpty()) {
        emit dataChanged(index(0, 0), index(static_cast<int>(rows_.size()) - 1, ColumnCount - 1));
    }
}

int BulkGridModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(rows_.size()) + 1;
}

int BulkGridModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QString BulkGridModel::cell(int row, int column) const {
    if (row < 0 || row >= rows_.size() || column < 0 || column >= ColumnCount) {
        return {};
    }
    return rows_[row].cells[column];
}

BulkGridModel::Problem BulkGridModel::problem(int row, int column) const {
    if (row < 0 || row >= rows_.size() || column < 0 || column >= ColumnCount) {
        return Problem::None;
    }
    const Row& r = rows_[row];
    return !r.server[column].isEmpty() ? Problem::Server : r.problems[column];
}

QVariant BulkGridModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid)) {
        return {};
    }
    const int row = index.row();
    const int column = index.column();
    switch (role) {
        case Qt::DisplayRole:
        case Qt::EditRole:
            return cell(row, column);
        case ProblemRole:
            return static_cast<int>(problem(row, column));
        case ServerMessageRole:
            return row < rows_.size() ? rows_[row].server[column] : QString();
        case Qt::ToolTipRole: {
            const Problem p = problem(row, column);
            if (p == Problem::Server) {
                return rows_[row].server[column];
            }
            if (p != Problem::None && texts_.problem) {
                return texts_.problem(p, column, trimmed(cell(row, CurrencyColumn)).toUpper());
            }
            return {};
        }
        case Qt::BackgroundRole:
            if (problem(row, column) != Problem::None && texts_.invalidBackground) {
                return texts_.invalidBackground();
            }
            return {};
        case Qt::ForegroundRole:
            if (problem(row, column) != Problem::None && texts_.invalidForeground) {
                return texts_.invalidForeground();
            }
            return {};
        case Qt::TextAlignmentRole:
            if (column == PriceColumn || column == StockColumn ||
                column == LowStockThresholdColumn) {
                return QVariant::fromValue(Qt::Alignment(Qt::AlignRight | Qt::AlignVCenter));
            }
            return {};
        default:
            return {};
    }
}

QVariant BulkGridModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (role != Qt::DisplayRole) {
        return {};
    }
    if (orientation == Qt::Vertical) {
        return section >= 0 && section < rowCount() ? QVariant(section + 1) : QVariant();
    }
    if (section < 0 || section >= ColumnCount) {
        return {};
    }
    return texts_.header ? texts_.header(section) : columnName(section);
}

Qt::ItemFlags BulkGridModel::flags(const QModelIndex& index) const {
    if (!index.isValid()) {
        return Qt::NoItemFlags;
    }
    return Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsEditable;
}

bool BulkGridModel::setData(const QModelIndex& index, const QVariant& value, int role) {
    if (role != Qt::EditRole || !checkIndex(index, CheckIndexOption::IndexIsValid)) {
        return false;
    }
    applyEdits({{index.row(), index.column(), value.toString()}});
    return true;
}

bool BulkGridModel::blank(const Cells& cells) {
    return std::all_of(cells.begin(), cells.end(),
                       [](const QString& c) { return trimmed(c).isEmpty(); });
}

int BulkGridModel::problemCount(bool withServer) const {
    int n = 0;
    for (int r = 0; r < rows_.size(); ++r) {
        for (int c = 0; c < ColumnCount; ++c) {
            const Problem p = withServer ? problem(r, c) : rows_[r].problems[c];
            n += p != Problem::None ? 1 : 0;
        }
    }
    return n;
}

int BulkGridModel::filledRowCount() const {
    return static_cast<int>(
        std::count_if(rows_.begin(), rows_.end(), [](const Row& r) { return !blank(r.cells); }));
}

BulkGridModel::Problem BulkGridModel::validate(const Row& row, int column) const {
    const QString v = trimmed(row.cells[column]);
    switch (column) {
        case SkuColumn:
            if (v.isEmpty()) {
                return Problem::SkuMissing;
            }
            return protocol::isSku(v.toStdString()) ? Problem::None : Problem::SkuInvalid;
        default:
            break;
    }
    if (v.isEmpty()) {
        return Problem::None;  // leaves the field as it is
    }
    if (!mayChangePrices_ && (column == PriceColumn || column == CurrencyColumn)) {
        return Problem::NeedsPricePermission;
    }
    switch (column) {
        case ProductTitleColumn:
        case VariantTitleColumn:
            return characters(v) > kMaxTitle ? Problem::TitleTooLong : Problem::None;
        case PriceColumn: {
            // The import's form (digits, at most three decimals), then the currency's own
            // decimals when the row names a currency protocol/money knows.
            const qsizetype dot = v.indexOf(u'.');
            const QStringView whole = QStringView(v).left(dot < 0 ? v.size() : dot);
            const QStringView fraction = dot < 0 ? QStringView() : QStringView(v).mid(dot + 1);
            if (!digitsOnly(whole) || whole.size() > 15 ||
                (dot >= 0 && (!digitsOnly(fraction) || fraction.size() > 3))) {
                return Problem::PriceInvalid;
            }
            const QString code = trimmed(row.cells[CurrencyColumn]).toUpper();
            if (const auto currency = protocol::findCurrency(code.toStdString())) {
                if (!protocol::parseDecimal(v.toStdString(), *currency)) {
                    return Problem::PriceDecimals;
                }
            }
            return Problem::None;
        }
        case CurrencyColumn: {
            const QString code = v.toUpper();
            if (code.size() != 3 || !std::all_of(code.begin(), code.end(),
                                                 [](QChar c) { return c >= u'A' && c <= u'Z'; })) {
                return Problem::CurrencyInvalid;
            }
            if (!trimmed(row.cells[PriceColumn]).isEmpty() &&
                !protocol::findCurrency(code.toStdString())) {
                return Problem::CurrencyUnknown;
            }
            return Problem::None;
        }
        case StockColumn:
        case LowStockThresholdColumn: {
            bool ok = false;
            const qint64 n = v.toLongLong(&ok);
            return digitsOnly(v) && v.size() <= 10 && ok && n <= kMaxCount
                       ? Problem::None
                       : Problem::NotWholeNumber;
        }
        case StatusColumn: {
            const QString s = v.toLower();
            return s == QLatin1String("draft") || s == QLatin1String("active") ||
                           s == QLatin1String("archived")
                       ? Problem::None
                       : Problem::StatusInvalid;
        }
        case CategoryColumn: {
            if (v.size() > kMaxCategoryPath) {
                return Problem::CategoryInvalid;
            }
            const QStringList parts = v.split(u'/');
            return std::any_of(parts.begin(), parts.end(),
                               [](const QString& p) { return trimmed(p).isEmpty(); })
                       ? Problem::CategoryInvalid
                       : Problem::None;
        }
        case TagsColumn: {
            QSet<QString> tags;
            for (const QString& part : v.split(u';')) {
                const QString tag = trimmed(part);
                if (characters(tag) > kMaxTag) {
                    return Problem::TagTooLong;
                }
                if (!tag.isEmpty()) {
                    tags.insert(tag);
                }
            }
            return tags.size() > kMaxTags ? Problem::TooManyTags : Problem::None;
        }
        default:
            return Problem::None;
    }
}

void BulkGridModel::validateRow(Row& row) const {
    if (blank(row.cells)) {
        row.problems.fill(Problem::None);
        return;
    }
    for (int c = 0; c < ColumnCount; ++c) {
        row.problems[c] = validate(row, c);
    }
}

void BulkGridModel::refreshDuplicates() {
    // Blank rows have no SKU and no problem; a SKU is checked for twins only when it is one.
    const auto candidate = [](const Row& r) {
        return (r.problems[SkuColumn] == Problem::None ||
                r.problems[SkuColumn] == Problem::SkuDuplicate) &&
               !trimmed(r.cells[SkuColumn]).isEmpty();
    };
    QHash<QString, int> counts;
    for (const Row& r : rows_) {
        if (candidate(r)) {
            ++counts[trimmed(r.cells[SkuColumn]).toLower()];
        }
    }
    for (int i = 0; i < rows_.size(); ++i) {
        Problem& p = rows_[i].problems[SkuColumn];
        if (!candidate(rows_[i])) {
            continue;
        }
        const Problem now = counts.value(trimmed(rows_[i].cells[SkuColumn]).toLower()) > 1
                                ? Problem::SkuDuplicate
                                : Problem::None;
        if (now != p) {
            p = now;
            emit dataChanged(index(i, SkuColumn), index(i, SkuColumn));
        }
    }
}

void BulkGridModel::changed() {
    ++generation_;
    emit contentChanged();
}

QList<BulkGridModel::CellEdit> BulkGridModel::applyEdits(const QList<CellEdit>& edits) {
    QList<CellEdit> undo;
    int needed = static_cast<int>(rows_.size());
    for (const CellEdit& e : edits) {
        if (e.row >= 0 && e.column >= 0 && e.column < ColumnCount) {
            needed = std::max(needed, e.row + 1);
        }
    }
    setDataRowCount(needed);
    int first = needed;
    int last = -1;
    QSet<int> touched;
    for (const CellEdit& e : edits) {
        if (e.row < 0 || e.column < 0 || e.column >= ColumnCount) {
            continue;
        }
        Row& r = rows_[e.row];
        if (r.cells[e.column] == e.value) {
            continue;
        }
        undo.append({e.row, e.column, r.cells[e.column]});
        r.cells[e.column] = e.value;
        touched.insert(e.row);
        first = std::min(first, e.row);
        last = std::max(last, e.row);
    }
    if (touched.isEmpty()) {
        return undo;
    }
    std::reverse(undo.begin(), undo.end());  // the same cell twice: undone in reverse order
    for (int row : touched) {
        rows_[row].server.fill(QString());
        validateRow(rows_[row]);
    }
    emit dataChanged(index(first, 0), index(last, ColumnCount - 1));
    refreshDuplicates();
    changed();
    return undo;
}

void BulkGridModel::setDataRowCount(int rows) {
    rows = std::max(rows, 0);
    const int now = static_cast<int>(rows_.size());
    if (rows > now) {
        // Blank rows are all alike: the new ones go after the blank one at the end, so a
        // selection there stays on the row that is now filled.
        beginInsertRows({}, now + 1, rows);
        rows_.resize(rows);
        endInsertRows();
        changed();
    } else if (rows < now) {
        beginRemoveRows({}, rows, now - 1);
        rows_.resize(rows);
        endRemoveRows();
        refreshDuplicates();
        changed();
    }
}

BulkGridModel::RemovedRows BulkGridModel::removeDataRows(QList<int> rows) {
    std::sort(rows.begin(), rows.end());
    rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
    RemovedRows removed;
    // From the last, so the rows before keep their numbers; each run of rows in one call.
    for (qsizetype i = rows.size() - 1; i >= 0;) {
        const int end = rows[i];
        if (end < 0 || end >= rows_.size()) {
            --i;
            continue;
        }
        int start = end;
        while (i > 0 && rows[i - 1] == start - 1) {
            --start;
            --i;
        }
        --i;
        beginRemoveRows({}, start, end);
        for (int r = end; r >= start; --r) {
            removed.prepend({r, rows_[r].cells});
        }
        rows_.remove(start, end - start + 1);
        endRemoveRows();
    }
    if (!removed.isEmpty()) {
        refreshDuplicates();
        changed();
    }
    return removed;
}

void BulkGridModel::insertDataRows(const RemovedRows& rows) {
    for (const auto& [at, cells] : rows) {
        const int row = std::clamp(at, 0, static_cast<int>(rows_.size()));
        beginInsertRows({}, row, row);
        Row r;
        r.cells = cells;
        validateRow(r);
        rows_.insert(row, r);
        endInsertRows();
    }
    if (!rows.isEmpty()) {
        refreshDuplicates();
        changed();
    }
}

void BulkGridModel::setRows(const QList<QStringList>& rows) {
    beginResetModel();
    rows_.clear();
    for (const QStringList& cells : rows) {
        Row r;
        for (int c = 0; c < ColumnCount && c < cells.size(); ++c) {
            r.cells[c] = cells[c];
        }
        validateRow(r);
        rows_.append(r);
    }
    endResetModel();
    refreshDuplicates();
    changed();
}

QList<QStringList> BulkGridModel::rows() const {
    qsizetype end = rows_.size();
    while (end > 0 && blank(rows_[end - 1].cells)) {
        --end;
    }
    QList<QStringList> out;
    for (qsizetype i = 0; i < end; ++i) {
        out.append(QStringList(rows_[i].cells.begin(), rows_[i].cells.end()));
    }
    return out;
}

QList<QStringList> BulkGridModel::parseTabSeparated(const QString& text) {
    // As spreadsheets put a block on the clipboard: cells by tabs, rows by line ends, a cell
    // with a tab, line break or quote in quotes with its quotes doubled.
    QList<QStringList> rows;
    QStringList row;
    QString cell;
    const qsizetype n = text.size();
    qsizetype i = 0;
    bool cellStart = true;
    while (i < n) {
        const QChar c = text[i];
        if (cellStart && c == u'"') {
            qsizetype j = i + 1;
            QString quoted;
            bool closed = false;
            while (j < n) {
                if (text[j] == u'"') {
                    if (j + 1 < n && text[j + 1] == u'"') {
                        quoted += u'"';
                        j += 2;
                        continue;
                    }
                    closed = true;
                    ++j;
                    break;
                }
                quoted += text[j++];
            }
            // Quoted only when the quote closes right before a tab or a line end; otherwise
            // the quote is part of the text (12" pizza).
            if (closed && (j == n || text[j] == u'\t' || text[j] == u'\n' || text[j] == u'\r')) {
                cell = quoted;
                i = j;
                cellStart = false;
                continue;
            }
        }
        cellStart = false;
        if (c == u'\t') {
            row.append(cell);
            cell.clear();
            cellStart = true;
            ++i;
        } else if (c == u'\n' || c == u'\r') {
            row.append(cell);
            rows.append(row);
            row.clear();
            cell.clear();
            cellStart = true;
            i += (c == u'\r' && i + 1 < n && text[i + 1] == u'\n') ? 2 : 1;
        } else {
            cell += c;
            ++i;
        }
    }
    if (!cellStart || !cell.isEmpty() || !row.isEmpty()) {
        row.append(cell);
        rows.append(row);
    }
    return rows;
}

BulkGridModel::Paste BulkGridModel::pasteEdits(const QString& text, int row, int column) const {
    Paste paste;
    QList<QStringList> block = parseTabSeparated(text);
    if (block.isEmpty()) {
        return paste;
    }
    row = std::max(row, 0);
    column = std::clamp(column, 0, ColumnCount - 1);
    QList<int> target;
    const QStringList& first = block.first();
    // A header names every column, or at least names the SKU's (then the columns the grid
    // has not, price_minor or a note, are left out and said).
    bool all = true;
    bool any = false;
    QStringList unknown;
    for (const QString& name : first) {
        const int c = columnForName(name);
        any = any || c >= 0;
        all = all && (c >= 0 || name.trimmed().isEmpty());
        if (c < 0 && !name.trimmed().isEmpty()) {
            unknown.append(name.trimmed());
        }
        target.append(c);
    }
    if (any && (all || target.contains(SkuColumn))) {
        paste.header = true;
        paste.unknownColumns = unknown;
        block.removeFirst();
    } else {
        target.clear();
        qsizetype widest = 0;
        for (const QStringList& r : block) {
            widest = std::max(widest, r.size());
        }
        for (qsizetype i = 0; i < widest; ++i) {
            const int c = column + static_cast<int>(i);
            target.append(c < ColumnCount ? c : -1);
            paste.droppedColumns += c < ColumnCount ? 0 : 1;
        }
    }
    paste.rows = static_cast<int>(block.size());
    for (qsizetype r = 0; r < block.size(); ++r) {
        for (qsizetype c = 0; c < block[r].size() && c < target.size(); ++c) {
            if (target[c] >= 0) {
                paste.edits.append({row + static_cast<int>(r), target[c], block[r][c]});
            }
        }
    }
    return paste;
}

BulkGridModel::Upload BulkGridModel::toCsv() const {
    Upload up;
    std::array<bool, ColumnCount> used{};
    used[SkuColumn] = true;
    for (const Row& r : rows_) {
        for (int c = 0; c < ColumnCount; ++c) {
            used[c] = used[c] || !trimmed(r.cells[c]).isEmpty();
        }
    }
    QList<QByteArray> header;
    for (int c = 0; c < ColumnCount; ++c) {
        if (used[c]) {
            up.columns.append(c);
            header.append(QByteArray(kNames[c]));
        }
    }
    up.csv = header.join(',') + "\r\n";
    int line = 2;
    for (int i = 0; i < rows_.size(); ++i) {
        const Row& r = rows_[i];
        if (blank(r.cells)) {
            continue;
        }
        up.lines.append({line, i});
        QList<QByteArray> fields;
        for (int c : std::as_const(up.columns)) {
            fields.append(csvField(r.cells[c]));
            line += static_cast<int>(fields.last().count('\n'));
        }
        up.csv += fields.join(',') + "\r\n";
        ++line;
    }
    up.endLine = line;
    return up;
}

int BulkGridModel::applyServerErrors(const Upload& upload, const QList<ImportRowError>& errors) {
    for (Row& r : rows_) {
        r.server.fill(QString());
    }
    int placed = 0;
    for (const ImportRowError& e : errors) {
        const int row = upload.rowForLine(e.line);
        if (row < 0 || row >= rows_.size()) {
            continue;
        }
        int column = columnForName(e.column);
        if (column < 0) {
            column = SkuColumn;  // the row as a whole
        }
        QString& text = rows_[row].server[column];
        text += (text.isEmpty() ? QString() : QStringLiteral("\n")) + e.message;
        ++placed;
    }
    if (!rows_.isEmpty()) {
        emit dataChanged(index(0, 0), index(static_cast<int>(rows_.size()) - 1, ColumnCount - 1));
    }
    return placed;
}

void BulkGridModel::clearServerErrors() {
    applyServerErrors({}, {});
}

QJsonArray BulkGridModel::toJson() const {
    QJsonArray out;
    for (const QStringList& r : rows()) {
        out.append(QJsonArray::fromStringList(r));
    }
    return out;
}

QList<QStringList> BulkGridModel::rowsFromJson(const QJsonArray& json) {
    QList<QStringList> rows;
    for (const QJsonValue& v : json) {
        QStringList cells;
        for (const QJsonValue& c : v.toArray()) {
            cells.append(c.toString());
        }
        rows.append(cells);
    }
    return rows;
}

}  // namespace opsdesk::client
