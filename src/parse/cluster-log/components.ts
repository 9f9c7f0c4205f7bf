/**
 * The `[COMP]` tags of one file, each spelling made into a string once, with what the sieve decides
 * for a record of that component at each level. The verdict is a pure function of level and component
 * (`RecordSieve.keepGeneric`), so it is asked once per pair and the records it leaves out need no string.
 */
import type { Level } from '../../events/types.js';
import { unitString, type TextUnits } from '../../input/units.js';

const SLOTS = 1024;
/** Levels and "no level", see `levelIndex`. */
const LEVELS = 8;
/** The slot of the records without a tag. */
export const NO_COMPONENT = SLOTS;

const UNKNOWN = 0;
const KEEP = 1;
const SKIP = 2;

export function levelIndex(level: Level | null): number {
  switch (level) {
    case 'INFO':
      return 0;
    case 'DBG':
      return 1;
    case 'WARN':
      return 2;
    case 'ERR':
      return 3;
    case 'CRIT':
      return 4;
    case 'VERBOSE':
      return 5;
    default:
      return 6;
  }
}

/** Whether `text` is the units of `t` from `start` on. */
function sameUnits(text: string, t: TextUnits, start: number): boolean {
  const u = t.units;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) !== u[start + i]) return false;
  return true;
}

export class ComponentTable {
  private readonly names = new Array<string | null>(SLOTS + 1).fill(null);
  private readonly verdicts = new Uint8Array((SLOTS + 1) * LEVELS);

  /** `skips(level, component)`: whether a record of that level and component is left out. */
  constructor(private readonly skips: ((level: Level | null, component: string | null) => boolean) | null) {}

  /** The slot of the tag `[start, end)` of `t`, whose `UnitLine.compHash` is `hash`; a new spelling takes over its slot. */
  find(t: TextUnits, start: number, end: number, hash: number): number {
    const slot = (hash ^ (end - start)) & (SLOTS - 1);
    const known = this.names[slot];
    if (known !== null && known !== undefined && known.length === end - start && sameUnits(known, t, start)) return slot;
    this.names[slot] = unitString(t, start, end);
    this.verdicts.fill(UNKNOWN, slot * LEVELS, slot * LEVELS + LEVELS);
    return slot;
  }

  /** The component of a slot (null for `NO_COMPONENT`). */
  name(slot: number): string | null {
    return this.names[slot] ?? null;
  }

  /** Whether the sieve leaves out a `generic` record of this slot and level (`levelIndex`). */
  skipped(slot: number, level: Level | null, li: number): boolean {
    const at = slot * LEVELS + li;
    const v = this.verdicts[at]!;
    if (v !== UNKNOWN) return v === SKIP;
    const skip = this.skips !== null && this.skips(level, this.name(slot));
    this.verdicts[at] = skip ? SKIP : KEEP;
    return skip;
  }
}
