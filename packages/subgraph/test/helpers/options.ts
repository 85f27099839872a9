import { parseEther } from 'viem';

/**
 * Options of the deployment the end-to-end tests make: 5-minute intervals, 1-hour epochs and the shortest timelock
 * the fund accepts (epoch + 2 h); the test travels in time with anvil.
 */
export const DEPLOY_OPTIONS = {
  marketFundingWei: parseEther('20'),
  intervalSeconds: 300,
  epochSeconds: 3_600n,
  timelockSeconds: 3_600n + 7_200n,
  maxPurchaseWei: parseEther('6'),
} as const;
