import { openStore, EntityStore } from './src/store/index.js';
import type { Value } from './src/types.js';
const SCHEMA = `type Account @entity { id: ID! balance: BigInt! }`;
const store = (await openStore({ schemaText: SCHEMA, dataDir: null, deploymentId: 'bench', immutableEntities: new Set() })) as EntityStore;
for (let b = 1; b <= 200; b++) {
  const c = store.beginBlock({ number: b, hash: `0x${b.toString(16).padStart(64, '0')}`, parentHash: '0x00', timestamp: BigInt(b), raw: {} });
  for (let i = 0; i < 50; i++) { const id = `a${(b * 50 + i) % 2000}`; c.set('Account', id, new Map<string, Value>([['id', { kind: 'String', value: id }], ['balance', { kind: 'BigInt', value: BigInt(b) }]])); }
  store.endBlock([]);
  if (b % 20 === 0) await store.flush();
}
const t = store.table(store.schema.entities.get('Account')!);
const vals = Array.from({ length: 500 }, (_, i) => `('a${i}', 300)`).join(',');
const rows = await store.db.query(`explain analyze update ${t} as t set block_range = int4range(lower(t.block_range), v.block) from (values ${vals}) as v(id, block) where t.id = v.id and upper_inf(t.block_range)`);
console.log(rows.map((r) => Object.values(r)[0]).join('\n'));
await store.close();
