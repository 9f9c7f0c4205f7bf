/** Reads the text, integer or time of template parts against one instance's substitution values. */
import { readFragment } from './binxml.js';
import type { ChunkContext } from './chunk-context.js';
import { Elem, Instance, Sub, type Part, type XmlNode } from './nodes.js';
import {
  VT_ARRAY,
  VT_BINXML,
  VT_FILETIME,
  VT_NULL,
  arrayItems,
  filetimeMs,
  parseIntText,
  valueInt,
  valueText,
} from './values.js';

export function subType(inst: Instance, index: number): number {
  return index < inst.count ? inst.values[index * 3 + 2]! : VT_NULL;
}

/** Text of one substitution; BinXml values give the text of their elements. */
export function subText(inst: Instance, sub: Sub, cx: ChunkContext, depth: number): string {
  const i = sub.index;
  if (i >= inst.count) return '';
  const v = inst.values;
  const type = v[i * 3 + 2]!;
  if (type === VT_BINXML) return nestedText(inst, i, cx, depth);
  return valueText(inst.buf, v[i * 3]!, v[i * 3 + 1]!, type);
}

/** Items of a substitution holding an array (Windows repeats the element once per item). */
export function subItems(inst: Instance, sub: Sub): string[] | null {
  const i = sub.index;
  if (i >= inst.count) return null;
  const v = inst.values;
  const type = v[i * 3 + 2]!;
  if ((type & VT_ARRAY) === 0) return null;
  return arrayItems(inst.buf, v[i * 3]!, v[i * 3 + 1]!, type);
}

export function partsText(parts: readonly Part[] | null, inst: Instance, cx: ChunkContext, depth = 0): string | null {
  if (parts === null) return null;
  if (parts.length === 1) {
    const p = parts[0]!;
    return typeof p === 'string' ? p : subText(inst, p, cx, depth);
  }
  let s = '';
  for (const p of parts) s += typeof p === 'string' ? p : subText(inst, p, cx, depth);
  return s;
}

/** Integer of a field; reads numeric substitutions without going through text. */
export function partsInt(parts: readonly Part[] | null, inst: Instance, cx: ChunkContext): number | null {
  if (parts === null) return null;
  if (parts.length === 1) {
    const p = parts[0]!;
    if (p instanceof Sub) {
      if (p.index >= inst.count) return null;
      const v = inst.values;
      const n = valueInt(inst.buf, v[p.index * 3]!, v[p.index * 3 + 1]!, v[p.index * 3 + 2]!);
      if (n !== null) return n;
    }
  }
  return parseIntText(partsText(parts, inst, cx));
}

/** Epoch milliseconds of a time field (FILETIME substitution or ISO-8601 text). */
export function partsTimeMs(parts: readonly Part[] | null, inst: Instance, cx: ChunkContext): number | null {
  if (parts === null) return null;
  if (parts.length === 1) {
    const p = parts[0]!;
    if (p instanceof Sub && subType(inst, p.index) === VT_FILETIME && inst.values[p.index * 3 + 1]! >= 8) {
      return filetimeMs(inst.buf, inst.values[p.index * 3]!);
    }
  }
  const text = partsText(parts, inst, cx);
  if (text === null || text === '') return null;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? null : ms;
}

/**
 * Nodes of a BinXml (0x21) value: a fragment holding a template instance (which carries its own
 * values) or plain elements; null when the value is empty.
 */
export function nestedNodes(inst: Instance, index: number, cx: ChunkContext, depth: number): readonly XmlNode[] | null {
  const v = inst.values;
  const size = v[index * 3 + 1]!;
  if (size === 0) return null;
  const start = v[index * 3]!;
  return readFragment(cx, start, start + size, depth + 1);
}

function nestedText(inst: Instance, index: number, cx: ChunkContext, depth: number): string {
  const nodes = nestedNodes(inst, index, cx, depth);
  return nodes === null ? '' : nodesText(nodes, inst, cx, depth + 1);
}

/** Concatenated text content of nodes (child elements and nested templates included). */
export function nodesText(nodes: readonly XmlNode[], inst: Instance, cx: ChunkContext, depth: number): string {
  let s = '';
  for (const n of nodes) {
    if (typeof n === 'string') s += n;
    else if (n instanceof Sub) s += subText(inst, n, cx, depth);
    else if (n instanceof Elem) s += nodesText(n.children, inst, cx, depth);
    else s += nodesText(n.template.nodes, n, cx, depth + 1);
  }
  return s;
}
