import { describe, expect, it } from 'vitest';
import { buildEvtx, EvtxChunkWriter, evtxFileHeader, type EvtxRecordSpec } from './writer.js';

const records: EvtxRecordSpec[] = Array.from({ length: 500 }, (_, i) => ({
  recordId: 1 + i,
  time: Date.UTC(2024, 0, 1) + i * 1000,
  provider: i % 3 === 0 ? 'Microsoft-Windows-FailoverClustering' : 'Microsoft-Windows-Kernel-General',
  eventId: i % 3 === 0 ? 1069 : 16,
  level: 4,
  computer: 'NODE1.contoso.com',
  channel: 'System',
  data: { ResourceName: `Resource ${i}`, Padding: 'x'.repeat(i % 200) },
}));

describe('EvtxChunkWriter', () => {
  it('writes, chunk by chunk, the same file as buildEvtx', () => {
    const writer = new EvtxChunkWriter({ trackLocations: false });
    const chunks: Buffer[] = [];
    for (const r of records) {
      const done = writer.add(r);
      if (done !== null) chunks.push(Buffer.from(done));
    }
    const last = writer.finish();
    if (last !== null) chunks.push(last);
    const streamed = Buffer.concat([evtxFileHeader({ chunkCount: writer.chunks, nextRecordId: writer.nextRecordId }), ...chunks]);
    const built = buildEvtx(records);
    expect(built.chunks).toBeGreaterThan(1);
    expect(writer.chunks).toBe(built.chunks);
    expect(writer.locations.size).toBe(0);
    expect(streamed.equals(built.bytes)).toBe(true);
  });
});
