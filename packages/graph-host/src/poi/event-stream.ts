import type { PoiEvent } from './event-hasher.js';

/**
 * online.rs `BlockEventStream`, the part both PoI versions share: one region's events of one block are
 * counted (each event's index is its address in Block.events) and so are the running handler's, whose
 * events a deterministic error redacts.
 */
export abstract class BlockEventCounter {
  protected vecLength = 0;
  private handlerStart = 0;

  abstract write(event: PoiEvent): void;
  /** Ends the block: the new digest of the region given the previous blocks' one. */
  abstract pause(previous: Uint8Array | null): Uint8Array;

  startHandler(): void {
    this.handlerStart = this.vecLength;
  }

  redactedSinceHandlerStart(): number {
    return this.vecLength - this.handlerStart;
  }
}
