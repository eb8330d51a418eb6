#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace opsdesk::server::auth {

// Random bytes from OpenSSL's CSPRNG; throws if it fails.
std::string randomBytes(std::size_t n);

// An opaque session token: 256 random bits, base64url without padding (43 characters).
std::string newSessionToken();

// What the database keeps of a token: SHA-256, hex.
std::string tokenHash(std::string_view token);

bool constantTimeEquals(std::string_view a, std::string_view b);

}  // namespace opsdesk::server::auth
