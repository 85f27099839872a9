/** Formatting of values in the contract errors' sentences. @internal */
import { formatEther, type Address } from 'viem';
import { shortAddress } from './base.js';

export const eth = (wei: bigint): string => `${formatEther(wei)} ETH`;
export const price = (weiPerMWh: bigint): string => `${formatEther(weiPerMWh)} ETH/MWh`;
export const who = (account: Address): string => shortAddress(account);
