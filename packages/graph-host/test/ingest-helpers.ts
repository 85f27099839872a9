/**
 * Shared by the ingestion/server/restart/reorg tests and the benchmark: a real anvil with the
 * fixture Emitter contract deployed at the address the fixture manifest expects, and helpers to
 * send transactions and query a GraphQL endpoint.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  createPublicClient,
  createWalletClient,
  http,
  type Abi,
  type Address,
  type Hex,
  type PublicClient,
  type TransactionReceipt,
  type WalletClient,
} from 'viem';
import { foundry } from 'viem/chains';
import { startGraphHost } from '../src/index.js';
import { startAnvil } from './helpers/anvil.js';

export const packageRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const fixtureDir = path.join(packageRoot, 'test', 'fixtures', 'emitter');
export const fixtureBuildDir = path.join(fixtureDir, 'build');
/** First contract deployed by anvil's account 0 at nonce 0 — the fixture manifest's address. */
export const EMITTER_ADDRESS: Address = '0x5FbDB2315678afecb367f032d93F642f64180aa3';
export const ACCOUNT: Address = '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266';

const artifact = JSON.parse(readFileSync(path.join(fixtureDir, 'out', 'Emitter.sol', 'Emitter.json'), 'utf8')) as {
  abi: Abi;
  bytecode: { object: Hex };
};
export const emitterAbi = artifact.abi;
const childAbi = (JSON.parse(readFileSync(path.join(fixtureDir, 'out', 'Emitter.sol', 'Child.json'), 'utf8')) as { abi: Abi }).abi;

export interface Chain {
  rpcUrl: string;
  stop(): Promise<void>;
  client: PublicClient;
  /** Client with anvil's unlocked account 0 (JSON-RPC account) and the anvil chain configured. */
  wallet: WalletClient;
  rpc<T>(method: string, params?: unknown[]): Promise<T>;
  blockNumber(): Promise<number>;
  mine(blocks?: number): Promise<unknown>;
  deposit(amount: bigint, note?: string): Promise<TransactionReceipt>;
  tag(label: string, values: bigint[], weight: bigint): Promise<TransactionReceipt>;
  createChild(name: string): Promise<Address>;
  ping(child: Address, n: bigint): Promise<TransactionReceipt>;
  remove(id: string): Promise<TransactionReceipt>;
  boom(code: bigint): Promise<TransactionReceipt>;
}

export async function startChainWithEmitter(anvilArgs: string[] = []): Promise<Chain> {
  const anvil = await startAnvil({ args: anvilArgs });
  const transport = http(anvil.rpcUrl);
  const chain = { ...foundry, rpcUrls: { default: { http: [anvil.rpcUrl] } } };
  const wallet = createWalletClient({ chain, transport, account: ACCOUNT });
  const client = createPublicClient({ chain, transport }) as PublicClient;
  try {
    const deployHash = await wallet.deployContract({ abi: emitterAbi, bytecode: artifact.bytecode.object });
    const receipt = await client.waitForTransactionReceipt({ hash: deployHash });
    if (receipt.contractAddress?.toLowerCase() !== EMITTER_ADDRESS.toLowerCase()) {
      throw new Error(`Emitter deployed at ${receipt.contractAddress}, fixture expects ${EMITTER_ADDRESS}`);
    }
  } catch (error) {
    await anvil.stop();
    throw error;
  }

  const rpc = async <T,>(method: string, params: unknown[] = []): Promise<T> => {
    const response = await fetch(anvil.rpcUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
    });
    const body = (await response.json()) as { result?: T; error?: { message: string } };
    if (body.error) throw new Error(`${method}: ${body.error.message}`);
    return body.result as T;
  };
  const send = async (functionName: string, args: unknown[], to: Address = EMITTER_ADDRESS, abi: Abi = emitterAbi) => {
    const hash = await wallet.writeContract({ address: to, abi, functionName, args, chain, account: ACCOUNT });
    return client.waitForTransactionReceipt({ hash });
  };
  let nonce = 0;
  return {
    rpcUrl: anvil.rpcUrl,
    stop: anvil.stop,
    client,
    wallet: wallet as unknown as WalletClient,
    rpc,
    // Raw eth_blockNumber: viem's getBlockNumber caches for seconds.
    blockNumber: async () => Number.parseInt(await rpc<string>('eth_blockNumber'), 16),
    mine: (blocks = 1) => rpc('anvil_mine', [`0x${blocks.toString(16)}`]),
    deposit: (amount: bigint, note = `note-${nonce++}`) =>
      send('deposit', [amount, -amount / 2n, note, '0xdeadbeef', `0x${'ab'.repeat(32)}`, amount % 2n === 0n]),
    tag: (label: string, values: bigint[], weight: bigint) => send('tag', [label, values, weight]),
    createChild: async (name: string): Promise<Address> => {
      const receipt = await send('createChild', [name]);
      const log = receipt.logs.find((l) => l.address.toLowerCase() === EMITTER_ADDRESS.toLowerCase() && l.topics.length === 2);
      if (!log?.topics[1]) throw new Error('ChildCreated log missing');
      return `0x${log.topics[1].slice(26)}` as Address;
    },
    ping: (child: Address, n: bigint) => send('ping', [n], child, childAbi),
    remove: (id: string) => send('remove', [id]),
    boom: (code: bigint) => send('boom', [code]),
  };
}

/** Sends a GraphQL query to a graph host endpoint; throws on GraphQL errors. */
export async function gql<T = Record<string, unknown>>(url: string, query: string, variables?: Record<string, unknown>): Promise<T> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: { message: string }[] };
  if (body.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(body.errors)}`);
  return body.data as T;
}

/** Every entity of the fixture, sorted by id — a full snapshot to compare two indexing runs. */
export const FULL_STATE_QUERY = `{
  accounts(first: 1000, orderBy: id) { id depositCount totalDeposited averageDeposit lastNote balanceAtLastDeposit isContract relatedCountBeforeLast deposits(orderBy: id) { id } }
  depositEvents(first: 1000, orderBy: id) { id amount delta note blockNumber blockHash logIndex txHash amountTimesDelta decimalSum totalFromCall labelFromCall int8Value tagList seenInBlock receiptLogCount }
  taggedEvents(first: 1000, orderBy: id) { id labelHash values who weight small }
  children(first: 1000, orderBy: id) { id name createdAtBlock pings lastFrom contextName contextNumber }
  notes(first: 1000, orderBy: id) { id text }
  blockRecords(first: 1000, orderBy: number) { id number hash parentHash timestamp }
}`;

const ENTITY_FIELDS: Record<string, string> = {
  accounts: 'id depositCount totalDeposited averageDeposit lastNote balanceAtLastDeposit isContract relatedCountBeforeLast deposits(orderBy: id) { id }',
  depositEvents:
    'id amount delta note blockNumber blockHash blockTimestamp logIndex txHash txIndex receiptGasUsed receiptLogCount amountTimesDelta decimalSum totalFromCall labelFromCall failingReverted int8Value tagList seenInBlock',
  taggedEvents: 'id labelHash values who weight small',
  children: 'id name createdAtBlock pings lastFrom contextName contextNumber',
  notes: 'id text',
  blockRecords: 'id number hash parentHash timestamp gasUsed',
};

/** Every entity of the fixture (paged with id_gt), to compare two indexing runs exactly. */
export async function fullState(url: string): Promise<Record<string, unknown[]>> {
  const state: Record<string, unknown[]> = {};
  for (const [collection, fields] of Object.entries(ENTITY_FIELDS)) {
    const rows: { id: string }[] = [];
    let last: string | null = null;
    for (;;) {
      const where: string = last === null ? '' : `, where: { id_gt: ${JSON.stringify(last)} }`;
      const data: Record<string, { id: string }[]> = await gql(url, `{ page: ${collection}(first: 1000, orderBy: id${where}) { ${fields} } }`);
      const page = data.page ?? [];
      rows.push(...page);
      if (page.length < 1000) break;
      last = page[page.length - 1]!.id;
    }
    state[collection] = rows;
  }
  return state;
}

/** A host on `rpcUrl` indexes the fixture subgraph up to `head`; its full state, read before it stops. */
export async function indexedState(rpcUrl: string, head: number, timeoutMs = 120_000): Promise<Record<string, unknown[]>> {
  const host = await startGraphHost({ rpcUrl, subgraph: fixtureBuildDir, pollIntervalMs: 50, logger: { log: () => {} } });
  try {
    await host.waitForBlock(head, timeoutMs);
    return await fullState(host.url);
  } finally {
    await host.stop();
  }
}
