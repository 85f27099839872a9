/**
 * The JSON values of a file for `ipfs.map`, split as graph-node's IPFS link resolver splits them
 * (graph/src/components/link_resolver/ipfs.rs, `json_stream`): one value per `\n`-terminated line,
 * a last line without `\n` counts, a line holding only `\n` is skipped, any other line must be one
 * JSON value (a value spread over several lines is an error).
 */
import { parseJsonPreservingNumbers, type JsonNode } from './json.js';

export interface JsonLine {
  /** 1-based line number in the file. */
  line: number;
  value: JsonNode;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

export function* jsonLines(content: Uint8Array): Generator<JsonLine> {
  let start = 0;
  let line = 0;
  while (start < content.length) {
    const newline = content.indexOf(0x0a, start);
    const end = newline === -1 ? content.length : newline + 1;
    line += 1;
    const bytes = content.subarray(start, end);
    start = end;
    // graph-node skips only the empty line (`\n` alone); whitespace-only lines fail to parse there too.
    if (bytes.length === 1 && bytes[0] === 0x0a) continue;
    let text: string;
    try {
      text = utf8.decode(bytes);
    } catch {
      throw new SyntaxError(`invalid UTF-8 at line ${line}`);
    }
    try {
      yield { line, value: parseJsonPreservingNumbers(text) };
    } catch (error) {
      throw new SyntaxError(`${(error as Error).message} at line ${line}: '${text}'`);
    }
  }
}
