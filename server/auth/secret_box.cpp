#include "auth/secret_box.h"

#include <openssl/evp.h>

#include <algorithm>
#include <fstream>
#include <memory>
#include <sstream>
#include <stdexcept>

#include "auth/tokens.h"
#include "core/base64.h"
#include "core/hash.h"

namespace opsdesk::server::auth {

namespace {

constexpr std::string_view kVersion = "v1";
constexpr std::size_t kNonceBytes = 12;
constexpr std::size_t kTagBytes = 16;

struct CipherFree {
    void operator()(EVP_CIPHER_CTX* c) const { EVP_CIPHER_CTX_free(c); }
};
using Cipher = std::unique_ptr<EVP_CIPHER_CTX, CipherFree>;

std::string trimmed(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) {
        s.remove_prefix(1);
    }
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
        s.remove_suffix(1);
    }
    return std::string(s);
}

}  // namespace

SecretBox SecretBox::fromKeyLines(std::string_view text) {
    SecretBox box;
    int lineNumber = 0;
    while (!text.empty()) {
        const auto nl = text.find('\n');
        std::string line = trimmed(text.substr(0, nl));
        text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
        ++lineNumber;
        if (const auto hash = line.find('#'); hash != std::string::npos) {
            line = trimmed(line.substr(0, hash));
        }
        if (line.empty()) {
            continue;
        }
        Key key;
        const auto bytes = line.size() == 64 ? hexDecode(line) : std::nullopt;
        if (!bytes) {
            throw std::runtime_error("line " + std::to_string(lineNumber) +
                                     " is not a key: 64 hex digits (32 random bytes, as "
                                     "`openssl rand -hex 32` makes) expected");
        }
        std::copy(bytes->begin(), bytes->end(), key.bytes.begin());
        key.id = sha256Hex(*bytes).substr(0, 8);
        box.keys_.push_back(key);
    }
    if (box.keys_.empty()) {
        throw std::runtime_error("it holds no key");
    }
    return box;
}

SecretBox SecretBox::fromFile(const std::string& path) {
    std::ifstream file(path);
    if (!file) {
        throw std::runtime_error("cannot read the TOTP key file '" + path + "'");
    }
    std::stringstream text;
    text << file.rdbuf();
    try {
        return fromKeyLines(text.str());
    } catch (const std::runtime_error& e) {
        throw std::runtime_error("TOTP key file '" + path + "': " + e.what());
    }
}

std::string SecretBox::currentKeyId() const {
    return keys_.empty() ? std::string() : keys_.front().id;
}

bool SecretBox::isSealed(std::string_view stored) {
    return stored.starts_with(std::string(kVersion) + ":");
}

bool SecretBox::isCurrent(std::string_view stored) const {
    return hasKey() && stored.starts_with(std::string(kVersion) + ":" + keys_.front().id + ":");
}

std::string SecretBox::seal(std::string_view secret, std::string_view context) const {
    if (keys_.empty()) {
        return std::string(secret);
    }
    const Key& key = keys_.front();
    const std::string nonce = randomBytes(kNonceBytes);
    std::string out(secret.size() + kTagBytes, '\0');
    Cipher ctx(EVP_CIPHER_CTX_new());
    int n = 0;
    int total = 0;
    auto* o = reinterpret_cast<unsigned char*>(out.data());
    if (!ctx ||
        EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, key.bytes.data(),
                           reinterpret_cast<const unsigned char*>(nonce.data())) != 1 ||
        EVP_EncryptUpdate(ctx.get(), nullptr, &n,
                          reinterpret_cast<const unsigned char*>(context.data()),
                          static_cast<int>(context.size())) != 1 ||
        EVP_EncryptUpdate(ctx.get(), o, &n, reinterpret_cast<const unsigned char*>(secret.data()),
                          static_cast<int>(secret.size())) != 1) {
        throw std::runtime_error("AES-256-GCM encryption failed");
    }
    total = n;
    if (EVP_EncryptFinal_ex(ctx.get(), o + total, &n) != 1 ||
        EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, kTagBytes, o + total + n) != 1) {
        throw std::runtime_error("AES-256-GCM encryption failed");
    }
    total += n;
    out.resize(static_cast<std::size_t>(total) + kTagBytes);
    return std::string(kVersion) + ":" + key.id + ":" + base64Encode(nonce + out);
}

std::optional<std::string> SecretBox::open(std::string_view stored,
                                           std::string_view context) const {
    if (!isSealed(stored)) {
        return std::string(stored);  // from before there was a key
    }
    stored.remove_prefix(kVersion.size() + 1);
    const auto colon = stored.find(':');
    if (colon == std::string_view::npos) {
        return std::nullopt;
    }
    const auto id = stored.substr(0, colon);
    const Key* key = nullptr;
    for (const auto& k : keys_) {
        if (k.id == id) {
            key = &k;
        }
    }
    std::string raw;
    if (!key || !base64Decode(stored.substr(colon + 1), &raw) ||
        raw.size() < kNonceBytes + kTagBytes) {
        return std::nullopt;
    }
    const auto* bytes = reinterpret_cast<const unsigned char*>(raw.data());
    const std::size_t length = raw.size() - kNonceBytes - kTagBytes;
    std::string out(length, '\0');
    Cipher ctx(EVP_CIPHER_CTX_new());
    int n = 0;
    auto* o = reinterpret_cast<unsigned char*>(out.data());
    std::array<unsigned char, kTagBytes> tag{};
    std::copy(bytes + kNonceBytes + length, bytes + raw.size(), tag.begin());
    if (!ctx ||
        EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, key->bytes.data(), bytes) != 1 ||
        EVP_DecryptUpdate(ctx.get(), nullptr, &n,
                          reinterpret_cast<const unsigned char*>(context.data()),
                          static_cast<int>(context.size())) != 1 ||
        EVP_DecryptUpdate(ctx.get(), o, &n, bytes + kNonceBytes, static_cast<int>(length)) != 1 ||
        EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, kTagBytes, tag.data()) != 1) {
        return std::nullopt;
    }
    int last = 0;
    if (EVP_DecryptFinal_ex(ctx.get(), o + n, &last) != 1) {
        return std::nullopt;  // altered, or not this context
    }
    out.resize(static_cast<std::size_t>(n + last));
    return out;
}

std::string totpContext(long long userId) {
    return "opsdesk:totp:user:" + std::to_string(userId);
}

}  // namespace opsdesk::server::auth
