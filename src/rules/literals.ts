/**
 * Literal analysis of signature patterns for the prefilter. V8 runs a large alternation one branch at
 * a time (a combined regex of ~200 branches costs microseconds per line), so instead each pattern is
 * reduced to literal strings one of which every match must contain, and all of them are searched at
 * once with an Aho–Corasick automaton: one table step per character.
 *
 * The parser covers the regex subset the signature tables use (alternation, groups, lookarounds,
 * classes, escapes, quantifiers); anything it cannot prove yields `null` and the prefilter falls back
 * to the regex for that pattern.
 */

type Node =
  | { readonly kind: 'char'; readonly ch: string; readonly min: number; readonly max: number }
  | { readonly kind: 'other'; readonly min: number }
  | { readonly kind: 'zero' }
  | { readonly kind: 'group'; readonly alts: readonly Node[][]; readonly min: number; readonly max: number };

const LITERAL_ESCAPES: Record<string, string> = { t: '\t', n: '\n', r: '\r', f: '\f', v: '\v', '0': '\0' };
const CLASS_ESCAPES = new Set(['d', 'D', 'w', 'W', 's', 'S']);

class Parser {
  private i = 0;
  constructor(private readonly src: string) {}

  parse(): Node[][] {
    const alts = this.disjunction();
    if (this.i !== this.src.length) throw new Error(`unexpected ${this.src[this.i]} at ${this.i}`);
    return alts;
  }

  private disjunction(): Node[][] {
    const alts: Node[][] = [this.alternative()];
    while (this.src[this.i] === '|') {
      this.i++;
      alts.push(this.alternative());
    }
    return alts;
  }

  private alternative(): Node[] {
    const nodes: Node[] = [];
    while (this.i < this.src.length && this.src[this.i] !== '|' && this.src[this.i] !== ')') nodes.push(this.term());
    return nodes;
  }

  private term(): Node {
    const s = this.src;
    const c = s[this.i] as string;
    if (c === '^' || c === '$') {
      this.i++;
      return { kind: 'zero' };
    }
    if (c === '(') {
      this.i++;
      let lookaround = false;
      if (s.startsWith('?:', this.i)) this.i += 2;
      else if (s.startsWith('?=', this.i) || s.startsWith('?!', this.i)) (this.i += 2), (lookaround = true);
      else if (s.startsWith('?<=', this.i) || s.startsWith('?<!', this.i)) (this.i += 3), (lookaround = true);
      else if (s.startsWith('?<', this.i)) this.i = s.indexOf('>', this.i) + 1;
      const alts = this.disjunction();
      if (s[this.i] !== ')') throw new Error('unclosed group');
      this.i++;
      if (lookaround) return { kind: 'zero' };
      const q = this.quantifier();
      return { kind: 'group', alts, min: q.min, max: q.max };
    }
    if (c === '[') {
      this.i++;
      while (this.i < s.length && s[this.i] !== ']') this.i += s[this.i] === '\\' ? 2 : 1;
      if (s[this.i] !== ']') throw new Error('unclosed class');
      this.i++;
      return { kind: 'other', min: this.quantifier().min };
    }
    if (c === '.') {
      this.i++;
      return { kind: 'other', min: this.quantifier().min };
    }
    if (c === '\\') {
      const e = s[this.i + 1] as string;
      this.i += 2;
      if (e === 'b' || e === 'B') return { kind: 'zero' };
      // Classes and backreferences (numbered, or named `\k<name>`) consume text that is not a known literal.
      if (e === 'k' && s[this.i] === '<') this.i = s.indexOf('>', this.i) + 1;
      if (CLASS_ESCAPES.has(e) || /[1-9k]/.test(e)) return { kind: 'other', min: this.quantifier().min };
      let ch = LITERAL_ESCAPES[e] ?? e;
      if (e === 'x' || e === 'u') {
        const len = e === 'x' ? 2 : 4;
        ch = String.fromCharCode(parseInt(s.slice(this.i, this.i + len), 16));
        this.i += len;
      }
      return this.char(ch);
    }
    if ('*+?{'.includes(c)) throw new Error(`dangling quantifier at ${this.i}`);
    this.i++;
    return this.char(c);
  }

  private char(ch: string): Node {
    const q = this.quantifier();
    return { kind: 'char', ch: ch.toLowerCase(), min: q.min, max: q.max };
  }

  private quantifier(): { min: number; max: number } {
    const s = this.src;
    let q = { min: 1, max: 1 };
    const c = s[this.i];
    if (c === '*') q = { min: 0, max: Infinity };
    else if (c === '+') q = { min: 1, max: Infinity };
    else if (c === '?') q = { min: 0, max: 1 };
    else if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(s.slice(this.i));
      if (!m) return q;
      const min = Number(m[1]);
      q = { min, max: m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3]) };
      this.i += m[0].length - 1;
    } else {
      return q;
    }
    this.i++;
    if (s[this.i] === '?') this.i++;
    return q;
  }
}

/** Words so common in healthy log text that they make poor anchors. */
const COMMON = new Set(['error', 'status', 'code', 'result', 'with', 'fail', 'failed', 'the', 'not', 'for', 'returned', 'node', 'resource']);

/**
 * How good a set of alternative literals is as an anchor: its weakest member decides. Longer literals
 * and digits/punctuation (rare in healthy text) score higher; single characters disqualify the set.
 */
function score(set: readonly string[]): number {
  let worst = Infinity;
  for (const lit of set) {
    if (lit.length < 2) return -Infinity;
    const rare = rareChars(lit);
    worst = Math.min(worst, lit.length + rare - (COMMON.has(lit.trim()) ? 4 : 0));
  }
  return worst * 100 - set.length;
}

/** Characters other than lower-case letters and spaces. */
function rareChars(lit: string): number {
  let n = 0;
  for (let i = 0; i < lit.length; i++) {
    const c = lit.charCodeAt(i);
    if (!((c >= 97 && c <= 122) || c === 32)) n++;
  }
  return n;
}

function best(a: string[] | null, b: string[] | null): string[] | null {
  if (b === null || score(b) === -Infinity) return a;
  if (a === null) return b;
  return score(b) > score(a) ? b : a;
}

function ofAlternatives(alts: readonly Node[][]): string[] | null {
  const out = new Set<string>();
  for (const alt of alts) {
    const r = ofSequence(alt);
    if (r === null) return null;
    for (const lit of r) out.add(lit);
  }
  return [...out];
}

/** The string of an alternative made only of single literal characters, or null. */
function pureLiteral(alt: readonly Node[]): string | null {
  let out = '';
  for (const n of alt) {
    if (n.kind !== 'char' || n.min !== 1 || n.max !== 1) return null;
    out += n.ch;
  }
  return out;
}

/** Products of literal runs and literal-only groups are capped so a pattern cannot explode into thousands of literals. */
const MAX_PRODUCT = 24;

function ofSequence(nodes: readonly Node[]): string[] | null {
  let found: string[] | null = null;
  // Every way the text just before this point can read, while it is all literal: `DNS (?:update|registration)` → two.
  let run: string[] = [''];
  const endRun = () => {
    if (run.every((r) => r !== '')) found = best(found, run);
    run = [''];
  };
  for (const n of nodes) {
    if (n.kind === 'char') {
      if (n.min === 0) endRun();
      else if (n.min === 1 && n.max === 1) run = run.map((r) => r + n.ch);
      else {
        run = run.map((r) => r + n.ch.repeat(n.min));
        endRun();
      }
    } else if (n.kind === 'group' && n.min > 0) {
      const words = n.min === 1 && n.max === 1 ? n.alts.map(pureLiteral) : [null];
      if (words.every((w): w is string => w !== null) && run.length * words.length <= MAX_PRODUCT) {
        run = run.flatMap((r) => words.map((w) => r + w));
      } else {
        endRun();
        found = best(found, ofAlternatives(n.alts));
      }
    } else {
      endRun();
    }
  }
  endRun();
  return found;
}

/**
 * Lower-cased literals one of which every match of the (case-insensitive) pattern contains, or null
 * when the pattern admits a match without any literal of length ≥ 2.
 */
export function requiredLiterals(source: string): string[] | null {
  let alts: Node[][];
  try {
    alts = new Parser(source).parse();
  } catch {
    return null;
  }
  const lits = ofAlternatives(alts);
  return lits !== null && lits.every((l) => l.length >= 2) ? lits : null;
}

/** A compiled multi-literal search: true when the text contains any of the literals (ASCII case-insensitive). */
export type LiteralScanner = (text: string) => boolean;

/**
 * An Aho–Corasick automaton (full DFA over a reduced alphabet) for the literals. The literals are
 * checked at once; the table is built on the first scan, as a rule set compiles dozens of scanners and
 * a log may never reach most of them (a log of RES lines tests no generic or typed record).
 */
export function literalScanner(literals: readonly string[]): LiteralScanner {
  if (literals.length === 0) return () => false;
  // Reduced alphabet: one symbol per ASCII character used by some literal (both cases), 0 for the rest.
  const symbolOf = new Uint8Array(128);
  let symbols = 1;
  let chars = 0;
  for (const lit of literals) {
    chars += lit.length;
    for (const ch of lit) {
      const c = ch.charCodeAt(0);
      if (c >= 128) throw new Error(`non-ASCII literal ${lit}`);
      if (symbolOf[c] === 0) {
        symbolOf[c] = symbols;
        const upper = ch.toUpperCase().charCodeAt(0);
        if (upper < 128 && upper !== c) symbolOf[upper] = symbols;
        symbols++;
      }
    }
  }
  if (symbols > 255) throw new Error('alphabet too large');
  const own = [...literals];
  let rows: Int32Array | null = null;

  return (text) => {
    const table = rows ?? (rows = automaton(own, symbolOf, symbols, chars));
    let row = 0;
    for (let i = 0, n = text.length; i < n; i++) {
      const c = text.charCodeAt(i);
      row = table[row + (c < 128 ? symbolOf[c]! : 0)]!;
      if (row < 0) return true;
    }
    return false;
  };
}

/**
 * The scan table: per state (in BFS order) and symbol, the offset of the next state's row, or -1 when
 * the next state accepts. Flat typed arrays throughout: a few hundred literals make thousands of states.
 */
function automaton(literals: readonly string[], symbolOf: Uint8Array, symbols: number, chars: number): Int32Array {
  // Trie; edge 0 means none, as the root is no state's child.
  const cap = chars + 1;
  const next = new Int32Array(cap * symbols);
  const terminal = new Uint8Array(cap);
  let states = 1;
  for (const lit of literals) {
    let s = 0;
    for (let i = 0; i < lit.length; i++) {
      const at = s * symbols + symbolOf[lit.charCodeAt(i)]!;
      let t = next[at]!;
      if (t === 0) next[at] = t = states++;
      s = t;
    }
    terminal[s] = 1;
  }

  // States are renumbered in BFS order so the shallow states, where a scan spends nearly all its steps,
  // sit together at the start of the table (a few cache lines, not the whole table).
  const order = new Int32Array(states);
  const rank = new Int32Array(states);
  let queued = 1;
  for (let q = 0; q < queued; q++) {
    const s = order[q]!;
    rank[s] = q;
    for (let a = 1; a < symbols; a++) {
      const t = next[s * symbols + a]!;
      if (t !== 0) order[queued++] = t;
    }
  }

  // Failure links by BFS, turning the trie into a full DFA; a state accepts when it or a suffix state is terminal.
  const fail = new Int32Array(states);
  const delta = new Int32Array(states * symbols); // indexed by trie state ids; symbol 0 always leads to the root
  const accept = new Uint8Array(states);
  for (let q = 0; q < states; q++) {
    const s = order[q]!;
    const f = fail[s]!;
    accept[s] = terminal[s] === 1 || (s !== 0 && accept[f] === 1) ? 1 : 0;
    const row = s * symbols;
    const fallback = f * symbols;
    for (let a = 1; a < symbols; a++) {
      const t = next[row + a]!;
      if (t !== 0) {
        fail[t] = s === 0 ? 0 : delta[fallback + a]!;
        delta[row + a] = t;
      } else {
        delta[row + a] = s === 0 ? 0 : delta[fallback + a]!;
      }
    }
  }

  // Rows by BFS rank, holding the next row's offset (rank × symbols, one multiply less per character).
  const rows = new Int32Array(states * symbols);
  for (let s = 0; s < states; s++) {
    const r = rank[s]! * symbols;
    for (let a = 0; a < symbols; a++) {
      const t = delta[s * symbols + a]!;
      rows[r + a] = accept[t] === 1 ? -1 : rank[t]! * symbols;
    }
  }
  return rows;
}
