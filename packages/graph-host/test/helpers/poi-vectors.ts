/**
 * graph-node's proof-of-indexing test vectors: the inputs of graph/src/components/subgraph/
 * proof_of_indexing/mod.rs `online_vs_reference` with its expected `fast` and `legacy` hashes, shared
 * by poi-hash.test.ts (Fast) and poi-legacy.test.ts (Legacy).
 */
import type { PoiEvent } from '../../src/poi/poi.js';
import type { Value } from '../../src/types.js';

export type Block = PoiEvent[];
export interface Case {
  name: string;
  /** graph-node's expected hash, Fast (spec >= 0.0.6) and Legacy. */
  fast: string;
  legacy: string;
  subgraphId: string;
  blockHash: Uint8Array;
  indexer: Uint8Array | null;
  regions: Map<string, Block[]>;
}

export const str = (value: string): Value => ({ kind: 'String', value });
export const data: [string, Value][] = [['id', str('id')], ['val', { kind: 'Int', value: 1 }]];
export const dataEmpty: [string, Value][] = [['id', str('id')]];
export const data2: [string, Value][] = [['id', str('id')], ['key', str('s')], ['null', { kind: 'Null' }]];
export const set = (entityType: string, entity: [string, Value][]): PoiEvent => ({ kind: 'SetEntity', entityType, id: 'id', data: entity });
export const repeat = (byte: number, length: number): Uint8Array => new Uint8Array(length).fill(byte);

export const cases: Case[] = [
  {
    name: 'genesis',
    fast: 'dced49c45eac68e8b3d8f857928e7be6c270f2db8b56b0d7f27ce725100bae01',
    legacy: '401e5bef572bc3a56b0ced0eb6cb4619d2ca748db6af8855828d16ff3446cfdd',
    subgraphId: 'test',
    blockHash: repeat(1, 32),
    indexer: null,
    regions: new Map(),
  },
  {
    name: 'one_event',
    fast: '8bb3373fb55e02bde3202bac0eeecf1bd9a676856a4dd6667bd809aceda41885',
    legacy: '96640d7a35405524bb21da8d86f7a51140634f44568cf9f7df439d0b2b01a435',
    subgraphId: 'test',
    blockHash: repeat(1, 32),
    indexer: repeat(1, 20),
    regions: new Map([['eth', [[], [set('t', dataEmpty)]]]]),
  },
  {
    name: 'multiple_blocks',
    fast: '8b0097ad96b21f7e4bd8dcc41985e6e5506b808f1185016ab1073dd8745238ce',
    legacy: 'a0346ee0d7e0518f73098b6f9dc020f1cf564fb88e09779abfdf5da736de5e82',
    subgraphId: 'b',
    blockHash: repeat(3, 32),
    indexer: repeat(1, 20),
    regions: new Map([['eth', [[], [set('type', data)], [], [set('type', dataEmpty)], []]]]),
  },
  {
    name: 'causality_regions',
    fast: '2041af28678e68406247a5cfb5fe336947da75256c79b35c2f61fc7985091c0e',
    legacy: 'cc9449860e5b19b76aa39d6e05c5a560d1cb37a93d4bf64669feb47cfeb452fa',
    subgraphId: 'b',
    blockHash: repeat(3, 32),
    indexer: repeat(1, 20),
    regions: new Map([
      ['eth', [[], [set('type', data2)], [], [{ kind: 'RemoveEntity', entityType: 'type', id: 'id' }], []]],
      ['ipfs', [[], [set('type', data)], [], [set('type', data)], []]],
    ]),
  },
  {
    name: 'data',
    fast: '421ef30a03be64014b9eef2b999795dcabfc601368040df855635e7886eb3822',
    legacy: 'd304672a249293ee928d99d9cb0576403bdc4b6dbadeb49b98f527277297cdcc',
    subgraphId: 'test',
    blockHash: repeat(1, 32),
    indexer: repeat(4, 20),
    regions: new Map([['eth', [[], [set('type', data)]]]]),
  },
];

