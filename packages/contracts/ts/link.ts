import { getAddress, type Address, type Hex } from 'viem';

/** Where a creation code calls a library: solc's `linkReferences` (source file → library → byte ranges). */
export type LinkReferences = Readonly<
  Record<string, Readonly<Record<string, readonly { readonly start: number; readonly length: number }[]>>>
>;

/** Thrown when a creation code still needs a library address that was not given. */
export class MissingLibraryError extends Error {
  override name = 'MissingLibraryError';
  constructor(readonly library: string) {
    super(`linkBytecode: no address given for library ${library}`);
  }
}

/**
 * Fills library addresses into a creation code at solc's link references (what forge and Hardhat do when they
 * link), so the result can be deployed with viem's `deployContract`. `libraries` is keyed by library name
 * (e.g. `{ FundPurchases: '0x…' }`).
 */
export function linkBytecode(bytecode: Hex, linkReferences: LinkReferences, libraries: Record<string, Address>): Hex {
  let code = bytecode.slice(2);
  for (const references of Object.values(linkReferences)) {
    for (const [library, ranges] of Object.entries(references)) {
      const address = libraries[library];
      if (!address) throw new MissingLibraryError(library);
      const hex = getAddress(address).slice(2).toLowerCase();
      for (const { start, length } of ranges) {
        code = code.slice(0, start * 2) + hex.padStart(length * 2, '0') + code.slice((start + length) * 2);
      }
    }
  }
  return `0x${code}`;
}
