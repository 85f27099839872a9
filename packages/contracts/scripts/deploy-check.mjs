#!/usr/bin/env node
// Deploys the system both ways users do — `forge script script/Deploy.s.sol` and `deploySystem` (dist/node.js) —
// each to its own fresh anvil that enforces the real networks' code-size limits (EIP-170, EIP-3860), and checks
// that both give the same, correctly bound contracts. Part of `pnpm test` (after `forge test`).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createPublicClient, http } from 'viem';
import { energyInvestmentFundAbi, virtualPowerPlantAbi } from '../dist/index.js';
import { ANVIL_PRIVATE_KEY_0, deploySystem, forgeBinary, startAnvil } from '../dist/node.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const tmp = mkdtempSync(join(tmpdir(), 'vpp-deploy-check-'));
const fail = (message) => {
  throw new Error(`deploy-check: ${message}`);
};

async function checkSystem(rpcUrl, contracts, label) {
  const client = createPublicClient({ transport: http(rpcUrl) });
  const read = (address, abi, functionName) => client.readContract({ address, abi, functionName });
  const [fund, trader, boundRoot] = await Promise.all([
    read(contracts.virtualPowerPlant, virtualPowerPlantAbi, 'fund'),
    read(contracts.virtualPowerPlant, virtualPowerPlantAbi, 'trader'),
    read(contracts.energyInvestmentFund, energyInvestmentFundAbi, 'vpp'),
  ]);
  if (fund !== contracts.energyInvestmentFund || trader !== contracts.energyTrader) fail(`${label}: root points elsewhere`);
  if (boundRoot !== contracts.virtualPowerPlant) fail(`${label}: fund bound to ${boundRoot}`);
  for (const [name, address] of Object.entries(contracts)) {
    const code = await client.getCode({ address });
    const size = code ? (code.length - 2) / 2 : 0;
    if (size === 0 || size > 24_576) fail(`${label}: ${name} runtime is ${size} bytes`);
  }
}

const anvils = [];
try {
  // 1. The forge script, as the README tells Foundry users to run it.
  const scriptAnvil = await startAnvil();
  anvils.push(scriptAnvil);
  // forge may only write under ./deployments (fs_permissions); .tmp-* is git-ignored.
  const deploymentsPath = join(root, 'deployments', `.tmp-deploy-check-${process.pid}.json`);
  const run = spawnSync(
    forgeBinary(),
    ['script', 'script/Deploy.s.sol:DeployScript', '--rpc-url', scriptAnvil.rpcUrl, '--broadcast', '--private-key', ANVIL_PRIVATE_KEY_0],
    { cwd: root, encoding: 'utf8', env: { ...process.env, DEPLOYMENTS_PATH: deploymentsPath, FOUNDRY_BROADCAST: join(tmp, 'broadcast') } },
  );
  if (run.status !== 0) fail(`forge script exited ${run.status}\n${run.stdout}\n${run.stderr}`);
  const viaForge = JSON.parse(readFileSync(deploymentsPath, 'utf8'));
  await checkSystem(scriptAnvil.rpcUrl, viaForge.contracts, 'forge script');

  // 2. deploySystem, the same steps from JavaScript (tests, devkit, demo).
  const jsAnvil = await startAnvil();
  anvils.push(jsAnvil);
  const viaJs = await deploySystem({ rpcUrl: jsAnvil.rpcUrl });
  await checkSystem(jsAnvil.rpcUrl, viaJs.contracts, 'deploySystem');
  for (const [name, address] of Object.entries(viaForge.contracts)) {
    if (viaJs.contracts[name] !== address) fail(`${name}: forge script ${address}, deploySystem ${viaJs.contracts[name]}`);
  }
  console.log('deploy-check: forge script and deploySystem deploy the same system within EIP-170/EIP-3860');
} finally {
  await Promise.all(anvils.map((a) => a.stop()));
  rmSync(tmp, { recursive: true, force: true });
  rmSync(join(root, 'deployments', `.tmp-deploy-check-${process.pid}.json`), { force: true });
}
