// TEMPORARY: @vpp/strategy has no entry point/build yet; this maps the import to its sources. Remove (and the
// "paths" entry in tsconfig.json and the alias in vitest.config.ts) once the package builds.
export * from '../../packages/strategy/src/aemo.js';
export * from '../../packages/strategy/src/units.js';
export * from '../../packages/strategy/src/table.js';
export * from '../../packages/strategy/src/errors.js';
export * from '../../packages/strategy/src/perfect-foresight.js';
export * from '../../packages/strategy/src/history.js';
export * from '../../packages/strategy/src/battery.js';
export type * from '../../packages/strategy/src/strategy.js';
export * from '../../packages/strategy/src/strategies/water-value.js';
export * from '../../packages/strategy/src/strategies/baselines.js';
