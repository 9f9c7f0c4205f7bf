/**
 * How one signature is compared with one record. The same `gate` defines both the prefilter
 * (compiled in prefilter.ts) and diagnose, so the two can never disagree.
 */
import type { ClusterEvent, Level } from '../events/types.js';
import type { IncidentDraft, Signature } from './types.js';

/**
 * Text a signature's pattern runs over: the rendered message for event-log records, the DLL's own
 * message for RES lines (type, name and sub-tag are fields, not text), the line text otherwise.
 */
export function recordText(e: ClusterEvent): string {
  if (e.type === 'eventlog.record') return e.message !== '' ? e.message : e.text;
  if (e.type === 'res.message') return e.message;
  return e.text;
}

/** Levels whose `generic` records are only looked at by signatures that name the component. */
export function isChatter(level: Level | null): boolean {
  return level === 'INFO' || level === 'DBG' || level === 'VERBOSE';
}

/** First word of a component tag: `CHANNEL 10.0.0.1:~3343~` → `CHANNEL`. */
export function componentKey(component: string): string {
  const sp = component.indexOf(' ');
  return sp > 0 ? component.slice(0, sp) : component;
}

// `[RES] <Type> <Name>: ...` or `[RES] <Type>: [subtag] ...` inside a generic line or a pass-through event (2049–2051, domain.md §7).
const RES_TYPE_IN_TEXT = /^(?:.*?\[RES\]\s*)?([A-Za-z][\w .-]*?)\s*(?:<|:)/;

/** Resource type a record names, or null. */
export function resourceTypeOf(e: ClusterEvent): string | null {
  switch (e.type) {
    case 'res.message':
      return e.resourceType;
    case 'rhs.call-timeout':
    case 'rhs.deadlock-handling':
    case 'rhs.exception':
      return e.resourceType ?? null;
    case 'eventlog.record': {
      const p = e.params['resourceType'];
      if (p !== undefined && p !== '') return p;
      const m = e.message.includes('[RES]') ? RES_TYPE_IN_TEXT.exec(e.message) : null;
      return m?.[1] ?? null;
    }
    case 'generic':
      return e.component === 'RES' ? (RES_TYPE_IN_TEXT.exec(e.text)?.[1] ?? null) : null;
    default:
      return null;
  }
}

// `[RES] Network Name <VCO>: ...` in a generic line.
const RES_NAME_IN_TEXT = /^[^<]*<([^>]+)>/;

/** Resource a record is about, or null when it names none. */
export function subjectOf(e: ClusterEvent): string | null {
  switch (e.type) {
    case 'res.message':
      return e.resource;
    case 'eventlog.record':
      return e.params['resource'] ?? null;
    case 'generic':
      return e.component === 'RES' ? (RES_NAME_IN_TEXT.exec(e.text)?.[1] ?? null) : null;
    case 'rhs.deadlock-handling':
      // The type form names a resource type, not a resource (loose check: producers that predate the field omit it).
      return e.resourceType != null ? null : e.resource;
    case 'rhs.call-timeout':
    case 'rhs.exception':
    case 'rhs.health-check-failed':
    case 'rhs.cannot-come-online':
    case 'rhs.call-failed':
    case 'rhs.resource-online':
    case 'rhs.resource-offline':
    case 'rhs.terminating-resource':
    case 'rcm.state-transition':
    case 'rcm.issuing-call':
    case 'rcm.monitor-reply':
    case 'rcm.crashed-or-deadlocked':
    case 'rcm.monitor-restart':
    case 'rcm.reattach':
    case 'rcm.separate-monitor-changed':
    case 'rcm.resource-control-error':
    case 'rcm.arbitrate-error':
    case 'rcm.failover-decision':
      return e.resource;
    default:
      return null;
  }
}

/** Everything of a signature except `when`: what the prefilter compiles. */
export function gate(sig: Signature, e: ClusterEvent): boolean {
  if (sig.on !== undefined && !sig.on.includes(e.type)) return false;
  // Generic records: WARN and above are looked at by every signature; INFO/DBG only when the component is named.
  if (e.type === 'generic' && isChatter(e.level)) {
    const c = e.component;
    if (sig.components === undefined || c === null) return false;
    if (!sig.components.includes(c) && !sig.components.includes(componentKey(c))) return false;
  }
  const text = recordText(e);
  if (e.type === 'eventlog.record' && sig.eventIds !== undefined) {
    if (e.eventId !== null) {
      if (!sig.eventIds.includes(e.eventId)) return false;
    } else if (sig.template === undefined || !sig.template.test(text)) {
      return false;
    }
  }
  if (sig.pattern !== undefined && !sig.pattern.test(text)) return false;
  if (sig.resourceType !== undefined) {
    const t = resourceTypeOf(e);
    if (t === null || !sig.resourceType.test(t)) return false;
  }
  return true;
}

/** Does the signature match the record for this incident? */
export function matches(
  sig: Signature,
  e: ClusterEvent,
  incident: IncidentDraft,
  evidence: readonly ClusterEvent[],
): boolean {
  return gate(sig, e) && (sig.when === undefined || sig.when(e, incident, evidence));
}
