#include "catalog/image_codec.h"

#include <vips/vips.h>

#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>

#include "core/log.h"

namespace opsdesk::server::catalog {

namespace {

// libvips' own cache of operations: a few, as images are decoded once each.
constexpr int kCacheOperations = 16;
constexpr std::size_t kCacheBytes = 16 * 1024 * 1024;

// libvips reports through GLib's log; its lines join ours as JSON (never with image bytes).
void logFromVips(const gchar* /*domain*/, GLogLevelFlags level, const gchar* message,
                 gpointer /*data*/) {
    if (level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL)) {
        log::error("libvips", {{"message", message ? message : ""}});
    } else {
        log::warn("libvips", {{"message", message ? message : ""}});
    }
}

struct Unref {
    void operator()(VipsImage* image) const { g_object_unref(image); }
};
using Image = std::unique_ptr<VipsImage, Unref>;

struct GFree {
    void operator()(void* p) const { g_free(p); }
};

// libvips keeps its last error in a buffer of its own: for the log, and cleared for the next.
std::string takeVipsError() {
    std::string message = vips_error_buffer();
    vips_error_clear();
    return message;
}

// The header only: libvips reads pixels lazily, so nothing is decoded yet.
Image openHeader(std::string_view bytes, ImageType type) {
    void* data = const_cast<char*>(bytes.data());
    VipsImage* out = nullptr;
    int rc = -1;
    switch (type) {
        case ImageType::Jpeg:
            rc = vips_jpegload_buffer(data, bytes.size(), &out, "access", VIPS_ACCESS_SEQUENTIAL,
                                      "fail_on", VIPS_FAIL_ON_ERROR, nullptr);
            break;
        case ImageType::Png:
            rc = vips_pngload_buffer(data, bytes.size(), &out, "access", VIPS_ACCESS_SEQUENTIAL,
                                     "fail_on", VIPS_FAIL_ON_ERROR, nullptr);
            break;
        case ImageType::Webp:
            rc = vips_webpload_buffer(data, bytes.size(), &out, "access", VIPS_ACCESS_SEQUENTIAL,
                                      "fail_on", VIPS_FAIL_ON_ERROR, nullptr);
            break;
    }
    return Image(rc == 0 ? out : nullptr);
}

// Runs the pipeline, and with it the decoding, to the end: nullopt when anything in it fails.
std::optional<std::string> saveThumbnail(VipsImage* thumbnail, bool alpha) {
    void* buffer = nullptr;
    std::size_t length = 0;
    const int rc =
        alpha ? vips_pngsave_buffer(thumbnail, &buffer, &length, "compression", 6, "strip", TRUE,
                                    nullptr)
              : vips_jpegsave_buffer(thumbnail, &buffer, &length, "Q", 82, "strip", TRUE, nullptr);
    const std::unique_ptr<void, GFree> owned(buffer);
    if (rc != 0 || !buffer || length == 0) {
        return std::nullopt;
    }
    return std::string(static_cast<const char*>(buffer), length);
}

}  // namespace

void startImageCodec() {
    static std::once_flag once;
    std::call_once(once, [] {
        if (vips_init("opsdesk-server") != 0) {
            throw std::runtime_error("libvips cannot start: " + takeVipsError());
        }
        g_log_set_handler("VIPS",
                          static_cast<GLogLevelFlags>(G_LOG_LEVEL_WARNING | G_LOG_LEVEL_CRITICAL |
                                                      G_LOG_LEVEL_ERROR | G_LOG_FLAG_FATAL |
                                                      G_LOG_FLAG_RECURSION),
                          logFromVips, nullptr);
        // Images are decoded on the server's own image threads, one pipeline each.
        vips_concurrency_set(1);
        vips_cache_set_max(kCacheOperations);
        vips_cache_set_max_mem(kCacheBytes);
        // Uploads are strangers' bytes: no loader libvips marks untrusted, and none but the
        // three formats the catalog takes, whatever a file claims to be.
        vips_block_untrusted_set(TRUE);
        vips_operation_block_set("VipsForeignLoad", TRUE);
        vips_operation_block_set("VipsForeignLoadJpeg", FALSE);
        vips_operation_block_set("VipsForeignLoadPng", FALSE);
        vips_operation_block_set("VipsForeignLoadWebp", FALSE);
    });
}

std::optional<ImageType> sniffImage(std::string_view b) {
    if (b.size() >= 3 && b.substr(0, 3) == "\xFF\xD8\xFF") {
        return ImageType::Jpeg;
    }
    if (b.size() >= 8 && b.substr(0, 8) == "\x89PNG\r\n\x1A\n") {
        return ImageType::Png;
    }
    if (b.size() >= 12 && b.substr(0, 4) == "RIFF" && b.substr(8, 4) == "WEBP") {
        return ImageType::Webp;
    }
    return std::nullopt;
}

std::string_view mimeType(ImageType type) {
    switch (type) {
        case ImageType::Jpeg:
            return "image/jpeg";
        case ImageType::Png:
            return "image/png";
        case ImageType::Webp:
            return "image/webp";
    }
    return "application/octet-stream";
}

DecodeResult decodeImage(std::string_view bytes, ImageType type, std::int64_t maxPixels,
                         int thumbnailSize) {
    startImageCodec();
    const Image header = openHeader(bytes, type);
    if (!header) {
        log::info("image refused: header unreadable", {{"why", takeVipsError()}});
        return {std::nullopt, ImageRefused{ImageRefused::Reason::Unreadable}};
    }
    const std::int64_t width = vips_image_get_width(header.get());
    const std::int64_t height = vips_image_get_height(header.get());
    if (width <= 0 || height <= 0 || width * height > maxPixels) {
        return {std::nullopt, ImageRefused{ImageRefused::Reason::TooManyPixels, width, height}};
    }
    // Decoded in full now, strip by strip (sequential access keeps memory small), into the
    // thumbnail; any decoding error fails it. The loader shrinks while it decodes where the
    // format lets it (JPEG, WebP), and still reads every byte.
    VipsImage* out = nullptr;
    const int rc = vips_thumbnail_buffer(const_cast<char*>(bytes.data()), bytes.size(), &out,
                                         thumbnailSize, "height", thumbnailSize, "size",
                                         VIPS_SIZE_DOWN, "option_string", "fail_on=error", nullptr);
    const Image thumbnail(rc == 0 ? out : nullptr);
    if (!thumbnail) {
        log::info("image refused: cannot be decoded", {{"why", takeVipsError()}});
        return {std::nullopt, ImageRefused{ImageRefused::Reason::Unreadable, width, height}};
    }
    const bool alpha = vips_image_hasalpha(thumbnail.get());
    auto encoded = saveThumbnail(thumbnail.get(), alpha);
    if (!encoded) {
        log::info("image refused: cannot be decoded", {{"why", takeVipsError()}});
        return {std::nullopt, ImageRefused{ImageRefused::Reason::Unreadable, width, height}};
    }
    DecodedImage image{
        type, static_cast<int>(width), static_cast<int>(height), std::move(*encoded), {}};
    image.thumbnailType = alpha ? "image/png" : "image/jpeg";
    return {std::move(image), std::nullopt};
}

}  // namespace opsdesk::server::catalog
