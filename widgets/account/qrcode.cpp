#include "widgets/account/qrcode.h"

#include <qrencode.h>

#include <QPainter>
#include <memory>

namespace opsdesk::widgets {

QImage renderQrCode(const QByteArray& text, int moduleSize) {
    constexpr int kQuietZone = 4;
    std::unique_ptr<QRcode, decltype(&QRcode_free)> code(
        QRcode_encodeString8bit(text.constData(), 0, QR_ECLEVEL_M), &QRcode_free);
    if (!code || moduleSize <= 0) {
        return {};
    }
    const int width = code->width;
    const int side = (width + 2 * kQuietZone) * moduleSize;
    QImage image(side, side, QImage::Format_RGB32);
    image.fill(Qt::white);
    QPainter painter(&image);
    painter.setPen(Qt::NoPen);
    painter.setBrush(Qt::black);
    for (int y = 0; y < width; ++y) {
        for (int x = 0; x < width; ++x) {
            // Bit 0 of each byte: the module is dark.
            if (code->data[y * width + x] & 1) {
                painter.drawRect((x + kQuietZone) * moduleSize, (y + kQuietZone) * moduleSize,
                                 moduleSize, moduleSize);
            }
        }
    }
    return image;
}

}  // namespace opsdesk::widgets
