'use strict';
// The storefront price lookup of OpsDesk (`GET /api/v1/storefront/prices?sku=A,B&at=`) written
// the way a Node.js team would write it: fastify for HTTP, node-postgres (`pg`) with a pool, the
// lookup in SQL on every request (list price at `at` from the SKU and its price history, the
// promotions in force at `at` that target the SKU directly, through its category or an ancestor
// of it, or through a hand-picked virtual category; a flash sale only until it sold out), and
// the choice among them in JavaScript by the rules of docs/API.md ("Which promotion sets the
// price"). It is the peer bench/catalog-prices measures our server against, over the same
// database. Rule virtual categories are not evaluated here (the bench targets none).
//
// Usage: node server.js --database URL [--listen 127.0.0.1:PORT] [--db-threads 4]
//        [--service-key KEY]

const Fastify = require('fastify');
const pg = require('pg');

pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

function arg(name, env, fallback) {
  const i = process.argv.indexOf(name);
  if (i > 0 && i + 1 < process.argv.length) return process.argv[i + 1];
  if (env && process.env[env]) return process.env[env];
  return fallback;
}

const databaseUrl = arg('--database', 'OPSDESK_DATABASE_URL');
const listen = arg('--listen', 'PEER_LISTEN', '127.0.0.1:8545');
const poolSize = Number(arg('--db-threads', 'OPSDESK_DB_THREADS', '4'));
const serviceKey = arg('--service-key', 'OPSDESK_SERVICE_KEY', '');
if (!databaseUrl) {
  console.error('prices-node: pass --database URL');
  process.exit(2);
}
const pool = new pg.Pool({ connectionString: databaseUrl, max: poolSize });

class ApiError extends Error {
  constructor(status, code, message, fields) {
    super(message);
    this.status = status;
    this.code = code;
    this.fields = fields;
  }
}
const SKU = /^[A-Za-z0-9][A-Za-z0-9._/-]{0,63}$/;

// One row per SKU asked for that exists, with its list price at `at` and the promotions in force
// then as a JSON array.
const LOOKUP_SQL = `
WITH t AS (SELECT coalesce($2::timestamptz, now()) AS raw),
     w AS (SELECT date_trunc('second', raw) AS at FROM t)
SELECT s.sku, s.currency, to_char(w.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS at,
       CASE WHEN EXISTS (SELECT 1 FROM price_history h
                         WHERE h.sku_id = s.id AND date_trunc('second', h.at) > w.at)
            THEN coalesce((SELECT h.to_minor FROM price_history h
                           WHERE h.sku_id = s.id AND date_trunc('second', h.at) <= w.at
                           ORDER BY h.at DESC, h.id DESC LIMIT 1),
                          (SELECT h.to_minor FROM price_history h WHERE h.sku_id = s.id
                           ORDER BY h.at, h.id LIMIT 1))
            ELSE s.price_minor END AS list_minor,
       coalesce((
         WITH RECURSIVE up(id) AS (
           SELECT p.category_id WHERE p.category_id IS NOT NULL
           UNION SELECT c.parent_id FROM categories c JOIN up ON c.id = up.id
                 WHERE c.parent_id IS NOT NULL)
         SELECT json_agg(json_build_object('id', pr.id, 'kind', pr.kind, 'priority', pr.priority,
                   'exclusive', pr.exclusive, 'percent', pr.percent,
                   'amount_minor', pr.amount_minor, 'price_minor', pr.price_minor,
                   'buy', pr.buy, 'get', pr.get))
         FROM promotions pr LEFT JOIN flash_sale_stock fs ON fs.promotion_id = pr.id
         WHERE pr.starts_at <= w.at
           AND w.at < least(pr.ends_at, coalesce(pr.ended_at, pr.ends_at))
           AND (fs.sold_out_at IS NULL OR w.at < date_trunc('second', fs.sold_out_at))
           AND EXISTS (SELECT 1 FROM promotion_targets pt
                       WHERE pt.promotion_id = pr.id
                         AND (pt.sku_id = s.id
                              OR pt.category_id IN (SELECT id FROM up)
                              OR pt.virtual_category_id IN (
                                   SELECT m.virtual_category_id FROM virtual_category_products m
                                   WHERE m.product_id = p.id)))), '[]') AS promotions
FROM skus s JOIN products p ON p.id = s.product_id, w
WHERE lower(s.sku) = ANY ($1::text[])`;

function promotedPrice(p, list) {
  let price = list;
  if (p.kind === 'percent') price = list - Math.floor((list * p.percent + 50) / 100);
  else if (p.kind === 'amount') price = list - Math.min(list, p.amount_minor);
  else if (p.kind === 'flash_sale') price = Math.min(list, p.price_minor);
  return Math.max(0, Math.min(price, list));
}

// docs/API.md: rank by priority, exclusive first, id; the first exclusive shuts out the rest;
// the price from the highest priority, then the lowest price, then the lowest id.
function choose(list, promotions) {
  const live = promotions.slice().sort((a, b) =>
    b.priority - a.priority || (b.exclusive - a.exclusive) || a.id - b.id);
  const cut = live.findIndex((p) => p.exclusive);
  if (cut >= 0) live.length = cut + 1;
  const out = { price: list, promotion: null, offer: null };
  let setter = null;
  for (const p of live) {
    if (p.kind === 'buy_x_get_y') {
      if (!out.offer) out.offer = { promotion_id: p.id, buy: p.buy, get: p.get };
      continue;
    }
    const price = promotedPrice(p, list);
    if (!setter || p.priority > setter.priority ||
        (p.priority === setter.priority && (price < out.price || (price === out.price && p.id < setter.id)))) {
      setter = p;
      out.price = price;
      out.promotion = p.id;
    }
  }
  return out;
}

async function prices(request, reply) {
  if (request.headers['x-api-key'] !== serviceKey || !serviceKey) {
    throw new ApiError(401, 'unauthenticated', 'A service key is required');
  }
  const asked = String(request.query.sku || '').split(',').filter((s) => s.length);
  if (!asked.length || asked.length > 100 || !asked.every((s) => SKU.test(s))) {
    throw new ApiError(422, 'validation_failed', 'The lookup is not valid', { sku: 'not valid' });
  }
  const at = request.query.at || null;
  if (at !== null && Number.isNaN(Date.parse(at))) {
    throw new ApiError(422, 'validation_failed', 'The lookup is not valid', { at: 'not valid' });
  }
  const keys = asked.map((s) => s.toLowerCase());
  const { rows } = await pool.query(LOOKUP_SQL, [keys, at]);
  const bySku = new Map(rows.map((r) => [r.sku.toLowerCase(), r]));
  const items = [];
  const unknown = [];
  let answeredAt = rows.length ? rows[0].at : new Date().toISOString().slice(0, 19) + 'Z';
  asked.forEach((sku, i) => {
    const r = bySku.get(keys[i]);
    if (!r) {
      unknown.push(sku);
      return;
    }
    const c = choose(r.list_minor, r.promotions);
    items.push({ sku: r.sku, list_price_minor: r.list_minor, price_minor: c.price,
                 currency: r.currency, promotion_id: c.promotion, buy_x_get_y: c.offer });
  });
  reply.header('content-type', 'application/json');
  return JSON.stringify({ at: answeredAt, items, unknown });
}

const app = Fastify({ logger: false });
app.setErrorHandler((err, request, reply) => {
  if (err instanceof ApiError) {
    const error = { code: err.code, message: err.message };
    if (err.fields) error.fields = err.fields;
    reply.code(err.status).send({ error });
    return;
  }
  reply.code(500).send({ error: { code: 'internal', message: 'Something went wrong on the server' } });
});
app.get('/api/v1/storefront/prices', prices);
app.get('/api/v1/health', async () => {
  await pool.query('SELECT 1');
  return { status: 'ok', db: 'ok', version: 'prices-node-peer' };
});

const colon = listen.lastIndexOf(':');
const host = listen.slice(0, colon);
const port = Number(listen.slice(colon + 1));
app.listen({ host, port }).then(
  () => console.error(`prices-node: listening on ${host}:${port}, pool of ${poolSize}`),
  (e) => { console.error(e); process.exit(1); });

for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    app.close().then(() => pool.end()).then(() => process.exit(0), () => process.exit(1));
  });
}
