import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import { callTimeout, eventRecord1230, generic } from '../../test/helpers/events.js';
import { eventRecord } from './event-json.js';
import { visibleWidth } from './layout.js';
import { eventName, eventResource, matchesKind, renderTimeline, rowFromEvent } from './timeline.js';

const plain = new Chalk({ level: 0 });

describe('event rows', () => {
  it('names event-log records by id and finds their resource in the parameters', () => {
    expect(eventName(eventRecord1230())).toBe('eventlog.1230');
    expect(eventResource(eventRecord1230())).toBe('Cluster Name');
    expect(eventName(callTimeout())).toBe('rhs.call-timeout');
    expect(eventResource(generic())).toBeNull();
  });

  it('uses the rendered message of event-log records', () => {
    expect(rowFromEvent(eventRecord1230()).text).toMatch(/^A component on the server/);
  });

  it('matches --kind prefixes on dot boundaries', () => {
    expect(matchesKind('rhs.call-timeout', ['rhs'])).toBe(true);
    expect(matchesKind('rhsx.y', ['rhs'])).toBe(false);
    expect(matchesKind('eventlog.1230', ['eventlog.1230'])).toBe(true);
    expect(matchesKind('eventlog.1230', ['eventlog.12'])).toBe(false);
    expect(matchesKind('rcm.state-transition', ['rhs', 'rcm.state-transition'])).toBe(true);
  });
});

describe('renderTimeline', () => {
  const rows = [eventRecord1230({ utcMs: Date.UTC(2024, 2, 1, 20, 8) }), callTimeout()].map(rowFromEvent);

  it('prints UTC time, node, source, event, resource and text on one line when there is room', () => {
    const [first] = renderTimeline(rows, { chalk: plain, width: 200 });
    expect(first).toMatch(/^2024-03-01 20:08:00\.000Z {2}NODE1 {2}System\.csv:18 +eventlog\.1230 +Cluster Name {2}A component/);
  });

  it('adds times relative to an anchor', () => {
    const lines = renderTimeline(rows, { chalk: plain, width: 200, anchor: '2024-03-01T20:07:58.025Z' });
    expect(lines[0]).toMatch(/^T\+1\.975s +20:08:00\.000 /);
    expect(lines[1]).toMatch(/^T0 +20:07:58\.025 /);
  });

  it('cuts a long file name in the middle, keeping the node and the line number', () => {
    const file = 'logs/sto16n1.litware.local_cluster.log';
    const row = { ...rows[1]!, file, line: 578 };
    const names = new Map([[file, 'sto16n1.litware.local_cluster.log']]);
    const lines = renderTimeline([row], { chalk: plain, width: 100, anchor: row.at, ownResource: null, indent: 4, names });
    expect(lines.join('\n')).toMatch(/sto16n1\.\S*…\S*\.log:578/);
  });

  it('folds the resource into the text when a one-line timeline has no room for both', () => {
    const cramped = rows.map((r) => ({ ...r, text: `${r.text} (long)`, resource: 'Virtual Machine APP-VM02' }));
    const lines = renderTimeline(cramped, { chalk: plain, width: 100, oneLine: true });
    expect(lines[0]).toContain('‹Virtual Machine APP-VM02› A com');
    for (const line of lines) expect(visibleWidth(line)).toBeLessThanOrEqual(100);
  });

  it('escapes hostile text and fits the width', () => {
    const hostile = rowFromEvent(callTimeout({ text: 'x\x1b[2J\x1b]0;title\x07\u202eevil '.repeat(10) }));
    for (const width of [40, 60, 100]) {
      for (const line of renderTimeline([hostile, ...rows], { chalk: new Chalk({ level: 1 }), width })) {
        expect(visibleWidth(line)).toBeLessThanOrEqual(width);
        expect(line.replace(/\x1b\[[0-9;]*m/g, '')).not.toMatch(/[\x00-\x1f\u202e]/);
      }
    }
  });
});

describe('eventRecord', () => {
  it('puts the documented base fields first, then the type’s own', () => {
    const record = eventRecord(callTimeout());
    expect(Object.keys(record)).toEqual([
      'type',
      'utc',
      'time',
      'node',
      'source',
      'level',
      'component',
      'channel',
      'pid',
      'tid',
      'file',
      'line',
      'text',
      'resource',
      'resourceType',
      'entryPoint',
      'call',
      'overrunMs',
    ]);
    expect(record).toMatchObject({ type: 'rhs.call-timeout', utc: '2024-03-01T20:07:58.025Z', time: '2024/03/01-20:07:58.025', pid: 0xf1c, line: 10 });
  });

  it('writes null for an unknown time', () => {
    expect(eventRecord(generic({ utcMs: null })).utc).toBeNull();
  });
});
