#include "seed/promotions_seed.h"

#include <pqxx/pqxx>

#include "core/log.h"

namespace opsdesk::server::seed {

namespace {

// The teas of the orders seed (orders_seed.cpp), for a catalog that has no SKU yet.
constexpr const char* kTeas = R"sql(
WITH tea AS (SELECT id FROM categories WHERE parent_id IS NULL AND lower(name) = 'tea'),
items (sku, title, price, stock, tags) AS (VALUES
  ('TEA-001', 'Longjing green tea 250 g', 1999, 120, '{tea,green}'::text[]),
  ('TEA-002', 'Tieguanyin oolong 200 g', 2599, 80, '{tea,oolong}'::text[]),
  ('TEA-003', 'Pu-erh cake 357 g', 8800, 40, '{tea,puerh}'::text[]),
  ('TEA-004', 'Jasmine pearls 100 g', 3200, 0, '{tea,green,jasmine}'::text[]),
  ('TEA-005', 'Dian Hong black tea 250 g', 2400, 60, '{tea,black}'::text[]),
  ('TEA-006', 'Aged white tea 2015, 350 g', 16800, 12, '{tea,white,gift}'::text[])),
p AS (
  INSERT INTO products (title, status, category_id, tags, search)
  SELECT i.title, 'active', tea.id, i.tags, lower(i.title || ' ' || array_to_string(i.tags, ' ')
                                                  || ' ' || i.sku)
  FROM items i, tea ORDER BY i.sku
  RETURNING id, title),
s AS (
  INSERT INTO skus (product_id, sku, price_minor, currency, stock)
  SELECT p.id, i.sku, i.price, 'CNY', i.stock FROM p JOIN items i ON i.title = p.title
  RETURNING id, price_minor)
INSERT INTO price_history (sku_id, from_minor, to_minor, currency, reason, actor)
SELECT id, NULL, price_minor, 'CNY', 'demo data', 'seed' FROM s
)sql";

constexpr const char* kMerchandising = R"sql(
WITH tea AS (SELECT id FROM categories WHERE parent_id IS NULL AND lower(name) = 'tea'),
cheap AS (
  INSERT INTO virtual_categories (name, kind, rule)
  SELECT 'Tea under ¥100', 'rule',
         jsonb_build_object('category_id', tea.id, 'include_descendants', true,
                            'max_price_minor', 9999, 'currency', 'CNY', 'status',
                            jsonb_build_array('active'))
  FROM tea RETURNING id),
stocked AS (
  INSERT INTO virtual_categories (name, kind, rule)
  SELECT 'Tea in stock', 'rule',
         jsonb_build_object('category_id', tea.id, 'include_descendants', true, 'in_stock', true)
  FROM tea RETURNING id),
gifts AS (
  INSERT INTO virtual_categories (name, kind) VALUES ('Gift ideas', 'manual') RETURNING id),
gift_members AS (
  INSERT INTO virtual_category_products (virtual_category_id, product_id)
  SELECT gifts.id, top.product_id FROM gifts,
         (SELECT product_id FROM skus GROUP BY product_id ORDER BY max(price_minor) DESC,
          product_id LIMIT 5) top),
week AS (
  INSERT INTO promotions (name, kind, percent, starts_at, ends_at)
  VALUES ('Tea week: 10 % off', 'percent', 10, date_trunc('day', now()) - interval '1 day',
          date_trunc('day', now()) + interval '7 days')
  RETURNING id),
week_targets AS (
  INSERT INTO promotion_targets (promotion_id, category_id) SELECT week.id, tea.id FROM week, tea),
offer AS (
  INSERT INTO promotions (name, kind, buy, get, starts_at, ends_at, priority)
  VALUES ('Cheap tea: buy 2, get 1', 'buy_x_get_y', 2, 1, date_trunc('day', now()),
          date_trunc('day', now()) + interval '14 days', 5)
  RETURNING id),
offer_targets AS (
  INSERT INTO promotion_targets (promotion_id, virtual_category_id)
  SELECT offer.id, cheap.id FROM offer, cheap),
flash_sku AS (
  SELECT s.id, s.sku, s.price_minor FROM skus s JOIN products p ON p.id = s.product_id
  WHERE p.status = 'active'
  ORDER BY coalesce(p.category_id IN (SELECT id FROM tea), false) DESC, s.price_minor, s.id LIMIT 1),
flash AS (
  INSERT INTO promotions (name, kind, price_minor, per_customer_limit, starts_at, ends_at,
                          priority, exclusive)
  SELECT 'Flash sale: ' || flash_sku.sku || ' at half price', 'flash_sale',
         flash_sku.price_minor / 2, 2, date_trunc('second', now()) + interval '5 minutes',
         date_trunc('second', now()) + interval '65 minutes', 100, true
  FROM flash_sku RETURNING id),
flash_targets AS (
  INSERT INTO promotion_targets (promotion_id, sku_id) SELECT flash.id, flash_sku.id
  FROM flash, flash_sku)
INSERT INTO flash_sale_stock (promotion_id, stock_cap) SELECT id, 100 FROM flash
)sql";

}  // namespace

void seedPromotionsDemo(pqxx::connection& db) {
    pqxx::work tx(db);
    if (!tx.exec("SELECT 1 FROM virtual_categories WHERE lower(name) = lower('Tea under ¥100')")
             .empty()) {
        return;
    }
    tx.exec(
        "INSERT INTO categories (name) SELECT 'Tea' WHERE NOT EXISTS "
        "(SELECT 1 FROM categories WHERE parent_id IS NULL AND lower(name) = 'tea')");
    const bool noSkus = tx.exec("SELECT 1 FROM skus LIMIT 1").empty();
    if (noSkus) {
        tx.exec(kTeas);
    }
    tx.exec(kMerchandising);
    tx.commit();
    log::info("demo promotions loaded", {{"teas_created", noSkus}});
}

}  // namespace opsdesk::server::seed
