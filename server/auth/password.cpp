#include "auth/password.h"

#include <openssl/core_names.h>
#include <openssl/kdf.h>
#include <openssl/params.h>

#include <charconv>
#include <memory>
#include <stdexcept>
#include <unordered_set>

#include "auth/tokens.h"
#include "core/base64.h"

namespace opsdesk::server::auth {

std::string_view commonPasswordsText();  // generated from server/data/common-passwords.txt

namespace {

constexpr std::size_t kSaltBytes = 16;
constexpr std::size_t kKeyBytes = 32;

std::string derive(std::string_view password, std::string_view salt, const ScryptParams& p,
                   std::size_t keyBytes) {
    std::unique_ptr<EVP_KDF, decltype(&EVP_KDF_free)> kdf(EVP_KDF_fetch(nullptr, "SCRYPT", nullptr),
                                                          &EVP_KDF_free);
    if (!kdf) {
        throw std::runtime_error("OpenSSL has no scrypt KDF");
    }
    std::unique_ptr<EVP_KDF_CTX, decltype(&EVP_KDF_CTX_free)> ctx(EVP_KDF_CTX_new(kdf.get()),
                                                                  &EVP_KDF_CTX_free);
    uint64_t n = uint64_t{1} << p.log2N;
    uint32_t r = static_cast<uint32_t>(p.r);
    uint32_t par = static_cast<uint32_t>(p.p);
    // Room for the 128·r·N working set plus OpenSSL's own bookkeeping.
    uint64_t maxmem = 128 * n * r * par + 64 * 1024 * 1024;
    OSSL_PARAM params[] = {
        OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_PASSWORD,
                                          const_cast<char*>(password.data()), password.size()),
        OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT, const_cast<char*>(salt.data()),
                                          salt.size()),
        OSSL_PARAM_construct_uint64(OSSL_KDF_PARAM_SCRYPT_N, &n),
        OSSL_PARAM_construct_uint32(OSSL_KDF_PARAM_SCRYPT_R, &r),
        OSSL_PARAM_construct_uint32(OSSL_KDF_PARAM_SCRYPT_P, &par),
        OSSL_PARAM_construct_uint64(OSSL_KDF_PARAM_SCRYPT_MAXMEM, &maxmem),
        OSSL_PARAM_construct_end(),
    };
    std::string key(keyBytes, '\0');
    if (!ctx || EVP_KDF_derive(ctx.get(), reinterpret_cast<unsigned char*>(key.data()), keyBytes,
                               params) != 1) {
        throw std::runtime_error("scrypt derivation failed");
    }
    return key;
}

struct Parsed {
    ScryptParams params;
    std::string salt;
    std::string key;
};

bool parseInt(std::string_view s, int* out) {
    auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
    return ec == std::errc{} && ptr == s.data() + s.size();
}

std::optional<Parsed> parse(std::string_view stored) {
    // $scrypt$ln=17,r=8,p=1$salt$key
    constexpr std::string_view prefix = "$scrypt$";
    if (!stored.starts_with(prefix)) {
        return std::nullopt;
    }
    stored.remove_prefix(prefix.size());
    const auto d1 = stored.find('$');
    if (d1 == std::string_view::npos) {
        return std::nullopt;
    }
    const auto d2 = stored.find('$', d1 + 1);
    if (d2 == std::string_view::npos) {
        return std::nullopt;
    }
    Parsed out;
    std::string_view params = stored.substr(0, d1);
    int seen = 0;
    while (!params.empty()) {
        const auto comma = params.find(',');
        const std::string_view item = params.substr(0, comma);
        params = comma == std::string_view::npos ? std::string_view{} : params.substr(comma + 1);
        const auto eq = item.find('=');
        if (eq == std::string_view::npos) {
            return std::nullopt;
        }
        const auto key = item.substr(0, eq);
        int value = 0;
        if (!parseInt(item.substr(eq + 1), &value)) {
            return std::nullopt;
        }
        if (key == "ln" && value >= 1 && value <= 30) {
            out.params.log2N = value;
        } else if (key == "r" && value >= 1 && value <= 64) {
            out.params.r = value;
        } else if (key == "p" && value >= 1 && value <= 16) {
            out.params.p = value;
        } else {
            return std::nullopt;
        }
        ++seen;
    }
    if (seen != 3 || !base64Decode(stored.substr(d1 + 1, d2 - d1 - 1), &out.salt) ||
        !base64Decode(stored.substr(d2 + 1), &out.key) || out.salt.empty() || out.key.empty()) {
        return std::nullopt;
    }
    return out;
}

}  // namespace

std::string hashPassword(std::string_view password, const ScryptParams& params) {
    const std::string salt = randomBytes(kSaltBytes);
    const std::string key = derive(password, salt, params, kKeyBytes);
    return "$scrypt$ln=" + std::to_string(params.log2N) + ",r=" + std::to_string(params.r) +
           ",p=" + std::to_string(params.p) + "$" + base64Encode(salt) + "$" + base64Encode(key);
}

bool verifyPassword(std::string_view password, std::string_view stored) {
    const auto parsed = parse(stored);
    if (!parsed) {
        return false;
    }
    const std::string key = derive(password, parsed->salt, parsed->params, parsed->key.size());
    return constantTimeEquals(key, parsed->key);
}

std::optional<ScryptParams> storedParams(std::string_view stored) {
    const auto parsed = parse(stored);
    if (!parsed) {
        return std::nullopt;
    }
    return parsed->params;
}

std::optional<std::string> passwordPolicyViolation(std::string_view password) {
    std::size_t codePoints = 0;
    for (unsigned char c : password) {
        if ((c & 0xC0) != 0x80) {
            ++codePoints;
        }
    }
    if (codePoints < kMinPasswordLength) {
        return "Password must be at least " + std::to_string(kMinPasswordLength) + " characters";
    }
    if (codePoints > kMaxPasswordLength) {
        return "Password must be at most " + std::to_string(kMaxPasswordLength) + " characters";
    }
    if (isCommonPassword(password)) {
        return "This password is one of the most common ones; choose another";
    }
    return std::nullopt;
}

bool isCommonPassword(std::string_view password) {
    static const std::unordered_set<std::string_view> common = [] {
        std::unordered_set<std::string_view> set;
        std::string_view text = commonPasswordsText();
        while (!text.empty()) {
            const auto nl = text.find('\n');
            const auto line = text.substr(0, nl);
            if (!line.empty()) {
                set.insert(line);
            }
            text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
        }
        return set;
    }();
    std::string lower(password);
    for (char& c : lower) {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return common.contains(lower);
}

}  // namespace opsdesk::server::auth
