/**
 * Per-resource state machine, per node: the RCM states a resource went through (domain.md §4), fed by
 * RCM transitions, RHS online/offline reports, reattach lines and 1637 events, in record order.
 */
import { nameKey, param } from './names.js';
import { PENDING_STATES, phaseOf, type Phase } from './model.js';
import type { Rec } from './order.js';

export interface StateEntry {
  readonly rec: Rec;
  readonly state: string;
  readonly from: string | null;
}

/** A stay in OnlinePending/OfflinePending with nothing after it in the log. */
export interface OpenPending {
  readonly enter: StateEntry;
  readonly resourceKey: string;
}

/** The state a record puts its resource in, if it states one. */
function stateOf(r: Rec): { state: string; from: string | null } | null {
  const e = r.e;
  switch (e.type) {
    case 'rcm.state-transition':
      return { state: e.to, from: e.from };
    case 'rcm.reattach':
      return e.state !== null ? { state: e.state, from: null } : null;
    case 'rhs.resource-online':
      return { state: 'Online', from: null };
    case 'rhs.resource-offline':
      return { state: 'Offline', from: null };
    case 'eventlog.record': {
      const to = e.eventId === 1637 ? param(e, 'toState') : null;
      return to !== null ? { state: to, from: param(e, 'fromState') } : null;
    }
    default:
      return null;
  }
}

function resourceKeyOf(r: Rec): string | null {
  const e = r.e;
  if (e.type === 'eventlog.record') {
    const res = param(e, 'resource');
    return res !== null ? nameKey(res) : null;
  }
  return 'resource' in e && typeof e.resource === 'string' ? nameKey(e.resource) : null;
}

export class ResourceStates {
  /** resource key → entries in record order, all nodes. */
  private readonly histories = new Map<string, StateEntry[]>();

  constructor(recs: readonly Rec[]) {
    for (const r of recs) {
      const s = stateOf(r);
      const key = s !== null ? resourceKeyOf(r) : null;
      if (s === null || key === null) continue;
      let list = this.histories.get(key);
      if (list === undefined) this.histories.set(key, (list = []));
      list.push({ rec: r, state: s.state, from: s.from });
    }
  }

  /** State entries of a resource on the nodes `sameNode` accepts, in record order. */
  history(resourceKey: string, at: Rec, sameNode: (a: Rec, b: Rec) => boolean): StateEntry[] {
    return (this.histories.get(resourceKey) ?? []).filter((s) => sameNode(s.rec, at));
  }

  /**
   * What the resource was doing before the record `at` on its node, looking past failure-handling states
   * (ProcessingFailure, Terminating...) to the phase that failed.
   */
  phaseBefore(resourceKey: string, at: Rec, sameNode: (a: Rec, b: Rec) => boolean): Phase {
    const list = this.history(resourceKey, at, sameNode);
    for (let i = list.length - 1; i >= 0; i--) {
      const entry = list[i]!;
      if (entry.rec.seq >= at.seq) continue;
      const phase = phaseOf(entry.state);
      if (phase !== 'failing' && phase !== 'restarting' && phase !== 'failed') return phase;
      const from = entry.from !== null ? phaseOf(entry.from) : 'unknown';
      if (from !== 'unknown' && from !== 'failing' && from !== 'restarting' && from !== 'failed') return from;
    }
    return 'unknown';
  }

  /** Pending states that are the last state seen for their resource on their node. */
  openPending(): OpenPending[] {
    const out: OpenPending[] = [];
    for (const [resourceKey, list] of this.histories) {
      const lastByNode = new Map<string, StateEntry>();
      for (const entry of list) lastByNode.set(entry.rec.nodeKey, entry);
      for (const last of lastByNode.values()) {
        if (PENDING_STATES.has(last.state.toLowerCase())) out.push({ enter: last, resourceKey });
      }
    }
    return out;
  }
}
