#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace opsdesk::server::auth {

// scrypt through OpenSSL's KDF. The stored form carries its parameters, so the cost can be raised
// later and old hashes still verify:  $scrypt$ln=17,r=8,p=1$<salt base64>$<hash base64>
struct ScryptParams {
    int log2N = 17;  // N = 2^17 → 128 * r * N = 128 MiB of memory per hash
    int r = 8;
    int p = 1;
};

inline constexpr std::size_t kMinPasswordLength = 10;
inline constexpr std::size_t kMaxPasswordLength = 128;

std::string hashPassword(std::string_view password, const ScryptParams& params);

// Constant-time comparison of the derived key. False for a malformed stored hash.
bool verifyPassword(std::string_view password, std::string_view stored);

// The parameters a stored hash was made with, to notice hashes that need upgrading.
std::optional<ScryptParams> storedParams(std::string_view stored);

// The password policy: 10 to 128 characters (Unicode code points), and not one of the 30,000
// most common passwords (server/data/common-passwords.txt, compared case-insensitively).
// Returns an English reason when the password is refused.
std::optional<std::string> passwordPolicyViolation(std::string_view password);

bool isCommonPassword(std::string_view password);

}  // namespace opsdesk::server::auth
