// Product images: uploaded as the request body, checked by their bytes, decoded once on the
// image threads (never on a database thread), kept with their thumbnail, and served with
// caching headers (an image never changes: a new one is a new id).

#include <pqxx/pqxx>

#include "app/server_app.h"
#include "audit/audit.h"
#include "catalog/catalog_internal.h"
#include "catalog/image_codec.h"
#include "core/api_error.h"
#include "core/hash.h"

namespace opsdesk::server::catalog {

namespace {

constexpr int kThumbnailSize = 256;
constexpr int kMaxImagesPerProduct = 50;

std::string_view typeName(ImageType type) {
    switch (type) {
        case ImageType::Jpeg:
            return "JPEG";
        case ImageType::Png:
            return "PNG";
        case ImageType::Webp:
            return "WebP";
    }
    return "image";
}

// The decoded image into the product's images, with its audit row and product.updated.
http::Response storeImage(api::Call& call, std::int64_t productId, ImageType type,
                          const DecodeResult& decoded) {
    if (decoded.refused) {
        const auto& r = *decoded.refused;
        if (r.reason == ImageRefused::Reason::TooManyPixels) {
            const auto max = call.app.config().imageMaxPixels;
            throw ApiError(
                protocol::ErrorCode::ValidationFailed, "The image has too many pixels",
                {{"image", "is " + std::to_string(r.width) + " × " + std::to_string(r.height) +
                               " pixels; at most " + std::to_string(max) + " pixels in all"}},
                {{"width", r.width}, {"height", r.height}, {"max_pixels", max}});
        }
        throw validationFailed(
            {{"image", "cannot be read as a " + std::string(typeName(type)) + " image"}},
            "The image is damaged or incomplete");
    }
    const auto& image = *decoded.image;
    const auto& bytes = call.request.body;
    pqxx::work tx(call.db);
    const auto count = tx.exec_params(
        "SELECT (SELECT count(*) FROM product_images WHERE product_id = p.id) "
        "FROM products p WHERE p.id = $1 FOR SHARE",
        productId);
    if (count.empty()) {
        throw notFound("No such product");
    }
    if (count[0][0].as<int>() >= kMaxImagesPerProduct) {
        throw validationFailed({{"image", "a product has at most 50 images"}});
    }
    const auto row = tx.exec_params1(
        "INSERT INTO product_images (product_id, position, content_type, width, height, bytes, "
        "thumbnail, thumbnail_type, sha256, created_by) "
        "VALUES ($1, (SELECT coalesce(max(position) + 1, 0) FROM product_images "
        "  WHERE product_id = $1), $2, $3, $4, $5, $6, $7, $8, $9) "
        "RETURNING json_build_object('id', id, 'url', '/api/v1/images/' || id, "
        "'thumbnail_url', '/api/v1/images/' || id || '/thumbnail', 'width', width, "
        "'height', height)::text, id",
        productId, std::string(mimeType(type)), image.width, image.height,
        pqxx::binarystring(bytes.data(), bytes.size()),
        pqxx::binarystring(image.thumbnail.data(), image.thumbnail.size()), image.thumbnailType,
        sha256Hex(bytes), call.user().userId);
    audit::record(tx, call,
                  {"product.image_add",
                   "product",
                   std::to_string(productId),
                   nullptr,
                   {{"image_id", row[1].as<std::int64_t>()},
                    {"content_type", mimeType(type)},
                    {"width", image.width},
                    {"height", image.height},
                    {"bytes", bytes.size()}}});
    publishProducts(tx, {productId}, &call.user());
    tx.commit();
    return http::Response::json(201, row[0].as<std::string>());
}

// Whether If-None-Match names this ETag ("a", W/"a", a list, or *).
bool notModified(const http::Request& request, const std::string& etag) {
    const auto header = request.headers.get("If-None-Match");
    if (!header) {
        return false;
    }
    std::string_view rest = *header;
    while (!rest.empty()) {
        const auto comma = rest.find(',');
        std::string_view tag = rest.substr(0, comma);
        rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
        while (!tag.empty() && tag.front() == ' ') {
            tag.remove_prefix(1);
        }
        while (!tag.empty() && tag.back() == ' ') {
            tag.remove_suffix(1);
        }
        if (tag.starts_with("W/")) {
            tag.remove_prefix(2);
        }
        if (tag == "*" || tag == etag) {
            return true;
        }
    }
    return false;
}

// An image's bytes (or its thumbnail's), cached by the client for good: they never change.
http::Response serveImage(api::Call& call, bool thumbnail) {
    const auto id = call.idParam("id");
    pqxx::read_transaction tx(call.db);
    const auto meta = tx.exec_params(std::string("SELECT sha256, ") +
                                         (thumbnail ? "thumbnail_type" : "content_type") +
                                         " FROM product_images WHERE id = $1",
                                     id);
    if (meta.empty()) {
        throw notFound("No such image");
    }
    // The thumbnail is other bytes than the image: another tag.
    const std::string etag =
        "\"" + meta[0][0].as<std::string>() + (thumbnail ? "-thumbnail" : "") + "\"";
    http::Response r;
    r.headers.set("ETag", etag);
    r.headers.set("Cache-Control", "private, max-age=31536000, immutable");
    if (notModified(call.request, etag)) {
        r.status = 304;
        return r;
    }
    const auto data = tx.exec_params1(std::string("SELECT ") + (thumbnail ? "thumbnail" : "bytes") +
                                          " FROM product_images WHERE id = $1",
                                      id);
    r.status = 200;
    r.headers.set("Content-Type", meta[0][1].as<std::string>());
    r.headers.set("X-Content-Type-Options", "nosniff");
    r.body = pqxx::binarystring(data[0]).str();
    return r;
}

}  // namespace

http::Response uploadImage(api::Call& call) {
    const auto id = call.idParam("id");
    {
        pqxx::read_transaction tx(call.db);
        if (tx.exec_params("SELECT 1 FROM products WHERE id = $1", id).empty()) {
            throw notFound("No such product");
        }
    }
    // What it is, by its bytes: a name or a Content-Type says nothing.
    const auto type = sniffImage(call.request.body);
    if (!type) {
        throw ApiError(protocol::ErrorCode::UnsupportedMediaType,
                       "Send the image itself as the body: a JPEG, PNG or WebP image");
    }
    auto decoded = std::make_shared<DecodeResult>();
    // The body lives until the sequel has run (Call::afterWork).
    const std::string_view bytes = call.request.body;
    const auto maxPixels = call.app.config().imageMaxPixels;
    return call.afterWork(
        call.app.imagePool(),
        [decoded, bytes, type = *type, maxPixels] {
            *decoded = decodeImage(bytes, type, maxPixels, kThumbnailSize);
        },
        [decoded, id, type = *type](api::Call& c) { return storeImage(c, id, type, *decoded); });
}

http::Response getImage(api::Call& call) {
    return serveImage(call, false);
}

http::Response getThumbnail(api::Call& call) {
    return serveImage(call, true);
}

}  // namespace opsdesk::server::catalog
