#pragma once

#include <QByteArray>
#include <QImage>

namespace opsdesk::widgets {

// A QR code (libqrencode, error correction M) drawn as black modules on white, each module
// `moduleSize` pixels, with the standard four-module quiet zone. Null when the text does not
// fit in a QR code.
QImage renderQrCode(const QByteArray& text, int moduleSize = 6);

}  // namespace opsdesk::widgets
