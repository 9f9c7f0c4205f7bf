/**
 * Provider names as exports write them → the provider's full name.
 * Event Viewer's grid shows short names (`FailoverClustering`), support tools cut the source
 * column at ~34 characters (`Microsoft-Windows-FailoverCluste`), PowerShell tables end it in `...`.
 */

/** Providers seen in cluster incidents, most relevant first (a cut-off name maps to the first it prefixes). */
const KNOWN: readonly string[] = [
  'Microsoft-Windows-FailoverClustering',
  'Microsoft-Windows-FailoverClustering-Manager',
  'Microsoft-Windows-FailoverClustering-Client',
  'Service Control Manager',
  'Microsoft-Windows-Hyper-V-High-Availability',
  'Microsoft-Windows-Hyper-V-VMMS',
  'Microsoft-Windows-Hyper-V-Worker',
  'Microsoft-Windows-WER-SystemErrorReporting',
  'Microsoft-Windows-Kernel-General',
  'Microsoft-Windows-Kernel-Power',
  'Microsoft-Windows-Kernel-Boot',
  'Microsoft-Windows-Kernel-Processor-Power',
  'Microsoft-Windows-Resource-Exhaustion-Detector',
  'Microsoft-Windows-Time-Service',
  'Microsoft-Windows-GroupPolicy',
  'Microsoft-Windows-DNS-Client',
  'Microsoft-Windows-DistributedCOM',
  'Microsoft-Windows-NDIS',
  'Microsoft-Windows-Ntfs',
  'Microsoft-Windows-StorageSpaces-Driver',
  'Microsoft-Windows-SMBClient',
  'Microsoft-Windows-SMBServer',
  'Microsoft-Windows-Iphlpsvc',
  'Microsoft-Windows-Security-Kerberos',
  'Microsoft-Windows-Eventlog',
  'EventLog',
  'NETLOGON',
  'MSSQLSERVER',
  'Microsoft-Windows-EventSystem',
];

/** Short or legacy names mapped to the full provider name. */
const ALIASES: Readonly<Record<string, string>> = {
  failoverclustering: 'Microsoft-Windows-FailoverClustering',
  clussvc: 'Microsoft-Windows-FailoverClustering',
  'hyper-v-high-availability': 'Microsoft-Windows-Hyper-V-High-Availability',
  'wer-systemerrorreporting': 'Microsoft-Windows-WER-SystemErrorReporting',
  bugcheck: 'Microsoft-Windows-WER-SystemErrorReporting',
};

/** Minimum length of a cut-off name before it is expanded (shorter prefixes are ambiguous). */
const MIN_PREFIX = 18;

const KNOWN_LOWER = KNOWN.map((k) => k.toLowerCase());

/** Exports repeat a handful of provider names thousands of times. */
const CACHE = new Map<string, string | null>();
const CACHE_LIMIT = 2000;

/** Full provider name for a name as written; the input (trimmed) when it is not recognised. Null for empty input. */
export function canonicalProvider(name: string | null | undefined): string | null {
  if (name === null || name === undefined) return null;
  const hit = CACHE.get(name);
  if (hit !== undefined) return hit;
  const result = resolve(name);
  if (CACHE.size >= CACHE_LIMIT) CACHE.clear();
  CACHE.set(name, result);
  return result;
}

function resolve(name: string): string | null {
  let text = name.trim();
  if (text === '' || text === '-' || text.toUpperCase() === 'N/A') return null;
  const cut = /(?:\.\.\.|…)$/.test(text);
  if (cut) text = text.replace(/(?:\.\.\.|…)$/, '');
  const lower = text.toLowerCase();
  const at = KNOWN_LOWER.indexOf(lower);
  if (at >= 0) return KNOWN[at] ?? text;
  const alias = ALIASES[lower] ?? ALIASES[lower.replace(/^microsoft-windows-/, '')];
  if (alias) return alias;
  // Event Viewer drops the `Microsoft-Windows-` prefix in its Source column.
  const withPrefix = KNOWN_LOWER.indexOf(`microsoft-windows-${lower}`);
  if (withPrefix >= 0) return KNOWN[withPrefix] ?? text;
  if (lower.length >= MIN_PREFIX) {
    // Only an unambiguous cut is expanded; `...FailoverCluste` also prefixes `-Manager`, of which it is the base name.
    const candidates = KNOWN.filter((_, i) => (KNOWN_LOWER[i] ?? '').startsWith(lower));
    const base = candidates[0];
    if (base && candidates.every((k) => k.startsWith(base))) return base;
  }
  return cut ? `${text}...` : text;
}

/** True when the provider names, as written, denote the same provider. */
export function sameProvider(a: string | null | undefined, b: string | null | undefined): boolean {
  const x = canonicalProvider(a);
  const y = canonicalProvider(b);
  return x !== null && y !== null && x.toLowerCase() === y.toLowerCase();
}

/** A provider name that was cut off and could not be expanded (the catalogue's provider is better). */
export function isTruncatedProvider(name: string | null): boolean {
  return name !== null && /(?:\.\.\.|…)$/.test(name);
}
