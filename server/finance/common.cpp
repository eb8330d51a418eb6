#include <pqxx/pqxx>

#include "finance/finance_internal.h"

namespace opsdesk::server::finance {

namespace {

// The length of the UTF-8 sequence starting at s[i], or 0 when it is not a valid one.
std::size_t utf8Length(std::string_view s, std::size_t i) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t n = 0;
    unsigned min = 0;
    if (c < 0x80) {
        return 1;
    } else if ((c & 0xE0) == 0xC0) {
        n = 2;
        min = 0x80;
    } else if ((c & 0xF0) == 0xE0) {
        n = 3;
        min = 0x800;
    } else if ((c & 0xF8) == 0xF0) {
        n = 4;
        min = 0x10000;
    } else {
        return 0;
    }
    if (i + n > s.size()) {
        return 0;
    }
    unsigned cp = c & (0xFF >> (n + 1));
    for (std::size_t k = 1; k < n; ++k) {
        const auto cc = static_cast<unsigned char>(s[i + k]);
        if ((cc & 0xC0) != 0x80) {
            return 0;
        }
        cp = (cp << 6) | (cc & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
        return 0;
    }
    return n;
}

}  // namespace

std::string cleanText(std::string_view text, std::size_t maxBytes) {
    std::string out;
    out.reserve(std::min(text.size(), maxBytes));
    for (std::size_t i = 0; i < text.size();) {
        const auto n = utf8Length(text, i);
        std::string_view piece;
        if (n == 0) {
            piece = "\xEF\xBF\xBD";
            i += 1;
        } else {
            piece = text.substr(i, n);
            i += n;
            const auto c = static_cast<unsigned char>(piece[0]);
            if (n == 1 && (c < 0x20 || c == 0x7F)) {
                if (c != '\t') {
                    continue;
                }
            }
        }
        if (out.size() + piece.size() > maxBytes) {
            break;
        }
        out.append(piece);
    }
    return out;
}

std::string joinSql(std::initializer_list<std::string_view> pieces) {
    std::string out;
    for (const auto piece : pieces) {
        out.append(piece);
    }
    return out;
}

std::string statementsJson(pqxx::transaction_base& tx, const std::vector<std::int64_t>& ids) {
    std::string array = "{";
    for (std::size_t i = 0; i < ids.size(); ++i) {
        array += (i ? "," : "") + std::to_string(ids[i]);
    }
    array += "}";
    const auto row = tx.exec_params1(
        joinSql({"SELECT coalesce(json_agg(item ORDER BY ord), '[]')::text FROM (SELECT ",
                 kStatementJson, " AS item, k.ord", kStatementFrom,
                 "JOIN unnest($1::bigint[]) WITH ORDINALITY AS k(id, ord) ON k.id = s.id) x"}),
        array);
    return row[0].as<std::string>();
}

}  // namespace opsdesk::server::finance
