/**
 * Binary XML token reader (libevtx "Binary XML"; MS-EVEN6 §2.2.12). Turns a template definition or
 * a fragment into the compiled tree of `nodes.ts`; template definitions are compiled once per chunk.
 */
import { EvtxFormatError, u16, u32, utf16 } from './bytes.js';
import { ChunkContext, inlineNameSize } from './chunk-context.js';
import { Elem, Instance, Sub, type Attr, type Part, type Template, type XmlNode } from './nodes.js';
import { planOf } from './plan.js';

const T_EOF = 0x00;
const T_OPEN = 0x01;
const T_OPEN_ATTRS = 0x41;
const T_CLOSE_START = 0x02;
const T_CLOSE_EMPTY = 0x03;
const T_END = 0x04;
const T_VALUE = 0x05;
const T_VALUE_MORE = 0x45;
const T_ATTR = 0x06;
const T_ATTR_MORE = 0x46;
const T_CDATA = 0x07;
const T_CDATA_MORE = 0x47;
const T_CHARREF = 0x08;
const T_CHARREF_MORE = 0x48;
const T_ENTITY = 0x09;
const T_ENTITY_MORE = 0x49;
const T_PI_TARGET = 0x0a;
const T_PI_DATA = 0x0b;
const T_TEMPLATE = 0x0c;
const T_SUB = 0x0d;
const T_OPT_SUB = 0x0e;
const T_FRAGMENT = 0x0f;

/** Template definition header: next definition offset (4), GUID (16), data size (4). */
const TEMPLATE_HEADER_SIZE = 24;
/** Bounds on crafted input: nesting of fragments/templates, and of elements in one stream. */
export const MAX_NESTING = 16;
const MAX_ELEMENT_DEPTH = 256;
/** More values than this cannot fit in a 64 KiB chunk with their 4-byte descriptors. */
const MAX_VALUES = 16_000;

const NO_NODES: readonly XmlNode[] = [];
const NO_ATTRS: readonly Attr[] = [];
const EMPTY_VALUES = new Int32Array(0);

const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

class Reader {
  p: number;
  constructor(
    readonly cx: ChunkContext,
    start: number,
    readonly end: number,
    /** Substitution tokens are only valid inside a template definition. */
    readonly inTemplate: boolean,
    readonly depth: number,
  ) {
    this.p = start;
  }

  need(n: number): void {
    if (this.p + n > this.end) throw new EvtxFormatError('binary XML runs past its data', this.p);
  }

  fail(what: string): never {
    throw new EvtxFormatError(what, this.p);
  }
}

function pushText(out: XmlNode[], text: string): void {
  const last = out.length - 1;
  if (last >= 0 && typeof out[last] === 'string') out[last] = (out[last] as string) + text;
  else out.push(text);
}

/**
 * A name reference: in place when the offset points right here (first use in the chunk), otherwise
 * an earlier name in the chunk. Returns the offset after the reference.
 */
function readNameRef(r: Reader, nameOffset: number, q: number): { name: string; next: number } {
  const cx = r.cx;
  if (nameOffset === q || (nameOffset > q && nameOffset < r.end)) {
    // In place. A name further on is read there too, skipping the bytes before it, as libfwevt does.
    const name = cx.name(nameOffset);
    return { name, next: nameOffset + inlineNameSize(cx.nameChars(nameOffset)) };
  }
  return { name: cx.name(nameOffset), next: q };
}

function readPart(r: Reader, out: XmlNode[]): boolean {
  const b = r.cx.buf;
  const t = b[r.p]!;
  switch (t) {
    case T_VALUE:
    case T_VALUE_MORE: {
      // Value text: type (always 0x01, UTF-16 string), character count, characters.
      r.need(4);
      const count = u16(b, r.p + 2);
      r.need(4 + count * 2);
      if (b[r.p + 1] !== 0x01) r.fail(`value text of type 0x${b[r.p + 1]!.toString(16)}`);
      pushText(out, utf16(b, r.p + 4, r.p + 4 + count * 2));
      r.p += 4 + count * 2;
      return true;
    }
    case T_SUB:
    case T_OPT_SUB: {
      r.need(4);
      if (!r.inTemplate) r.fail('substitution outside a template definition');
      out.push(new Sub(u16(b, r.p + 1), b[r.p + 3]!, t === T_OPT_SUB));
      r.p += 4;
      return true;
    }
    case T_CHARREF:
    case T_CHARREF_MORE: {
      r.need(3);
      pushText(out, String.fromCharCode(u16(b, r.p + 1)));
      r.p += 3;
      return true;
    }
    case T_ENTITY:
    case T_ENTITY_MORE: {
      r.need(5);
      const { name, next } = readNameRef(r, u32(b, r.p + 1), r.p + 5);
      pushText(out, ENTITIES[name] ?? `&${name};`);
      r.p = next;
      return true;
    }
    case T_CDATA:
    case T_CDATA_MORE: {
      r.need(3);
      const count = u16(b, r.p + 1);
      r.need(3 + count * 2);
      pushText(out, utf16(b, r.p + 3, r.p + 3 + count * 2));
      r.p += 3 + count * 2;
      return true;
    }
    default:
      return false;
  }
}

function readAttribute(r: Reader): Attr {
  const b = r.cx.buf;
  r.need(5);
  const { name, next } = readNameRef(r, u32(b, r.p + 1), r.p + 5);
  r.p = next;
  const value: Part[] = [];
  while (r.p < r.end && readPart(r, value)) {
    /* value parts until the next attribute or the end of the start tag */
  }
  return { name, value };
}

function readElement(r: Reader, elementDepth: number): Elem {
  if (elementDepth > MAX_ELEMENT_DEPTH) r.fail('elements nested too deeply');
  const b = r.cx.buf;
  const start = r.p;
  const remaining = r.end - start;
  let q = start + 1;
  // The 16-bit dependency identifier is present in template definitions and absent elsewhere
  // (MS-EVEN6: not in BinXml-typed values). Without it, the data size there counts what follows the
  // first 5 bytes and fits in what is left. With it, the same 4 bytes hold the identifier and the
  // low half of the (non-zero) size: at least 65536, more than a chunk holds.
  if (remaining >= 5 && u32(b, q) > remaining - 5) q += 2;
  if (q + 8 > r.end) r.fail('element start runs past its data');
  const nameRef = readNameRef(r, u32(b, q + 4), q + 8);
  q = nameRef.next;
  if (b[start] === T_OPEN_ATTRS) q += 4; // attribute list size
  r.p = q;
  let attrs: Attr[] | null = null;
  while (r.p < r.end && (b[r.p] === T_ATTR || b[r.p] === T_ATTR_MORE)) (attrs ??= []).push(readAttribute(r));
  r.need(1);
  const close = b[r.p];
  if (close === T_CLOSE_EMPTY) {
    r.p++;
    return new Elem(nameRef.name, attrs ?? NO_ATTRS, NO_NODES);
  }
  if (close !== T_CLOSE_START) r.fail(`unexpected token 0x${close!.toString(16)} in a start tag`);
  r.p++;
  const children: XmlNode[] = [];
  readContent(r, children, true, elementDepth);
  return new Elem(nameRef.name, attrs ?? NO_ATTRS, children.length === 0 ? NO_NODES : children);
}

/** Reads content tokens until the end tag (inside an element) or the end-of-file token. */
function readContent(r: Reader, out: XmlNode[], inElement: boolean, elementDepth: number): void {
  const b = r.cx.buf;
  while (r.p < r.end) {
    const t = b[r.p]!;
    if (readPart(r, out)) continue;
    switch (t) {
      case T_OPEN:
      case T_OPEN_ATTRS:
        out.push(readElement(r, elementDepth + 1));
        break;
      case T_END:
        if (!inElement) r.fail('end tag outside an element');
        r.p++;
        return;
      case T_EOF:
        if (inElement) r.fail('end of binary XML inside an element');
        r.p++;
        return;
      case T_FRAGMENT:
        r.need(4);
        r.p += 4;
        break;
      case T_TEMPLATE:
        if (r.inTemplate) r.fail('template instance inside a template definition');
        out.push(readInstance(r));
        break;
      case T_PI_TARGET: {
        r.need(5);
        r.p = readNameRef(r, u32(b, r.p + 1), r.p + 5).next;
        break;
      }
      case T_PI_DATA: {
        r.need(3);
        const count = u16(b, r.p + 1);
        r.need(3 + count * 2);
        r.p += 3 + count * 2;
        break;
      }
      default:
        r.fail(`unknown binary XML token 0x${t.toString(16)}`);
    }
  }
  // A fragment may end at its data size without an explicit end-of-file token.
  if (inElement) r.fail('binary XML ends inside an element');
}

/** Compiles (or returns the cached) template definition at a chunk offset. */
export function templateAt(cx: ChunkContext, offset: number, depth: number): Template {
  const cached = cx.templates.get(offset);
  if (cached !== undefined) return cached;
  if (depth > MAX_NESTING) throw new EvtxFormatError('templates nested too deeply', offset);
  if (offset < 0 || offset + TEMPLATE_HEADER_SIZE > cx.length) {
    throw new EvtxFormatError(`template offset ${offset} out of the chunk`, offset);
  }
  const b = cx.buf;
  const dataSize = u32(b, offset + 20);
  const start = offset + TEMPLATE_HEADER_SIZE;
  if (start + dataSize > cx.length) throw new EvtxFormatError(`template at ${offset} runs past the chunk`, offset);
  // The GUID identifies a template's content; with the data size it keys the file-wide library.
  const key = b.toString('latin1', offset + 4, start);
  let compiled = cx.library.get(key);
  if (compiled === undefined) {
    const r = new Reader(cx, start, start + dataSize, true, depth + 1);
    const nodes: XmlNode[] = [];
    readContent(r, nodes, false, 0);
    compiled = { nodes, plan: planOf(nodes) };
    if (!cx.strict) cx.library.set(key, compiled);
  }
  const template: Template = { offset, id: u32(b, offset + 4), nodes: compiled.nodes, plan: compiled.plan };
  cx.templates.set(offset, template);
  return template;
}

/**
 * Template instance: token, 1 unknown byte, template id (first 32 bits of its GUID), definition
 * offset; the definition follows in place on first use in the chunk; then the value count, the
 * 4-byte descriptors (size u16, type u8, 0) and the values.
 */
function readInstance(r: Reader, root = false): Instance {
  const cx = r.cx;
  const b = cx.buf;
  r.need(10);
  const id = u32(b, r.p + 2);
  const defOffset = u32(b, r.p + 6);
  let q = r.p + 10;
  if (defOffset === q) {
    if (q + TEMPLATE_HEADER_SIZE > r.end) r.fail('template definition runs past its data');
    const defEnd = q + TEMPLATE_HEADER_SIZE + u32(b, q + 20);
    if (defEnd > r.end) r.fail('template definition runs past its data');
    templateAt(cx, defOffset, r.depth);
    q = defEnd;
  }
  const template = templateAt(cx, defOffset, r.depth);
  // A record whose template offset now holds another template was damaged or overwritten.
  if (template.id !== id) r.fail(`template id mismatch at offset ${defOffset}`);
  if (q + 4 > r.end) r.fail('template values run past their data');
  const count = u32(b, q);
  q += 4;
  if (count > MAX_VALUES || q + count * 4 > r.end) r.fail('template value descriptors run past their data');
  const values = count === 0 ? EMPTY_VALUES : root ? cx.rootValueTable(count) : new Int32Array(count * 3);
  let v = q + count * 4;
  for (let i = 0; i < count; i++) {
    const d = q + i * 4;
    const size = u16(b, d);
    values[i * 3] = v;
    values[i * 3 + 1] = size;
    values[i * 3 + 2] = b[d + 2]!;
    v += size;
  }
  if (v > r.end) r.fail('template values run past their data');
  r.p = v;
  return new Instance(template, b, values, count);
}

/** Chunk-relative reads of a record's or a nested value's binary XML. */
export function readFragment(cx: ChunkContext, start: number, end: number, depth: number): XmlNode[] {
  if (depth > MAX_NESTING) throw new EvtxFormatError('fragments nested too deeply', start);
  const r = new Reader(cx, start, end, false, depth);
  const nodes: XmlNode[] = [];
  readContent(r, nodes, false, 0);
  return nodes;
}

/**
 * The record's root: almost always a fragment header followed by one template instance, read
 * directly; anything else is compiled as a fragment and wrapped as a template without values.
 * `end` is the offset after the instance (where the end-of-file token follows).
 */
export function readRoot(cx: ChunkContext, start: number, end: number): { root: Instance; end: number } {
  const b = cx.buf;
  if (end - start >= 14 && b[start] === T_FRAGMENT && b[start + 4] === T_TEMPLATE) {
    const r = new Reader(cx, start + 4, end, false, 0);
    const root = readInstance(r, true);
    return { root, end: r.p };
  }
  const r = new Reader(cx, start, end, false, 0);
  const nodes: XmlNode[] = [];
  readContent(r, nodes, false, 0);
  const last = r.p - 1;
  const after = last >= start && b[last] === T_EOF ? last : r.p;
  for (const n of nodes) if (n instanceof Instance) return { root: n, end: after };
  if (!nodes.some((n) => n instanceof Elem)) throw new EvtxFormatError('record without an element', start);
  return { root: new Instance({ offset: -1, id: 0, nodes, plan: planOf(nodes) }, b, EMPTY_VALUES, 0), end: after };
}
