/**
 * Compiled binary XML: a template definition (or a fragment without one) is read once into this
 * small tree; records then only carry the substitution values that fill it.
 */

/** A normal (0x0d) or optional (0x0e) substitution: value `index` of the template instance. */
export class Sub {
  constructor(
    readonly index: number,
    /** Type declared in the template; the instance's own descriptor type wins when they differ. */
    readonly type: number,
    readonly optional: boolean,
  ) {}
}

/** Text content or attribute value: static text or a substitution. */
export type Part = string | Sub;

export interface Attr {
  readonly name: string;
  readonly value: readonly Part[];
}

export class Elem {
  constructor(
    readonly name: string,
    readonly attrs: readonly Attr[],
    readonly children: readonly XmlNode[],
  ) {}

  attr(name: string): readonly Part[] | null {
    for (const a of this.attrs) if (a.name === name) return a.value;
    return null;
  }
}

/** A template instance inside a fragment: the template and the values that fill it. */
export class Instance {
  constructor(
    readonly template: Template,
    readonly buf: Buffer,
    /** `[offset, size, type]` per value, offsets relative to the chunk (may be longer: a reused buffer). */
    readonly values: Int32Array,
    /** Number of values. */
    readonly count: number,
  ) {}
}

export type XmlNode = Part | Elem | Instance;

/** Where the System fields of an `<Event>` sit in a template: static text or substitutions. */
export interface SystemPlan {
  readonly provider: readonly Part[] | null;
  readonly eventSourceName: readonly Part[] | null;
  readonly eventId: readonly Part[] | null;
  readonly qualifiers: readonly Part[] | null;
  readonly level: readonly Part[] | null;
  readonly task: readonly Part[] | null;
  readonly timeCreated: readonly Part[] | null;
  readonly recordId: readonly Part[] | null;
  readonly processId: readonly Part[] | null;
  readonly threadId: readonly Part[] | null;
  readonly channel: readonly Part[] | null;
  readonly computer: readonly Part[] | null;
  /** Everything of `<Event>` but `<System>`: EventData, UserData, or substitutions that hold them. */
  readonly rest: readonly XmlNode[];
  /**
   * The common shape of `rest` precompiled: `<EventData>` holding only `<Data [Name="literal"]>` and
   * `<Binary>` elements of one substitution or literal text each. Null for any other shape.
   */
  readonly eventData: readonly DataSlot[] | null;
}

export interface DataSlot {
  /** Data@Name, or null for unnamed `<Data>` and for `<Binary>`. */
  readonly name: string | null;
  readonly binary: boolean;
  /** The substitution holding the value, or null when the value is the literal `text`. */
  readonly sub: Sub | null;
  readonly text: string;
}

export interface Template {
  /** Chunk offset of the definition (the cache key); -1 for fragments read without a template. */
  readonly offset: number;
  /** First 32 bits of the template GUID, repeated by every instance (checked on reuse). */
  readonly id: number;
  readonly nodes: readonly XmlNode[];
  readonly plan: SystemPlan;
}
