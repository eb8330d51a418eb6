// Unit tests of the server's pieces that need no database: password hashing, tokens, migration
// bookkeeping, configuration, routing and error bodies.

#include <QtTest>

#include <boost/json/parse.hpp>
#include <set>

#include "api/router.h"
#include "auth/password.h"
#include "auth/secret_box.h"
#include "auth/throttle.h"
#include "auth/tokens.h"
#include "auth/totp.h"
#include "cache/estimate_cache.h"
#include "cache/response_cache.h"
#include "cache/session_cache.h"
#include "core/api_error.h"
#include "core/base64.h"
#include "core/config.h"
#include "core/hash.h"
#include "db/migrations.h"
#include "db/sql_time.h"
#include "orders/transition_table.h"

using namespace opsdesk::server;
using opsdesk::protocol::ErrorCode;

namespace {
const auth::ScryptParams kFast{10, 8, 1};
}

class ServerUnitTest : public QObject {
    Q_OBJECT

private slots:
    void password_hashThenVerify_acceptsOnlyThePassword() {
        const auto hash = auth::hashPassword("correct horse battery", kFast);
        QVERIFY(auth::verifyPassword("correct horse battery", hash));
        QVERIFY(!auth::verifyPassword("correct horse batterz", hash));
        QVERIFY(!auth::verifyPassword("", hash));
    }

    void password_hashCarriesItsParametersAndSalt() {
        const auto a = auth::hashPassword("same password", kFast);
        const auto b = auth::hashPassword("same password", kFast);
        QVERIFY2(a != b, "a fresh salt each time");
        QVERIFY(QString::fromStdString(a).startsWith("$scrypt$ln=10,r=8,p=1$"));
        const auto params = auth::storedParams(a);
        QVERIFY(params);
        QCOMPARE(params->log2N, 10);
        QCOMPARE(params->r, 8);
        QCOMPARE(params->p, 1);
        // 16-byte salt → 24 base64 characters.
        const auto parts = QString::fromStdString(a).split('$');
        QCOMPARE(parts.size(), 5);
        QCOMPARE(parts[3].size(), 24);
    }

    void password_defaultCostIsTheContractsMinimum() {
        const auth::ScryptParams defaults;
        QVERIFY(defaults.log2N >= 17);
        QCOMPARE(defaults.r, 8);
        QCOMPARE(defaults.p, 1);
        QCOMPARE(Config{}.scryptLog2N, 17);
    }

    void password_malformedStoredHash_neverVerifies_data() {
        QTest::addColumn<QString>("stored");
        QTest::newRow("empty") << "";
        QTest::newRow("plain text") << "opsdesk-demo";
        QTest::newRow("other scheme") << "$2b$12$abcdefghijklmnopqrstuv";
        QTest::newRow("missing key") << "$scrypt$ln=10,r=8,p=1$c2FsdHNhbHRzYWx0c2FsdA==";
        QTest::newRow("bad params") << "$scrypt$ln=x,r=8,p=1$c2FsdA==$a2V5";
        QTest::newRow("absurd cost") << "$scrypt$ln=40,r=8,p=1$c2FsdA==$a2V5";
        QTest::newRow("bad base64") << "$scrypt$ln=10,r=8,p=1$!!!!$a2V5";
    }
    void password_malformedStoredHash_neverVerifies() {
        QFETCH(QString, stored);
        QVERIFY(!auth::verifyPassword("anything at all", stored.toStdString()));
    }

    void password_policy_enforcesLengthInCharacters() {
        QVERIFY(auth::passwordPolicyViolation("short"));
        QVERIFY(auth::passwordPolicyViolation("123456789"));
        QVERIFY(!auth::passwordPolicyViolation("7hq2!xz9pw"));
        QVERIFY(!auth::passwordPolicyViolation(std::string(64, 'x') + std::string(64, 'y')));
        QVERIFY(auth::passwordPolicyViolation(std::string(65, 'x') + std::string(64, 'y')));
        // Ten Chinese characters are ten characters, not thirty bytes.
        QVERIFY(!auth::passwordPolicyViolation("密码密码密码密码密码"));
        QVERIFY(auth::passwordPolicyViolation("密码密码密码密码密"));
    }

    void tokens_are256BitBase64UrlAndUnique() {
        std::set<std::string> seen;
        for (int i = 0; i < 200; ++i) {
            const auto t = auth::newSessionToken();
            QCOMPARE(t.size(), std::size_t{43});
            for (char c : t) {
                QVERIFY(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_');
            }
            QVERIFY(seen.insert(t).second);
        }
    }

    void tokens_storedOnlyAsSha256Hex() {
        const auto h = auth::tokenHash("abc");
        QCOMPARE(QString::fromStdString(h),
                 QString("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
    }

    void hash_sha256HexAndHexRoundTrip() {
        // FIPS 180-2's "abc".
        QCOMPARE(sha256Hex("abc"),
                 std::string("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
        QCOMPARE(sha256("abc").size(), std::size_t(32));
        QCOMPARE(hexEncode(std::string("\x00\x7f\xff", 3)), std::string("007fff"));
        QCOMPARE(hexDecode("007FfF"), std::optional<std::string>(std::string("\x00\x7f\xff", 3)));
        QVERIFY(!hexDecode("abc"));
        QVERIFY(!hexDecode("zz"));
        QVERIFY(!hexDecode("+f"));
        QVERIFY(!hexDecode("-1"));
    }

    void sqlTime_postgresIsoTextBecomesTheContractsTime() {
        std::string out;
        db::appendUtcTimeJson(out, "2026-11-22 12:59:10.211642");
        QCOMPARE(out, std::string(R"("2026-11-22T12:59:10Z")"));
        QCOMPARE(db::utcTimeMicros("2026-11-22 12:59:10.2"),
                 std::string("2026-11-22T12:59:10.200000Z"));
        QCOMPARE(db::utcTimeMicros("2026-11-22 12:59:10"),
                 std::string("2026-11-22T12:59:10.000000Z"));
        QVERIFY_THROWS_EXCEPTION(std::runtime_error, db::utcTimeMicros("22/11/2026 12:59:10"));
        QCOMPARE(std::string(OPSDESK_SQL_TS("x")),
                 std::string(R"(to_char(x AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'))"));
    }

    void tokens_constantTimeEquals() {
        QVERIFY(auth::constantTimeEquals("abc", "abc"));
        QVERIFY(!auth::constantTimeEquals("abc", "abd"));
        QVERIFY(!auth::constantTimeEquals("abc", "abcd"));
        QVERIFY(auth::constantTimeEquals("", ""));
    }

    // RFC 6238 Appendix B, SHA-1 rows (8 digits, secret "12345678901234567890").
    void totp_matchesRfc6238TestVectors_data() {
        QTest::addColumn<qint64>("time");
        QTest::addColumn<QString>("code");
        QTest::newRow("59") << qint64(59) << "94287082";
        QTest::newRow("1111111109") << qint64(1111111109) << "07081804";
        QTest::newRow("1111111111") << qint64(1111111111) << "14050471";
        QTest::newRow("1234567890") << qint64(1234567890) << "89005924";
        QTest::newRow("2000000000") << qint64(2000000000) << "69279037";
        QTest::newRow("20000000000") << qint64(20000000000LL) << "65353130";
    }
    void totp_matchesRfc6238TestVectors() {
        QFETCH(qint64, time);
        QFETCH(QString, code);
        const std::string secret = "12345678901234567890";
        QCOMPARE(QString::fromStdString(auth::totpCode(secret, auth::totpStep(time), 8)), code);
    }

    void totp_acceptsNeighbouringStepsOnceEach() {
        const std::string secret32 = auth::base32Encode("12345678901234567890");
        QCOMPARE(QString::fromStdString(secret32), QString("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"));
        const std::int64_t t = 1'700'000'000;
        const std::string raw = "12345678901234567890";
        const auto now = auth::totpCode(raw, auth::totpStep(t));
        const auto previous = auth::totpCode(raw, auth::totpStep(t) - 1);
        const auto tooOld = auth::totpCode(raw, auth::totpStep(t) - 2);
        QCOMPARE(auth::verifyTotp(secret32, now, t, std::nullopt),
                 std::optional<std::int64_t>(auth::totpStep(t)));
        QVERIFY(auth::verifyTotp(secret32, previous, t, std::nullopt));
        QVERIFY(!auth::verifyTotp(secret32, tooOld, t, std::nullopt));
        // Once a step was used, neither it nor an earlier one works again.
        QVERIFY(!auth::verifyTotp(secret32, now, t, auth::totpStep(t)));
        QVERIFY(!auth::verifyTotp(secret32, previous, t, auth::totpStep(t) - 1));
        QVERIFY(!auth::verifyTotp(secret32, "12345", t, std::nullopt));
        QVERIFY(!auth::verifyTotp("not base32!", now, t, std::nullopt));
    }

    void totp_secretsAre160BitAndUriIsComplete() {
        const auto s = auth::newTotpSecret();
        QCOMPARE(s.size(), std::size_t{32});
        QCOMPARE(auth::base32Decode(s)->size(), std::size_t{20});
        QVERIFY(auth::newTotpSecret() != s);
        const auto uri = QString::fromStdString(auth::otpauthUri("OpsDesk", "li lei", s));
        QVERIFY(
            uri.startsWith("otpauth://totp/OpsDesk:li%20lei?secret=" + QString::fromStdString(s)));
        QVERIFY(uri.contains("issuer=OpsDesk"));
        QVERIFY(uri.contains("digits=6"));
        QVERIFY(uri.contains("period=30"));
    }

    // Two-factor secrets at rest: AES-256-GCM, bound to their row, opened by whichever of the
    // configured keys sealed them.
    void secretBox_sealsAndOpens_onlyInItsContext() {
        const std::string k1(64, 'a');
        const auto box = auth::SecretBox::fromKeyLines(k1 + "\n");
        const std::string secret = auth::newTotpSecret();
        const auto sealed = box.seal(secret, auth::totpContext(7));
        QVERIFY(QString::fromStdString(sealed).startsWith(
            "v1:" + QString::fromStdString(box.currentKeyId()) + ":"));
        QVERIFY2(sealed.find(secret) == std::string::npos, sealed.c_str());
        QCOMPARE(box.open(sealed, auth::totpContext(7)), std::optional(secret));
        QVERIFY(box.seal(secret, auth::totpContext(7)) != sealed);  // a fresh nonce each time
        // Another user's row, or a byte changed: it does not open.
        QCOMPARE(box.open(sealed, auth::totpContext(8)), std::nullopt);
        std::string altered = sealed;
        altered[altered.size() - 3] = altered[altered.size() - 3] == 'A' ? 'B' : 'A';
        QCOMPARE(box.open(altered, auth::totpContext(7)), std::nullopt);
        QVERIFY(box.isCurrent(sealed));
        // Kept before there was a key: read as it is, and not current (sealed at start-up).
        QCOMPARE(box.open(secret, auth::totpContext(7)), std::optional(secret));
        QVERIFY(!box.isCurrent(secret));
        // Without a key nothing is sealed.
        const auth::SecretBox none;
        QCOMPARE(none.seal(secret, auth::totpContext(7)), secret);
        QCOMPARE(none.open(sealed, auth::totpContext(7)), std::nullopt);
    }

    void secretBox_rotation_newKeySeals_oldKeysStillOpen() {
        const std::string k1(64, 'a');
        const std::string k2 = std::string(32, '0') + std::string(32, 'f');
        const auto old = auth::SecretBox::fromKeyLines(k1);
        const auto sealedOld = old.seal("JBSWY3DPEHPK3PXP", auth::totpContext(1));
        const auto both = auth::SecretBox::fromKeyLines("# rotated in 2026-12\n" + k2 + "\n" + k1 +
                                                        "  # the old one, until resealed\n");
        QVERIFY(both.currentKeyId() != old.currentKeyId());
        QCOMPARE(both.open(sealedOld, auth::totpContext(1)),
                 std::optional<std::string>("JBSWY3DPEHPK3PXP"));
        QVERIFY(!both.isCurrent(sealedOld));
        const auto sealedNew = both.seal("JBSWY3DPEHPK3PXP", auth::totpContext(1));
        QVERIFY(both.isCurrent(sealedNew));
        const auto onlyNew = auth::SecretBox::fromKeyLines(k2);
        QCOMPARE(onlyNew.open(sealedNew, auth::totpContext(1)),
                 std::optional<std::string>("JBSWY3DPEHPK3PXP"));
        QCOMPARE(onlyNew.open(sealedOld, auth::totpContext(1)), std::nullopt);
    }

    void secretBox_badKeyFiles_areRefusedSayingWhy_data() {
        QTest::addColumn<QString>("text");
        QTest::newRow("empty") << QString();
        QTest::newRow("comments only") << QString("# nothing here\n\n");
        QTest::newRow("short") << QString(62, 'a');
        QTest::newRow("not hex") << QString(63, 'a') + "g";
    }
    void secretBox_badKeyFiles_areRefusedSayingWhy() {
        QFETCH(QString, text);
        QVERIFY_THROWS_EXCEPTION(std::runtime_error,
                                 auth::SecretBox::fromKeyLines(text.toStdString()));
        QVERIFY_THROWS_EXCEPTION(std::runtime_error,
                                 auth::SecretBox::fromFile("/nonexistent/opsdesk-totp.key"));
    }

    void password_commonPasswordsAreRefused() {
        QVERIFY(auth::isCommonPassword("password123"));
        QVERIFY(auth::isCommonPassword("PassWord123"));
        QVERIFY(auth::isCommonPassword("qwertyuiop"));
        QVERIFY(!auth::isCommonPassword("7hq2!xz9pw"));
        QVERIFY(auth::passwordPolicyViolation("password123"));
        QVERIFY(auth::passwordPolicyViolation("1234567890"));
    }

    void base64_roundTrips() {
        for (const std::string s : {"", "f", "fo", "foo", "foob", "fooba", "foobar"}) {
            std::string back;
            QVERIFY(base64Decode(base64Encode(s), &back));
            QCOMPARE(back, s);
            QVERIFY(base64UrlDecode(base64UrlEncode(s), &back));  // unpadded, as cursors are
            QCOMPARE(back, s);
        }
        std::string url;
        QVERIFY(base64UrlDecode("-_8", &url));
        QCOMPARE(url, std::string("\xfb\xff"));
        std::string out;
        QVERIFY(!base64Decode("abc", &out));
    }

    void responseCache_keepsA200ForItsGenerationOnly() {
        using opsdesk::server::cache::ResponseCache;
        ResponseCache cache(std::chrono::minutes(1), 1 << 20);
        opsdesk::server::http::Response out;
        int told = 0;
        auto waiter = [&](opsdesk::server::http::Response) { ++told; };
        QCOMPARE(cache.find("/o?a", 7, out, waiter), ResponseCache::Found::Lead);
        cache.complete("/o?a", 7, opsdesk::server::http::Response::json(200, "{\"n\":1}"), 7);
        QCOMPARE(cache.find("/o?a", 7, out, waiter), ResponseCache::Found::Hit);
        QCOMPARE(out.body, std::string("{\"n\":1}"));
        // Another generation: the entry is gone, the next asker leads.
        QCOMPARE(cache.find("/o?a", 8, out, waiter), ResponseCache::Found::Lead);
        QCOMPARE(cache.size(), std::size_t(0));
        // An answer computed under a generation that has moved on meanwhile is not kept.
        cache.complete("/o?a", 8, opsdesk::server::http::Response::json(200, "{}"), 9);
        QCOMPARE(cache.find("/o?a", 9, out, waiter), ResponseCache::Found::Lead);
        // Errors are handed on but never kept.
        cache.complete("/o?a", 9, opsdesk::server::http::Response::json(503, "{}"), 9);
        QCOMPARE(cache.find("/o?a", 9, out, waiter), ResponseCache::Found::Lead);
        QCOMPARE(told, 0);
    }

    void responseCache_joinersGetTheLeadsAnswer_onceEach() {
        using opsdesk::server::cache::ResponseCache;
        ResponseCache cache(std::chrono::minutes(1), 1 << 20);
        opsdesk::server::http::Response out;
        std::vector<std::string> got;
        auto waiter = [&](opsdesk::server::http::Response r) { got.push_back(r.body); };
        QCOMPARE(cache.find("/o", 3, out, waiter), ResponseCache::Found::Lead);
        QCOMPARE(cache.find("/o", 3, out, waiter), ResponseCache::Found::Joined);
        QCOMPARE(cache.find("/o", 3, out, waiter), ResponseCache::Found::Joined);
        // One asking at a newer generation does not join an older query: it leads its own.
        QCOMPARE(cache.find("/o", 4, out, waiter), ResponseCache::Found::Lead);
        cache.complete("/o", 3, opsdesk::server::http::Response::json(200, "old"), 4);
        QCOMPARE(got, (std::vector<std::string>{"old", "old"}));
        QCOMPARE(cache.size(), std::size_t(0));  // generation 3 is over: not kept
        cache.complete("/o", 4, opsdesk::server::http::Response::json(200, "new"), 4);
        QCOMPARE(got.size(), std::size_t(2));
        QCOMPARE(cache.find("/o", 4, out, waiter), ResponseCache::Found::Hit);
        QCOMPARE(out.body, std::string("new"));
    }

    void responseCache_staysWithinItsBytes_leastRecentlyUsedFirstOut() {
        using opsdesk::server::cache::ResponseCache;
        ResponseCache cache(std::chrono::minutes(1), 64 * 1024);
        opsdesk::server::http::Response out;
        auto ignore = [](opsdesk::server::http::Response) {};
        const std::string body(10 * 1024, 'x');
        for (int i = 0; i < 20; ++i) {
            const std::string key = "/o?page=" + std::to_string(i);
            QCOMPARE(cache.find(key, 1, out, ignore), ResponseCache::Found::Lead);
            cache.complete(key, 1, opsdesk::server::http::Response::json(200, body), 1);
            // Keep page 0 in use.
            QCOMPARE(cache.find("/o?page=0", 1, out, ignore), ResponseCache::Found::Hit);
        }
        QVERIFY(cache.bytes() <= 64 * 1024);
        QVERIFY(cache.size() >= 4);
        QCOMPARE(cache.find("/o?page=19", 1, out, ignore), ResponseCache::Found::Hit);
        QCOMPARE(cache.find("/o?page=1", 1, out, ignore), ResponseCache::Found::Lead);
        // Too big for a quarter of the budget: handed on, not kept.
        cache.complete("/o?page=1", 1,
                       opsdesk::server::http::Response::json(200, std::string(20 * 1024, 'y')), 1);
        QCOMPARE(cache.find("/o?page=1", 1, out, ignore), ResponseCache::Found::Lead);
    }

    void responseCache_entriesExpire() {
        using opsdesk::server::cache::ResponseCache;
        ResponseCache cache(std::chrono::milliseconds(30), 1 << 20);
        opsdesk::server::http::Response out;
        auto ignore = [](opsdesk::server::http::Response) {};
        cache.put("/o", 1, opsdesk::server::http::Response::json(200, "{}"), 1);
        QCOMPARE(cache.find("/o", 1, out, ignore), ResponseCache::Found::Hit);
        QTest::qSleep(60);
        QCOMPARE(cache.find("/o", 1, out, ignore), ResponseCache::Found::Lead);
    }

    void estimateCache_keepsACountForItsGenerationOnly() {
        using opsdesk::server::cache::EstimateCache;
        EstimateCache cache(std::chrono::minutes(1), 100);
        const EstimateCache::Estimate big{1'200'000, false};
        QVERIFY(!cache.get("status=paid", 7));
        cache.put("status=paid", 7, big, 7);
        QCOMPARE(cache.get("status=paid", 7), std::optional(big));
        // Any order change moves the generation: the count is counted again.
        QVERIFY(!cache.get("status=paid", 8));
        QVERIFY(!cache.get("status=paid", 7));  // and the old one is gone
        // Counted under 8, but 9 is current by the time it is stored: a change may be missing.
        cache.put("status=paid", 8, big, 9);
        QVERIFY(!cache.get("status=paid", 8));
        QCOMPARE(cache.size(), std::size_t(0));
        // Generation 0 (the change listener is down): nothing is kept or answered.
        cache.put("status=paid", 0, big, 0);
        QVERIFY(!cache.get("status=paid", 0));
        QCOMPARE(cache.size(), std::size_t(0));
    }

    void estimateCache_staysWithinItsSize_leastRecentlyUsedFirstOut() {
        using opsdesk::server::cache::EstimateCache;
        EstimateCache cache(std::chrono::minutes(1), 3);
        cache.put("a", 1, {1, true}, 1);
        cache.put("b", 1, {2, true}, 1);
        cache.put("c", 1, {3, true}, 1);
        QVERIFY(cache.get("a", 1));  // a in use: b is now the least recently used
        cache.put("d", 1, {4, true}, 1);
        QCOMPARE(cache.size(), std::size_t(3));
        QVERIFY(!cache.get("b", 1));
        QCOMPARE(cache.get("a", 1)->total, 1);
        QCOMPARE(cache.get("c", 1)->total, 3);
        QCOMPARE(cache.get("d", 1)->total, 4);
        cache.put("c", 1, {33, false}, 1);  // a new count replaces the old
        QCOMPARE(cache.get("c", 1)->total, 33);
        QCOMPARE(cache.size(), std::size_t(3));
    }

    void estimateCache_entriesExpire() {
        using opsdesk::server::cache::EstimateCache;
        EstimateCache cache(std::chrono::milliseconds(30), 10);
        cache.put("a", 1, {5000, true}, 1);
        QVERIFY(cache.get("a", 1));
        QTest::qSleep(60);
        QVERIFY(!cache.get("a", 1));
    }

    void sessionCache_generationTtlAndSessionLifetimeBoundAnEntry() {
        using opsdesk::server::cache::SessionCache;
        SessionCache cache(std::chrono::minutes(1));
        opsdesk::server::api::Principal p;
        p.userId = 42;
        p.username = "li";
        cache.put("hash-a", p, 5, 3600);
        QVERIFY(cache.get("hash-a", 5).has_value());
        QCOMPARE(cache.get("hash-a", 5)->username, std::string("li"));
        QVERIFY(!cache.get("hash-b", 5).has_value());
        QVERIFY(!cache.get("hash-a", 6).has_value());  // something changed: forgotten
        QVERIFY(!cache.get("hash-a", 5).has_value());
        // A session with 20 ms to live is not remembered longer than that.
        cache.put("hash-c", p, 5, 0.02);
        QVERIFY(cache.get("hash-c", 5).has_value());
        QTest::qSleep(50);
        QVERIFY(!cache.get("hash-c", 5).has_value());
        cache.put("hash-d", p, 5, 0);  // already over
        QVERIFY(!cache.get("hash-d", 5).has_value());
        SessionCache off(std::chrono::milliseconds(0));
        off.put("hash-a", p, 5, 3600);
        QVERIFY(!off.get("hash-a", 5).has_value());
    }

    void migrations_embeddedFilesLoadInOrder() {
        const auto ms = db::loadMigrations(db::embeddedMigrationFiles());
        QVERIFY(!ms.empty());
        QCOMPARE(ms.front().version, 1);
        QCOMPARE(QString::fromStdString(ms.front().name), QString("foundation"));
        for (std::size_t i = 1; i < ms.size(); ++i) {
            QVERIFY(ms[i - 1].version < ms[i].version);
        }
        QCOMPARE(ms.front().checksum, sha256Hex(ms.front().sql));
    }

    void migrations_badFileNames_areRefused() {
        const std::vector<db::MigrationFile> bad{{"first.sql", "SELECT 1"}};
        QVERIFY_THROWS_EXCEPTION(db::MigrationError, db::loadMigrations(bad));
        const std::vector<db::MigrationFile> twice{{"0001_a.sql", "SELECT 1"},
                                                   {"0001_b.sql", "SELECT 2"}};
        QVERIFY_THROWS_EXCEPTION(db::MigrationError, db::loadMigrations(twice));
    }

    void migrations_pending_areThoseNotApplied() {
        const auto known = db::loadMigrations(
            {{"0001_a.sql", "SELECT 1"}, {"0002_b.sql", "SELECT 2"}, {"0003_c.sql", "SELECT 3"}});
        const std::vector<db::AppliedMigration> applied{{1, "a", known[0].checksum}};
        const auto pending = db::pendingMigrations(known, applied);
        QCOMPARE(pending.size(), std::size_t{2});
        QCOMPARE(pending[0].version, 2);
        QCOMPARE(pending[1].version, 3);
        QVERIFY(db::pendingMigrations(known, {{1, "a", known[0].checksum},
                                              {2, "b", known[1].checksum},
                                              {3, "c", known[2].checksum}})
                    .empty());
    }

    void migrations_editedAfterApplied_isRefusedWithClearMessage() {
        const auto known = db::loadMigrations({{"0001_a.sql", "SELECT 1 -- edited"}});
        const std::vector<db::AppliedMigration> applied{{1, "a", sha256Hex("SELECT 1")}};
        try {
            db::pendingMigrations(known, applied);
            QFAIL("an edited migration was accepted");
        } catch (const db::MigrationError& e) {
            QVERIFY(QString(e.what()).contains("changed after it was applied"));
        }
    }

    void migrations_unknownAppliedVersion_meansDatabaseIsNewer() {
        const auto known = db::loadMigrations({{"0001_a.sql", "SELECT 1"}});
        const std::vector<db::AppliedMigration> applied{{1, "a", known[0].checksum}, {2, "b", "x"}};
        QVERIFY_THROWS_EXCEPTION(db::MigrationError, db::pendingMigrations(known, applied));
    }

    void config_flagsOverrideDefaults() {
        const auto parsed = parseArgs({"--listen", "0.0.0.0:9000", "--database=postgresql://x",
                                       "--scrypt-log2n", "12", "--lockout-seconds", "60"},
                                      {}, {});
        QCOMPARE(QString::fromStdString(parsed.config.listenHost), QString("0.0.0.0"));
        QCOMPARE(parsed.config.listenPort, std::uint16_t{9000});
        QCOMPARE(QString::fromStdString(parsed.config.databaseUrl), QString("postgresql://x"));
        QCOMPARE(parsed.config.scryptLog2N, 12);
        QCOMPARE(parsed.config.lockoutDuration.count(), 60);
        QCOMPARE(parsed.config.lockoutThreshold, 5);
    }

    void config_badValues_areRefusedNamingTheFlag() {
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, parseArgs({"--listen", "nope"}, {}, {}));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, parseArgs({"--scrypt-log2n", "4"}, {}, {}));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, parseArgs({"--frobnicate", "1"}, {}, {}));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, parseArgs({"--database"}, {}, {}));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, parseArgs({"--tls-cert", "a"}, {}, {}));
        try {
            parseArgs({"--db-threads", "zero"}, {}, {});
            QFAIL("accepted a bad number");
        } catch (const std::invalid_argument& e) {
            QVERIFY(QString(e.what()).contains("--db-threads"));
        }
    }

    void config_databaseDescription_hidesThePassword_data() {
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("described");
        QTest::newRow("url") << "postgresql://opsdesk:s3cret@127.0.0.1:5432/opsdesk"
                             << "postgresql://opsdesk@127.0.0.1:5432/opsdesk";
        QTest::newRow("url, @ in the password")
            << "postgres://opsdesk:s3c@ret@db.example/opsdesk?sslmode=require"
            << "postgres://opsdesk@db.example/opsdesk?sslmode=require";
        QTest::newRow("url query") << "postgresql://127.0.0.1/opsdesk?user=opsdesk&password=s3cret"
                                      "&sslmode=require"
                                   << "postgresql://127.0.0.1/opsdesk?user=opsdesk&sslmode=require";
        QTest::newRow("url query, only the password")
            << "postgresql://127.0.0.1/opsdesk?password=s3cret"
            << "postgresql://127.0.0.1/opsdesk";
        QTest::newRow("keyword/value")
            << "host=127.0.0.1 port=5432 dbname=opsdesk user=opsdesk password=s3cret"
            << "host=127.0.0.1 port=5432 dbname=opsdesk user=opsdesk";
        QTest::newRow("keyword/value, quoted with spaces and escapes")
            << "password = 's3 cr\\'et' host=db dbname='ops desk'"
            << "host=db dbname='ops desk'";
        QTest::newRow("no password") << "postgresql:///opsdesk"
                                     << "postgresql:///opsdesk";
    }
    void config_databaseDescription_hidesThePassword() {
        QFETCH(QString, url);
        QFETCH(QString, described);
        Config c;
        c.databaseUrl = url.toStdString();
        const auto d = QString::fromStdString(c.databaseDescription());
        QCOMPARE(d, described);
        QVERIFY(!d.contains("s3c") && !d.contains("cr"));
    }

    void router_matchesPatternsWithParameters() {
        api::PathParams params;
        QVERIFY(api::matchPattern("/api/v1/users/{id}", "/api/v1/users/42", &params));
        QCOMPARE(QString::fromStdString(params.at("id")), QString("42"));
        QVERIFY(!api::matchPattern("/api/v1/users/{id}", "/api/v1/users/", &params));
        QVERIFY(!api::matchPattern("/api/v1/users/{id}", "/api/v1/users/4/x", &params));
        QVERIFY(api::matchPattern("/api/v1/health", "/api/v1/health", &params));
        QVERIFY(!api::matchPattern("/api/v1/health", "/api/v1/healthz", &params));
    }

    void routeTable_hasNoDuplicatesAndEveryRouteHasAHandler() {
        std::set<std::pair<std::string_view, std::string_view>> seen;
        for (const auto& r : api::routeTable()) {
            QVERIFY(seen.insert({r.method, r.pattern}).second);
            QVERIFY((r.handler != nullptr) != (r.asyncHandler != nullptr));
            QVERIFY(r.pattern.starts_with("/api/v1/"));
            // Asynchronous handlers bypass the router's sessions: only public ones and those of
            // the service key (which the router checks before them) may.
            if (r.asyncHandler) {
                QVERIFY(r.access.kind == api::Access::Kind::Public ||
                        r.access.kind == api::Access::Kind::ServiceKey);
            }
        }
    }

    // A write that can change sessions, users, roles, their permissions or the security settings
    // says so in the route table (the router then forgets remembered sessions at once): a route
    // added under those paths without the column fails here instead of serving stale sessions.
    void routeTable_writesOnSessionsUsersRolesAndSettings_changeAccess() {
        int writes = 0;
        for (const auto& route : api::routeTable()) {
            const std::string name = std::string(route.method) + " " + std::string(route.pattern);
            if (route.method == "GET") {
                QVERIFY2(!route.changesAccess, (name + ": a read changes nothing").c_str());
                continue;
            }
            bool onAccess = false;
            for (const std::string_view prefix :
                 {"/api/v1/auth/", "/api/v1/users", "/api/v1/roles", "/api/v1/settings"}) {
                onAccess = onAccess || route.pattern.starts_with(prefix);
            }
            if (onAccess) {
                QVERIFY2(route.changesAccess, (name + " lacks .changesAccess = true").c_str());
                ++writes;
            }
        }
        QVERIFY(writes >= 15);
    }

    void apiError_rendersTheContractsErrorBody() {
        const auto r = ApiError(ErrorCode::ValidationFailed, "Some fields are not valid",
                                {{"email", "not an email address"}}, {{"hint", "check the form"}})
                           .toResponse();
        QCOMPARE(r.status, 422);
        const auto v = boost::json::parse(r.body).as_object();
        const auto& e = v.at("error").as_object();
        QCOMPARE(QString::fromStdString(std::string(e.at("code").as_string())),
                 QString("validation_failed"));
        QCOMPARE(QString::fromStdString(std::string(e.at("fields").at("email").as_string())),
                 QString("not an email address"));
        QVERIFY(e.contains("details"));
        QCOMPARE(QString::fromStdString(std::string(*r.headers.get("Content-Type"))),
                 QString("application/json"));
    }

    void docs_apiMarkdownCarriesTheTransitionTable() {
        QFile f(qEnvironmentVariable("OPSDESK_SOURCE_DIR") + "/docs/API.md");
        QVERIFY2(f.open(QIODevice::ReadOnly), "docs/API.md not found");
        const QString doc = QString::fromUtf8(f.readAll());
        const QString table = QString::fromStdString(orders::transitionTableMarkdown());
        QVERIFY2(doc.contains(table),
                 "docs/API.md differs from the transition table; paste `opsdesk-server "
                 "transitions` into it");
    }

    void throttle_allowsBurstThenRefusesWithRetryAfter() {
        auth::LoginThrottle throttle(3);
        const auto t0 = auth::LoginThrottle::Clock::now();
        int retry = 0;
        QVERIFY(throttle.allow("10.0.0.1", &retry, t0));
        QVERIFY(throttle.allow("10.0.0.1", &retry, t0));
        QVERIFY(throttle.allow("10.0.0.1", &retry, t0));
        QVERIFY(!throttle.allow("10.0.0.1", &retry, t0));
        QVERIFY(retry >= 1 && retry <= 20);
        QVERIFY2(throttle.allow("10.0.0.2", &retry, t0), "another address has its own bucket");
        QVERIFY(throttle.allow("10.0.0.1", &retry, t0 + std::chrono::seconds(21)));
    }
};

QTEST_GUILESS_MAIN(ServerUnitTest)
#include "tst_server_unit.moc"
