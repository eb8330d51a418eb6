#include "http/message.h"

#include <unistd.h>
#include <algorithm>
#include <cctype>

namespace opsdesk::server::http {

namespace {

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) ==
                      std::tolower(static_cast<unsigned char>(y));
           });
}

int hexValue(char c) {
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

// Shared by both decoders; `strict` decides what a malformed escape means.
std::optional<std::string> decode(std::string_view in, bool plusIsSpace, bool strict) {
    std::string out;
    out.reserve(in.size());
    for (std::size_t i = 0; i < in.size(); ++i) {
        const char c = in[i];
        if (c == '%') {
            const int hi = i + 1 < in.size() ? hexValue(in[i + 1]) : -1;
            const int lo = i + 2 < in.size() ? hexValue(in[i + 2]) : -1;
            if (hi >= 0 && lo >= 0) {
                out.push_back(static_cast<char>(hi * 16 + lo));
                i += 2;
                continue;
            }
            if (strict) {
                return std::nullopt;
            }
            out.push_back(c);
        } else if (c == '+' && plusIsSpace) {
            out.push_back(' ');
        } else {
            out.push_back(c);
        }
    }
    return out;
}

void appendJsonString(std::string& out, std::string_view text) {
    static constexpr char kHex[] = "0123456789abcdef";
    out.push_back('"');
    for (const char c : text) {
        switch (c) {
            case '"':
                out += "\\\"";
                break;
            case '\\':
                out += "\\\\";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\r':
                out += "\\r";
                break;
            case '\t':
                out += "\\t";
                break;
            default:
                if (static_cast<unsigned char>(c) < 0x20) {
                    out += "\\u00";
                    out.push_back(kHex[(c >> 4) & 0xF]);
                    out.push_back(kHex[c & 0xF]);
                } else {
                    out.push_back(c);  // UTF-8 passes through unchanged
                }
        }
    }
    out.push_back('"');
}

}  // namespace

// --- Headers ---

std::optional<std::string_view> Headers::get(std::string_view name) const {
    for (const auto& [n, v] : fields_) {
        if (iequals(n, name)) {
            return std::string_view(v);
        }
    }
    return std::nullopt;
}

void Headers::set(std::string name, std::string value) {
    std::erase_if(fields_, [&](const auto& field) { return iequals(field.first, name); });
    fields_.emplace_back(std::move(name), std::move(value));
}

void Headers::add(std::string name, std::string value) {
    fields_.emplace_back(std::move(name), std::move(value));
}

// --- Request ---

std::optional<std::string> Request::queryParam(std::string_view name) const {
    std::string_view rest = query;
    while (!rest.empty()) {
        const std::size_t amp = rest.find('&');
        const std::string_view pair = rest.substr(0, amp);
        rest = amp == std::string_view::npos ? std::string_view() : rest.substr(amp + 1);
        if (pair.empty()) {
            continue;
        }
        const std::size_t eq = pair.find('=');
        const std::string_view key = pair.substr(0, eq);
        if (percentDecode(key, true) != name) {
            continue;
        }
        return eq == std::string_view::npos ? std::string()
                                            : percentDecode(pair.substr(eq + 1), true);
    }
    return std::nullopt;
}

// --- Response ---

Response Response::json(int status, std::string body) {
    Response r;
    r.status = status;
    r.headers.set("Content-Type", "application/json");
    r.body = std::move(body);
    return r;
}

Response Response::noContent() {
    Response r;
    r.status = 204;
    return r;
}

// --- free functions ---

SpooledBody::~SpooledBody() {
    if (!path.empty()) {
        ::unlink(path.c_str());
    }
}

std::string errorBody(std::string_view code, std::string_view message) {
    std::string out = R"({"error":{"code":)";
    appendJsonString(out, code);
    out += R"(,"message":)";
    appendJsonString(out, message);
    out += "}}";
    return out;
}

std::string percentDecode(std::string_view in, bool plusIsSpace) {
    return *decode(in, plusIsSpace, false);
}

std::optional<std::string> tryPercentDecode(std::string_view in, bool plusIsSpace) {
    return decode(in, plusIsSpace, true);
}

}  // namespace opsdesk::server::http
