#pragma once

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QUrl>
#include <functional>

namespace opsdesk::test {

// A scripted HTTP/1.1 server on a loopback port, for the cases a real server cannot be made to
// produce on demand (503 then 200, a 429 with Retry-After, silence, many 401s at once).
class FakeHttpServer : public QObject {
    Q_OBJECT

public:
    struct Request {
        QByteArray method;
        QByteArray path;                        // with the query
        QHash<QByteArray, QByteArray> headers;  // names lower-cased
        QByteArray body;
        QByteArray header(const QByteArray& name) const { return headers.value(name.toLower()); }
    };
    struct Response {
        int status = 200;
        QByteArray body;
        QList<std::pair<QByteArray, QByteArray>> headers;
        bool silent = false;  // never answer (for timeouts)
        // Send only this many bytes of the body, then close: an answer cut off midway (its
        // Content-Length still promises the whole body). Negative: the whole body.
        qint64 cutAfter = -1;

        static Response json(int status, const QByteArray& body) {
            return {status, body, {{"Content-Type", "application/json"}}, false, -1};
        }
        static Response error(int status, const QByteArray& code, const QByteArray& extra = {}) {
            return json(status, "{\"error\":{\"code\":\"" + code + "\",\"message\":\"" + code +
                                    "\"" + extra + "}}");
        }
    };
    using Handler = std::function<Response(const Request&)>;

    explicit FakeHttpServer(QObject* parent = nullptr);
    ~FakeHttpServer() override;
    bool listen();
    QUrl baseUrl() const;

    void setHandler(Handler handler) { handler_ = std::move(handler); }
    // Hold answers until this many requests have arrived, then answer them all: proves that
    // the requests were in flight at the same time.
    void holdUntil(int count) { holdUntil_ = count; }

    const QList<Request>& requests() const { return requests_; }
    int requestCount() const { return int(requests_.size()); }

private:
    struct Pending {
        QPointer<QTcpSocket> socket;
        Request request;
    };
    void onReadyRead(QTcpSocket* socket);
    void answer(QTcpSocket* socket, const Request& request);

    QTcpServer server_;
    Handler handler_;
    QHash<QTcpSocket*, QByteArray> buffers_;
    QList<Request> requests_;
    QList<Pending> held_;
    int holdUntil_ = 0;
};

}  // namespace opsdesk::test
