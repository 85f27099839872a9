/** JSON parsing that keeps number literals as text, like graph-node (serde_json arbitrary precision). */

export type JsonNode =
  | { kind: 'null' }
  | { kind: 'bool'; value: boolean }
  | { kind: 'number'; text: string }
  | { kind: 'string'; value: string }
  | { kind: 'array'; items: JsonNode[] }
  | { kind: 'object'; entries: [string, JsonNode][] };

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

export function parseJsonPreservingNumbers(text: string): JsonNode {
  let pos = 0;
  const fail = (what: string): never => {
    throw new SyntaxError(`invalid JSON at position ${pos}: ${what}`);
  };
  const skipWhitespace = (): void => {
    while (pos < text.length) {
      const c = text.charCodeAt(pos);
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) pos++;
      else break;
    }
  };
  const parseString = (): string => {
    // Find the closing quote, then let JSON.parse handle the escapes.
    const start = pos;
    pos++;
    while (pos < text.length) {
      const c = text.charCodeAt(pos);
      if (c === 0x5c) pos += 2;
      else if (c === 0x22) break;
      else pos++;
    }
    if (pos >= text.length) fail('unterminated string');
    pos++;
    return JSON.parse(text.slice(start, pos)) as string;
  };
  const parseValue = (depth: number): JsonNode => {
    if (depth > 512) fail('nesting too deep');
    skipWhitespace();
    const c = text[pos];
    if (c === '{') {
      pos++;
      const entries: [string, JsonNode][] = [];
      skipWhitespace();
      if (text[pos] === '}') {
        pos++;
        return { kind: 'object', entries };
      }
      for (;;) {
        skipWhitespace();
        if (text[pos] !== '"') fail('expected object key');
        const key = parseString();
        skipWhitespace();
        if (text[pos] !== ':') fail('expected :');
        pos++;
        entries.push([key, parseValue(depth + 1)]);
        skipWhitespace();
        if (text[pos] === ',') pos++;
        else if (text[pos] === '}') {
          pos++;
          return { kind: 'object', entries };
        } else fail('expected , or }');
      }
    }
    if (c === '[') {
      pos++;
      const items: JsonNode[] = [];
      skipWhitespace();
      if (text[pos] === ']') {
        pos++;
        return { kind: 'array', items };
      }
      for (;;) {
        items.push(parseValue(depth + 1));
        skipWhitespace();
        if (text[pos] === ',') pos++;
        else if (text[pos] === ']') {
          pos++;
          return { kind: 'array', items };
        } else fail('expected , or ]');
      }
    }
    if (c === '"') return { kind: 'string', value: parseString() };
    if (text.startsWith('true', pos)) {
      pos += 4;
      return { kind: 'bool', value: true };
    }
    if (text.startsWith('false', pos)) {
      pos += 5;
      return { kind: 'bool', value: false };
    }
    if (text.startsWith('null', pos)) {
      pos += 4;
      return { kind: 'null' };
    }
    NUMBER.lastIndex = pos;
    const match = NUMBER.exec(text);
    if (!match) return fail('unexpected character');
    pos += match[0].length;
    return { kind: 'number', text: match[0] };
  };
  const value = parseValue(0);
  skipWhitespace();
  if (pos !== text.length) fail('trailing characters');
  return value;
}
