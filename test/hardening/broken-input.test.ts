/**
 * Broken input, through the built CLI: each damaged file gets one clear line on stderr that names it,
 * and everything else in the same run is still analysed.
 */
import { closeSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/shared/report.js';
import {
  analyzeJson,
  chatterLines,
  clusterLine,
  crlf,
  csvQuote,
  deadlockLines,
  eventXml,
  MESSAGE_1069,
  MESSAGE_1146,
  MESSAGE_1230,
  stderrLines,
  T0,
  tempDirs,
  usDateTime,
  type CliRun,
} from './support.js';

const dirs = tempDirs('broken');
afterAll(() => dirs.cleanup());

const HOUR = 3_600_000;

/** The stderr lines that name `file` (`wsfc-forensics: <file>: ...` or `<file>:<line>: ...`). */
function linesAbout(run: CliRun, file: string): string[] {
  return stderrLines(run).filter((l) => l.startsWith(`wsfc-forensics: ${file}:`));
}

function expectNoStack(run: CliRun): void {
  expect(run.stderr).not.toMatch(/internal error|\n\s+at /);
}

function deadlockOn(report: Report, node: string, resource: string): void {
  const found = report.incidents.filter((i) => i.kind === 'deadlock' && i.node === node && i.resource === resource);
  expect(found, `deadlock of ${resource} on ${node} among ${JSON.stringify(report.incidents.map((i) => [i.kind, i.node, i.resource]))}`).toHaveLength(1);
}

describe('a collection with one damaged file of each kind', () => {
  let dir: string;
  let run: CliRun;
  let report: Report;

  beforeAll(async () => {
    dir = dirs.make();
    const file = (name: string, content: string | Buffer): void => writeFileSync(join(dir, name), content);

    // The healthy node: its incident must come out whatever happens to the other files.
    file('GOOD1_cluster.log', crlf([...chatterLines(T0 - 60_000, 20), ...deadlockLines(T0, 'Cluster Name')]));

    // Only NUL bytes (a file preallocated and never written, or zeroed by a crash).
    file('ZERO1_cluster.log', Buffer.alloc(256 * 1024));

    // UTF-16LE cut in the middle of a character: an odd byte count.
    const u16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(crlf(deadlockLines(T0 + HOUR, 'SQL Network Name (PRDSQL)')), 'utf16le')]);
    file('TRUNC16_cluster.log', u16.subarray(0, u16.length - 3));

    // Two logs concatenated with `type a.log b.log > c.log`: the second one's BOM sits mid-file.
    const half = (at: number, resource: string): string => `\ufeff${crlf(deadlockLines(at, resource))}`;
    file('MIDBOM_cluster.log', Buffer.from(half(T0 + 2 * HOUR, 'Print Spooler') + half(T0 + 3 * HOUR, 'File Server'), 'utf8'));

    // A gzip download cut short: the first deadlock is complete before the cut, the rest is lost.
    const gz = gzipSync(Buffer.from(crlf([...deadlockLines(T0 + 4 * HOUR, 'Cluster IP Address'), ...chatterLines(T0 + 4 * HOUR + 400_000, 4000)])));
    file('GZCUT_cluster.log.gz', gz.subarray(0, Math.floor(gz.length / 2)));

    // `wevtutil qe System /f:xml` output cut inside the last event.
    const xml = [
      '<?xml version="1.0" encoding="UTF-8"?>',
      '<Events>',
      eventXml(1230, 9001, T0 + 5 * HOUR, 'XMLNODE.contoso.com', { ResourceName: 'Cluster Disk 7', ResourceType: 'Physical Disk', ResourceDll: 'clusres.dll' }),
      eventXml(1146, 9002, T0 + 5 * HOUR + 900, 'XMLNODE.contoso.com', {}, 1),
      eventXml(1069, 9003, T0 + 5 * HOUR + 1100, 'XMLNODE.contoso.com', { ResourceName: 'Cluster Disk 7', ResourceGroup: 'Available Storage', ResTypeName: 'Physical Disk' }),
    ].join('\r\n');
    file('XMLNODE-System.xml', xml.slice(0, xml.length - 150));

    // Event Viewer CSV whose second message lost its closing quote.
    const at = T0 + 6 * HOUR;
    file(
      'CSVNODE-System.csv',
      `\ufeff${crlf([
        'Level,Date and Time,Source,Event ID,Task Category',
        `Error,${usDateTime(at)},Microsoft-Windows-FailoverClustering,1230,Resource Control Manager,${csvQuote(MESSAGE_1230('Cluster Disk 9', 'Physical Disk', 'clusres.dll'))}`,
        `Critical,${usDateTime(at + 1000)},Microsoft-Windows-FailoverClustering,1146,Resource Control Manager,"${MESSAGE_1146}`,
        `Error,${usDateTime(at + 2000)},Microsoft-Windows-FailoverClustering,1069,Resource Control Manager,${csvQuote(MESSAGE_1069('Cluster Disk 9', 'Physical Disk', 'Available Storage'))}`,
        `Information,${usDateTime(at + 60_000)},Service Control Manager,7036,None,"The Windows Modules Installer service entered the running state."`,
      ])}`,
    );

    ({ run, report } = await analyzeJson([dir], { cwd: dir, timeoutMs: 45_000 }));
  }, 60_000);

  const input = (name: string) => report.inputs.find((i) => i.path.endsWith(name));

  it('exits 0 without a stack, and analyses the healthy file', () => {
    expect(run.status).toBe(0);
    expectNoStack(run);
    deadlockOn(report, 'GOOD1', 'Cluster Name');
  });

  it('a file of NUL bytes: skipped, one line naming it', () => {
    const lines = linesAbout(run, join(dir, 'ZERO1_cluster.log'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/NUL/);
    expect(report.skipped.map((s) => s.path)).toContain(join(dir, 'ZERO1_cluster.log'));
  });

  it('UTF-16 with an odd byte count: one warning naming it, the complete lines read', () => {
    const lines = linesAbout(run, join(dir, 'TRUNC16_cluster.log'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/odd number of bytes|truncated/i);
    expect(input('TRUNC16_cluster.log')).toMatchObject({ encoding: 'utf-16le', records: 5 });
    deadlockOn(report, 'TRUNC16', 'SQL Network Name (PRDSQL)');
  });

  it('a BOM in the middle of a file: both halves read, no stray U+FEFF anywhere', () => {
    expect(linesAbout(run, join(dir, 'MIDBOM_cluster.log'))).toEqual([]);
    expect(input('MIDBOM_cluster.log')).toMatchObject({ records: 10, unparsed: 0 });
    deadlockOn(report, 'MIDBOM', 'Print Spooler');
    deadlockOn(report, 'MIDBOM', 'File Server');
    expect(JSON.stringify(report)).not.toContain('\\ufeff');
    expect(JSON.stringify(report)).not.toContain('\ufeff');
  });

  it('a gzip file cut short: one warning naming it, what was decompressed is analysed', () => {
    const lines = linesAbout(run, join(dir, 'GZCUT_cluster.log.gz'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/gzip.*truncated|truncated.*gzip|unexpected end/i);
    expect(input('GZCUT_cluster.log.gz')?.encoding).toMatch(/\+gzip$/);
    expect(input('GZCUT_cluster.log.gz')?.records).toBeGreaterThan(5);
    deadlockOn(report, 'GZCUT', 'Cluster IP Address');
  });

  it('an XML export cut mid-element: one line naming it, the complete events kept', () => {
    const lines = linesAbout(run, join(dir, 'XMLNODE-System.xml'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/ends inside|cut off|truncated/i);
    expect(input('XMLNODE-System.xml')).toMatchObject({ format: 'eventlog-xml', records: 2, unparsed: 1 });
    const xmlEvents = report.incidents.flatMap((i) => i.timeline).filter((t) => t.source.file.endsWith('XMLNODE-System.xml'));
    expect(xmlEvents.map((t) => t.event)).toEqual(expect.arrayContaining(['eventlog.1230', 'eventlog.1146']));
  });

  it('a CSV export with an unterminated quote: one line naming it, the other records kept', () => {
    // A second line may say that the export's time zone could not be aligned: that is not about the damage.
    const lines = linesAbout(run, join(dir, 'CSVNODE-System.csv')).filter((l) => !/offset unknown/.test(l));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/:3: .*(quote|never closed)/i);
    const csv = input('CSVNODE-System.csv');
    expect(csv?.format).toBe('eventlog-csv');
    expect((csv?.records ?? 0) + (csv?.unparsed ?? 0)).toBe(4);
    expect(csv?.records).toBeGreaterThanOrEqual(3);
  });
});

describe('mixed encodings in one folder (nodes exported on different machines)', () => {
  it('decodes each file by its own encoding and keeps non-ASCII resource names intact', async () => {
    const dir = dirs.make();
    const story = (n: number, resource: string): string => crlf(deadlockLines(T0 + n * HOUR, resource));
    writeFileSync(join(dir, 'ENC1_cluster.log'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(story(1, 'Clusterdatenträger 1'), 'utf16le')]));
    writeFileSync(join(dir, 'ENC2_cluster.log'), Buffer.from(story(2, 'Clusterdatenträger 2'), 'utf16le'));
    writeFileSync(join(dir, 'ENC3_cluster.log'), Buffer.from(`\ufeff${story(3, 'Disque de cluster é 3')}`, 'utf8'));
    writeFileSync(join(dir, 'ENC4_cluster.log'), Buffer.from(story(4, 'クラスター ディスク 4'), 'utf8'));
    writeFileSync(join(dir, 'ENC5_cluster.log'), Buffer.from(story(5, 'Clusterdatenträger 5'), 'latin1'));
    // Windows-1252 whose first non-ASCII byte comes after the first 64 KiB that the sniffer looks at.
    writeFileSync(join(dir, 'ENC6_cluster.log'), Buffer.from(crlf(chatterLines(T0 + 5 * HOUR, 1200)) + story(6, 'Clusterdatenträger 6'), 'latin1'));

    const { run, report } = await analyzeJson([dir], { cwd: dir });
    expect(run.status).toBe(0);
    expectNoStack(run);
    const enc = Object.fromEntries(report.inputs.map((i) => [i.node, i.encoding]));
    expect(enc).toMatchObject({ ENC1: 'utf-16le', ENC3: 'utf-8 (BOM)', ENC4: 'utf-8', ENC5: 'windows-1252', ENC6: 'windows-1252' });
    expect(enc['ENC2']).toMatch(/^utf-16le/);
    for (const i of report.inputs) expect(i.unparsed, i.path).toBe(0);
    deadlockOn(report, 'ENC1', 'Clusterdatenträger 1');
    deadlockOn(report, 'ENC2', 'Clusterdatenträger 2');
    deadlockOn(report, 'ENC3', 'Disque de cluster é 3');
    deadlockOn(report, 'ENC4', 'クラスター ディスク 4');
    deadlockOn(report, 'ENC5', 'Clusterdatenträger 5');
    deadlockOn(report, 'ENC6', 'Clusterdatenträger 6');
    expect(JSON.stringify(report)).not.toContain('\ufffd');
  });
});

describe('a single 100 MB line without a line break', () => {
  const MB = 1024 * 1024;
  let dir: string;
  let run: CliRun;
  let report: Report;

  /** A cluster.log line start followed by 100 MB of message text and no line break. */
  function writeHugeLine(path: string, before: string): void {
    const fd = openSync(path, 'w');
    try {
      writeSync(fd, `${before}${clusterLine(T0 + 2 * HOUR, 'INFO', 'RES', 'Generic Application <App1>: output: ')}`);
      const chunk = Buffer.from('0123456789abcdef '.repeat(MB / 16).slice(0, MB));
      for (let i = 0; i < 100; i++) writeSync(fd, chunk);
    } finally {
      closeSync(fd);
    }
  }

  beforeAll(async () => {
    dir = dirs.make();
    writeHugeLine(join(dir, 'HUGE1_cluster.log'), '');
    writeHugeLine(join(dir, 'HUGE2_cluster.log'), crlf(deadlockLines(T0 + HOUR, 'Cluster Name')));
    writeFileSync(join(dir, 'GOOD1_cluster.log'), crlf(deadlockLines(T0, 'SQL Network Name (PRDSQL)')));
    ({ run, report } = await analyzeJson([dir], { cwd: dir, measureMemory: true, timeoutMs: 50_000 }));
  }, 60_000);

  it('keeps memory bounded (the line is cut, not held)', () => {
    expect(run.status).toBe(0);
    expectNoStack(run);
    expect(run.peakRssKb, 'peak RSS could not be measured').not.toBeNull();
    expect(run.peakRssKb!).toBeLessThan(256 * 1024);
  });

  it('after complete lines: the lines are analysed and the cut is reported once, naming the file', () => {
    deadlockOn(report, 'HUGE2', 'Cluster Name');
    deadlockOn(report, 'GOOD1', 'SQL Network Name (PRDSQL)');
    const lines = linesAbout(run, join(dir, 'HUGE2_cluster.log'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/longer than .* cut/);
    expect(report.inputs.find((i) => i.node === 'HUGE2')).toMatchObject({ format: 'cluster-log', records: 6, unparsed: 0 });
  });

  it('as the only line of a file: read as a cluster log with the cut reported, not skipped as "no text content"', () => {
    const lines = linesAbout(run, join(dir, 'HUGE1_cluster.log'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toMatch(/no text content/);
    expect(lines[0]).toMatch(/longer than .* cut/);
    expect(report.inputs.find((i) => i.node === 'HUGE1')).toMatchObject({ format: 'cluster-log', records: 1 });
  });
});
