/**
 * Locates the System fields inside a compiled template once, so that each record reads them
 * straight from its substitution values (the System values come first in Windows' templates).
 */
import { Elem, Sub, type DataSlot, type Part, type SystemPlan, type XmlNode } from './nodes.js';

/** Text parts of an element's content (child elements ignored). */
function contentParts(e: Elem): readonly Part[] {
  const parts: Part[] = [];
  for (const c of e.children) if (typeof c === 'string' || c instanceof Sub) parts.push(c);
  return parts;
}

const EMPTY_PLAN: SystemPlan = {
  provider: null,
  eventSourceName: null,
  eventId: null,
  qualifiers: null,
  level: null,
  task: null,
  timeCreated: null,
  recordId: null,
  processId: null,
  threadId: null,
  channel: null,
  computer: null,
  rest: [],
  eventData: null,
};

function isBlank(n: XmlNode): boolean {
  return typeof n === 'string' && n.trim() === '';
}

/** Slots of an `<EventData>` of plain `<Data>`/`<Binary>` elements; null when it has any other shape. */
function dataSlots(rest: readonly XmlNode[]): readonly DataSlot[] | null {
  const elems = rest.filter((n) => !isBlank(n));
  const eventData = elems[0];
  if (elems.length !== 1 || !(eventData instanceof Elem) || eventData.name !== 'EventData' || eventData.attrs.length > 0) return null;
  const slots: DataSlot[] = [];
  for (const d of eventData.children) {
    if (isBlank(d)) continue;
    if (!(d instanceof Elem) || (d.name !== 'Data' && d.name !== 'Binary')) return null;
    let name: string | null = null;
    for (const a of d.attrs) {
      const v = a.value;
      if (a.name !== 'Name' || d.name !== 'Data' || v.length !== 1 || typeof v[0] !== 'string') return null;
      name = v[0];
    }
    const content = d.children;
    if (content.length > 1) return null;
    const only = content[0];
    if (only instanceof Sub) slots.push({ name, binary: d.name === 'Binary', sub: only, text: '' });
    else if (only === undefined || typeof only === 'string') slots.push({ name, binary: d.name === 'Binary', sub: null, text: only ?? '' });
    else return null;
  }
  return slots;
}

export function planOf(nodes: readonly XmlNode[]): SystemPlan {
  const event = nodes.find((n): n is Elem => n instanceof Elem);
  // Not an <Event>: a nested template (EventData of a classic event, UserData) or a bare fragment.
  if (event === undefined || event.name !== 'Event') return { ...EMPTY_PLAN, rest: nodes, eventData: dataSlots(nodes) };
  const plan: { -readonly [K in keyof SystemPlan]: SystemPlan[K] } = { ...EMPTY_PLAN, rest: [] };
  const rest: XmlNode[] = [];
  for (const child of event.children) {
    if (!(child instanceof Elem) || child.name !== 'System') {
      rest.push(child);
      continue;
    }
    for (const f of child.children) {
      if (!(f instanceof Elem)) continue;
      switch (f.name) {
        case 'Provider':
          plan.provider = f.attr('Name');
          plan.eventSourceName = f.attr('EventSourceName');
          break;
        case 'EventID':
          plan.eventId = contentParts(f);
          plan.qualifiers = f.attr('Qualifiers');
          break;
        case 'Level':
          plan.level = contentParts(f);
          break;
        case 'Task':
          plan.task = contentParts(f);
          break;
        case 'TimeCreated':
          plan.timeCreated = f.attr('SystemTime');
          break;
        case 'EventRecordID':
          plan.recordId = contentParts(f);
          break;
        case 'Execution':
          plan.processId = f.attr('ProcessID');
          plan.threadId = f.attr('ThreadID');
          break;
        case 'Channel':
          plan.channel = contentParts(f);
          break;
        case 'Computer':
          plan.computer = contentParts(f);
          break;
        default:
          break;
      }
    }
  }
  plan.rest = rest;
  plan.eventData = dataSlots(rest);
  return plan;
}
