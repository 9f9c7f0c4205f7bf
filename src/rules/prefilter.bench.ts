/**
 * `npx vitest bench --run src/rules/prefilter.bench.ts`: cost of `isEvidenceCandidate` on healthy
 * chatter. One iteration runs over 200 000 records, so ns/record = mean time / 200 000.
 */
import { bench, describe } from 'vitest';
import { healthyChatter } from './chatter.js';
import { isEvidenceCandidate } from './index.js';

const RECORDS = 200_000;
const all = healthyChatter(RECORDS);
const generic = all.filter((e) => e.type === 'generic');
const res = all.filter((e) => e.type === 'res.message');

function run(list: typeof all): number {
  let n = 0;
  for (let i = 0; i < list.length; i++) if (isEvidenceCandidate(list[i]!)) n++;
  return n;
}

describe(`isEvidenceCandidate over ${RECORDS} healthy records`, () => {
  bench('mixed chatter (RES + generic)', () => void run(all), { iterations: 10 });
  bench(`generic only (${generic.length})`, () => void run(generic), { iterations: 10 });
  bench(`RES only (${res.length})`, () => void run(res), { iterations: 10 });
  bench('baseline: read e.type only', () => {
    let n = 0;
    for (let i = 0; i < all.length; i++) if (all[i]!.type === 'rcm.reattach') n++;
    void n;
  }, { iterations: 10 });
});
