#include "fakehttpserver.h"

namespace opsdesk::test {

FakeHttpServer::FakeHttpServer(QObject* parent) : QObject(parent) {
    handler_ = [](const Request&) { return Response::json(200, "{}"); };
    connect(&server_, &QTcpServer::newConnection, this, [this] {
        while (QTcpSocket* socket = server_.nextPendingConnection()) {
            connect(socket, &QTcpSocket::readyRead, this, [this, socket] { onReadyRead(socket); });
            connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
            connect(socket, &QObject::destroyed, this, [this, socket] { buffers_.remove(socket); });
        }
    });
}

FakeHttpServer::~FakeHttpServer() {
    // The sockets are the QTcpServer's children and outlive the members they report to.
    server_.close();
    for (QTcpSocket* socket : server_.findChildren<QTcpSocket*>()) {
        socket->disconnect(this);
    }
}

bool FakeHttpServer::listen() {
    return server_.listen(QHostAddress::LocalHost, 0);
}

QUrl FakeHttpServer::baseUrl() const {
    return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(server_.serverPort()));
}

void FakeHttpServer::onReadyRead(QTcpSocket* socket) {
    QByteArray& buffer = buffers_[socket];
    buffer += socket->readAll();
    for (;;) {
        const qsizetype headerEnd = buffer.indexOf("\r\n\r\n");
        if (headerEnd < 0) {
            return;
        }
        Request request;
        const QList<QByteArray> lines = buffer.left(headerEnd).split('\n');
        const QList<QByteArray> requestLine = lines.value(0).trimmed().split(' ');
        request.method = requestLine.value(0);
        request.path = requestLine.value(1);
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const qsizetype colon = lines[i].indexOf(':');
            if (colon > 0) {
                request.headers.insert(lines[i].left(colon).trimmed().toLower(),
                                       lines[i].mid(colon + 1).trimmed());
            }
        }
        const qsizetype length = request.header("content-length").toLongLong();
        if (buffer.size() < headerEnd + 4 + length) {
            return;
        }
        request.body = buffer.mid(headerEnd + 4, length);
        buffer.remove(0, headerEnd + 4 + length);
        requests_.append(request);
        if (holdUntil_ > 0) {
            held_.append({socket, request});
            if (held_.size() >= holdUntil_) {
                holdUntil_ = 0;
                const auto held = std::exchange(held_, {});
                for (const Pending& p : held) {
                    if (p.socket) {
                        answer(p.socket, p.request);
                    }
                }
            }
            continue;
        }
        answer(socket, request);
    }
}

void FakeHttpServer::answer(QTcpSocket* socket, const Request& request) {
    const Response response = handler_(request);
    if (response.silent) {
        return;
    }
    QByteArray out = "HTTP/1.1 " + QByteArray::number(response.status) + " Scripted\r\n";
    for (const auto& [name, value] : response.headers) {
        out += name + ": " + value + "\r\n";
    }
    out += "Content-Length: " + QByteArray::number(response.body.size()) + "\r\n";
    out += "Connection: close\r\n\r\n";
    out += response.cutAfter >= 0 ? response.body.left(response.cutAfter) : response.body;
    socket->write(out);
    socket->disconnectFromHost();
}

}  // namespace opsdesk::test
