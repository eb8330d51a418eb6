#pragma once

#include <string>
#include <string_view>

// Base64 (RFC 4648) for what the server writes as text: password hashes, sealed secrets, session
// tokens and list cursors.
namespace opsdesk::server {

std::string base64Encode(std::string_view data);             // standard alphabet, padded
std::string base64UrlEncode(std::string_view data);          // URL alphabet, unpadded
bool base64Decode(std::string_view text, std::string* out);  // standard alphabet, padded
bool base64UrlDecode(std::string text, std::string* out);    // URL alphabet, padded or not

}  // namespace opsdesk::server
