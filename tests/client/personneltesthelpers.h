#pragma once

// Shared by the personnel suites (client and GUI): waiting for one request, and the
// two-factor code an authenticator app would show (RFC 6238: HMAC-SHA1, 30 s, 6 digits).
#include <QDateTime>
#include <QMessageAuthenticationCode>
#include <QSignalSpy>
#include <QtEndian>
#include <memory>

#include "services-client/api/apirequest.h"

namespace opsdesk::test {

// Runs a request to its end and hands it over (it no longer deletes itself).
template <typename Request>
std::unique_ptr<Request> finish(Request* request, int timeoutMs = 20000) {
    request->setAutoDelete(false);
    if (!request->isDone()) {
        QSignalSpy done(request, &client::ApiRequest::finished);
        done.wait(timeoutMs);
    }
    return std::unique_ptr<Request>(request);
}

inline QByteArray base32Decode(const QString& text) {
    static const QByteArray alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    QByteArray out;
    quint32 buffer = 0;
    int bits = 0;
    for (QChar c : text.toUpper()) {
        const int v = alphabet.indexOf(char(c.toLatin1()));
        if (v < 0) {
            continue;  // spaces, padding
        }
        buffer = (buffer << 5) | quint32(v);
        bits += 5;
        if (bits >= 8) {
            out.append(char((buffer >> (bits - 8)) & 0xff));
            bits -= 8;
        }
    }
    return out;
}

// The code for the 30-second step `stepOffset` steps from now.
inline QString totpCode(const QString& secretBase32, int stepOffset = 0) {
    const quint64 step = quint64(QDateTime::currentSecsSinceEpoch() / 30 + stepOffset);
    QByteArray counter(8, '\0');
    qToBigEndian(step, counter.data());
    const QByteArray mac = QMessageAuthenticationCode::hash(counter, base32Decode(secretBase32),
                                                            QCryptographicHash::Sha1);
    const int offset = mac.at(mac.size() - 1) & 0x0f;
    const quint32 binary = (quint32(uchar(mac[offset]) & 0x7f) << 24) |
                           (quint32(uchar(mac[offset + 1])) << 16) |
                           (quint32(uchar(mac[offset + 2])) << 8) | quint32(uchar(mac[offset + 3]));
    return QStringLiteral("%1").arg(binary % 1000000, 6, 10, QLatin1Char('0'));
}

}  // namespace opsdesk::test
