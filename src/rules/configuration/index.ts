/**
 * Configuration: the cluster was set up so the resource could not work or was judged too quickly —
 * IP address on a cluster-only network or a wrong subnet, missing properties, owners/dependencies,
 * witness permissions, DeadlockTimeout/PendingTimeout far below their defaults (domain.md §6, §7, §9).
 */
import type { ClusterEvent } from '../../events/types.js';
import { atNode, eventName, isAboutIncident, ofResource, RES_TEXT, resourceOf, subjectName } from '../common.js';
import { recordText } from '../match.js';
import type { IncidentDraft } from '../types.js';
import { defineRule } from '../types.js';

/** Defaults: DeadlockTimeout 300000 ms, PendingTimeout 180000 ms (domain.md §6). Below these fractions they are "unusually low". */
const LOW_DEADLOCK_MS = 120_000;
const LOW_PENDING_MS = 60_000;

/** Kinds a timeout setting can cause: a call judged hung, or an online/offline cut short. */
const TIMEOUT_KINDS = new Set(['deadlock', 'online-failure', 'offline-failure']);

function lowTimeoutWeight(deadlockMs: number | null, pendingMs: number | null): number {
  let w = 0;
  if (deadlockMs !== null && deadlockMs < LOW_DEADLOCK_MS) w = deadlockMs < 60_000 ? 0.6 : 0.4;
  if (pendingMs !== null && pendingMs < LOW_PENDING_MS) w = Math.max(w, pendingMs < 30_000 ? 0.5 : 0.35);
  return w;
}

const cell = (row: Readonly<Record<string, string>>, name: RegExp): string | null => {
  for (const [k, v] of Object.entries(row)) if (name.test(k.trim())) return v;
  return null;
};
const ms = (v: string | null): number | null => {
  if (v === null) return null;
  const n = Number(v.trim());
  // 0xFFFFFFFF means "use the resource type value".
  return Number.isFinite(n) && n < 0xffffffff ? n : null;
};

/** DeadlockTimeout/PendingTimeout of the incident's resource from a `[=== Resources ===]` row, or null. */
function timeoutsFromRow(e: ClusterEvent, incident: IncidentDraft): { deadlockMs: number | null; pendingMs: number | null } | null {
  if (e.type !== 'config.row' || !/^Resources$/i.test(e.table) || incident.resource === null) return null;
  const name = cell(e.row, /^name$/i);
  if (name === null || name.toLowerCase() !== incident.resource.toLowerCase()) return null;
  return { deadlockMs: ms(cell(e.row, /^DeadlockTimeout$/i)), pendingMs: ms(cell(e.row, /^PendingTimeout$/i)) };
}

/** A duration the resource DLL reports for its own work (`took 27940 ms`, `after 41022 milliseconds`), in ms, or null. */
function reportedDurationMs(text: string): number | null {
  const m = /\b(?:took|after) (\d{3,9}) ?(?:ms|milliseconds)\b/i.exec(text);
  return m ? Number(m[1]) : null;
}

/**
 * A call of the resource that took at least half of its (unusually low) DeadlockTimeout: normal work the
 * timeout leaves no room for, rather than a hang.
 */
function slowCallNearTimeout(e: ClusterEvent, i: IncidentDraft): boolean {
  const deadlockMs = i.timeouts?.deadlockTimeoutMs ?? null;
  if (i.kind !== 'deadlock' || deadlockMs === null || deadlockMs >= LOW_DEADLOCK_MS || !isAboutIncident(e, i)) return false;
  const took = reportedDurationMs(recordText(e));
  return took !== null && took >= deadlockMs / 2;
}

export default defineRule({
  meta: {
    id: 'configuration',
    category: 'configuration',
    title: 'A cluster setting prevented the resource from working',
    summary: (i, f) => `A configuration problem ${f.hedge} caused the ${i.kind}${ofResource(i)}${atNode(i)}`,
    recommendations: (i) => [
      `Review the properties, possible owners and dependencies of ${resourceOf(i)} (Get-ClusterResource | fl *, Get-ClusterOwnerNode) and run the Validate a Configuration wizard.`,
    ],
  },
  priors: [
    {
      name: 'low-timeouts',
      description: 'DeadlockTimeout below 120 s or PendingTimeout below 60 s (defaults 300 s / 180 s) on the incident’s resource',
      appliesTo: (i) =>
        TIMEOUT_KINDS.has(i.kind) &&
        i.timeouts != null &&
        lowTimeoutWeight(i.timeouts.deadlockTimeoutMs, i.timeouts.pendingTimeoutMs) > 0,
      weight: (i) => lowTimeoutWeight(i.timeouts?.deadlockTimeoutMs ?? null, i.timeouts?.pendingTimeoutMs ?? null),
      explain: (i) =>
        `${resourceOf(i)} has DeadlockTimeout ${i.timeouts?.deadlockTimeoutMs ?? '?'} ms / PendingTimeout ${i.timeouts?.pendingTimeoutMs ?? '?'} ms` +
        `${i.timeouts?.source ? ` (${i.timeouts.source})` : ''}, far below the defaults of 300000/180000 ms.`,
    },
  ],
  signatures: [
    {
      name: 'low-timeout-property',
      description: 'The `[=== Resources ===]` row of the resource shows DeadlockTimeout < 120 s or PendingTimeout < 60 s',
      on: ['config.row'],
      when: (e, i) => {
        const t = timeoutsFromRow(e, i);
        return TIMEOUT_KINDS.has(i.kind) && t !== null && lowTimeoutWeight(t.deadlockMs, t.pendingMs) > 0;
      },
      weight: 0.5,
      explain: () => 'The resource table sets unusually low timeouts.',
      advice: (_e, i) => `Restore DeadlockTimeout/PendingTimeout of ${resourceOf(i)} to their defaults (300000/180000 ms) unless a vendor requires otherwise.`,
    },
    {
      name: 'slow-call-near-timeout',
      description: 'The resource logged its own work taking at least half of its DeadlockTimeout (< 120 s): slow but normal calls the timeout leaves no room for',
      ...RES_TEXT,
      pattern: /\b(?:took|after) \d{3,9} ?(?:ms|milliseconds)\b/i,
      when: (e, i) => slowCallNearTimeout(e, i),
      weight: 0.45,
      explain: (e) => {
        const took = reportedDurationMs(recordText(e));
        return `${subjectName(e)} reported work taking ${took !== null ? `${(took / 1000).toFixed(1)} s` : 'long'}, close to its DeadlockTimeout.`;
      },
      advice: (_e, i) =>
        `Calls of ${resourceOf(i)} routinely take close to its DeadlockTimeout (${i.timeouts?.deadlockTimeoutMs ?? '?'} ms): raise it back towards the default (300000 ms) rather than let normal slowness be treated as a hang.`,
    },
    {
      name: 'ip-network-role',
      description: 'Event 1223 / `network role (1) does not allow IP address resources`: the IP address sits on a cluster-only network',
      on: ['eventlog.record'],
      eventIds: [1223],
      template: /not configured to allow client access/i,
      weight: 0.8,
      explain: (e) => `${eventName(e)}: the network of ${subjectName(e, 'the IP address')} does not allow client access.`,
      advice: () => 'Set the cluster network role to "Allow clients to connect" (Role = 3) or move the IP address to a client-access network.',
    },
    {
      name: 'ip-network-role-text',
      description: '`IpaValidatePrivateResProperties: ... network role (1) does not allow IP address resources`',
      ...RES_TEXT,
      pattern: /network role \(\d\) does not allow IP address resources/i,
      weight: 0.8,
      explain: (e) => `${subjectName(e, 'The IP address')} is on a network whose role does not allow IP address resources.`,
      advice: () => 'Set the cluster network role to "Allow clients to connect" (Role = 3) or move the IP address to a client-access network.',
    },
    {
      name: 'ip-invalid-network',
      description: 'Event 1360: the IP address matches no cluster network/subnet',
      on: ['eventlog.record'],
      eventIds: [1360],
      template: /matches a cluster network name or the address property/i,
      weight: 0.75,
      explain: (e) => `${eventName(e)}: ${subjectName(e, 'the IP address')} does not match any cluster network subnet.`,
    },
    {
      name: 'virtual-server-name-missing',
      description: '`Unable to read the \'VirtualServerName\' property` (SQL FCI)',
      ...RES_TEXT,
      pattern: /Unable to read the 'VirtualServerName' property/i,
      weight: 0.7,
      explain: (e) => `${subjectName(e, 'The SQL resource')} has no VirtualServerName property.`,
    },
    {
      name: 'owner-or-dependency-error',
      description: 'Possible-owner or dependency errors (not a possible owner, dependency not found/allowed)',
      ...RES_TEXT,
      pattern:
        /not (?:a |listed as a )?possible owner|ERROR_CLUSTER_RESOURCE_NOT_POSSIBLE_OWNER|ERROR_DEPENDENCY_NOT_FOUND|ERROR_DEPENDENCY_NOT_ALLOWED|ERROR_DEPENDENCY_TREE_TOO_COMPLEX|dependency .{0,60}(?:invalid|not (?:found|satisfied|allowed)|missing)/i,
      weight: 0.6,
      explain: () => 'Owners or dependencies prevented the resource from running.',
    },
    {
      name: 'invalid-private-property',
      description: 'A resource rejected its private properties (ValidatePrivateResProperties failed, required property missing)',
      ...RES_TEXT,
      pattern:
        /ValidatePrivateResProperties\b.{0,80}(?:fail|error|invalid)|invalid (?:private )?propert(?:y|ies)|required property .{0,40}(?:missing|not set)|ERROR_INVALID_PARAMETER/i,
      weight: 0.5,
      explain: (e) => `${subjectName(e, 'The resource')} rejected its properties.`,
    },
    {
      name: 'witness-access-denied',
      description: 'The witness was denied access (error 5/1326) or its share does not exist (error 67): share/NTFS permissions of the CNO',
      ...RES_TEXT,
      resourceType: /^(?:File Share Witness|Cloud Witness)$/i,
      pattern:
        /(?:error|status|with)\s*(?:[:=]\s*)?'?\(?(?:5|67|1326)\b(?![.,]\d)|access (?:is )?denied|ERROR_ACCESS_DENIED|ERROR_BAD_NET_NAME|network name cannot be found/i,
      when: (e) => !/\b121\b/.test(recordText(e)),
      weight: 0.6,
      explain: () => 'The witness could not use its share or storage account (permissions or missing share).',
      advice: () => 'Grant the cluster name object (CNO) Full Control on the witness share and folder (or fix the Cloud Witness account key/endpoint).',
    },
    {
      name: 'cloud-witness-access-denied',
      description: 'Event 1569: the Cloud Witness was denied access to Azure storage',
      on: ['eventlog.record'],
      eventIds: [1569],
      template: /Cloud witness .{0,120}access/i,
      weight: 0.6,
      explain: (e) => `${eventName(e)}: the Cloud Witness was denied access to its storage account.`,
    },
    {
      name: 'failover-threshold-exhausted',
      description: 'Event 1254/1638: failover or restart threshold exhausted — an escalation hint, not a cause by itself',
      on: ['eventlog.record'],
      eventIds: [1254, 1638],
      template: /exceeded its failover threshold|exceeded the maximum number of consecutive failures/i,
      supporting: true,
      weight: 0.15,
      explain: (e) => `${eventName(e)}: the role exhausted its restart/failover attempts and was left failed.`,
    },
  ],
});
