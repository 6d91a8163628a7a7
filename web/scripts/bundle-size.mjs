#!/usr/bin/env node
// First-load JavaScript per route, gzipped, from vite's manifest: the entry plus each route's lazy
// chunks (layout + view) and everything they import statically. Dynamic imports (graphql-ws, other
// routes) are not counted: they load later, if ever. Exits 1 when a budget is exceeded.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const dist = new URL('../dist/', import.meta.url).pathname;
/** @type {Record<string, {file: string, imports?: string[], css?: string[], isEntry?: boolean}>} */
const manifest = JSON.parse(readFileSync(join(dist, '.vite/manifest.json'), 'utf8'));

const LOGIN = 'src/shared/session/views/LoginView.vue';
const MOBILE = 'src/apps/mobile/MobileLayout.vue';
const DESKTOP = 'src/apps/desktop/DesktopLayout.vue';

/** Journeys: the chunks a cold visit loads, and the budget (KB of gzipped JS) where one applies.
 * @type {{ name: string, chunks: string[], budgetKb?: number }[]} */
const journeys = [
  { name: 'login', chunks: [LOGIN] },
  { name: 'buyer /m/orders', chunks: [MOBILE, 'src/apps/mobile/orders/views/OrdersView.vue'] },
  { name: 'courier /m/deliveries', chunks: [MOBILE, 'src/apps/mobile/deliveries/views/DeliveriesView.vue'] },
  { name: 'merchant /d/dispatch', chunks: [DESKTOP, 'src/apps/desktop/dispatch/views/DispatchView.vue'] },
  { name: 'buyer /m/shipments/:id', chunks: [MOBILE, 'src/apps/mobile/shipments/views/ShipmentView.vue'] },
  { name: 'merchant dispatch form (lazy)', chunks: [DESKTOP, 'src/apps/desktop/dispatch/views/DispatchView.vue', 'src/apps/desktop/dispatch/components/DispatchDrawer.vue'] },
  { name: 'agent /d/queue', chunks: [DESKTOP, 'src/apps/desktop/queue/views/QueueView.vue'] },
  { name: 'phone chat thread /m/chat/:id', chunks: [MOBILE, 'src/apps/mobile/chat/views/ThreadView.vue'] },
  { name: 'agent support desk /d/support', chunks: [DESKTOP, 'src/apps/desktop/support/views/SupportView.vue'] },
  { name: 'phone: login → buyer orders', chunks: [LOGIN, MOBILE, 'src/apps/mobile/orders/views/OrdersView.vue'], budgetKb: 85 },
  { name: 'phone: login → courier deliveries', chunks: [LOGIN, MOBILE, 'src/apps/mobile/deliveries/views/DeliveriesView.vue'], budgetKb: 85 },
  { name: 'desk: login → agent queue', chunks: [LOGIN, DESKTOP, 'src/apps/desktop/queue/views/QueueView.vue'], budgetKb: 190 },
];

const entryKey = Object.keys(manifest).find((key) => manifest[key].isEntry) ?? '';
if (!entryKey) throw new Error('no entry in manifest');

/** @type {Map<string, number>} */
const sizes = new Map();
/** @param {string} file */
function gzipKb(file) {
  if (!sizes.has(file)) sizes.set(file, gzipSync(readFileSync(join(dist, file)), { level: 9 }).length / 1024);
  return /** @type {number} */ (sizes.get(file));
}

/** The chunks and their static imports, transitively. @param {string[]} keys */
function closure(keys) {
  /** @type {Set<string>} */
  const seen = new Set();
  /** @param {string} key */
  const visit = (key) => {
    if (seen.has(key)) return;
    const chunk = manifest[key];
    if (!chunk) throw new Error(`not in manifest: ${key} (renamed? update scripts/bundle-size.mjs)`);
    seen.add(key);
    for (const dep of chunk.imports ?? []) visit(dep);
  };
  keys.forEach(visit);
  return seen;
}

/** @param {string[]} keys */
function measure(keys) {
  const chunks = closure([entryKey, ...keys]);
  let js = 0;
  const css = new Set();
  for (const key of chunks) {
    js += gzipKb(manifest[key].file);
    for (const file of manifest[key].css ?? []) css.add(file);
  }
  return { js, css: [...css].reduce((sum, file) => sum + gzipKb(file), 0), count: chunks.size };
}

/** @param {string | number} text @param {number} width */
const pad = (text, width) => String(text).padEnd(width);
console.log(`${pad('first load (gzip)', 36)}${pad('JS KB', 9)}${pad('CSS KB', 9)}${pad('chunks', 8)}budget`);
console.log(`${pad('entry (core)', 36)}${pad(gzipKb(manifest[entryKey].file).toFixed(1), 9)}${pad('', 9)}${pad(1, 8)}`);
let failed = false;
for (const journey of journeys) {
  const { js, css, count } = measure(journey.chunks);
  const over = journey.budgetKb !== undefined && js > journey.budgetKb;
  failed ||= over;
  const budget = journey.budgetKb === undefined ? '' : `${journey.budgetKb} KB ${over ? 'EXCEEDED' : 'ok'}`;
  console.log(`${pad(journey.name, 36)}${pad(js.toFixed(1), 9)}${pad(css.toFixed(1), 9)}${pad(count, 8)}${budget}`);
}
if (failed) {
  console.error('\nJS budget exceeded: the run fails.');
  process.exit(1);
}
