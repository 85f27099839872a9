/**
 * Parsed and validated query documents by query text. Clients send the same documents again and
 * again (with different variables); parsing and validating them was ~9 % of a list query's CPU.
 * Only documents that passed validation are kept; checks that depend on variables still run.
 */
import type { DocumentNode } from 'graphql';

const MAX_ENTRIES = 256;
/** Longer texts are not kept: they are rare and would make the cache large. */
const MAX_TEXT_LENGTH = 16_384;

export class DocumentCache {
  private readonly entries = new Map<string, DocumentNode>();

  get(query: string): DocumentNode | undefined {
    const document = this.entries.get(query);
    if (document) {
      // Most recently used last, so the oldest is evicted first.
      this.entries.delete(query);
      this.entries.set(query, document);
    }
    return document;
  }

  set(query: string, document: DocumentNode): void {
    if (query.length > MAX_TEXT_LENGTH) return;
    this.entries.set(query, document);
    if (this.entries.size > MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
  }
}
