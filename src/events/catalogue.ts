/**
 * The event catalogue: message templates of the System/Operational events that matter to
 * cluster incidents (domain.md §7), as data. Used to identify events whose ID is missing
 * (cluster.log `[System]` section, pasted text), to extract their parameters, and to render
 * messages for .evtx records from their insertion strings.
 *
 * Adding a wording: one entry in `catalogue/failover-clustering.ts` or `catalogue/other-providers.ts`.
 */
import { FAILOVER_CLUSTERING } from './catalogue/failover-clustering.js';
import { OTHER_PROVIDERS } from './catalogue/other-providers.js';
import { canonicalProvider } from './catalogue/providers.js';
import {
  compileTemplate,
  evaluate,
  normalise,
  prepareMessage,
  render,
  toMatch,
  type CompiledTemplate,
} from './catalogue/template.js';
import type { CatalogueEntry, CatalogueLevel, TemplateMatch } from './catalogue/types.js';

export type { CatalogueEntry, CatalogueLevel, TemplateMatch } from './catalogue/types.js';
export { levelFromName, entryTypeName, type NamedLevel } from './catalogue/levels.js';
export { canonicalProvider, sameProvider, isTruncatedProvider } from './catalogue/providers.js';

/** Every catalogued wording, FailoverClustering first. */
export const CATALOGUE: readonly CatalogueEntry[] = [...FAILOVER_CLUSTERING, ...OTHER_PROVIDERS];

const COMPILED: readonly CompiledTemplate[] = CATALOGUE.map(compileTemplate);

const BY_ID = new Map<number, CompiledTemplate[]>();
/** Text index: first three normalised characters of the template → templates. */
const BY_START = new Map<string, CompiledTemplate[]>();
/** Templates that start with a placeholder (`The %1 service...` is indexed; `'%1' failed...` is not). */
const FLOATING: CompiledTemplate[] = [];

for (const c of COMPILED) {
  const list = BY_ID.get(c.entry.id) ?? [];
  list.push(c);
  BY_ID.set(c.entry.id, list);
  if (c.entry.passthrough) continue;
  if (c.prefix.length >= 3) {
    const key = c.prefix.slice(0, 3);
    const bucket = BY_START.get(key) ?? [];
    bucket.push(c);
    BY_START.set(key, bucket);
  } else {
    FLOATING.push(c);
  }
}

/**
 * Catalogue entries of one event ID, in catalogue order: all wordings of all providers, or only those
 * that can be logged by `provider` when one is given (storport's 129 is not Time-Service's 129).
 */
export function catalogueEntries(eventId: number, provider?: string | null): readonly CatalogueEntry[] {
  const all = (BY_ID.get(eventId) ?? []).map((c) => c.entry);
  return provider === undefined ? all : all.filter((e) => providerFits(e, provider));
}

const BY_KEY = new Map(CATALOGUE.map((e) => [e.key, e]));

/** Entry by key (`1230/deadlock-2016`). */
export function catalogueEntry(key: string): CatalogueEntry | null {
  return BY_KEY.get(key) ?? null;
}

/** Canonical provider names (lower case) an entry is logged under. */
const NAMES_OF = new Map<CatalogueEntry, ReadonlySet<string>>(
  CATALOGUE.map((e) => [e, new Set([e.provider, ...(e.providerAliases ?? [])].map((n) => (canonicalProvider(n) ?? n).toLowerCase()))]),
);

function providerFits(entry: CatalogueEntry, provider: string | null): boolean {
  if (provider === null) return true;
  const full = canonicalProvider(provider);
  if (full === null) return true;
  if (NAMES_OF.get(entry)?.has(full.toLowerCase())) return true;
  // Driver events are logged under the driver's own name (storvsc, iaStorA, ...), never under a manifest provider.
  return entry.anyProvider === true && !/^Microsoft-Windows-/i.test(full) && full !== 'Service Control Manager';
}

/** True when a matched template can belong to a record logged by `provider` (null: unknown, fits). */
export function templateFits(match: TemplateMatch, provider: string | null): boolean {
  const entry = catalogueEntry(match.key);
  return entry === null || providerFits(entry, provider);
}

/** The level the catalogue records for an event (used when an export omits or garbles the level). */
export function catalogueLevel(eventId: number | null, provider: string | null = null): CatalogueLevel | null {
  if (eventId === null) return null;
  const entries = BY_ID.get(eventId) ?? [];
  const fit = entries.find((c) => providerFits(c.entry, provider)) ?? (provider === null ? entries[0] : undefined);
  return fit?.entry.level ?? null;
}

/** Values are short: a message this much longer than the words before the skeleton must contain it. */
const SKELETON_SLACK = 120;
/** Normalised characters of the message head the skeleton check looks at. */
const HEAD_CHARS = 240;

/** Cheap checks on the normalised head of the message before the template's regex runs. */
function prefilter(c: CompiledTemplate, head: string): boolean {
  if (c.prefix !== '') {
    if (head.length < c.prefix.length) return c.prefix.startsWith(head);
    if (!head.startsWith(c.prefix)) return false;
  } else if (c.anchor !== '' && !head.includes(c.anchor)) {
    return false;
  }
  if (c.skeleton === '' || c.leadLength + c.skeleton.length + SKELETON_SLACK > HEAD_CHARS) return true;
  return head.length < c.leadLength + c.skeleton.length + SKELETON_SLACK || head.includes(c.skeleton);
}

/** Results of `matchMessage` by event ID (-1: none) and message: logs repeat the same messages thousands of times. */
const MATCHES = new Map<number, Map<string, TemplateMatch | null>>();
let matchesSize = 0;
let matchesChars = 0;
const MATCHES_LIMIT = 4096;
const MATCHES_CHARS = 4 << 20;
/** Longer messages are matched every time (the templates look at the first 16 K characters anyway). */
const MATCHES_MESSAGE = 16 * 1024;

/** Identify an event from its message text (any Windows wording). `eventId` narrows the search when known. */
export function matchMessage(message: string, eventId?: number | null): TemplateMatch | null {
  const match = sharedMatch(message, eventId);
  // Each caller gets its own parameters object.
  return match === null ? null : { eventId: match.eventId, key: match.key, provider: match.provider, params: { ...match.params } };
}

/** `matchMessage(message, eventId) !== null`, without making a copy of the match. */
export function hasMatch(message: string, eventId?: number | null): boolean {
  return sharedMatch(message, eventId) !== null;
}

/** The match of a message, shared with the memo: never to be changed or handed out. */
function sharedMatch(message: string, eventId: number | null | undefined): TemplateMatch | null {
  const byId = eventId !== undefined && eventId !== null;
  // Most records of an export are of events the catalogue does not know: no need to look at their text.
  if (byId && !BY_ID.has(eventId)) return null;
  if (message.length > MATCHES_MESSAGE) return matchUncached(message, byId, eventId ?? null);
  const id = byId ? eventId : -1;
  let memo = MATCHES.get(id);
  const hit = memo?.get(message);
  if (hit !== undefined) return hit;
  // Matched on a copy, so that the memo keeps no larger string (a line, a record) alive through slices.
  const key = ` ${message}`.slice(1);
  const match = matchUncached(key, byId, eventId ?? null);
  if (matchesSize >= MATCHES_LIMIT || matchesChars + message.length > MATCHES_CHARS) {
    MATCHES.clear();
    matchesSize = 0;
    matchesChars = 0;
    memo = undefined;
  }
  if (memo === undefined) {
    memo = new Map();
    MATCHES.set(id, memo);
  }
  memo.set(key, match);
  matchesSize++;
  matchesChars += message.length;
  return match;
}

function matchUncached(message: string, byId: boolean, eventId: number | null): TemplateMatch | null {
  const text = prepareMessage(message);
  if (text === '') return null;
  const candidates: readonly CompiledTemplate[] = byId
    ? (BY_ID.get(eventId!) ?? [])
    : [...(BY_START.get(normalise(text.slice(0, 12)).slice(0, 3)) ?? []), ...FLOATING];
  if (candidates.length === 0) return null;
  const head = normalise(text.slice(0, HEAD_CHARS + 60)).slice(0, HEAD_CHARS);
  let best: { c: CompiledTemplate; score: number; params: Record<string, string> } | null = null;
  for (const c of candidates) {
    if (c.entry.passthrough) {
      if (byId && !best) best = { c, score: 0, params: { text: text.trimEnd() } };
      continue;
    }
    if (!prefilter(c, head)) continue;
    const result = evaluate(c, text);
    if (result && (!best || result.score > best.score)) best = { c, score: result.score, params: result.params };
  }
  return best ? toMatch(best.c, best.params) : null;
}

/** Quoted values in a message: '...', "...", „...“, «...». */
const QUOTED = /'([^'\n]*)'|"([^"\n]*)"|„([^“\n]*)“|«\s*([^»\n]*?)\s*»/g;

/**
 * Parameters of a catalogued event whose message is in another language (German, French... exports):
 * the quoted values of its first line, in order, are mapped to the quoted placeholders of the English
 * wordings of that event, provided every wording with that many quoted values puts them in the same
 * order. Only the first line: translations quote words in the advice paragraphs that English does not.
 * Empty when that cannot be decided.
 */
export function paramsFromQuotedValues(message: string, eventId: number, provider: string | null = null): Record<string, string> {
  // Without a wording of this event there is nothing to map the values to.
  if (!BY_ID.has(eventId)) return {};
  const values: string[] = [];
  const first = message.trimStart().split('\n', 1)[0] ?? '';
  for (const m of first.matchAll(QUOTED)) values.push((m[1] ?? m[2] ?? m[3] ?? m[4] ?? '').trim());
  if (values.length === 0) return {};
  let order: string | null = null;
  let names: (string | null)[] = [];
  for (const c of BY_ID.get(eventId) ?? []) {
    if (c.entry.passthrough || !providerFits(c.entry, provider)) continue;
    const quoted = [...c.entry.template.matchAll(/['"]%(\d+);?['"]/g)].map((m) => Number(m[1]));
    if (quoted.length !== values.length) continue;
    const key = quoted.map((n) => c.entry.params[n - 1] ?? '').join(',');
    if (order !== null && order !== key) return {};
    order = key;
    names = quoted.map((n) => c.entry.params[n - 1] ?? null);
  }
  const params: Record<string, string> = {};
  names.forEach((name, i) => {
    const v = values[i];
    if (name && v) params[name] ??= v;
  });
  return params;
}

/** Render the message of an event from its insertion strings (.evtx), or null when not catalogued. */
export function renderMessage(eventId: number, provider: string | null, data: readonly string[]): string | null {
  const entries = (BY_ID.get(eventId) ?? []).filter((c) => providerFits(c.entry, provider));
  if (entries.length === 0) return null;
  // The wording whose insertion strings are all present, using as many of them as possible.
  let pick: CompiledTemplate | null = null;
  for (const c of entries) {
    if (c.maxPlaceholder > data.length) continue;
    if (!pick || c.maxPlaceholder > pick.maxPlaceholder) pick = c;
  }
  if (!pick) pick = entries.reduce((a, b) => (b.maxPlaceholder < a.maxPlaceholder ? b : a));
  return render(pick.entry.template, data);
}
