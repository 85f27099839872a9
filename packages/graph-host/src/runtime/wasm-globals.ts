/**
 * Rewrites a WASM binary so every mutable global it defines is also exported. The runtime can then
 * snapshot memory + globals right after instantiation and restore them before each trigger, which
 * is observably the same as a fresh instance (the only other state, tables, is immutable in
 * AssemblyScript output) but ~50x cheaper than `new WebAssembly.Instance` per trigger.
 */

class Reader {
  pos = 0;
  constructor(readonly bytes: Uint8Array) {}
  byte(): number {
    if (this.pos >= this.bytes.length) throw new Error('unexpected end of WASM binary');
    return this.bytes[this.pos++]!;
  }
  u32(): number {
    let result = 0;
    let shift = 0;
    for (;;) {
      const b = this.byte();
      result |= (b & 0x7f) << shift;
      if ((b & 0x80) === 0) return result >>> 0;
      shift += 7;
    }
  }
  /** Skips a signed LEB128 of any width. */
  skipLeb(): void {
    while ((this.byte() & 0x80) !== 0);
  }
  skip(n: number): void {
    this.pos += n;
  }
  name(): string {
    const length = this.u32();
    const text = new TextDecoder().decode(this.bytes.subarray(this.pos, this.pos + length));
    this.pos += length;
    return text;
  }
}

function uleb(value: number): number[] {
  const out: number[] = [];
  let v = value >>> 0;
  do {
    let b = v & 0x7f;
    v >>>= 7;
    if (v !== 0) b |= 0x80;
    out.push(b);
  } while (v !== 0);
  return out;
}

function skipLimits(reader: Reader): void {
  const flags = reader.byte();
  reader.u32();
  if (flags & 1) reader.u32();
}

function skipInitExpression(reader: Reader): void {
  for (;;) {
    const opcode = reader.byte();
    if (opcode === 0x0b) return;
    if (opcode === 0x41 || opcode === 0x42) reader.skipLeb();
    else if (opcode === 0x43) reader.skip(4);
    else if (opcode === 0x44) reader.skip(8);
    else if (opcode === 0x23 || opcode === 0xd2) reader.u32();
    else if (opcode === 0xd0) reader.byte();
    else if (opcode === 0x6a || opcode === 0x6b || opcode === 0x6c || opcode === 0x7c || opcode === 0x7d || opcode === 0x7e) continue;
    else throw new Error(`unsupported opcode 0x${opcode.toString(16)} in a global initializer`);
  }
}

export interface PatchedModule {
  binary: Uint8Array;
  /** Export names of the mutable globals, in global index order. */
  globalExports: string[];
}

export const GLOBAL_EXPORT_PREFIX = '__graph_host_global_';

export function exportMutableGlobals(input: Uint8Array): PatchedModule {
  const reader = new Reader(input);
  if (input[0] !== 0x00 || input[1] !== 0x61 || input[2] !== 0x73 || input[3] !== 0x6d) throw new Error('not a WASM binary');
  reader.pos = 8;
  let importedGlobals = 0;
  const mutableGlobals: number[] = [];
  let exportSection: { start: number; end: number } | null = null;
  const existingExports = new Map<number, string>();
  const sectionsBeforeExport: { id: number; start: number; end: number }[] = [];
  while (reader.pos < input.length) {
    const sectionStart = reader.pos;
    const id = reader.byte();
    const size = reader.u32();
    const contentStart = reader.pos;
    const contentEnd = contentStart + size;
    if (id === 2) {
      const count = reader.u32();
      for (let i = 0; i < count; i++) {
        reader.name();
        reader.name();
        const kind = reader.byte();
        if (kind === 0) reader.u32();
        else if (kind === 1) {
          reader.byte();
          skipLimits(reader);
        } else if (kind === 2) skipLimits(reader);
        else if (kind === 3) {
          reader.byte();
          reader.byte();
          importedGlobals++;
        } else if (kind === 4) {
          reader.byte();
          reader.u32();
        } else throw new Error(`unknown import kind ${kind}`);
      }
    } else if (id === 6) {
      const count = reader.u32();
      for (let i = 0; i < count; i++) {
        reader.byte(); // value type
        const mutable = reader.byte() === 1;
        skipInitExpression(reader);
        if (mutable) mutableGlobals.push(importedGlobals + i);
      }
    } else if (id === 7) {
      exportSection = { start: sectionStart, end: contentEnd };
      const count = reader.u32();
      for (let i = 0; i < count; i++) {
        const name = reader.name();
        const kind = reader.byte();
        const index = reader.u32();
        if (kind === 3) existingExports.set(index, name);
      }
    }
    sectionsBeforeExport.push({ id, start: sectionStart, end: contentEnd });
    reader.pos = contentEnd;
  }

  const globalExports: string[] = [];
  const added: number[] = [];
  for (const index of mutableGlobals) {
    const existing = existingExports.get(index);
    if (existing !== undefined) {
      globalExports.push(existing);
      continue;
    }
    const name = `${GLOBAL_EXPORT_PREFIX}${index}`;
    const nameBytes = new TextEncoder().encode(name);
    added.push(...uleb(nameBytes.length), ...nameBytes, 0x03, ...uleb(index));
    globalExports.push(name);
  }
  if (added.length === 0) return { binary: input, globalExports };

  let output: Uint8Array;
  if (exportSection) {
    // Rebuild the export section with the extra entries appended.
    const sectionReader = new Reader(input);
    sectionReader.pos = exportSection.start + 1;
    sectionReader.u32();
    const count = sectionReader.u32();
    const entries = input.subarray(sectionReader.pos, exportSection.end);
    const newCount = count + mutableGlobals.filter((index) => !existingExports.has(index)).length;
    const content = [...uleb(newCount), ...entries, ...added];
    const section = Uint8Array.from([7, ...uleb(content.length), ...content]);
    output = new Uint8Array(input.length - (exportSection.end - exportSection.start) + section.length);
    output.set(input.subarray(0, exportSection.start), 0);
    output.set(section, exportSection.start);
    output.set(input.subarray(exportSection.end), exportSection.start + section.length);
  } else {
    // No export section: insert one after the last section whose id is below 7 (sections are ordered).
    const newCount = mutableGlobals.length;
    const content = [...uleb(newCount), ...added];
    const section = Uint8Array.from([7, ...uleb(content.length), ...content]);
    const insertAt = sectionsBeforeExport.filter((s) => s.id !== 0 && s.id < 7).reduce((end, s) => Math.max(end, s.end), 8);
    output = new Uint8Array(input.length + section.length);
    output.set(input.subarray(0, insertAt), 0);
    output.set(section, insertAt);
    output.set(input.subarray(insertAt), insertAt + section.length);
  }
  return { binary: output, globalExports };
}
