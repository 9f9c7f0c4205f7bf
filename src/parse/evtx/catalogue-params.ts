/**
 * Template key and named parameters of an .evtx record from the event catalogue: the wording is
 * chosen as `renderMessage` chooses it (the one using the most insertion strings that are all
 * present), and its `%n` names are read from the insertion strings by position.
 */
import { catalogueEntries, sameProvider, type CatalogueEntry } from '../../events/catalogue.js';

const maxPlaceholders = new WeakMap<CatalogueEntry, number>();

function maxPlaceholder(entry: CatalogueEntry): number {
  let n = maxPlaceholders.get(entry);
  if (n === undefined) {
    n = 0;
    for (const m of entry.template.matchAll(/%(\d+)/g)) n = Math.max(n, Number(m[1]));
    maxPlaceholders.set(entry, n);
  }
  return n;
}

function fits(entry: CatalogueEntry, provider: string | null): boolean {
  if (provider === null || entry.anyProvider === true) return true;
  return sameProvider(provider, entry.provider) || (entry.providerAliases ?? []).some((a) => sameProvider(provider, a));
}

export interface CatalogueParams {
  readonly key: string;
  readonly params: Record<string, string>;
}

/** Entries by provider then event id: provider names compare through a canonical form, costly per record. */
const fitting = new Map<string | null, Map<number, readonly CatalogueEntry[]>>();
const MAX_PROVIDERS = 1000;

/** Catalogue entries for this event id whose provider matches (empty: not catalogued). */
export function catalogueEntriesFor(eventId: number, provider: string | null): readonly CatalogueEntry[] {
  let byId = fitting.get(provider);
  if (byId === undefined) {
    if (fitting.size >= MAX_PROVIDERS) fitting.clear();
    byId = new Map();
    fitting.set(provider, byId);
  }
  let entries = byId.get(eventId);
  if (entries === undefined) {
    entries = catalogueEntries(eventId).filter((e) => fits(e, provider));
    byId.set(eventId, entries);
  }
  return entries;
}

export function catalogueParams(entries: readonly CatalogueEntry[], inserts: readonly string[]): CatalogueParams | null {
  if (entries.length === 0) return null;
  let pick: CatalogueEntry | null = null;
  for (const e of entries) {
    if (maxPlaceholder(e) > inserts.length) continue;
    if (pick === null || maxPlaceholder(e) > maxPlaceholder(pick)) pick = e;
  }
  pick ??= entries.reduce((a, b) => (maxPlaceholder(b) < maxPlaceholder(a) ? b : a));
  const params: Record<string, string> = {};
  pick.params.forEach((name, i) => {
    const value = inserts[i];
    if (name !== null && value !== undefined && value !== '') params[name] = value;
  });
  pick.derive?.(params);
  return { key: pick.key, params };
}
