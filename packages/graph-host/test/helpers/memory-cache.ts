/**
 * A simple in-memory BlockEntityCache for runtime tests: latest entity versions plus the set of
 * entities written in the current block. `loadRelated` resolves `@derivedFrom` fields from the schema.
 */
import { Kind, parse, type TypeNode } from 'graphql';
import { bytesToHex } from 'viem';
import type { BlockEntityCache, Entity, Value } from '../../src/types.js';

function namedType(type: TypeNode): string {
  return type.kind === Kind.NAMED_TYPE ? type.name.value : namedType(type.type);
}

function valueMatchesId(value: Value | undefined, id: string): boolean {
  if (!value) return false;
  switch (value.kind) {
    case 'String':
      return value.value === id;
    case 'Bytes':
      return bytesToHex(value.value) === id.toLowerCase();
    case 'Array':
      return value.value.some((item) => valueMatchesId(item, id));
    default:
      return false;
  }
}

export class MemoryEntityCache implements BlockEntityCache {
  /** entityType -> id -> entity */
  readonly entities = new Map<string, Map<string, Entity>>();
  private writtenInBlock = new Set<string>();
  /** `${entityType}.${field}` -> { derived entity type, field on it pointing back } */
  private readonly derivedFields = new Map<string, { entityType: string; field: string }>();

  constructor(schemaText: string) {
    for (const definition of parse(schemaText).definitions) {
      if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION) continue;
      for (const field of definition.fields ?? []) {
        const derived = field.directives?.find((d) => d.name.value === 'derivedFrom');
        const argument = derived?.arguments?.find((a) => a.name.value === 'field');
        if (argument && argument.value.kind === Kind.STRING) {
          this.derivedFields.set(`${definition.name.value}.${field.name.value}`, {
            entityType: namedType(field.type),
            field: argument.value.value,
          });
        }
      }
    }
  }

  /** Starts a new block: `getInBlock` forgets earlier blocks' writes. */
  beginBlock(): void {
    this.writtenInBlock = new Set();
  }

  get(entityType: string, id: string): Entity | null {
    return this.entities.get(entityType)?.get(id) ?? null;
  }

  getInBlock(entityType: string, id: string): Entity | null {
    return this.writtenInBlock.has(`${entityType}|${id}`) ? this.get(entityType, id) : null;
  }

  set(entityType: string, id: string, entity: Entity): void {
    let byId = this.entities.get(entityType);
    if (!byId) {
      byId = new Map();
      this.entities.set(entityType, byId);
    }
    byId.set(id, entity);
    this.writtenInBlock.add(`${entityType}|${id}`);
  }

  remove(entityType: string, id: string): void {
    this.entities.get(entityType)?.delete(id);
    this.writtenInBlock.delete(`${entityType}|${id}`);
  }

  loadRelated(entityType: string, id: string, field: string): Entity[] {
    const derived = this.derivedFields.get(`${entityType}.${field}`);
    if (!derived) throw new Error(`${entityType}.${field} is not a @derivedFrom field`);
    const out: Entity[] = [];
    for (const entity of this.entities.get(derived.entityType)?.values() ?? []) {
      if (valueMatchesId(entity.get(derived.field), id)) out.push(entity);
    }
    return out;
  }

  count(entityType: string): number {
    return this.entities.get(entityType)?.size ?? 0;
  }
}
