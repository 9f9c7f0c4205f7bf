import { describe, expect, it } from 'vitest';
import { bestReader, readWith } from '../../test/fixtures/event-export/harness.js';
import { eventExportReaders } from '../parse/event-export/index.js';
import { auDateTime, psConvertToJson, psFormatList } from './exports.js';
import { ev1069WithCause, ev2004, ev7011 } from './messages.js';
import type { NodeSpec, SysEvent } from './model.js';

const node: NodeSpec = { name: 'SYDAPP01', id: 1, fqdn: 'sydapp01.example.com.au', ip: '10.0.0.11', hbIp: '10.0.9.11', clussvcPid: 0x7a0, rhsPid: 0xb10, utcOffsetMin: 600 };
const T = Date.UTC(2023, 5, 14, 11, 50, 5, 410);
const events: SysEvent[] = [
  { ...ev7011('CtsBatchSvc'), t: T - 150_000 },
  { ...ev2004([['agent.exe', 7412, 52613349376], ['vmms.exe', 3660, 1132462080]]), t: T - 60_000 },
  { ...ev1069WithCause('Contoso Batch', 'BATCH01', 'Generic Service', '0x5b4', 'This operation returned because the timeout period expired.'), t: T },
];
const lines = (text: string): string[] => text.split('\r\n').slice(0, -1);

describe('PowerShell export renderers read back by the analyzer', () => {
  it('en-AU dates are day first with a 12-hour clock', () => {
    expect(auDateTime(new Date(Date.UTC(2023, 5, 14, 21, 50, 5)))).toBe('14/06/2023 9:50:05 PM');
  });

  it('Format-List: newest first, messages wrapped under the value column, ids and wall times kept', async () => {
    const text = psFormatList(events, node, 'en-AU');
    expect(text).toContain('TimeCreated  : 14/06/2023 9:50:05 PM\r\nProviderName : Microsoft-Windows-FailoverClustering\r\nId           : 1069\r\n');
    expect(text.split('\r\n').every((l) => l.length <= 120)).toBe(true);
    const list = lines(text);
    expect(bestReader(eventExportReaders, list).best?.id).toBe('eventlog-ps-list');
    const r = await readWith(eventExportReaders.find((x) => x.id === 'eventlog-ps-list')!, list);
    expect(r.records.map((e) => e.eventId)).toEqual([1069, 2004, 7011]);
    expect(r.records[0]?.params).toMatchObject({ resource: 'Contoso Batch', group: 'BATCH01' });
  });

  it.each(['pwsh7', 'ps51'] as const)('ConvertTo-Json (%s): exact UTC times and insertion strings', async (flavour) => {
    const text = psConvertToJson(events, node, flavour);
    if (flavour === 'ps51') expect(text).toContain('"TimeCreated":  "\\/Date(' + T + ')\\/"');
    else expect(text).toContain('"TimeCreated": "2023-06-14T21:50:05.410');
    const list = lines(text);
    expect(bestReader(eventExportReaders, list).best?.id).toBe('eventlog-ps-json');
    const r = await readWith(eventExportReaders.find((x) => x.id === 'eventlog-ps-json')!, list);
    expect(r.records.map((e) => [e.eventId, e.utcMs])).toEqual([
      [1069, T],
      [2004, T - 60_000],
      [7011, T - 150_000],
    ]);
    expect(r.records[0]?.message).toContain("Cluster resource 'Contoso Batch' of type 'Generic Service'");
  });
});
