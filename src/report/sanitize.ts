/**
 * Log text is untrusted: a resource name or a DLL message can carry terminal escape sequences,
 * hyperlinks, carriage returns that overwrite what was printed, or bidi overrides that reorder it.
 * Everything dangerous is escaped *visibly* (`\x1b`, `\u202e`) rather than dropped, so evidence
 * stays honest: a reader sees that the log contained an escape, not a cleaned-up version of it.
 *
 * Escaping the introducer is enough to defuse a whole sequence: `ESC [31m` becomes the inert text
 * `\x1b[31m`, and an OSC 8 hyperlink's ESC/BEL/ST terminators all become visible text.
 * Backslashes are left alone (Windows paths), so a literal `\x1b` in a log reads the same as an escaped ESC.
 */

/**
 * C0 and C1 controls, DEL, bidi embeddings/overrides/isolates and marks, line/paragraph separators,
 * invisible format characters (soft hyphen, zero-width space/joiners, word joiner, BOM, interlinear
 * annotations, tag characters), and lone surrogates.
 */
const UNSAFE =
  /[\u0000-\u001F\u007F-\u009F\u00AD\u061C\u180E\u200B-\u200F\u2028-\u202E\u2060-\u2064\u2066-\u206F\uFEFF\uFFF9-\uFFFB\u{E0001}\u{E0020}-\u{E007F}]|[\uD800-\uDFFF]/gu;

const SHORT_ESCAPES: Readonly<Record<string, string>> = { '\t': '\\t', '\n': '\\n', '\r': '\\r' };

export interface SanitizeOptions {
  /** Keep `\n` as a line break (multi-line evidence); otherwise it is shown as `\n`. */
  readonly newlines?: boolean;
  /** Keep tabs; otherwise they are shown as `\t`. */
  readonly tabs?: boolean;
}

/** The visible escape of one character: `\t`, `\x1b`, `\u202e`, `\u{e0041}`. */
export function escapeChar(ch: string): string {
  const short = SHORT_ESCAPES[ch];
  if (short !== undefined) return short;
  const code = ch.codePointAt(0) ?? 0;
  if (code <= 0xff) return `\\x${code.toString(16).padStart(2, '0')}`;
  if (code <= 0xffff) return `\\u${code.toString(16).padStart(4, '0')}`;
  return `\\u{${code.toString(16)}}`;
}

/** Makes untrusted text safe to print on a terminal or to embed in Markdown/XML. */
export function sanitize(text: string, options: SanitizeOptions = {}): string {
  return text.replace(UNSAFE, (ch) => {
    if (ch === '\n' && options.newlines === true) return ch;
    if (ch === '\t' && options.tabs === true) return ch;
    return escapeChar(ch);
  });
}

// ── Markdown ────────────────────────────────────────────────────────────────────────────────────

/**
 * Markdown punctuation that can start emphasis, links, images, autolinks, raw HTML, entities,
 * code spans, strikethrough or table cells. CommonMark lets any ASCII punctuation be backslash-escaped.
 */
const MD_SPECIAL = /[\\`*_[\]<>|~&!#]/g;

/** Untrusted text as Markdown prose (list items, headings, table cells): single line, no markup. */
export function mdText(text: string): string {
  return sanitize(text).replace(MD_SPECIAL, (ch) => `\\${ch}`);
}

function longestRun(text: string, ch: string): number {
  let longest = 0;
  let run = 0;
  for (const c of text) {
    run = c === ch ? run + 1 : 0;
    if (run > longest) longest = run;
  }
  return longest;
}

/**
 * Untrusted text as an inline code span. The delimiter is longer than any backtick run inside;
 * padding keeps a leading/trailing backtick or space from merging with it. In a GFM table `|`
 * still splits cells inside code spans, so it is escaped there (and rendered without the backslash).
 */
export function mdCode(text: string, options: { readonly inTable?: boolean } = {}): string {
  let body = sanitize(text);
  if (body === '') return '';
  if (options.inTable === true) body = body.replace(/\|/g, '\\|');
  const ticks = '`'.repeat(longestRun(body, '`') + 1);
  const pad = /^[` ]|[` ]$/.test(body) && body.trim() !== '' ? ' ' : '';
  return `${ticks}${pad}${body}${pad}${ticks}`;
}

/** Untrusted multi-line text as a fenced code block whose fence is longer than any backtick run inside. */
export function mdFence(text: string, info = 'text'): string {
  const body = sanitize(text, { newlines: true, tabs: true });
  const fence = '`'.repeat(Math.max(3, longestRun(body, '`') + 1));
  return `${fence}${info}\n${body}\n${fence}`;
}
