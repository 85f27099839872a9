/** When the embedded store cannot start, the error names the real cause, not PGlite's generic failure. */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore, StoreOpenError } from '../src/store/index.js';

const SCHEMA = `type A @entity { id: ID! name: String! }`;
const open = (dataDir: string) => openStore({ schemaText: SCHEMA, dataDir, deploymentId: 'QmOpen', immutableEntities: new Set() });

const work = mkdtempSync(path.join(tmpdir(), 'graph-host-open-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('store start-up failures', { timeout: 120_000 }, () => {
  it('explains a data dir that is not a directory', async () => {
    const file = path.join(work, 'a-file');
    writeFileSync(file, 'x');
    const error = await open(path.join(file, 'store')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreOpenError);
    expect((error as Error).message).toMatch(/^cannot open the store in .*a-file\/store: cannot create the directory: a path component is not a directory \(ENOTDIR\)/);
  });

  it('explains a directory left half-created (e.g. by a start that ran out of disk) instead of "PGlite failed to initialize"', async () => {
    const dir = path.join(work, 'half');
    mkdirSync(path.join(dir, 'base', '5'), { recursive: true });
    writeFileSync(path.join(dir, 'PG_VERSION'), '17\n');
    const error = await open(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreOpenError);
    expect((error as Error).message).toMatch(/holds no complete database \(PG_VERSION or global\/pg_control missing\)/);
    // Not a store this call created: left as it was for the user to inspect.
    expect(readdirSync(dir).sort()).toEqual(['PG_VERSION', 'base']);
  });

  // A full disk needs a small file system: a tmpfs mount, possible only as root.
  const canMount = process.getuid?.() === 0 && process.platform === 'linux';
  it.skipIf(!canMount)('reports a full disk as such, and leaves no half-created store behind', async () => {
    const mountPoint = path.join(work, 'tiny');
    mkdirSync(mountPoint);
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', mountPoint]);
    } catch {
      return; // mounting not permitted in this container
    }
    try {
      const dir = path.join(mountPoint, 'store');
      for (let attempt = 0; attempt < 2; attempt++) {
        const error = await open(dir).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(StoreOpenError);
        expect((error as Error).message).toMatch(/only \d+\.\d MB free on its device|no space left on the device \(ENOSPC\)/);
        expect(readdirSync(dir)).toEqual([]);
      }
    } finally {
      execFileSync('umount', [mountPoint]);
    }
  });
});
