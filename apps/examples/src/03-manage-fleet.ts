/**
 * 03 · Manage the battery fleet
 *
 * The owner appoints admins; admins run the fleet: they add batteries the protocol already owns, alter their
 * configuration (power, efficiency, the price thresholds the trader acts on) and decommission old ones. Buying a
 * battery with the fund's ether is the owner's, behind a timelock that gives investors time to leave first: the
 * owner allows a vendor (effective after the timelock), proposes the purchase, and executes it once the timelock
 * has passed again. Units: Wh, W, basis points, prices in wei/MWh (signed).
 *
 *   pnpm example:03
 *   PURCHASE_PRICE_ETH=0.001 pnpm example:03     # the vendor's price (default 30 ETH)
 */
import { parseEther, type Address } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import {
  addAdmin,
  addBattery,
  decommissionBattery,
  executePurchase,
  getFleet,
  getFundState,
  getRoles,
  proposePurchase,
  removeAdmin,
  setVendorAllowed,
  updateBattery,
} from '@vpp/sdk';
import type { VppContext } from './lib/context.js';
import { batteryConfig, FLEET, type BatterySpec } from './lib/fleet.js';
import { energy, ethAud, shortAddress, table } from './lib/format.js';
import { isMain, runExample } from './lib/run.js';
import { reach } from './lib/time.js';
import { confirmed } from './lib/tx.js';

export interface FleetOptions {
  purchasePriceWei?: bigint;
  log?: (line: string) => void;
}

export interface FleetResult {
  /** Battery ids by role in the story (moorabool: null while its purchase waits for the timelock, on a live network). */
  ids: { brunswick: bigint; footscray: bigint; yarraville: bigint; moorabool: bigint | null; geelong: bigint };
  /** Names of the batteries by id (the chain keeps serials and metadata in events only). */
  names: Map<bigint, string>;
  /** Ids that the trader dispatches (active, not decommissioned). */
  activeIds: bigint[];
  purchasePrice: bigint;
  admins: Address[];
}

/** Depreciation life of a purchased battery: 10 years, in fund epochs. */
const LIFE_YEARS = 10;

export async function main(ctx: VppContext, options: FleetOptions = {}): Promise<FleetResult> {
  const log = options.log ?? console.log;
  const rate = ctx.config.audCentsPerEth;
  const { owner, admin, vendor } = ctx;
  const purchasePrice =
    options.purchasePriceWei ?? parseEther(process.env.PURCHASE_PRICE_ETH ?? (ctx.local ? '30' : '0.001'));

  // 1. Roles: the owner appoints the fleet admin (and shows that admins can be removed again).
  const roles = await getRoles(owner.client);
  if (!roles.admins.some((a: Address) => a.toLowerCase() === admin.address.toLowerCase())) {
    await confirmed(addAdmin(owner.client, { admin: admin.address }), owner.client);
    log(`owner appointed ${admin.address} as admin`);
  }
  const contractor = privateKeyToAccount(generatePrivateKey()).address;
  await confirmed(addAdmin(owner.client, { admin: contractor }), owner.client);
  await confirmed(removeAdmin(owner.client, { admin: contractor }), owner.client);
  log(`owner appointed and removed a temporary admin ${shortAddress(contractor)}`);

  // 2. The admin adds three batteries the protocol already owns.
  const names = new Map<bigint, string>();
  const add = async (spec: BatterySpec) => {
    const { outcome } = await (await addBattery(admin.client, { config: batteryConfig(spec, rate) })).wait();
    const id = outcome.batteryId;
    names.set(id, spec.name);
    log(`admin added #${id} ${spec.name}: ${energy(spec.capacityWh)}, ${energy(spec.maxDischargeW).replace('Wh', 'W')}, ` +
      `charge ≤ ${spec.chargeBelowAud} AUD/MWh, discharge ≥ ${spec.dischargeAboveAud} AUD/MWh`);
    return id;
  };
  const brunswick = await add(FLEET.brunswick);
  const footscray = await add(FLEET.footscray);
  const yarraville = await add(FLEET.yarraville);

  // 3. Alter one: Footscray's owner wants it kept for price spikes only (discharge at ≥ 1000 AUD/MWh).
  const spikeOnly = { ...FLEET.footscray, dischargeAboveAud: 1000 };
  await confirmed(updateBattery(admin.client, { batteryId: footscray, config: batteryConfig(spikeOnly, rate) }), admin.client);
  log(`admin updated #${footscray}: discharge ≥ ${spikeOnly.dischargeAboveAud} AUD/MWh`);

  // 4. Buy a grid-scale battery from a vendor with the fund's ether (the vendor withdraws the payment later). The
  //    owner allows the vendor and proposes the purchase; each step takes effect after the fund's timelock, which
  //    local chains skip by moving the clock.
  const { timelockDelay, epochDuration } = await getFundState(owner.client);
  const lifeEpochs = Math.ceil((LIFE_YEARS * 365 * 86_400) / Number(epochDuration));
  const config = batteryConfig(FLEET.moorabool, rate);
  let moorabool: bigint | null = null;
  const grant = await (await setVendorAllowed(owner.client, { vendor: vendor.address, allowed: true })).wait();
  log(`owner allowed the vendor ${shortAddress(vendor.address)} (effective after the ${Number(timelockDelay) / 3600} h timelock)`);
  if (await reach(ctx, grant.outcome.effectiveAt, 'the vendor grant taking effect', log)) {
    const proposal = await (await proposePurchase(owner.client, { vendor: vendor.address, price: purchasePrice, lifeEpochs, config })).wait();
    const { proposalId, eta } = proposal.outcome;
    log(`owner proposed purchase #${proposalId}: ${FLEET.moorabool.name} for ${ethAud(purchasePrice, rate)}, written off over ${LIFE_YEARS} years`);
    if (await reach(ctx, eta, `purchase #${proposalId} becoming executable`, log)) {
      const bought = await (await executePurchase(owner.client, { proposalId, vendor: vendor.address, price: purchasePrice, lifeEpochs, config })).wait();
      moorabool = bought.outcome.batteryId;
      names.set(moorabool, FLEET.moorabool.name);
      log(`owner bought #${moorabool} ${FLEET.moorabool.name} from the vendor for ${ethAud(purchasePrice, rate)}`);
    }
  }

  // 5. Decommission an old battery: it leaves the fleet for good (its id is never reused).
  const geelong = await add(FLEET.geelong);
  await confirmed(decommissionBattery(admin.client, { batteryId: geelong }), admin.client);
  log(`admin decommissioned #${geelong} ${FLEET.geelong.name}`);

  // 6. The fleet as the trader sees it.
  const { batteries: fleet } = await getFleet(admin.client);
  table(
    [
      ['id', 'battery', 'status', 'capacity', 'charge ≤ (wei/MWh)', 'discharge ≥ (wei/MWh)'],
      ...fleet.map((b) => [
        `#${b.batteryId}`,
        names.get(b.batteryId) ?? '',
        b.status,
        energy(b.config.capacityWh),
        b.config.chargeBelowPrice,
        b.config.dischargeAbovePrice,
      ]),
    ],
    log,
  );
  const activeIds = fleet.filter((b) => b.status === 'Active').map((b) => b.batteryId);
  const after = await getRoles(owner.client);
  return {
    ids: { brunswick, footscray, yarraville, moorabool, geelong },
    names,
    activeIds,
    purchasePrice,
    admins: after.admins,
  };
}

if (isMain(import.meta.url)) runExample((ctx) => main(ctx));
