/**
 * graph-node's `_logs` query field (graph/src/schema/logs.graphql): a deployment's indexing logs,
 * newest first by default, filtered by level, time range and a case-insensitive text search.
 * It reads the deployment's log store, not the database, and must be the only root field of its
 * query (graph-node refuses combining it with entity queries).
 */
import {
  GraphQLEnumType,
  GraphQLError,
  GraphQLInt,
  GraphQLList,
  GraphQLNonNull,
  GraphQLObjectType,
  GraphQLString,
  Kind,
  type DocumentNode,
  type GraphQLFieldConfig,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import type { DeploymentLogStore, LogEntry, LogLevelName } from '../logs/log-store.js';
import { QueryError } from './sql.js';

export const LOGS_FIELD = '_logs';
/** graph-node's bounds for `first` and `skip` of `_logs`. */
export const LOGS_MAX_FIRST = 1000;
export const LOGS_MAX_SKIP = 10_000;

const logLevel = new GraphQLEnumType({
  name: 'LogLevel',
  description: 'The severity level of a log entry. Log levels are ordered from most to least severe: CRITICAL > ERROR > WARNING > INFO > DEBUG',
  values: {
    CRITICAL: { value: 'critical', description: 'Critical errors that require immediate attention' },
    ERROR: { value: 'error', description: 'Error conditions that indicate a failure' },
    WARNING: { value: 'warning', description: 'Warning conditions that may require attention' },
    INFO: { value: 'info', description: 'Informational messages about normal operations' },
    DEBUG: { value: 'debug', description: 'Detailed diagnostic information for debugging' },
  },
});

const logArgument = new GraphQLObjectType<[string, string]>({
  name: '_LogArgument_',
  description: 'A key-value pair of additional data associated with a log entry.',
  fields: {
    key: { type: new GraphQLNonNull(GraphQLString), resolve: (a) => a[0] },
    value: { type: new GraphQLNonNull(GraphQLString), resolve: (a) => a[1] },
  },
});

const logMeta = new GraphQLObjectType({
  name: '_LogMeta_',
  description: 'Where the log entry was emitted: the data source (mapping logs) or the host component.',
  fields: {
    module: { type: new GraphQLNonNull(GraphQLString) },
    line: { type: new GraphQLNonNull(GraphQLInt) },
    column: { type: new GraphQLNonNull(GraphQLInt) },
  },
});

const logType = new GraphQLObjectType<LogEntry>({
  name: '_Log_',
  description: "A log entry emitted by a subgraph's mappings or by the host while indexing it.",
  fields: {
    id: { type: new GraphQLNonNull(GraphQLString) },
    subgraphId: { type: new GraphQLNonNull(GraphQLString) },
    timestamp: { type: new GraphQLNonNull(GraphQLString), description: 'RFC 3339, nanosecond precision' },
    level: { type: new GraphQLNonNull(logLevel) },
    text: { type: new GraphQLNonNull(GraphQLString) },
    arguments: { type: new GraphQLNonNull(new GraphQLList(new GraphQLNonNull(logArgument))) },
    meta: { type: new GraphQLNonNull(logMeta) },
  },
});

interface LogsArgs {
  level?: LogLevelName | null;
  from?: string | null;
  to?: string | null;
  search?: string | null;
  first?: number | null;
  skip?: number | null;
  orderDirection?: 'asc' | 'desc' | null;
}

/** The `_logs` field; `logsOf(ctx)` gives the deployment's log store (null: logs are disabled). */
export function logsField<Ctx>(orderDirection: GraphQLEnumType, logsOf: (ctx: Ctx) => DeploymentLogStore | null): GraphQLFieldConfig<unknown, Ctx, LogsArgs> {
  return {
    type: new GraphQLNonNull(new GraphQLList(new GraphQLNonNull(logType))),
    description: "The deployment's indexing logs (mapping `log.*` calls and the host's messages), newest first",
    args: {
      level: { type: logLevel },
      from: { type: GraphQLString, description: 'Earliest timestamp (RFC 3339), inclusive' },
      to: { type: GraphQLString, description: 'Latest timestamp (RFC 3339), inclusive' },
      search: { type: GraphQLString, description: 'Case-insensitive substring of the text' },
      first: { type: GraphQLInt, defaultValue: 100 },
      skip: { type: GraphQLInt, defaultValue: 0 },
      orderDirection: { type: orderDirection, defaultValue: 'desc' },
    },
    resolve: (_root, args, ctx) => {
      const first = args.first ?? 100;
      const skip = args.skip ?? 0;
      if (first < 0 || first > LOGS_MAX_FIRST) throw new QueryError(`The \`first\` argument of \`_logs\` must be between 0 and ${LOGS_MAX_FIRST}, but is ${first}`);
      if (skip < 0 || skip > LOGS_MAX_SKIP) throw new QueryError(`The \`skip\` argument of \`_logs\` must be between 0 and ${LOGS_MAX_SKIP}, but is ${skip}`);
      const from = normaliseTime(args.from, 'from');
      const to = normaliseTime(args.to, 'to');
      const store = logsOf(ctx);
      if (!store) return [];
      return store.query({ level: args.level ?? null, from, to, search: args.search ?? null, first, skip, orderDirection: args.orderDirection ?? 'desc' });
    },
  };
}

/** RFC 3339 in, the store's format out (UTC, nine fractional digits), so string order is time order. */
function normaliseTime(value: string | null | undefined, name: string): string | null {
  if (value === null || value === undefined) return null;
  const match = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/i.exec(value.trim());
  const ms = Date.parse(value);
  if (!match || Number.isNaN(ms)) throw new QueryError(`\`${name}\` must be an RFC 3339 timestamp such as 2024-01-15T10:30:00Z, not ${JSON.stringify(value)}`);
  const fraction = (match[2] ?? '.').slice(1).padEnd(9, '0');
  // Shift to UTC at second precision, then put the exact fraction back.
  const utcSeconds = new Date(Math.floor(ms / 1000) * 1000).toISOString().slice(0, 19);
  return `${utcSeconds}.${fraction}Z`;
}

/**
 * graph-node answers `_logs` only on its own: combined with entity queries or `_meta` the query is
 * refused. Returns the error to answer with, or null.
 */
export function logsCombinationError(document: DocumentNode, operationName: string | null | undefined): GraphQLError | null {
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  const operation = operationName ? operations.find((o) => o.name?.value === operationName) : operations[0];
  if (!operation) return null;
  const fragments = new Map(document.definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d.selectionSet] as const] : [])));
  const roots = new Set<string>();
  const collect = (set: SelectionSetNode, seen: Set<string>): void => {
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) roots.add(selection.name.value);
      else if (selection.kind === Kind.INLINE_FRAGMENT) collect(selection.selectionSet, seen);
      else if (!seen.has(selection.name.value)) {
        seen.add(selection.name.value);
        const fragment = fragments.get(selection.name.value);
        if (fragment) collect(fragment, seen);
      }
    }
  };
  collect(operation.selectionSet, new Set());
  if (!roots.has(LOGS_FIELD)) return null;
  const others = [...roots].filter((name) => name !== LOGS_FIELD && name !== '__typename');
  if (others.length === 0) return null;
  return new GraphQLError(`The \`_logs\` query cannot be combined with other fields (${others.join(', ')}); query \`_logs\` on its own`);
}
