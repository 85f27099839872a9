/**
 * gql.tada bound to the subgraph's query API schema (src/subgraph/api-schema.graphql, generated from
 * packages/subgraph/schema.graphql by scripts/print-api-schema.ts): documents and their results are typed from the
 * real API at compile time. At run time a document stays its GraphQL source text (fragments appended, gql.tada's
 * `@_unmask` directive removed): the SDK's fetch client sends text as is, so no GraphQL parser ships in the bundle.
 * @internal
 */
import type { initGraphQLTada } from 'gql.tada';
import type { introspection } from './graphql-env.js';

type Graphql = ReturnType<
  typeof initGraphQLTada<{
    introspection: introspection;
    scalars: {
      BigInt: string;
      BigDecimal: string;
      Int8: string;
      Timestamp: string;
      Bytes: `0x${string}`;
      ID: string;
    };
  }>
>;

export const graphql = ((source: string, fragments: readonly unknown[] = []) =>
  [source, ...fragments.map(String)].join('\n').replace(/@_unmask/g, '')) as unknown as Graphql;

export type { FragmentOf, ResultOf, VariablesOf } from 'gql.tada';
