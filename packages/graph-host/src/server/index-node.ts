/**
 * graph-node's index-node status API (server/index-node, port 8030, path /graphql): the GraphQL
 * schema of graph-node's `schema.graphql` for the queries graph-node's tooling asks
 * (`indexingStatuses`, `indexingStatusForCurrentVersion`, `indexingStatusesForSubgraphName`,
 * `subgraphFeatures`, …), with the value shapes of graph-node's `status.rs`.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { buildSchema, execute, parse, validate, type DocumentNode, type GraphQLError } from 'graphql';
import type { DeploymentManager } from './deployments.js';
import type { DeploymentStatus } from './host.js';
import type { LoadedSubgraph, SubgraphErrorInfo, SubgraphLogger } from '../types.js';
import { entityPlainJson } from '../store/codec.js';
import { sendGraphiqlPage, serveGraphiqlAsset, wantsGraphiql } from './graphiql.js';
import { subgraphInternals, usesAggregations } from '../runtime/manifest.js';
import { finishProofOfIndexing, proofOfIndexingComputed, proofOfIndexingVersion } from '../poi/poi.js';

/** graph-node's index-node schema, limited to what this host answers (others are not declared). */
export const INDEX_NODE_SCHEMA = `
scalar BigInt
scalar Bytes
scalar JSONObject

type Query {
  indexingStatusForCurrentVersion(subgraphName: String!): SubgraphIndexingStatus
  indexingStatusForPendingVersion(subgraphName: String!): SubgraphIndexingStatus
  indexingStatusesForSubgraphName(subgraphName: String!): [SubgraphIndexingStatus!]!
  indexingStatuses(subgraphs: [String!]): [SubgraphIndexingStatus!]!
  "graph-node's proof of indexing (Fast for spec versions >= 0.0.6, Legacy before; null for an unknown deployment or a block not indexed yet)"
  proofOfIndexing(subgraph: String!, blockNumber: Int!, blockHash: Bytes!, indexer: Bytes): Bytes
  publicProofsOfIndexing(requests: [PublicProofOfIndexingRequest!]!): [PublicProofOfIndexingResult!]!
  subgraphFeatures(subgraphId: String!): SubgraphFeatures!
  "The entity versions a deployment wrote at a block (inserts and updates) and the ids it deleted there"
  entityChangesInBlock(subgraphId: String!, blockNumber: Int!): EntityChanges!
  "The block with this hash as the chain's node gives it (with its transactions); null if unknown"
  blockData(network: String!, blockHash: Bytes!): JSONObject
  "The hash of the chain's block with this number (hex, no 0x prefix, as graph-node writes it); null if the chain has no such block"
  blockHashFromNumber(network: String!, blockNumber: Int!): Bytes
  version: Version!
  apiVersions(subgraphId: String!): [ApiVersion!]!
}

input PublicProofOfIndexingRequest {
  deployment: String!
  blockNumber: BigInt!
}

type PublicProofOfIndexingResult {
  deployment: String!
  block: PartialBlock!
  proofOfIndexing: Bytes
}

type PartialBlock {
  hash: Bytes
  number: BigInt!
}

type EntityChanges {
  updates: [EntityTypeUpdates!]!
  deletions: [EntityTypeDeletions!]!
}

type EntityTypeUpdates {
  type: String!
  entities: [JSONObject!]!
}

type EntityTypeDeletions {
  type: String!
  entities: [ID!]!
}

type Version {
  version: String!
  commit: String!
}

type SubgraphIndexingStatus {
  subgraph: String!
  synced: Boolean!
  health: Health!
  "If the subgraph has failed, this is the error caused it"
  fatalError: SubgraphError
  "Sorted from first to last, limited to first 1000"
  nonFatalErrors: [SubgraphError!]!
  chains: [ChainIndexingStatus!]!
  entityCount: BigInt!
  "null if deployment is not assigned to an indexing node"
  node: String
  "null if deployment is not assigned to an indexing node"
  paused: Boolean
  historyBlocks: Int!
}

interface ChainIndexingStatus {
  network: String!
  chainHeadBlock: Block
  earliestBlock: EarliestBlock
  latestBlock: Block
  lastHealthyBlock: Block
}

type EthereumIndexingStatus implements ChainIndexingStatus {
  network: String!
  chainHeadBlock: Block
  earliestBlock: EarliestBlock
  latestBlock: Block
  lastHealthyBlock: Block
}

type Block {
  hash: Bytes!
  number: BigInt!
}

type EarliestBlock {
  hash: Bytes! @deprecated(reason: "hash will always be reported as 0x0.")
  number: BigInt!
}

type SubgraphError {
  message: String!
  block: Block
  handler: String
  deterministic: Boolean!
}

enum Health {
  "Subgraph syncing normally"
  healthy
  "Subgraph syncing but with errors"
  unhealthy
  "Subgraph halted due to errors"
  failed
}

type SubgraphFeatures {
  apiVersion: String
  specVersion: String!
  features: [Feature!]!
  dataSources: [String!]!
  handlers: [String!]!
  network: String
}

enum Feature {
  nonFatalErrors
  grafting
  fullTextSearch
  ipfsOnEthereumContracts
  aggregations
  declaredEthCalls
  immutableEntities
  bytesAsIds
}

type ApiVersion {
  version: String!
}
`;

const schema = buildSchema(INDEX_NODE_SCHEMA);
/** graph-node's default node id and `historyBlocks` when pruning is off (i32::MAX). */
const NODE_ID = 'default';
const HISTORY_BLOCKS = 2_147_483_647;
const MAX_BODY_BYTES = 256 * 1024;
/** Requests per publicProofsOfIndexing query (each is a store read). */
const MAX_PUBLIC_POI_REQUESTS = 100;
const KNOWN_FEATURES = new Set(['nonFatalErrors', 'grafting', 'fullTextSearch', 'ipfsOnEthereumContracts', 'aggregations', 'declaredEthCalls', 'immutableEntities', 'bytesAsIds']);

export interface IndexNodeOptions {
  /** The chain's JSON-RPC endpoint: `chainHeadBlock` needs the head's hash. */
  rpcUrl: string;
  logger: SubgraphLogger;
  version?: string;
}

type Hex = `0x${string}`;

/** Head block hashes by number (one JSON-RPC call per new head), and blocks by hash for blockData. */
class HeadCache {
  private readonly hashes = new Map<number, Hex>();
  constructor(private readonly rpcUrl: string) {}

  async hash(number: number): Promise<Hex | null> {
    const known = this.hashes.get(number);
    if (known) return known;
    // The status stays answerable when the node is down: the head's hash is then unknown.
    const block = await this.call<{ hash?: Hex } | null>('eth_getBlockByNumber', [`0x${number.toString(16)}`, false]).catch(() => null);
    const hash = block?.hash ?? null;
    if (hash) {
      if (this.hashes.size > 64) this.hashes.clear();
      this.hashes.set(number, hash);
    }
    return hash;
  }

  /** The block with its transactions, as the node answers eth_getBlockByHash; null if the node lacks it. */
  async block(hash: string): Promise<Record<string, unknown> | null> {
    return (await this.call<Record<string, unknown> | null>('eth_getBlockByHash', [hash, true])) ?? null;
  }

  /** One JSON-RPC call with a 5 s deadline; a node that is down or refuses is an error naming the method. */
  private async call<T>(method: string, params: unknown[]): Promise<T | undefined> {
    const response = await fetch(this.rpcUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
      signal: AbortSignal.timeout(5_000),
    }).catch(() => null);
    if (!response) throw new Error('the chain node did not answer');
    const body = (await response.json().catch(() => null)) as { result?: T; error?: { message?: string } } | null;
    if (!body || body.error) throw new Error(`the chain node refused ${method}: ${body?.error?.message ?? 'no answer'}`);
    return body.result;
  }
}

/** A hex Bytes argument (0x optional, as graph-node's BlockHash/Address parsing), optionally of a fixed length. */
function hexArgument(value: string, name: string, length?: number): Uint8Array {
  const digits = typeof value === 'string' && value.startsWith('0x') ? value.slice(2) : value;
  if (typeof digits !== 'string' || digits.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(digits) || (length !== undefined && digits.length !== length * 2)) {
    throw new Error(`invalid ${name} ${JSON.stringify(value)}`.slice(0, 200));
  }
  return Buffer.from(digits, 'hex');
}

function blockValue(number: number, hash: string | null | undefined): { hash: string; number: string } | null {
  return hash ? { hash, number: String(number) } : null;
}

function errorValue(error: SubgraphErrorInfo) {
  return {
    message: error.message,
    // graph-node writes the error's block number as a number here (status.rs).
    block: { number: error.blockNumber, hash: error.blockHash ?? null },
    handler: error.handler ?? null,
    deterministic: error.deterministic,
  };
}

function handlerKinds(subgraph: LoadedSubgraph): string[] {
  const kinds = new Set<string>();
  const internals = subgraphInternals(subgraph);
  for (const def of [...internals.staticSources, ...internals.templates.values()]) {
    if (def.eventHandlers.length > 0) kinds.add('event');
    if (def.callHandlers.length > 0) kinds.add('call');
    // graph-node's subgraph data source: `handler_kind()` is `entity`.
    if (def.entityHandlers.length > 0) kinds.add('entity');
    // graph-node's MappingBlockHandler::kind names each block handler by its filter.
    for (const handler of def.blockHandlers) kinds.add(handler.filter.kind === 'every' ? 'block' : `block_filter_${handler.filter.kind}`);
  }
  return [...kinds].sort();
}

/** Index-node query resolution over the host's deployments. */
export class IndexNodeResolver {
  private readonly heads: HeadCache;

  constructor(
    private readonly deployments: DeploymentManager,
    private readonly opts: IndexNodeOptions,
  ) {
    this.heads = new HeadCache(opts.rpcUrl);
  }

  private async statusValue(progress: DeploymentStatus) {
    const deployment = this.deployments.byId(progress.deploymentId);
    if (!deployment) return null;
    const { store, subgraph } = deployment;
    const status = store.status();
    const nonFatal = store.nonFatalErrors?.() ?? [];
    // A deterministic failure is fatal; a step retried after a non-deterministic error is reported
    // failed meanwhile, as graph-node does until its restart succeeds.
    const fatal = status.failed && status.error ? status.error : progress.error && !progress.error.deterministic ? progress.error : null;
    const health = fatal ? 'failed' : nonFatal.length > 0 ? 'unhealthy' : 'healthy';
    const latest = progress.latestBlock;
    const head = progress.chainHead;
    const headHash = head === null ? null : await this.heads.hash(head);
    const lastHealthy =
      fatal && fatal.blockNumber > subgraph.startBlock
        ? blockValue(fatal.blockNumber - 1, store.blockHash(fatal.blockNumber - 1))
        : null;
    const entityCount = (store as { entityCount?: () => number }).entityCount?.() ?? 0;
    return {
      subgraph: deployment.id,
      synced: progress.state === 'synced' || (latest !== null && head !== null && latest.number >= head),
      health,
      fatalError: fatal ? errorValue(fatal) : null,
      nonFatalErrors: nonFatal.slice(0, 1000).map(errorValue),
      chains: [
        {
          __typename: 'EthereumIndexingStatus',
          network: subgraph.network,
          chainHeadBlock: head === null ? null : blockValue(head, headHash),
          earliestBlock: { hash: '0x0', number: subgraph.startBlock },
          latestBlock: latest ? blockValue(latest.number, latest.hash) : null,
          lastHealthyBlock: lastHealthy,
        },
      ],
      entityCount: String(entityCount),
      node: NODE_ID,
      paused: false,
      historyBlocks: HISTORY_BLOCKS,
    };
  }

  /** graph-node's `get_proof_of_indexing`: null for an unknown deployment or a block not reached; the version from the spec version. */
  private async proofOfIndexing(deploymentId: string, blockNumber: number, blockHash: Uint8Array, indexer: Uint8Array | null): Promise<Uint8Array | null> {
    const deployment = this.deployments.byId(deploymentId);
    if (!deployment || blockNumber < 0 || !proofOfIndexingComputed()) return null;
    const regions = await deployment.store.proofOfIndexingDigests?.(blockNumber);
    if (!regions) return null;
    return finishProofOfIndexing({ deployment: deployment.id, blockNumber, blockHash, indexer, regions, version: proofOfIndexingVersion(deployment.subgraph.specVersion) });
  }

  private async statuses(filter: (progress: DeploymentStatus) => boolean) {
    const values = await Promise.all(this.deployments.status().filter(filter).map((p) => this.statusValue(p)));
    return values.filter((v) => v !== null);
  }

  rootValue() {
    const currentFor = async (name: string) => {
      const deployment = this.deployments.byName(name);
      if (!deployment) return null;
      const [value] = await this.statuses((p) => p.deploymentId === deployment.id);
      return value ?? null;
    };
    return {
      indexingStatuses: ({ subgraphs }: { subgraphs?: string[] | null }) =>
        this.statuses((p) => !subgraphs || subgraphs.length === 0 || subgraphs.includes(p.deploymentId)),
      indexingStatusForCurrentVersion: ({ subgraphName }: { subgraphName: string }) => currentFor(subgraphName),
      // Deploying a name switches it at once here: there is never a pending version.
      indexingStatusForPendingVersion: () => null,
      indexingStatusesForSubgraphName: async ({ subgraphName }: { subgraphName: string }) => {
        const value = await currentFor(subgraphName);
        return value ? [value] : [];
      },
      proofOfIndexing: async (args: { subgraph: string; blockNumber: number; blockHash: string; indexer?: string | null }) => {
        const blockHash = hexArgument(args.blockHash, 'blockHash');
        const indexer = args.indexer === undefined || args.indexer === null ? null : hexArgument(args.indexer, 'indexer', 20);
        const poi = await this.proofOfIndexing(args.subgraph, args.blockNumber, blockHash, indexer);
        return poi ? `0x${Buffer.from(poi).toString('hex')}` : null;
      },
      publicProofsOfIndexing: async ({ requests }: { requests: { deployment: string; blockNumber: string }[] }) => {
        if (requests.length > MAX_PUBLIC_POI_REQUESTS) throw new Error(`at most ${MAX_PUBLIC_POI_REQUESTS} requests are allowed`);
        const results = [];
        // One at a time: each reads the store and may ask the chain for a block hash.
        for (const { deployment, blockNumber } of requests) {
          const number = Number(blockNumber);
          if (!/^\d+$/.test(String(blockNumber)) || !Number.isSafeInteger(number) || number > 2_147_483_647) throw new Error(`invalid block number ${blockNumber}`);
          const found = this.deployments.byId(deployment);
          const hash = found ? (found.store.blockHash(number) ?? (await this.heads.hash(number).catch(() => null))) : null;
          const poi = hash ? await this.proofOfIndexing(deployment, number, Buffer.from(hash.slice(2), 'hex'), null) : null;
          results.push({
            deployment,
            block: { number: String(number), hash: poi && hash ? hash : null },
            proofOfIndexing: poi ? `0x${Buffer.from(poi).toString('hex')}` : null,
          });
        }
        return results;
      },
      subgraphFeatures: ({ subgraphId }: { subgraphId: string }) => {
        const deployment = this.deployments.byId(subgraphId);
        if (!deployment) throw new Error(`Subgraph deployment \`${subgraphId}\` not found`);
        const { subgraph } = deployment;
        return {
          apiVersion: subgraph.apiVersion,
          specVersion: subgraph.specVersion,
          // graph-node adds `aggregations` when the schema has any (DeploymentFeatures.has_aggregations).
          features: [
            ...subgraph.features.filter((f) => KNOWN_FEATURES.has(f)),
            ...(usesAggregations(subgraph.schemaText) && !subgraph.features.includes('aggregations') ? ['aggregations'] : []),
          ],
          // graph-node's deployment_features: the kinds of the data sources and of the templates (e.g. `file/ipfs`).
          dataSources: [...new Set([...subgraphInternals(subgraph).staticSources, ...subgraphInternals(subgraph).templates.values()].map((d) => d.kind))],
          handlers: handlerKinds(subgraph),
          network: subgraph.network,
        };
      },
      entityChangesInBlock: async ({ subgraphId, blockNumber }: { subgraphId: string; blockNumber: number }) => {
        const deployment = this.deployments.byId(subgraphId);
        if (!deployment) throw new Error(`Subgraph deployment \`${subgraphId}\` not found`);
        if (!deployment.store.entityChangesInBlock) throw new Error('this store cannot list entity changes');
        const changes = await deployment.store.entityChangesInBlock(blockNumber);
        return {
          updates: changes.updates.map((u) => ({ type: u.type, entities: u.entities.map(entityPlainJson) })),
          deletions: changes.deletions.map((d) => ({ type: d.type, entities: d.ids })),
        };
      },
      blockData: async ({ network, blockHash }: { network: string; blockHash: string }) => {
        this.checkNetwork(network);
        if (!/^(0x)?[0-9a-fA-F]{64}$/.test(blockHash)) throw new Error(`invalid block hash ${JSON.stringify(blockHash)}`);
        return this.heads.block(blockHash.startsWith('0x') ? blockHash : `0x${blockHash}`);
      },
      blockHashFromNumber: async ({ network, blockNumber }: { network: string; blockNumber: number }) => {
        this.checkNetwork(network);
        if (blockNumber < 0) throw new Error(`invalid block number ${blockNumber}`);
        const hash = await this.heads.hash(blockNumber);
        return hash ? hash.slice(2) : null;
      },
      version: () => ({ version: this.opts.version ?? 'graph-host', commit: '' }),
      apiVersions: ({ subgraphId }: { subgraphId: string }) => {
        const deployment = this.deployments.byId(subgraphId);
        return deployment ? [{ version: deployment.subgraph.apiVersion }] : [];
      },
    };
  }

  /** One chain per host: its name is the one its subgraphs' manifests give. */
  private checkNetwork(network: string): void {
    const networks = new Set(this.deployments.status().map((p) => this.deployments.byId(p.deploymentId)?.subgraph.network));
    if (!networks.has(network)) throw new Error(`network \`${network}\` is not indexed by this host (${[...networks].filter(Boolean).join(', ') || 'no deployments'})`);
  }

  async execute(request: { query: string; variables?: Record<string, unknown> | null; operationName?: string | null }) {
    let document: DocumentNode;
    try {
      document = parse(request.query, { maxTokens: 5_000 });
    } catch (error) {
      return { errors: [{ message: (error as GraphQLError).message }] };
    }
    // graph-node takes a String variable where its Bytes/BigInt scalars (strings themselves) are
    // expected (its test_poi_for_failed_subgraph passes `$blockHash: String!`); resolvers check the text.
    const errors = validate(schema, document).filter((e) => !/of type "String!?" used in position expecting type "(Bytes|BigInt)!?"/.test(e.message));
    if (errors.length > 0) return { errors: errors.map((e) => ({ message: e.message, locations: e.locations })) };
    const result = await execute({
      schema,
      document,
      rootValue: this.rootValue(),
      variableValues: request.variables ?? undefined,
      operationName: request.operationName ?? undefined,
    });
    return result.errors
      ? { data: result.data, errors: result.errors.map((e) => ({ message: e.message, locations: e.locations, path: e.path })) }
      : { data: result.data };
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function readBody(req: IncomingMessage): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        resolve(null);
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(size > MAX_BODY_BYTES ? null : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

const DEFAULT_QUERY = `{
  indexingStatuses {
    subgraph
    synced
    health
    fatalError { message block { number hash } handler deterministic }
    nonFatalErrors { message block { number } handler }
    chains { network chainHeadBlock { number } earliestBlock { number } latestBlock { number hash } lastHealthyBlock { number } }
    entityCount
    node
  }
}
`;

/** graph-node's index-node server: POST (or GET ?query=) /graphql; GraphiQL for browsers. */
export function createIndexNodeServer(deployments: DeploymentManager, opts: IndexNodeOptions): Server {
  const resolver = new IndexNodeResolver(deployments, opts);
  return createServer((req, res) => {
    void (async () => {
      let url: URL;
      try {
        url = new URL(req.url ?? '/', 'http://localhost');
      } catch {
        sendJson(res, 400, { errors: [{ message: 'Invalid request URL' }] });
        return;
      }
      if (serveGraphiqlAsset(req, res, url.pathname)) return;
      const path = url.pathname.replace(/\/+$/, '') || '/';
      if (path !== '/graphql' && path !== '/') {
        sendJson(res, 404, { errors: [{ message: 'Not found' }] });
        return;
      }
      if (wantsGraphiql(req) && !url.searchParams.has('query')) {
        sendGraphiqlPage(res, 'graph-host index-node status', '/graphql', DEFAULT_QUERY);
        return;
      }
      let request: { query?: unknown; variables?: unknown; operationName?: unknown };
      if (req.method === 'GET') {
        try {
          const variables = url.searchParams.get('variables');
          request = { query: url.searchParams.get('query'), variables: variables ? JSON.parse(variables) : null };
        } catch {
          sendJson(res, 400, { errors: [{ message: 'Invalid variables: not valid JSON' }] });
          return;
        }
      } else if (req.method === 'POST') {
        const body = await readBody(req);
        if (body === null) {
          sendJson(res, 413, { errors: [{ message: `Request body larger than ${MAX_BODY_BYTES} bytes` }] });
          return;
        }
        try {
          request = JSON.parse(body.toString('utf8')) as typeof request;
        } catch (error) {
          sendJson(res, 400, { errors: [{ message: `The query is not valid JSON: ${(error as Error).message}` }] });
          return;
        }
      } else {
        sendJson(res, 405, { errors: [{ message: `Method ${req.method} not allowed` }] });
        return;
      }
      if (!request || typeof request !== 'object' || typeof request.query !== 'string') {
        sendJson(res, 400, { errors: [{ message: 'The "query" field is missing in request data' }] });
        return;
      }
      const variables = request.variables;
      if (variables !== undefined && variables !== null && (typeof variables !== 'object' || Array.isArray(variables))) {
        sendJson(res, 400, { errors: [{ message: 'Invalid variables provided' }] });
        return;
      }
      const result = await resolver.execute({
        query: request.query,
        variables: (variables as Record<string, unknown> | null | undefined) ?? null,
        operationName: typeof request.operationName === 'string' ? request.operationName : null,
      });
      sendJson(res, 200, result);
    })().catch((error: unknown) => {
      opts.logger.log('error', `index-node request failed: ${(error as Error).stack ?? String(error)}`);
      if (!res.headersSent) sendJson(res, 500, { errors: [{ message: 'internal error (details are in the host log)' }] });
      else res.end();
    });
  });
}
