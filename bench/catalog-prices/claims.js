'use strict';
// The flash-sale half of bench/catalog-prices: N claimers at once (each its own customer, its own
// Idempotency-Key, its own connection), all released together on one sale, each timed from its
// request to its answer. Prints one line: RESULT {"claimers","created","sold_out","other",
// "p50_ms","p99_ms","max_ms","seconds"}.
//
// Usage: node claims.js --url http://127.0.0.1:PORT --service-key K --promotion ID --sku SKU
//        [--claimers 2000]

const http = require('node:http');

function arg(name, fallback) {
  const i = process.argv.indexOf(name);
  return i > 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}
const url = new URL(arg('--url'));
const key = arg('--service-key');
const promotion = arg('--promotion');
const sku = arg('--sku');
const claimers = Number(arg('--claimers', '2000'));
const agent = new http.Agent({ keepAlive: false, maxSockets: Infinity });

function claim(i) {
  const body = JSON.stringify({ sku, customer_external_id: `bench-${promotion}-${i}`, quantity: 1 });
  return new Promise((resolve) => {
    const started = process.hrtime.bigint();
    const req = http.request({
      host: url.hostname, port: url.port, agent, method: 'POST',
      path: `/api/v1/storefront/flash-sales/${promotion}/claims`,
      headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body),
                 'X-Api-Key': key, 'Idempotency-Key': `bench-${promotion}-${i}` },
    }, (res) => {
      let text = '';
      res.on('data', (c) => { text += c; });
      res.on('end', () => {
        const ms = Number(process.hrtime.bigint() - started) / 1e6;
        let code = '';
        try { code = JSON.parse(text).error?.code ?? ''; } catch { /* not JSON */ }
        resolve({ status: res.statusCode, code, ms });
      });
    });
    req.on('error', (e) => resolve({ status: 0, code: e.code, ms: Number(process.hrtime.bigint() - started) / 1e6 }));
    req.end(body);
  });
}

(async () => {
  const t0 = Date.now();
  const results = await Promise.all(Array.from({ length: claimers }, (_, i) => claim(i)));
  const seconds = (Date.now() - t0) / 1000;
  const ms = results.map((r) => r.ms).sort((a, b) => a - b);
  const pct = (p) => ms[Math.min(ms.length - 1, Math.ceil((p / 100) * ms.length) - 1)];
  const created = results.filter((r) => r.status === 201).length;
  const soldOut = results.filter((r) => r.status === 409 && r.code === 'sold_out').length;
  const others = results.filter((r) => !(r.status === 201 || (r.status === 409 && r.code === 'sold_out')));
  const sample = others.slice(0, 3).map((r) => `${r.status} ${r.code}`).join('; ');
  console.log('RESULT ' + JSON.stringify({
    claimers, created, sold_out: soldOut, other: others.length, other_sample: sample,
    p50_ms: +pct(50).toFixed(2), p99_ms: +pct(99).toFixed(2), max_ms: +ms[ms.length - 1].toFixed(2),
    seconds,
  }));
})();
