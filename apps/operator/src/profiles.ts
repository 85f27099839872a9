/**
 * Local set-up for demos and tests: one strategy profile per battery kind (hours of storage × efficiency, the
 * trader's notion of a kind) with the operator as strategist, and every active battery assigned to its kind's
 * profile. Needs the owner's key (profiles) and an admin's (assignments): it is not part of the operator's run,
 * whose key can only publish tables.
 */
import { createPublicClient, createWalletClient, http, parseEventLogs, type Address, type Hex } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { energyTraderAbi, virtualPowerPlantAbi } from '@vpp/contracts';
import { deploymentFromJson, readDeployment } from './chain.js';

export interface ProfileSetupOptions {
  rpcUrl: string;
  deployment: string | Record<string, unknown>;
  ownerKey: Hex;
  /** Admin key for setBatteryProfile (default: the owner's). */
  adminKey?: Hex;
  /** The profiles' strategist: the operator's address. */
  strategist: Address;
}

export interface ProfileKind {
  profileId: bigint;
  durationMinutes: number;
  roundTripEfficiencyBps: number;
  batteryIds: bigint[];
}

export async function setUpStrategyProfiles(o: ProfileSetupOptions): Promise<ProfileKind[]> {
  const { contracts } = typeof o.deployment === 'string' ? readDeployment(o.deployment) : deploymentFromJson(o.deployment);
  const client = createPublicClient({ transport: http(o.rpcUrl) });
  const owner = createWalletClient({ account: privateKeyToAccount(o.ownerKey), transport: http(o.rpcUrl) });
  const admin = o.adminKey ? createWalletClient({ account: privateKeyToAccount(o.adminKey), transport: http(o.rpcUrl) }) : owner;
  const ok = async (hash: Hex) => {
    const receipt = await client.waitForTransactionReceipt({ hash, pollingInterval: 50 });
    if (receipt.status !== 'success') throw new Error(`profile set-up transaction ${hash} reverted`);
    return receipt;
  };
  const size = await client.readContract({ address: contracts.virtualPowerPlant, abi: virtualPowerPlantAbi, functionName: 'activeFleetSize' });
  const ids = await client.readContract({ address: contracts.virtualPowerPlant, abi: virtualPowerPlantAbi, functionName: 'activeFleetBatteries', args: [0n, size] });
  const kinds = new Map<string, ProfileKind>();
  for (const id of ids) {
    const s = await client.readContract({ address: contracts.virtualPowerPlant, abi: virtualPowerPlantAbi, functionName: 'dispatchState', args: [id] });
    const durationMinutes = Number((s.capacityWh * 60n) / s.maxDischargeW);
    const key = `${durationMinutes}/${s.roundTripEfficiencyBps}`;
    let kind = kinds.get(key);
    if (!kind) {
      const receipt = await ok(
        await owner.writeContract({
          chain: null,
          address: contracts.energyTrader,
          abi: energyTraderAbi,
          functionName: 'createProfile',
          args: [o.strategist, durationMinutes, s.roundTripEfficiencyBps],
        }),
      );
      const [created] = parseEventLogs({ abi: energyTraderAbi, eventName: 'ProfileCreated', logs: receipt.logs });
      if (!created) throw new Error('createProfile emitted no ProfileCreated event');
      kind = { profileId: BigInt(created.args.profileId), durationMinutes, roundTripEfficiencyBps: s.roundTripEfficiencyBps, batteryIds: [] };
      kinds.set(key, kind);
    }
    await ok(
      await admin.writeContract({
        chain: null,
        address: contracts.energyTrader,
        abi: energyTraderAbi,
        functionName: 'setBatteryProfile',
        args: [id, Number(kind.profileId)],
      }),
    );
    kind.batteryIds.push(id);
  }
  return [...kinds.values()];
}
