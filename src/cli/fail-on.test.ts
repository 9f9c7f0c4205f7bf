import { describe, expect, it } from 'vitest';
import { sampleReport } from '../../test/helpers/sample-report.js';
import { anyFails, matchesFailOn, parseFailOn } from './fail-on.js';

const [nodeDown, deadlock, quorum] = sampleReport().incidents;

describe('--fail-on', () => {
  it('parses kinds, severities and any, in any case and with spaces', () => {
    const f = parseFailOn('Deadlock, rhs-failure ,error');
    expect([...f.kinds]).toEqual(['deadlock', 'rhs-failure']);
    expect(f.severity).toBe('error');
    expect(f.any).toBe(false);
    expect(parseFailOn('any').any).toBe(true);
  });

  it('keeps the most inclusive severity when several are given', () => {
    expect(parseFailOn('critical,warning').severity).toBe('warning');
  });

  it('rejects unknown values and empty lists, naming the valid ones', () => {
    expect(() => parseFailOn('deadlocks')).toThrow(/unknown value 'deadlocks'; expected: any, critical, error, warning, deadlock/);
    expect(() => parseFailOn(' , ')).toThrow(/comma-separated/);
  });

  it('matches kinds exactly and severities at or above the threshold', () => {
    expect(matchesFailOn(parseFailOn('deadlock'), deadlock!)).toBe(true);
    expect(matchesFailOn(parseFailOn('deadlock'), nodeDown!)).toBe(false);
    expect(matchesFailOn(parseFailOn('critical'), nodeDown!)).toBe(false);
    expect(matchesFailOn(parseFailOn('error'), nodeDown!)).toBe(true);
    expect(matchesFailOn(parseFailOn('error'), quorum!)).toBe(true);
    expect(matchesFailOn(parseFailOn('warning'), { ...nodeDown!, severity: 'warning' })).toBe(true);
    expect(matchesFailOn(parseFailOn('any'), nodeDown!)).toBe(true);
  });

  it('fails only when an incident matches', () => {
    expect(anyFails(undefined, sampleReport().incidents)).toBe(false);
    expect(anyFails(parseFailOn('csv-failure'), sampleReport().incidents)).toBe(false);
    expect(anyFails(parseFailOn('deadlock,rhs-failure'), sampleReport().incidents)).toBe(true);
    expect(anyFails(parseFailOn('any'), [])).toBe(false);
  });
});
