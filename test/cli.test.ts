/**
 * The built binary, spawned as users run it: exit statuses and the one-line usage error.
 * Needs `npm run build` first (`npm test` does it). Output content is covered by the reporter goldens.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = fileURLToPath(new URL('../bin/wsfc-forensics.js', import.meta.url));
const BUILT = fileURLToPath(new URL('../dist/cli/run.js', import.meta.url));

function run(...args: string[]) {
  return spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 30_000 });
}

describe('bin/wsfc-forensics.js', () => {
  beforeAll(() => {
    expect(existsSync(BUILT), 'dist/ is missing: run `npm run build` (npm test does) before this test').toBe(true);
  });

  it('--help exits 0 and documents exit statuses and examples', () => {
    const result = run('--help');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('Usage: wsfc-forensics');
    expect(result.stdout).toContain('Exit status:');
    expect(result.stdout).toContain('Get-ClusterLog -Destination C:\\temp\\logs');
  });

  it('--version exits 0 and prints the package version', () => {
    const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
    const result = run('--version');
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(`${version}\n`);
  });

  it('a bad --format exits 2 with a one-line message and no stack', () => {
    const result = run('analyze', '--format', 'html', 'x.log');
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^wsfc-forensics: option '-f, --format <name>' argument 'html' is invalid/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(result.stdout).toBe('');
  });
});
