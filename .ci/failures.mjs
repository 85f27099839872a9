// Prints the failing tests of a `pnpm test` (turbo + vitest) log, each with its first error lines, at
// most ~120 lines in all: the end of a CI log is what gets read.
import { readFileSync } from 'node:fs';

const ansi = /\x1b\[[0-9;]*m/g;
const lines = readFileSync(process.argv[2], 'utf8').replace(ansi, '').split('\n');
const out = [];
for (let i = 0; i < lines.length && out.length < 120; i++) {
  const line = lines[i];
  // vitest: " FAIL  test/x.test.ts > suite > test"; turbo: "pkg#test: ERROR ..." and "Failed: ..."
  // With vitest projects a name sits between: " FAIL  host  test/x.test.ts > …"
  if (/\bFAIL\b\s+(?:[\w-]+\s+)?\S+\.(test|spec)\.[cm]?[jt]sx?/.test(line)) {
    out.push(line.trim());
    // The error and its location follow; stop at the next failure or separator.
    for (let j = i + 1, kept = 0; j < lines.length && kept < 14; j++) {
      const next = lines[j];
      if (/\bFAIL\b|⎯⎯⎯/.test(next)) break;
      if (next.replace(/^@[^:]+:\S+: /, '').trim() === '') continue;
      out.push(`    ${next.replace(/^@[^:]+:\S+: /, '').trimEnd()}`);
      kept++;
    }
  } else if (/ ERROR  command .* exited|^\s*Failed:\s/.test(line)) {
    out.push(line.trim());
  }
}
console.log(out.length ? out.join('\n') : '(no vitest failure found in the log; see the output above)');
