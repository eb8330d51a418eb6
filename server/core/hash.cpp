#include "core/hash.h"

#include <openssl/evp.h>

#include <charconv>

namespace opsdesk::server {

std::string sha256(std::string_view data) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    EVP_Digest(data.data(), data.size(), digest, &length, EVP_sha256(), nullptr);
    return std::string(reinterpret_cast<const char*>(digest), length);
}

std::string sha256Hex(std::string_view data) {
    return hexEncode(sha256(data));
}

std::string hexEncode(std::string_view bytes) {
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    out.reserve(bytes.size() * 2);
    for (const unsigned char c : bytes) {
        out.push_back(kHex[c >> 4]);
        out.push_back(kHex[c & 0xf]);
    }
    return out;
}

std::optional<std::string> hexDecode(std::string_view text) {
    if (text.size() % 2 != 0) {
        return std::nullopt;
    }
    std::string out;
    out.reserve(text.size() / 2);
    for (std::size_t i = 0; i < text.size(); i += 2) {
        // Two digits exactly: from_chars takes no sign or prefix for an unsigned type.
        unsigned char byte = 0;
        const char* end = text.data() + i + 2;
        const auto [stop, ec] = std::from_chars(text.data() + i, end, byte, 16);
        if (ec != std::errc{} || stop != end) {
            return std::nullopt;
        }
        out.push_back(static_cast<char>(byte));
    }
    return out;
}

}  // namespace opsdesk::server
