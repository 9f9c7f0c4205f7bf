import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nameKey } from './names.js';

describe('nameKey', () => {
  it('keys names trimmed and lower-cased, whatever the order they are asked in', () => {
    expect(nameKey('Cluster Disk 1')).toBe('cluster disk 1');
    expect(nameKey('Cluster Disk 1')).toBe('cluster disk 1');
    expect(nameKey(' SQL Server (PROD) ')).toBe('sql server (prod)');
    expect(nameKey('Cluster Disk 1')).toBe('cluster disk 1');
    expect(nameKey('')).toBe('');
    fc.assert(
      fc.property(fc.array(fc.constantFrom('A', 'a', ' A', 'Disk 1', 'disk 1 ', 'DISK 2', ''), { maxLength: 20 }), (names) =>
        names.every((n) => nameKey(n) === n.trim().toLowerCase()),
      ),
    );
  });
});
