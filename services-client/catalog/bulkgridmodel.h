#pragma once

#include <QAbstractTableModel>
#include <QByteArray>
#include <QJsonArray>
#include <QList>
#include <QString>
#include <QStringList>
#include <array>
#include <functional>
#include <utility>

#include "services-client/catalog/catalogimports.h"

namespace opsdesk::client {

// The bulk grid of the catalog: rows of the import file's cells as a person types or pastes
// them, each cell checked as it changes by the rules the server's import applies (the SKU rule
// and the currencies from protocol), written out as the CSV the import reads, and the dry run's
// errors put back on the cells they are about. An empty cell leaves its field as it is.
//
// There is always one blank row after the last: typing or pasting there adds rows. All changes
// go through applyEdits()/removeDataRows()/insertDataRows(), which return what undoes them, so
// an undo stack above can take back any of them.
class BulkGridModel : public QAbstractTableModel {
    Q_OBJECT

public:
    // The grid's columns, in order; their wire names are the import's column names. Prices are
    // decimals in the currency's unit (the import's `price`; `price_minor` is for files).
    enum Column {
        SkuColumn,
        ProductTitleColumn,
        VariantTitleColumn,
        PriceColumn,
        CurrencyColumn,
        StockColumn,
        LowStockThresholdColumn,
        StatusColumn,
        CategoryColumn,
        TagsColumn,
        ColumnCount
    };
    static QString columnName(int column);          // "sku", "price"…
    static int columnForName(const QString& name);  // any case; -1 when the grid has none

    // What is wrong with a cell.
    enum class Problem {
        None,
        SkuMissing,            // a row with cells but no SKU
        SkuInvalid,            // not protocol::isSku
        SkuDuplicate,          // the same SKU (whatever the case) on another row
        TitleTooLong,          // more than 500 characters
        PriceInvalid,          // not a decimal such as 12.50, 0 or more
        PriceDecimals,         // more decimals than the row's currency has
        CurrencyInvalid,       // not three letters
        CurrencyUnknown,       // a price given in a currency protocol/money does not know
        NotWholeNumber,        // stock, low_stock_threshold: whole numbers 0 or more
        StatusInvalid,         // not draft, active or archived
        CategoryInvalid,       // an empty name in the path
        TagTooLong,            // a tag over 100 characters
        TooManyTags,           // more than 50
        NeedsPricePermission,  // a price or currency from someone without catalog.price
        Server,                // the dry run said so (ServerMessageRole)
    };
    Q_ENUM(Problem)

    enum Role {
        ProblemRole = Qt::UserRole + 1,  // Problem as int
        ServerMessageRole,               // the dry run's words for this cell, if any
    };

    // Words and colours come from the widgets above (their translation context and theme).
    struct Texts {
        std::function<QString(int column)> header;
        // The reason shown for a cell's problem (a tooltip); `currency` for PriceDecimals.
        std::function<QString(Problem problem, int column, const QString& currency)> problem;
        std::function<QVariant()> invalidBackground;
        std::function<QVariant()> invalidForeground;
    };

    struct CellEdit {
        int row = 0;
        int column = 0;
        QString value;
        friend bool operator==(const CellEdit&, const CellEdit&) = default;
    };
    using Cells = std::array<QString, ColumnCount>;
    using RemovedRows = QList<std::pair<int, Cells>>;  // by row, ascending

    explicit BulkGridModel(QObject* parent = nullptr);

    void setTexts(Texts texts);
    // Without catalog.price a price or currency cell is a problem (the import refuses it).
    void setMayChangePrices(bool may);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    bool setData(const QModelIndex& index, const QVariant& value, int role = Qt::EditRole) override;

    // Rows that hold data (blank ones in between included), not the blank one at the end.
    int dataRowCount() const { return static_cast<int>(rows_.size()); }
    QString cell(int row, int column) const;
    Problem problem(int row, int column) const;
    // Cells with a problem (with or without those the dry run found), and rows with a value.
    int problemCount(bool withServer = true) const;
    int filledRowCount() const;
    bool isEmpty() const { return filledRowCount() == 0; }
    // Changes with every edit; a dry run remembers the one it checked.
    quint64 generation() const { return generation_; }

    // Sets cells, adding rows as needed; returns the edits that put the old values back.
    QList<CellEdit> applyEdits(const QList<CellEdit>& edits);
    // Grows with blank rows or drops rows from the end (an undone paste that added them).
    void setDataRowCount(int rows);
    RemovedRows removeDataRows(QList<int> rows);
    void insertDataRows(const RemovedRows& rows);
    // Everything at once (a restored draft, an empty grid after a commit).
    void setRows(const QList<QStringList>& rows);
    QList<QStringList> rows() const;  // without the blank rows at the end

    // A block copied from a spreadsheet (tab-separated, quoted as spreadsheets quote) as edits
    // at `row`, `column`. A first line whose every cell names a column, or that names the SKU's,
    // maps the block's columns by name (from `row`, whatever `column`); otherwise the block goes in
    // the grid's order from `column`, and what lies beyond the last column is counted in
    // `droppedColumns`.
    struct Paste {
        QList<CellEdit> edits;
        bool header = false;
        int rows = 0;
        int droppedColumns = 0;
        QStringList unknownColumns;  // named by the header, not in the grid: left out
    };
    Paste pasteEdits(const QString& text, int row, int column) const;
    static QList<QStringList> parseTabSeparated(const QString& text);

    // The import file of the rows that hold data: RFC 4180 (CRLF, fields with a comma, quote or
    // line break quoted, quotes doubled), UTF-8, the SKU's column and every column with a value.
    // No formula neutralising: the server reads the values, no spreadsheet does.
    struct Upload {
        QByteArray csv;
        QList<int> columns;                // grid columns, in the file's order
        QList<std::pair<int, int>> lines;  // (first line of the row in the file, grid row)
        int endLine = 2;                   // the line after the last row
        int rowForLine(int line) const;    // -1 for the header and past the end
    };
    Upload toCsv() const;

    // The dry run's errors on their cells (a row's own error on its SKU); errors before are
    // dropped. Returns how many found a cell. An edit of a row drops its dry run errors.
    int applyServerErrors(const Upload& upload, const QList<ImportRowError>& errors);
    void clearServerErrors();

    // The draft as saved between sessions: rows of cells.
    QJsonArray toJson() const;
    static QList<QStringList> rowsFromJson(const QJsonArray& json);

signals:
    // Any change of a cell's value, added or removed rows.
    void contentChanged();

private:
    struct Row {
        Cells cells;
        std::array<Problem, ColumnCount> problems{};
        std::array<QString, ColumnCount> server;
    };
    static bool blank(const Cells& cells);
    void validateRow(Row& row) const;
    Problem validate(const Row& row, int column) const;
    // Marks SKUs that appear twice; rows whose mark changed get dataChanged.
    void refreshDuplicates();
    void changed();

    QList<Row> rows_;
    Texts texts_;
    bool mayChangePrices_ = true;
    quint64 generation_ = 0;
};

}  // namespace opsdesk::client
