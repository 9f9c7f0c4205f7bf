import { writeFileSync, mkdirSync, rmSync } from 'node:fs';
import { it } from 'vitest';
import { chatterLines, crlf, deadlockLines, runCli, T0 } from './support.js';
it('size', async () => {
  const dir = '/tmp/hard/pipe2';
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
    for (let n = 1; n <= 3; n++) {
      const lines: string[] = [];
      for (let k = 0; k < 14; k++) {
        const at = T0 + k * 900_000;
        lines.push(...chatterLines(at - 60_000, 60), ...deadlockLines(at + n * 1000, `Resource ${n}-${k}`));
      }
      writeFileSync(`${dir}/PIPE${n}_cluster.log`, crlf(lines));
    }
  const out: string[] = [];
  for (const a of [['events'], ['timeline', '--format', 'ndjson'], ['analyze', '--format', 'json'], ['analyze', '--format', 'text']]) {
    const r = await runCli([a[0]!, dir, ...a.slice(1)]);
    out.push(`${a.join(' ')} ${r.stdout.length} ${r.ms.toFixed(0)} ${r.status}`);
  }
  writeFileSync('/tmp/hard/sizes.txt', out.join('\n'));
}, 60000);
