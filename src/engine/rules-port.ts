/** The two functions the engine needs from the rules stage (`src/rules/index.ts`), as an injectable port. */
import type { ClusterEvent } from '../events/types.js';
import type { RootCause } from '../shared/report.js';
import type { IncidentDraft } from '../rules/types.js';

export interface RulesPort {
  /** Why the incident happened, from the evidence records around it. */
  diagnose(draft: IncidentDraft, evidence: readonly ClusterEvent[]): { rootCause: RootCause; recommendations: string[] };
  /** Cheap prefilter on the hot path: records worth keeping as possible evidence. */
  isEvidenceCandidate(e: ClusterEvent): boolean;
  /**
   * False when no `generic` record of this level and component can pass `isEvidenceCandidate`, so a reader
   * need not build it. Absent: every generic record is built and tested.
   */
  keepsGeneric?(level: string | null, component: string | null): boolean;
}
