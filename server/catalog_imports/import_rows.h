#pragma once

// The import file's columns and cells, read into typed rows: everything that can be said of a
// file without the database. What the values mean for the catalog (creates, updates, prices in a
// currency, category paths) is imports.cpp's.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/csv_reader.h"

namespace opsdesk::server::catalog_imports {

enum class Column {
    Sku,
    ProductTitle,
    VariantTitle,
    Price,
    PriceMinor,
    Currency,
    Stock,
    LowStockThreshold,
    Status,
    Category,
    Tags,
};
inline constexpr std::size_t kColumnCount = 11;

std::string_view columnName(Column c);

// Where each known column is in the file (its index), once the header has been checked.
struct ColumnMap {
    std::array<std::optional<std::size_t>, kColumnCount> index{};
    bool has(Column c) const { return index[static_cast<std::size_t>(c)].has_value(); }
};

// What is wrong with a header: per column name, why (unknown, twice, missing...). Empty: fine.
struct HeaderProblems {
    std::vector<std::pair<std::string, std::string>> fields;
    std::string message;
};

// Matches the header's names (trimmed, any case) with the known columns.
ColumnMap mapColumns(const csv::Table& table, HeaderProblems* problems);

// An error a person can act on: the file's line, the column's name as the file has it (empty
// for the row as a whole) and what is wrong.
struct RowError {
    std::size_t line = 0;
    std::string column;
    std::string message;
    std::size_t place = 0;  // the column's place in the file from 1, 0 for the row: the order
};

// A row's error, named by the column as the file writes it.
RowError rowError(const csv::Table& table, const ColumnMap& columns, std::size_t line,
                  std::optional<Column> column, std::string message);

// Errors in the order a person reads the file: by line, then left to right.
void sortErrors(std::vector<RowError>& errors);

// One data row, read: each cell the file gives (not empty), checked for its form. nullopt: the
// cell is empty or the column absent (for an update: leave the field as it is).
struct ImportRow {
    std::size_t line = 0;
    std::string sku;  // as written
    std::string key;  // lower case: SKUs match whatever the case
    std::optional<std::string> productTitle;
    std::optional<std::string> variantTitle;
    std::optional<std::string> priceText;  // "12.50": minor units once the currency is known
    std::optional<std::int64_t> priceMinor;
    std::optional<std::string> currency;
    std::optional<std::int64_t> stock;
    std::optional<std::int64_t> lowStockThreshold;
    std::optional<std::string> status;
    std::optional<std::string> category;  // "Tea/Green tea", parts trimmed
    std::optional<std::vector<std::string>> tags;
    bool valid = true;  // no error in any cell
};

// Reads the data rows; rows whose every cell is blank are left out (spreadsheets write them).
// Cell errors go to `errors`, and their rows are kept with valid = false.
std::vector<ImportRow> readRows(const csv::Table& table, const ColumnMap& columns,
                                std::vector<RowError>* errors);

// The file's own name of a known column (for error rows), e.g. "Price" when the header says so.
std::string headerName(const csv::Table& table, const ColumnMap& columns, Column c);

// ASCII letters in lower case, other bytes as they are: SKUs, column names and category paths
// match whatever the case.
std::string lowerAscii(std::string_view s);

// Characters (code points) of a UTF-8 string.
std::size_t characters(std::string_view utf8);

}  // namespace opsdesk::server::catalog_imports
