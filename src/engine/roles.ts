/**
 * Which records say that something failed, and how they relate to an incident reported by another source.
 * A record either opens an incident of some kind, or is absorbed into an existing one as a symptom of the
 * same failure (one real failure is one incident, however many sources report it).
 */
import type { EntryPoint, EventType } from '../events/types.js';
import type { IncidentKind } from '../shared/report.js';

/**
 * How a record relates to an incident:
 * `self` — same resource; `group` — names the incident's group; `node` — a node-level record on one of the
 * incident's nodes; `collateral` — another resource on the incident's node taken down with it;
 * `cluster` — a membership record from any node.
 */
export type Relation = 'self' | 'group' | 'node' | 'collateral' | 'cluster';

export interface Absorb {
  readonly into: IncidentKind;
  readonly via: readonly Relation[];
  /** Overrides the incident kind's window. */
  readonly within?: Window;
}

/**
 * Records are processed in passes so that an incident exists before its symptoms are weighed, whatever
 * order the sources arrive in: 1 = unambiguous detections, 2 = failures that may be symptoms of a pass-1
 * incident, 3 = generic failure markers, 4 = symptoms and DLL errors that never open an incident alone.
 */
export type Pass = 1 | 2 | 3 | 4;

/** `phase`: the kind follows from what the resource was doing (coming online, going offline, online). */
export type Opens = IncidentKind | 'phase' | null;

export interface Role {
  readonly opens: Opens;
  readonly pass: Pass;
  readonly absorb: readonly Absorb[];
  readonly entryPoint?: EntryPoint;
  /**
   * A cause rather than a failure: it opens an incident only when nothing can show the failure itself,
   * i.e. when its own file (`file`) or the whole collection (`collection`) has no RCM or RHS record.
   */
  readonly alone?: 'file' | 'collection';
}

const MIN = 60_000;

/** Resource-level kinds a record about the same resource belongs to. */
const SELF: readonly Absorb[] = (['deadlock', 'health-check-failure', 'online-failure', 'offline-failure'] as const).map(
  (into) => ({ into, via: ['self'] }),
);

/** A symptom of a hang of the same resource (1069 or FAILURENOTIFICATION after a deadlock...). */
const SELF_DEADLOCK: readonly Absorb[] = [{ into: 'deadlock', via: ['self'] }];

/** A resource going down: its own failure, or collateral of an RHS or node-level failure on its node. */
const RESOURCE_DOWN: readonly Absorb[] = [
  { into: 'deadlock', via: ['self', 'collateral'] },
  { into: 'rhs-failure', via: ['self', 'collateral'] },
  ...SELF.slice(1),
  { into: 'quorum-loss', via: ['collateral'] },
  { into: 'cluster-service-failure', via: ['collateral'] },
];

/** A resource being restarted: collateral of an RHS failure, or a step of its own failure handling. */
const RESTARTED: readonly Absorb[] = [
  { into: 'deadlock', via: ['self', 'collateral'] },
  { into: 'rhs-failure', via: ['self', 'collateral'] },
  ...SELF.slice(1),
];

/** RHS restarted: after a deadlock or RHS failure, or because the cluster service went away. */
const RHS_SYMPTOM: readonly Absorb[] = [
  { into: 'deadlock', via: ['node'] },
  { into: 'rhs-failure', via: ['node'] },
  { into: 'quorum-loss', via: ['node'] },
  { into: 'cluster-service-failure', via: ['node'] },
  { into: 'node-down', via: ['node'] },
];

/** The cluster service stopping because of a membership or quorum problem on its node. */
const SERVICE_SYMPTOM: readonly Absorb[] = [
  { into: 'quorum-loss', via: ['node'] },
  { into: 'node-down', via: ['node'] },
  { into: 'cluster-service-failure', via: ['node'] },
];

const MEMBERSHIP: readonly Absorb[] = [{ into: 'node-down', via: ['cluster'] }];

const GROUP: readonly Absorb[] = (
  ['deadlock', 'health-check-failure', 'online-failure', 'offline-failure'] as const
).map((into) => ({ into, via: ['group', 'self'] }));

/** A resource DLL naming its own trouble: looked for well before the failure is detected. */
export const DLL_ERROR: readonly Absorb[] = SELF.map((a) => ({ ...a, within: { before: 6 * MIN, after: 2 * MIN, from: 'last' } }));

const deadlock = (entryPoint?: EntryPoint): Role => ({ opens: 'deadlock', pass: 1, absorb: [], ...(entryPoint ? { entryPoint } : {}) });
const online = (entryPoint: EntryPoint = 'Online'): Role => ({ opens: 'online-failure', pass: 2, absorb: SELF_DEADLOCK, entryPoint });
const health = (entryPoint?: EntryPoint): Role => ({
  opens: 'health-check-failure',
  pass: 2,
  absorb: SELF_DEADLOCK,
  ...(entryPoint ? { entryPoint } : {}),
});
const symptom = (absorb: readonly Absorb[]): Role => ({ opens: null, pass: 4, absorb });

/** System-log event IDs (domain.md §7). IDs not listed are evidence and timeline entries only. */
export const EVENT_ROLES: Readonly<Record<number, Role>> = {
  // RCM_DEADLOCK_OR_CRASH_DETECTED (control-code variant: see signals). The 2008 R2 wording says "either
  // crashed or deadlocked": right after an exception in the same resource it reports that crash.
  1230: { ...deadlock(), absorb: [{ into: 'rhs-failure', via: ['self'] }] },
  1265: deadlock('ResourceTypeControl'),
  1566: deadlock('Online'), // network name terminated by RHS: an operation did not complete in time
  1232: deadlock(), // generic script entry point did not complete in time
  1233: deadlock(),
  1146: { opens: 'rhs-failure', pass: 2, absorb: RHS_SYMPTOM },
  1069: { opens: 'phase', pass: 3, absorb: RESOURCE_DOWN },
  1635: { opens: null, pass: 4, absorb: RESOURCE_DOWN },
  1638: { opens: 'phase', pass: 3, absorb: RESOURCE_DOWN }, // restart threshold exhausted
  1254: symptom(GROUP), // failover threshold exhausted
  1205: symptom(GROUP),
  1562: health('IsAlive'), // file share witness failed its periodic health check
  1038: health(), // disk reservation lost
  1250: health(), // embedded failure reported from inside the VM
  1255: health(),
  1034: online(),
  1035: online(),
  1037: online(),
  1049: online(),
  1066: online(), // chkdsk runs while the disk comes online
  1194: online(),
  1223: online(),
  1360: online(),
  1563: online(),
  1564: online('Arbitrate'),
  1671: online(),
  // Network-name DNS and Active Directory warnings, Hyper-V registration failures: the cause of a failure
  // (of Online, domain.md §7), reported as one only when no cluster log can show the failure itself.
  ...Object.fromEntries(
    [1193, 1195, 1196, 1207, 1211, 1212, 1215, 1226, 1227, 1228, 1231, 1256, 1257, 1258, 1259, 1576, 1577, 1578, 1579, 1580, 21502].map(
      (id) => [id, { opens: 'phase', pass: 4, absorb: SELF, alone: 'collection' } satisfies Role],
    ),
  ),
  1135: { opens: 'node-down', pass: 1, absorb: [] },
  1177: { opens: 'quorum-loss', pass: 1, absorb: [] },
  1006: { opens: 'cluster-service-failure', pass: 2, absorb: SERVICE_SYMPTOM.slice(0, 2) },
  1556: { opens: 'cluster-service-failure', pass: 2, absorb: SERVICE_SYMPTOM.slice(0, 2) },
  5377: { opens: 'cluster-service-failure', pass: 2, absorb: SERVICE_SYMPTOM.slice(0, 1) },
  4869: { opens: 'cluster-service-failure', pass: 2, absorb: SERVICE_SYMPTOM.slice(0, 1) },
  4870: { opens: 'cluster-service-failure', pass: 2, absorb: SERVICE_SYMPTOM.slice(0, 1) },
  1127: symptom(MEMBERSHIP),
  1129: symptom(MEMBERSHIP),
  1130: symptom(MEMBERSHIP),
  1672: symptom(MEMBERSHIP),
  1673: symptom(MEMBERSHIP),
  5120: { opens: 'csv-failure', pass: 1, absorb: [] },
  5142: { opens: 'csv-failure', pass: 1, absorb: [] },
  5150: { opens: 'csv-failure', pass: 1, absorb: [] },
  5157: { opens: 'csv-failure', pass: 1, absorb: [] },
};

/** Service Control Manager: the cluster service terminated (only when the service is ClusSvc; see signals). */
export const CLUSSVC_SCM_ROLE: Role = { opens: 'cluster-service-failure', pass: 2, absorb: SERVICE_SYMPTOM.slice(0, 2) };

/**
 * Event 1001 "rebooted from a bugcheck" 0x9E: the escalation of an RHS hang that did not end
 * (it is logged after the reboot, up to 4 × DeadlockTimeout plus boot time later) or a NetFT watchdog.
 */
export const BUGCHECK_ROLE: Role = {
  opens: 'cluster-service-failure',
  pass: 2,
  absorb: [{ into: 'deadlock', via: ['node'], within: { before: 0, after: 90 * MIN, from: 'detection' } }],
};

/** Typed records whose role does not depend on their fields. */
export const TYPE_ROLES: Partial<Readonly<Record<EventType, Role>>> = {
  'rhs.call-timeout': deadlock(),
  'rhs.deadlock-handling': deadlock(),
  // "Crashed or deadlocked": a hang when a timeout is reported with it, a crash when an RHS failure is.
  'rcm.crashed-or-deadlocked': {
    opens: 'deadlock',
    pass: 2,
    absorb: [
      { into: 'deadlock', via: ['self'] },
      { into: 'rhs-failure', via: ['node'] },
    ],
  },
  'rhs.health-check-failed': health(),
  'rhs.cannot-come-online': online(),
  'rcm.arbitrate-error': online('Arbitrate'),
  'rhs.wer-report': { opens: 'rhs-failure', pass: 2, absorb: RHS_SYMPTOM.slice(0, 2) },
  'rhs.dll-load-failed': { opens: 'rhs-failure', pass: 1, absorb: [] },
  // An exception in an entry point crashes RHS (domain.md §9): an RHS failure in that call, not a hang;
  // during a deadlock of the same resource it is part of that deadlock.
  'rhs.exception': { opens: 'rhs-failure', pass: 1, absorb: [{ into: 'deadlock', via: ['self'] }] },
  // RCM retries the RHS process at every service start: while the cause stays (rhs.exe quarantined, a DLL
  // missing), each attempt is the same failure again, not a new incident.
  'rcm.rhs-create-failed': { opens: 'rhs-failure', pass: 1, absorb: [{ into: 'rhs-failure', via: ['node'], within: { before: 0, after: 30 * MIN, from: 'last' } }] },
  'rcm.monitor-restart': symptom(RESTARTED.slice(0, 2)),
  'rcm.reattach': symptom(RESTARTED.slice(0, 2)),
  'rcm.separate-monitor-changed': symptom(SELF_DEADLOCK),
  'clussvc.stopping': symptom(SERVICE_SYMPTOM),
  'net.missed-heartbeats': symptom(MEMBERSHIP),
  'net.route-down': symptom(MEMBERSHIP),
  'net.endpoint-unreachable': symptom(MEMBERSHIP),
  // All routes to a peer are down: the peer is about to be removed from membership (domain.md §9).
  'net.all-routes-down': { opens: 'node-down', pass: 2, absorb: MEMBERSHIP },
  // clussvc cannot reach its NetFT watchdog: cluster communication is failing (domain.md §9, corpus 07).
  'net.netft-keepalive-failed': { opens: 'cluster-service-failure', pass: 2, absorb: SERVICE_SYMPTOM },
  'quorum.lost': { opens: 'quorum-loss', pass: 1, absorb: [] },
};

/** Shared absorb lists used by signals whose role depends on their fields. */
export const ABSORB = { SELF, SELF_DEADLOCK, RESOURCE_DOWN, RESTARTED, RHS_SYMPTOM, SERVICE_SYMPTOM, MEMBERSHIP } as const;

/** Windows (ms) in which a record joins an incident, per incident kind and relation. */
export interface Window {
  readonly before: number;
  readonly after: number;
  /** `last`: measured from the incident's latest record (a chain); `detection`: from its detection. */
  readonly from: 'last' | 'detection';
}

/**
 * Deadlock evidence is reported up to DeadlockTimeout/2 after detection and a few seconds before
 * (RHS, RCM and the System log each write their own record of it). Cluster-wide membership records are
 * merged within two minutes so that a node clock skewed by more than 30 s can still be recognised.
 */
export function windowFor(kind: IncidentKind, via: Relation | 'same', deadlockTimeoutMs: number): Window {
  if (kind === 'deadlock') return { before: 5_000, after: deadlockTimeoutMs / 2, from: 'detection' };
  if ((kind === 'node-down' || kind === 'quorum-loss') && (via === 'cluster' || via === 'same')) {
    return { before: 2 * MIN, after: 2 * MIN, from: 'last' };
  }
  if (kind === 'csv-failure') return { before: 2 * MIN, after: 2 * MIN, from: 'last' };
  if (kind === 'cluster-service-failure') return { before: 10_000, after: 2 * MIN, from: 'last' };
  return { before: 5_000, after: MIN, from: 'last' };
}
