import { describe, expect, it } from 'vitest';
import { commonFolder, shortNames } from './paths.js';

describe('shortNames', () => {
  it('uses the file name when it is unique', () => {
    const names = shortNames(['C:\\logs\\NODE1_cluster.log', 'C:\\logs\\System.evtx']);
    expect([...names.values()]).toEqual(['NODE1_cluster.log', 'System.evtx']);
  });

  it('adds parent folders until names differ', () => {
    const names = shortNames(['logs/node1/cluster.log', 'logs/node2/cluster.log', 'x.log']);
    expect([...names.values()]).toEqual(['node1/cluster.log', 'node2/cluster.log', 'x.log']);
  });
});

describe('commonFolder', () => {
  it('finds the shared folder with either separator', () => {
    expect(commonFolder(['C:\\temp\\logs\\a.log', 'C:\\temp\\logs\\sub\\b.log'])).toBe('C:\\temp\\logs');
    expect(commonFolder(['/var/x/a.log', '/var/x/b.log'])).toBe('/var/x');
    expect(commonFolder(['a.log', 'b.log'])).toBeNull();
    expect(commonFolder(['-'])).toBeNull();
  });
});
