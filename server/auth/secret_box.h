#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace opsdesk::server::auth {

// Secrets the server must read back but nobody else should (two-factor secrets), kept at rest
// encrypted with AES-256-GCM under a key from a file (--totp-key-file), never in the database.
//
// Sealed form: "v1:<key id>:<base64 of 12-byte nonce | ciphertext | 16-byte tag>", the key id
// being the first 8 hex digits of the key's SHA-256. Each secret is bound to where it belongs
// (`context`, authenticated with it): copied to another user's row it does not open.
//
// The key file holds one key per line as 64 hex digits (32 bytes); '#' starts a comment. The
// first key seals; the others only open, so that a key can be rotated (docs/DEPLOY.md).
class SecretBox {
public:
    SecretBox() = default;  // no key: seal() keeps the secret as it is (and the server says so)
    // Throws std::runtime_error saying what is wrong with the file.
    static SecretBox fromFile(const std::string& path);
    static SecretBox fromKeyLines(std::string_view text);  // the file's contents

    bool hasKey() const { return !keys_.empty(); }
    std::string currentKeyId() const;  // empty without a key

    std::string seal(std::string_view secret, std::string_view context) const;
    // The secret: a sealed one opened with the key it names, one stored before there was a key
    // as it is. nullopt when it was sealed with a key this server does not have, or altered.
    std::optional<std::string> open(std::string_view stored, std::string_view context) const;

    static bool isSealed(std::string_view stored);
    // Sealed with the current key: nothing to do at a rotation.
    bool isCurrent(std::string_view stored) const;

private:
    struct Key {
        std::string id;
        std::array<unsigned char, 32> bytes;
    };
    std::vector<Key> keys_;
};

// The context a user's two-factor secret is sealed in (its pending and its active secret alike).
std::string totpContext(long long userId);

}  // namespace opsdesk::server::auth
