import { describe, expect, it } from 'vitest';
import type { EventLogRecordEvent } from '../../events/types.js';
import { bestReader, fixtureLines, readWith } from '../../../test/fixtures/event-export/harness.js';
import { eventExportReaders } from './index.js';

const reader = (id: string) => {
  const r = eventExportReaders.find((x) => x.id === id);
  if (!r) throw new Error(id);
  return r;
};

const utc = (s: string): number => Date.parse(`${s}Z`);

interface Case {
  readonly file: string;
  readonly reader: string;
  readonly records: number;
  readonly unparsed?: number;
  readonly node?: string;
  readonly zone: 'utc' | 'local' | 'unknown';
  /** Wall clock of the 1230 record as written, or null when the export has no usable date. */
  readonly wall1230: string | null;
  readonly level1146?: string;
  readonly note?: RegExp;
}

const CASES: readonly Case[] = [
  { file: 'eventviewer-en.csv', reader: 'eventlog-csv', records: 8, zone: 'unknown', wall1230: '2023-03-04T16:07:58', note: /month\/day \(3\/14\/2023/ },
  { file: 'eventviewer-de-utf16.csv', reader: 'eventlog-csv', records: 5, zone: 'unknown', wall1230: '2023-03-04T16:07:58', note: /day\/month by convention \(dotted/ },
  { file: 'eventviewer-fr.txt', reader: 'eventlog-tsv', records: 8, zone: 'unknown', wall1230: '2023-03-04T16:07:58', note: /day\/month \(14\/03\/2023/ },
  { file: 'wevtutil-fragments.xml', reader: 'eventlog-xml', records: 9, node: 'NODE1', zone: 'utc', wall1230: '2023-03-04T15:07:58.118' },
  { file: 'eventviewer-rendered.xml', reader: 'eventlog-xml', records: 8, node: 'NODE1', zone: 'utc', wall1230: '2023-03-04T15:07:58.118' },
  { file: 'wevtutil-zh.txt', reader: 'eventlog-wevtutil-text', records: 8, node: 'NODE1', zone: 'unknown', wall1230: '2023-03-04T16:07:58.137' },
  { file: 'details-en.txt', reader: 'eventlog-details-text', records: 8, node: 'NODE1', zone: 'local', wall1230: '2023-03-04T16:07:58' },
  { file: 'details-kb.txt', reader: 'eventlog-details-text', records: 3, unparsed: 1, node: 'NODE1', zone: 'unknown', wall1230: '2011-06-09T02:14:07', level1146: 'ERR' },
  { file: 'ps-winevent-list.txt', reader: 'eventlog-ps-list', records: 8, zone: 'unknown', wall1230: '2023-03-04T16:07:58' },
  { file: 'ps-eventlog-list.txt', reader: 'eventlog-ps-list', records: 8, zone: 'unknown', wall1230: '2023-03-04T16:07:58', level1146: 'ERR' },
  { file: 'ps-winevent-export.csv', reader: 'eventlog-ps-csv', records: 8, node: 'NODE1', zone: 'unknown', wall1230: '2023-03-04T16:07:58' },
  { file: 'ps-select-de.csv', reader: 'eventlog-ps-csv', records: 8, zone: 'unknown', wall1230: '2023-03-04T16:07:58' },
  { file: 'ps51-winevent.json', reader: 'eventlog-ps-json', records: 8, node: 'NODE1', zone: 'utc', wall1230: '2023-03-04T15:07:58.118' },
  { file: 'pwsh7-winevent.json', reader: 'eventlog-ps-json', records: 9, node: 'NODE1', zone: 'local', wall1230: '2023-03-04T16:07:58.118' },
  { file: 'ps-eventlog-table.txt', reader: 'eventlog-ps-table', records: 8, zone: 'unknown', wall1230: null, level1146: 'ERR', note: /no year/ },
  { file: 'ps-winevent-table.txt', reader: 'eventlog-ps-table', records: 8, zone: 'unknown', wall1230: '2023-03-04T16:07:58' },
  { file: 'support-space.txt', reader: 'eventlog-support-space', records: 8, node: 'NODE1', zone: 'unknown', wall1230: '2023-03-04T16:07:58' },
  { file: 'support-space-nodate.txt', reader: 'eventlog-support-space', records: 6, node: 'NODE2', zone: 'unknown', wall1230: null },
  { file: 'support-comma.txt', reader: 'eventlog-support-comma', records: 6, node: 'NODE1', zone: 'unknown', wall1230: '2023-03-04T16:07:58', note: /by convention \(AM\/PM/ },
  { file: 'message-only.txt', reader: 'eventlog-message-text', records: 4, zone: 'unknown', wall1230: null },
];

describe.each(CASES)('$file', (c) => {
  const lines = fixtureLines(c.file);

  it(`sniffs as ${c.reader}, clearly ahead of the other export readers`, () => {
    const { best, scores } = bestReader(eventExportReaders, lines.slice(0, 200));
    expect(best?.id).toBe(c.reader);
    const others = Object.entries(scores).filter(([id]) => id !== c.reader).map(([, s]) => s);
    expect(Math.max(...others)).toBeLessThan((scores[c.reader] ?? 0) - 0.1);
  });

  it('reads every record, with the 1230/1146 pair identified', async () => {
    const r = await readWith(reader(c.reader), lines);
    expect(r.events).toHaveLength(c.records);
    expect(r.state.records).toBe(c.records);
    expect(r.state.unparsed).toBe(c.unparsed ?? 0);
    if (c.node) {
      expect(r.state.node).toBe(c.node);
      expect(r.state.nodeFrom).toBe('computer field');
    } else {
      expect(r.state.node).toBe('FALLBACK');
    }
    expect(r.state.zone.basis).toBe(c.zone);
    expect(r.state.dialect).toBeTruthy();
    if (c.note) expect(r.state.notes.join('\n')).toMatch(c.note);

    const e1230 = r.records.find((e) => e.eventId === 1230);
    expect(e1230?.template).toMatch(/^1230\//);
    expect(e1230?.provider).toBe('Microsoft-Windows-FailoverClustering');
    expect(e1230?.level).toBe('ERR');
    if (c.file !== 'ps-eventlog-table.txt') expect(e1230?.params.resource).toBeTruthy();
    expect(e1230?.wallMs ?? null).toBe(c.wall1230 === null ? null : utc(c.wall1230));
    expect(e1230?.sourceKind).toBe('event-log');

    const e1146 = r.records.find((e) => e.eventId === 1146);
    expect(e1146?.template).toMatch(/^1146\//);
    expect(e1146?.level).toBe(c.level1146 ?? 'CRIT');
    expect(e1146?.source.line).toBeGreaterThan(0);
  });

  it('gives the same events whatever the batch size', async () => {
    const one = await readWith(reader(c.reader), lines, {}, 1);
    const big = await readWith(reader(c.reader), lines, {}, 10_000);
    expect(one.events).toEqual(big.events);
  });
});

describe('format details', () => {
  it('Event Viewer CSV: levels, tasks and multi-line messages as written', async () => {
    const r = await readWith(reader('eventlog-csv'), fixtureLines('eventviewer-en.csv'));
    const e1069 = r.records.find((e) => e.eventId === 1069);
    expect(e1069?.message).toContain('\n\nBased on the failure policies');
    expect(e1069?.params).toMatchObject({ errorCode: '0x5b4', group: 'Cluster Group' });
    expect(e1069?.task).toBe('Resource Control Manager');
    const ntp = r.records.find((e) => e.eventId === 129);
    expect(ntp?.template).toBeNull();
    expect(ntp?.provider).toBe('Microsoft-Windows-Time-Service');
  });

  it('German UTF-16 export: localised levels; ambiguous dates decided by convention', async () => {
    const r = await readWith(reader('eventlog-csv'), fixtureLines('eventviewer-de-utf16.csv'));
    expect(r.records.map((e) => e.levelName)).toEqual(['Informationen', 'Fehler', 'Kritisch', 'Fehler', 'Warnung']);
    expect(r.records.map((e) => e.level)).toEqual(['INFO', 'ERR', 'CRIT', 'ERR', 'WARN']);
    expect(r.state.dialect).toBe('Event Viewer CSV; dates D.M.Y 24-hour');
  });

  it('tab-delimited text: unquoted message lines continue the record', async () => {
    const r = await readWith(reader('eventlog-tsv'), fixtureLines('eventviewer-fr.txt'));
    const e1069 = r.records.find((e) => e.eventId === 1069);
    expect(e1069?.message).toContain('Based on the failure policies');
    expect(e1069?.levelName).toBe('Erreur');
  });

  it('event XML without RenderingInfo: message rendered from EventData; UserData kept', async () => {
    const r = await readWith(reader('eventlog-xml'), fixtureLines('wevtutil-fragments.xml'));
    const e1230 = r.records.find((e) => e.eventId === 1230);
    expect(e1230?.message).toMatch(/^A component on the server did not respond/);
    expect(e1230?.data).toEqual({ ResourceName: 'Cluster Name', ResourceType: 'Network Name', ResourceDll: 'clusres.dll' });
    expect(e1230?.utcMs).toBe(utc('2023-03-04T15:07:58.118'));
    expect(e1230?.timeText).toBe('2023-03-04T15:07:58.118467300Z');
    expect(e1230?.pid).toBe(2432);
    expect(e1230?.recordId).toBe(88202);
    expect(e1230?.channel).toBe('System');
    const power = r.records.find((e) => e.eventId === 109);
    expect(power?.data).toMatchObject({ ShutdownActionType: '6' });
    const ntp = r.records.find((e) => e.eventId === 129);
    expect(ntp?.message).toBe('');
    expect(ntp?.template).toBeNull();
  });

  it('copied details: the Event Xml part gives UTC time, insertion strings and the zone offset', async () => {
    const r = await readWith(reader('eventlog-details-text'), fixtureLines('details-en.txt'));
    const e1230 = r.records.find((e) => e.eventId === 1230);
    expect(e1230?.utcMs).toBe(utc('2023-03-04T15:07:58.118'));
    expect(e1230?.data).toMatchObject({ ResourceName: 'Cluster Name' });
    expect(r.state.zone).toEqual({ basis: 'local', offsetMinutes: -60, how: 'local dates checked against the event XML SystemTime (UTC)' });
    const e1066like = r.records.find((e) => e.eventId === 16);
    expect(e1066like?.message).toContain('NTUSER.DAT');
  });

  it('KB-article blocks: date and time in separate fields, 2008 R2 wordings', async () => {
    const r = await readWith(reader('eventlog-details-text'), fixtureLines('details-kb.txt'));
    expect(r.records.map((e) => e.template)).toEqual(['1230/deadlock-2008r2', '1146/stopped-2008r2', '1069/failed-2008r2']);
    expect(r.records[2]?.params).toEqual({ resource: 'Cluster Name', group: 'Cluster Group' });
  });

  it('Get-EventLog list: InstanceId carries severity bits; ReplacementStrings become data', async () => {
    const r = await readWith(reader('eventlog-ps-list'), fixtureLines('ps-eventlog-list.txt'));
    const e1230 = r.records.find((e) => e.eventId === 1230);
    expect(e1230?.data).toEqual({ '1': 'Cluster Name', '2': 'Network Name', '3': 'clusres.dll' });
    expect(e1230?.recordId).toBe(88204);
    expect(r.records.find((e) => e.eventId === 7036)?.data).toBeNull();
  });

  it('Windows PowerShell 5.1 JSON: /Date(ms)/ is UTC; Properties are the insertion strings', async () => {
    const r = await readWith(reader('eventlog-ps-json'), fixtureLines('ps51-winevent.json'));
    const e1069 = r.records.find((e) => e.eventId === 1069);
    expect(e1069?.data).toMatchObject({ '1': 'Cluster Name', '5': '0x5b4' });
    expect(e1069?.utcMs).toBe(e1069?.wallMs);
    expect(r.state.firstUtcMs).toBe(utc('2023-03-04T15:02:11.118'));
    expect(r.state.lastUtcMs).toBe(utc('2023-03-14T08:20:05.118'));
  });

  it('PowerShell 7 JSON: ISO offsets give exact UTC; 2051 cluster-log text goes to the cluster-log classifier', async () => {
    const r = await readWith(reader('eventlog-ps-json'), fixtureLines('pwsh7-winevent.json'));
    const e1230 = r.records.find((e) => e.eventId === 1230);
    expect(e1230?.wallMs).toBe(utc('2023-03-04T16:07:58.118'));
    expect(e1230?.utcMs).toBe(utc('2023-03-04T15:07:58.118'));
    const res = r.events.find((e) => e.type === 'res.message');
    expect(res).toBeDefined();
    expect(res?.sourceKind).toBe('event-log');
    expect(res?.utcMs).toBe(utc('2023-03-04T15:07:41.502'));
    if (res?.type === 'res.message') {
      expect(res.resourceType).toBe('Network Name');
      expect(res.resource).toBe('Cluster Name');
      expect(res.channel).toBe('Microsoft-Windows-FailoverClustering/Operational');
    }
  });

  it('Get-EventLog table: cut sources resolved from the template; times without a year kept as text', async () => {
    const r = await readWith(reader('eventlog-ps-table'), fixtureLines('ps-eventlog-table.txt'));
    const e1230 = r.records.find((e) => e.eventId === 1230);
    expect(e1230?.timeText).toBe('Mar 04 16:07');
    expect(e1230?.utcMs).toBeNull();
    expect(r.records.find((e) => e.eventId === 16)?.provider).toBe('Microsoft-Windows-K...');
  });

  it('support-tool lines: cut source expanded, task with spaces, missing user column, wrapped message', async () => {
    const r = await readWith(reader('eventlog-support-space'), fixtureLines('support-space-nodate.txt'));
    const [e1135, e1177, e1230, , e7024] = r.records;
    expect(e1135?.task).toBe('Node Mgr');
    expect(e1135?.computer).toBe('NODE2.contoso.com');
    expect(e1177?.task).toBe('Quorum Manager');
    expect(e1230?.task).toBe('Resource Control');
    expect(e1230?.params).toMatchObject({ resource: 'SQLAG1', dll: 'hadrres.dll' });
    expect(e7024?.params).toEqual({ service: 'Cluster Service', error: 'The cluster service is shutting down because quorum was lost.' });
  });

  it('support-tool comma lines: IDs identified from the message; driver sources kept', async () => {
    const r = await readWith(reader('eventlog-support-comma'), fixtureLines('support-comma.txt'));
    expect(r.records.map((e) => [e.eventId, e.idFrom])).toEqual([
      [129, 'template'],
      [153, 'template'],
      [1230, 'template'],
      [1146, 'template'],
      [1069, 'template'],
      [1001, 'template'],
    ]);
    expect(r.records[0]?.provider).toBe('storvsc');
    expect(r.records[5]?.provider).toBe('Microsoft-Windows-WER-SystemErrorReporting');
    expect(r.records[5]?.params.bugcheckParam3).toBe('0x0000000000000065');
  });

  it('bare text: one record per message, multi-line messages kept together', async () => {
    const r = await readWith(reader('eventlog-message-text'), fixtureLines('message-only.txt'));
    expect(r.records.map((e) => e.template)).toEqual(['1230/timeout-2012', '1146/terminated', '1069/failed-with-type', '1177/quorum-lost']);
    expect(r.records[3]?.message).toContain('Run the Validate a Configuration wizard');
    expect(r.records.every((e: EventLogRecordEvent) => e.idFrom === 'template' && e.wallMs === null)).toBe(true);
  });
});

describe('Get-EventLog shapes written inline', () => {
  const M1230 =
    "A component on the server did not respond in a timely fashion. This caused the cluster resource 'FS01' (resource type 'File Server', DLL 'clusres2.dll') to exceed its time-out threshold. As part of cluster health detection, recovery actions will be taken.";

  it('Export-Csv of EventLogEntry objects (#TYPE line, EventID and InstanceId, EntryType names)', async () => {
    const lines = [
      '#TYPE System.Diagnostics.EventLogEntry#System/Microsoft-Windows-FailoverClustering/3221226702',
      '"EventID","MachineName","Data","Index","Category","CategoryNumber","EntryType","Message","Source","ReplacementStrings","InstanceId","TimeGenerated","TimeWritten","UserName","Site","Container"',
      `"1230","NODE3.contoso.com","System.Byte[]","88202","Resource Control Manager","16","Error","${M1230}","Microsoft-Windows-FailoverClustering","System.String[]","3221226702","3/4/2023 4:07:58 PM","3/4/2023 4:07:58 PM","NT AUTHORITY\\SYSTEM",,`,
      '"0","NODE3.contoso.com","System.Byte[]","88203","(0)","0","Information","The Cluster Service service entered the stopped state.","Service Control Manager","System.String[]","1073748860","3/4/2023 4:09:12 PM","3/4/2023 4:09:12 PM",,,',
    ];
    expect(bestReader(eventExportReaders, lines).best?.id).toBe('eventlog-ps-csv');
    const r = await readWith(reader('eventlog-ps-csv'), lines);
    expect(r.records.map((e) => [e.eventId, e.level, e.template, e.recordId])).toEqual([
      [1230, 'ERR', '1230/deadlock-2016', 88202],
      // EventID 0 is what Get-EventLog shows for some classic events; the record keeps it as written.
      [0, 'INFO', null, 88203],
    ]);
    expect(r.records[0]?.data).toBeNull();
    expect(r.state.node).toBe('NODE3');
  });

  it('ConvertTo-Json of one EventLogEntry (a single object, EntryType as a number)', async () => {
    const lines = JSON.stringify(
      {
        EventID: 1146,
        MachineName: 'NODE3.contoso.com',
        Data: [],
        Index: 88203,
        Category: 'Resource Control Manager',
        EntryType: 1,
        Message: 'The cluster Resource Hosting Subsystem (RHS) process was terminated and will be restarted.',
        Source: 'FailoverClustering',
        ReplacementStrings: [],
        InstanceId: 3221226618,
        TimeGenerated: '/Date(1677942478000)/',
        UserName: 'NT AUTHORITY\\SYSTEM',
      },
      null,
      4,
    ).split('\n');
    expect(bestReader(eventExportReaders, lines).best?.id).toBe('eventlog-ps-json');
    const r = await readWith(reader('eventlog-ps-json'), lines);
    expect(r.records).toHaveLength(1);
    expect(r.records[0]).toMatchObject({
      eventId: 1146,
      levelName: 'Error',
      level: 'ERR',
      provider: 'Microsoft-Windows-FailoverClustering',
      template: '1146/terminated',
      utcMs: 1677942478000,
    });
    expect(r.records[0]?.data).toBeNull();
  });
});

describe('time zones', () => {
  it('--event-tz with an IANA zone sets UTC per record', async () => {
    const r = await readWith(reader('eventlog-csv'), fixtureLines('eventviewer-en.csv'), { eventTz: 'Europe/Berlin' });
    expect(r.state.zone).toEqual({ basis: 'local', offsetMinutes: -60, how: '--event-tz Europe/Berlin (DST per record)' });
    const e1230 = r.records.find((e) => e.eventId === 1230);
    expect(e1230?.utcMs).toBe(utc('2023-03-04T15:07:58'));
  });

  it('--event-tz with a fixed offset', async () => {
    const r = await readWith(reader('eventlog-support-space'), fixtureLines('support-space.txt'), { eventTz: '-05:00' });
    expect(r.state.zone.offsetMinutes).toBe(300);
    expect(r.records[1]?.utcMs).toBe(utc('2023-03-04T21:07:58'));
  });

  it('an unknown --event-tz is reported and times stay unaligned', async () => {
    const r = await readWith(reader('eventlog-csv'), fixtureLines('eventviewer-en.csv'), { eventTz: 'Nowhere/Else' });
    expect(r.diagnostics.some((d) => d.code === 'event-tz')).toBe(true);
    expect(r.state.zone.basis).toBe('unknown');
    expect(r.records.every((e) => e.utcMs === null)).toBe(true);
  });

  it('keeps a node the caller found (file name, --node) but still names each record by its computer', async () => {
    const lines = fixtureLines('support-space.txt');
    const r = await readWith(reader('eventlog-support-space'), lines, { node: 'N1' }, 7, { node: 'N1', nodeFrom: '--node' });
    expect(r.state.node).toBe('N1');
    expect(r.state.nodeFrom).toBe('--node');
    expect(r.records[0]?.node).toBe('NODE1');
    const bare = await readWith(reader('eventlog-message-text'), fixtureLines('message-only.txt'), {}, 7, { node: 'N1', nodeFrom: '--node' });
    expect(bare.records.every((e) => e.node === 'N1')).toBe(true);
  });
});
