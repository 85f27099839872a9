/**
 * Parses a subgraph's schema.graphql into entity type descriptions (fields, scalar kinds, lists,
 * relations, @derivedFrom, immutability) and graph-node's relational naming (snake_case tables/columns).
 * Shared by the store (DDL, value encoding) and the GraphQL layer (API schema generation, SQL).
 */
import {
  Kind,
  parse,
  type ConstDirectiveNode,
  type FieldDefinitionNode,
  type TypeNode,
  type ObjectTypeDefinitionNode,
} from 'graphql';
import { aggregationDefinitions, expressionSql, type AggregateFn, type AggregationInterval } from './aggregation.js';

export { AggregationSchemaError, INTERVAL_SECONDS, type AggregateFn, type AggregationInterval } from './aggregation.js';

export type ScalarKind = 'ID' | 'String' | 'Int' | 'Int8' | 'BigInt' | 'BigDecimal' | 'Bytes' | 'Boolean' | 'Timestamp';

export const SCALAR_KINDS: ReadonlySet<string> = new Set<ScalarKind>([
  'ID', 'String', 'Int', 'Int8', 'BigInt', 'BigDecimal', 'Bytes', 'Boolean', 'Timestamp',
]);

/** The kind of id a type uses; decides the id column type and how references are stored. */
export type IdKind = 'String' | 'Bytes' | 'Int8';

export interface FieldDesc {
  name: string;
  /** snake_case column name, as graph-node's relational layout names it. */
  column: string;
  /** Named GraphQL type of the field (scalar, enum, entity or interface name). */
  typeName: string;
  /** What the named type is. */
  category: 'scalar' | 'enum' | 'entity' | 'interface';
  /** For scalars: the scalar; for enums: String; for references: the referenced id kind's scalar. */
  storage: ScalarKind;
  list: boolean;
  nonNull: boolean;
  /** For @derivedFrom fields: the field on the referenced type pointing back (no column). */
  derivedFrom: string | null;
  /** Original GraphQL type node, to rebuild the same output type. */
  typeNode: TypeNode;
}

export interface EntityTypeDesc {
  name: string;
  table: string;
  immutable: boolean;
  /**
   * graph-node's `@entity(immutable: true, skipDuplicates: true)`: saving an entity whose id already
   * exists (from an earlier block) keeps the first version instead of failing the subgraph.
   */
  skipDuplicates: boolean;
  idKind: IdKind;
  /** Fields in schema order (including derived ones, which have no column). */
  fields: FieldDesc[];
  fieldsByName: Map<string, FieldDesc>;
  interfaces: string[];
}

export interface InterfaceDesc {
  name: string;
  fields: FieldDesc[];
  fieldsByName: Map<string, FieldDesc>;
  implementors: string[];
}

/** A `_Schema_ @fulltext` definition: a tsvector column over String fields of one entity type. */
export interface FulltextDesc {
  /** The Query field, e.g. `bandSearch`. */
  name: string;
  /** Its column on the entity's table (graph-node: the name in snake case). */
  column: string;
  /** PostgreSQL text search configuration (graph-node's language codes mapped to their names). */
  config: string;
  /** `ts_rank` (rank) or `ts_rank_cd` (proximityRank). */
  rankFunction: 'ts_rank' | 'ts_rank_cd';
  entity: string;
  fields: string[];
}

/** One `@aggregate` field of an aggregation. */
export interface AggregateDesc {
  field: FieldDesc;
  fn: AggregateFn;
  /** The `arg` as SQL over the source table's columns (null for `count`). */
  argSql: string | null;
  /** Source columns the argument reads. */
  argColumns: string[];
  cumulative: boolean;
}

/**
 * A `@aggregation` type: its rollups of the `source` timeseries, one table per interval
 * (graph-node's `<name>_hour`, `<name>_day`), each described as an immutable entity table.
 */
export interface AggregationDesc {
  name: string;
  source: string;
  intervals: AggregationInterval[];
  idKind: IdKind;
  fields: FieldDesc[];
  fieldsByName: Map<string, FieldDesc>;
  /** Fields without @aggregate other than id and timestamp: what rows are grouped by. */
  dimensions: FieldDesc[];
  aggregates: AggregateDesc[];
  tables: Map<AggregationInterval, EntityTypeDesc>;
}

export interface SubgraphSchema {
  entities: Map<string, EntityTypeDesc>;
  /** `@aggregation` types by name (empty for most subgraphs). */
  aggregations: Map<string, AggregationDesc>;
  fulltext: FulltextDesc[];
  interfaces: Map<string, InterfaceDesc>;
  enums: Map<string, string[]>;
  /** Schema features parsed but not supported by this host (none at present). */
  unsupported: string[];
  text: string;
}

export class SchemaError extends Error {
  override name = 'SchemaError';
}

/** graph-node's `to_snake_case` as used for table and column names (Inflector semantics, simplified). */
export function snakeCase(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .toLowerCase();
}

function unwrapType(node: TypeNode): { named: string; list: boolean; nonNull: boolean } {
  let nonNull = false;
  let current = node;
  if (current.kind === Kind.NON_NULL_TYPE) {
    nonNull = true;
    current = current.type;
  }
  if (current.kind === Kind.LIST_TYPE) {
    let inner = current.type;
    if (inner.kind === Kind.NON_NULL_TYPE) inner = inner.type;
    if (inner.kind === Kind.LIST_TYPE) throw new SchemaError('nested lists are not supported by graph-node');
    return { named: inner.name.value, list: true, nonNull };
  }
  if (current.kind !== Kind.NAMED_TYPE) throw new SchemaError('unexpected type');
  return { named: current.name.value, list: false, nonNull };
}

function directive(directives: readonly ConstDirectiveNode[] | undefined, name: string): ConstDirectiveNode | undefined {
  return directives?.find((d) => d.name.value === name);
}

function directiveArg(d: ConstDirectiveNode | undefined, arg: string): unknown {
  const a = d?.arguments?.find((x) => x.name.value === arg);
  if (!a) return undefined;
  const v = a.value;
  if (v.kind === Kind.STRING || v.kind === Kind.ENUM) return v.value;
  if (v.kind === Kind.BOOLEAN) return v.value;
  return v;
}

export function parseSubgraphSchema(text: string): SubgraphSchema {
  const doc = parse(text);
  const enums = new Map<string, string[]>();
  const objectDefs: { name: string; fields: readonly FieldDefinitionNode[]; directives?: readonly ConstDirectiveNode[]; interfaces: string[] }[] = [];
  const interfaceDefs: { name: string; fields: readonly FieldDefinitionNode[] }[] = [];
  const unsupported: string[] = [];
  const fulltextDirectives: ConstDirectiveNode[] = [];
  const aggregationNodes: ObjectTypeDefinitionNode[] = [];
  const objectNodes: ObjectTypeDefinitionNode[] = [];

  for (const def of doc.definitions) {
    if (def.kind === Kind.ENUM_TYPE_DEFINITION) {
      enums.set(def.name.value, (def.values ?? []).map((v) => v.name.value));
    } else if (def.kind === Kind.OBJECT_TYPE_DEFINITION) {
      if (def.name.value === '_Schema_') {
        for (const d of def.directives ?? []) if (d.name.value === 'fulltext') fulltextDirectives.push(d);
        continue;
      }
      objectNodes.push(def);
      if (directive(def.directives, 'aggregation')) {
        aggregationNodes.push(def);
        continue;
      }
      const entityDirective = directive(def.directives, 'entity');
      if (!entityDirective) throw new SchemaError(`type ${def.name.value} is missing the @entity directive`);
      objectDefs.push({
        name: def.name.value,
        fields: def.fields ?? [],
        directives: def.directives,
        interfaces: (def.interfaces ?? []).map((i) => i.name.value),
      });
    } else if (def.kind === Kind.INTERFACE_TYPE_DEFINITION) {
      interfaceDefs.push({ name: def.name.value, fields: def.fields ?? [] });
    }
  }

  const entityNames = new Set(objectDefs.map((o) => o.name));
  const interfaceNames = new Set(interfaceDefs.map((i) => i.name));

  const idKindOf = (fields: readonly FieldDefinitionNode[], typeName: string): IdKind => {
    const idField = fields.find((f) => f.name.value === 'id');
    if (!idField) throw new SchemaError(`type ${typeName} has no id field`);
    const { named } = unwrapType(idField.type);
    if (named === 'ID' || named === 'String') return 'String';
    if (named === 'Bytes') return 'Bytes';
    if (named === 'Int8') return 'Int8';
    throw new SchemaError(`Illegal type for \`id\`: ${typeName}`);
  };
  const idKinds = new Map<string, IdKind>();
  for (const o of objectDefs) idKinds.set(o.name, idKindOf(o.fields, o.name));
  for (const a of aggregationNodes) idKinds.set(a.name.value, idKindOf(a.fields ?? [], a.name.value));
  const implementorsOf = (iface: string) => objectDefs.filter((o) => o.interfaces.includes(iface)).map((o) => o.name);
  for (const i of interfaceDefs) {
    const first = implementorsOf(i.name)[0];
    idKinds.set(i.name, first ? (idKinds.get(first) ?? 'String') : 'String');
  }

  const describeField = (f: FieldDefinitionNode, owner: string): FieldDesc => {
    const { named, list, nonNull } = unwrapType(f.type);
    let category: FieldDesc['category'];
    let storage: ScalarKind;
    if (SCALAR_KINDS.has(named)) {
      category = 'scalar';
      storage = named as ScalarKind;
    } else if (enums.has(named)) {
      category = 'enum';
      storage = 'String';
    } else if (entityNames.has(named) || interfaceNames.has(named)) {
      category = entityNames.has(named) ? 'entity' : 'interface';
      const idKind = idKinds.get(named) ?? 'String';
      storage = idKind === 'String' ? 'String' : idKind;
    } else if (named === 'Float') {
      throw new SchemaError(`${owner}.${f.name.value}: Float is not supported by graph-node, use BigDecimal`);
    } else {
      throw new SchemaError(`${owner}.${f.name.value}: unknown type ${named}`);
    }
    const derived = directive(f.directives, 'derivedFrom');
    const derivedFrom = derived ? String(directiveArg(derived, 'field')) : null;
    if (derivedFrom && category !== 'entity' && category !== 'interface') {
      throw new SchemaError(`${owner}.${f.name.value}: @derivedFrom on a non-entity field`);
    }
    if (f.name.value === 'id') storage = idKinds.get(owner) === 'Bytes' ? 'Bytes' : idKinds.get(owner) === 'Int8' ? 'Int8' : 'String';
    return { name: f.name.value, column: snakeCase(f.name.value), typeName: named, category, storage, list, nonNull, derivedFrom, typeNode: f.type };
  };

  const entities = new Map<string, EntityTypeDesc>();
  for (const o of objectDefs) {
    const fields = o.fields.map((f) => describeField(f, o.name));
    const entityDirective = directive(o.directives, 'entity');
    // graph-node's bool_arg: a present @entity flag must be a Boolean literal.
    const flag = (arg: string): boolean => {
      const value = directiveArg(entityDirective, arg);
      if (value === undefined) return false;
      if (typeof value !== 'boolean') throw new SchemaError(`${o.name}: the @entity argument \`${arg}\` must be a boolean (true or false)`);
      return value;
    };
    const timeseries = flag('timeseries');
    // Timeseries are always immutable in graph-node (their aggregations read them by `block$`).
    const immutable = flag('immutable') || timeseries;
    const skipDuplicates = flag('skipDuplicates');
    if (skipDuplicates && !immutable && !timeseries) {
      throw new SchemaError(`${o.name}: \`skipDuplicates\` can only be used on immutable entity types (@entity(immutable: true, skipDuplicates: true))`);
    }
    entities.set(o.name, {
      name: o.name,
      table: snakeCase(o.name),
      immutable,
      skipDuplicates,
      idKind: idKinds.get(o.name) ?? 'String',
      fields,
      fieldsByName: new Map(fields.map((f) => [f.name, f])),
      interfaces: o.interfaces,
    });
  }
  const interfaces = new Map<string, InterfaceDesc>();
  for (const i of interfaceDefs) {
    const fields = i.fields.map((f) => describeField(f, i.name));
    interfaces.set(i.name, { name: i.name, fields, fieldsByName: new Map(fields.map((f) => [f.name, f])), implementors: implementorsOf(i.name) });
  }
  // Validate @derivedFrom targets now rather than at query time.
  for (const owner of [...entities.values(), ...interfaces.values()]) {
    for (const f of owner.fields) {
      if (!f.derivedFrom) continue;
      const target = entities.get(f.typeName) ?? interfaces.get(f.typeName);
      if (!target?.fieldsByName.has(f.derivedFrom)) {
        throw new SchemaError(`${owner.name}.${f.name}: @derivedFrom field ${f.derivedFrom} does not exist on ${f.typeName}`);
      }
    }
  }
  const fulltext = fulltextDirectives.map((d) => fulltextOf(d, entities));
  const aggregations = new Map<string, AggregationDesc>();
  if (aggregationNodes.length > 0) {
    let definitions: ReturnType<typeof aggregationDefinitions>;
    try {
      definitions = aggregationDefinitions(objectNodes, new Set(enums.keys()));
    } catch (error) {
      throw new SchemaError((error as Error).message);
    }
    for (const def of definitions) {
      const source = entities.get(def.source)!;
      const fields = def.fields.map((f) => describeField(f, def.name));
      const fieldsByName = new Map(fields.map((f) => [f.name, f]));
      const idKind = idKinds.get(def.name) ?? 'Int8';
      const tables = new Map<AggregationInterval, EntityTypeDesc>();
      for (const interval of def.intervals) {
        tables.set(interval, { name: def.name, table: `${snakeCase(def.name)}_${interval}`, immutable: true, skipDuplicates: false, idKind, fields, fieldsByName, interfaces: [] });
      }
      const aggregates: AggregateDesc[] = [...def.aggregates].map(([name, a]) => {
        const argColumns = new Set<string>();
        const argSql =
          a.arg === null
            ? null
            : expressionSql(a.arg, (ident) => {
                const column = source.fieldsByName.get(ident)!.column;
                argColumns.add(column);
                return `"${column}"`;
              });
        return { field: fieldsByName.get(name)!, fn: a.fn, argSql, argColumns: [...argColumns].sort(), cumulative: a.cumulative };
      });
      const dimensions = fields.filter((f) => f.name !== 'id' && f.name !== 'timestamp' && !def.aggregates.has(f.name));
      aggregations.set(def.name, { name: def.name, source: def.source, intervals: def.intervals, idKind, fields, fieldsByName, dimensions, aggregates, tables });
    }
  }
  return { entities, aggregations, interfaces, enums, unsupported, text, fulltext };
}

/** graph-node's fulltext language codes and the PostgreSQL text search configurations they use. */
const FULLTEXT_LANGUAGES: Record<string, string> = {
  simple: 'simple',
  da: 'danish',
  nl: 'dutch',
  en: 'english',
  fi: 'finnish',
  fr: 'french',
  de: 'german',
  hu: 'hungarian',
  it: 'italian',
  no: 'norwegian',
  pt: 'portuguese',
  ro: 'romanian',
  ru: 'russian',
  es: 'spanish',
  sv: 'swedish',
  tr: 'turkish',
};

/** A `@fulltext(name, language, algorithm, include)` directive, checked as graph-node validates it. */
function fulltextOf(d: ConstDirectiveNode, entities: Map<string, EntityTypeDesc>): FulltextDesc {
  const name = directiveArg(d, 'name');
  if (typeof name !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new SchemaError('@fulltext needs a `name` that is a valid field name');
  const language = directiveArg(d, 'language');
  const config = typeof language === 'string' ? FULLTEXT_LANGUAGES[language] : undefined;
  if (!config) throw new SchemaError(`@fulltext ${name}: language ${String(language)} is not one of ${Object.keys(FULLTEXT_LANGUAGES).join(', ')}`);
  const algorithm = directiveArg(d, 'algorithm');
  if (algorithm !== 'rank' && algorithm !== 'proximityRank') throw new SchemaError(`@fulltext ${name}: algorithm must be rank or proximityRank`);
  const include = d.arguments?.find((a) => a.name.value === 'include')?.value;
  const includes = include?.kind === Kind.LIST ? include.values : [];
  if (includes.length !== 1 || includes[0]!.kind !== Kind.OBJECT) throw new SchemaError(`@fulltext ${name}: include must name exactly one entity`);
  const entry = includes[0]!;
  const entityArg = entry.fields.find((f) => f.name.value === 'entity')?.value;
  const entityName = entityArg?.kind === Kind.STRING ? entityArg.value : '';
  const entity = entities.get(entityName);
  if (!entity) throw new SchemaError(`@fulltext ${name}: entity ${entityName} is not defined`);
  const fieldsArg = entry.fields.find((f) => f.name.value === 'fields')?.value;
  const fields = (fieldsArg?.kind === Kind.LIST ? fieldsArg.values : []).map((v) => {
    const fieldName = v.kind === Kind.OBJECT ? v.fields.find((f) => f.name.value === 'name')?.value : undefined;
    return fieldName?.kind === Kind.STRING ? fieldName.value : '';
  });
  if (fields.length === 0) throw new SchemaError(`@fulltext ${name}: include at least one field`);
  for (const fieldName of fields) {
    const field = entity.fieldsByName.get(fieldName);
    if (!field || field.storage !== 'String' || field.list || field.category !== 'scalar') {
      throw new SchemaError(`@fulltext ${name}: ${entityName}.${fieldName} must be a String field`);
    }
  }
  if (entity.fieldsByName.has(name)) throw new SchemaError(`@fulltext ${name}: ${entityName} already has a field of that name`);
  return { name, column: snakeCase(name), config, rankFunction: algorithm === 'rank' ? 'ts_rank' : 'ts_rank_cd', entity: entityName, fields };
}
