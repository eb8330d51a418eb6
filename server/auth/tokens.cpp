#include "auth/tokens.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <stdexcept>

#include "core/base64.h"
#include "core/hash.h"

namespace opsdesk::server::auth {

std::string randomBytes(std::size_t n) {
    std::string out(n, '\0');
    if (RAND_bytes(reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(n)) != 1) {
        throw std::runtime_error("the random number generator failed");
    }
    return out;
}

std::string newSessionToken() {
    return base64UrlEncode(randomBytes(32));
}

std::string tokenHash(std::string_view token) {
    return sha256Hex(token);
}

bool constantTimeEquals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) {
        return false;
    }
    return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace opsdesk::server::auth
