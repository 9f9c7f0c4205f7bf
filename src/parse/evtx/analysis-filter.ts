/**
 * Which .evtx records the analysis decodes. A System log is mostly informational records of
 * providers nothing downstream reads (kernel, Windows Update, PnP, time service, DCOM...); leaving
 * them out before their EventData is read saves decoding and keeps them out of the engine. Kept:
 * - every record of a provider the event catalogue has wordings for, or that the engine and the
 *   rules read by provider or event id (`ANALYSIS_PROVIDERS`, `ANALYSIS_PROVIDER_PATTERNS`);
 * - every Critical, Error or Warning record of any provider: rule patterns look at such records
 *   whatever their source (the same line the rules draw for cluster.log chatter), and forwarded
 *   events carry a rendered message they can match;
 * - the ids drivers log under their own name (storport 129, disk 153: `anyProvider` entries);
 * - records whose provider cannot be read.
 */
import { CATALOGUE, canonicalProvider } from '../../events/catalogue.js';
import type { EvtxReadOptions } from './index.js';

/**
 * Providers outside the catalogue that the engine or a rule reads, in lower case:
 * NETLOGON (3210, 5719, 5722, 5723, 5774, 5805), the DNS client (name resolution timeouts) and
 * server (4013), Resource-Exhaustion-Detector (2004), and the Application-log sources of an rhs.exe
 * crash (`Application Error` 1000, `Windows Error Reporting` 1001 APPCRASH).
 */
const EXTRA_PROVIDERS: readonly string[] = [
  'NETLOGON',
  'Microsoft-Windows-DNS-Client',
  'Microsoft-Windows-DNS-Server-Service',
  'Microsoft-Windows-Resource-Exhaustion-Detector',
  'Application Error',
  'Windows Error Reporting',
];

/** Provider names (lower case) whose records are all kept: the catalogue's providers and aliases, and `EXTRA_PROVIDERS`. */
export const ANALYSIS_PROVIDERS: ReadonlySet<string> = new Set(
  [...CATALOGUE.flatMap((e) => [e.provider, ...(e.providerAliases ?? [])]), ...EXTRA_PROVIDERS].map((n) => n.toLowerCase()),
);

/**
 * Provider families whose records are all kept: every cluster provider and channel; every Hyper-V
 * provider (the hyper-v rule and VM roles read VMMS, Worker, Compute, High-Availability, including
 * informational state changes); SQL Server instances (17883, 19407, 19419, 19421, 41144); and the
 * storage stack, named as the storage rule recognises it (storport miniports, disk, iScsiPrt, mpio
 * and DSMs, storvsc, stornvme, Storage Spaces, NTFS/ReFS): their path and retry events are not all
 * warnings.
 */
export const ANALYSIS_PROVIDER_PATTERNS: readonly RegExp[] = [
  /^Microsoft-Windows-FailoverClustering/i,
  /^Microsoft-Windows-Hyper-V-/i,
  /^MSSQL(?:SERVER$|\$)/i,
  /stor|disk|scsi|sas|raid|nvme|mpio|dsm|hba|iastor|megasas|lsi|ql2|elx|vhd|spaces|ntfs|refs/i,
];

/** Event ids the catalogue accepts from any provider (drivers log them under their own name). */
export const ANY_PROVIDER_EVENT_IDS: ReadonlySet<number> = new Set(CATALOGUE.filter((e) => e.anyProvider === true).map((e) => e.id));

/** Numeric levels kept from any provider: 1 Critical, 2 Error, 3 Warning. */
const MOST_VERBOSE_KEPT = 3;

const decided = new Map<string, boolean>();
const DECIDED_LIMIT = 10_000;

/** True when all records of this provider (name as written, any case) are kept. */
export function isAnalysisProvider(name: string): boolean {
  let keep = decided.get(name);
  if (keep === undefined) {
    const lower = name.toLowerCase();
    const full = canonicalProvider(name)?.toLowerCase() ?? lower;
    keep = ANALYSIS_PROVIDERS.has(lower) || ANALYSIS_PROVIDERS.has(full) || ANALYSIS_PROVIDER_PATTERNS.some((p) => p.test(name));
    if (decided.size >= DECIDED_LIMIT) decided.clear();
    decided.set(name, keep);
  }
  return keep;
}

/** The analysis filter as a record selector (see the module comment). */
export function keepForAnalysis(provider: string | null, eventSource: string | null, eventId: number | null, level: number | null): boolean {
  if (level !== null && level >= 1 && level <= MOST_VERBOSE_KEPT) return true;
  if (eventId !== null && ANY_PROVIDER_EVENT_IDS.has(eventId)) return true;
  if (provider === null && eventSource === null) return true;
  return (provider !== null && isAnalysisProvider(provider)) || (eventSource !== null && eventSource !== provider && isAnalysisProvider(eventSource));
}

/** Options for `readEvtx` in the analysis path. */
export const ANALYSIS_FILTER: EvtxReadOptions = {
  select: keepForAnalysis,
  label: 'the analysis filter (informational records of providers no rule or catalogue entry reads)',
};
