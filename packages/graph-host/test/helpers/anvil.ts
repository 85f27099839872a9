/**
 * Anvil for tests: the repository's one helper (spawns the native binary on a free port; `stop()` kills it).
 * Test files run in parallel, so each caller gets its own port and must call `stop()`.
 */
export { freePort, startAnvil, type AnvilInstance } from '@vpp/contracts/node';
