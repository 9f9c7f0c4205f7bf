import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ClusterEvent } from '../events/types.js';
import { healthyChatter } from './chatter.js';
import { builtinRules, createRuleEngine, isEvidenceCandidate } from './index.js';
import { literalScanner, requiredLiterals } from './literals.js';
import { gate } from './match.js';
import { anyOf, validateSignature } from './prefilter.js';
import { cl, eventRecord, logLine } from './test-events.js';
import type { Signature } from './types.js';

const signatures = builtinRules.flatMap((r) => r.signatures);
const sources = signatures.flatMap((s) => [s.pattern, s.template]).filter((p): p is RegExp => p !== undefined);
const couldMatch = (e: ClusterEvent) => signatures.some((s) => gate(s, e));

describe('isEvidenceCandidate', () => {
  it('rejects healthy chatter', () => {
    for (const line of [
      cl('2024/03/05-10:14:10.000', 'INFO', '[RES] Physical Disk <Cluster Disk 1>: IsAlive sanity check succeeded'),
      cl('2024/03/05-10:14:10.000', 'INFO', '[GUM] Node 2: Executing locally gumId: 357, updates: 1, first action: /dm/update'),
      cl('2024/03/05-10:14:10.000', 'INFO', '[RES] SQL Server Availability Group <AG1>: [hadrag] IsAlive request.'),
      cl('2024/03/05-10:14:10.000', 'INFO', '[RCM] TransitionToState(App1) OnlineCallIssued-->Online.'),
      cl('2024/03/05-10:14:10.000', 'DBG', '[NETFTAPI] received NsiParameterNotification for 169.254.1.5 (IpDadStatePreferred)'),
      cl('2024/03/05-10:14:10.000', 'INFO', '[CHANNEL 10.0.0.2:~3343~] graceful close, status (of previous failure, may not indicate problem) (0)'),
    ]) {
      expect(isEvidenceCandidate(logLine(line)), line).toBe(false);
    }
  });

  it('accepts the records signatures look for, at any level where the component is named', () => {
    for (const line of [
      cl('2024/03/05-10:14:10.000', 'ERR', '[RES] Network Name <VCO>: Unable to Logon. winError 1326'),
      cl('2024/03/05-10:14:10.000', 'INFO', '[RES] Network Name <VCO>: Logon failed so priming local KDC cache to \\\\DC1 for domain CONTOSO, status = 0 .'),
      cl('2024/03/05-10:14:10.000', 'INFO', "[NODE] Node 1: New join with n3: stage: 'Attempt Initial Connection' status (10060) reason: 'Failed to connect to remote endpoint 10.0.0.3:~3343~'"),
      cl('2024/03/05-10:14:10.000', 'WARN', '[NETFT] Failed to send keep-alive ioctl to NetFT: 0xd0000001'),
      cl('2024/03/05-10:14:10.000', 'INFO', '[CHANNEL 10.0.0.2:~3343~] Connection to Node 2 is broken'),
    ]) {
      expect(isEvidenceCandidate(logLine(line)), line).toBe(true);
    }
    expect(isEvidenceCandidate(eventRecord(1135, ''))).toBe(true);
    expect(isEvidenceCandidate(eventRecord(null, 'Reset to device, \\Device\\RaidPort0, was issued.'))).toBe(true);
    expect(isEvidenceCandidate(eventRecord(7036, 'The Windows Update service entered the running state.'))).toBe(false);
  });

  it('never rejects a record some signature matches (healthy chatter)', () => {
    const records = healthyChatter(5000);
    for (const e of records) if (couldMatch(e)) expect(isEvidenceCandidate(e), e.text).toBe(true);
  });

  it('never rejects a record some signature matches (generated text around the patterns’ literals)', () => {
    const fragments = sources.flatMap((p) => requiredLiterals(p.source) ?? []).map((l) => l.replace(/^./, (c) => c.toUpperCase()));
    const text = fc
      .array(fc.oneof(fc.constantFrom(...fragments), fc.constantFrom(' ', ': ', ' error ', ' status 5 ', '(c00000b5)', ' 121 ', ', 98.5, 1024, 0.2, 0.3'), fc.string({ maxLength: 6 })), { maxLength: 8 })
      .map((parts) => parts.join(''));
    const kind = fc.constantFrom('RES', 'RES-generic', 'generic-info', 'generic-warn', 'eventlog', 'eventlog-noid');
    fc.assert(
      fc.property(text, kind, fc.constantFrom('Network Name', 'Physical Disk', 'File Share Witness', 'SQL Server Availability Group', 'Virtual Machine', 'IP Address'), (t, k, type) => {
        let e: ClusterEvent;
        if (k === 'RES') e = logLine(cl('2024/03/05-10:14:10.000', 'INFO', `[RES] ${type} <R1>: ${t}`));
        else if (k === 'RES-generic') e = { ...logLine(cl('2024/03/05-10:14:10.000', 'INFO', `[RES] ${type} <R1>: ${t}`)), type: 'generic' } as ClusterEvent;
        else if (k === 'generic-info') e = logLine(cl('2024/03/05-10:14:10.000', 'INFO', `[IM] ${t}`));
        else if (k === 'generic-warn') e = logLine(cl('2024/03/05-10:14:10.000', 'WARN', `[CS] ${t}`));
        else e = eventRecord(k === 'eventlog' ? 5120 : null, t);
        return !couldMatch(e) || isEvidenceCandidate(e);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('literal analysis', () => {
  it('derives literals for every pattern of the built-in rules (no regex fallback in the hot path)', () => {
    const without = signatures.filter((s) => s.pattern !== undefined && requiredLiterals(s.pattern.source) === null && s.resourceType === undefined);
    expect(without.map((s) => s.name)).toEqual([]);
  });

  it('finds the literal one of which every match contains', () => {
    expect(requiredLiterals('Unable to Logon|winError 1326')).toEqual(['unable to logon', 'winerror 1326']);
    expect(requiredLiterals('(?<!if )all routes for route .{0,200}are down')).toEqual(['all routes for route ']);
    expect(requiredLiterals('\\blive dump|\\blive kernel dump')).toEqual(['live dump', 'live kernel dump']);
    expect(requiredLiterals('(?:error|status)\\D{0,24}\\b(?:9002|9005)\\b')).toEqual(['9002', '9005']);
    expect(requiredLiterals('Dns:\\s*HealthCheck\\b.*(?:fail|error)')).toEqual(['healthcheck']);
    expect(requiredLiterals('SuGetSpace')).toEqual(['sugetspace']);
    expect(requiredLiterals('(?<x>abc)\\k<x>')).toEqual(['abc']);
    expect(requiredLiterals('a?b*')).toBeNull();
    expect(requiredLiterals('\\d+,\\d+')).toBeNull();
  });

  it('scans like String#includes on lower-cased text', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ minLength: 2, maxLength: 6, unit: fc.constantFrom('a', 'B', 'c', ' ', '1', ':', '_') }), { minLength: 1, maxLength: 12 }), fc.string({ maxLength: 40, unit: fc.constantFrom('a', 'b', 'C', ' ', '1', ':', '_', 'é') }), (lits, text) => {
        const lower = lits.map((l) => l.toLowerCase());
        return literalScanner(lower)(text) === lower.some((l) => text.toLowerCase().includes(l));
      }),
      { numRuns: 2000 },
    );
  });

  it('scans like String#includes with many overlapping literals (deep failure links)', () => {
    const unit = fc.constantFrom('a', 'b', 'A', ' ');
    fc.assert(
      fc.property(fc.array(fc.string({ minLength: 2, maxLength: 8, unit }), { minLength: 1, maxLength: 60 }), fc.string({ maxLength: 80, unit }), (lits, text) => {
        const lower = lits.map((l) => l.toLowerCase());
        return literalScanner(lower)(text) === lower.some((l) => text.toLowerCase().includes(l));
      }),
      { numRuns: 1000 },
    );
  });

  it('rejects a non-ASCII literal when built, before any scan', () => {
    expect(() => literalScanner(['abc', 'é1'])).toThrow(/non-ASCII/);
  });

  it('gives the same answers when scanners are built again from the same patterns', () => {
    const patterns = signatures.flatMap((s) => (s.pattern !== undefined ? [s.pattern] : []));
    const once = anyOf(patterns)!;
    const again = anyOf(patterns)!;
    for (const text of ['nothing here', ...patterns.map((p) => p.source.replace(/[^A-Za-z ]/g, ''))]) expect(again(text)).toBe(once(text));
  });
});

describe('signature validation', () => {
  const base: Signature = { name: 'x', description: 'x', on: ['res.message'], pattern: /x/i, weight: 0.5, explain: () => 'x' };
  it.each([
    ['a global pattern', { ...base, pattern: /x/gi }],
    ['a pattern without the i flag', { ...base, pattern: /x/ }],
    ['a RES signature without a pattern', { ...base, pattern: undefined }],
    ['an event-log signature with neither ids nor pattern', { ...base, on: ['eventlog.record'], pattern: undefined }],
    ['a template without ids', { ...base, template: /x/i }],
    ['a weight above 1', { ...base, weight: 1.5 }],
    ['a name that is not kebab-case', { ...base, name: 'Bad_Name' }],
  ] as [string, Signature][])('rejects %s', (_name, sig) => {
    expect(() => validateSignature('test', sig)).toThrow();
  });

  it('rejects duplicate families and names', () => {
    const rule = builtinRules[0]!;
    expect(() => createRuleEngine([rule, rule])).toThrow(/duplicate rule family/);
    expect(() => createRuleEngine([{ ...rule, signatures: [...rule.signatures, rule.signatures[0]!] }])).toThrow(/duplicate name/);
  });
});
