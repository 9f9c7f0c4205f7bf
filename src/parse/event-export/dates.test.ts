import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { conventionalOrder, evidenceOf, parseDateTime, parseGeneral, parseIsoUtc, parseMsJsonDate, wallMsOf } from './dates.js';
import { parseEventTz } from './zone.js';

const utc = (s: string): number => Date.parse(`${s}Z`);

describe('parseDateTime', () => {
  it.each([
    ['6/17/2009 4:07:58 PM', 'MDY', '2009-06-17T16:07:58'],
    ['06/17/2009 04:07:58 AM', 'MDY', '2009-06-17T04:07:58'],
    ['12/01/2009 12:07:58 AM', 'MDY', '2009-12-01T00:07:58'],
    ['17.06.2009 16:07:58', 'DMY', '2009-06-17T16:07:58'],
    ['17/06/2009 16:07:58', 'DMY', '2009-06-17T16:07:58'],
    ['2009-06-17 16:07:58', null, '2009-06-17T16:07:58'],
    ['2019/5/26 10:21:11', null, '2019-05-26T10:21:11'],
    ['2009/06/17 午後 4:07:58', null, '2009-06-17T16:07:58'],
    ['2009/6/17 下午 4:07:58', null, '2009-06-17T16:07:58'],
    ['2019-05-26T10:21:11.251', null, '2019-05-26T10:21:11.251'],
    ['17.06.09 16:07', 'DMY', '2009-06-17T16:07:00'],
    ['2009. 06. 17. 16:07:58', null, '2009-06-17T16:07:58'],
  ])('%s', (text, order, expected) => {
    const p = parseDateTime(text);
    expect(p).not.toBeNull();
    if (!p) return;
    expect(wallMsOf(p, order as 'DMY' | 'MDY' | null)).toBe(utc(expected));
  });

  it('takes the time from a separate field', () => {
    const p = parseDateTime('02/23/2021', '08:50:16 PM');
    expect(p && wallMsOf(p, 'MDY')).toBe(utc('2021-02-23T20:50:16'));
  });

  it('keeps a written offset as minutes to add for UTC', () => {
    expect(parseDateTime('2009-06-17T16:07:58.1234567+02:00')?.offsetMinutes).toBe(-120);
    expect(parseDateTime('2009-06-17T16:07:58Z')?.offsetMinutes).toBe(0);
    expect(parseDateTime('2009-06-17T16:07:58-05:00')?.offsetMinutes).toBe(300);
    expect(parseIsoUtc('2009-06-17T20:07:58.009000000Z')).toBe(utc('2009-06-17T20:07:58.009'));
  });

  it('rejects what is not a date with a time', () => {
    for (const bad of ['', 'Error', '1230', '6/17/2009 banana', '13:61:00', '6/17/2009 25:00:00', '2009-02-30 10:00:00 extra']) {
      expect(parseDateTime(bad), bad).toBeNull();
    }
    const feb30 = parseDateTime('2009-02-30 10:00:00');
    expect(feb30 && wallMsOf(feb30, null)).toBeNull();
  });

  it('knows which dates prove the day/month order and what convention says otherwise', () => {
    const p = (t: string) => parseDateTime(t) ?? (() => { throw new Error(t); })();
    expect(evidenceOf(p('17.06.2009 10:00'))).toBe('DMY');
    expect(evidenceOf(p('6/17/2009 10:00 AM'))).toBe('MDY');
    expect(evidenceOf(p('05/06/2009 10:00'))).toBeNull();
    expect(conventionalOrder(p('05/06/2009 10:00:00 AM'))).toBe('MDY');
    expect(conventionalOrder(p('05.06.2009 10:00:00'))).toBe('DMY');
    expect(conventionalOrder(p('05/06/2009 10:00:00'))).toBe('DMY');
  });

  it('reads Windows PowerShell JSON dates as UTC milliseconds', () => {
    expect(parseMsJsonDate('/Date(1245269278000)/')).toBe(1245269278000);
    expect(parseMsJsonDate('\\/Date(1245269278000)\\/')).toBe(1245269278000);
    expect(parseMsJsonDate('/Date(1245269278000+0200)/')).toBe(1245269278000);
    expect(parseMsJsonDate('2009-06-17')).toBeNull();
  });
});

describe('--event-tz', () => {
  it('reads fixed offsets as minutes to add for UTC', () => {
    expect(parseEventTz('+02:00')?.offsetAt(0)).toBe(-120);
    expect(parseEventTz('-5')?.offsetAt(0)).toBe(300);
    expect(parseEventTz('UTC+5:30')?.offsetAt(0)).toBe(-330);
    expect(parseEventTz('UTC')?.offsetAt(0)).toBe(0);
    expect(parseEventTz('Mars/Olympus')).toBeNull();
    expect(parseEventTz('+25')).toBeNull();
  });

  it('follows DST per record for IANA zones', () => {
    const berlin = parseEventTz('Europe/Berlin');
    expect(berlin).not.toBeNull();
    expect(berlin?.offsetAt(utc('2023-01-15T12:00:00'))).toBe(-60);
    expect(berlin?.offsetAt(utc('2023-07-15T12:00:00'))).toBe(-120);
    const ny = parseEventTz('America/New_York');
    expect(ny?.offsetAt(utc('2023-03-12T01:30:00'))).toBe(300);
    expect(ny?.offsetAt(utc('2023-03-12T03:30:00'))).toBe(240);
  });
});

describe('parseDateTime fast path', () => {
  // The hand scanner must read every text exactly as the general (regex) reader does, or leave it to it.
  const TOKENS = [
    '0', '1', '2', '3', '5', '6', '7', '9', '12', '17', '31', '59', '60', '99', '123', '2009', '12345', '0.5', '1234567',
    '/', '.', '-', ':', ',', ' ', '  ', '\t', '\u00a0', 'T', 't', 'Z', 'z', '+', 'AM', 'pm', 'Pm', 'a.m.', 'p. m.', '午後', '오전',
    'UTC', 'GMT', '+02:00', '-05:00', '+0200', '+2', 'x',
  ];
  const cases = fc.array(fc.constantFrom(...TOKENS), { maxLength: 14 }).map((t) => t.join(''));
  const shaped = fc
    .tuple(
      fc.constantFrom('6/17/2009', '06/17/2009', '17.06.2009', '2009-06-17', '2019/5/26', '17.06.09', '1/2/345', '2009-13-45', '99999/1/1'),
      fc.constantFrom('', ' ', 'T', ', ', '  '),
      fc.constantFrom('', '4:07', '4:07:58', '16:07:58.1234567', '12:00:00,5', '24:00:00', '0:00:00', '4:7', '4:07:5', '123:00'),
      fc.constantFrom('', ' ', ' PM', ' am', 'AM', ' PMx', ' Z', 'Z', '+02:00', ' -05:30', '+1:00', 'Z1', ' UTC'),
    )
    .map((p) => p.join(''));

  it('agrees with the general reader', () => {
    fc.assert(
      fc.property(fc.oneof(cases, shaped), (text) => {
        expect(parseDateTime(text)).toEqual(parseGeneral(text.trim()));
      }),
      { numRuns: 20000 },
    );
  });

  it('agrees on a separate time field', () => {
    expect(parseDateTime('02/23/2021', '08:50:16 PM')).toEqual(parseGeneral('02/23/2021 08:50:16 PM'));
    expect(parseDateTime('2009-06-17T20:07:58.009000000Z')).toEqual(parseGeneral('2009-06-17T20:07:58.009000000Z'));
  });
});

describe('wallMsOf', () => {
  it('rejects days a month does not have, and times that run into the next day', () => {
    const at = (t: string) => {
      const p = parseDateTime(t);
      return p && wallMsOf(p, 'DMY');
    };
    expect(at('2009-02-28 10:00:00')).toBe(utc('2009-02-28T10:00:00'));
    expect(at('2009-02-29 10:00:00')).toBeNull();
    expect(at('2008-02-29 10:00:00')).toBe(utc('2008-02-29T10:00:00'));
    expect(at('2009-04-31 10:00:00')).toBeNull();
    expect(at('2016-12-31 23:59:60')).toBeNull();
    expect(at('2016-12-27 23:59:60')).toBeNull();
    expect(at('2016-12-27 23:59:59.9999')).toBe(utc('2016-12-27T23:59:59.999'));
    // Nine nines round up to 1000 ms, which is the next day.
    expect(at('2016-12-27 23:59:59.999999999')).toBeNull();
  });
});
