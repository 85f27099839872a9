/**
 * Subgraph composition, deployment side: graph-node's checks of `kind: subgraph` data sources against
 * their source deployments (graph/src/data_source/subgraph.rs `UnresolvedDataSource::resolve`), in
 * its words where it has them.
 */
import { subgraphInternals } from '../runtime/manifest.js';
import { parseSubgraphSchema } from '../schema/index.js';
import { versionAtLeast } from '../runtime/versions.js';
import type { LoadedSubgraph } from '../types.js';

/** A refusal of a composed subgraph; the DeploymentManager reports it as an admin error. */
export class CompositionError extends Error {
  override name = 'CompositionError';
}

/** How a source deployment is known to this host: running (its loaded subgraph), or only its manifest on IPFS. */
export type SourceLookup = (id: string) => { subgraph: LoadedSubgraph } | { manifestOnly: true } | null;

const MAX_SOURCES = 5;

/** graph-node's `verify_graft_chain_sourcable`: every manifest of the source's graft chain has spec version 1.3.0+. */
function verifyGraftChain(id: string, subgraph: LoadedSubgraph, lookup: SourceLookup, chain: string[]): void {
  chain.push(id);
  if (!versionAtLeast(subgraph.specVersion, '1.3.0')) {
    throw new CompositionError(
      `Subgraph with a spec version ${subgraph.specVersion} is not supported for a subgraph source, minimum supported version is 1.3.0. Graft chain: ${chain.join(' -> ')}`,
    );
  }
  if (!subgraph.graft) return;
  const base = lookup(subgraph.graft.base);
  // The base's data was copied at graft time; a base no longer here has nothing left to check.
  if (base && 'subgraph' in base) verifyGraftChain(subgraph.graft.base, base.subgraph, lookup, chain);
}

/**
 * Checks every `kind: subgraph` data source of `subgraph` against its source deployment. The source
 * must run on this host (graph-node reads it from its own store); a source whose manifest this host
 * does not have is graph-node's resolve error.
 */
export function validateComposition(subgraph: LoadedSubgraph, lookup: SourceLookup): void {
  // The Graph's documented limit of composition (graph-node's docs: "up to a maximum of 5 source Subgraphs").
  if (subgraph.subgraphSources.length > MAX_SOURCES) {
    throw new CompositionError(`a composed subgraph can use at most ${MAX_SOURCES} source subgraphs; this one uses ${subgraph.subgraphSources.length}`);
  }
  for (const def of subgraphInternals(subgraph).staticSources) {
    if (def.kind !== 'subgraph' || def.sourceDeployment === null) continue;
    const id = def.sourceDeployment;
    const found = lookup(id);
    if (!found) throw new CompositionError(`Failed to resolve source subgraph [${id}] manifest`);
    if (!('subgraph' in found)) throw new CompositionError(`source subgraph [${id}] of data source ${def.name} is not deployed on this host; deploy it first`);
    const source = found.subgraph;
    if (!versionAtLeast(source.specVersion, '1.3.0')) {
      throw new CompositionError(`Source subgraph [${id}] manifest spec version ${source.specVersion} is not supported, minimum supported version is 1.3.0`);
    }
    verifyGraftChain(id, source, lookup, []);
    if (source.subgraphSources.length > 0) throw new CompositionError(`Nested subgraph data sources [${def.name}] are not supported.`);
    // One chain per host: a source indexing another network cannot be followed block by block.
    if (def.network !== source.network) {
      throw new CompositionError(`data source ${def.name}: network \`${def.network}\` differs from the network \`${source.network}\` of source subgraph [${id}]`);
    }
    // graph-node's `InputSchema::kind_of_declared_type` (the source's schema loaded, so it parses).
    const schema = parseSubgraphSchema(source.schemaText);
    for (const { entity } of def.entityHandlers) {
      if (schema.interfaces.has(entity)) throw new CompositionError(`Entity ${entity} is an interface and cannot be used as a mapping entity`);
      if (schema.aggregations.has(entity)) throw new CompositionError(`Entity ${entity} is an aggregation and cannot be used as a mapping entity`);
      if (!schema.entities.has(entity)) throw new CompositionError(`Entity ${entity} not found in source manifest`);
      if (!source.immutableEntities.has(entity)) throw new CompositionError(`Entity ${entity} is not immutable and cannot be used as a mapping entity`);
    }
  }
}
