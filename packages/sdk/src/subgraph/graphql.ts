/**
 * gql.tada bound to the subgraph's query API schema (src/subgraph/api-schema.graphql, generated from
 * packages/subgraph/schema.graphql by scripts/print-api-schema.ts): documents are typed from the real API.
 * @internal
 */
import { initGraphQLTada } from 'gql.tada';
import type { introspection } from './graphql-env.js';

export const graphql = initGraphQLTada<{
  introspection: introspection;
  scalars: {
    BigInt: string;
    BigDecimal: string;
    Int8: string;
    Timestamp: string;
    Bytes: `0x${string}`;
    ID: string;
  };
}>();

export type { FragmentOf, ResultOf, VariablesOf } from 'gql.tada';
