import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { builtinRules } from './index.js';

const here = dirname(fileURLToPath(import.meta.url));
const folders = readdirSync(here, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();

describe('rule registry', () => {
  it('registers every family folder, sorted by id, with id = folder name = category', () => {
    expect(builtinRules.map((r) => r.meta.id)).toEqual(folders);
    for (const r of builtinRules) expect(r.meta.category).toBe(r.meta.id);
  });

  it('has a table-driven test file per family', () => {
    for (const f of folders) expect(existsSync(join(here, f, `${f}.test.ts`)), f).toBe(true);
  });

  it('keeps registry.ts alphabetical, one line per family', () => {
    const lines = readFileSync(join(here, 'registry.ts'), 'utf8')
      .split('\n')
      .filter((l) => l.startsWith('export '));
    const paths = lines.map((l) => /from '\.\/([^/]+)\/index\.js'/.exec(l)?.[1]);
    expect(paths).toEqual(folders);
  });
});
