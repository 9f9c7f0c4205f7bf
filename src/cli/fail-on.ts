/**
 * `--fail-on <list>`: which incidents make the run exit 1. Items are incident kinds (`deadlock`,
 * `rhs-failure`...), `any`, or a severity meaning that severity or worse (`error` = error or critical).
 */
import { INCIDENT_KINDS, SEVERITIES, type Incident, type IncidentKind, type Severity } from '../shared/report.js';
import { SEVERITY_RANK } from '../report/format.js';

export interface FailOn {
  readonly any: boolean;
  readonly kinds: ReadonlySet<IncidentKind>;
  /** Least severe severity that still fails, or null. */
  readonly severity: Severity | null;
}

export const FAIL_ON_VALUES: readonly string[] = ['any', ...SEVERITIES, ...INCIDENT_KINDS];

/** Throws with a message naming the bad item and the valid ones. */
export function parseFailOn(text: string): FailOn {
  const items = text
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter((s) => s !== '');
  if (items.length === 0) throw new Error(`expected a comma-separated list of: ${FAIL_ON_VALUES.join(', ')}`);
  let any = false;
  let severity: Severity | null = null;
  const kinds = new Set<IncidentKind>();
  for (const item of items) {
    if (item === 'any') any = true;
    else if ((SEVERITIES as readonly string[]).includes(item)) {
      const s = item as Severity;
      if (severity === null || SEVERITY_RANK[s] > SEVERITY_RANK[severity]) severity = s;
    } else if ((INCIDENT_KINDS as readonly string[]).includes(item)) kinds.add(item as IncidentKind);
    else throw new Error(`unknown value '${item}'; expected: ${FAIL_ON_VALUES.join(', ')}`);
  }
  return { any, kinds, severity };
}

export function matchesFailOn(failOn: FailOn, incident: Incident): boolean {
  if (failOn.any || failOn.kinds.has(incident.kind)) return true;
  return failOn.severity !== null && SEVERITY_RANK[incident.severity] <= SEVERITY_RANK[failOn.severity];
}

export function anyFails(failOn: FailOn | undefined, incidents: readonly Incident[]): boolean {
  return failOn !== undefined && incidents.some((i) => matchesFailOn(failOn, i));
}
