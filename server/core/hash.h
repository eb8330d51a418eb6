#pragma once

#include <optional>
#include <string>
#include <string_view>

// Digests and their hex text, for whatever the server keeps a fingerprint of: session tokens,
// idempotent requests, storefront orders, migrations, sealing keys.
namespace opsdesk::server {

std::string sha256(std::string_view data);     // the 32 raw bytes
std::string sha256Hex(std::string_view data);  // the same as 64 lowercase hex digits

std::string hexEncode(std::string_view bytes);  // lowercase
// Pairs of hex digits (either case) back to bytes; nullopt when anything else is in the text.
std::optional<std::string> hexDecode(std::string_view text);

}  // namespace opsdesk::server
