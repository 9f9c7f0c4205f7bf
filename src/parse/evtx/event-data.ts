/**
 * EventData / UserData of one record as a flat list (libevtx "Event data"): `<Data Name="X">` values
 * by name, unnamed `<Data>` by position, UserData leaves by element (or attribute) name.
 */
import type { ChunkContext } from './chunk-context.js';
import { nestedNodes, nodesText, partsText, subItems, subType } from './evaluate.js';
import { VT_ARRAY, VT_BINXML, VT_NULL, arrayItems, valueText } from './values.js';
import { Elem, Instance, Sub, type DataSlot, type SystemPlan, type XmlNode } from './nodes.js';

export interface DataItem {
  /** Data@Name, UserData element or attribute name; null for unnamed `<Data>`. */
  readonly name: string | null;
  readonly value: string;
  /** Counts as an insertion string (%1, %2, ...): false for `<Binary>`. */
  readonly insertion: boolean;
}

const IN_EVENT = 0;
const IN_EVENT_DATA = 1;
const IN_USER_DATA = 2;
const IN_USER_WRAPPER = 3;
type Mode = typeof IN_EVENT | typeof IN_EVENT_DATA | typeof IN_USER_DATA | typeof IN_USER_WRAPPER;

class Collector {
  readonly items: DataItem[] = [];
  /** A nested BinXml value could not be read; the items found so far are kept. */
  broken = false;
  /** `RenderingInfo/Message` (forwarded events carry the message rendered by the source). */
  renderedMessage: string | null = null;

  constructor(readonly cx: ChunkContext) {}

  push(name: string | null, value: string, insertion = true): void {
    this.items.push({ name, value, insertion });
  }
}

function isXmlns(name: string): boolean {
  return name === 'xmlns' || name.startsWith('xmlns:');
}

/**
 * An element whose content is only optional substitutions with NULL values is not created
 * (libevtx "Optional substitution"; Event Viewer shows no such `<Data>`).
 */
function isAbsent(e: Elem, inst: Instance): boolean {
  if (e.children.length === 0) return false;
  for (const c of e.children) {
    if (!(c instanceof Sub) || !c.optional || subType(inst, c.index) !== VT_NULL) return false;
  }
  return true;
}

function walk(nodes: readonly XmlNode[], inst: Instance, mode: Mode, out: Collector, depth: number): void {
  for (const n of nodes) {
    if (n instanceof Elem) element(n, inst, mode, out, depth);
    else if (n instanceof Instance) {
      const slots = n.template.plan.eventData;
      if (slots === null || !collectSlots(slots, n, out)) walk(n.template.nodes, n, mode, out, depth + 1);
    }
    else if (n instanceof Sub) {
      if (subType(inst, n.index) === VT_BINXML) nested(inst, n.index, mode, out, depth);
      else if (mode === IN_EVENT_DATA) out.push(null, partsText([n], inst, out.cx, depth) ?? '');
    }
  }
}

function nested(inst: Instance, index: number, mode: Mode, out: Collector, depth: number): void {
  try {
    const nodes = nestedNodes(inst, index, out.cx, depth);
    if (nodes !== null) walk(nodes, inst, mode, out, depth + 1);
  } catch {
    out.broken = true;
  }
}

function element(e: Elem, inst: Instance, mode: Mode, out: Collector, depth: number): void {
  if (isAbsent(e, inst)) return;
  switch (e.name) {
    case 'EventData':
      walk(e.children, inst, IN_EVENT_DATA, out, depth);
      return;
    case 'UserData':
      walk(e.children, inst, IN_USER_WRAPPER, out, depth);
      return;
    case 'System':
      return;
    case 'RenderingInfo':
      for (const c of e.children) {
        if (c instanceof Elem && c.name === 'Message') out.renderedMessage = nodesText(c.children, inst, out.cx, depth);
      }
      return;
    default:
      break;
  }
  if (mode === IN_USER_WRAPPER) {
    // The event's own element under UserData (`<ServiceShutdown xmlns=...>`): its attributes and
    // children are the fields, the element itself is not one.
    for (const a of e.attrs) if (!isXmlns(a.name)) out.push(a.name, partsText(a.value, inst, out.cx, depth) ?? '');
    walk(e.children, inst, IN_USER_DATA, out, depth);
    return;
  }
  if (mode === IN_EVENT_DATA && e.name === 'Data') {
    const name = partsText(e.attr('Name'), inst, out.cx, depth);
    const only = e.children.length === 1 ? e.children[0] : undefined;
    // An array substitution stands for one <Data> per item.
    const items = only instanceof Sub ? subItems(inst, only) : null;
    if (items !== null) for (const item of items) out.push(name, item);
    else out.push(name, nodesText(e.children, inst, out.cx, depth));
    return;
  }
  if (mode === IN_EVENT_DATA && e.name === 'Binary') {
    out.push('Binary', nodesText(e.children, inst, out.cx, depth), false);
    return;
  }
  flatten(e, inst, out, depth);
}

/** UserData and other elements: attributes, then leaf text, or the children one level down. */
function flatten(e: Elem, inst: Instance, out: Collector, depth: number): void {
  for (const a of e.attrs) if (!isXmlns(a.name)) out.push(a.name, partsText(a.value, inst, out.cx, depth) ?? '');
  const hasElements = e.children.some(
    (c) => c instanceof Elem || c instanceof Instance || (c instanceof Sub && subType(inst, c.index) === VT_BINXML),
  );
  if (hasElements) walk(e.children, inst, IN_USER_DATA, out, depth);
  else if (e.children.length > 0 || e.attrs.every((a) => isXmlns(a.name))) {
    out.push(e.name, nodesText(e.children, inst, out.cx, depth));
  }
}

export interface EventData {
  readonly items: readonly DataItem[];
  readonly broken: boolean;
  readonly renderedMessage: string | null;
}

/**
 * Precompiled `<EventData>`: values straight from the substitutions. False (nothing collected) when
 * one of them holds BinXml, which needs the general walk.
 */
function collectSlots(slots: readonly DataSlot[], inst: Instance, out: Collector): boolean {
  const v = inst.values;
  for (const slot of slots) {
    if (slot.sub !== null && slot.sub.index < inst.count && v[slot.sub.index * 3 + 2] === VT_BINXML) return false;
  }
  for (const slot of slots) {
    const name = slot.binary ? 'Binary' : slot.name;
    const sub = slot.sub;
    if (sub === null) {
      out.push(name, slot.text, !slot.binary);
      continue;
    }
    const i = sub.index;
    if (i >= inst.count) {
      out.push(name, '', !slot.binary);
      continue;
    }
    const type = v[i * 3 + 2]!;
    if (type === VT_NULL && sub.optional) continue;
    if ((type & VT_ARRAY) !== 0 && !slot.binary) {
      for (const item of arrayItems(inst.buf, v[i * 3]!, v[i * 3 + 1]!, type)) out.push(name, item);
    } else out.push(name, valueText(inst.buf, v[i * 3]!, v[i * 3 + 1]!, type), !slot.binary);
  }
  return true;
}

/** Collects the data items of everything in `<Event>` after `<System>`. */
export function collectData(plan: SystemPlan, inst: Instance, cx: ChunkContext): EventData {
  const out = new Collector(cx);
  if (plan.eventData === null || !collectSlots(plan.eventData, inst, out)) walk(plan.rest, inst, IN_EVENT, out, 0);
  return out;
}
