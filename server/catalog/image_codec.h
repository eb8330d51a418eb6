#pragma once

// Product images: what an upload is, by its bytes, and its thumbnail, by libvips. No database
// and no request here, so the decoding can be tested (and fuzzed) alone.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace opsdesk::server::catalog {

// Starts libvips once per process (further calls do nothing): one worker thread per pipeline,
// a small operation cache, and no loader but JPEG, PNG and WebP. Throws std::runtime_error
// when libvips cannot start.
void startImageCodec();

enum class ImageType { Jpeg, Png, Webp };

// What the bytes are, by their signature (never by a name or a Content-Type), or nullopt.
std::optional<ImageType> sniffImage(std::string_view bytes);
std::string_view mimeType(ImageType type);

struct DecodedImage {
    ImageType type;
    int width = 0;
    int height = 0;
    std::string thumbnail;      // JPEG, or PNG when the image has an alpha channel
    std::string thumbnailType;  // "image/jpeg" or "image/png"
};

// Why an image is refused.
struct ImageRefused {
    enum class Reason { TooManyPixels, Unreadable } reason;
    std::int64_t width = 0;  // as the header says, when it could be read
    std::int64_t height = 0;
};

// Reads the header and refuses an image of more than `maxPixels` before any pixel is decoded
// (a decompression bomb: a small file that says it is 100,000 × 100,000); then decodes all of it,
// failing on any decoding error, into a thumbnail that fits `thumbnailSize` × `thumbnailSize`.
// Returns the image, or why it is refused. Blocking and CPU-heavy: call it off the I/O and
// database threads. `bytes` must be of `type` (sniffImage).
struct DecodeResult {
    std::optional<DecodedImage> image;
    std::optional<ImageRefused> refused;
};
DecodeResult decodeImage(std::string_view bytes, ImageType type, std::int64_t maxPixels,
                         int thumbnailSize);

}  // namespace opsdesk::server::catalog
