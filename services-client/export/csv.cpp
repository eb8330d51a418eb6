#include "services-client/export/csv.h"

#include "opsdesk/protocol/csv.h"

namespace opsdesk::client::csv {

bool looksLikeAFormula(const QString& text) {
    // Its first character decides, and every one the rule names is ASCII.
    const QByteArray first = QStringView(text).left(1).toUtf8();
    return protocol::csvCellLooksLikeAFormula(std::string_view(first.constData(), first.size()));
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
