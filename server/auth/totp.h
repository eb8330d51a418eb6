#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace opsdesk::server::auth {

// Time-based one-time passwords, RFC 6238: HMAC-SHA1, 30-second steps, 6 digits, and a code of
// the step before or after is accepted too (clock drift).
inline constexpr int kTotpStepSeconds = 30;
inline constexpr int kTotpDigits = 6;
inline constexpr std::size_t kTotpSecretBytes = 20;  // 160 bits

std::string newTotpSecret();  // 160 random bits from the CSPRNG, base32 (32 characters)

std::string base32Encode(std::string_view bytes);                // RFC 4648, no padding
std::optional<std::string> base32Decode(std::string_view text);  // case-insensitive, '=' ok

// The code for one time step (HOTP of RFC 4226 with counter = step), `digits` long.
std::string totpCode(std::string_view secretBytes, std::int64_t step, int digits = kTotpDigits);

std::int64_t totpStep(std::int64_t unixSeconds);

// The step whose code matches within ±1 step of now, and is later than `lastUsedStep` (a code
// is good once only). nullopt when none does.
std::optional<std::int64_t> verifyTotp(std::string_view secretBase32, std::string_view code,
                                       std::int64_t unixSeconds,
                                       std::optional<std::int64_t> lastUsedStep);

// otpauth://totp/OpsDesk:alice?secret=...&issuer=OpsDesk&algorithm=SHA1&digits=6&period=30
std::string otpauthUri(std::string_view issuer, std::string_view account,
                       std::string_view secretBase32);

}  // namespace opsdesk::server::auth
