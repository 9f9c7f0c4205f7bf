import { describe, expect, it } from 'vitest';
import type { EventBase } from '../events/types.js';
import { classifyText } from '../parse/cluster-log/classify.js';
import { Topology } from './topology.js';

type Base = Omit<EventBase, 'text'>;
const base = (component: string, level: 'INFO' | 'ERR' = 'INFO'): Base => ({
  node: 'N1',
  source: { file: 'cluster.log', line: 1 },
  sourceKind: 'cluster-log',
  wallMs: null,
  utcMs: null,
  timeText: null,
  level,
  pid: 1,
  tid: 2,
  component,
  channel: null,
});
const res = (text: string) => classifyText(base('RES'), text);
const rcm = (text: string) => classifyText(base('RCM'), text);

describe('Topology.learn', () => {
  it('is true exactly for the records that add a fact (first come)', () => {
    const t = new Topology();
    expect(t.learn(res('Physical Disk <Cluster Disk 1>: IsAlive: ok'))).toBe(true);
    expect(t.learn(res('Physical Disk <Cluster Disk 1>: IsAlive: ok'))).toBe(false);
    // Names compare case-insensitively; the first spelling and type stay.
    expect(t.learn(res('Generic Disk <CLUSTER DISK 1>: IsAlive: ok'))).toBe(false);
    expect(t.resource('cluster disk 1')).toMatchObject({ name: 'Cluster Disk 1', type: 'Physical Disk', typeFrom: 'record' });
    // A RES line without a name teaches nothing.
    expect(t.learn(res('SQL Server Availability Group: [hadrag] Failed'))).toBe(false);
    expect(t.learn(classifyText(base('RES'), 'not a RES shape'))).toBe(false);
  });

  it('learns the type from a RES line for a resource other records named first', () => {
    const t = new Topology();
    const transition = rcm('TransitionToState(SQL Network Name (PRD)) Online-->Failed.');
    expect(transition.type).toBe('rcm.state-transition');
    expect(t.learn(transition)).toBe(true);
    expect(t.learn(transition)).toBe(false);
    expect(t.learn(res('Network Name <SQL Network Name (PRD)>: Netname: ok'))).toBe(true);
    expect(t.learn(res('Network Name <SQL Network Name (PRD)>: Netname: ok'))).toBe(false);
    expect(t.resource('sql network name (prd)')).toMatchObject({ name: 'SQL Network Name (PRD)', type: 'Network Name' });
  });
});
