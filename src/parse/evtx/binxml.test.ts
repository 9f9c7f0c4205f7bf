import { describe, expect, it } from 'vitest';
import { readFragment, readRoot } from './binxml.js';
import { EvtxFormatError } from './bytes.js';
import { ChunkContext, nameHash } from './chunk-context.js';
import { nodesText } from './evaluate.js';
import { Elem, Instance } from './nodes.js';

/** Hand-built binary XML at chunk offset 512, one token at a time (libevtx "Token types"). */
class Tokens {
  readonly buf = Buffer.alloc(65536);
  pos = 512;
  readonly names = new Map<string, number>();
  /** Offsets of the data-size fields of open elements, patched when each element ends. */
  private readonly sizes: number[] = [];

  private u8(v: number): this {
    this.buf[this.pos++] = v;
    return this;
  }
  private u16(v: number): this {
    this.buf.writeUInt16LE(v, this.pos);
    this.pos += 2;
    return this;
  }
  private u32(v: number): this {
    this.buf.writeUInt32LE(v, this.pos);
    this.pos += 4;
    return this;
  }
  private text(s: string): this {
    this.pos += this.buf.write(s, this.pos, 'utf16le');
    return this;
  }
  /** Name offset, followed by the name in place on first use. */
  name(s: string, badHash = false): this {
    const known = this.names.get(s);
    if (known !== undefined) return this.u32(known);
    const at = this.pos + 4;
    this.names.set(s, at);
    return this.u32(at).u32(0).u16(badHash ? nameHash(s) ^ 1 : nameHash(s)).u16(s.length).text(s).u16(0);
  }
  fragment(): this {
    return this.u8(0x0f).u8(1).u8(1).u8(0);
  }
  open(name: string, dependencyId: boolean): this {
    this.u8(0x01);
    if (dependencyId) this.u16(0xffff);
    this.sizes.push(this.pos);
    return this.u32(0).name(name);
  }
  private patchSize(): this {
    const at = this.sizes.pop()!;
    this.buf.writeUInt32LE(this.pos - at - 4, at);
    return this;
  }
  closeStart(): this {
    return this.u8(0x02);
  }
  closeEmpty(): this {
    return this.u8(0x03).patchSize();
  }
  end(): this {
    return this.u8(0x04).patchSize();
  }
  value(s: string, more = false): this {
    return this.u8(more ? 0x45 : 0x05).u8(0x01).u16(s.length).text(s);
  }
  charRef(code: number): this {
    return this.u8(0x48).u16(code);
  }
  entity(name: string): this {
    return this.u8(0x49).name(name);
  }
  cdata(s: string): this {
    return this.u8(0x07).u16(s.length).text(s);
  }
  pi(target: string, data: string): this {
    return this.u8(0x0a).name(target).u8(0x0b).u16(data.length).text(data);
  }
  raw(...bytes: number[]): this {
    for (const b of bytes) this.u8(b);
    return this;
  }
  eof(): this {
    return this.u8(0x00);
  }
  context(): ChunkContext {
    return new ChunkContext(this.buf, this.buf.length);
  }
}

function textOf(t: Tokens, start = 512): string {
  const cx = t.context();
  const nodes = readFragment(cx, start, t.pos, 1);
  return nodesText(nodes, new Instance({ offset: -1, id: 0, nodes, plan: {} as never }, t.buf, new Int32Array(0), 0), cx, 0);
}

describe('binary XML tokens', () => {
  it('reads text, character and entity references, CDATA; skips processing instructions', () => {
    const t = new Tokens().fragment().open('Message', false).closeStart();
    t.value('a', true).entity('amp').value('b', true).charRef(0x26).value('c').cdata('<x>').pi('target', 'ignored').end().eof();
    expect(textOf(t)).toBe('a&b&c<x>');
  });

  it('resolves names referenced by offset after their first use', () => {
    const t = new Tokens().fragment().open('Outer', false).closeStart();
    t.open('Item', false).closeStart().value('1').end();
    t.open('Item', false).closeStart().value('2').end();
    t.end().eof();
    const nodes = readFragment(t.context(), 512, t.pos, 1);
    const outer = nodes[0] as Elem;
    expect(outer.children.map((c) => (c as Elem).name)).toEqual(['Item', 'Item']);
    expect(textOf(t)).toBe('12');
  });

  it('tells element starts with and without a dependency identifier apart', () => {
    for (const dependencyId of [true, false]) {
      const t = new Tokens().fragment().open('Event', dependencyId).closeStart();
      t.open('Inner', dependencyId).closeStart().value('ok').end().end().eof();
      expect(textOf(t)).toBe('ok');
    }
  });

  it('rejects unknown tokens, names outside the chunk and unbalanced elements', () => {
    const bad = new Tokens().fragment().raw(0x1f).eof();
    expect(() => textOf(bad)).toThrow(EvtxFormatError);
    const outside = new Tokens().fragment().raw(0x01).raw(...[8, 0, 0, 0]).raw(...[0xf0, 0xff, 0, 0]).closeEmpty().eof();
    expect(() => textOf(outside)).toThrow(/name offset/);
    const open = new Tokens().fragment().open('A', false).closeStart().value('x');
    expect(() => textOf(open)).toThrow(EvtxFormatError);
  });

  it('checks name hashes when reading stale bytes', () => {
    const t = new Tokens().fragment().name('x', true);
    const cx = t.context();
    cx.strict = true;
    const at = t.names.get('x')!;
    expect(() => cx.name(at)).toThrow(/hash/);
    cx.strict = false;
    expect(cx.name(at)).toBe('x');
  });

  it('reads a record root made of elements without a template', () => {
    const t = new Tokens().fragment().open('Event', false).closeStart();
    t.open('EventData', false).closeStart().open('Data', false).closeStart().value('v').end().end().end().eof();
    const { root, end } = readRoot(t.context(), 512, t.pos);
    expect(root.count).toBe(0);
    expect(root.template.plan.rest).toHaveLength(1);
    expect(t.buf[end]).toBe(0x00);
  });

  it('refuses a template instance whose id does not match the definition at its offset', () => {
    const t = new Tokens().fragment();
    // Instance at 516 pointing to a definition at 600 whose GUID starts with another id.
    t.raw(0x0c, 0x01).raw(1, 0, 0, 0).raw(...[88, 2, 0, 0]).raw(0, 0, 0, 0).eof();
    t.buf.writeUInt32LE(2, 604);
    t.buf.writeUInt32LE(5, 620);
    t.buf.set([0x0f, 1, 1, 0, 0], 624);
    expect(() => readRoot(t.context(), 512, 560)).toThrow(/template id mismatch/);
  });
});
