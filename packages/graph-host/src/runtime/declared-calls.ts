/**
 * Declared eth_calls (`calls:` of an event handler, spec version 1.2.0): graph-node parses and checks
 * them at deployment (graph/src/data_source/common.rs `CallExpr`, chain/ethereum data_source.rs
 * `validate`) and runs them ahead of the handler to warm its call cache. This host checks them the same
 * way and does not run them ahead: the handler's own `ethereum.call`s give the same results, only later.
 */
import type { Abi } from 'viem';
import { ManifestError } from './errors.js';
import { versionAtLeast } from './versions.js';

export interface CallDecl {
  label: string;
  abi: string;
  func: string;
  address: string;
  args: string[];
}

/** graph-node's expression grammar: `Contract[address].function(arg, …)`. */
const CALL_EXPR = /([a-zA-Z0-9_]+)\[([^\]]+)\]\.([a-zA-Z0-9_]+)\(([^)]*)\)/;
const HEX_ADDRESS = /^0x[0-9a-fA-F]{40}$/;
/** `event.params.<name>`, with struct field paths (`.field` or `.0`) as spec version 1.4.0 allows. */
const EVENT_PARAM = /^event\.params\.[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z0-9_]+)*$/;
const ENTITY_PARAM = /^entity\.[A-Za-z_][A-Za-z0-9_]*$/;

function parseArg(text: string): 'ethereum' | 'subgraph' | 'hex' {
  if (HEX_ADDRESS.test(text)) return 'hex';
  if (text === 'event.address' || EVENT_PARAM.test(text)) return 'ethereum';
  if (ENTITY_PARAM.test(text)) return 'subgraph';
  throw new ManifestError(`invalid call argument \`${text}\``);
}

function parseCallExpr(label: string, expr: string): CallDecl {
  const match = CALL_EXPR.exec(expr);
  if (!match) throw new ManifestError(`invalid call expression \`${expr}\``);
  const [, abi, address, func, rawArgs] = match as unknown as [string, string, string, string, string];
  const args = rawArgs
    .split(',')
    .filter((s) => s !== '')
    .map((s) => s.trim());
  const kinds = [parseArg(address.trim()), ...args.map(parseArg)];
  if (kinds.includes('ethereum') && kinds.includes('subgraph')) throw new ManifestError('Cannot mix Ethereum and Subgraph args in the same call expression');
  // Entity arguments belong to subgraph data sources (composition), which this host does not run.
  if (kinds.includes('subgraph')) throw new ManifestError(`invalid call argument in \`${expr}\`: entity arguments are only for subgraph data sources`);
  return { label, abi, func, address: address.trim(), args };
}

/**
 * The `calls:` of one event handler, checked as graph-node checks them: the spec version, each
 * expression's grammar, the ABI named (one of the mapping's `abis`) and the function in it.
 */
export function parseDeclaredCalls(raw: unknown, event: string, specVersion: string, abis: ReadonlyMap<string, Abi>): CallDecl[] {
  if (raw === undefined || raw === null) return [];
  if (typeof raw !== 'object' || Array.isArray(raw)) throw new ManifestError(`handler ${event}: \`calls\` must be a mapping of labels to call expressions`);
  const entries = Object.entries(raw as Record<string, unknown>);
  if (entries.length === 0) return [];
  if (!versionAtLeast(specVersion, '1.2.0')) {
    throw new ManifestError(`handler ${event}: declaring eth calls on handlers is only supported for specVersion >= 1.2.0`);
  }
  return entries.map(([label, expr]) => {
    if (typeof expr !== 'string') throw new ManifestError(`invalid call expression \`${String(expr)}\``);
    const call = parseCallExpr(label, expr);
    const abi = abis.get(call.abi);
    if (!abi) throw new ManifestError(`No ABI entry with name \`${call.abi}\` found`);
    if (!abi.some((item) => item.type === 'function' && item.name === call.func)) {
      throw new ManifestError(`Unknown function "${call.abi}::${call.func}" called from WASM runtime`);
    }
    return call;
  });
}
