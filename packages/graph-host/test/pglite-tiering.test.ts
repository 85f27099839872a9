/** PGlite's WASM tiering budget: the setting, and that users' own V8 tiering flags win over it. */
import { describe, expect, it } from 'vitest';
import { EnvSettingError } from '../src/env.js';
import { compilePgliteWasm, PGLITE_WASM_TIERING_BUDGET, pgliteTieringBudget } from '../src/store/pglite-files.js';

describe('PGlite tiering budget', () => {
  it('raises the budget by default', () => {
    expect(pgliteTieringBudget({}, [])).toBe(PGLITE_WASM_TIERING_BUDGET);
    expect(PGLITE_WASM_TIERING_BUDGET).toBe(18_000_000);
  });

  it('reads GRAPH_HOST_PGLITE_TIERING_BUDGET; 0 or V8 default leaves V8 alone', () => {
    expect(pgliteTieringBudget({ GRAPH_HOST_PGLITE_TIERING_BUDGET: '5_000_000' }, [])).toBe(5_000_000);
    expect(pgliteTieringBudget({ GRAPH_HOST_PGLITE_TIERING_BUDGET: '0' }, [])).toBeNull();
    expect(pgliteTieringBudget({ GRAPH_HOST_PGLITE_TIERING_BUDGET: '1800000' }, [])).toBeNull();
    expect(pgliteTieringBudget({ GRAPH_HOST_PGLITE_TIERING_BUDGET: '' }, [])).toBe(PGLITE_WASM_TIERING_BUDGET);
  });

  it('rejects a budget that is not a whole number, naming the variable', () => {
    expect(() => pgliteTieringBudget({ GRAPH_HOST_PGLITE_TIERING_BUDGET: 'fast' }, [])).toThrow(EnvSettingError);
    expect(() => pgliteTieringBudget({ GRAPH_HOST_PGLITE_TIERING_BUDGET: '-1' }, [])).toThrow(/GRAPH_HOST_PGLITE_TIERING_BUDGET=-1/);
    expect(() => pgliteTieringBudget({ GRAPH_HOST_PGLITE_TIERING_BUDGET: '1.5' }, [])).toThrow(/integer/);
  });

  it("keeps the user's own V8 tiering flags (command line or NODE_OPTIONS)", () => {
    for (const option of ['--wasm-tiering-budget=100', '--wasm_tiering_budget=100', '--no-wasm-dynamic-tiering', '--liftoff-only', '--no-wasm-tier-up']) {
      expect(pgliteTieringBudget({}, [option])).toBeNull();
      expect(pgliteTieringBudget({ NODE_OPTIONS: `--max-old-space-size=4096 ${option}` })).toBeNull();
    }
    expect(pgliteTieringBudget({ NODE_OPTIONS: '--max-old-space-size=4096' }, ['--max-old-space-size=4096'])).toBe(PGLITE_WASM_TIERING_BUDGET);
  });

  it('compiles PGlite with the raised budget and with V8 left alone', async () => {
    const previous = process.env.GRAPH_HOST_PGLITE_TIERING_BUDGET;
    try {
      for (const setting of [undefined, '0']) {
        if (setting === undefined) delete process.env.GRAPH_HOST_PGLITE_TIERING_BUDGET;
        else process.env.GRAPH_HOST_PGLITE_TIERING_BUDGET = setting;
        const module = await compilePgliteWasm();
        expect(WebAssembly.Module.exports(module).length).toBeGreaterThan(100);
      }
    } finally {
      if (previous === undefined) delete process.env.GRAPH_HOST_PGLITE_TIERING_BUDGET;
      else process.env.GRAPH_HOST_PGLITE_TIERING_BUDGET = previous;
    }
  }, 60_000);
});
