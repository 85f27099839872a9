/**
 * Runs the fixture subgraph's real WASM against a real anvil chain: deploys the fixture contract,
 * sends transactions, fetches the blocks/logs/receipts over JSON-RPC and checks the entities the
 * handlers wrote against values computed here from the chain.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createPublicClient,
  createWalletClient,
  decodeEventLog,
  encodeAbiParameters,
  http,
  keccak256,
  toBytes,
  toHex,
  type Abi,
  type Hex,
} from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { foundry } from 'viem/chains';
import { HandlerError, SubgraphRuntime, loadSubgraph } from '../src/runtime/index.js';
import type {
  BlockData,
  CreatedDataSource,
  DataSourceInstance,
  Entity,
  LoadedSubgraph,
  RpcLog,
  RpcReceipt,
  RpcTransaction,
  Value,
} from '../src/types.js';
import { startAnvil } from './helpers/anvil.js';
import { MemoryEntityCache } from './helpers/memory-cache.js';
import { emitterArtifact, emitterBuildDir, ensureFixturesBuilt } from './fixtures/ensure-built.js';

// anvil's first default account.
const deployer = privateKeyToAccount('0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80');

type Artifact = { abi: Abi; bytecode: { object: Hex } };
const readArtifact = (name: 'Emitter' | 'Child'): Artifact => JSON.parse(readFileSync(emitterArtifact(name), 'utf8')) as Artifact;

/** Independent reference for positive decimals: round n/d half-up to 34 significant digits. */
function decimal34(numerator: bigint, denominator: bigint): string {
  let scale = 0;
  while ((numerator * 10n ** BigInt(scale)) / denominator < 10n ** 33n) scale++;
  while ((numerator * 10n ** BigInt(scale)) / denominator >= 10n ** 34n) scale--;
  const scaled = scale >= 0 ? numerator * 10n ** BigInt(scale) : numerator;
  const divisor = scale >= 0 ? denominator : denominator * 10n ** BigInt(-scale);
  let digits = scaled / divisor;
  if ((scaled % divisor) * 2n >= divisor) digits += 1n;
  let text = digits.toString();
  let fraction = scale;
  while (fraction > 0 && text.endsWith('0')) {
    text = text.slice(0, -1);
    fraction--;
  }
  if (fraction <= 0) return text + '0'.repeat(-fraction);
  const padded = text.padStart(fraction + 1, '0');
  return `${padded.slice(0, padded.length - fraction)}.${padded.slice(padded.length - fraction)}`;
}

function field(entity: Entity | null | undefined, name: string): Value['kind'] extends never ? never : unknown {
  if (!entity) throw new Error(`entity missing when reading ${name}`);
  const value = entity.get(name);
  if (!value) return undefined;
  if (value.kind === 'Null') return null;
  if (value.kind === 'Bytes') return toHex(value.value);
  if (value.kind === 'Array') return value.value.map((item) => ('value' in item ? (item.kind === 'Bytes' ? toHex(item.value) : item.value) : null));
  return value.value;
}

async function rpc<T>(rpcUrl: string, method: string, params: unknown[]): Promise<T> {
  const response = await fetch(rpcUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
  });
  const body = (await response.json()) as { result?: T; error?: { message: string } };
  if (body.error) throw new Error(`${method}: ${body.error.message}`);
  return body.result as T;
}

/** Fetches one block the way the ingestion does: header + txs, filtered logs, receipts when needed. */
async function fetchBlock(
  rpcUrl: string,
  runtime: SubgraphRuntime,
  blockNumber: bigint,
  dataSources: DataSourceInstance[],
): Promise<BlockData> {
  const raw = await rpc<Record<string, unknown> & { hash: Hex; parentHash: Hex; timestamp: Hex; transactions: RpcTransaction[] }>(
    rpcUrl,
    'eth_getBlockByNumber',
    [toHex(blockNumber), true],
  );
  const logs: RpcLog[] = [];
  for (const filter of runtime.logFilters(dataSources)) {
    logs.push(
      ...(await rpc<RpcLog[]>(rpcUrl, 'eth_getLogs', [
        { blockHash: raw.hash, address: filter.address ?? undefined, topics: [filter.topic0] },
      ])),
    );
  }
  const transactions = new Map(raw.transactions.map((tx) => [tx.hash, tx]));
  let receipts: Map<string, RpcReceipt> | undefined;
  if (runtime.needsReceipts(dataSources)) {
    receipts = new Map();
    for (const hash of transactions.keys()) receipts.set(hash, await rpc<RpcReceipt>(rpcUrl, 'eth_getTransactionReceipt', [hash]));
  }
  const { transactions: _ignored, ...header } = raw;
  return {
    header: { number: Number(blockNumber), hash: raw.hash, parentHash: raw.parentHash, timestamp: BigInt(raw.timestamp), raw: header },
    logs,
    transactions,
    receipts,
  };
}

describe('SubgraphRuntime on the emitter fixture', () => {
  let anvil: Awaited<ReturnType<typeof startAnvil>>;
  let subgraph: LoadedSubgraph;
  let runtime: SubgraphRuntime;
  let cache: MemoryEntityCache;
  let publicClient: ReturnType<typeof createPublicClient>;
  let walletClient: ReturnType<typeof createWalletClient>;
  let emitterAddress: Hex;
  let staticSources: DataSourceInstance[];
  const emitter = readArtifact('Emitter');
  const child = readArtifact('Child');

  async function send(functionName: string, args: unknown[], opts: { to?: Hex; abi?: Abi; value?: bigint } = {}): Promise<Hex> {
    return walletClient.writeContract({
      address: opts.to ?? emitterAddress,
      abi: opts.abi ?? emitter.abi,
      functionName,
      args,
      value: opts.value,
      account: deployer,
      chain: foundry,
    } as Parameters<typeof walletClient.writeContract>[0]);
  }

  /** Mines the pending transactions into one block and returns its number. */
  async function mine(): Promise<bigint> {
    await rpc(anvil.rpcUrl, 'evm_mine', []);
    return publicClient.getBlockNumber({ cacheTime: 0 });
  }

  /** Processes a block like the ingestion: static sources, then newly created ones for the same block. */
  async function process(blockNumber: bigint, dataSources: DataSourceInstance[]): Promise<CreatedDataSource[]> {
    cache.beginBlock();
    const block = await fetchBlock(anvil.rpcUrl, runtime, blockNumber, dataSources);
    let { created } = runtime.processBlock(block, dataSources, cache);
    const allCreated = [...created];
    while (created.length > 0) {
      const again = await fetchBlock(anvil.rpcUrl, runtime, blockNumber, created);
      created = runtime.processBlock(again, created, cache).created;
      allCreated.push(...created);
    }
    return allCreated;
  }

  beforeAll(async () => {
    await ensureFixturesBuilt();
    anvil = await startAnvil();
    publicClient = createPublicClient({ chain: foundry, transport: http(anvil.rpcUrl) });
    walletClient = createWalletClient({ chain: foundry, transport: http(anvil.rpcUrl), account: deployer });
    const deployHash = await walletClient.deployContract({ abi: emitter.abi, bytecode: emitter.bytecode.object, account: deployer, chain: foundry });
    const deployReceipt = await publicClient.waitForTransactionReceipt({ hash: deployHash });
    emitterAddress = deployReceipt.contractAddress!;
    subgraph = await loadSubgraph(emitterBuildDir);
    // The manifest's address is anvil's first deployment address; use the real one regardless.
    staticSources = subgraph.dataSources.map((ds) => ({ ...ds, address: emitterAddress.toLowerCase() as Hex }));
    runtime = new SubgraphRuntime(subgraph, { rpcUrl: anvil.rpcUrl });
    cache = new MemoryEntityCache(subgraph.schemaText);
    await rpc(anvil.rpcUrl, 'evm_setAutomine', [false]);
  }, 240_000);

  afterAll(async () => {
    runtime?.close();
    await anvil?.stop();
  });

  it('loads the manifest: data sources, templates, handlers, immutable entities', () => {
    expect(subgraph.specVersion).toBe('1.3.0');
    expect(subgraph.apiVersion).toBe('0.0.9');
    expect(subgraph.network).toBe('anvil');
    expect(subgraph.templateNames).toEqual(['Child']);
    expect(subgraph.dataSources.map((ds) => ds.name)).toEqual(['Emitter']);
    expect([...subgraph.immutableEntities].sort()).toEqual(['BlockRecord', 'DepositEvent', 'TaggedEvent']);
    expect(runtime.needsReceipts(staticSources)).toBe(true);
    expect(runtime.hasBlockHandlers(staticSources)).toBe(true);
    const [filter] = runtime.logFilters(staticSources);
    expect(filter?.address).toBe(emitterAddress.toLowerCase());
    const depositTopic = keccak256(toBytes('Deposit(address,uint256,int256,string,bytes,bytes32,bool)'));
    expect(filter?.topic0).toContain(depositTopic);
    expect(filter?.topic0).toHaveLength(5);
  });

  it('runs event, template and block handlers with the host functions', async () => {
    const amount1 = 10n ** 18n + 7n;
    const delta1 = -42n;
    const note1 = 'first deposit';
    const data1 = toHex(toBytes('hello world'));
    const tag1 = keccak256(toBytes('tag-1'));
    const label = 'label-a';
    const values = [1n, 2n ** 200n, 3n];
    await send('deposit', [amount1, delta1, note1, data1, tag1, true], { value: 12345n });
    await send('tag', [label, values, 77n]);
    await send('createChild', ['kid']);
    await send('remove', ['n1']);
    const blockA = await mine();
    const createdA = await process(blockA, staticSources);

    // Expected values come from the chain itself.
    const blockAData = await publicClient.getBlock({ blockNumber: blockA, includeTransactions: true });
    expect(blockAData.transactions).toHaveLength(4);
    const depositTx = blockAData.transactions[0]!;
    const depositReceipt = await publicClient.getTransactionReceipt({ hash: depositTx.hash });
    const depositLog = depositReceipt.logs[0]!;
    const decodedDeposit = decodeEventLog({ abi: emitter.abi, data: depositLog.data, topics: depositLog.topics }) as unknown as {
      args: { account: Hex; amount: bigint; delta: bigint; note: string; data: Hex; tag: Hex; flag: boolean };
    };
    const depositId = (depositTx.hash + toHex(Number(depositLog.logIndex), { size: 4 }).slice(2)).toLowerCase();

    const deposit = cache.get('DepositEvent', depositId);
    expect(deposit).not.toBeNull();
    expect(field(deposit, 'account')).toBe(deployer.address.toLowerCase());
    expect(field(deposit, 'amount')).toBe(decodedDeposit.args.amount);
    expect(field(deposit, 'delta')).toBe(decodedDeposit.args.delta);
    expect(field(deposit, 'note')).toBe(decodedDeposit.args.note);
    expect(field(deposit, 'data')).toBe(decodedDeposit.args.data);
    expect(field(deposit, 'tag')).toBe(decodedDeposit.args.tag);
    expect(field(deposit, 'flag')).toBe(true);
    expect(field(deposit, 'blockNumber')).toBe(blockA);
    expect(field(deposit, 'blockTimestamp')).toBe(blockAData.timestamp * 1_000_000n);
    expect(field(deposit, 'blockHash')).toBe(blockAData.hash);
    expect(field(deposit, 'logIndex')).toBe(BigInt(depositLog.logIndex));
    expect(field(deposit, 'txHash')).toBe(depositTx.hash);
    expect(field(deposit, 'txFrom')).toBe(depositTx.from.toLowerCase());
    expect(field(deposit, 'txValue')).toBe(depositTx.value);
    expect(field(deposit, 'txIndex')).toBe(BigInt(depositTx.transactionIndex!));
    expect(field(deposit, 'receiptGasUsed')).toBe(depositReceipt.gasUsed);
    expect(field(deposit, 'receiptLogCount')).toBe(depositReceipt.logs.length);
    expect(field(deposit, 'receiptStatus')).toBe(1n);

    const amount = decodedDeposit.args.amount;
    expect(field(deposit, 'amountTimesDelta')).toBe(amount * delta1);
    expect(field(deposit, 'amountDivThree')).toBe(decimal34(amount, 3n));
    expect(field(deposit, 'amountPow2')).toBe(amount ** 2n);
    expect(field(deposit, 'amountMod7')).toBe(amount % 7n);
    expect(field(deposit, 'shifted')).toBe((amount << 3n) >> 1n);
    expect(field(deposit, 'masked')).toBe((amount & 0xffn) | 0x100n);
    expect(field(deposit, 'fromStringSum')).toBe((123456789012345678901234567890n - amount) / 2n);
    // (1.5 - 0.25) * amount - 0.125, exactly, in thousandths.
    expect(field(deposit, 'decimalSum')).toBe(decimal34(1250n * amount - 125n, 1000n));
    expect(field(deposit, 'decimalFromString')).toBe(decimal34(12345678901234567890123456789012345678901234567890n, 10n ** 30n));
    expect(field(deposit, 'decimalEqualsCheck')).toBe(true);
    expect(field(deposit, 'amountHex')).toBe(`0x${amount.toString(16)}`);
    expect(field(deposit, 'noteKeccak')).toBe(keccak256(toBytes(note1)));
    expect(field(deposit, 'dataBase58')).toBe('StV1DL6CwTryKyV'); // base58("hello world"), the standard test vector
    expect(field(deposit, 'dataHex')).toBe(data1);
    expect(field(deposit, 'encoded')).toBe(
      encodeAbiParameters(
        [{ type: 'tuple', components: [{ type: 'address' }, { type: 'uint256' }, { type: 'string' }] }],
        [[deployer.address, amount, note1]],
      ),
    );
    expect(field(deposit, 'decodedAmount')).toBe(amount);
    expect(field(deposit, 'jsonSum')).toBe(40n + 1n + 2n + 123456789012345678901234567890n);
    expect(field(deposit, 'jsonText')).toBe('x');
    expect(field(deposit, 'jsonFloat')).toBe('2.5');
    const totalAtBlock = await publicClient.readContract({ address: emitterAddress, abi: emitter.abi, functionName: 'total', blockNumber: blockA });
    expect(field(deposit, 'totalFromCall')).toBe(totalAtBlock);
    const labelAtBlock = await publicClient.readContract({ address: emitterAddress, abi: emitter.abi, functionName: 'label', blockNumber: blockA });
    expect(field(deposit, 'labelFromCall')).toBe(labelAtBlock);
    expect(field(deposit, 'failingReverted')).toBe(true);
    expect(field(deposit, 'int8Value')).toBe(delta1);
    expect(deposit!.get('int8Value')?.kind).toBe('Int8');
    expect(deposit!.get('blockTimestamp')?.kind).toBe('Timestamp');
    expect(field(deposit, 'tagList')).toEqual(['a', note1]);
    expect(field(deposit, 'network')).toBe('anvil');
    expect(field(deposit, 'sourceAddress')).toBe(emitterAddress.toLowerCase());
    expect(field(deposit, 'seenInBlock')).toBe(false);

    const account = cache.get('Account', deployer.address.toLowerCase());
    expect(field(account, 'depositCount')).toBe(1);
    expect(field(account, 'totalDeposited')).toBe(amount);
    expect(field(account, 'averageDeposit')).toBe(decimal34(amount, 1n));
    expect(field(account, 'lastNote')).toBe(note1);
    expect(field(account, 'balanceAtLastDeposit')).toBe(await publicClient.getBalance({ address: deployer.address, blockNumber: blockA }));
    expect(field(account, 'isContract')).toBe(false);
    expect(field(account, 'relatedCountBeforeLast')).toBe(0);

    // Tagged: the indexed string arrives as its keccak hash; tuple and fixed array are decoded.
    const tagged = [...(cache.entities.get('TaggedEvent')?.values() ?? [])];
    expect(tagged).toHaveLength(1);
    expect(field(tagged[0], 'labelHash')).toBe(keccak256(toBytes(label)));
    expect(field(tagged[0], 'values')).toEqual(values);
    expect(field(tagged[0], 'who')).toBe(deployer.address.toLowerCase());
    expect(field(tagged[0], 'weight')).toBe(77n);
    expect(field(tagged[0], 'small')).toEqual([1, 2, 3]);

    // Template instantiation with context.
    const createReceipt = await publicClient.getTransactionReceipt({ hash: blockAData.transactions[2]!.hash });
    const childCreated = decodeEventLog({ abi: emitter.abi, data: createReceipt.logs[0]!.data, topics: createReceipt.logs[0]!.topics }) as unknown as {
      args: { child: Hex; name: string };
    };
    const childAddress = childCreated.args.child.toLowerCase() as Hex;
    expect(createdA).toHaveLength(1);
    expect(createdA[0]).toMatchObject({ templateName: 'Child', name: 'Child', address: childAddress, creationBlock: Number(blockA), network: 'anvil' });
    expect(createdA[0]!.context?.get('name')).toEqual({ kind: 'String', value: 'kid' });
    expect(createdA[0]!.context?.get('number')).toEqual({ kind: 'Int', value: 42 });
    const childEntity = cache.get('Child', childAddress);
    expect(field(childEntity, 'name')).toBe('kid');
    expect(field(childEntity, 'createdAtBlock')).toBe(blockA);

    // store.remove removed the note, the kept copy was written.
    expect(cache.get('Note', 'n1')).toBeNull();
    // The kept note's text also carries bytesToString (trailing NULs trimmed), stringToH160 and json.toU64.
    expect(field(cache.get('Note', 'n1-kept'), 'text')).toBe(
      ['temporary', 'abc', '0x00000000000000000000000000000000000000aa', (2n ** 64n - 1n).toString()].join('|'),
    );

    // Block handler ran after the events.
    const record = cache.get('BlockRecord', blockA.toString());
    expect(field(record, 'hash')).toBe(blockAData.hash);
    expect(field(record, 'parentHash')).toBe(blockAData.parentHash);
    expect(field(record, 'timestamp')).toBe(blockAData.timestamp);
    expect(field(record, 'gasUsed')).toBe(blockAData.gasUsed);
    expect(field(record, 'author')).toBe(blockAData.miner.toLowerCase());
    expect(field(record, 'baseFeePerGas')).toBe(blockAData.baseFeePerGas);

    // Block B: a second deposit (loadRelated sees the first) and a ping on the child (template handler).
    const amount2 = 5n;
    await send('deposit', [amount2, 3n, 'second', '0x', tag1, false]);
    await send('ping', [9n], { to: childAddress, abi: child.abi });
    const blockB = await mine();
    const dataSources = [...staticSources, ...createdA];
    await process(blockB, dataSources);
    const accountB = cache.get('Account', deployer.address.toLowerCase());
    expect(field(accountB, 'depositCount')).toBe(2);
    expect(field(accountB, 'totalDeposited')).toBe(amount + amount2);
    expect(field(accountB, 'averageDeposit')).toBe(decimal34(amount + amount2, 2n));
    expect(field(accountB, 'relatedCountBeforeLast')).toBe(1);
    expect(field(accountB, 'lastNote')).toBe('second');
    const childB = cache.get('Child', childAddress);
    expect(field(childB, 'pings')).toBe(9n);
    expect(field(childB, 'lastFrom')).toBe(deployer.address.toLowerCase());
    expect(field(childB, 'contextName')).toBe('kid');
    expect(field(childB, 'contextNumber')).toBe(42);
    expect(cache.count('BlockRecord')).toBe(2);
  }, 120_000);

  it('turns assert and log.critical in a handler into a deterministic HandlerError', async () => {
    await send('boom', [7n]);
    const blockC = await mine();
    const block = await fetchBlock(anvil.rpcUrl, runtime, blockC, staticSources);
    let error: unknown;
    try {
      runtime.processBlock(block, staticSources, cache);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(HandlerError);
    const handlerError = error as HandlerError;
    expect(handlerError.deterministic).toBe(true);
    expect(handlerError.blockNumber).toBe(Number(blockC));
    expect(handlerError.handler).toBe('handleBoom');
    expect(handlerError.dataSource).toBe('Emitter');
    expect(handlerError.message).toContain('boom seven');

    await send('boom', [101n]);
    const blockD = await mine();
    const blockDData = await fetchBlock(anvil.rpcUrl, runtime, blockD, staticSources);
    expect(() => runtime.processBlock(blockDData, staticSources, cache)).toThrow(/Critical error logged in mapping: boom code 101/);

    // A harmless code passes: the block handler still runs for that block.
    await send('boom', [3n]);
    const blockE = await mine();
    const result = runtime.processBlock(await fetchBlock(anvil.rpcUrl, runtime, blockE, staticSources), staticSources, cache);
    expect(result.handlerCalls).toBe(2);
    expect(cache.get('BlockRecord', blockE.toString())).not.toBeNull();
  }, 60_000);

  it('loads the same subgraph from manifest text and a file resolver (IPFS-style source)', async () => {
    const manifestText = readFileSync(path.join(emitterBuildDir, 'subgraph.yaml'), 'utf8');
    const requested: string[] = [];
    const loaded = await loadSubgraph({
      manifestText,
      resolveFile: async (ref) => {
        requested.push(ref);
        return new Uint8Array(readFileSync(path.join(emitterBuildDir, ref)));
      },
    });
    expect(loaded.templateNames).toEqual(['Child']);
    expect(requested).toContain('Emitter/Emitter.wasm');
    expect(requested).toContain('schema.graphql');
  });
});
