// EnergyPriceOracle: Chainlink-style rounds (NewRound + AnswerUpdated) and reporters.
import {
  AnswerUpdated,
  NewRound,
  OwnershipTransferStarted,
  OwnershipTransferred,
  ReporterUpdated,
} from '../../generated/EnergyPriceOracle/EnergyPriceOracle';
import { PriceRound, ReporterChange } from '../../generated/schema';
import { ONE_BI, ZERO_BI } from '../helpers/constants';
import { eventId, stamp } from '../helpers/ids';
import { recordOwnershipChange } from '../helpers/ownership';
import { getPlant, getReporter } from '../helpers/loaders';
import { BigInt, ethereum } from '@graphprotocol/graph-ts';

function getRound(roundId: BigInt, event: ethereum.Event): PriceRound {
  const key = roundId.toString();
  let round = PriceRound.load(key);
  if (round == null) {
    round = new PriceRound(key);
    round.roundId = roundId;
    round.price = ZERO_BI;
    round.updatedAt = event.block.timestamp;
    round.blockNumber = event.block.number;
    round.timestamp = event.block.timestamp;
    round.transactionHash = event.transaction.hash;
  }
  return round;
}

export function handleNewRound(event: NewRound): void {
  const reporter = getReporter(event.params.startedBy);
  reporter.roundCount = reporter.roundCount.plus(ONE_BI);
  reporter.save();
  const round = getRound(event.params.roundId, event);
  round.startedBy = reporter.id;
  round.startedAt = event.params.startedAt;
  round.save();
}

export function handleAnswerUpdated(event: AnswerUpdated): void {
  const round = getRound(event.params.roundId, event);
  round.price = event.params.current;
  round.updatedAt = event.params.updatedAt;
  round.save();

  const plant = getPlant();
  if (plant.priceOracleAddress === null) plant.priceOracleAddress = event.address;
  plant.latestRound = round.id;
  plant.latestPrice = round.price;
  plant.latestPriceUpdatedAt = round.updatedAt;
  plant.priceRoundCount = plant.priceRoundCount.plus(ONE_BI);
  plant.save();
}

export function handleReporterUpdated(event: ReporterUpdated): void {
  const reporter = getReporter(event.params.reporter);
  reporter.allowed = event.params.allowed;
  reporter.save();
  const change = new ReporterChange(eventId(event));
  change.reporter = reporter.id;
  change.allowed = event.params.allowed;
  change.by = event.params.by;
  stamp(change, event);
  change.save();
}

export function handleOwnershipTransferStarted(event: OwnershipTransferStarted): void {
  recordOwnershipChange(event, 'TransferStarted', event.params.previousOwner, event.params.newOwner);
}

export function handleOwnershipTransferred(event: OwnershipTransferred): void {
  recordOwnershipChange(event, 'Transferred', event.params.previousOwner, event.params.newOwner);
}
