#!/usr/bin/env node
// `pnpm check:package`: packs every published package of the repository (pnpm pack: workspace ranges rewritten,
// publishConfig applied — what npm would get) and lints the tarball with publint --strict and
// @arethetypeswrong/cli in every resolution mode the package supports (node10 is left out for packages with subpath
// exports, which node10 cannot resolve; their root entry still works there). Exits 1 on any problem.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const sdkRoot = join(root, 'packages', 'sdk');
const bin = (pkg, file) => join(sdkRoot, 'node_modules', pkg, file);
const packages = [
  { dir: join(root, 'packages', 'contracts'), attw: ['--profile', 'strict'] },
  { dir: join(root, 'packages', 'sdk'), attw: ['--profile', 'node16'] },
];

const work = mkdtempSync(join(tmpdir(), 'vpp-check-package-'));
let failed = false;
try {
  for (const { dir, attw } of packages) {
    const out = execFileSync('pnpm', ['pack', '--pack-destination', work], { cwd: dir, encoding: 'utf8' }).trim().split('\n').pop().trim();
    const tarball = out.startsWith('/') ? out : join(work, out);
    for (const [name, args] of [
      ['publint', [bin('publint', 'src/cli.js'), tarball, '--strict']],
      ['attw', [bin('@arethetypeswrong/cli', 'dist/index.js'), tarball, ...attw]],
    ]) {
      try {
        const output = execFileSync(process.execPath, args, { encoding: 'utf8', cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
        console.log(`${name} ${tarball.split('/').pop()}: ok\n${output.trim()}`);
      } catch (error) {
        failed = true;
        console.error(`${name} ${tarball.split('/').pop()}: FAILED\n${error.stdout ?? ''}${error.stderr ?? ''}`);
      }
    }
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
