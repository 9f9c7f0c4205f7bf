import { describe, expect, it } from 'vitest';
import { nodeFromFileName, normaliseNode } from './node-name.js';

describe('nodeFromFileName', () => {
  it.each([
    ['node1_cluster.log', 'node1'],
    ['NODE1_Cluster.LOG', 'NODE1'],
    ['H19N1.H19Corp.com_cluster.log', 'H19N1.H19Corp.com'],
    ['C:\\Windows\\Cluster\\Reports\\SQL-N2_cluster.log', 'SQL-N2'],
    ['logs/node1/SVR13_cluster.log', 'SVR13'],
    ['SVR13_cluster.log.gz', 'SVR13'],
    ['NODE1.cluster.log', 'NODE1'],
    ['sql01.cluster.log', 'sql01'],
    ['HV12N1_System.csv', 'HV12N1'],
    ['SQLN01-system-events.txt', 'SQLN01'],
    ['ERPN1-Application.txt', 'ERPN1'],
    ['node2.contoso.com_System.evtx', 'node2.contoso.com'],
    ['NODE3_Microsoft-Windows-FailoverClustering-Operational.evtx', 'NODE3'],
  ])('%s → %s', (file, node) => {
    expect(nodeFromFileName(file)).toBe(node);
  });

  it.each([
    'cluster.log',
    '_cluster.log',
    'Copy of NODE1_cluster.log',
    'node1_cluster.txt',
    'old.cluster.log',
    'backup.cluster.log',
    'a.b.cluster.log',
    'System.evtx',
    'logs/cluster.log',
    'System.csv',
    'system-events.txt',
    'my export_System.csv',
  ])('%s → null', (file) => {
    expect(nodeFromFileName(file)).toBeNull();
  });
});

describe('normaliseNode', () => {
  it.each([
    ['Server1.contoso.com.', 'SERVER1'],
    ['node1', 'NODE1'],
    ['  SQL19AGN1.CSSSQL  ', 'SQL19AGN1'],
    ['H19N1.H19Corp.com', 'H19N1'],
    ['CONTOSO\\NODE2$', 'NODE2'],
    ['\\\\node3', 'NODE3'],
    ['10.0.0.5', '10.0.0.5'],
    ['fe80::1', 'FE80::1'],
    ['', ''],
  ])('%s → %s', (name, normal) => {
    expect(normaliseNode(name)).toBe(normal);
  });

  it('makes the same node equal across sources', () => {
    expect(normaliseNode(nodeFromFileName('H19N1.H19Corp.com_cluster.log')!)).toBe(normaliseNode('h19n1'));
  });
});
