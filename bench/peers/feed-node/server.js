'use strict';
// The OpsDesk live feed (WebSocket /api/v1/feed, protocol in CONTRACT.md) written the way a
// Node.js team would write it: `ws` for the WebSockets, node-postgres (`pg`) with one dedicated
// client for LISTEN and a small pool for queries. It is the peer that bench/feed measures our C++
// server's feed against, over the same database and the same events, so it does the same work:
//
//   1. LISTEN opsdesk_events (the sequencer of whichever opsdesk-server instance numbers events
//      notifies "new ids up to N" after each batch), then read the new rows once
//      (`WHERE id > last ORDER BY id`), render each event's JSON once, and send every live client
//      what it may see, several events as one `events` message;
//   2. auth as first message within 5 s (SHA-256 of the token looked up in `sessions`, with the
//      user's permissions), subscribe with replay from `since`, `ready`, per-topic and per-event
//      permission filtering, ping every 20 s, and a client whose unsent bytes pass 4 MiB is closed
//      with 4408.
//
// It does not number events: the opsdesk-server instances do (see docs/ARCHITECTURE.md).
//
// Usage: node server.js --database URL [--listen 127.0.0.1:PORT]

const crypto = require('node:crypto');
const http = require('node:http');
const pg = require('pg');
const { WebSocketServer } = require('ws');

pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

function arg(name, env, fallback) {
  const i = process.argv.indexOf(name);
  if (i > 0 && i + 1 < process.argv.length) return process.argv[i + 1];
  if (env && process.env[env]) return process.env[env];
  return fallback;
}

const databaseUrl = arg('--database', 'OPSDESK_DATABASE_URL');
const listen = arg('--listen', 'PEER_LISTEN', '127.0.0.1:8545');
if (!databaseUrl) {
  console.error('feed-node: pass --database URL');
  process.exit(2);
}
const MAX_QUEUED_BYTES = 4 * 1024 * 1024;
const AUTH_TIMEOUT_MS = 5000;
const PING_MS = 20000;

// Topic -> permission to read it; event kind -> [topic, permission to receive it].
const TOPICS = {
  orders: 'orders.read', payments: 'finance.read', tickets: 'support.read',
  catalog: 'catalog.read', finance: 'finance.read',
};
const KINDS = {
  'order.created': 'orders.read', 'order.updated': 'orders.read',
  'payment.captured': 'finance.read', 'refund.created': 'finance.read',
  'ticket.created': 'support.read', 'ticket.updated': 'support.read',
  'ticket.message': 'support.read', 'product.updated': 'catalog.read',
  'statement.updated': 'finance.read',
};

const pool = new pg.Pool({ connectionString: databaseUrl, max: 4 });

const AUTH_SQL = `
  SELECT u.id AS user_id, u.must_change_password,
         coalesce((SELECT string_agg(DISTINCT rp.permission, ',')
                   FROM user_roles ur JOIN role_permissions rp ON rp.role_id = ur.role_id
                   WHERE ur.user_id = u.id), '') AS permissions
  FROM sessions s JOIN users u ON u.id = s.user_id
  WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > now() AND u.active`;

function render(row) {
  return `{"type":"event","id":${row.id},"topic":${JSON.stringify(row.topic)},` +
    `"kind":${JSON.stringify(row.kind)},"data":${row.payload}}`;
}

async function fetchAfter(after, upTo, limit) {
  const { rows } = await pool.query(
    'SELECT id, topic, kind, payload::text AS payload FROM events ' +
    'WHERE id > $1 AND id <= $2 ORDER BY id LIMIT $3', [after, upTo, limit]);
  return rows.filter((r) => KINDS[r.kind]).map((r) => ({
    id: r.id, topic: r.topic, permission: KINDS[r.kind], json: render(r),
  }));
}

const clients = new Set();
let lastId = 0;

function send(client, text) {
  if (client.ws.readyState !== client.ws.OPEN) return false;
  if (client.ws.bufferedAmount + text.length > MAX_QUEUED_BYTES) {
    client.ws.close(4408, 'not reading');
    client.state = 'closed';
    return false;
  }
  client.ws.send(text);
  return true;
}

function batch(client, events) {
  const items = events.filter((e) => e.id > client.lastSent && client.topics.has(e.topic) &&
    client.permissions.has(e.permission));
  if (items.length === 1) send(client, items[0].json);
  else if (items.length > 1) send(client, `{"type":"events","items":[${items.map((e) => e.json).join(',')}]}`);
}

// The dispatcher: one reader at a time; a notification during a read makes it read again.
let reading = false;
let again = false;
async function dispatch() {
  if (reading) { again = true; return; }
  reading = true;
  try {
    do {
      again = false;
      for (;;) {
        const events = await fetchAfter(lastId, Number.MAX_SAFE_INTEGER, 5000);
        if (events.length === 0) break;
        for (const client of clients) {
          if (client.state !== 'live') continue;
          batch(client, events);
          client.lastSent = Math.max(client.lastSent, events[events.length - 1].id);
        }
        lastId = events[events.length - 1].id;
      }
    } while (again);
  } catch (e) {
    console.error(JSON.stringify({ level: 'error', msg: 'feed read failed', what: String(e) }));
  } finally {
    reading = false;
  }
}

async function subscribe(client, msg) {
  client.topics = new Set();
  for (const name of Array.isArray(msg.topics) ? msg.topics : []) {
    if (!TOPICS[name]) send(client, JSON.stringify({ type: 'error', code: 'unknown_topic', topic: name }));
    else if (!client.permissions.has(TOPICS[name])) send(client, JSON.stringify({ type: 'error', code: 'forbidden', topic: name }));
    else client.topics.add(name);
  }
  client.state = 'subscribing';
  const since = Number.isInteger(msg.since) && msg.since >= 0 ? msg.since : null;
  if (since === null) {
    client.lastSent = lastId;
    client.state = 'live';
    send(client, `{"type":"ready","last_event_id":${lastId}}`);
    return;
  }
  const { rows } = await pool.query('SELECT pruned_through FROM feed_state');
  if (since < rows[0].pruned_through) {
    client.state = 'authenticated';
    send(client, '{"type":"resync_required"}');
    return;
  }
  // Replay up to where the dispatcher is; when it moved on meanwhile, replay that too; go live
  // the moment the two meet (nothing runs between that check and the switch: one thread).
  let from = since;
  for (let round = 0; round < 100 && client.state === 'subscribing'; ++round) {
    const upTo = lastId;
    while (from < upTo) {
      const events = await fetchAfter(from, upTo, 2000);
      if (events.length === 0) break;
      batch({ ...client, lastSent: from }, events);
      from = events[events.length - 1].id;
    }
    from = upTo;
    if (lastId === upTo) {
      client.lastSent = upTo;
      client.state = 'live';
      send(client, `{"type":"ready","last_event_id":${upTo}}`);
      return;
    }
  }
}

async function onMessage(client, data) {
  let msg;
  try { msg = JSON.parse(data.toString()); } catch { msg = null; }
  const type = msg && typeof msg === 'object' ? msg.type : undefined;
  if (client.state === 'awaiting_auth') {
    if (type !== 'auth' || typeof msg.token !== 'string') {
      client.ws.close(4401, 'the first message must be auth');
      return;
    }
    client.state = 'authenticating';
    const hash = crypto.createHash('sha256').update(msg.token).digest('hex');
    const { rows } = await pool.query(AUTH_SQL, [hash]);
    if (rows.length === 0) { client.ws.close(4401, 'unauthenticated'); return; }
    if (rows[0].must_change_password) { client.ws.close(4403, 'finish signing in first'); return; }
    client.permissions = new Set(rows[0].permissions.split(','));
    client.state = 'authenticated';
    return;
  }
  if (type === 'subscribe' && (client.state === 'authenticated' || client.state === 'live')) {
    await subscribe(client, msg);
    return;
  }
  send(client, '{"type":"error","code":"bad_request"}');
}

async function main() {
  const boot = await pool.query('SELECT coalesce(max(id), 0) AS id FROM events');
  lastId = boot.rows[0].id;

  const listener = new pg.Client({ connectionString: databaseUrl });
  await listener.connect();
  listener.on('notification', () => { dispatch(); });
  listener.on('error', (e) => {
    console.error(JSON.stringify({ level: 'error', msg: 'listener lost', what: String(e) }));
    process.exit(1);
  });
  await listener.query('LISTEN opsdesk_events');
  setInterval(dispatch, 200).unref();  // a missed notification costs latency, not events

  const server = http.createServer((req, res) => {
    if (req.url === '/api/v1/health') {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end('{"status":"ok","instance":"feed-node"}');
      return;
    }
    res.writeHead(404, { 'Content-Type': 'application/json' });
    res.end('{"error":{"code":"not_found","message":"Not found"}}');
  });
  const wss = new WebSocketServer({ server, path: '/api/v1/feed', maxPayload: 64 * 1024 });
  wss.on('connection', (ws) => {
    const client = { ws, state: 'awaiting_auth', topics: new Set(), permissions: new Set(), lastSent: 0 };
    clients.add(client);
    // Messages are handled one at a time, in order.
    let chain = Promise.resolve();
    ws.on('message', (data, isBinary) => {
      if (isBinary) { ws.close(1003, 'text only'); return; }
      chain = chain.then(() => onMessage(client, data)).catch((e) => {
        console.error(JSON.stringify({ level: 'error', msg: 'feed message failed', what: String(e) }));
        ws.close(1011, 'try again');
      });
    });
    const authTimer = setTimeout(() => {
      if (client.state === 'awaiting_auth') ws.close(4401, 'no auth message in time');
    }, AUTH_TIMEOUT_MS);
    let alive = true;
    ws.on('pong', () => { alive = true; });
    const ping = setInterval(() => {
      if (!alive) { ws.terminate(); return; }
      alive = false;
      ws.ping();
    }, PING_MS);
    ws.on('close', () => {
      clearTimeout(authTimer);
      clearInterval(ping);
      client.state = 'closed';
      clients.delete(client);
    });
  });
  const [host, port] = listen.split(':');
  server.listen(Number(port), host, () => {
    console.error(JSON.stringify({ level: 'info', msg: 'listening', port: server.address().port }));
  });
  const stop = () => {
    for (const c of clients) c.ws.close(1001, 'server shutting down');
    server.close();
    listener.end().finally(() => pool.end()).finally(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
