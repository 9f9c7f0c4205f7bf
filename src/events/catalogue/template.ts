/**
 * Template compiler and matcher.
 *
 * A template becomes one anchored regex made of nested optional units
 * (`^U0(?:U1(?:U2...)?)?`), so a message that stops anywhere (pasted text is often cut, tables end
 * in `...`) still matches the units it has. A placeholder is compiled together with the literal words
 * that follow it, so its lazy capture always ends on real text. After the regex has run, the
 * unmatched remainder decides whether the message was *truncated* (remainder is the beginning of
 * what the template expects) or *diverged* (different text follows: another wording or another event).
 * Whitespace is never significant: exports re-wrap, join or double it.
 */
import type { CatalogueEntry, TemplateMatch } from './types.js';

/** Literal words per unit: fewer units keep the regex cheap; a cut inside a unit is recovered from the remainder. */
const WORDS_PER_UNIT = 4;
/** A truncated message must still show this much of the template's literal text (normalised characters). */
const MIN_LITERAL = 20;
/** A diverging message must match at least this share of the template's literal text. */
const MIN_DIVERGED_SHARE = 0.5;

interface Unit {
  /** Placeholder number (`%n`) this unit captures, or 0 for a literal-only unit. */
  readonly ph: number;
  /** Normalised literal text of the unit (placeholder excluded). */
  readonly lit: string;
  /** For placeholder units: normalised first word after the placeholder, which ends the value. */
  readonly closer: string;
  /** Capture group of the placeholder value (0 for literal units). */
  readonly valueGroup: number;
  /** Empty capture group that proves the unit matched. */
  readonly markerGroup: number;
}

export interface CompiledTemplate {
  readonly entry: CatalogueEntry;
  readonly regex: RegExp;
  readonly units: readonly Unit[];
  /** Normalised literal text before the first placeholder (empty when the template starts with one). */
  readonly prefix: string;
  /** For templates starting with a placeholder: a normalised literal the message must contain. */
  readonly anchor: string;
  /** Normalised words right after the first placeholder: a message long enough to have them must contain them. */
  readonly skeleton: string;
  /** Normalised length of the literal text before the first placeholder. */
  readonly leadLength: number;
  readonly totalLiteral: number;
  /** Largest `%n` used by the template. */
  readonly maxPlaceholder: number;
}

/** Lower-cases, drops all whitespace and folds typographic quotes: the form literals are compared in. */
export function normalise(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] ?? '';
    if (!isBlank(ch)) out += foldChar(ch);
  }
  return out;
}

function escapeChar(ch: string): string {
  if (ch === "'" || ch === '‘' || ch === '’') return "['‘’`´]";
  if (ch === '"' || ch === '“' || ch === '”') return '["“”]';
  return /[\\^$.*+?()[\]{}|/]/.test(ch) ? `\\${ch}` : ch;
}

function wordRegex(word: string, afterPlaceholder: boolean): string {
  let out = '';
  for (let i = 0; i < word.length; i++) {
    const ch = word[i] ?? '';
    // The manifest writes `'%4;'`: the semicolon after a value is dropped by some renderings.
    if (afterPlaceholder && i === 0 && ch === ';') out += ';?';
    else out += escapeChar(ch);
  }
  return out;
}

type Token = { kind: 'word'; text: string; spaceBefore: boolean } | { kind: 'ph'; n: number; spaceBefore: boolean };

function tokenise(template: string): Token[] {
  const tokens: Token[] = [];
  const re = /%(\d+)|(\s+)|([^\s%]+|%)/g;
  let space = false;
  for (let m = re.exec(template); m; m = re.exec(template)) {
    if (m[1] !== undefined) {
      tokens.push({ kind: 'ph', n: Number(m[1]), spaceBefore: space });
      space = false;
    } else if (m[2] !== undefined) {
      space = true;
    } else {
      tokens.push({ kind: 'word', text: m[3] ?? '', spaceBefore: space });
      space = false;
    }
  }
  return tokens;
}

export function compileTemplate(entry: CatalogueEntry): CompiledTemplate {
  const tokens = tokenise(entry.template);
  const units: Unit[] = [];
  const parts: string[] = [];
  let group = 0;
  let maxPlaceholder = 0;
  let i = 0;
  const sep = (t: Token | undefined): string => (t && t.spaceBefore ? '\\s*' : '');
  while (i < tokens.length) {
    const t = tokens[i];
    if (!t) break;
    if (t.kind === 'ph') {
      maxPlaceholder = Math.max(maxPlaceholder, t.n);
      const words: string[] = [];
      let src = '';
      let j = i + 1;
      while (j < tokens.length && words.length < WORDS_PER_UNIT) {
        const w = tokens[j];
        if (!w || w.kind !== 'word') break;
        src += sep(w) + wordRegex(w.text, j === i + 1 && !w.spaceBefore);
        words.push(w.text);
        j++;
      }
      const valueGroup = ++group;
      const markerGroup = ++group;
      // A value with nothing after it runs to the end of the message.
      const value = words.length > 0 ? '([\\s\\S]*?)' : '([\\s\\S]*)';
      parts.push(`${sep(t)}${value}${src}()`);
      units.push({ ph: t.n, lit: normalise(words.join('')), closer: normalise(words[0] ?? ''), valueGroup, markerGroup });
      i = j;
    } else {
      const words: string[] = [];
      let src = '';
      let j = i;
      while (j < tokens.length && words.length < WORDS_PER_UNIT) {
        const w = tokens[j];
        if (!w || w.kind !== 'word') break;
        src += sep(w) + wordRegex(w.text, false);
        words.push(w.text);
        j++;
      }
      const markerGroup = ++group;
      parts.push(`${src}()`);
      units.push({ ph: 0, lit: normalise(words.join('')), closer: '', valueGroup: 0, markerGroup });
      i = j;
    }
  }
  let source = '^\\s*';
  parts.forEach((p, k) => {
    source += k === 0 ? p : `(?:${p}`;
  });
  source += ')?'.repeat(Math.max(0, parts.length - 1));

  const firstPh = tokens.findIndex((t) => t.kind === 'ph');
  const leading = tokens.slice(0, firstPh < 0 ? tokens.length : firstPh);
  const lead = normalise(leading.map((t) => (t.kind === 'word' ? t.text : '')).join(''));
  const prefix = lead.slice(0, 40);
  let anchor = '';
  if (prefix === '') {
    const firstWords = units.find((u) => u.lit.length >= 6);
    anchor = firstWords ? firstWords.lit.slice(0, 24) : '';
  }
  const firstValue = units.find((u) => u.ph > 0);
  return {
    entry,
    regex: new RegExp(source, 'i'),
    skeleton: firstValue && firstValue.lit.length >= 4 ? firstValue.lit : '',
    leadLength: lead.length,
    units,
    prefix,
    anchor,
    totalLiteral: units.reduce((n, u) => n + u.lit.length, 0),
    maxPlaceholder,
  };
}

/** Longest message text the templates are matched against. */
const MAX_MESSAGE = 16 * 1024;

/** Strips what exports add to a message: leading blanks, a trailing ellipsis from table truncation. */
export function prepareMessage(message: string): string {
  // Runs of blanks collapse to one, and the text is capped: the template regexes put `\s*` next to lazy values,
  // which a long run of blanks would turn quadratic. No catalogued message comes near the cap.
  let text = message.length > MAX_MESSAGE ? message.slice(0, MAX_MESSAGE) : message;
  text = text.replace(/[ \t\u00a0]{2,}/g, ' ').replace(/^[\s\uFEFF]+/, '').trimEnd();
  if (text.endsWith('...')) text = text.slice(0, -3);
  else if (text.endsWith('…')) text = text.slice(0, -1);
  return text;
}

function cleanValue(value: string): string {
  // Without a line break the replacement finds nothing.
  if (value.indexOf('\n') < 0 && value.indexOf('\r') < 0) return value.trim();
  return value.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}

export interface Evaluation {
  /** Normalised literal characters the message matched: the ranking among wordings. */
  readonly score: number;
  readonly params: Record<string, string>;
}

/** Matches one prepared message against one compiled template; null when it is not this wording. */
export function evaluate(c: CompiledTemplate, message: string): Evaluation | null {
  const m = c.regex.exec(message);
  if (!m) return null;
  const units = c.units;
  // Nested optionals: the matched units are a prefix of the list. Find its length by bisection.
  let lo = 0;
  let hi = units.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const u = units[mid];
    if (u && m[u.markerGroup] !== undefined) lo = mid + 1;
    else hi = mid;
  }
  const matched = lo;
  const params: Record<string, string> = {};
  let literal = 0;
  for (let k = 0; k < matched; k++) {
    const u = units[k];
    if (!u) continue;
    literal += u.lit.length;
    if (u.ph > 0) setParam(c.entry, params, u.ph, m[u.valueGroup] ?? '');
  }
  if (matched < units.length) {
    const next = units[matched];
    if (!next) return null;
    const raw = message.slice(m[0].length);
    let truncated = false;
    if (next.ph === 0) {
      // Cut inside a literal unit: what is left must be the start of that unit.
      const n = literalPrefixLength(raw, next.lit);
      if (n >= 0) {
        truncated = true;
        literal += n;
      }
    } else {
      // Cut inside a value, or inside the words that follow it.
      const at = next.closer === '' ? -1 : findCloser(raw, next.closer);
      if (at < 0) {
        truncated = true;
      } else {
        setParam(c.entry, params, next.ph, raw.slice(0, at));
        const n = literalPrefixLength(raw.slice(at), next.lit);
        if (n >= 0) {
          truncated = true;
          literal += n;
        } else {
          literal += next.closer.length;
        }
      }
    }
    if (truncated) {
      if (literal < Math.min(MIN_LITERAL, c.totalLiteral)) return null;
    } else if (literal < c.totalLiteral * MIN_DIVERGED_SHARE) {
      return null;
    }
  }
  c.entry.derive?.(params);
  return { score: literal, params };
}

/** Folds one character the way `normalise` does (whitespace is handled by the caller). */
function foldChar(ch: string): string {
  switch (ch) {
    case '‘':
    case '’':
    case '`':
    case '´':
      return "'";
    case '“':
    case '”':
      return '"';
    default:
      return ch < 'A' || (ch > 'Z' && ch < '\u00c0') ? ch : ch.toLowerCase();
  }
}

function isBlank(ch: string): boolean {
  return ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n' || ch === '\u00a0' || ch === '\f' || ch === '\v';
}

/**
 * When `raw` (ignoring whitespace) is the beginning of `lit` — the message stops inside the
 * expected words — returns how many literal characters it covers; -1 when it says something else.
 */
function literalPrefixLength(raw: string, lit: string): number {
  let k = 0;
  for (let j = 0; j < raw.length; j++) {
    const ch = raw[j] ?? '';
    if (isBlank(ch)) continue;
    if (k >= lit.length || foldChar(ch) !== lit[k]) return -1;
    k++;
  }
  return k;
}

/** Index in `raw` where the normalised `closer` starts (whitespace and quote styles ignored), or -1. */
function findCloser(raw: string, closer: string): number {
  outer: for (let i = 0; i < raw.length; i++) {
    if (foldChar(raw[i] ?? '') !== closer[0]) continue;
    let k = 1;
    for (let j = i + 1; j < raw.length && k < closer.length; j++) {
      const ch = raw[j] ?? '';
      if (isBlank(ch)) continue;
      if (foldChar(ch) !== closer[k]) continue outer;
      k++;
    }
    if (k === closer.length) return i;
  }
  return -1;
}

function setParam(entry: CatalogueEntry, params: Record<string, string>, n: number, value: string): void {
  const name = entry.params[n - 1];
  if (!name) return;
  const v = cleanValue(value);
  if (v !== '' && params[name] === undefined) params[name] = v;
}

export function toMatch(c: CompiledTemplate, params: Record<string, string>): TemplateMatch {
  return { eventId: c.entry.id, key: c.entry.key, provider: c.entry.provider, params };
}

/** Replaces `%n` with the n-th insertion string (missing ones render empty). */
export function render(template: string, data: readonly string[]): string {
  return template.replace(/%(\d+)/g, (_, n: string) => data[Number(n) - 1] ?? '');
}
