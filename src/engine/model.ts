/**
 * The failover-cluster model the engine reasons with, as data: RCM resource and group states, entry
 * points, resource policies with their documented defaults, and per-type facts (shared/domain.md §4–§6).
 */
import type { EntryPoint } from '../events/types.js';

/** What a resource is doing, grouping RCM's internal states for correlation. */
export type Phase =
  | 'offline'
  | 'coming-online'
  | 'online'
  | 'going-offline'
  | 'failing'
  | 'restarting'
  | 'failed'
  | 'unknown';

/**
 * RCM internal resource states as logged by `Res X: A -> B` and `TransitionToState(X) A-->B`
 * (domain.md §4). Verified in real logs: Offline, OnlineCallIssued, Online, OfflineCallIssued;
 * the rest are practitioner knowledge. Names not listed are kept verbatim with phase `unknown`.
 */
export const RESOURCE_STATES: Readonly<Record<string, Phase>> = {
  Offline: 'offline',
  OfflineDueToProvider: 'offline',
  OnlineCallIssued: 'coming-online', // RCM handed Online to RHS
  OnlinePending: 'coming-online', // the DLL returned ERROR_IO_PENDING; PendingTimeout applies (§5)
  WaitingToComeOnline: 'coming-online', // waiting for dependencies
  Online: 'online',
  OfflineCallIssued: 'going-offline',
  OfflinePending: 'going-offline',
  WaitingToGoOffline: 'going-offline',
  OfflineSavingCheckpoints: 'going-offline',
  ProcessingFailure: 'failing', // typical path: ProcessingFailure → WaitingToTerminate → Terminating
  WaitingToTerminate: 'failing',
  Terminating: 'failing',
  DelayRestartingResource: 'restarting', // RestartDelay before the next Online (restart policy)
  Failed: 'failed', // RestartThreshold exceeded → group failover policy
  // clusapi.h CLUSTER_RESOURCE_STATE values that may appear in event parameters.
  Initializing: 'unknown',
  Pending: 'unknown',
  Inherited: 'unknown',
  StateUnknown: 'unknown',
};

const STATE_BY_LOWER = new Map(Object.entries(RESOURCE_STATES).map(([name, phase]) => [name.toLowerCase(), phase]));

/** Phase of a state name (case-insensitive); unknown names are kept by callers, with phase `unknown`. */
export function phaseOf(state: string): Phase {
  return STATE_BY_LOWER.get(state.trim().toLowerCase()) ?? 'unknown';
}

/** States in which the DLL is in a pending call whose progress reports are bounded by PendingTimeout (§5). */
export const PENDING_STATES: ReadonlySet<string> = new Set(['onlinepending', 'offlinepending']);

/** Group states (clusapi.h CLUSTER_GROUP_STATE, domain.md §4) and whether the role is up in each. */
export const GROUP_STATES: Readonly<Record<string, 'up' | 'partly up' | 'down' | 'moving' | 'unknown'>> = {
  Online: 'up',
  PartialOnline: 'partly up',
  Offline: 'down',
  Failed: 'down',
  Pending: 'moving',
  StateUnknown: 'unknown',
};

/** Whether a group state (case-insensitive) means the role runs there. */
export function groupIsUp(state: string): boolean {
  const found = Object.entries(GROUP_STATES).find(([name]) => name.toLowerCase() === state.trim().toLowerCase());
  return found?.[1] === 'up';
}

/**
 * Resource DLL entry points (domain.md §5): the call-type number of live dump 0x166
 * CLUSTER_RESOURCE_CALL_TIMEOUT_LIVEDUMP, the RhsCall::DeadlockMonitor token (verified: LOOKSALIVE,
 * ONLINERESOURCE; the rest by pattern) and what calls it.
 */
export const ENTRY_POINTS: Readonly<Record<EntryPoint, { readonly callType: number; readonly token: string; readonly when: string }>> = {
  Open: { callType: 1, token: 'OPENRESOURCE', when: 'RHS loads the resource' },
  Close: { callType: 2, token: 'CLOSERESOURCE', when: 'RHS unloads the resource' },
  Online: { callType: 3, token: 'ONLINERESOURCE', when: 'RCM brings the resource online (may go pending; PendingTimeout)' },
  Offline: { callType: 4, token: 'OFFLINERESOURCE', when: 'RCM takes the resource offline (may go pending; PendingTimeout)' },
  Terminate: { callType: 5, token: 'TERMINATERESOURCE', when: 'RCM ends a failed or overdue resource' },
  Arbitrate: { callType: 6, token: 'ARBITRATE', when: 'quorum resources: take ownership' },
  Release: { callType: 7, token: 'RELEASE', when: 'quorum resources: give ownership up' },
  ResourceControl: { callType: 8, token: 'RESOURCECONTROL', when: 'a control code for one resource (property reads, repair...)' },
  ResourceTypeControl: { callType: 9, token: 'RESOURCETYPECONTROL', when: 'a control code for a resource type' },
  LooksAlive: { callType: 10, token: 'LOOKSALIVE', when: 'light health check every LooksAlivePollInterval (5 s)' },
  IsAlive: { callType: 11, token: 'ISALIVE', when: 'thorough health check every IsAlivePollInterval (60 s), or after a failed LooksAlive' },
  FailureNotification: { callType: 12, token: 'FAILURENOTIFICATION', when: 'RHS tells the DLL about a failure' },
  Shutdown: { callType: 13, token: 'SHUTDOWNPROCESS', when: 'RHS shuts down' },
  Cancel: { callType: 14, token: 'CANCEL', when: 'a pending call is cancelled' },
};

/** A policy value and where it came from, so reports can say why a timeout was used. */
export interface PolicyValue {
  readonly value: number;
  readonly source: string;
}

/** The resource policies the engine needs; all durations in milliseconds. */
export interface ResourcePolicies {
  readonly deadlockTimeoutMs: PolicyValue;
  /** Already capped by DeadlockTimeout: "the lower wins" (domain.md §6). */
  readonly pendingTimeoutMs: PolicyValue;
  readonly looksAlivePollMs: PolicyValue;
  readonly isAlivePollMs: PolicyValue;
  /** 0 = don't restart, 1 = restart without failover, 2 = restart then fail the group over. */
  readonly restartAction: PolicyValue;
  readonly restartThreshold: PolicyValue;
  readonly restartPeriodMs: PolicyValue;
  readonly restartDelayMs: PolicyValue;
  readonly retryPeriodOnFailureMs: PolicyValue;
  readonly separateMonitor: PolicyValue;
}

export type PolicyName = keyof ResourcePolicies;

const DOC = 'default (domain.md §6)';

/** Documented defaults (domain.md §6, learn.microsoft.com …/mscs/* property pages). */
export const DEFAULT_POLICIES: ResourcePolicies = {
  deadlockTimeoutMs: { value: 300_000, source: DOC },
  pendingTimeoutMs: { value: 180_000, source: DOC },
  looksAlivePollMs: { value: 5_000, source: DOC },
  isAlivePollMs: { value: 60_000, source: DOC },
  restartAction: { value: 2, source: DOC },
  restartThreshold: { value: 3, source: DOC },
  restartPeriodMs: { value: 900_000, source: DOC },
  restartDelayMs: { value: 500, source: DOC },
  retryPeriodOnFailureMs: { value: 3_600_000, source: DOC },
  separateMonitor: { value: 0, source: DOC },
};

/**
 * Per-type defaults that differ from the generic ones. A real Physical Disk showed RestartThreshold 1
 * with every other policy at its default (domain.md §6, SqlServerDsc issue 484).
 */
export const TYPE_DEFAULT_POLICIES: Readonly<Record<string, Partial<Record<PolicyName, number>>>> = {
  'physical disk': { restartThreshold: 1 },
};

/** Group policies (domain.md §6). FailoverThreshold 0xFFFFFFFF means "number of nodes minus 1". */
export const DEFAULT_GROUP_POLICIES = {
  failoverThreshold: 'number of nodes − 1 (default)',
  failoverPeriodMs: 6 * 3_600_000,
} as const;

/**
 * After a deadlock the cluster service waits DeadlockTimeout × 4 for RHS to exit, then NetFT
 * bugchecks the node with 0x9E USER_MODE_HEALTH_MONITOR (domain.md §6, escalation step 2–3).
 */
export const BUGCHECK_AFTER_DEADLOCK_TIMEOUTS = 4;

/** Poll-interval and timeout properties use 0xFFFFFFFF for "use the resource type's value" (domain.md §6). */
export const USE_TYPE_VALUE = 0xffff_ffff;

/**
 * Object-table columns (2016+ `[=== Resources ===]`, `[=== Resource Types ===]`, `[=== Groups ===]`,
 * `[=== Nodes ===]`), matched case-insensitively; alternatives in order of preference.
 */
export const COLUMNS = {
  name: ['Name'],
  resourceType: ['ResourceType', 'Type', 'ResourceTypeName'],
  group: ['OwnerGroup', 'Group', 'OwnerGroupName'],
  ownerNode: ['OwnerNode'],
  dll: ['DllName', 'Dll'],
  nodeId: ['Id', 'NodeId', 'NodeNumber'],
  nodeName: ['Name', 'NodeName'],
  failoverThreshold: ['FailoverThreshold'],
  failoverPeriod: ['FailoverPeriod'],
} as const;

/** Resource policy columns and how their cells convert to the model's units. */
export const POLICY_COLUMNS: readonly { readonly policy: PolicyName; readonly column: string; readonly scale: number }[] = [
  { policy: 'deadlockTimeoutMs', column: 'DeadlockTimeout', scale: 1 },
  { policy: 'pendingTimeoutMs', column: 'PendingTimeout', scale: 1 },
  { policy: 'looksAlivePollMs', column: 'LooksAlivePollInterval', scale: 1 },
  { policy: 'isAlivePollMs', column: 'IsAlivePollInterval', scale: 1 },
  { policy: 'restartAction', column: 'RestartAction', scale: 1 },
  { policy: 'restartThreshold', column: 'RestartThreshold', scale: 1 },
  { policy: 'restartPeriodMs', column: 'RestartPeriod', scale: 1 },
  { policy: 'restartDelayMs', column: 'RestartDelay', scale: 1 },
  { policy: 'retryPeriodOnFailureMs', column: 'RetryPeriodOnFailure', scale: 1 },
  { policy: 'separateMonitor', column: 'SeparateMonitor', scale: 1 },
];

/** Resource DLL of the in-box and common resource types (domain.md §2, §9). */
export const TYPE_DLLS: Readonly<Record<string, string>> = {
  'network name': 'clusres.dll',
  'distributed network name': 'clusres.dll',
  'ip address': 'clusres.dll',
  'ipv6 address': 'clusres.dll',
  'physical disk': 'clusres.dll',
  'file share witness': 'clusres2.dll',
  'cloud witness': 'clusres2.dll',
  'generic script': 'clusres.dll',
  'generic service': 'clusres.dll',
  'generic application': 'clusres.dll',
  'sql server availability group': 'hadrres.dll',
  'sql server': 'sqsrvres.dll',
  'virtual machine': 'vmclusres.dll',
  'virtual machine configuration': 'vmclusres.dll',
};

/**
 * Names Windows gives core resources when it creates them. Used only when no record states the type,
 * and reported as an inference.
 */
export const DEFAULT_RESOURCE_NAMES: readonly { readonly name: RegExp; readonly type: string }[] = [
  { name: /^Cluster Name$/i, type: 'Network Name' },
  { name: /^Cluster IP Address(?: .*)?$/i, type: 'IP Address' },
  { name: /^Cluster Disk \d+$/i, type: 'Physical Disk' },
  { name: /^File Share Witness$/i, type: 'File Share Witness' },
  { name: /^Cloud Witness$/i, type: 'Cloud Witness' },
];

/** Parses a policy cell: decimal, `0x` hex, `True`/`False`. Null when empty or not a number. */
export function parsePolicyCell(cell: string | undefined): number | null {
  if (cell === undefined) return null;
  const s = cell.trim();
  if (s === '') return null;
  if (/^true$/i.test(s)) return 1;
  if (/^false$/i.test(s)) return 0;
  if (/^0x[0-9a-f]+$/i.test(s)) return Number.parseInt(s.slice(2), 16);
  return /^-?\d+$/.test(s) ? Number(s) : null;
}
