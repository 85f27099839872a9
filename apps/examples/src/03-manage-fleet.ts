/**
 * 03 · Manage the battery fleet
 *
 * The owner appoints admins; admins run the fleet: they add batteries the protocol already owns, alter their
 * configuration (power, efficiency, the price thresholds the trader acts on), buy new ones from a vendor with
 * the fund's ether, and decommission old ones. Units: Wh, W, basis points, prices in wei/MWh (signed).
 *
 *   pnpm example:03
 *   PURCHASE_PRICE_ETH=0.001 pnpm example:03     # the vendor's price (default 30 ETH)
 */
import { parseEther, parseEventLogs, type Address, type TransactionReceipt } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { virtualPowerPlantAbi } from '@vpp/contracts';
import {
  addAdmin,
  addBattery,
  decommissionBattery,
  getFleet,
  getRoles,
  purchaseBattery,
  removeAdmin,
  updateBattery,
} from '@vpp/sdk';
import type { VppContext } from './lib/context.js';
import { batteryConfig, batteryName, FLEET, type BatterySpec } from './lib/fleet.js';
import { energy, ethAud, shortAddress, table } from './lib/format.js';
import { isMain, runExample } from './lib/run.js';
import { confirmed } from './lib/tx.js';

export interface FleetOptions {
  purchasePriceWei?: bigint;
  log?: (line: string) => void;
}

export interface FleetResult {
  /** Battery ids by role in the story. */
  ids: { brunswick: bigint; footscray: bigint; yarraville: bigint; moorabool: bigint; geelong: bigint };
  /** Ids that the trader dispatches (active, not decommissioned). */
  activeIds: bigint[];
  purchasePrice: bigint;
  admins: Address[];
}

/** The battery id from the BatteryAdded event of a receipt. */
function addedId(receipt: TransactionReceipt): bigint {
  const [event] = parseEventLogs({ abi: virtualPowerPlantAbi, eventName: 'BatteryAdded', logs: receipt.logs });
  if (!event) throw new Error('no BatteryAdded event in the receipt');
  return event.args.batteryId;
}

export async function main(ctx: VppContext, options: FleetOptions = {}): Promise<FleetResult> {
  const log = options.log ?? console.log;
  const rate = ctx.config.audCentsPerEth;
  const { owner, admin, vendor } = ctx;
  const purchasePrice =
    options.purchasePriceWei ?? parseEther(process.env.PURCHASE_PRICE_ETH ?? (ctx.local ? '30' : '0.001'));

  // 1. Roles: the owner appoints the fleet admin (and shows that admins can be removed again).
  const roles = await getRoles(owner.client);
  if (!roles.admins.some((a: Address) => a.toLowerCase() === admin.address.toLowerCase())) {
    await confirmed(addAdmin(owner.client, { account: admin.address }), owner.client);
    log(`owner appointed ${admin.address} as admin`);
  }
  const contractor = privateKeyToAccount(generatePrivateKey()).address;
  await confirmed(addAdmin(owner.client, { account: contractor }), owner.client);
  await confirmed(removeAdmin(owner.client, { account: contractor }), owner.client);
  log(`owner appointed and removed a temporary admin ${shortAddress(contractor)}`);

  // 2. The admin adds three batteries the protocol already owns.
  const add = async (spec: BatterySpec) => {
    const receipt = await confirmed(addBattery(admin.client, { config: batteryConfig(spec, rate) }), admin.client);
    const id = addedId(receipt);
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

  // 4. Buy a grid-scale battery from a vendor with the fund's ether (the vendor withdraws the payment later).
  const purchase = await confirmed(
    purchaseBattery(admin.client, { vendor: vendor.address, price: purchasePrice, config: batteryConfig(FLEET.moorabool, rate) }),
    admin.client,
  );
  const moorabool = addedId(purchase);
  log(`admin bought #${moorabool} ${FLEET.moorabool.name} from the vendor for ${ethAud(purchasePrice, rate)}`);

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
        batteryName(b.config.metadataURI) ?? b.config.serialText ?? b.config.serial,
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
    activeIds,
    purchasePrice,
    admins: after.admins,
  };
}

if (isMain(import.meta.url)) runExample((ctx) => main(ctx));
