/**
 * Table-driven rule tests in the shape of ESLint's RuleTester: `valid` cases must not produce the
 * family, `invalid` cases must match the expected signatures on the expected lines (and, unless told
 * otherwise, make the family win). Returns plain problem lists so the test files own describe/it/expect.
 * Test-only; not imported by production code.
 */
import type { ClusterEvent } from '../events/types.js';
import { builtinRules, createRuleEngine, withResourceType } from './index.js';
import { matches } from './match.js';
import { draft as makeDraft, logLine } from './test-events.js';
import type { IncidentDraft, Rule, Signature } from './types.js';

/** A cluster.log line (parsed by the test classifier) or a built event; its 1-based position is its line number. */
export type CaseRecord = string | ClusterEvent;

export interface ValidCase {
  readonly name: string;
  readonly draft: Partial<IncidentDraft> & Pick<IncidentDraft, 'kind'>;
  readonly records: readonly CaseRecord[];
}

export interface InvalidCase extends ValidCase {
  /** Signature names of this family (without the family prefix) that must match some record. */
  readonly signatures: readonly string[];
  /** 1-based positions in `records` that the family must cite as its evidence. */
  readonly evidence?: readonly number[];
  /** The family must be the diagnosed category (default true). */
  readonly wins?: boolean;
}

export interface RuleTables {
  readonly valid: readonly ValidCase[];
  readonly invalid: readonly InvalidCase[];
}

export interface RuleTestCase {
  readonly name: string;
  /** Problems found; empty when the case passes. */
  run(): string[];
}

const engine = createRuleEngine(builtinRules);

/** Turns a case's records into events whose `source.line` is their position (1-based) in `cluster.log`/their file. */
export function caseEvents(records: readonly CaseRecord[]): ClusterEvent[] {
  return records.map((r, i) =>
    typeof r === 'string' ? logLine(r, { line: i + 1 }) : ({ ...r, source: { ...r.source, line: i + 1 } } as ClusterEvent),
  );
}

export function ruleTests(rule: Rule, tables: RuleTables): RuleTestCase[] {
  const family = rule.meta.id;
  const cases: RuleTestCase[] = [];
  for (const c of tables.valid) {
    cases.push({
      name: `valid: ${c.name}`,
      run: () => {
        const events = caseEvents(c.records);
        const { rootCause } = engine.diagnose(makeDraft(c.draft), events);
        return rootCause.rules.includes(family) ? [`${family} contributed (${rootCause.category} ${rootCause.confidence}): ${rootCause.summary}`] : [];
      },
    });
  }
  for (const c of tables.invalid) {
    cases.push({
      name: `invalid: ${c.name}`,
      run: () => {
        const problems: string[] = [];
        const events = caseEvents(c.records);
        const d = makeDraft(c.draft);
        const result = engine.evaluate(d, events).find((r) => r.rule.meta.id === family);
        const hits = result?.hits ?? [];
        const dt = withResourceType(d, events);
        const matched = (sig: Signature) =>
          (sig.appliesTo === undefined || sig.appliesTo(dt)) && events.some((e) => matches(sig, e, dt, events));
        for (const name of c.signatures) {
          const sig = rule.signatures.find((s) => s.name === name);
          if (sig === undefined) problems.push(`unknown signature ${family}/${name}`);
          else if (!matched(sig)) {
            const others = rule.signatures.filter(matched).map((s) => s.name);
            problems.push(`${family}/${name} did not match (matched: ${others.join(', ') || 'none'})`);
          }
        }
        const citedLines = new Set(hits.map((h) => h.event.source.line));
        for (const line of c.evidence ?? []) {
          if (!citedLines.has(line)) problems.push(`record ${line} not cited by ${family}`);
          const e = events[line - 1];
          if (e !== undefined && !engine.isEvidenceCandidate(e)) problems.push(`record ${line} rejected by isEvidenceCandidate`);
        }
        for (const h of hits) {
          if (!engine.isEvidenceCandidate(h.event)) problems.push(`record ${h.event.source.line} matched but is rejected by isEvidenceCandidate`);
          if (!/^\S.*\.$/s.test(h.note) || /undefined|null|\$\{/.test(h.note)) problems.push(`${h.signature}: note is not one clean sentence: ${h.note}`);
        }
        if (c.wins !== false) {
          const { rootCause } = engine.diagnose(d, events);
          if (rootCause.category !== rule.meta.category) {
            problems.push(`diagnosed ${rootCause.category} (${rootCause.confidence}) instead of ${rule.meta.category}: ${rootCause.summary}`);
          }
        }
        return problems;
      },
    });
  }
  cases.push({
    name: 'every signature has an invalid case',
    run: () => {
      const covered = new Set(tables.invalid.flatMap((c) => c.signatures));
      return rule.signatures.filter((s) => !covered.has(s.name)).map((s) => `${family}/${s.name} has no invalid case`);
    },
  });
  return cases;
}
