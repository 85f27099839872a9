import { openStore } from './src/store/index.js';
import type { Entity, Value } from './src/types.js';
const SCHEMA = `
type Account @entity { id: ID! balance: BigInt! deposits: BigInt! lastBlock: Int! }
type Pool @entity { id: ID! total: BigDecimal! count: Int8! }
type DepositEvent @entity(immutable: true) { id: Bytes! account: Account! amount: BigInt! block: Int! tx: Bytes! }
type Daily @entity { id: ID! volume: BigInt! }
`;
const s = (v: string): Value => ({ kind: 'String', value: v });
const bi = (v: bigint): Value => ({ kind: 'BigInt', value: v });
const store = await openStore({ schemaText: SCHEMA, dataDir: process.argv[2] || null, deploymentId: 'bench', immutableEntities: new Set() });
const EVENTS = 20000, PER_BLOCK = 10, FLUSH_EVERY = 50;
const t0 = performance.now();
let writes = 0, flushMs = 0;
for (let b = 1; b <= EVENTS / PER_BLOCK; b++) {
  const c = store.beginBlock({ number: b, hash: `0x${b.toString(16).padStart(64, '0')}`, parentHash: '0x00', timestamp: BigInt(b), raw: {} });
  for (let e = 0; e < PER_BLOCK; e++) {
    const i = b * PER_BLOCK + e;
    const acc = `0xacc${(i % 500).toString(16)}`;
    const prev = c.get('Account', acc);
    const bal = prev ? (prev.get('balance') as { value: bigint }).value : 0n;
    c.set('Account', acc, new Map<string, Value>([['id', s(acc)], ['balance', bi(bal + 10n ** 18n)], ['deposits', bi(1n)], ['lastBlock', { kind: 'Int', value: b }]]));
    const pool = c.get('Pool', 'p');
    c.set('Pool', 'p', new Map<string, Value>([['id', s('p')], ['total', { kind: 'BigDecimal', value: `${i}.5` }], ['count', { kind: 'Int8', value: BigInt(i) }]]));
    void pool;
    const idHex = i.toString(16).padStart(16, '0');
    c.set('DepositEvent', `0x${idHex}`, new Map<string, Value>([['id', { kind: 'Bytes', value: Buffer.from(idHex, 'hex') }], ['account', s(acc)], ['amount', bi(10n ** 18n)], ['block', { kind: 'Int', value: b }], ['tx', { kind: 'Bytes', value: Buffer.alloc(32, i % 256) }]]));
    c.set('Daily', `d${Math.floor(b / 100)}`, new Map<string, Value>([['id', s(`d${Math.floor(b / 100)}`)], ['volume', bi(BigInt(i))]]));
    writes += 4;
  }
  store.endBlock([]);
  if (b % FLUSH_EVERY === 0) { const f = performance.now(); await store.flush(); flushMs += performance.now() - f; }
}
const f = performance.now(); await store.flush(); flushMs += performance.now() - f;
const total = performance.now() - t0;
console.log(JSON.stringify({ events: EVENTS, writes, totalMs: Math.round(total), flushMs: Math.round(flushMs), eventsPerSec: Math.round(EVENTS / (total / 1000)), writesPerSec: Math.round(writes / (total / 1000)) }));
console.log((globalThis as any).__build, (globalThis as any).__meta, (globalThis as any).__vac, (globalThis as any).__prof);
await store.close();
