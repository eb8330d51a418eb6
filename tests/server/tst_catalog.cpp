// The catalog against the real server and PostgreSQL: products and their variants under If-Match,
// SKUs unique whatever their case, prices that need their own permission and keep a history,
// stock by hand and through orders, product.updated on the feed, images checked by their bytes,
// the streamed CSV export and the list's keyset paging.

// libvips (GLib) first: GLib names a member `signals`, which Qt's headers make a keyword.
#include <vips/vips.h>

#include <QtTest>

#include <QTcpSocket>
#include <QWebSocket>
#include <set>

#include "httpclient.h"
#include "serverprocess.h"
#include "storefrontorder.h"
#include "testcluster.h"

using namespace opsdesk::test;

namespace {

const QString kPassword = "correct horse battery";
const QByteArray kServiceKey = "catalog-test-service-key-01";

using Headers = QList<QPair<QByteArray, QByteArray>>;

// An image made by libvips, as a storefront photo would be: `bands` 3 (colour) or 4 (with alpha).
QByteArray makeImage(const char* format, int width, int height, int bands = 3) {
    VipsImage* black = nullptr;
    VipsImage* image = nullptr;
    if (vips_black(&black, width, height, "bands", bands, nullptr) != 0 ||
        vips_linear1(black, &image, 1.0, 90.0, "uchar", TRUE, nullptr) != 0) {
        qWarning() << vips_error_buffer();
        return {};
    }
    g_object_unref(black);
    void* buffer = nullptr;
    size_t length = 0;
    const QByteArray f(format);
    const int rc = f == "jpeg"  ? vips_jpegsave_buffer(image, &buffer, &length, nullptr)
                   : f == "png" ? vips_pngsave_buffer(image, &buffer, &length, nullptr)
                                : vips_webpsave_buffer(image, &buffer, &length, nullptr);
    g_object_unref(image);
    if (rc != 0) {
        qWarning() << vips_error_buffer();
        return {};
    }
    QByteArray out(static_cast<const char*>(buffer), qsizetype(length));
    g_free(buffer);
    return out;
}

quint32 crc32(const QByteArray& data) {
    quint32 crc = 0xFFFFFFFFu;
    for (const char byte : data) {
        crc ^= quint8(byte);
        for (int k = 0; k < 8; ++k) {
            crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
        }
    }
    return ~crc;
}

QByteArray pngChunk(const QByteArray& type, const QByteArray& data) {
    QByteArray out;
    QDataStream s(&out, QIODevice::WriteOnly);
    s << quint32(data.size());
    out += type + data;
    QByteArray crc;
    QDataStream c(&crc, QIODevice::WriteOnly);
    c << crc32(type + data);
    return out + crc;
}

// A decompression bomb: a file of a few dozen bytes whose header says 100,000 × 100,000 pixels.
QByteArray pngBomb() {
    QByteArray header;
    QDataStream s(&header, QIODevice::WriteOnly);
    s << quint32(100'000) << quint32(100'000) << quint8(8) << quint8(0) << quint8(0) << quint8(0)
      << quint8(0);
    const QByteArray zlib = qCompress(QByteArray(1024, '\0'), 9).mid(4);  // without Qt's length
    return QByteArray("\x89PNG\r\n\x1A\n", 8) + pngChunk("IHDR", header) + pngChunk("IDAT", zlib) +
           pngChunk("IEND", {});
}

// A feed client: authenticates, subscribes, and collects the events it is sent.
class Feed : public QObject {
public:
    explicit Feed(const QUrl& base) {
        QUrl url = base;
        url.setScheme("ws");
        url.setPath("/api/v1/feed");
        connect(&socket, &QWebSocket::textMessageReceived, this, [this](const QString& text) {
            const auto o = QJsonDocument::fromJson(text.toUtf8()).object();
            types.insert(o.value("type").toString());
            for (const auto& i : o.value("items").toArray()) {
                events.append(i.toObject());
            }
            if (o.value("type") == "event") {
                events.append(o);
            }
        });
        socket.open(url);
    }
    bool start(const QString& token, const QString& topic) {
        if (!QTest::qWaitFor([&] { return socket.state() == QAbstractSocket::ConnectedState; })) {
            return false;
        }
        send({{"type", "auth"}, {"token", token}});
        send({{"type", "subscribe"}, {"topics", QJsonArray{topic}}, {"since", QJsonValue()}});
        return QTest::qWaitFor([&] { return types.contains("ready"); });
    }
    void send(const QJsonObject& o) {
        socket.sendTextMessage(QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact)));
    }

    QWebSocket socket;
    QSet<QString> types;
    QList<QJsonObject> events;
};

}  // namespace

class CatalogTest : public QObject {
    Q_OBJECT

private:
    TestCluster cluster_;
    QString dbUrl_;
    ServerProcess server_;
    QString adminToken_;
    QString merchToken_;
    QString writerToken_;  // a custom role with catalog.read and catalog.write only
    int seq_ = 0;

    QUrl url(const QString& path) const { return server_.baseUrl().resolved(QUrl(path)); }

    HttpResult as(const QString& token, const QByteArray& method, const QString& path,
                  const QJsonObject& body = {}, Headers headers = {}) {
        headers.append({"Authorization", "Bearer " + token.toUtf8()});
        return httpRequest(method, url(path),
                           method == "GET" ? QByteArray() : QJsonDocument(body).toJson(), headers);
    }
    HttpResult upload(const QString& token, int productId, const QByteArray& bytes,
                      const QByteArray& contentType = "image/jpeg") {
        return httpRequest(
            "POST", url(QString("/api/v1/products/%1/images").arg(productId)), bytes,
            {{"Authorization", "Bearer " + token.toUtf8()}, {"Content-Type", contentType}});
    }
    static Headers ifMatch(int version) {
        return {{"If-Match", "\"" + QByteArray::number(version) + "\""}};
    }

    // A new product with one variant per SKU, each at `price` with `stock`; returns its JSON.
    QJsonObject product(const QString& title, const QStringList& skus, qint64 price = 1999,
                        int stock = 0) {
        QJsonArray variants;
        for (const auto& sku : skus) {
            variants.append(QJsonObject{{"sku", sku},
                                        {"title", sku + " variant"},
                                        {"price_minor", price},
                                        {"currency", "CNY"},
                                        {"stock", stock},
                                        {"low_stock_threshold", 2}});
        }
        const auto r = as(merchToken_, "POST", "/api/v1/products",
                          {{"title", title}, {"status", "active"}, {"variants", variants}});
        if (r.status != 201) {
            qWarning() << r.status << r.body;
        }
        return r.json();
    }

    QJsonObject variant(const QJsonObject& product, const QString& sku) {
        for (const auto& v : product.value("variants").toArray()) {
            if (v.toObject().value("sku").toString().compare(sku, Qt::CaseInsensitive) == 0) {
                return v.toObject();
            }
        }
        return {};
    }
    int stockOf(int productId, const QString& sku) {
        const auto r = as(adminToken_, "GET", QString("/api/v1/products/%1").arg(productId));
        return variant(r.json(), sku).value("stock").toInt(-99999);
    }

    HttpResult order(const QString& ext, const QJsonArray& items) {
        QJsonObject body = storefrontOrder(ext, ext + "@example.com", 100, 1);
        qint64 subtotal = 0;
        for (const auto& i : items) {
            subtotal += i.toObject().value("quantity").toInt() *
                        i.toObject().value("unit_price_minor").toInteger();
        }
        body["items"] = items;
        body["total_minor"] = subtotal + 800;
        return httpRequest("POST", url("/api/v1/storefront/orders"), QJsonDocument(body).toJson(),
                           {{"X-Api-Key", kServiceKey}});
    }
    static QJsonObject line(const QString& sku, int quantity) {
        return {{"sku", sku}, {"title", sku}, {"quantity", quantity}, {"unit_price_minor", 1000}};
    }

    // Every item of a list, following next_cursor.
    QList<QJsonObject> allPages(const QString& query, int maxPages = 200) {
        QList<QJsonObject> items;
        QString cursor;
        for (int page = 0; page < maxPages; ++page) {
            const auto r = as(adminToken_, "GET",
                              query + (cursor.isEmpty() ? QString() : "&cursor=" + cursor));
            if (r.status != 200) {
                qWarning() << r.status << r.body;
                return {};
            }
            for (const auto& i : r.json().value("items").toArray()) {
                items.append(i.toObject());
            }
            cursor = r.json().value("next_cursor").toString();
            if (cursor.isEmpty()) {
                break;
            }
        }
        return items;
    }

    // Sends a request by hand (a header and as much of a body as given) and reads the status.
    int rawStatus(const QByteArray& head, const QByteArray& body = {}) {
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, quint16(server_.port()));
        if (!socket.waitForConnected(10'000)) {
            return 0;
        }
        socket.write(head + body);
        QByteArray in;
        QDeadlineTimer deadline(20'000);
        while (!in.contains("\r\n") && !deadline.hasExpired()) {
            socket.waitForReadyRead(100);
            in += socket.readAll();
        }
        return in.mid(9, 3).toInt();
    }

    void expectStillServing() {
        const auto r = httpRequest("GET", url("/api/v1/health"));
        QCOMPARE(r.status, 200);
    }

private slots:
    void initTestCase() {
        QVERIFY(vips_init("tst_catalog") == 0);
        QString error;
        QVERIFY2(TestCluster::load(&cluster_, &error), qPrintable(error));
        dbUrl_ = cluster_.createDatabase("catalog");
        QVERIFY2(server_.start({dbUrl_,
                                false,
                                {"--service-key", QString::fromLatin1(kServiceKey),
                                 "--login-rate-per-minute", "10000"}},
                               &error),
                 qPrintable(error));
        QVERIFY(server_.createUser("admin", kPassword, "admin", &error));
        QVERIFY(server_.createUser("merch", kPassword, "merchandiser", &error));
        adminToken_ = server_.signIn("admin", kPassword);
        merchToken_ = server_.signIn("merch", kPassword);
        QVERIFY(!adminToken_.isEmpty() && !merchToken_.isEmpty());
        const auto role = as(adminToken_, "POST", "/api/v1/roles",
                             {{"name", "catalog_editor"},
                              {"permissions", QJsonArray{"catalog.read", "catalog.write"}}});
        QCOMPARE(role.status, 201);
        QVERIFY(server_.createUser("writer", kPassword, "catalog_editor", &error));
        writerToken_ = server_.signIn("writer", kPassword);
        QVERIFY(!writerToken_.isEmpty());
    }

    void product_createReadPatch_withIfMatch() {
        const auto created = product("Longjing green tea 250 g", {"LJ-250", "LJ-500"});
        const int id = created.value("id").toInt();
        QVERIFY(id > 0);
        QCOMPARE(created.value("version").toInt(), 1);
        QCOMPARE(created.value("variants").toArray().size(), 2);
        const QString path = QString("/api/v1/products/%1").arg(id);
        const auto read = as(merchToken_, "GET", path);
        QCOMPARE(read.status, 200);
        QCOMPARE(read.header("ETag"), QByteArray("\"1\""));
        QCOMPARE(read.json().value("images").toArray().size(), 0);
        QVERIFY(read.json().contains("description"));

        QCOMPARE(as(merchToken_, "PATCH", path, {{"title", "No version"}}).status, 428);
        const auto patched = as(merchToken_, "PATCH", path,
                                {{"title", "Longjing tea, spring picking"},
                                 {"tags", QJsonArray{"green", "spring"}},
                                 {"variants", QJsonObject{{"remove", QJsonArray{"lj-500"}}}}},
                                ifMatch(1));
        QCOMPARE(patched.status, 200);
        QCOMPARE(patched.header("ETag"), QByteArray("\"2\""));
        QCOMPARE(patched.json().value("title").toString(), QString("Longjing tea, spring picking"));
        QCOMPARE(patched.json().value("variants").toArray().size(), 1);
        const auto stale = as(merchToken_, "PATCH", path, {{"title", "Stale"}}, ifMatch(1));
        QCOMPARE(stale.status, 412);
        QCOMPARE(stale.errorCode(), QString("precondition_failed"));
        QCOMPARE(as(merchToken_, "GET", path).json().value("title").toString(),
                 QString("Longjing tea, spring picking"));
        bool ok = false;
        QCOMPARE(psql(dbUrl_,
                      QString("SELECT count(*) FROM audit_log WHERE entity = 'product' AND "
                              "entity_id = '%1' AND action IN ('product.create', "
                              "'product.update')")
                          .arg(id),
                      &ok),
                 QString("2"));
        // The search box finds it by a fragment of its title, tag or SKU, whatever the case.
        for (const QString q : {"SPRING PICK", "lj-2"}) {
            const auto found = allPages("/api/v1/products?q=" + q);
            QCOMPARE(found.size(), 1);
            QCOMPARE(found.front().value("id").toInt(), id);
        }
    }

    void sku_isUniqueWhateverItsCase() {
        product("Tieguanyin oolong", {"TGY-200"});
        const auto r =
            as(merchToken_, "POST", "/api/v1/products",
               {{"title", "Copy"},
                {"variants", QJsonArray{QJsonObject{
                                 {"sku", "tgy-200"}, {"price_minor", 100}, {"currency", "CNY"}}}}});
        QCOMPARE(r.status, 409);
        QCOMPARE(r.errorCode(), QString("conflict"));
        QVERIFY(r.json().value("error").toObject().value("message").toString().contains("TGY-200"));
        QCOMPARE(
            r.json().value("error").toObject().value("details").toObject().value("sku").toString(),
            QString("TGY-200"));
        bool ok = false;
        QCOMPARE(psql(dbUrl_, "SELECT count(*) FROM products WHERE title = 'Copy'", &ok),
                 QString("0"));
    }

    void priceChange_needsThePricePermission_andIsRecordedWithWhoAndWhy() {
        const auto p = product("Pu-erh cake 357 g", {"PUER-357"}, 8800);
        const QString path = QString("/api/v1/products/%1").arg(p.value("id").toInt());
        const QJsonObject change{
            {"variants", QJsonObject{{"change", QJsonArray{QJsonObject{{"sku", "puer-357"},
                                                                       {"price_minor", 7900}}}}}},
            {"price_reason", "autumn clearance"}};
        const auto refused = as(writerToken_, "PATCH", path, change, ifMatch(1));
        QCOMPARE(refused.status, 403);
        QCOMPARE(refused.json()
                     .value("error")
                     .toObject()
                     .value("details")
                     .toObject()
                     .value("required_permission")
                     .toString(),
                 QString("catalog.price"));
        // The same editor may change what is not a price.
        QCOMPARE(as(writerToken_, "PATCH", path, {{"description", "Aged five years"}}, ifMatch(1))
                     .status,
                 200);
        const auto changed = as(merchToken_, "PATCH", path, change, ifMatch(2));
        QCOMPARE(changed.status, 200);
        QCOMPARE(variant(changed.json(), "PUER-357").value("price_minor").toInt(), 7900);
        const auto history = as(writerToken_, "GET", "/api/v1/skus/Puer-357/price-history");
        QCOMPARE(history.status, 200);
        const auto items = history.json().value("items").toArray();
        QCOMPARE(items.size(), 2);
        const auto last = items.at(0).toObject();
        QCOMPARE(last.value("from_minor").toInt(), 8800);
        QCOMPARE(last.value("to_minor").toInt(), 7900);
        QCOMPARE(last.value("by").toString(), QString("merch"));
        QCOMPARE(last.value("reason").toString(), QString("autumn clearance"));
        QVERIFY(!last.value("at").toString().isEmpty());
        QVERIFY(items.at(1).toObject().value("from_minor").isNull());
    }

    void stockAdjustment_belowZeroIsRefused_andAdjustmentsAreListed() {
        product("Jasmine pearls", {"JAS-100"}, 3200, 5);
        const QString path = "/api/v1/skus/jas-100/stock-adjustments";
        const auto tooMuch = as(merchToken_, "POST", path, {{"delta", -6}, {"reason", "count"}});
        QCOMPARE(tooMuch.status, 422);
        QCOMPARE(as(merchToken_, "POST", path, {{"delta", 3}}).status, 422);  // no reason
        const auto added = as(merchToken_, "POST", path, {{"delta", 10}, {"reason", "delivery"}});
        QCOMPARE(added.status, 201);
        QCOMPARE(added.json().value("stock_after").toInt(), 15);
        const auto taken = as(merchToken_, "POST", path, {{"delta", -15}, {"reason", "damaged"}});
        QCOMPARE(taken.status, 201);
        QCOMPARE(taken.json().value("stock_after").toInt(), 0);
        const auto list = as(adminToken_, "GET", path + "?limit=2");
        QCOMPARE(list.status, 200);
        const auto items = list.json().value("items").toArray();
        QCOMPARE(items.size(), 2);
        QCOMPARE(items.at(0).toObject().value("reason").toString(), QString("damaged"));
        QCOMPARE(items.at(0).toObject().value("by").toString(), QString("merch"));
        QCOMPARE(items.at(1).toObject().value("delta").toInt(), 10);
        const auto rest =
            as(adminToken_, "GET",
               path + "?limit=2&cursor=" + list.json().value("next_cursor").toString());
        QCOMPARE(rest.json().value("items").toArray().size(), 1);  // the initial stock
        QCOMPARE(as(adminToken_, "GET", "/api/v1/skus/NOPE-1/stock-adjustments").status, 404);
    }

    void storefrontOrder_takesStock_andItsCancellationGivesItBackOnce() {
        const auto p = product("Dian Hong black tea", {"DH-250", "DH-500"}, 2400, 10);
        const int id = p.value("id").toInt();
        const auto r = order("stock-1", {line("dh-250", 3), line("DH-500", 1), line("UNKNOWN", 2)});
        QCOMPARE(r.status, 201);
        QCOMPARE(stockOf(id, "DH-250"), 7);
        QCOMPARE(stockOf(id, "DH-500"), 9);
        // The same order handed in again takes nothing more.
        QCOMPARE(
            order("stock-1", {line("dh-250", 3), line("DH-500", 1), line("UNKNOWN", 2)}).status,
            200);
        QCOMPARE(stockOf(id, "DH-250"), 7);
        const auto adjustments = as(adminToken_, "GET", "/api/v1/skus/DH-250/stock-adjustments");
        const auto taken = adjustments.json().value("items").toArray().at(0).toObject();
        QCOMPARE(taken.value("delta").toInt(), -3);
        QCOMPARE(taken.value("order_id").toInt(), r.json().value("id").toInt());

        const QJsonObject cancel{{"order_external_id", "stock-1"}, {"reason", "abandoned"}};
        for (int i = 0; i < 2; ++i) {
            const auto c =
                httpRequest("POST", url("/api/v1/storefront/cancellations"),
                            QJsonDocument(cancel).toJson(), {{"X-Api-Key", kServiceKey}});
            QVERIFY2(c.status == 200 || c.status == 201, c.body.constData());
        }
        QCOMPARE(stockOf(id, "DH-250"), 10);
        QCOMPARE(stockOf(id, "DH-500"), 10);
        bool ok = false;
        QCOMPARE(psql(dbUrl_,
                      QString("SELECT sum(delta) FROM stock_adjustments WHERE order_id = %1")
                          .arg(r.json().value("id").toInt()),
                      &ok),
                 QString("0"));
    }

    void deskCancellation_givesStockBack() {
        const auto p = product("White peony", {"WP-150"}, 4500, 4);
        const int id = p.value("id").toInt();
        const auto r = order("stock-desk", {line("WP-150", 3)});
        QCOMPARE(r.status, 201);
        QCOMPARE(stockOf(id, "WP-150"), 1);
        const QString path = QString("/api/v1/orders/%1").arg(r.json().value("id").toInt());
        const int version = as(adminToken_, "GET", path).json().value("version").toInt();
        const auto cancelled =
            as(adminToken_, "POST", path + "/transitions",
               {{"to", "cancelled"}, {"reason", "customer asked"}}, ifMatch(version));
        QCOMPARE(cancelled.status, 200);
        QCOMPARE(stockOf(id, "WP-150"), 4);
    }

    void orderBeyondStock_leavesTheSkuOversold_andListedSo() {
        const auto p = product("Silver needle", {"SN-100"}, 9800, 2);
        const int id = p.value("id").toInt();
        QCOMPARE(order("oversold-1", {line("SN-100", 5)}).status, 201);
        QCOMPARE(stockOf(id, "SN-100"), -3);
        const auto oversold = allPages("/api/v1/products?oversold=true");
        QCOMPARE(oversold.size(), 1);
        QCOMPARE(oversold.front().value("id").toInt(), id);
        bool found = false;
        for (const auto& item : allPages("/api/v1/products?low_stock=true")) {
            found = found || item.value("id").toInt() == id;
        }
        QVERIFY(found);
        // By hand it may be put back up, never further down.
        QCOMPARE(as(merchToken_, "POST", "/api/v1/skus/SN-100/stock-adjustments",
                    {{"delta", -1}, {"reason", "lost"}})
                     .status,
                 422);
        QCOMPARE(as(merchToken_, "POST", "/api/v1/skus/SN-100/stock-adjustments",
                    {{"delta", 3}, {"reason", "found in the back"}})
                     .status,
                 201);
        QVERIFY(allPages("/api/v1/products?oversold=true").isEmpty());
    }

    void productUpdated_reachesAFeedClient() {
        Feed feed(server_.baseUrl());
        QVERIFY(feed.start(adminToken_, "catalog"));
        const auto p = product("Matcha ceremonial grade", {"MATCHA-30"}, 6800, 1);
        const int id = p.value("id").toInt();
        QCOMPARE(order("feed-1", {line("matcha-30", 1)}).status, 201);
        auto eventFor = [&](int version, int stock) {
            return QTest::qWaitFor([&] {
                for (const auto& e : feed.events) {
                    const auto data = e.value("data").toObject();
                    if (e.value("kind") == "product.updated" && data.value("id").toInt() == id &&
                        data.value("version").toInt() == version &&
                        variant(data, "MATCHA-30").value("stock").toInt(-1) == stock) {
                        return true;
                    }
                }
                return false;
            });
        };
        QVERIFY(eventFor(1, 1));  // created
        QVERIFY(eventFor(1, 0));  // the order took one
        const auto changedBy = [&] {
            for (const auto& e : feed.events) {
                if (e.value("data").toObject().value("id").toInt() == id) {
                    return e.value("data").toObject().value("changed_by").toString();
                }
            }
            return QString();
        }();
        QCOMPARE(changedBy, QString("merch"));
    }

    void images_realOnesAreTaken_othersRefused_andTheServerStaysUp() {
        const auto p = product("Celadon tea cup", {"CELADON-1"});
        const int id = p.value("id").toInt();
        struct Case {
            const char* format;
            int bands;
            QByteArray thumbnailType;
        };
        QList<int> imageIds;
        for (const Case& c : {Case{"jpeg", 3, "image/jpeg"}, Case{"png", 4, "image/png"},
                              Case{"webp", 3, "image/jpeg"}}) {
            const QByteArray bytes = makeImage(c.format, 640, 480, c.bands);
            QVERIFY(!bytes.isEmpty());
            // The Content-Type says nothing: the bytes do.
            const auto r = upload(merchToken_, id, bytes, "application/octet-stream");
            QVERIFY2(r.status == 201, r.body.constData());
            QCOMPARE(r.json().value("width").toInt(), 640);
            QCOMPARE(r.json().value("height").toInt(), 480);
            imageIds.append(r.json().value("id").toInt());
            const auto thumb = as(adminToken_, "GET", r.json().value("thumbnail_url").toString());
            QCOMPARE(thumb.status, 200);
            QCOMPARE(thumb.header("Content-Type"), c.thumbnailType);
        }
        const auto detail = as(adminToken_, "GET", QString("/api/v1/products/%1").arg(id));
        QCOMPARE(detail.json().value("images").toArray().size(), 3);

        const auto text = upload(merchToken_, id, "name,price\nteapot,100\n", "image/jpeg");
        QCOMPARE(text.status, 415);
        QCOMPARE(text.errorCode(), QString("unsupported_media_type"));
        const auto bomb = upload(merchToken_, id, pngBomb(), "image/png");
        QVERIFY2(bomb.status == 422, bomb.body.constData());
        QCOMPARE(bomb.json()
                     .value("error")
                     .toObject()
                     .value("details")
                     .toObject()
                     .value("width")
                     .toInt(),
                 100'000);
        expectStillServing();
        QByteArray truncated = makeImage("jpeg", 640, 480);
        truncated.truncate(truncated.size() / 2);
        QCOMPARE(upload(merchToken_, id, truncated).status, 422);
        // Over 10 MiB: refused from the header, before the body is sent.
        const QByteArray head = QString(
                                    "POST /api/v1/products/%1/images HTTP/1.1\r\nHost: x\r\n"
                                    "Authorization: Bearer %2\r\nContent-Length: %3\r\n\r\n")
                                    .arg(id)
                                    .arg(merchToken_)
                                    .arg(11 * 1024 * 1024)
                                    .toUtf8();
        QCOMPARE(rawStatus(head), 413);
        // Other routes keep the server's own limit.
        QCOMPARE(rawStatus("POST /api/v1/products HTTP/1.1\r\nHost: x\r\nContent-Length: 3000000"
                           "\r\n\r\n"),
                 413);
        expectStillServing();
        bool ok = false;
        QCOMPARE(
            psql(dbUrl_,
                 QString("SELECT count(*) FROM product_images WHERE product_id = %1").arg(id), &ok),
            QString("3"));
        QCOMPARE(as(writerToken_, "GET", "/api/v1/images/999999").status, 404);
    }

    void thumbnail_isCachedForGood_andRevalidatesWith304() {
        const auto p = product("Glass gongfu set", {"GONGFU-1"});
        const auto r = upload(merchToken_, p.value("id").toInt(), makeImage("png", 300, 200));
        QCOMPARE(r.status, 201);
        for (const QString& path :
             {r.json().value("thumbnail_url").toString(), r.json().value("url").toString()}) {
            const auto first = as(adminToken_, "GET", path);
            QCOMPARE(first.status, 200);
            QCOMPARE(first.header("Cache-Control"),
                     QByteArray("private, max-age=31536000, immutable"));
            const QByteArray etag = first.header("ETag");
            QVERIFY(etag.size() > 60);
            const auto again = as(adminToken_, "GET", path, {}, {{"If-None-Match", etag}});
            QCOMPARE(again.status, 304);
            QVERIFY(again.body.isEmpty());
            QCOMPARE(again.header("ETag"), etag);
        }
        const auto original = as(adminToken_, "GET", r.json().value("url").toString());
        QCOMPARE(original.header("Content-Type"), QByteArray("image/png"));
        QCOMPARE(original.body.left(8), QByteArray("\x89PNG\r\n\x1A\n", 8));
    }

    void export_isCsvOfTheFilter_withFormulasNeutralised() {
        const auto p = product("=HYPERLINK(\"http://evil\",\"tea\")", {"EVIL-1"}, 1234, 7);
        product("Plain, honest tea", {"HONEST-1"}, 500);
        const auto r = as(adminToken_, "GET", "/api/v1/products/export?q=evil-1");
        QCOMPARE(r.status, 200);
        QVERIFY(r.header("Content-Type").startsWith("text/csv"));
        const QList<QByteArray> lines = r.body.split('\n');
        QVERIFY(lines.at(0).startsWith("product_id,title,"));
        QCOMPARE(lines.size(), 3);  // the header, one variant, the empty rest after the last CRLF
        QVERIFY2(lines.at(1).startsWith(QByteArray::number(p.value("id").toInt()) +
                                        ",\"'=HYPERLINK(\"\"http://evil\"\",\"\"tea\"\")\","),
                 lines.at(1).constData());
        QVERIFY(lines.at(1).contains(",EVIL-1,"));
        QVERIFY(!r.body.contains("HONEST"));
        QCOMPARE(as(adminToken_, "GET", "/api/v1/products/export?status=nope").status, 422);
    }

    void categories_treeFilterAndNoCycle() {
        auto create = [&](const QString& name, const QJsonValue& parent) {
            return as(merchToken_, "POST", "/api/v1/categories",
                      {{"name", name}, {"parent_id", parent}})
                .json();
        };
        const auto tea = create("Tea", QJsonValue());
        const auto green = create("Green tea", tea.value("id"));
        const auto dragon = create("Dragon well", green.value("id"));
        QVERIFY(dragon.value("id").toInt() > 0);
        QCOMPARE(as(merchToken_, "POST", "/api/v1/categories",
                    {{"name", "green TEA"}, {"parent_id", tea.value("id")}})
                     .status,
                 409);
        const auto cycle =
            as(merchToken_, "PATCH", QString("/api/v1/categories/%1").arg(tea.value("id").toInt()),
               {{"parent_id", dragon.value("id")}}, ifMatch(1));
        QCOMPARE(cycle.status, 422);
        const auto p = product("Longjing pre-Qingming", {"LJ-PRE"});
        const QString path = QString("/api/v1/products/%1").arg(p.value("id").toInt());
        QCOMPARE(as(merchToken_, "PATCH", path, {{"category_id", dragon.value("id")}}, ifMatch(1))
                     .status,
                 200);
        const auto detail = as(adminToken_, "GET", path).json();
        QCOMPARE(detail.value("category_path").toArray().size(), 3);
        QCOMPARE(detail.value("category_path").toArray().at(0).toObject().value("name"),
                 QJsonValue("Tea"));
        const auto inTea =
            allPages(QString("/api/v1/products?category_id=%1").arg(tea.value("id").toInt()));
        QCOMPARE(inTea.size(), 1);
        QCOMPARE(inTea.front().value("id").toInt(), p.value("id").toInt());
        const auto tree = as(adminToken_, "GET", "/api/v1/categories");
        QCOMPARE(tree.json().value("items").toArray().size(), 3);
        QCOMPARE(as(adminToken_, "GET", "/api/v1/products?virtual_category_id=1").status, 422);
    }

    // `seed --products N` for benchmarks: N products in the demo's categories, 2.5 variants on
    // average, each SKU with its first price and stock on record.
    void seedProducts_makesProductsWithVariantsPricesAndStock() {
        bool ok = false;
        const int before = psql(dbUrl_, "SELECT count(*) FROM products", &ok).toInt();
        const int skusBefore = psql(dbUrl_, "SELECT count(*) FROM skus", &ok).toInt();
        QString output;
        QVERIFY2(server_.runCommand({"seed", "--products", "400"}, &output) == 0,
                 qPrintable(output));
        QCOMPARE(psql(dbUrl_, "SELECT count(*) FROM products", &ok).toInt(), before + 400);
        const int skus = psql(dbUrl_, "SELECT count(*) FROM skus", &ok).toInt() - skusBefore;
        QVERIFY2(skus > 400 * 2 && skus < 400 * 3, qPrintable(QString::number(skus)));
        QCOMPARE(psql(dbUrl_,
                      "SELECT count(*) FROM skus s WHERE NOT EXISTS (SELECT FROM price_history h "
                      "WHERE h.sku_id = s.id)",
                      &ok),
                 QString("0"));
        // Found by the search box like any product.
        const auto found = as(adminToken_, "GET", "/api/v1/products?q=tea&limit=5");
        QCOMPARE(found.status, 200);
        QCOMPARE(found.json().value("items").toArray().size(), 5);
        QCOMPARE(server_.runCommand({"seed", "--products", "0"}), 2);
    }

    // Last: it adds thousands of products, many changed at the same moment.
    void list_ofThousands_pagesWithoutRepeats() {
        bool ok = false;
        psql(dbUrl_,
             "WITH p AS (INSERT INTO products (title, status, updated_at) "
             "SELECT 'Bulk product ' || g, 'active', "
             "'2024-01-01T00:00:00Z'::timestamptz + (g / 100) * interval '1 second' "
             "FROM generate_series(1, 3000) g RETURNING id) "
             "INSERT INTO skus (product_id, sku, price_minor, currency) "
             "SELECT id, 'BULK-' || id, 100, 'CNY' FROM p",
             &ok);
        QVERIFY(ok);
        const auto expected = psql(dbUrl_, "SELECT count(*) FROM products", &ok).toInt();
        const auto first = as(adminToken_, "GET", "/api/v1/products?limit=500");
        QCOMPARE(first.json().value("total_estimate").toInt(), expected);
        QCOMPARE(first.json().value("total_is_exact").toBool(), true);
        const auto items = allPages("/api/v1/products?limit=170");
        std::set<int> ids;
        QString lastUpdated = "9999";
        for (const auto& item : items) {
            QVERIFY(ids.insert(item.value("id").toInt()).second);
            QVERIFY(item.value("updated_at").toString() <= lastUpdated);
            lastUpdated = item.value("updated_at").toString();
        }
        QCOMPARE(int(ids.size()), expected);
    }
};

QTEST_GUILESS_MAIN(CatalogTest)
#include "tst_catalog.moc"
