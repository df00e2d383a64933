// Parser for the subset of Temporal's visibility query language the engine supports:
// AND/OR/NOT/parentheses, = != <> > >= < <=, [NOT] IN (...), [NOT] STARTS_WITH, [NOT] BETWEEN,
// IS [NOT] NULL and ORDER BY a [ASC|DESC], .... Errors name the offending position.
import { invalidArgument } from '../grpc/errors';

export type Literal = string | number | boolean;
export type CmpOp = '=' | '!=' | '>' | '>=' | '<' | '<=';
export type Expr =
  | { op: 'and' | 'or'; left: Expr; right: Expr }
  | { op: 'not'; expr: Expr }
  | { op: 'cmp'; attr: string; cmp: CmpOp; value: Literal }
  | { op: 'in'; attr: string; values: Literal[]; negate: boolean }
  | { op: 'startsWith'; attr: string; value: Literal; negate: boolean }
  | { op: 'between'; attr: string; low: Literal; high: Literal; negate: boolean }
  | { op: 'null'; attr: string; negate: boolean };

export interface OrderBy {
  attr: string;
  desc: boolean;
}

export interface ParsedQuery {
  where: Expr | null;
  orderBy: OrderBy[];
}

type Token = { kind: 'ident' | 'word' | 'string' | 'number' | 'op' | 'punct'; text: string; pos: number };

const WORDS = new Set(['AND', 'OR', 'NOT', 'IN', 'IS', 'NULL', 'STARTS_WITH', 'BETWEEN', 'ORDER', 'BY', 'ASC', 'DESC', 'TRUE', 'FALSE']);

function tokenize(q: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < q.length) {
    const c = q[i];
    if (/\s/.test(c)) {
      i++;
    } else if (c === "'" || c === '"') {
      let text = '';
      let j = i + 1;
      for (; j < q.length && q[j] !== c; j++) {
        if (q[j] === '\\' && j + 1 < q.length) j++;
        text += q[j];
      }
      if (j >= q.length) throw invalidArgument(`invalid query: unterminated string starting at position ${i}`);
      tokens.push({ kind: 'string', text, pos: i });
      i = j + 1;
    } else if (c === '`') {
      const j = q.indexOf('`', i + 1);
      if (j < 0) throw invalidArgument(`invalid query: unterminated \` at position ${i}`);
      tokens.push({ kind: 'ident', text: q.slice(i + 1, j), pos: i });
      i = j + 1;
    } else if (/[0-9]/.test(c) || (c === '-' && /[0-9]/.test(q[i + 1] ?? ''))) {
      const m = /^-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?/.exec(q.slice(i));
      if (!m) throw invalidArgument(`invalid query: bad number at position ${i}`);
      tokens.push({ kind: 'number', text: m[0], pos: i });
      i += m[0].length;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_.]*/.exec(q.slice(i))!;
      const upper = m[0].toUpperCase();
      tokens.push({ kind: WORDS.has(upper) ? 'word' : 'ident', text: WORDS.has(upper) ? upper : m[0], pos: i });
      i += m[0].length;
    } else {
      const two = q.slice(i, i + 2);
      if (two === '!=' || two === '<>' || two === '>=' || two === '<=') {
        tokens.push({ kind: 'op', text: two === '<>' ? '!=' : two, pos: i });
        i += 2;
      } else if (c === '=' || c === '>' || c === '<') {
        tokens.push({ kind: 'op', text: c, pos: i });
        i++;
      } else if (c === '(' || c === ')' || c === ',') {
        tokens.push({ kind: 'punct', text: c, pos: i });
        i++;
      } else {
        throw invalidArgument(`invalid query: unexpected character ${JSON.stringify(c)} at position ${i}`);
      }
    }
  }
  return tokens;
}

export function parseQuery(query: string | null | undefined): ParsedQuery {
  const tokens = tokenize(query ?? '');
  let p = 0;
  const peek = () => tokens[p];
  const isWord = (w: string) => peek()?.kind === 'word' && peek().text === w;
  const fail = (what: string): never => {
    const t = peek();
    throw invalidArgument(`invalid query: expected ${what} ${t ? `at position ${t.pos} (found ${JSON.stringify(t.text)})` : 'at end of query'}`);
  };
  const expectWord = (w: string) => (isWord(w) ? p++ : fail(w));
  const expectPunct = (c: string) => (peek()?.kind === 'punct' && peek().text === c ? p++ : fail(`'${c}'`));

  const literal = (): Literal => {
    const t = peek();
    if (!t) return fail('a value');
    if (t.kind === 'string') return (p++, t.text);
    if (t.kind === 'number') return (p++, Number(t.text));
    if (t.kind === 'word' && (t.text === 'TRUE' || t.text === 'FALSE')) return (p++, t.text === 'TRUE');
    return fail('a value');
  };
  const ident = (): string => {
    const t = peek();
    if (t?.kind !== 'ident') return fail('a search attribute name');
    p++;
    return t.text;
  };

  const predicate = (): Expr => {
    const attr = ident();
    const t = peek();
    if (t?.kind === 'op') {
      p++;
      return { op: 'cmp', attr, cmp: t.text as CmpOp, value: literal() };
    }
    if (isWord('IS')) {
      p++;
      const negate = isWord('NOT') ? (p++, true) : false;
      expectWord('NULL');
      return { op: 'null', attr, negate };
    }
    const negate = isWord('NOT') ? (p++, true) : false;
    if (isWord('IN')) {
      p++;
      expectPunct('(');
      const values = [literal()];
      while (peek()?.text === ',') {
        p++;
        values.push(literal());
      }
      expectPunct(')');
      return { op: 'in', attr, values, negate };
    }
    if (isWord('STARTS_WITH')) {
      p++;
      return { op: 'startsWith', attr, value: literal(), negate };
    }
    if (isWord('BETWEEN')) {
      p++;
      const low = literal();
      expectWord('AND');
      return { op: 'between', attr, low, high: literal(), negate };
    }
    return fail('an operator');
  };

  const unary = (): Expr => {
    if (isWord('NOT')) {
      p++;
      return { op: 'not', expr: unary() };
    }
    if (peek()?.kind === 'punct' && peek().text === '(') {
      p++;
      const e = orExpr();
      expectPunct(')');
      return e;
    }
    return predicate();
  };
  const andExpr = (): Expr => {
    let left = unary();
    while (isWord('AND')) {
      p++;
      left = { op: 'and', left, right: unary() };
    }
    return left;
  };
  const orExpr = (): Expr => {
    let left = andExpr();
    while (isWord('OR')) {
      p++;
      left = { op: 'or', left, right: andExpr() };
    }
    return left;
  };

  const where = tokens.length === 0 || isWord('ORDER') ? null : orExpr();
  const orderBy: OrderBy[] = [];
  if (isWord('ORDER')) {
    p++;
    expectWord('BY');
    do {
      if (peek()?.text === ',') p++;
      const attr = ident();
      const desc = isWord('DESC') ? (p++, true) : isWord('ASC') ? (p++, false) : false;
      orderBy.push({ attr, desc });
    } while (peek()?.text === ',');
  }
  if (p < tokens.length) fail('end of query');
  return { where, orderBy };
}
