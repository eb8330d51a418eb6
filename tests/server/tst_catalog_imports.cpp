// CSV imports of the catalog against the real server and PostgreSQL: every broken file answered
// clearly with nothing written, a dry run that lists exactly what will change and writes only
// the import, a commit that applies all of it or none (409 when a product moved meanwhile), and
// 500 price changes pasted from a spreadsheet.

#include <QtTest>

#include <QTcpSocket>

#include "httpclient.h"
#include "serverprocess.h"
#include "testcluster.h"

using namespace opsdesk::test;

namespace {

const QString kPassword = "correct horse battery";

// Everything an import may write: the catalog's tables (each row's text, so any change shows)
// and the imports' own.
const QString kFingerprint =
    "SELECT concat_ws(' ', (SELECT md5(coalesce(string_agg(p::text, '|' ORDER BY p.id), '')) "
    "FROM products p), (SELECT md5(coalesce(string_agg(s::text, '|' ORDER BY s.id), '')) "
    "FROM skus s), (SELECT count(*) FROM price_history), (SELECT count(*) FROM "
    "stock_adjustments), (SELECT count(*) FROM categories), (SELECT count(*) FROM events "
    "WHERE kind = 'product.updated'), (SELECT count(*) FROM catalog_imports), "
    "(SELECT count(*) FROM catalog_import_rows))";

QJsonObject change(const QString& sku, const QString& field, const QJsonValue& from,
                   const QJsonValue& to) {
    return {{"sku", sku}, {"field", field}, {"from", from}, {"to", to}};
}

}  // namespace

class CatalogImportsTest : public QObject {
    Q_OBJECT

private:
    TestCluster cluster_;
    QString dbUrl_;
    ServerProcess server_;
    QString merchToken_;
    QString writerToken_;  // catalog.write without catalog.price

    QUrl url(const QString& path) const { return server_.baseUrl().resolved(QUrl(path)); }

    HttpResult importCsv(const QByteArray& csv, const QString& token = {}) {
        return httpRequest(
            "POST", url("/api/v1/catalog/imports"), csv,
            {{"Authorization", "Bearer " + (token.isEmpty() ? merchToken_ : token).toUtf8()},
             {"Content-Type", "text/csv"}});
    }

    HttpResult commit(qint64 id, const QString& token = {}) {
        return httpRequest(
            "POST", url("/api/v1/catalog/imports/" + QString::number(id) + "/commit"), {},
            {{"Authorization", "Bearer " + (token.isEmpty() ? merchToken_ : token).toUtf8()}});
    }

    QString sql(const QString& statement) {
        bool ok = false;
        const auto out = psql(dbUrl_, statement, &ok);
        if (!ok) {
            qWarning() << "psql failed:" << statement;
        }
        return out.trimmed();
    }

    QString fingerprint() { return sql(kFingerprint); }

    // One product with one SKU, in a category given by name (or none).
    void seedProduct(const QString& title, const QString& sku, qint64 price, int stock,
                     const QString& category = {}, const QString& tags = "{}") {
        sql(QString("WITH p AS (INSERT INTO products (title, status, category_id, tags) "
                    "VALUES ('%1', 'active', (SELECT id FROM categories WHERE name = '%5'), '%6') "
                    "RETURNING id) INSERT INTO skus (product_id, sku, title, price_minor, "
                    "currency, stock, low_stock_threshold) SELECT id, '%2', '250 g', %3, 'CNY', "
                    "%4, 5 FROM p")
                .arg(title, sku)
                .arg(price)
                .arg(stock)
                .arg(category, tags));
    }

    QJsonObject errorDetails(const HttpResult& r) {
        return r.json().value("error").toObject().value("details").toObject();
    }

private slots:
    void initTestCase() {
        QString error;
        QVERIFY2(TestCluster::load(&cluster_, &error), qPrintable(error));
        dbUrl_ = cluster_.createDatabase("imports");
        QVERIFY2(server_.start({dbUrl_, false, {"--login-rate-per-minute", "10000"}}, &error),
                 qPrintable(error));
        QVERIFY(server_.createUser("admin", kPassword, "admin", &error));
        QVERIFY(server_.createUser("merch", kPassword, "merchandiser", &error));
        const auto admin = server_.signIn("admin", kPassword);
        const auto role = httpRequest(
            "POST", url("/api/v1/roles"),
            QJsonDocument(QJsonObject{{"name", "catalog_writer"},
                                      {"permissions", QJsonArray{"catalog.read", "catalog.write"}}})
                .toJson(),
            {{"Authorization", "Bearer " + admin.toUtf8()}});
        QCOMPARE(role.status, 201);
        QVERIFY(server_.createUser("writer", kPassword, "catalog_writer", &error));
        merchToken_ = server_.signIn("merch", kPassword);
        writerToken_ = server_.signIn("writer", kPassword);
        QVERIFY(!merchToken_.isEmpty() && !writerToken_.isEmpty());
        sql("INSERT INTO categories (name) VALUES ('Tea'); "
            "INSERT INTO categories (name, parent_id) SELECT 'Green tea', id FROM categories "
            "WHERE name = 'Tea'; INSERT INTO categories (name, parent_id) SELECT 'Oolong', id "
            "FROM categories WHERE name = 'Tea'");
        seedProduct("Longjing", "TEA-001", 12900, 40, "Green tea", "{green,spring}");
        seedProduct("Tieguanyin", "TEA-002", 8850, 12, "Oolong");
        seedProduct("Biluochun", "TEA-003", 9900, 7, "Green tea");
    }

    // Every broken file: a clear 422 naming what is wrong (and where), and nothing written, not
    // even the import.
    void brokenFile_isRefusedClearly_andWritesNothing_data() {
        QTest::addColumn<QByteArray>("csv");
        QTest::addColumn<QString>("reason");
        QTest::addColumn<int>("line");
        QTest::addColumn<QString>("says");
        QTest::newRow("GBK bytes") << QByteArray(
                                          "sku,variant_title\nTEA-001,ok\nTEA-002,"
                                          "\xC2\xCC\xB2\xE8\n")
                                   << "not_utf8" << 3 << "the file is not UTF-8: save it as UTF-8";
        QTest::newRow("UTF-16") << QByteArray("\xFF\xFEs\0k\0u\0", 8) << "not_utf8" << 1
                                << "UTF-16";
        QTest::newRow("missing sku column")
            << QByteArray("product_title,price\nLongjing,12.00\n") << "columns" << 1 << "sku";
        QTest::newRow("duplicate column") << QByteArray("sku,price,Price\nTEA-001,1.00,2.00\n")
                                          << "columns" << 1 << "appears twice";
        QTest::newRow("unknown column")
            << QByteArray("sku,colour\nTEA-001,red\n") << "columns" << 1 << "unknown column";
        QTest::newRow("price and price_minor")
            << QByteArray("sku,price,price_minor\nTEA-001,1.00,100\n") << "columns" << 1
            << "not both";
        QTest::newRow("semicolons")
            << QByteArray("sku;price\nTEA-001;12.00\n") << "columns" << 1 << "semicolons";
        QTest::newRow("unbalanced quotes")
            << QByteArray("sku,variant_title\nTEA-001,\"250 g\nTEA-002,100 g\n") << "unclosed_quote"
            << 2 << "never ends";
        QTest::newRow("text after a closing quote")
            << QByteArray("sku,variant_title\nTEA-001,\"250\" g\n") << "text_after_quote" << 2
            << "after the closing quote";
        QTest::newRow("over-long line") << QByteArray("sku,variant_title\nTEA-001,ok\nTEA-002," +
                                                      QByteArray(70'000, 'x') + "\n")
                                        << "line_too_long" << 3 << "longer than";
        QTest::newRow("empty") << QByteArray("\xEF\xBB\xBF\r\n") << "empty" << 1 << "empty";
    }
    void brokenFile_isRefusedClearly_andWritesNothing() {
        QFETCH(QByteArray, csv);
        QFETCH(QString, reason);
        QFETCH(int, line);
        QFETCH(QString, says);
        const auto before = fingerprint();
        const auto r = importCsv(csv);
        QVERIFY2(r.status == 422, r.body.constData());
        QCOMPARE(r.errorCode(), QString("validation_failed"));
        const auto error = r.json().value("error").toObject();
        QVERIFY2(QString::fromUtf8(r.body).contains(says), r.body.constData());
        QCOMPARE(errorDetails(r).value("reason").toString(), reason);
        QCOMPARE(errorDetails(r).value("line").toInt(), line);
        QVERIFY(!error.value("fields").toObject().isEmpty());
        QCOMPARE(fingerprint(), before);
    }

    void unbalancedQuote_namesWhereTheFieldStarted() {
        const auto r = importCsv("sku,variant_title\nTEA-001,\"250 g\nTEA-002,100 g\n");
        QCOMPARE(r.status, 422);
        QCOMPARE(errorDetails(r).value("column").toInt(), 9);
        QVERIFY(r.json().value("error").toObject().value("message").toString().startsWith(
            "Line 2, column 9:"));
    }

    // The transport refuses a body over the import's 20 MiB from its Content-Length, before any
    // of it is read; nothing reaches the handler. A body over the server's 1 MiB default but
    // within the import's limit is read.
    void fileOverTheSizeLimit_is413FromTheTransport_andStoresNothing() {
        const auto before = fingerprint();
        QTcpSocket socket;
        socket.connectToHost("127.0.0.1", quint16(server_.port()));
        QVERIFY(socket.waitForConnected(5000));
        socket.write(
            "POST /api/v1/catalog/imports HTTP/1.1\r\nHost: test\r\n"
            "Authorization: Bearer " +
            merchToken_.toUtf8() + "\r\nContent-Type: text/csv\r\nContent-Length: " +
            QByteArray::number(20 * 1024 * 1024 + 1) + "\r\n\r\nsku\r\n");
        QByteArray answer;
        while (!answer.contains("\r\n\r\n") && socket.waitForReadyRead(10'000)) {
            answer += socket.readAll();
        }
        QVERIFY2(answer.startsWith("HTTP/1.1 413"), answer.constData());
        QVERIFY(answer.contains("payload_too_large"));
        QCOMPARE(fingerprint(), before);

        // 2 MiB (more than other routes take) is read to its last row: new SKUs without a
        // product title or a currency, two errors each (the answer lists the first 1,000 and
        // counts them all).
        QByteArray big = "sku,variant_title\n";
        int rows = 0;
        for (; big.size() < 2 * 1024 * 1024; ++rows) {
            big += "BIG-" + QByteArray::number(rows) + "," + QByteArray(300, 'g') + "\n";
        }
        const auto r = importCsv(big);
        QCOMPARE(r.status, 201);
        QCOMPARE(r.json().value("rows").toInt(), rows);
        QCOMPARE(r.json().value("error_count").toInt(), 2 * rows);
        QCOMPARE(r.json().value("errors").toArray().size(), 1000);
        QCOMPARE(fingerprint().section(' ', 0, 5), before.section(' ', 0, 5));
    }

    // The same SKU twice (whatever the case): an error on both lines; the dry run stores no
    // rows, and its commit is refused.
    void duplicateSkus_areErrorsOnBothLines_andCannotBeCommitted() {
        const auto before = sql("SELECT count(*) FROM catalog_import_rows");
        const auto catalog = sql("SELECT md5(string_agg(s::text, '|' ORDER BY s.id)) FROM skus s");
        const auto r = importCsv("sku,price\nTEA-001,130.00\nTEA-002,90.00\ntea-001,131.00\n");
        QCOMPARE(r.status, 201);
        const auto errors = r.json().value("errors").toArray();
        QCOMPARE(r.json().value("error_count").toInt(), 2);
        QCOMPARE(errors.size(), 2);
        QCOMPARE(errors[0].toObject().value("line").toInt(), 2);
        QCOMPARE(errors[0].toObject().value("column").toString(), QString("sku"));
        QVERIFY(errors[0].toObject().value("message").toString().contains("again on line 4"));
        QCOMPARE(errors[1].toObject().value("line").toInt(), 4);
        QVERIFY(errors[1].toObject().value("message").toString().contains("already on line 2"));
        QCOMPARE(sql("SELECT count(*) FROM catalog_import_rows"), before);
        const auto c = commit(r.json().value("id").toInteger());
        QCOMPARE(c.status, 422);
        QCOMPARE(c.errorCode(), QString("validation_failed"));
        QCOMPARE(sql("SELECT md5(string_agg(s::text, '|' ORDER BY s.id)) FROM skus s"), catalog);
    }

    // Each bad cell: its line, its column as the file names it, and what is expected.
    void invalidCells_sayLineColumnAndWhy() {
        const auto before = fingerprint();
        const auto r = importCsv(
            "SKU,Price,Stock,status,category,product_title,currency\n"
            "TEA-001,\"12,50\",3,active,,,\n"
            "TEA-002,12.50,-1,live,,,\n"
            "TEA-003,9.999,1,,Tea/Gren tea,,\n"
            "NEW-1,5.00,1,,,,\n"
            "bad sku!,1.00,1,,,,\n");
        QCOMPARE(r.status, 201);
        QJsonArray expected{
            QJsonObject{{"line", 2}, {"column", "Price"}},
            QJsonObject{{"line", 3}, {"column", "Stock"}},
            QJsonObject{{"line", 3}, {"column", "status"}},
            QJsonObject{{"line", 4}, {"column", "Price"}},
            QJsonObject{{"line", 4}, {"column", "category"}},
            QJsonObject{{"line", 5}, {"column", "product_title"}},
            QJsonObject{{"line", 5}, {"column", "currency"}},
            QJsonObject{{"line", 6}, {"column", "SKU"}},
        };
        QJsonArray actual;
        for (const auto& e : r.json().value("errors").toArray()) {
            const auto o = e.toObject();
            QVERIFY(!o.value("message").toString().isEmpty());
            actual.append(QJsonObject{{"line", o.value("line")}, {"column", o.value("column")}});
        }
        QVERIFY2(actual == expected, QJsonDocument(r.json()).toJson().constData());
        const auto messages = QString::fromUtf8(r.body);
        QVERIFY(messages.contains("no thousands separator"));
        QVERIFY(messages.contains("CNY has 2 decimals"));
        QVERIFY(messages.contains("there is no category Tea/Gren tea"));
        QVERIFY(messages.contains("a new SKU needs product_title"));
        QCOMPARE(r.json().value("rows").toInt(), 5);
        QCOMPARE(sql(kFingerprint).section(' ', 0, 5), before.section(' ', 0, 5));
    }

    // A good file: the dry run lists exactly what changes (field by field, creates with all
    // their fields), writes only the import; the commit applies all of it in one go, with the
    // history, audit rows and events; a second commit answers the same and does nothing more.
    void goodFile_dryRunListsExactlyTheChanges_thenCommitAppliesThem() {
        const QByteArray csv =
            "\xEF\xBB\xBF"
            "sku,product_title,variant_title,price,currency,stock,low_stock_threshold,status,"
            "category,tags\r\n"
            "tea-001,Longjing,250 g,135.00,CNY,40,5,active,Tea/Green tea,green;spring\r\n"
            "TEA-002,Tieguanyin,\"100 g, \"\"gift\"\"\",88.50,CNY,20,5,active,tea/oolong,\r\n"
            "TEA-003,Biluochun,250 g,99.00,CNY,7,5,active,Tea/Green tea,\r\n"
            "\r\n"
            "NEW-1,Da Hong Pao,50 g,45.00,CNY,3,,draft,Tea/Oolong,rock;dark\r\n"
            "NEW-2,Da Hong Pao,100 g,80.00,CNY,,,,,\r\n";
        const auto before = fingerprint();
        const auto r = importCsv(csv);
        QVERIFY2(r.status == 201, r.body.constData());
        const auto dry = r.json();
        QCOMPARE(dry.value("rows").toInt(), 5);
        QCOMPARE(dry.value("creates").toInt(), 2);
        QCOMPARE(dry.value("updates").toInt(), 2);
        QCOMPARE(dry.value("unchanged").toInt(), 1);
        QCOMPARE(dry.value("errors").toArray(), QJsonArray());
        QCOMPARE(dry.value("changes_price").toBool(), true);
        const QJsonArray expected{
            change("tea-001", "price_minor", 12900, 13500),
            change("TEA-002", "variant_title", "250 g", "100 g, \"gift\""),
            change("TEA-002", "stock", 12, 20),
            change("NEW-1", "product_title", QJsonValue::Null, "Da Hong Pao"),
            change("NEW-1", "status", QJsonValue::Null, "draft"),
            change("NEW-1", "category", QJsonValue::Null, "Tea/Oolong"),
            change("NEW-1", "tags", QJsonValue::Null, QJsonArray{"rock", "dark"}),
            change("NEW-1", "variant_title", QJsonValue::Null, "50 g"),
            change("NEW-1", "price_minor", QJsonValue::Null, 4500),
            change("NEW-1", "currency", QJsonValue::Null, "CNY"),
            change("NEW-1", "stock", QJsonValue::Null, 3),
            change("NEW-1", "low_stock_threshold", QJsonValue::Null, 0),
            change("NEW-2", "variant_title", QJsonValue::Null, "100 g"),
            change("NEW-2", "price_minor", QJsonValue::Null, 8000),
            change("NEW-2", "currency", QJsonValue::Null, "CNY"),
            change("NEW-2", "stock", QJsonValue::Null, 0),
            change("NEW-2", "low_stock_threshold", QJsonValue::Null, 0),
        };
        QVERIFY2(dry.value("changes").toArray() == expected,
                 QJsonDocument(dry.value("changes").toArray()).toJson().constData());
        // Only the import was written.
        QCOMPARE(fingerprint().section(' ', 0, 5), before.section(' ', 0, 5));
        QCOMPARE(sql("SELECT count(*) FROM catalog_import_rows WHERE import_id = " +
                     QString::number(dry.value("id").toInteger())),
                 QString("5"));

        const auto id = dry.value("id").toInteger();
        const auto c = commit(id);
        QVERIFY2(c.status == 200, c.body.constData());
        QCOMPARE(c.json().value("creates").toInt(), 2);
        QCOMPARE(c.json().value("updates").toInt(), 2);
        QCOMPARE(c.json().value("products").toInt(), 3);
        const QString reason = "import " + QString::number(id);
        QCOMPARE(sql("SELECT price_minor || ' ' || stock FROM skus WHERE sku = 'TEA-001'"),
                 QString("13500 40"));
        QCOMPARE(sql("SELECT title || '|' || stock FROM skus WHERE sku = 'TEA-002'"),
                 QString("100 g, \"gift\"|20"));
        QCOMPARE(sql("SELECT from_minor || '>' || to_minor FROM price_history WHERE reason = '" +
                     reason + "' AND from_minor IS NOT NULL"),
                 QString("12900>13500"));
        QCOMPARE(sql("SELECT delta || ' ' || stock_after FROM stock_adjustments WHERE reason = '" +
                     reason + "' AND sku_id = (SELECT id FROM skus WHERE sku = 'TEA-002')"),
                 QString("8 20"));
        QCOMPARE(sql("SELECT string_agg(s.sku || ':' || s.position || ':' || s.price_minor || ':' "
                     "|| p.title || ':' || p.status || ':' || array_to_string(p.tags, ';') || ':' "
                     "|| c.name, ' ' ORDER BY s.sku) FROM skus s JOIN products p ON p.id = "
                     "s.product_id JOIN categories c ON c.id = p.category_id WHERE s.sku LIKE "
                     "'NEW-%'"),
                 QString("NEW-1:0:4500:Da Hong Pao:draft:rock;dark:Oolong "
                         "NEW-2:1:8000:Da Hong Pao:draft:rock;dark:Oolong"));
        QCOMPARE(sql("SELECT count(*) FROM price_history WHERE reason = '" + reason + "'"),
                 QString("3"));
        QCOMPARE(sql("SELECT version FROM products WHERE title = 'Longjing'"), QString("2"));
        QCOMPARE(sql("SELECT version FROM products WHERE title = 'Biluochun'"), QString("1"));
        QCOMPARE(sql("SELECT string_agg(action, ',' ORDER BY action) FROM audit_log WHERE "
                     "entity = 'product' AND after->>'import_id' = '" +
                     QString::number(id) + "'"),
                 QString("product.create,product.update,product.update"));
        QCOMPARE(sql("SELECT count(*) FROM events WHERE kind = 'product.updated' AND "
                     "payload->>'changed_by' = 'merch'"),
                 QString("3"));
        QVERIFY(sql("SELECT search FROM products WHERE title = 'Da Hong Pao'").contains("new-2"));

        const auto after = fingerprint();
        const auto again = commit(id);
        QCOMPARE(again.status, 200);
        QCOMPARE(again.json(), c.json());
        QCOMPARE(fingerprint(), after);
    }

    // A product changed between the dry run and the commit: 409 naming it, nothing applied.
    void productChangedSinceDryRun_is409_andNothingIsApplied() {
        seedProduct("Jasmine", "TEA-010", 5000, 10);
        seedProduct("Pu-erh", "TEA-011", 15000, 10);
        const auto r = importCsv("sku,price,stock\nTEA-010,55.00,11\nTEA-011,160.00,9\n");
        QCOMPARE(r.status, 201);
        QCOMPARE(r.json().value("updates").toInt(), 2);
        sql("UPDATE products SET title = 'Pu-erh (aged)', version = version + 1 "
            "WHERE title = 'Pu-erh'");
        const auto before = fingerprint();
        const auto c = commit(r.json().value("id").toInteger());
        QVERIFY2(c.status == 409, c.body.constData());
        QCOMPARE(c.errorCode(), QString("conflict"));
        QCOMPARE(errorDetails(c).value("skus").toArray(), QJsonArray{"TEA-011"});
        QCOMPARE(fingerprint(), before);
        QCOMPARE(sql("SELECT price_minor FROM skus WHERE sku = 'TEA-010'"), QString("5000"));
        // A new SKU taken by someone else meanwhile is the same.
        const auto n = importCsv("sku,product_title,price,currency\nTEA-012,Yellow,1.00,CNY\n");
        QCOMPARE(n.status, 201);
        seedProduct("Yellow bud", "tea-012", 100, 1);
        QCOMPARE(commit(n.json().value("id").toInteger()).status, 409);
    }

    // A price change needs catalog.price: without it, each such row is an error at its price
    // (so the commit is refused); other changes go through.
    void priceChange_withoutCatalogPrice_isAnErrorRow() {
        const auto r = importCsv("sku,price,stock\nTEA-003,120.00,7\n", writerToken_);
        QCOMPARE(r.status, 201);
        const auto errors = r.json().value("errors").toArray();
        QCOMPARE(errors.size(), 1);
        QCOMPARE(errors[0].toObject().value("column").toString(), QString("price"));
        QVERIFY(errors[0].toObject().value("message").toString().contains("catalog.price"));
        QCOMPARE(commit(r.json().value("id").toInteger(), writerToken_).status, 422);
        const auto stock = importCsv("sku,price,stock\nTEA-003,99.00,8\n", writerToken_);
        QCOMPARE(stock.json().value("error_count").toInt(), 0);
        QCOMPARE(stock.json().value("changes_price").toBool(), false);
        QCOMPARE(commit(stock.json().value("id").toInteger(), writerToken_).status, 200);
        QCOMPARE(sql("SELECT stock FROM skus WHERE sku = 'TEA-003'"), QString("8"));
        // A new title is what the product list's search finds (with its SKUs) from then on.
        const auto title = importCsv("sku,product_title\nTEA-003,Biluochun Spring\n", writerToken_);
        QCOMPARE(title.json().value("updates").toInt(), 1);
        QCOMPARE(commit(title.json().value("id").toInteger(), writerToken_).status, 200);
        QCOMPARE(sql("SELECT search FROM products p JOIN skus s ON s.product_id = p.id "
                     "WHERE s.sku = 'TEA-003'"),
                 QString("biluochun spring  tea-003"));
        // Someone else's import is not there for them.
        QCOMPARE(commit(r.json().value("id").toInteger()).status, 404);
        QCOMPARE(commit(999999).status, 404);
    }

    // The merchandiser's case: 500 price changes pasted from a spreadsheet, seen, committed.
    void fiveHundredPriceChanges_inOneFile() {
        sql("WITH p AS (INSERT INTO products (title, status) SELECT 'Bulk ' || n, 'active' "
            "FROM generate_series(1, 500) n RETURNING id, title) INSERT INTO skus (product_id, "
            "sku, price_minor, currency) SELECT id, 'BULK-' || substr(title, 6), 1000, 'CNY' "
            "FROM p");
        QByteArray csv = "sku,price\n";
        for (int n = 1; n <= 500; ++n) {
            csv += "BULK-" + QByteArray::number(n) + "," + QByteArray::number(10 + n) + ".50\n";
        }
        const auto r = importCsv(csv);
        QCOMPARE(r.status, 201);
        QCOMPARE(r.json().value("updates").toInt(), 500);
        const auto changes = r.json().value("changes").toArray();
        QCOMPARE(changes.size(), 500);
        QCOMPARE(changes[499].toObject(), change("BULK-500", "price_minor", 1000, 51050));
        const auto c = commit(r.json().value("id").toInteger());
        QCOMPARE(c.status, 200);
        QCOMPARE(c.json().value("updates").toInt(), 500);
        QCOMPARE(sql("SELECT count(*) FROM price_history WHERE reason = 'import " +
                     QString::number(r.json().value("id").toInteger()) + "'"),
                 QString("500"));
        QCOMPARE(sql("SELECT sum(price_minor) FROM skus WHERE sku LIKE 'BULK-%'"),
                 QString::number(500 * 1050 + 100 * (500 * 501 / 2)));
    }
};

QTEST_GUILESS_MAIN(CatalogImportsTest)
#include "tst_catalog_imports.moc"
