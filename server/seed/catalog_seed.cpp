#include "seed/catalog_seed.h"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <chrono>
#include <pqxx/pqxx>
#include <string>
#include <string_view>

#include "catalog/product_sql.h"
#include "core/log.h"
#include "seed/demo_products.h"

namespace opsdesk::server::seed {

namespace {

// A top-level category: what its products are called before their kind, what their variants
// are called, the SKUs' prefix and the tag every product of it has.
struct Top {
    std::string_view name;
    std::string_view skuPrefix;
    std::string_view tag;
    std::initializer_list<std::string_view> qualifiers;
    std::initializer_list<std::string_view> variants;
};

// A category below a top-level one: the kinds of product in it and their price range (CNY
// minor units, the smallest variant).
struct Leaf {
    std::string_view name;
    std::string_view top;
    std::initializer_list<std::string_view> kinds;
    int priceLow;
    int priceHigh;
};

const Top kTops[] = {
    {"Tea",
     "TEA",
     "tea",
     {"Spring", "Mountain", "Hand-rolled", "Organic", "Aged", "First flush", "Imperial",
      "Wild-grown", "Stone-roasted", "Honey-scented", "Misty peak", "Old tree"},
     {"50 g", "100 g", "250 g", "500 g"}},
    {"Teaware",
     "WARE",
     "teaware",
     {"Celadon", "Jingdezhen", "Hand-thrown", "Ru kiln", "Jianzhan", "Blue and white", "Glass",
      "Stoneware", "Lacquered", "Minimalist"},
     {"White", "Celadon green", "Ink black", "Sky blue"}},
    {"Snacks",
     "SNK",
     "snacks",
     {"Traditional", "Hangzhou", "Suzhou-style", "Crispy", "Honey", "Sesame", "Salted", "Osmanthus",
      "Lotus seed", "Handmade"},
     {"Small box", "Family box", "Gift tin", "1 kg bag"}},
    {"Gifts",
     "GFT",
     "gifts",
     {"Festival", "Mid-autumn", "Spring festival", "Dragon boat", "Wedding", "Thank-you",
      "Corporate", "Connoisseur's"},
     {"Standard", "Deluxe", "Premium", "Grand"}},
    {"Home",
     "HOM",
     "home",
     {"Linen", "Silk", "Bamboo", "Porcelain", "Sandalwood", "Rattan", "Embroidered",
      "Hand-painted"},
     {"Natural", "Indigo", "Crimson", "Jade"}},
    {"Books",
     "BK",
     "books",
     {"Illustrated", "Pocket", "Collector's", "Annotated", "Beginner's", "Master's"},
     {"Paperback", "Hardcover", "Boxed set", "Bilingual"}},
};

const Leaf kLeaves[] = {
    {"Green tea",
     "Tea",
     {"Longjing", "Biluochun", "Huangshan Maofeng", "Xinyang Maojian", "Anji Bai Cha",
      "Lu An Gua Pian", "Taiping Houkui", "Gunpowder green tea"},
     1200,
     9800},
    {"Oolong",
     "Tea",
     {"Tieguanyin", "Da Hong Pao", "Dong Ding", "Phoenix Dancong", "Milk oolong", "Oriental Beauty",
      "Shui Xian", "Rou Gui"},
     1800,
     12800},
    {"Black tea",
     "Tea",
     {"Dian Hong", "Keemun", "Lapsang souchong", "Jin Jun Mei", "Yingde black tea",
      "Golden monkey"},
     1500,
     9900},
    {"White tea", "Tea", {"Silver needle", "White peony", "Shou Mei", "Gong Mei"}, 2500, 15800},
    {"Pu-erh",
     "Tea",
     {"Raw pu-erh cake", "Ripe pu-erh cake", "Pu-erh tuocha", "Pu-erh brick", "Mini pu-erh"},
     2800,
     26800},
    {"Scented & herbal",
     "Tea",
     {"Jasmine pearls", "Chrysanthemum buds", "Rose buds", "Osmanthus oolong", "Lotus leaf tea",
      "Barley tea"},
     900,
     4800},
    {"Matcha", "Tea", {"Ceremonial matcha", "Culinary matcha", "Hojicha powder"}, 2800, 9800},
    {"Teapots",
     "Teaware",
     {"Yixing clay teapot", "Porcelain teapot", "Glass teapot", "Side-handle teapot"},
     6800,
     88800},
    {"Cups & bowls",
     "Teaware",
     {"Tea cup", "Tasting cup set", "Tea bowl", "Double-wall mug", "Fairness pitcher"},
     1500,
     12800},
    {"Gongfu sets", "Teaware", {"Gongfu tea set", "Travel tea set", "Gaiwan set"}, 8800, 58800},
    {"Kettles", "Teaware", {"Cast iron kettle", "Electric kettle", "Clay kettle"}, 12800, 68800},
    {"Tea trays", "Teaware", {"Bamboo tea tray", "Stone tea tray", "Wooden tea tray"}, 6800, 39800},
    {"Accessories",
     "Teaware",
     {"Tea scoop", "Tea strainer", "Tea pet", "Tea towel", "Tea caddy", "Digital tea scale"},
     900,
     9800},
    {"Cakes & pastries",
     "Snacks",
     {"Osmanthus cakes", "Mung bean cakes", "Pineapple cakes", "Walnut cookies",
      "Egg yolk pastries"},
     1800,
     8800},
    {"Dried fruit",
     "Snacks",
     {"Dried mango", "Dried hawthorn", "Preserved plums", "Dried longan"},
     1200,
     5800},
    {"Nuts & seeds",
     "Snacks",
     {"Roasted melon seeds", "Candied walnuts", "Pine nuts", "Spiced peanuts"},
     1200,
     6800},
    {"Mooncakes",
     "Snacks",
     {"Red bean mooncakes", "Lotus paste mooncakes", "Five-nut mooncakes", "Snow skin mooncakes"},
     4800,
     19800},
    {"Gift boxes", "Gifts", {"Tea gift box", "Snack hamper", "Teaware gift set"}, 9800, 59800},
    {"Samplers & hampers",
     "Gifts",
     {"Tea sampler", "Tasting flight", "Discovery box"},
     6800,
     29800},
    {"Textiles", "Home", {"Table runner", "Cushion cover", "Tea mat", "Napkin set"}, 2800, 15800},
    {"Vases & decor",
     "Home",
     {"Vase", "Coaster set", "Calligraphy scroll", "Incense holder"},
     1900,
     39800},
    {"Incense", "Home", {"Incense sticks", "Incense cones", "Incense coil set"}, 1500, 8800},
    {"Tea culture",
     "Books",
     {"The Classic of Tea", "A history of tea", "Tea and Zen"},
     3800,
     12800},
    {"Brewing guides",
     "Books",
     {"Brewing guide", "Gongfu tea handbook", "Tea tasting notes"},
     990,
     6800},
};

boost::json::array strings(std::initializer_list<std::string_view> list) {
    boost::json::array out;
    for (const auto s : list) {
        out.emplace_back(s);
    }
    return out;
}

// The tree, made where missing (by name), and the generator's description of each leaf, in the
// temporary table seed_leaves (n, category_id, kinds, qualifiers, variants, prefix, tag,
// price_low, price_high).
void prepareCategories(pqxx::transaction_base& tx) {
    boost::json::array leaves;
    for (const auto& leaf : kLeaves) {
        for (const auto& top : kTops) {
            if (top.name == leaf.top) {
                leaves.push_back(boost::json::object{{"leaf", leaf.name},
                                                     {"top", top.name},
                                                     {"kinds", strings(leaf.kinds)},
                                                     {"qualifiers", strings(top.qualifiers)},
                                                     {"variants", strings(top.variants)},
                                                     {"prefix", top.skuPrefix},
                                                     {"tag", top.tag},
                                                     {"price_low", leaf.priceLow},
                                                     {"price_high", leaf.priceHigh}});
            }
        }
    }
    tx.exec_params(
        R"sql(
        CREATE TEMP TABLE seed_leaves ON COMMIT DROP AS
        SELECT row_number() OVER () AS n, x.*, NULL::bigint AS category_id
        FROM jsonb_to_recordset($1::jsonb) AS x(leaf text, top text, kinds text[],
             qualifiers text[], variants text[], prefix text, tag text, price_low int,
             price_high int)
)sql",
        boost::json::serialize(leaves));
    tx.exec(R"sql(
        INSERT INTO categories (name)
        SELECT DISTINCT top FROM seed_leaves
        WHERE NOT EXISTS (SELECT FROM categories c WHERE c.parent_id IS NULL
                          AND lower(c.name) = lower(top));
        INSERT INTO categories (name, parent_id)
        SELECT l.leaf, t.id FROM seed_leaves l
        JOIN categories t ON t.parent_id IS NULL AND lower(t.name) = lower(l.top)
        WHERE NOT EXISTS (SELECT FROM categories c WHERE c.parent_id = t.id
                          AND lower(c.name) = lower(l.leaf));
        UPDATE seed_leaves l SET category_id = c.id FROM categories c
        JOIN categories t ON t.id = c.parent_id
        WHERE lower(c.name) = lower(l.leaf) AND lower(t.name) = lower(l.top) AND t.parent_id IS NULL;
        )sql");
}

// The first price and the stock of the SKUs of products after `afterProduct`, as the server
// records them when a person creates a product.
void recordFirstPricesAndStock(pqxx::transaction_base& tx, std::int64_t afterProduct) {
    tx.exec_params(
        "INSERT INTO price_history (sku_id, from_minor, to_minor, currency, reason, actor, at) "
        "SELECT id, NULL, price_minor, currency, 'seeded', 'seed', created_at FROM skus "
        "WHERE product_id > $1",
        afterProduct);
    tx.exec_params(
        "INSERT INTO stock_adjustments (sku_id, delta, stock_after, reason, actor, at) "
        "SELECT id, stock, stock, 'initial stock', 'seed', created_at FROM skus "
        "WHERE product_id > $1 AND stock <> 0",
        afterProduct);
    tx.exec_params("UPDATE products p SET search = " OPSDESK_SQL_PRODUCT_SEARCH " WHERE p.id > $1",
                   afterProduct);
}

// `count` generated products after the last one there is; returns how many SKUs they have.
std::int64_t generateProducts(pqxx::transaction_base& tx, std::int64_t count) {
    const auto last = tx.exec1("SELECT coalesce(max(id), 0) FROM products")[0].as<std::int64_t>();
    // Pseudo-random but repeatable choices: hashint8 of the row number (or the product's id).
    tx.exec_params(R"sql(
        INSERT INTO products (title, description, status, category_id, tags, attributes,
                              created_at, updated_at)
        SELECT title, title || ' from our ' || lower(l.leaf) || ' range.',
               CASE WHEN h % 20 = 0 THEN 'archived' WHEN h % 10 = 1 THEN 'draft'
                    ELSE 'active' END,
               l.category_id,
               ARRAY[l.tag] || CASE WHEN h % 9 = 0 THEN ARRAY['bestseller'] ELSE '{}' END,
               jsonb_build_object('line', l.leaf),
               changed - (h % 200) * interval '1 day', changed
        FROM generate_series(1, $1) g,
             LATERAL (SELECT hashint8(g + $2) & 2147483647 AS h) r,
             LATERAL (SELECT * FROM seed_leaves WHERE n = 1 + r.h % (SELECT count(*) FROM seed_leaves)) l,
             LATERAL (SELECT l.qualifiers[1 + (r.h / 7) % cardinality(l.qualifiers)] || ' ' ||
                             l.kinds[1 + (r.h / 131) % cardinality(l.kinds)] AS title,
                             now() - (r.h % 31536000) * interval '1 second' AS changed) t
        ORDER BY changed
        )sql",
                   count, last);
    const auto skus = tx.exec_params1(R"sql(
        WITH ins AS (
            INSERT INTO skus (product_id, position, sku, title, price_minor, currency, stock,
                              low_stock_threshold, created_at, updated_at)
            SELECT p.id, k - 1, l.prefix || '-' || p.id || '-' || k, l.variants[k],
                   greatest(99, round((l.price_low + h % (l.price_high - l.price_low))
                                      * (1 + (k - 1) * 0.8) / 100.0) * 100 - 1)::bigint,
                   'CNY',
                   CASE WHEN h % 23 = 0 THEN h % 8 ELSE 20 + (h / 3) % 280 END,
                   10, p.created_at, p.updated_at
            FROM products p
            JOIN seed_leaves l ON l.category_id = p.category_id,
                 LATERAL (SELECT hashint8(p.id) & 2147483647 AS h) r,
                 LATERAL generate_series(1, 1 + (r.h / 11) % 4) k
            WHERE p.id > $1
            RETURNING 1)
        SELECT count(*) FROM ins
        )sql",
                                      last)[0]
                          .as<std::int64_t>();
    recordFirstPricesAndStock(tx, last);
    return skus;
}

// The products the demo orders name, a variant each; a few low on stock and one oversold.
void insertDemoProducts(pqxx::transaction_base& tx) {
    boost::json::array products;
    for (const auto& p : kDemoProducts) {
        products.push_back(boost::json::object{
            {"sku", p.sku}, {"title", p.title}, {"price", p.priceMinor}, {"leaf", p.category}});
    }
    const auto last = tx.exec1("SELECT coalesce(max(id), 0) FROM products")[0].as<std::int64_t>();
    tx.exec_params(R"sql(
        WITH d AS (
            SELECT x.*, row_number() OVER () AS ord FROM jsonb_to_recordset($1::jsonb)
                AS x(sku text, title text, price bigint, leaf text)),
        p AS (
            INSERT INTO products (title, description, status, category_id, tags)
            SELECT d.title, d.title || ': one of our best-loved.', 'active', l.category_id,
                   ARRAY[l.tag, 'bestseller']
            FROM d JOIN seed_leaves l ON l.leaf = d.leaf ORDER BY d.ord
            RETURNING id, title)
        INSERT INTO skus (product_id, sku, title, price_minor, currency, stock,
                          low_stock_threshold)
        SELECT p.id, d.sku, '', d.price, 'CNY',
               CASE d.sku WHEN 'SNK-006' THEN -3  -- oversold in the mid-autumn rush
                          WHEN 'TEA-010' THEN 4 WHEN 'ACC-005' THEN 2 WHEN 'POT-001' THEN 6
                          ELSE 60 + (hashint8(d.ord) & 1023) % 240 END,
               10
        FROM p JOIN d ON d.title = p.title
        )sql",
                   boost::json::serialize(products));
    recordFirstPricesAndStock(tx, last);
}

// Fresh statistics at once rather than when autovacuum comes round: the list's filters pick
// their plan by them (a handful of oversold SKUs among 250,000).
void analyse(pqxx::connection& db) {
    pqxx::nontransaction tx(db);
    tx.exec("ANALYZE categories, products, skus, price_history, stock_adjustments");
}

}  // namespace

void seedDemoCatalog(pqxx::connection& db) {
    pqxx::work tx(db);
    if (!tx.exec("SELECT 1 FROM products LIMIT 1").empty()) {
        return;
    }
    tx.exec("SET LOCAL jit = off");
    prepareCategories(tx);
    insertDemoProducts(tx);
    const auto skus =
        kDemoProducts.size() + generateProducts(tx, 2000 - std::int64_t(kDemoProducts.size()));
    tx.commit();
    analyse(db);
    log::info("demo catalog loaded", {{"products", 2000}, {"skus", std::int64_t(skus)}});
}

void seedProducts(pqxx::connection& db, std::int64_t count) {
    const auto started = std::chrono::steady_clock::now();
    pqxx::work tx(db);
    tx.exec("SET LOCAL jit = off");
    tx.exec("SET LOCAL synchronous_commit = off");
    prepareCategories(tx);
    const auto skus = generateProducts(tx, count);
    tx.commit();
    analyse(db);
    log::info(
        "products loaded",
        {{"products", count},
         {"skus", skus},
         {"seconds",
          std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count()}});
}

}  // namespace opsdesk::server::seed
