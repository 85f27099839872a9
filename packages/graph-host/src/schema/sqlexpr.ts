/**
 * The SQL expressions graph-node accepts as an aggregate's `arg` (graph/src/schema/input/sqlexpr.rs):
 * identifiers are fields of the source timeseries; literals; the binary operators + - * / % ^,
 * comparisons (= <> != < > <= >=), AND, OR; unary + - NOT; CASE; CAST(x AS t) and x::t; IS [NOT]
 * NULL / TRUE / FALSE / DISTINCT FROM; parentheses; and calls of graph-node's whitelisted, clearly
 * deterministic functions. Everything else (subqueries, other functions such as random(), LIKE,
 * IN lists, BETWEEN…) is refused, as graph-node refuses it. The expression is parsed here (no
 * sqlparser in this host) and written back as SQL with every identifier replaced by its column.
 */

export class SqlExprError extends Error {
  override name = 'SqlExprError';
}

/** graph-node's FN_WHITELIST (sqlexpr.rs). */
const FN_WHITELIST = new Set(['abs', 'ceil', 'ceiling', 'div', 'floor', 'gcd', 'lcm', 'mod', 'power', 'sign', 'coalesce', 'nullif', 'greatest', 'least']);

/** Words with a meaning in the grammar; as identifiers they would need quotes. */
const KEYWORDS = new Set(['and', 'or', 'not', 'case', 'when', 'then', 'else', 'end', 'cast', 'as', 'is', 'null', 'true', 'false', 'distinct', 'from']);
/** Constructs graph-node names when it refuses them, recognised to say which one was used. */
const REFUSED_WORDS: Record<string, string> = {
  select: 'Subquery',
  exists: 'Exists',
  in: 'InList',
  between: 'Between',
  like: 'Like',
  ilike: 'ILike',
  similar: 'SimilarTo',
  any: 'AnyOp',
  all: 'AllOp',
  interval: 'Interval',
  array: 'Array',
  extract: 'Extract',
  position: 'Position',
  substring: 'Substring',
  trim: 'Trim',
  overlay: 'Overlay',
  collate: 'Collate',
  at: 'AtTimeZone',
};

type Token =
  | { kind: 'num' | 'str' | 'op' | 'punct'; text: string }
  | { kind: 'word'; text: string; lower: string; quoted: boolean };

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const rest = text.slice(i);
    const space = /^\s+/.exec(rest);
    if (space) {
      i += space[0].length;
      continue;
    }
    const num = /^(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?/.exec(rest);
    if (num) {
      tokens.push({ kind: 'num', text: num[0] });
      i += num[0].length;
      continue;
    }
    const word = /^[A-Za-z_][A-Za-z0-9_$]*/.exec(rest);
    if (word) {
      tokens.push({ kind: 'word', text: word[0], lower: word[0].toLowerCase(), quoted: false });
      i += word[0].length;
      continue;
    }
    if (rest[0] === '"') {
      const end = rest.indexOf('"', 1);
      if (end < 0) throw new SqlExprError('unterminated quoted identifier');
      tokens.push({ kind: 'word', text: rest.slice(1, end), lower: rest.slice(1, end), quoted: true });
      i += end + 1;
      continue;
    }
    if (rest[0] === "'") {
      // A string literal: '' is a quote inside it; kept as written.
      const str = /^'(?:[^']|'')*'/.exec(rest);
      if (!str) throw new SqlExprError('unterminated string literal');
      tokens.push({ kind: 'str', text: str[0] });
      i += str[0].length;
      continue;
    }
    const op = /^(<>|!=|<=|>=|::|\|\||[-+*/%^=<>])/.exec(rest);
    if (op) {
      tokens.push({ kind: 'op', text: op[0] });
      i += op[0].length;
      continue;
    }
    if ('(),'.includes(rest[0]!)) {
      tokens.push({ kind: 'punct', text: rest[0]! });
      i++;
      continue;
    }
    throw new SqlExprError(`unexpected \`${rest.slice(0, 10)}\``);
  }
  return tokens;
}

/**
 * Parses `text` and returns it as SQL with each field identifier replaced by `column(ident)`; throws
 * SqlExprError saying what is not supported. `column` may itself throw to refuse an identifier.
 */
export function rewriteExpression(text: string, column: (ident: string) => string): string {
  const tokens = tokenize(text);
  let pos = 0;
  const peek = (offset = 0) => tokens[pos + offset];
  const isWord = (t: Token | undefined, w: string): boolean => t?.kind === 'word' && !t.quoted && t.lower === w;
  const isOp = (t: Token | undefined, ...ops: string[]): boolean => t?.kind === 'op' && ops.includes(t.text);
  const isPunct = (t: Token | undefined, p: string): boolean => t?.kind === 'punct' && t.text === p;
  const expectWord = (w: string) => {
    if (!isWord(peek(), w)) throw new SqlExprError(`expected ${w.toUpperCase()}${peek() ? ` at \`${peek()!.text}\`` : ''}`);
    pos++;
  };
  const expectPunct = (p: string) => {
    if (!isPunct(peek(), p)) throw new SqlExprError(`expected \`${p}\`${peek() ? ` at \`${peek()!.text}\`` : ' at the end'}`);
    pos++;
  };
  const refuseWord = (t: Token | undefined) => {
    if (t?.kind === 'word' && !t.quoted && REFUSED_WORDS[t.lower]) throw new SqlExprError(`Expressions using ${REFUSED_WORDS[t.lower]} are not supported`);
  };

  /** A type name after `::` or `AS`: words (`double precision`) and an optional `(p, s)`. */
  const typeName = (): string => {
    const words: string[] = [];
    while (peek()?.kind === 'word' && !(isWord(peek(), 'end') || isWord(peek(), 'then') || isWord(peek(), 'else') || isWord(peek(), 'when') || isWord(peek(), 'and') || isWord(peek(), 'or') || isWord(peek(), 'is'))) {
      const t = tokens[pos++] as Extract<Token, { kind: 'word' }>;
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(t.text)) throw new SqlExprError(`invalid type name ${t.text}`);
      words.push(t.lower);
    }
    if (words.length === 0) throw new SqlExprError('a type name is missing');
    let modifiers = '';
    if (isPunct(peek(), '(')) {
      pos++;
      const nums: string[] = [];
      for (;;) {
        const t = tokens[pos++];
        if (t?.kind !== 'num' || !/^\d+$/.test(t.text)) throw new SqlExprError('invalid type modifier');
        nums.push(t.text);
        if (isPunct(peek(), ',')) pos++;
        else break;
      }
      expectPunct(')');
      modifiers = `(${nums.join(', ')})`;
    }
    return `${words.join(' ')}${modifiers}`;
  };

  const primary = (): string => {
    const t = tokens[pos];
    if (!t) throw new SqlExprError('the expression ends too early');
    refuseWord(t);
    if (t.kind === 'num') {
      pos++;
      return t.text;
    }
    if (t.kind === 'str') {
      pos++;
      return t.text;
    }
    if (isPunct(t, '(')) {
      pos++;
      if (isWord(peek(), 'select')) throw new SqlExprError('Expressions using Subquery are not supported');
      const inner = expression();
      if (isPunct(peek(), ',')) throw new SqlExprError('Expressions using Tuple are not supported');
      expectPunct(')');
      return `(${inner})`;
    }
    if (t.kind === 'word' && !t.quoted) {
      if (t.lower === 'null' || t.lower === 'true' || t.lower === 'false') {
        pos++;
        return t.lower;
      }
      if (t.lower === 'case') {
        pos++;
        let sql = 'case';
        if (!isWord(peek(), 'when')) sql += ` ${expression()}`;
        if (!isWord(peek(), 'when')) throw new SqlExprError('CASE needs a WHEN');
        while (isWord(peek(), 'when')) {
          pos++;
          const condition = expression();
          expectWord('then');
          sql += ` when ${condition} then ${expression()}`;
        }
        if (isWord(peek(), 'else')) {
          pos++;
          sql += ` else ${expression()}`;
        }
        expectWord('end');
        return `(${sql} end)`;
      }
      if (t.lower === 'cast') {
        pos++;
        expectPunct('(');
        const inner = expression();
        expectWord('as');
        const type = typeName();
        expectPunct(')');
        return `cast(${inner} as ${type})`;
      }
      if (KEYWORDS.has(t.lower)) throw new SqlExprError(`unexpected ${t.text.toUpperCase()}`);
    }
    if (t.kind === 'word') {
      pos++;
      if (isPunct(peek(), '(')) {
        const name = t.quoted ? t.text : t.lower;
        if (!FN_WHITELIST.has(name)) throw new SqlExprError(`Function ${t.text} is not supported`);
        pos++;
        const args: string[] = [];
        if (!isPunct(peek(), ')')) {
          for (;;) {
            if (isOp(peek(), '*')) throw new SqlExprError(`Illegal function: call to ${t.text} uses a wildcard argument`);
            args.push(expression());
            if (isPunct(peek(), ',')) pos++;
            else break;
          }
        }
        expectPunct(')');
        return `${name}(${args.join(', ')})`;
      }
      return column(t.text);
    }
    throw new SqlExprError(`unexpected \`${t.text}\``);
  };
  const postfix = (): string => {
    let sql = primary();
    while (isOp(peek(), '::')) {
      pos++;
      sql = `(${sql})::${typeName()}`;
    }
    return sql;
  };
  const unary = (): string => {
    if (isOp(peek(), '-', '+')) {
      const op = tokens[pos++]!.text;
      return `(${op}${unary()})`;
    }
    return postfix();
  };
  const binary = (next: () => string, ops: string[]) => (): string => {
    let left = next();
    while (isOp(peek(), ...ops)) {
      const op = tokens[pos++]!.text;
      left = `(${left} ${op} ${next()})`;
    }
    return left;
  };
  const power = binary(unary, ['^']);
  const multiplicative = binary(power, ['*', '/', '%']);
  const additive = (): string => {
    const sql = binary(multiplicative, ['+', '-'])();
    if (isOp(peek(), '||')) throw new SqlExprError('binary operator || is not supported');
    return sql;
  };
  const comparison = (): string => {
    let left = additive();
    for (;;) {
      refuseWord(peek());
      if (isWord(peek(), 'not')) refuseWord(peek(1));
      if (isOp(peek(), '=', '<>', '!=', '<', '>', '<=', '>=')) {
        const op = tokens[pos++]!.text;
        left = `(${left} ${op} ${additive()})`;
      } else if (isWord(peek(), 'is')) {
        pos++;
        let negated = '';
        if (isWord(peek(), 'not')) {
          pos++;
          negated = 'not ';
        }
        const what = peek();
        if (isWord(what, 'null') || isWord(what, 'true') || isWord(what, 'false')) {
          pos++;
          left = `(${left} is ${negated}${(what as { lower: string }).lower})`;
        } else if (isWord(what, 'distinct')) {
          pos++;
          expectWord('from');
          left = `(${left} is ${negated}distinct from ${additive()})`;
        } else {
          throw new SqlExprError(`Expressions using IS ${what?.text ?? ''} are not supported`);
        }
      } else {
        return left;
      }
    }
  };
  const negation = (): string => {
    if (isWord(peek(), 'not')) {
      pos++;
      return `(not ${negation()})`;
    }
    return comparison();
  };
  const conjunction = (): string => {
    let left = negation();
    while (isWord(peek(), 'and')) {
      pos++;
      left = `(${left} and ${negation()})`;
    }
    return left;
  };
  const expression = (): string => {
    let left = conjunction();
    while (isWord(peek(), 'or')) {
      pos++;
      left = `(${left} or ${conjunction()})`;
    }
    return left;
  };

  const sql = expression();
  if (pos < tokens.length) {
    refuseWord(peek());
    throw new SqlExprError(`unexpected \`${peek()!.text}\``);
  }
  return sql;
}
