/**
 * Severity of an incident: a base per kind, raised one level when the failure spread or escalated, lowered
 * one level when a resource failure healed by itself.
 */
import type { IncidentKind, Outcome, Severity } from '../shared/report.js';

/**
 * Critical: failures that take more than one resource down or endanger the node: an RHS hang (shared
 * RHS, 0x9E after 4 × DeadlockTimeout), RHS failures, membership, quorum and cluster-service failures.
 * Error: failures of one resource or volume.
 */
export const BASE_SEVERITY: Readonly<Record<IncidentKind, Severity>> = {
  deadlock: 'critical',
  'rhs-failure': 'critical',
  'node-down': 'critical',
  'quorum-loss': 'critical',
  'cluster-service-failure': 'critical',
  'csv-failure': 'error',
  'health-check-failure': 'error',
  'online-failure': 'error',
  'offline-failure': 'error',
};

const ORDER: readonly Severity[] = ['warning', 'error', 'critical'];
const SPREAD: ReadonlySet<Outcome> = new Set(['left-failed', 'node-bugchecked', 'cluster-service-stopped']);
const HEALED: ReadonlySet<Outcome> = new Set(['recovered', 'restarted-in-place', 'restarted-separate-monitor']);

export function severityOf(kind: IncidentKind, outcome: Outcome, collateral: number, escalations: number): Severity {
  let level = ORDER.indexOf(BASE_SEVERITY[kind]);
  if (escalations > 0 || collateral > 0 || SPREAD.has(outcome)) level++;
  else if (HEALED.has(outcome)) level--;
  return ORDER[Math.max(0, Math.min(ORDER.length - 1, level))]!;
}
