#include "core/base64.h"

#include <openssl/evp.h>

namespace opsdesk::server {

std::string base64Encode(std::string_view data) {
    std::string out(4 * ((data.size() + 2) / 3) + 1, '\0');
    const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                  reinterpret_cast<const unsigned char*>(data.data()),
                                  static_cast<int>(data.size()));
    out.resize(static_cast<std::size_t>(n));
    return out;
}

std::string base64UrlEncode(std::string_view data) {
    std::string out = base64Encode(data);
    while (!out.empty() && out.back() == '=') {
        out.pop_back();
    }
    for (char& c : out) {
        if (c == '+') {
            c = '-';
        } else if (c == '/') {
            c = '_';
        }
    }
    return out;
}

bool base64Decode(std::string_view text, std::string* out) {
    if (text.size() % 4 != 0) {
        return false;
    }
    std::string buf(3 * text.size() / 4 + 1, '\0');
    const int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(buf.data()),
                                  reinterpret_cast<const unsigned char*>(text.data()),
                                  static_cast<int>(text.size()));
    if (n < 0) {
        return false;
    }
    // EVP_DecodeBlock counts padding as zero bytes; drop them.
    std::size_t length = static_cast<std::size_t>(n);
    for (std::size_t i = text.size(); i > 0 && text[i - 1] == '='; --i) {
        --length;
    }
    buf.resize(length);
    *out = std::move(buf);
    return true;
}

bool base64UrlDecode(std::string text, std::string* out) {
    for (char& c : text) {
        if (c == '-') {
            c = '+';
        } else if (c == '_') {
            c = '/';
        }
    }
    while (text.size() % 4 != 0) {
        text.push_back('=');
    }
    return base64Decode(text, out);
}

}  // namespace opsdesk::server
