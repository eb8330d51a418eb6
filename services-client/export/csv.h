#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>
#include <initializer_list>

// CSV as every export writes it (orders now; catalog, finance and reports next): RFC 4180 (CRLF,
// fields with a comma, quote or line break quoted, quotes doubled), UTF-8, and no cell a
// spreadsheet would run as a formula.
namespace opsdesk::client::csv {

// A cell of text from anywhere (a customer's name comes from the storefront): quoted when it
// must be, and neutralised when a spreadsheet would take it for a formula or command — when it
// starts with '=', '+', '-', '@', a tab or a carriage return it gets a leading apostrophe, so it
// shows as the text it is and is never evaluated.
QByteArray textCell(const QString& text);

// Whether textCell() neutralises `text`.
bool looksLikeAFormula(const QString& text);

// A number this program formatted itself (an amount, a count): written as it is, so that a
// negative amount stays a number.
QByteArray numberCell(QByteArrayView number);

// One line of cells made by textCell()/numberCell(), with its CRLF.
QByteArray line(std::initializer_list<QByteArray> cells);

}  // namespace opsdesk::client::csv
