import { describe, expect, it } from 'vitest';
import { stringUnits, wideUnits } from '../../input/units.js';
import { dayStartMs, newParsedLine, newUnitLine, parseLine, parseUnits, type ParsedLine, type UnitLine } from './grammar.js';

function parse(line: string): ParsedLine | null {
  const out = newParsedLine();
  return parseLine(line, out) ? { ...out } : null;
}

const T = Date.UTC(2013, 2, 8, 8, 13, 1, 1);

describe('parseLine: prefix shapes', () => {
  it('standard 8.8 prefix (fast path)', () => {
    const p = parse('00001894.000018a4::2013/03/08-08:13:01.001 ERR   [RHS] RhsCall::DeadlockMonitor: Call ONLINERESOURCE timed out');
    expect(p).toMatchObject({
      shape: 'standard',
      channel: null,
      pid: 0x1894,
      tid: 0x18a4,
      timeText: '2013/03/08-08:13:01.001',
      wallMs: T,
      level: 'ERR',
      levelText: 'ERR',
      component: 'RHS',
      func: null,
      text: 'RhsCall::DeadlockMonitor: Call ONLINERESOURCE timed out',
      indented: false,
    });
  });

  it.each([
    ['INFO  ', 'INFO'],
    ['WARN  ', 'WARN'],
    ['ERR   ', 'ERR'],
    ['DBG   ', 'DBG'],
    ['CRIT  ', 'CRIT'],
    ['info ', 'INFO'],
    ['warn ', 'WARN'],
    ['err ', 'ERR'],
    ['Dbg ', 'DBG'],
  ])('level %j → %s (padding single, double or none)', (field, level) => {
    const p = parse(`00001894.000018a4::2013/03/08-08:13:01.001 ${field}[RCM] x`);
    expect(p?.level).toBe(level);
    expect(p?.component).toBe('RCM');
    expect(p?.text).toBe('x');
  });

  it('single-spaced padding as copied from HTML', () => {
    const p = parse("000008c8.00002528::2009/06/17-20:07:57.900 WARN [RCM] ResourceControl(GET_NETWORK_NAME) to X returned 5910.");
    expect(p).toMatchObject({ shape: 'standard', level: 'WARN', component: 'RCM' });
  });

  it('lower-case hex PID/TID', () => {
    expect(parse('0000ab34.00004e64::2014/06/10-07:54:34.099 DBG   [NETFTAPI] x')).toMatchObject({ pid: 0xab34, tid: 0x4e64 });
  });

  it('7-digit PID or TID (W2K-era) goes through the slow path', () => {
    const p = parse('00000ccc.0000ca4::2005/06/14-18:05:42.231 ERR  [FM] failed');
    expect(p).toMatchObject({ shape: 'standard', pid: 0xccc, tid: 0xca4, level: 'ERR', component: 'FM', text: 'failed' });
  });

  it('channel prefixes before the PID', () => {
    expect(parse('[System] 00000844.00001278::2017/10/23-21:01:11.623 ERR   The Cluster service failed')).toMatchObject({
      channel: 'System',
      level: 'ERR',
      component: null,
      text: 'The Cluster service failed',
    });
    expect(parse('[Verbose] 00000844.00001278::2017/10/23-21:01:11.623 INFO  [RCM] x')).toMatchObject({ channel: 'Verbose', component: 'RCM' });
    expect(parse('[Operational] 00000844.00001278::2017/10/23-21:01:11.623 INFO  y')).toMatchObject({ channel: 'Operational' });
  });

  it('function name before the tag', () => {
    expect(parse('00000e48.00001c70::2020/02/27-06:51:03.118 INFO  rcm::RcmResource::OnlineWorker[RCM] Issuing Arbitrate(W) to RHS.')).toMatchObject({
      func: 'rcm::RcmResource::OnlineWorker',
      component: 'RCM',
      text: 'Issuing Arbitrate(W) to RHS.',
    });
  });

  it('lines with no tag', () => {
    expect(parse('00000fe4.00001628::2022/12/15-14:26:02.654 WARN lost quorum (status = 5925)')).toMatchObject({
      level: 'WARN',
      component: null,
      text: 'lost quorum (status = 5925)',
    });
    expect(parse("00000fe4.00001628::2022/12/15-14:26:02.654 WARN  cxl::ConnectWorker::operator (): GracefulClose(1226)' because")).toMatchObject({
      component: null,
      func: null,
      text: "cxl::ConnectWorker::operator (): GracefulClose(1226)' because",
    });
  });

  it('an unterminated bracket is text, not a tag', () => {
    expect(parse('00003728.00001654::2011/12/19-12:39:49.975 INFO  [Reconnector- Reconnector from epoch 3 to epoch 4 waited 28.000 so far.')).toMatchObject({
      component: null,
      text: '[Reconnector- Reconnector from epoch 3 to epoch 4 waited 28.000 so far.',
    });
  });

  it('tags with spaces are kept whole', () => {
    expect(parse('00000001.00000002::2020/05/12-01:17:47.289 INFO  [CHANNEL 10.0.0.4:~3343~] graceful close')?.component).toBe('CHANNEL 10.0.0.4:~3343~');
  });

  it('indentation past the level padding marks struct-dump lines', () => {
    expect(parse('0000ab34.00007328::2014/06/10-07:54:34.100 INFO    <Delay>1000</Delay>')).toMatchObject({ indented: true, text: '<Delay>1000</Delay>' });
    expect(parse('0000ab34.00007328::2014/06/10-07:54:34.100 INFO   removed')?.indented).toBe(true);
    expect(parse('0000ab34.00007328::2014/06/10-07:54:34.100 INFO  </struct mscs::FaultTolerantRoute>')?.indented).toBe(false);
  });

  it('legacy Windows 2000/2003 lines have no level', () => {
    expect(parse('00000534.00000500::1999/10/21-23:09:01.999 [NM] Holding I/O.')).toMatchObject({
      shape: 'legacy',
      level: null,
      component: 'NM',
      wallMs: Date.UTC(1999, 9, 21, 23, 9, 1, 999),
      text: 'Holding I/O.',
    });
  });

  it('NT4: TID and day of month only', () => {
    expect(parse('0c4::14-08:30:12.204 [FM] Creating group')).toMatchObject({
      shape: 'nt4',
      pid: null,
      tid: 0xc4,
      dayOfMonth: 14,
      timeOfDayMs: ((8 * 60 + 30) * 60 + 12) * 1000 + 204,
      wallMs: null,
      timeText: '14-08:30:12.204',
      component: 'FM',
    });
  });

  it('trimmed: only HH:MM:SS.mmm LEVEL ...', () => {
    expect(parse('21:16:18.436 INFO  [CORE] Node 2: New View')).toMatchObject({
      shape: 'time-only',
      wallMs: null,
      timeText: '21:16:18.436',
      timeOfDayMs: ((21 * 60 + 16) * 60 + 18) * 1000 + 436,
      level: 'INFO',
      component: 'CORE',
    });
    expect(parse('21:17:51.909 ERR   Quorum lost because x')).toMatchObject({ shape: 'time-only', component: null, text: 'Quorum lost because x' });
  });

  it('trimmed: only YYYY/MM/DD-HH:MM:SS.mmm LEVEL ...', () => {
    expect(parse('2013/03/08-08:13:01.001 INFO [RES] x')).toMatchObject({ shape: 'date-only', wallMs: T, pid: null, component: 'RES' });
  });

  it('trimmed: only LEVEL [COMP] text', () => {
    expect(parse('ERR [RES] Network Name <VCO>: Unable to Logon. winError 1326')).toMatchObject({
      shape: 'level-only',
      level: 'ERR',
      component: 'RES',
      timeText: null,
      wallMs: null,
    });
    expect(parse('WARN lost quorum (status = 5925)')).toMatchObject({ shape: 'level-only', component: null });
  });

  it('placeholders in place of the PID/TID or time', () => {
    expect(parse('00000fe4.00001edc::<Date and Time> INFO [NODE] x')).toMatchObject({ shape: 'placeholder', pid: 0xfe4, timeText: null, wallMs: null, component: 'NODE' });
    expect(parse('<Date and Time> INFO [RCM] x')).toMatchObject({ shape: 'placeholder', component: 'RCM' });
    expect(parse('????.????::YYYY/MM/DD-HH:MM:SS.mmm ERR [RHS] x')).toMatchObject({ shape: 'placeholder', pid: null, tid: null, level: 'ERR' });
    expect(parse('YYYY/MM/DD-07:54:34.099 INFO [IM] x')).toMatchObject({
      shape: 'placeholder',
      timeText: 'YYYY/MM/DD-07:54:34.099',
      wallMs: null,
      timeOfDayMs: ((7 * 60 + 54) * 60 + 34) * 1000 + 99,
    });
    expect(parse('<PID>.<TID>::2013/03/08-08:13:01.001 INFO [RES] x')).toMatchObject({ shape: 'standard', pid: null, wallMs: T });
  });

  it('invalid calendar values keep the line but give no wall time', () => {
    expect(parse('00001894.000018a4::2013/02/30-08:13:01.001 INFO  [RCM] x')).toMatchObject({ shape: 'standard', wallMs: null, timeText: '2013/02/30-08:13:01.001' });
    expect(parse('00001894.000018a4::2013/03/08-25:13:01.001 INFO  [RCM] x')?.wallMs).toBeNull();
  });

  it.each([
    [''],
    ['   '],
    ['Run the Validate a Configuration wizard to check your network configuration.'],
    ['.'],
    ['the interface as unreachable and waiting'],
    ['[RES] Network Name <VCO>: no level'],
    ['Information about the event'],
    ['12:30 is not a time with milliseconds'],
  ])('continuation text is not a record: %j', (line) => {
    expect(parse(line)).toBeNull();
  });
});

describe('dayStartMs', () => {
  it('matches Date.UTC and rejects impossible dates', () => {
    expect(dayStartMs(2024, 2, 29)).toBe(Date.UTC(2024, 1, 29));
    expect(dayStartMs(2023, 2, 29)).toBeNaN();
    expect(dayStartMs(2023, 13, 1)).toBeNaN();
    expect(dayStartMs(2023, 12, 31)).toBe(Date.UTC(2023, 11, 31));
  });
});

describe('parseUnits: the word-at-a-time path for one-byte text', () => {
  /** The same line as one-byte units (word path) and as UTF-16 units (unit-by-unit path). */
  function both(line: string): [UnitLine | null, UnitLine | null] {
    const narrow = newUnitLine();
    const wide = newUnitLine();
    const a = parseUnits(stringUnits(line), 0, line.length, narrow) ? { ...narrow } : null;
    const b = parseUnits(wideUnits(Buffer.from(line, 'utf16le'), false), 0, line.length, wide) ? { ...wide } : null;
    return [a, b];
  }

  const LINES = [
    '00000cf0.00008d80::2023/03/06-00:00:02.911 INFO  [DM] Node 1: Checkpointing the cluster database',
    '00000cf0.00008d80::2023/03/06-00:00:02.911 ERR   [RHS] x',
    '00000cf0.00008d80::2023/03/06-00:00:02.911 DBG   [NETFT] x',
    '00000cf0.00008d80::2023/03/06-00:00:02.911 WARN  [RCM] x',
    '00000cf0.00008d80::2023/03/06-00:00:02.911 CRIT  [RCM]   x  ',
    '0000ABCD.0000ef01::2023/03/06-23:59:59.999 INFO  rcm::Foo[RCM] x',
    '00000cf0.00008d80::2023/03/06-00:00:02.911 INFO    <fromNode>1</fromNode>',
    '00000cf0.00008d80::2023/03/06-00:00:02.911 INFO  [] xxxxxxxxxxxx',
    '00000cf0.00008d80::2023/03/06-00:00:02.911 INFO  [ABC xxxxxxxxx',
    'ffffffff.FFFFFFFF::2023/02/29-24:00:60.911 INFO  [DM] xxxxxxxx',
    '00000cf0.00008d80::9999/99/99-99:99:99.999 info  [DM] xxxxxxxxx',
  ];
  // Every kind of character the prefix separates or is made of, and a few that only look alike.
  const CHARS = ['0', '9', 'a', 'f', 'A', 'F', 'g', 'G', '/', ':', '.', '-', ' ', '\t', '[', ']', '\u0000', '\u00ff', '\u0010', '@', '`', '~'];

  it('reads standard lines like the general path', () => {
    expect(stringUnits(LINES[0]!).wide).toBe(false);
    for (const line of LINES) {
      const [a, b] = both(line);
      expect(a).not.toBeNull();
      expect(a).toEqual(b);
    }
  });

  it('agrees with the general path when any one character of the prefix is changed', () => {
    const differ: string[] = [];
    for (const line of LINES) {
      for (let k = 0; k < 56; k++) {
        for (const c of CHARS) {
          const changed = line.slice(0, k) + c + line.slice(k + 1);
          // Also at the shortest lengths the word path takes, and after a channel.
          for (const l of [changed, changed.slice(0, 50), changed.slice(0, 49), `[System] ${changed}`]) {
            const [a, b] = both(l);
            if (JSON.stringify(a) !== JSON.stringify(b)) differ.push(l);
          }
        }
      }
    }
    expect(differ).toEqual([]);
  });

  it('gives the hash of the tag it found, the same on both paths', () => {
    const [a, b] = both('00000cf0.00008d80::2023/03/06-00:00:02.911 INFO  [GUM] x');
    expect(a?.compHash).toBe(b?.compHash);
    const [c] = both('00000cf0.00008d80::2023/03/06-00:00:02.911 INFO  [GEM] x');
    expect(c?.compHash).not.toBe(a?.compHash);
  });

  it('marks a line without a full date with NaN, and parseLine with null', () => {
    const p = newUnitLine();
    const line = '21:16:18.436 INFO  [RCM] x';
    expect(parseUnits(stringUnits(line), 0, line.length, p)).toBe(true);
    expect(p.wallMs).toBeNaN();
    expect(parse(line)?.wallMs).toBeNull();
  });
});
