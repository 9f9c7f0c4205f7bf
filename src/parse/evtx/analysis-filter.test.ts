import { describe, expect, it } from 'vitest';
import { CATALOGUE } from '../../events/catalogue.js';
import type { ClusterEvent, EventLogRecordEvent } from '../../events/types.js';
import type { ReadContext, ReadState } from '../types.js';
import { ANALYSIS_FILTER, ANY_PROVIDER_EVENT_IDS, keepForAnalysis, readEvtx, type EvtxReadOptions } from './index.js';
import { buildEvtx, inPieces, type EvtxRecordSpec } from './writer.js';

const CRIT = 1;
const ERR = 2;
const WARN = 3;
const INFO = 4;
const VERBOSE = 5;

describe('the analysis filter', () => {
  it('keeps every catalogued event under its provider and aliases, even at information level', () => {
    for (const e of CATALOGUE) {
      for (const name of [e.provider, ...(e.providerAliases ?? [])]) {
        expect(keepForAnalysis(name, null, e.id, INFO), `${name} ${e.id}`).toBe(true);
        expect(keepForAnalysis(name.toUpperCase(), null, e.id, VERBOSE), `${name} ${e.id} (case)`).toBe(true);
      }
    }
  });

  it('keeps the ids drivers log under their own names, from any provider', () => {
    expect([...ANY_PROVIDER_EVENT_IDS].sort()).toEqual([129, 153]);
    for (const driver of ['storvsc', 'iaStorA', 'LSI_SAS3', 'ql2300', 'SomeVendorMiniport']) {
      expect(keepForAnalysis(driver, null, 129, INFO), driver).toBe(true);
      expect(keepForAnalysis(driver, null, 153, INFO), driver).toBe(true);
    }
  });

  it.each([
    ['NETLOGON', 5719, ERR],
    ['NETLOGON', 5774, INFO],
    ['Microsoft-Windows-DNS-Client', 1014, INFO],
    ['Microsoft-Windows-DNS-Server-Service', 4013, INFO],
    ['Microsoft-Windows-Resource-Exhaustion-Detector', 2004, INFO],
    ['Application Error', 1000, INFO],
    ['Windows Error Reporting', 1001, INFO],
    ['Microsoft-Windows-Hyper-V-Worker', 18500, INFO],
    ['Microsoft-Windows-Hyper-V-VMMS', 20417, INFO],
    ['Microsoft-Windows-Hyper-V-High-Availability', 21502, INFO],
    ['Microsoft-Windows-FailoverClustering-Manager', 4657, INFO],
    ['Microsoft-Windows-FailoverClustering-CsvFs-Driver', 8960, INFO],
    ['MSSQLSERVER', 17883, INFO],
    ['MSSQL$PROD', 19407, INFO],
    ['mpio', 46, INFO],
    ['iScsiPrt', 20, INFO],
    ['stornvme', 11, INFO],
    ['msdsm', 16, INFO],
    ['Microsoft-Windows-StorageSpaces-Driver', 203, INFO],
    ['Microsoft-Windows-Ntfs', 98, INFO],
    ['Service Control Manager', 7036, INFO],
    ['Microsoft-Windows-WER-SystemErrorReporting', 1001, INFO],
  ] as const)('keeps all records of %s (%i at level %i)', (provider, id, level) => {
    expect(keepForAnalysis(provider, null, id, level)).toBe(true);
  });

  it.each([
    ['Microsoft-Windows-Kernel-General', 16],
    ['Microsoft-Windows-WindowsUpdateClient', 19],
    ['Microsoft-Windows-Time-Service', 37],
    ['Microsoft-Windows-Kernel-Processor-Power', 55],
    ['Microsoft-Windows-UserPnp', 20001],
    ['e1iexpress', 32],
    ['BTHUSB', 18],
    ['EventLog', 6005],
  ] as const)('leaves out informational records of %s (%i)', (provider, id) => {
    expect(keepForAnalysis(provider, null, id, INFO)).toBe(false);
    expect(keepForAnalysis(provider, null, id, 0)).toBe(false);
    expect(keepForAnalysis(provider, null, id, VERBOSE)).toBe(false);
  });

  it('keeps Critical, Error and Warning records of any provider', () => {
    expect(keepForAnalysis('e1iexpress', null, 27, WARN)).toBe(true);
    expect(keepForAnalysis('EventLog', null, 6008, ERR)).toBe(true);
    expect(keepForAnalysis('Microsoft-Windows-Kernel-Power', null, 41, CRIT)).toBe(true);
    expect(keepForAnalysis('Srv', null, 2019, ERR)).toBe(true);
  });

  it('judges classic events by EventSourceName too, and keeps records without a provider', () => {
    expect(keepForAnalysis('Some-Manifest-Name', 'NETLOGON', 5719, INFO)).toBe(true);
    expect(keepForAnalysis(null, null, 16, INFO)).toBe(true);
    expect(keepForAnalysis('Microsoft-Windows-Kernel-General', null, null, null)).toBe(false);
  });
});

describe('readEvtx with the analysis filter', async () => {
  const T0 = Date.parse('2024-03-01T10:00:00Z');
  const base = { computer: 'NODE1.contoso.com', channel: 'System', level: INFO } as const;
  const records: EvtxRecordSpec[] = [
    { ...base, recordId: 1, time: T0, provider: 'Microsoft-Windows-Kernel-General', eventId: 16, data: { FinalNameLength: '10' } },
    { ...base, recordId: 2, time: T0 + 1000, provider: 'Microsoft-Windows-FailoverClustering', eventId: 1230, level: ERR,
      data: { ResourceName: 'Cluster Name', ResourceType: 'Network Name', ResourceDll: 'clusres.dll' } },
    { ...base, recordId: 3, time: T0 + 2000, provider: 'Service Control Manager', eventSourceName: 'Service Control Manager', eventId: 7036,
      layout: 'nested', data: { param1: 'Windows Update', param2: 'running' } },
    { ...base, recordId: 4, time: T0 + 3000, provider: 'e1iexpress', eventId: 27, level: WARN, layout: 'nested', data: { '1': '\\Device\\NDMP3' } },
    { ...base, recordId: 5, time: T0 + 4000, provider: 'Microsoft-Windows-WindowsUpdateClient', eventId: 19, data: { updateTitle: 'KB1' } },
  ];
  const bytes = buildEvtx(records, { recordsPerChunk: 3 }).bytes;

  async function read(options?: EvtxReadOptions): Promise<{ events: EventLogRecordEvent[]; state: ReadState }> {
    const state: ReadState = {
      node: 'x', nodeFrom: 'file name (fallback)', dialect: null, zone: { basis: 'unknown', offsetMinutes: null, how: '' },
      records: 0, unparsed: 0, firstUtcMs: null, lastUtcMs: null, notes: [],
    };
    const ctx: ReadContext = { file: 'System.evtx', options: {}, state, diagnostic: () => undefined };
    const events: EventLogRecordEvent[] = [];
    for await (const batch of readEvtx(inPieces(bytes, 65536), ctx, options)) {
      for (const e of batch as ClusterEvent[]) if (e.type === 'eventlog.record') events.push(e);
    }
    return { events, state };
  }

  const all = await read();
  const kept = await read(ANALYSIS_FILTER);

  it('decodes only the records it keeps, unchanged', () => {
    expect(kept.events.map((e) => e.recordId)).toEqual([2, 3, 4]);
    expect(kept.events).toEqual(all.events.filter((e) => [2, 3, 4].includes(e.recordId ?? -1)));
  });

  it('still counts the records left out, with a note, and their times in the time range', () => {
    expect(kept.state.records).toBe(5);
    expect(kept.state.notes.some((n) => n.startsWith('2 records counted but not decoded: left out by the analysis filter'))).toBe(true);
    expect([kept.state.firstUtcMs, kept.state.lastUtcMs]).toEqual([T0, T0 + 4000]);
    expect([kept.state.firstUtcMs, kept.state.lastUtcMs]).toEqual([all.state.firstUtcMs, all.state.lastUtcMs]);
  });
});
