/** Entry-point tokens and error codes as they appear in RHS/RCM lines. */
import type { EntryPoint } from '../../events/types.js';

/**
 * Call tokens → entry points (domain.md §5). Verified tokens: LOOKSALIVE, ONLINERESOURCE,
 * FAILURENOTIFICATION; the rest follow the same pattern. RCM also writes mixed case
 * (`Issuing Online(X)`, `Issuing Arbitrate(X)`), so tokens are compared upper-cased without
 * separators, with or without the `RESOURCE` suffix.
 */
const ENTRY_POINTS: Readonly<Record<string, EntryPoint>> = {
  OPEN: 'Open',
  OPENRESOURCE: 'Open',
  CLOSE: 'Close',
  CLOSERESOURCE: 'Close',
  ONLINE: 'Online',
  ONLINERESOURCE: 'Online',
  OFFLINE: 'Offline',
  OFFLINERESOURCE: 'Offline',
  TERMINATE: 'Terminate',
  TERMINATERESOURCE: 'Terminate',
  ARBITRATE: 'Arbitrate',
  ARBITRATERESOURCE: 'Arbitrate',
  RELEASE: 'Release',
  RELEASERESOURCE: 'Release',
  LOOKSALIVE: 'LooksAlive',
  ISALIVE: 'IsAlive',
  RESOURCECONTROL: 'ResourceControl',
  RESOURCETYPECONTROL: 'ResourceTypeControl',
  TYPECONTROL: 'ResourceTypeControl',
  FAILURENOTIFICATION: 'FailureNotification',
  SHUTDOWN: 'Shutdown',
  SHUTDOWNPROCESS: 'Shutdown',
  CANCEL: 'Cancel',
};

export function entryPointOf(token: string): EntryPoint | null {
  const key = token.toUpperCase().replace(/[^A-Z]/g, '');
  return ENTRY_POINTS[key] ?? null;
}

/** Error codes are written in decimal (`returned 5910`) or hex (`0xd0000001`). */
export function parseCode(text: string | undefined): number | null {
  if (text === undefined || text === '') return null;
  if (/^0x[0-9a-f]+$/i.test(text)) return parseInt(text.slice(2), 16);
  if (/^-?\d+$/.test(text)) return Number(text);
  return null;
}

/** `ERROR_MOD_NOT_FOUND(126)` → name and code; null fields when absent. */
export function win32Error(text: string): { name: string | null; code: number | null } {
  const m = /\b(ERROR_[A-Z0-9_]+)\((\d+|0x[0-9a-fA-F]+)\)/.exec(text);
  if (m !== null) return { name: m[1] ?? null, code: parseCode(m[2]) };
  const n = /\b(ERROR_[A-Z0-9_]+)\b/.exec(text);
  const c = /\b(?:[Ee]rror|status)\s*(?:[:=]\s*)?(0x[0-9a-fA-F]+|\d+)\b/.exec(text);
  return { name: n?.[1] ?? null, code: parseCode(c?.[1]) };
}
