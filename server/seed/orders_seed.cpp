#include "seed/orders_seed.h"

#include <chrono>
#include <memory>
#include <pqxx/pqxx>

#include "core/log.h"
#include "seed/demo_products.h"

namespace opsdesk::server::seed {

namespace {

constexpr std::int64_t kBatch = 100'000;
constexpr std::int64_t kRebuildIndexesFrom = 50'000;

// Deterministic "random" numbers in [0, 1) from an order number and a stream number, so the
// orders, their items and their payments agree without storing the draws anywhere.
constexpr const char* kFunctions = R"sql(
CREATE FUNCTION pg_temp.u(n bigint, k int) RETURNS float8 LANGUAGE sql IMMUTABLE AS
  $$ SELECT (abs(hashint8extended(n, k)) % 1000003) / 1000003.0 $$;
CREATE FUNCTION pg_temp.lines(n bigint) RETURNS int LANGUAGE sql IMMUTABLE AS
  $$ SELECT CASE WHEN pg_temp.u(n, 2) < 0.55 THEN 1 WHEN pg_temp.u(n, 2) < 0.85 THEN 2
                 WHEN pg_temp.u(n, 2) < 0.95 THEN 3 ELSE 4 END $$;
CREATE FUNCTION pg_temp.product(n bigint, line int, products int) RETURNS int LANGUAGE sql
  IMMUTABLE AS $$ SELECT 1 + floor(products * pow(pg_temp.u(n * 8 + line, 3), 2.2))::int $$;
CREATE FUNCTION pg_temp.qty(n bigint, line int) RETURNS int LANGUAGE sql IMMUTABLE AS
  $$ SELECT CASE WHEN pg_temp.u(n * 8 + line, 4) < 0.8 THEN 1
                 ELSE 2 + floor(pg_temp.u(n * 8 + line, 5) * 3)::int END $$;
)sql";

// The products the orders are made of (demo_products.h), in a temporary table by popularity.
std::string productsTable() {
    auto quoted = [](std::string_view text) {
        std::string out = "'";
        for (const char c : text) {
            out += c == '\'' ? "''" : std::string(1, c);
        }
        return out + "'";
    };
    std::string values;
    for (const auto& p : kDemoProducts) {
        values += values.empty() ? "" : ", ";
        values += "(" + quoted(p.sku) + ", " + quoted(p.title) + ", " +
                  std::to_string(p.priceMinor) + ")";
    }
    return "CREATE TEMP TABLE seed_products (idx int PRIMARY KEY, sku text, title text, "
           "price bigint); INSERT INTO seed_products SELECT row_number() OVER (), sku, title, "
           "price FROM (VALUES " +
           values + ") AS p (sku, title, price);";
}

constexpr const char* kCalendar = R"sql(
-- Days of the last year, weighted by growth (+80% over the year) and weekday (weekends busier);
-- hours of the day weighted towards lunch and the evening. Cumulative weights pick them.
CREATE TEMP TABLE seed_days AS
SELECT d, (sum(w) OVER (ORDER BY d) / sum(w) OVER ())::float8 AS cum FROM (
  SELECT d, (1 + 0.8 * d / 364.0) *
            CASE extract(isodow FROM current_date - 364 + d) WHEN 6 THEN 1.35 WHEN 7 THEN 1.45
                 WHEN 5 THEN 1.1 ELSE 1.0 END AS w
  FROM generate_series(0, 364) d) s;
CREATE INDEX ON seed_days (cum);
CREATE TEMP TABLE seed_hours AS
SELECT h, (sum(w) OVER (ORDER BY h) / sum(w) OVER ())::float8 AS cum FROM (
  SELECT h, (ARRAY[0.6,0.3,0.2,0.15,0.15,0.2,0.4,0.8,1.2,1.5,1.7,2.2,2.6,2.2,1.8,1.7,1.8,2.0,
                   2.4,2.9,3.3,3.2,2.4,1.3])[h + 1] AS w
  FROM generate_series(0, 23) h) s;
CREATE INDEX ON seed_hours (cum);
ANALYZE seed_products;
ANALYZE seed_days;
ANALYZE seed_hours;
)sql";

constexpr const char* kSecondaryIndexes[][2] = {
    {"orders_created_idx", "CREATE INDEX orders_created_idx ON orders (created_at DESC, id DESC)"},
    {"orders_status_created_idx",
     "CREATE INDEX orders_status_created_idx ON orders (status, created_at DESC, id DESC)"},
    {"orders_total_idx", "CREATE INDEX orders_total_idx ON orders (total_minor DESC, id DESC)"},
    {"orders_customer_idx",
     "CREATE INDEX orders_customer_idx ON orders (customer_id, created_at DESC)"},
    {"orders_search_trgm_idx",
     "CREATE INDEX orders_search_trgm_idx ON orders USING gin (search gin_trgm_ops)"},
    // migrations/0005_orders_list_indexes.sql
    {"orders_created_cover_idx",
     "CREATE INDEX orders_created_cover_idx ON orders (created_at DESC, id DESC) "
     "INCLUDE (total_minor, status)"},
    {"orders_number_trgm_idx",
     "CREATE INDEX orders_number_trgm_idx ON orders USING gin (lower(number) gin_trgm_ops)"},
    // migrations/0006_orders_search_customer_index.sql
    {"orders_customer_created_idx",
     "CREATE INDEX orders_customer_created_idx ON orders (customer_id, created_at DESC, id DESC) "
     "INCLUDE (total_minor, status)"},
};

}  // namespace

void seedOrders(pqxx::connection& db, std::int64_t count) {
    const auto started = std::chrono::steady_clock::now();
    // Temporary functions and tables live as long as the connection, across transactions.
    auto session = std::make_unique<pqxx::nontransaction>(db);
    session->exec(kFunctions);
    session->exec(productsTable());
    session->exec(kCalendar);
    session->exec("SET maintenance_work_mem = '512MB'");
    session->exec("SET synchronous_commit = off");
    // These statements are large expressions run once each: JIT would spend seconds compiling.
    session->exec("SET jit = off");
    const bool rebuild = count >= kRebuildIndexesFrom;
    if (rebuild) {
        for (const auto& ix : kSecondaryIndexes) {
            session->exec(std::string("DROP INDEX IF EXISTS ") + ix[0]);
        }
    }
    const std::int64_t products =
        session->exec1("SELECT count(*) FROM seed_products")[0].as<std::int64_t>();

    // Customers: one for every eight orders; a few buy very often, most once or twice.
    const std::int64_t customers = std::max<std::int64_t>(200, count / 8);
    const std::int64_t firstCustomer =
        session->exec1("SELECT coalesce(max(id), 0) FROM customers")[0].as<std::int64_t>();
    session->exec_params(R"sql(
        INSERT INTO customers (external_id, name, email, created_at)
        SELECT 'seed-c-' || ($1 + g),
               given || ' ' || family,
               lower(replace(given, ' ', '') || '.' || family || ($1 + g)) || '@' ||
                 (ARRAY['example.com','mail.example.cn','shop.example.net','example.org'])
                   [1 + (g % 4)],
               now() - interval '400 days' + g * interval '1 second'
        FROM generate_series(1, $2) g,
             LATERAL (SELECT (ARRAY['Wei','Fang','Min','Jing','Lei','Yan','Hui','Tao','Xin','Ying',
                                    'Jun','Li','Na','Qiang','Hong','Mei','Chen','Yu','Bo','Lan'])
                               [1 + (hashint8(g) & 1048575) % 20] AS given,
                             (ARRAY['Wang','Li','Zhang','Liu','Chen','Yang','Huang','Zhao','Wu',
                                    'Zhou','Xu','Sun','Ma','Zhu','Hu','Guo','He','Lin','Luo',
                                    'Gao'])[1 + (hashint8(g * 7) & 1048575) % 20] AS family) n)sql",
                         firstCustomer, customers);

    // Reserve the order ids so concurrent ingestion cannot collide with the seed.
    const std::int64_t first =
        session->exec1("SELECT nextval('orders_id_seq')")[0].as<std::int64_t>();
    session->exec_params("SELECT setval('orders_id_seq', $1)", first + count);
    session->commit();
    session.reset();

    for (std::int64_t from = first; from < first + count; from += kBatch) {
        const std::int64_t to = std::min(first + count, from + kBatch) - 1;
        pqxx::work tx(db);
        tx.exec("SET LOCAL synchronous_commit = off");
        // The orders, their money and status.
        tx.exec_params(R"sql(
        INSERT INTO orders (id, number, external_id, customer_id, status, currency,
                            subtotal_minor, discount_minor, shipping_minor, tax_minor,
                            total_minor, captured_minor, refunded_minor, search,
                            created_at, updated_at)
        SELECT n, number, 'seed-' || n, c.id, status, 'CNY', subtotal, discount, shipping, 0,
               subtotal - discount + shipping,
               CASE WHEN status IN ('pending_payment') OR (status = 'cancelled' AND paid_cancel = 0)
                    THEN 0 ELSE subtotal - discount + shipping END,
               CASE WHEN status = 'refunded' OR (status = 'cancelled' AND paid_cancel = 1)
                      THEN subtotal - discount + shipping
                    WHEN status = 'partially_refunded'
                      THEN greatest(1, (subtotal - discount + shipping) / 3)
                    ELSE 0 END,
               lower(number || ' ' || c.name || ' ' || c.email), at, least(at + interval '2 hours', now())
        FROM (
          SELECT n, 'OD' || lpad(n::text, greatest(8, length(n::text)), '0') AS number,
                 $3 + 1 + floor($4 * pow(pg_temp.u(n, 1), 2.5))::bigint AS customer,
                 sub.subtotal,
                 CASE WHEN pg_temp.u(n, 6) < 0.15 THEN sub.subtotal / 10 ELSE 0 END AS discount,
                 CASE WHEN sub.subtotal >= 9900 THEN 0 ELSE 800 END AS shipping,
                 t.at,
                 CASE WHEN pg_temp.u(n, 8) < 0.5 THEN 1 ELSE 0 END AS paid_cancel,
                 CASE
                   WHEN t.age < interval '1 hour' THEN
                     (ARRAY['pending_payment','pending_payment','paid'])[1 + floor(pg_temp.u(n, 7) * 3)::int]
                   WHEN t.age < interval '1 day' THEN
                     (ARRAY['pending_payment','paid','paid','fulfilling','fulfilling','cancelled'])
                       [1 + floor(pg_temp.u(n, 7) * 6)::int]
                   WHEN t.age < interval '4 days' THEN
                     (ARRAY['paid','fulfilling','shipped','shipped','shipped','delivered','cancelled'])
                       [1 + floor(pg_temp.u(n, 7) * 7)::int]
                   WHEN t.age < interval '14 days' THEN
                     (ARRAY['shipped','delivered','delivered','delivered','completed','completed',
                            'partially_refunded','cancelled'])[1 + floor(pg_temp.u(n, 7) * 8)::int]
                   ELSE
                     CASE WHEN pg_temp.u(n, 7) < 0.84 THEN 'completed'
                          WHEN pg_temp.u(n, 7) < 0.89 THEN 'cancelled'
                          WHEN pg_temp.u(n, 7) < 0.93 THEN 'refunded'
                          WHEN pg_temp.u(n, 7) < 0.96 THEN 'partially_refunded'
                          ELSE 'delivered' END
                 END AS status
          FROM generate_series($1::bigint, $2::bigint) n
          CROSS JOIN LATERAL (
            SELECT sum(p.price * pg_temp.qty(n, l))::bigint AS subtotal
            FROM generate_series(1, pg_temp.lines(n)) l
            JOIN seed_products p ON p.idx = least($5, pg_temp.product(n, l, $5::int))) sub
          CROSS JOIN LATERAL (
            SELECT (current_date - 364 + (SELECT d FROM seed_days WHERE cum >= pg_temp.u(n, 9)
                                          ORDER BY cum LIMIT 1))::timestamptz
                   + (SELECT h FROM seed_hours WHERE cum >= pg_temp.u(n, 10) ORDER BY cum LIMIT 1)
                     * interval '1 hour'
                   + pg_temp.u(n, 11) * interval '1 hour' AS at OFFSET 0) t0
          -- Today's hours that have not come yet wrap to the same weekday and hour 52 weeks
          -- back (the window's first day), so no order is dated in the future and the recent
          -- ones keep the daily curve instead of piling up at "now".
          CROSS JOIN LATERAL (SELECT CASE WHEN t0.at > now() - interval '1 minute'
                                          THEN t0.at - interval '364 days' ELSE t0.at END AS at
                              OFFSET 0) t1
          CROSS JOIN LATERAL (SELECT t1.at, now() - t1.at AS age OFFSET 0) t
        ) o
        JOIN customers c ON c.external_id = 'seed-c-' || o.customer)sql",
                       from, to, firstCustomer, customers, products);
        tx.exec_params(R"sql(
        INSERT INTO order_items (order_id, line, sku, title, unit_price_minor, quantity)
        SELECT n, l, p.sku, p.title, p.price, pg_temp.qty(n, l)
        FROM generate_series($1::bigint, $2::bigint) n
        CROSS JOIN LATERAL generate_series(1, pg_temp.lines(n)) l
        JOIN seed_products p ON p.idx = least($3, pg_temp.product(n, l, $3::int)))sql",
                       from, to, products);
        tx.exec_params(R"sql(
        INSERT INTO payments (order_id, provider, provider_ref, amount_minor, currency, captured_at)
        SELECT id, (ARRAY['alipay','wechat','unionpay','alipay','wechat'])[1 + id % 5],
               'seed-pay-' || id, captured_minor, currency,
               least(created_at + interval '3 minutes', now())
        FROM orders WHERE id BETWEEN $1 AND $2 AND captured_minor > 0)sql",
                       from, to);
        tx.exec_params(R"sql(
        INSERT INTO refunds (order_id, amount_minor, reason, created_at)
        SELECT id, refunded_minor,
               (ARRAY['Item arrived damaged','Customer changed their mind','Order cancelled',
                      'Late delivery','Wrong item sent'])[1 + id % 5],
               least(created_at + interval '3 days', now())
        FROM orders WHERE id BETWEEN $1 AND $2 AND refunded_minor > 0)sql",
                       from, to);
        tx.exec_params(R"sql(
        INSERT INTO shipments (order_id, carrier, tracking, shipped_at)
        SELECT id, (ARRAY['SF Express','JD Logistics','ZTO','YTO','China Post'])[1 + id % 5],
               upper(substr(md5(id::text), 1, 12)), least(created_at + interval '1 day', now())
        FROM orders WHERE id BETWEEN $1 AND $2
          AND status IN ('shipped','delivered','completed','partially_refunded','refunded'))sql",
                       from, to);
        tx.exec_params(R"sql(
        INSERT INTO order_history (order_id, from_status, to_status, actor, reason, at)
        SELECT id, NULL, 'pending_payment', '', 'received from the storefront', created_at
        FROM orders WHERE id BETWEEN $1 AND $2
        UNION ALL
        SELECT id, 'pending_payment', status, '', '', updated_at
        FROM orders WHERE id BETWEEN $1 AND $2 AND status <> 'pending_payment')sql",
                       from, to);
        tx.commit();
        log::info("seeding orders", {{"done", to - first + 1},
                                     {"of", count},
                                     {"seconds", std::chrono::duration_cast<std::chrono::seconds>(
                                                     std::chrono::steady_clock::now() - started)
                                                     .count()}});
    }
    session = std::make_unique<pqxx::nontransaction>(db);
    if (rebuild) {
        log::info("rebuilding order indexes");
        for (const auto& ix : kSecondaryIndexes) {
            session->exec(ix[1]);
        }
    }
    session->exec("ANALYZE customers");
    session->exec("ANALYZE orders");
    session->exec("ANALYZE order_items");
    const auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started);
    log::info("orders seeded", {{"orders", count},
                                {"customers", customers},
                                {"seconds", static_cast<std::int64_t>(seconds.count())}});
}

}  // namespace opsdesk::server::seed
