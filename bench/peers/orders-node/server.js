'use strict';
// The orders list of OpsDesk (`GET /api/v1/orders`) written the way a Node.js team would write
// it: fastify for HTTP, node-postgres (`pg`) with a pool, rows turned into objects in JavaScript
// and serialized with JSON.stringify. It is the peer that bench/orders-list measures our C++
// server against, over the same database, so it does the same work per request:
//
//   1. the bearer token: SHA-256 of the token looked up in `sessions` (not revoked, not expired,
//      not idle, user active), with the user's permissions in the same query, and last_seen_at
//      touched at most every 15 s, as the server does;
//   2. the list query: same filters, same keyset cursor (compatible with the server's cursors),
//      same ORDER BY and LIMIT;
//   3. on first pages the total estimate: the planner's row estimate from EXPLAIN when it expects
//      more than 100,000 rows, an exact count up to 10,000 otherwise (the planner's estimate
//      beyond), remembered for 3 s per filter as the server does.
//
// Usage: node server.js --database URL [--listen 127.0.0.1:PORT] [--db-threads 4]
//        (or OPSDESK_DATABASE_URL, PEER_LISTEN, OPSDESK_DB_THREADS)

const crypto = require('node:crypto');
const Fastify = require('fastify');
const pg = require('pg');

// bigint columns (ids, money) as JS numbers: every value here is far below 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

function arg(name, env, fallback) {
  const i = process.argv.indexOf(name);
  if (i > 0 && i + 1 < process.argv.length) return process.argv[i + 1];
  if (env && process.env[env]) return process.env[env];
  return fallback;
}

const databaseUrl = arg('--database', 'OPSDESK_DATABASE_URL');
const listen = arg('--listen', 'PEER_LISTEN', '127.0.0.1:8544');
const poolSize = Number(arg('--db-threads', 'OPSDESK_DB_THREADS', '4'));
const sessionIdleSeconds = Number(arg('--session-idle-seconds', 'OPSDESK_SESSION_IDLE_SECONDS', '1800'));
if (!databaseUrl) {
  console.error('orders-node: pass --database URL');
  process.exit(2);
}
const touchAfterSeconds = Math.max(0, Math.min(15, Math.floor(sessionIdleSeconds / 10)));

const pool = new pg.Pool({ connectionString: databaseUrl, max: poolSize });

const STATUSES = new Set([
  'pending_payment', 'paid', 'fulfilling', 'shipped', 'delivered', 'completed', 'cancelled',
  'partially_refunded', 'refunded',
]);
const MAX_PAGE = 500;

class ApiError extends Error {
  constructor(status, code, message, fields, details) {
    super(message);
    this.status = status;
    this.code = code;
    this.fields = fields;
    this.details = details;
  }
}
const validationFailed = (fields) =>
  new ApiError(422, 'validation_failed', 'Some fields are not valid', fields);

// The same query the server runs for every authenticated request.
const AUTH_SQL = `
  SELECT s.id AS session_id, u.id AS user_id, u.username, u.must_change_password,
         s.last_seen_at < now() - make_interval(secs => $2) AS touch,
         coalesce((SELECT string_agg(DISTINCT rp.permission, ',')
                   FROM user_roles ur JOIN role_permissions rp ON rp.role_id = ur.role_id
                   WHERE ur.user_id = u.id), '') AS permissions,
         u.totp_secret IS NULL
           AND coalesce((SELECT value = 'true'::jsonb FROM settings
                         WHERE key = 'totp_required_for_roles_write'), false)
           AND EXISTS (SELECT 1 FROM user_roles ur
                       JOIN role_permissions rp ON rp.role_id = ur.role_id
                       WHERE ur.user_id = u.id AND rp.permission = 'roles.write')
           AS totp_enrollment_required
  FROM sessions s JOIN users u ON u.id = s.user_id
  WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > now()
    AND s.last_seen_at > now() - make_interval(secs => $3) AND u.active`;

async function authenticate(request) {
  const header = request.headers.authorization;
  const m = header && /^bearer +(.+)$/i.exec(header);
  if (!m || m[1].length > 256) throw new ApiError(401, 'unauthenticated', 'Sign in first');
  const hash = crypto.createHash('sha256').update(m[1]).digest('hex');
  const { rows } = await pool.query(AUTH_SQL, [hash, touchAfterSeconds, sessionIdleSeconds]);
  if (rows.length === 0) {
    throw new ApiError(401, 'unauthenticated', 'Your session has ended; sign in again');
  }
  const p = rows[0];
  if (p.touch) await pool.query('UPDATE sessions SET last_seen_at = now() WHERE id = $1', [p.session_id]);
  if (p.must_change_password) {
    throw new ApiError(403, 'password_change_required', 'Choose a new password before you continue');
  }
  if (p.totp_enrollment_required) {
    throw new ApiError(403, 'totp_enrollment_required', 'Set up two-factor sign-in before you continue');
  }
  if (!p.permissions.split(',').includes('orders.read')) {
    throw new ApiError(403, 'forbidden', 'You do not have permission to do this', undefined,
      { required_permission: 'orders.read' });
  }
  return p;
}

function str(v) {
  if (Array.isArray(v)) v = v[v.length - 1];
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function wholeNumber(query, name) {
  const v = str(query[name]);
  if (v === undefined) return undefined;
  if (!/^[0-9]{1,19}$/.test(v)) throw validationFailed({ [name]: 'must be a whole number of minor units' });
  return v;
}

function readPage(query) {
  let limit = 50;
  const l = str(query.limit);
  if (l !== undefined) {
    if (!/^[0-9]+$/.test(l) || Number(l) < 1 || Number(l) > MAX_PAGE) {
      throw validationFailed({ limit: `must be a whole number from 1 to ${MAX_PAGE}` });
    }
    limit = Number(l);
  }
  let after;
  const c = str(query.cursor);
  if (c !== undefined) {
    try {
      if (c.length >= 1024) throw new Error('long');
      after = JSON.parse(Buffer.from(c, 'base64url').toString('utf8'));
    } catch {
      after = undefined;
    }
    if (!Array.isArray(after) || after.length === 0) {
      throw validationFailed({ cursor: 'is not a cursor this server handed out' });
    }
  }
  return { limit, after };
}

const estimates = new Map();  // first-page totals by filter, for a few seconds

const formatTime = (d) => d.toISOString().slice(0, 19) + 'Z';

async function listOrders(request, reply) {
  await authenticate(request);
  const q = request.query;
  const page = readPage(q);
  const sort = str(q.sort) ?? 'created_at';
  const order = str(q.order) ?? 'desc';
  if (sort !== 'created_at' && sort !== 'total') throw validationFailed({ sort: 'must be created_at or total' });
  if (order !== 'asc' && order !== 'desc') throw validationFailed({ order: 'must be asc or desc' });

  // The same SQL as the server: one index range scan with LIMIT per status asked for and per
  // way a search matches ("branches"), merged; the estimate over the same conditions.
  const params = [];
  const add = (v) => { params.push(v); return `$${params.length}`; };
  const common = [];
  const statusClauses = [];
  let statusAny;
  const status = str(q.status);
  if (status !== undefined) {
    const list = [];
    for (const s of status.split(',')) {
      if (!STATUSES.has(s)) throw validationFailed({ status: `unknown status: ${s}` });
      if (!list.includes(s)) list.push(s);
    }
    const phs = list.map((s) => add(s));
    for (const ph of phs) statusClauses.push(`o.status = ${ph}`);
    statusAny = phs.length === 1 ? statusClauses[0] : `o.status IN (${phs.join(', ')})`;
  }
  const searchClauses = [];
  let numberByGrams = -1;
  const text = str(q.q);
  if (text !== undefined) {
    if (Buffer.byteLength(text) > 200) throw validationFailed({ q: 'at most 200 characters' });
    const lower = text.replace(/[A-Z]/g, (ch) => ch.toLowerCase());
    const ph = add('%' + lower.replace(/[\\%_]/g, '\\$&') + '%');
    searchClauses.push(`o.customer_id IN (SELECT cs.id FROM customers cs WHERE lower(cs.name || ' ' || cs.email) LIKE ${ph})`);
    if (/^[od0-9]*$/.test(lower)) {
      if (lower.length >= 5) {
        // By the number's five-character pieces (migration 0008), like the server.
        const f = add(lower);
        searchClauses.push(`order_number_grams(o.number) @> order_number_grams(${f}) AND strpos(lower(o.number), ${f}) > 0`);
        numberByGrams = searchClauses.length - 1;
      } else {
        searchClauses.push(`lower(o.number) LIKE ${ph}`);
      }
    }
  }
  const from = str(q.from);
  if (from !== undefined) common.push(`o.created_at >= ${add(from)}::timestamptz`);
  const to = str(q.to);
  if (to !== undefined) {
    const ph = add(to);
    common.push(`o.created_at < CASE WHEN length(${ph}) = 10 THEN ${ph}::date + 1 ELSE ${ph}::timestamptz END`);
  }
  let amountFilter = false;
  const min = wholeNumber(q, 'min_total_minor');
  if (min !== undefined) { common.push(`o.total_minor >= ${add(min)}::bigint`); amountFilter = true; }
  const max = wholeNumber(q, 'max_total_minor');
  if (max !== undefined) { common.push(`o.total_minor <= ${add(max)}::bigint`); amountFilter = true; }

  const desc = order === 'desc';
  const keyColumn = sort === 'total' ? 'o.total_minor' : 'o.created_at';
  let keyset = '';
  if (page.after) {
    const k = page.after;
    const ok = k.length === 2 && Number.isSafeInteger(k[1]) &&
      (sort === 'total' ? Number.isSafeInteger(k[0]) : typeof k[0] === 'string');
    if (!ok) throw validationFailed({ cursor: 'is not a cursor for this sort' });
    const cast = sort === 'total' ? '::bigint' : '::timestamptz';
    keyset = ` AND (${keyColumn}, o.id) ${desc ? '<' : '>'} (${add(String(k[0]))}${cast}, ${add(String(k[1]))}::bigint)`;
  }
  const dir = desc ? ' DESC' : ' ASC';
  const orderBy = ` ORDER BY ${keyColumn}${dir}, o.id${dir}`;
  const cursorKey = sort === 'total'
    ? 'o.total_minor'
    : `to_char(o.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
  const limit = page.limit + 1;
  const whereOf = (s, sc) => {
    let w = ' WHERE TRUE';
    if (s) w += ' AND ' + s;
    if (sc) w += ' AND ' + sc;
    return w + common.map((c) => ' AND ' + c).join('');
  };
  const branches = [];
  for (const s of statusClauses.length ? statusClauses : ['']) {
    (searchClauses.length ? searchClauses : ['']).forEach((sc, i) =>
      branches.push({ where: whereOf(s, sc), byGrams: i === numberByGrams }));
  }
  const columns =
    'o.id, o.number, o.status, c.id AS customer_id, c.name AS customer_name, ' +
    'c.email AS customer_email, o.total_minor, o.currency, o.created_at, o.updated_at, ' +
    `o.version, ${cursorKey} AS cursor_key`;
  let sql;
  if (branches.length === 1 && searchClauses.length === 0 && !(amountFilter && sort === 'created_at')) {
    sql = `SELECT ${columns} FROM orders o JOIN customers c ON c.id = o.customer_id` +
      `${branches[0].where}${keyset}${orderBy} LIMIT ${limit}`;
  } else {
    const union = searchClauses.length > 1 ? ' UNION ' : ' UNION ALL ';
    const merged = branches
      .map((b) => b.byGrams
        ? `(WITH m AS MATERIALIZED (SELECT o.id, ${keyColumn} AS k FROM orders o${b.where}${keyset}) ` +
          `SELECT id, k FROM m ORDER BY k${dir}, id${dir} LIMIT ${limit})`
        : `(SELECT o.id, ${keyColumn} AS k FROM orders o${b.where}${keyset}${orderBy} LIMIT ${limit})`)
      .join(union);
    sql = `WITH page AS (SELECT id, k FROM (${merged}) u ORDER BY k${dir}, id${dir} LIMIT ${limit}) ` +
      `SELECT ${columns} FROM page JOIN orders o ON o.id = page.id ` +
      `JOIN customers c ON c.id = o.customer_id ORDER BY page.k${dir}, page.id${dir}`;
  }

  let rows;
  try {
    ({ rows } = await pool.query(sql, params));
  } catch (e) {
    if (e.code && e.code.startsWith('22')) {
      throw validationFailed({ from: 'must be a date or an RFC 3339 time', to: 'must be a date or an RFC 3339 time' });
    }
    throw e;
  }
  const shown = Math.min(rows.length, page.limit);
  const items = new Array(shown);
  for (let i = 0; i < shown; i++) {
    const r = rows[i];
    items[i] = {
      id: r.id,
      number: r.number,
      status: r.status,
      customer: { id: r.customer_id, name: r.customer_name, email: r.customer_email },
      total_minor: r.total_minor,
      currency: r.currency,
      created_at: formatTime(r.created_at),
      updated_at: formatTime(r.updated_at),
      version: r.version,
    };
  }
  const body = { items, next_cursor: null };
  if (rows.length > shown) {
    const last = rows[shown - 1];
    body.next_cursor = Buffer.from(JSON.stringify([last.cursor_key, last.id])).toString('base64url');
  }
  if (!page.after) {
    let total = shown;
    let exact = true;
    const estimateBranches = (searchClauses.length ? searchClauses : ['']).map((sc) => whereOf(statusAny, sc));
    const cacheKey = shown >= page.limit ? JSON.stringify([estimateBranches, params]) : '';
    const cached = cacheKey && estimates.get(cacheKey);
    if (cached && cached.expires > Date.now()) {
      total = cached.total;
      exact = cached.exact;
    } else if (shown >= page.limit) {
      // The planner's estimate first; an exact count (up to 10,000) only when it expects few.
      const matching = estimateBranches.map((b) => `SELECT o.id FROM orders o${b}`).join(' UNION ');
      const capped = estimateBranches.map((b) => `(SELECT o.id FROM orders o${b} LIMIT 10001)`).join(' UNION ');
      const plan = await pool.query(`EXPLAIN (FORMAT JSON) ${matching}`, params);
      const planned = plan.rows[0]['QUERY PLAN'][0].Plan['Plan Rows'];
      if (planned > 100000) {
        total = planned;
        exact = false;
      } else {
        const counted = await pool.query(
          `SELECT count(*) FROM (SELECT id FROM (${capped}) u LIMIT 10001) s`, params);
        total = counted.rows[0].count;
        if (total > 10000) {
          exact = false;
          total = Math.max(planned, 10001);
        }
      }
      // Like the server: big counts are remembered for 3 s per filter (bounded, crudely).
      if (total >= 1000) {
        if (estimates.size > 2000) estimates.clear();
        estimates.set(cacheKey, { total, exact, expires: Date.now() + 3000 });
      }
    }
    body.total_estimate = total;
    body.total_is_exact = exact;
  }
  reply.header('content-type', 'application/json');
  return JSON.stringify(body);
}

const app = Fastify({ logger: false });

app.setErrorHandler((err, request, reply) => {
  if (err instanceof ApiError) {
    const error = { code: err.code, message: err.message };
    if (err.fields) error.fields = err.fields;
    if (err.details) error.details = err.details;
    reply.code(err.status).send({ error });
    return;
  }
  request.log.error(err);
  reply.code(500).send({ error: { code: 'internal', message: 'Something went wrong on the server' } });
});

app.get('/api/v1/orders', listOrders);
app.get('/api/v1/health', async () => {
  await pool.query('SELECT 1');
  return { status: 'ok', db: 'ok', version: 'orders-node-peer' };
});

const colon = listen.lastIndexOf(':');
const host = listen.slice(0, colon);
const port = Number(listen.slice(colon + 1));
app.listen({ host, port }).then(
  () => console.error(`orders-node: listening on ${host}:${port}, pool of ${poolSize}`),
  (e) => { console.error(e); process.exit(1); });

for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    app.close().then(() => pool.end()).then(() => process.exit(0), () => process.exit(1));
  });
}
