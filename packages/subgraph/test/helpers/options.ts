import { parseEther } from 'viem';

/** Options of the deployment the end-to-end tests make. */
export const DEPLOY_OPTIONS = {
  marketFundingWei: parseEther('20'),
  intervalSeconds: 300,
} as const;
