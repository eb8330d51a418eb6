#include "services-client/export/csv.h"

namespace opsdesk::client::csv {

bool looksLikeAFormula(const QString& text) {
    if (text.isEmpty()) {
        return false;
    }
    switch (text.front().unicode()) {
        case '=':
        case '+':
        case '-':
        case '@':
        case '\t':
        case '\r':
            return true;
        default:
            return false;
    }
}

QByteArray textCell(const QString& text) {
    QByteArray utf8 = text.toUtf8();
    if (looksLikeAFormula(text)) {
        utf8.prepend('\'');
    }
    if (utf8.contains(',') || utf8.contains('"') || utf8.contains('\n') || utf8.contains('\r')) {
        utf8.replace("\"", "\"\"");
        return '"' + utf8 + '"';
    }
    return utf8;
}

QByteArray numberCell(QByteArrayView number) {
    return number.toByteArray();
}

QByteArray line(std::initializer_list<QByteArray> cells) {
    QByteArray out;
    qsizetype size = 2;
    for (const auto& c : cells) {
        size += c.size() + 1;
    }
    out.reserve(size);
    bool first = true;
    for (const auto& c : cells) {
        if (!first) {
            out += ',';
        }
        out += c;
        first = false;
    }
    out += "\r\n";
    return out;
}

}  // namespace opsdesk::client::csv
