/** A System event read twice (a cluster log's [System] section and an export) is one record; repeats are not. */
import { describe, expect, it } from 'vitest';
import type { ClusterEvent } from '../events/types.js';
import { exportOf, log, runEngine, type Of } from '../../test/helpers/events.js';
import { withoutDuplicateEvents } from './duplicates.js';

type Rec = Of<'eventlog.record'>;

/** The `[System]` section of a 2016+ cluster.log: id and provider come from the catalogue, no record number. */
function systemSection(e: Rec, provider: string | null = e.provider): Rec {
  return { ...e, idFrom: 'template', provider, computer: null, recordId: null, data: null, levelName: 'WARN' };
}

/** An export's own record: record number and EventData. */
function exported(e: Rec, recordId: number): Rec {
  return { ...e, recordId, data: { Device: '\\Device\\RaidPort1' } };
}

const RESET = 'Reset to device, \\Device\\RaidPort1, was issued.';
const at = (e: ClusterEvent): string => `${e.source.file}:${e.source.line}`;

describe('withoutDuplicateEvents', () => {
  it('keeps one record of an event read from a cluster log and from an export, the richer one, whatever the order', () => {
    const n1 = log('N1_cluster.log', 'N1');
    const sys = exportOf('N1-System.xml', 'N1', 0);
    const inLog = systemSection(n1.record('2024-01-01 10:00:05.632', 129, RESET, {}), 'storport');
    const inExport = exported(sys.record('2024-01-01 10:00:05.632', 129, RESET, {}, { provider: 'ql2300' }), 48218);
    expect(withoutDuplicateEvents([inLog, inExport], (e) => e).map(at)).toEqual(['N1-System.xml:1']);
    expect(withoutDuplicateEvents([inExport, inLog], (e) => e).map(at)).toEqual(['N1-System.xml:1']);
  });

  it('matches a whole-second export time to the millisecond log time (within the alignment tolerance)', () => {
    const n1 = log('N1_cluster.log', 'N1');
    const sys = exportOf('N1-System.csv', 'N1', 0);
    const inLog = systemSection(n1.record('2024-01-01 10:00:05.632', 1230, "Cluster resource 'FSW' did not respond.", { resource: 'FSW' }));
    const inExport = sys.record('2024-01-01 10:00:05', 1230, "Cluster resource 'FSW' did not respond.", { resource: 'FSW' });
    expect(withoutDuplicateEvents([inLog, inExport], (e) => e)).toEqual([inExport]);
    expect(withoutDuplicateEvents([inExport, inLog], (e) => e)).toEqual([inExport]);
  });

  it('keeps the first copy by time, file and line when neither record says more', () => {
    const a = log('A_cluster.log', 'N1');
    const b = log('B_cluster.log', 'N1');
    const text = "Cluster resource 'FSW' did not respond.";
    const inB = systemSection(b.record('2024-01-01 10:00:05.000', 1230, text));
    const inA = systemSection(a.record('2024-01-01 10:00:05.000', 1230, text));
    expect(withoutDuplicateEvents([inB, inA], (e) => e).map(at)).toEqual(['A_cluster.log:1']);
    expect(withoutDuplicateEvents([inA, inB], (e) => e).map(at)).toEqual(['A_cluster.log:1']);
  });

  it('keeps the same event repeated minutes apart, on two nodes, or twice in one file', () => {
    const n1 = log('N1_cluster.log', 'N1');
    const n2 = log('N2_cluster.log', 'N2');
    const sys = exportOf('N1-System.xml', 'N1', 0);
    const text = "Cluster resource 'FSW' did not respond.";
    const minutesApart = [n1.record('2024-01-01 10:00:00.000', 1230, text), sys.record('2024-01-01 10:04:00.000', 1230, text)];
    expect(withoutDuplicateEvents(minutesApart, (e) => e)).toHaveLength(2);
    const twoNodes = [n1.record('2024-01-01 10:00:00.000', 1230, text), n2.record('2024-01-01 10:00:00.000', 1230, text)];
    expect(withoutDuplicateEvents(twoNodes, (e) => e)).toHaveLength(2);
    const oneFile = [n1.record('2024-01-01 10:00:00.000', 1230, text), n1.record('2024-01-01 10:00:01.000', 1230, text)];
    expect(withoutDuplicateEvents(oneFile, (e) => e)).toHaveLength(2);
  });

  it('pairs copies one to one: an event repeated within seconds, read from both sources, stays two events', () => {
    const n1 = log('N1_cluster.log', 'N1');
    const sys = exportOf('N1-System.xml', 'N1', 0);
    const text = "Cluster resource 'FSW' did not respond.";
    const events = [
      systemSection(n1.record('2024-01-01 10:00:00.000', 1230, text)),
      systemSection(n1.record('2024-01-01 10:00:02.000', 1230, text)),
      sys.record('2024-01-01 10:00:00.000', 1230, text),
      sys.record('2024-01-01 10:00:02.000', 1230, text),
    ];
    expect(withoutDuplicateEvents(events, (e) => e).map(at)).toEqual(['N1-System.xml:1', 'N1-System.xml:2']);
  });

  it('keeps records whose own providers, ids or messages differ', () => {
    const a = exportOf('N1-System.xml', 'N1', 0);
    const b = exportOf('N1-System.csv', 'N1', 0);
    const providers = [a.record('2024-01-01 10:00:00', 129, RESET, {}, { provider: 'storport' }), b.record('2024-01-01 10:00:00', 129, RESET, {}, { provider: 'W32Time' })];
    expect(withoutDuplicateEvents(providers, (e) => e)).toHaveLength(2);
    const ids = [a.record('2024-01-01 10:00:00', 153, RESET), b.record('2024-01-01 10:00:00', 129, RESET)];
    expect(withoutDuplicateEvents(ids, (e) => e)).toHaveLength(2);
    const texts = [a.record('2024-01-01 10:00:00', 129, RESET), b.record('2024-01-01 10:00:00', 129, RESET.replace('1', '2'))];
    expect(withoutDuplicateEvents(texts, (e) => e)).toHaveLength(2);
  });
});

describe('incidents', () => {
  it('show a System event from the [System] section and the export once, in the timeline and the evidence', () => {
    const n1 = log('N1_cluster.log', 'N1');
    const sys = exportOf('N1-System.xml', 'N1', 0);
    const text = "Cluster resource 'Disk Q' did not respond. DNS";
    const events = [
      n1.callTimeout('2024-01-01 10:00:00.000', 'Disk Q', 'ISALIVE', { pid: 0x40 }),
      systemSection(n1.record('2024-01-01 09:59:00.000', 129, `${RESET} error`, {}), 'storport'),
      systemSection(n1.record('2024-01-01 10:00:00.010', 1230, text, { resource: 'Disk Q' })),
      exported(sys.record('2024-01-01 09:59:00.000', 129, `${RESET} error`, {}, { provider: 'ql2300' }), 7),
      exported(sys.record('2024-01-01 10:00:00.010', 1230, text, { resource: 'Disk Q' }), 8),
    ];
    const result = runEngine([n1, sys], events);
    const [incident] = result.incidents;
    const lines = incident!.timeline.map((t) => `${t.event} ${t.source.file}`);
    expect(lines.filter((l) => l.startsWith('eventlog.1230'))).toEqual(['eventlog.1230 N1-System.xml']);
    const evidence = result.rules.calls[0]!.evidence.filter((e) => e.type === 'eventlog.record').map(at);
    expect(evidence).toEqual(['N1-System.xml:1', 'N1-System.xml:2']);
    // The merged timeline (`wsfc-forensics timeline`) too.
    const merged = result.timeline.filter((e) => e.type === 'eventlog.record').map((e) => `${e.type === 'eventlog.record' ? e.eventId : ''} ${e.source.file}`);
    expect(merged.filter((l) => l.startsWith('1230 '))).toEqual(['1230 N1-System.xml']);
  });
});
