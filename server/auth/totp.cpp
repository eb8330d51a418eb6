#include "auth/totp.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "auth/tokens.h"

namespace opsdesk::server::auth {

namespace {

constexpr char kBase32[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

std::string uriEscape(std::string_view s) {
    std::string out;
    for (unsigned char c : s) {
        if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
            out.push_back(static_cast<char>(c));
        } else {
            static constexpr char kHex[] = "0123456789ABCDEF";
            out.push_back('%');
            out.push_back(kHex[c >> 4]);
            out.push_back(kHex[c & 0xf]);
        }
    }
    return out;
}

}  // namespace

std::string newTotpSecret() {
    return base32Encode(randomBytes(kTotpSecretBytes));
}

std::string base32Encode(std::string_view bytes) {
    std::string out;
    std::uint32_t buffer = 0;
    int bits = 0;
    for (unsigned char c : bytes) {
        buffer = (buffer << 8) | c;
        bits += 8;
        while (bits >= 5) {
            out.push_back(kBase32[(buffer >> (bits - 5)) & 0x1f]);
            bits -= 5;
        }
    }
    if (bits > 0) {
        out.push_back(kBase32[(buffer << (5 - bits)) & 0x1f]);
    }
    return out;
}

std::optional<std::string> base32Decode(std::string_view text) {
    std::string out;
    std::uint32_t buffer = 0;
    int bits = 0;
    for (char ch : text) {
        if (ch == '=' || ch == ' ') {
            continue;
        }
        const char up = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
        const char* pos = std::char_traits<char>::find(kBase32, 32, up);
        if (!pos) {
            return std::nullopt;
        }
        buffer = (buffer << 5) | static_cast<std::uint32_t>(pos - kBase32);
        bits += 5;
        if (bits >= 8) {
            out.push_back(static_cast<char>((buffer >> (bits - 8)) & 0xff));
            bits -= 8;
        }
    }
    return out;
}

std::string totpCode(std::string_view secretBytes, std::int64_t step, int digits) {
    unsigned char counter[8];
    auto c = static_cast<std::uint64_t>(step);
    for (int i = 7; i >= 0; --i) {
        counter[i] = static_cast<unsigned char>(c & 0xff);
        c >>= 8;
    }
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int macLength = 0;
    HMAC(EVP_sha1(), secretBytes.data(), static_cast<int>(secretBytes.size()), counter,
         sizeof counter, mac, &macLength);
    const int offset = mac[macLength - 1] & 0x0f;
    const std::uint32_t binary = (static_cast<std::uint32_t>(mac[offset] & 0x7f) << 24) |
                                 (static_cast<std::uint32_t>(mac[offset + 1]) << 16) |
                                 (static_cast<std::uint32_t>(mac[offset + 2]) << 8) |
                                 static_cast<std::uint32_t>(mac[offset + 3]);
    std::uint32_t modulo = 1;
    for (int i = 0; i < digits; ++i) {
        modulo *= 10;
    }
    std::string code = std::to_string(binary % modulo);
    code.insert(0, static_cast<std::size_t>(digits) - code.size(), '0');
    return code;
}

std::int64_t totpStep(std::int64_t unixSeconds) {
    return unixSeconds / kTotpStepSeconds;
}

std::optional<std::int64_t> verifyTotp(std::string_view secretBase32, std::string_view code,
                                       std::int64_t unixSeconds,
                                       std::optional<std::int64_t> lastUsedStep) {
    if (code.size() != kTotpDigits) {
        return std::nullopt;
    }
    const auto secret = base32Decode(secretBase32);
    if (!secret || secret->empty()) {
        return std::nullopt;
    }
    const std::int64_t now = totpStep(unixSeconds);
    std::optional<std::int64_t> matched;
    // Check every candidate step, so the time taken does not tell which one matched.
    for (std::int64_t step = now - 1; step <= now + 1; ++step) {
        if (constantTimeEquals(totpCode(*secret, step), code) &&
            (!lastUsedStep || step > *lastUsedStep)) {
            matched = step;
        }
    }
    return matched;
}

std::string otpauthUri(std::string_view issuer, std::string_view account,
                       std::string_view secretBase32) {
    return "otpauth://totp/" + uriEscape(issuer) + ":" + uriEscape(account) +
           "?secret=" + std::string(secretBase32) + "&issuer=" + uriEscape(issuer) +
           "&algorithm=SHA1&digits=6&period=30";
}

}  // namespace opsdesk::server::auth
