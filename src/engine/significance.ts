/**
 * Hot-path filters: which records the engine keeps whole (significant records: the global timeline and
 * the material of incidents) and which ones mark a failure whose surroundings must be kept as evidence.
 */
import type { ClusterEvent } from '../events/types.js';
import { phaseOf } from './model.js';
import { param } from './names.js';
import { EVENT_ROLES, TYPE_ROLES } from './roles.js';

/**
 * Event IDs worth a timeline entry although they open no incident by themselves (domain.md §7):
 * state transitions and moves (1637, 1641), IP interface health (1077), bugcheck reports (1001),
 * storage resets and retries (129, 153), Hyper-V registration (21502), resource exhaustion (2004),
 * DNS/NETLOGON registration (5774, 4013), cluster-log pass-through (2049–2051).
 */
const TIMELINE_IDS: ReadonlySet<number> = new Set([1637, 1641, 1077, 1001, 129, 153, 21502, 2004, 5774, 4013, 2049, 2050, 2051]);

/** Service Control Manager events about services: significant only when the service is the cluster service. */
const SCM_IDS: ReadonlySet<number> = new Set([7024, 7031, 7034, 7036]);

const CLUSTER_SERVICE = /^(?:Cluster Service|ClusSvc)$/i;
const CLUSTER_PROVIDER = /FailoverClustering/i;

export function isClusterServiceRecord(e: ClusterEvent): boolean {
  if (e.type !== 'eventlog.record') return false;
  const service = param(e, 'service', 'param1');
  return service !== null ? CLUSTER_SERVICE.test(service) : /\bCluster Service\b/.test(e.message);
}

/** The bugcheck of event 1001 is USER_MODE_HEALTH_MONITOR (0x9E), raised by NetFT (domain.md §6). */
export function isHealthMonitorBugcheck(e: ClusterEvent): boolean {
  if (e.type !== 'eventlog.record' || e.eventId !== 1001) return false;
  const code = param(e, 'bugcheck') ?? e.message;
  return /\b0x0*9e\b/i.test(code);
}

/**
 * rhs.exe crashed (Application log): `Application Error` 1000 "Faulting application name: rhs.exe" or the
 * WER 1001 APPCRASH report for rhs.exe — the faulting module is often the resource DLL (domain.md §9).
 * (System-log 1001 is the bugcheck report: same id, another provider and text.)
 */
export function isRhsCrashRecord(e: ClusterEvent): boolean {
  if (e.type !== 'eventlog.record' || (e.eventId !== 1000 && e.eventId !== 1001)) return false;
  return /\brhs\.exe\b/i.test(e.message) && /Faulting application name|APPCRASH/i.test(e.message);
}

export function isSignificant(e: ClusterEvent): boolean {
  switch (e.type) {
    case 'generic':
    case 'config.row':
    case 'log.header':
      return false;
    case 'res.message':
      // DLL errors are kept whole; the bulk of RES lines is evidence, kept in bounded rings.
      return e.level === 'ERR' || e.level === 'CRIT';
    case 'eventlog.record': {
      const id = e.eventId;
      if (id !== null && (id in EVENT_ROLES || TIMELINE_IDS.has(id))) return true;
      if (id !== null && SCM_IDS.has(id)) return isClusterServiceRecord(e);
      if (isRhsCrashRecord(e)) return true;
      return e.provider !== null && CLUSTER_PROVIDER.test(e.provider);
    }
    default:
      return true;
  }
}

/** Records that may open an incident: what surrounds them in their file is pinned as evidence. */
export function isTrigger(e: ClusterEvent): boolean {
  switch (e.type) {
    case 'eventlog.record':
      return (e.eventId !== null && EVENT_ROLES[e.eventId]?.opens != null) || isRhsCrashRecord(e);
    case 'rcm.state-transition': {
      const phase = phaseOf(e.to);
      return phase === 'failing' || phase === 'failed';
    }
    case 'rcm.monitor-reply':
    case 'rhs.call-failed':
      return true;
    case 'node.new-view':
      return e.downers.length > 0;
    default:
      return TYPE_ROLES[e.type]?.opens != null;
  }
}
