/**
 * Events of other providers that show up in the same incidents (domain.md §7, last paragraph):
 * the cluster or SQL service dying (Service Control Manager), storage resets and retries
 * (storport miniports, disk), a bugcheck after a hang (WER-SystemErrorReporting) and Hyper-V roles.
 */
import type { CatalogueEntry } from './types.js';

const SCM = 'Service Control Manager';

/** `0x0000009e (0xffff..., 0x00000000000004b0, 0x0000000000000065, 0x0)` → code + arguments. */
function splitBugcheck(p: Record<string, string>): void {
  const m = /^(0x[0-9a-f]+)\s*\(([^)]*)\)?/i.exec(p.bugcheck ?? '');
  if (!m) return;
  p.bugcheckCode = (m[1] ?? '').toLowerCase();
  const args = (m[2] ?? '').split(',').map((a) => a.trim()).filter((a) => a !== '');
  args.forEach((a, i) => {
    p[`bugcheckParam${i + 1}`] = a.toLowerCase();
  });
}

export const OTHER_PROVIDERS: readonly CatalogueEntry[] = [
  {
    id: 7024,
    key: '7024/service-specific-error',
    provider: SCM,
    level: 'ERR',
    symbol: 'EVENT_SERVICE_EXIT_FAILED_SPECIFIC',
    wording: 'all',
    params: ['service', 'error'],
    template: 'The %1 service terminated with the following service-specific error: \n%2',
  },
  {
    id: 7031,
    key: '7031/terminated-with-action',
    provider: SCM,
    level: 'ERR',
    symbol: 'EVENT_SERVICE_CRASH',
    wording: 'all',
    params: ['service', 'count', 'delayMs', null, 'action'],
    template:
      'The %1 service terminated unexpectedly. It has done this %2 time(s). The following corrective action will be taken in %3 milliseconds: %5.',
  },
  {
    id: 7034,
    key: '7034/terminated',
    provider: SCM,
    level: 'ERR',
    symbol: 'EVENT_SERVICE_CRASH_NO_ACTION',
    wording: 'all',
    params: ['service', 'count'],
    template: 'The %1 service terminated unexpectedly. It has done this %2 time(s).',
  },
  {
    id: 7036,
    key: '7036/state',
    provider: SCM,
    level: 'INFO',
    symbol: 'EVENT_SERVICE_STATUS_SUCCESS',
    wording: 'all',
    params: ['service', 'state'],
    template: 'The %1 service entered the %2 state.',
  },
  {
    id: 21502,
    key: '21502/register-failed',
    provider: 'Microsoft-Windows-Hyper-V-High-Availability',
    providerAliases: ['Hyper-V-High-Availability'],
    level: 'ERR',
    symbol: null,
    wording: 'all',
    params: ['resource'],
    template: "'%1' failed to register the virtual machine with the virtual machine management service.",
  },
  {
    id: 21502,
    key: '21502/live-migration-failed',
    provider: 'Microsoft-Windows-Hyper-V-High-Availability',
    providerAliases: ['Hyper-V-High-Availability'],
    level: 'ERR',
    symbol: null,
    wording: 'all',
    params: ['resource'],
    template: "Live migration of '%1' failed.",
  },
  {
    id: 129,
    key: '129/reset-to-device',
    provider: 'storport',
    anyProvider: true,
    level: 'WARN',
    symbol: null,
    wording: 'all',
    params: ['device'],
    template: 'Reset to device, %1, was issued.',
  },
  {
    id: 153,
    key: '153/io-retried',
    provider: 'disk',
    anyProvider: true,
    level: 'WARN',
    symbol: null,
    wording: 'all',
    params: ['device', 'lba', 'disk', 'pdo'],
    template: 'The IO operation at logical block address %2 for Disk %3 (PDO name: %4) was retried.',
  },
  {
    id: 1001,
    key: '1001/bugcheck',
    provider: 'Microsoft-Windows-WER-SystemErrorReporting',
    providerAliases: ['BugCheck', 'WER-SystemErrorReporting', 'Save Dump'],
    level: 'ERR',
    symbol: null,
    wording: 'all',
    params: ['bugcheck', 'dumpFile', 'reportId'],
    template: 'The computer has rebooted from a bugcheck. The bugcheck was: %1. A dump was saved in: %2. Report Id: %3.',
    derive: splitBugcheck,
  },
];
