/**
 * `FileIngest` + `adopt` must leave the engine as `ingest` of every record would: the analysis reads
 * files through digests (possibly in worker threads), `ingest` is the reference.
 */
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ClusterEvent } from '../events/types.js';
import { readSources } from '../read.js';
import { Engine, fileIntake } from './index.js';

const FIXTURES = resolve(__dirname, '..', '..', 'fixtures');
const collections = readdirSync(FIXTURES).filter((d) => statSync(join(FIXTURES, d)).isDirectory());

async function readAll(dir: string): Promise<{ batches: Map<string, ClusterEvent[][]>; inputs: Awaited<ReturnType<typeof readSources>>['inputs'] }> {
  const batches = new Map<string, ClusterEvent[][]>();
  const summary = await readSources({ paths: [dir], evtxAnalysisOnly: true }, (batch) => {
    const file = batch[0]!.source.file;
    let list = batches.get(file);
    if (list === undefined) batches.set(file, (list = []));
    list.push(batch);
  });
  return { batches, inputs: summary.inputs };
}

describe('FileIngest digests', () => {
  it.each(collections)('give the same incidents, zones and ranges as ingesting every record: %s', async (name) => {
    const { batches, inputs } = await readAll(join(FIXTURES, name));
    const whole = new Engine();
    for (const list of batches.values()) for (const b of list) whole.ingest(b);
    const digested = new Engine();
    for (const [file, list] of batches) {
      const intake = fileIntake(file);
      for (const b of list) intake.add(b);
      digested.adopt(intake.finish());
    }
    const a = whole.finish(inputs);
    const b = digested.finish(inputs);
    expect(a.incidents.length).toBeGreaterThanOrEqual(name.includes('quiet') ? 0 : 1);
    expect(JSON.stringify(b.incidents)).toBe(JSON.stringify(a.incidents));
    expect(b.timeline.map((e) => `${e.source.file}:${e.source.line}`)).toEqual(a.timeline.map((e) => `${e.source.file}:${e.source.line}`));
    expect([...b.zones]).toEqual([...a.zones]);
    expect([...b.timeRanges]).toEqual([...a.timeRanges]);
  });

  it('keeps fewer records than it is given (only what the engine holds on to)', async () => {
    const { batches } = await readAll(join(FIXTURES, collections[0]!));
    let given = 0;
    let kept = 0;
    for (const [file, list] of batches) {
      const intake = fileIntake(file);
      for (const b of list) {
        given += b.length;
        intake.add(b);
      }
      const d = intake.finish();
      kept += d.events.length;
    }
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThan(given);
  });
});
