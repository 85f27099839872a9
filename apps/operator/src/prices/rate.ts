/**
 * The ETH/AUD rate prices are converted at: a fixed decimal from the configuration, or a Chainlink-shaped
 * AggregatorV3 feed on chain (answer / 10^decimals AUD per ETH), refused when older than its maximum age.
 * The conversion itself is @vpp/strategy's `audToWeiPerMWh` (exact integers, round half away from zero), the same
 * one the backtest uses.
 */
import { formatUnits, parseAbi, type Address, type PublicClient } from 'viem';
import { audToWeiPerMWh } from '@vpp/strategy';
import { PriceUnavailableError } from '../errors.js';

export interface EthAudRate {
  readonly name: string;
  /** AUD per ETH as a plain decimal string. */
  current(): Promise<string>;
}

export class FixedRate implements EthAudRate {
  readonly name = 'fixed';
  constructor(private readonly audPerEth: string) {
    audToWeiPerMWh('1', audPerEth); // validates (DecimalFormatError on garbage)
  }
  async current(): Promise<string> {
    return this.audPerEth;
  }
}

const aggregatorAbi = parseAbi([
  'function decimals() view returns (uint8)',
  'function latestRoundData() view returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound)',
]);

export class FeedRate implements EthAudRate {
  readonly name = 'feed';
  private decimals: number | null = null;
  constructor(
    private readonly client: PublicClient,
    private readonly feed: Address,
    private readonly maxAgeSeconds: number,
  ) {}

  async current(): Promise<string> {
    this.decimals ??= await this.client.readContract({ address: this.feed, abi: aggregatorAbi, functionName: 'decimals' });
    const [roundId, answer, , updatedAt] = await this.client.readContract({ address: this.feed, abi: aggregatorAbi, functionName: 'latestRoundData' });
    const block = await this.client.getBlock({ blockTag: 'latest' });
    if (roundId === 0n || answer <= 0n) throw new PriceUnavailableError(`ETH/AUD feed ${this.feed} has no valid answer`, 'eth-aud-feed', null);
    if (block.timestamp - updatedAt > BigInt(this.maxAgeSeconds)) {
      throw new PriceUnavailableError(
        `ETH/AUD feed ${this.feed} is stale: updated ${block.timestamp - updatedAt} s ago (max ${this.maxAgeSeconds} s)`,
        'eth-aud-feed',
        null,
      );
    }
    return formatUnits(answer, this.decimals);
  }
}
