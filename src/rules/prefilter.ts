/**
 * The evidence prefilter: one cheap test per record, run by the engine on every record of every input.
 * It is `gate` (match.ts) over all signatures, compiled once: dispatch on the event type; for INFO/DBG
 * generic records a two-character test of the component (unnamed components stop there) and then a
 * multi-literal scan over the literals the component's patterns require; for RES lines a scan per
 * resource type; an id set for event-log records. It may accept more than the signatures match
 * (resource types of non-RES records and `when` are left to diagnose), never less.
 */
import type { ClusterEvent } from '../events/types.js';
import { literalScanner, requiredLiterals } from './literals.js';
import { componentKey, recordText } from './match.js';
import type { Rule, Signature } from './types.js';

type Check = (e: ClusterEvent) => boolean;

const NEVER: Check = () => false;
const ALWAYS: Check = () => true;

/** Signatures of these types are compiled into text tests, so they must carry a pattern. */
const TEXT_TYPES: readonly string[] = ['res.message', 'generic'];

/** Throws when a signature cannot be compiled into the prefilter or breaks the table's conventions. */
export function validateSignature(family: string, sig: Signature): void {
  const id = `${family}/${sig.name}`;
  if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(sig.name)) throw new Error(`${id}: name must be kebab-case`);
  if (!(sig.weight > 0 && sig.weight <= 1)) throw new Error(`${id}: weight must be in (0, 1]`);
  for (const re of [sig.pattern, sig.template]) {
    // `g`/`y` make RegExp#test stateful; the literal analysis and the fallback assume `i` and no `u`/`s`/`m`.
    if (re !== undefined && re.flags !== 'i') throw new Error(`${id}: patterns must use exactly the flag "i" (got "${re.flags}")`);
  }
  const on = sig.on ?? TEXT_TYPES;
  if (sig.pattern === undefined && on.some((t) => TEXT_TYPES.includes(t))) {
    throw new Error(`${id}: a signature on res.message/generic records needs a pattern`);
  }
  if (on.includes('eventlog.record') && sig.pattern === undefined && sig.eventIds === undefined) {
    throw new Error(`${id}: a signature on event-log records needs eventIds or a pattern`);
  }
  if (sig.template !== undefined && sig.eventIds === undefined) throw new Error(`${id}: template without eventIds`);
}

type TextTest = (text: string) => boolean;

/** The same patterns come back in many scanners (all generic signatures, per component, per resource type). */
const literalsBySource = new Map<string, string[] | null>();

function literalsOf(source: string): string[] | null {
  let lits = literalsBySource.get(source);
  if (lits === undefined) literalsBySource.set(source, (lits = requiredLiterals(source)));
  return lits;
}

/**
 * A test that is true whenever any of `patterns` matches: a literal scan over the literals every match
 * must contain (literals.ts), plus a combined regex for patterns no literal could be derived from.
 */
export function anyOf(patterns: readonly RegExp[]): TextTest | null {
  const literals = new Set<string>();
  const rest: string[] = [];
  for (const p of patterns) {
    const lits = literalsOf(p.source);
    if (lits === null) rest.push(p.source);
    else for (const l of lits) literals.add(l);
  }
  if (literals.size === 0 && rest.length === 0) return null;
  const scan = literalScanner([...literals]);
  if (rest.length === 0) return scan;
  const sources = [...new Set(rest)];
  let fallback: TextTest;
  try {
    const re = new RegExp(sources.map((s) => `(?:${s})`).join('|'), 'i');
    fallback = (text) => re.test(text);
  } catch {
    // Patterns that cannot share one regex (e.g. equal group names) are tried one by one.
    const each = sources.map((s) => new RegExp(s, 'i'));
    fallback = (text) => each.some((re) => re.test(text));
  }
  return literals.size === 0 ? fallback : (text) => scan(text) || fallback(text);
}

/** Whether a `generic` record of this level and component could pass the generic check, whatever its text. */
export type GenericSieve = (level: string | null, component: string | null) => boolean;

interface GenericGate {
  readonly check: Check;
  readonly sieve: GenericSieve;
}

function compileGeneric(sigs: readonly Signature[]): GenericGate {
  const all = anyOf(sigs.map((s) => s.pattern as RegExp));
  const byComponent = new Map<string, RegExp[]>();
  for (const s of sigs) {
    for (const c of s.components ?? []) byComponent.set(c, [...(byComponent.get(c) ?? []), s.pattern as RegExp]);
  }
  const chatter = new Map<string, TextTest>();
  for (const [c, list] of byComponent) chatter.set(c, anyOf(list) as TextTest);
  // First two characters of every named component: most chatter (GUM, RCM, RHS, NM, API...) is rejected
  // on two character reads and one table load, before any hashing.
  const prefixes = new Uint8Array(128 * 128);
  for (const c of chatter.keys()) prefixes[((c.charCodeAt(0) & 127) << 7) | (c.charCodeAt(1) & 127)] = 1;
  const chatterTest = (c: string | null): TextTest | undefined => {
    if (c === null || c.length < 2 || prefixes[((c.charCodeAt(0) & 127) << 7) | (c.charCodeAt(1) & 127)] === 0) return undefined;
    const re = chatter.get(c);
    if (re !== undefined) return re;
    const key = componentKey(c);
    return key === c ? undefined : chatter.get(key);
  };
  const isChatterLevel = (level: string | null): boolean => level === 'INFO' || level === 'DBG' || level === 'VERBOSE';
  const check: Check = (e) => {
    // Healthy INFO/DBG chatter (isChatter): only components some signature names go further.
    if (isChatterLevel(e.level)) {
      const re = chatterTest(e.component);
      return re !== undefined && re(e.text);
    }
    return all !== null && all(e.text);
  };
  const sieve: GenericSieve = (level, component) => (isChatterLevel(level) ? chatterTest(component) !== undefined : all !== null);
  return { check, sieve };
}

function compileEventLog(sigs: readonly Signature[]): Check {
  const ids = new Set<number>();
  const templates: RegExp[] = [];
  const patterns: RegExp[] = [];
  for (const s of sigs) {
    if (s.eventIds !== undefined) {
      for (const id of s.eventIds) ids.add(id);
      if (s.template !== undefined) templates.push(s.template);
    } else if (s.pattern !== undefined) {
      patterns.push(s.pattern);
    } else {
      return ALWAYS;
    }
  }
  const template = anyOf(templates);
  const pattern = anyOf(patterns);
  return (e) => {
    if (e.type !== 'eventlog.record') return false;
    if (e.eventId !== null && ids.has(e.eventId)) return true;
    const text = recordText(e);
    if (e.eventId === null && template !== null && template(text)) return true;
    return pattern !== null && pattern(text);
  };
}

/**
 * RES lines are the bulk of a log, so their scan only carries the literals of signatures that can apply
 * to the line's resource type: one scanner per type seen, built on first use.
 */
function compileResMessage(sigs: readonly Signature[]): Check {
  if (sigs.some((s) => s.pattern === undefined)) return ALWAYS;
  const byType = new Map<string, TextTest>();
  const build = (type: string): TextTest =>
    anyOf(sigs.filter((s) => s.resourceType === undefined || s.resourceType.test(type)).map((s) => s.pattern as RegExp)) ??
    (() => false);
  return (e) => {
    if (e.type !== 'res.message') return false;
    let test = byType.get(e.resourceType);
    if (test === undefined) {
      test = build(e.resourceType);
      // Resource types are few; the cap only guards against garbage type names.
      if (byType.size < 1024) byType.set(e.resourceType, test);
    }
    return test(e.message);
  };
}

function compileTyped(sigs: readonly Signature[]): Check {
  if (sigs.some((s) => s.pattern === undefined)) return ALWAYS;
  const test = anyOf(sigs.map((s) => s.pattern as RegExp)) as TextTest;
  return (e) => test(recordText(e));
}

function compileType(type: string, sigs: readonly Signature[]): Check {
  if (sigs.length === 0) return NEVER;
  if (type === 'generic') return compileGeneric(sigs).check;
  if (type === 'eventlog.record') return compileEventLog(sigs);
  if (type === 'res.message') return compileResMessage(sigs);
  return compileTyped(sigs);
}

/** Compiles the prefilter of a rule set. */
export function compilePrefilter(rules: readonly Rule[]): Check {
  const byType = new Map<string, Signature[]>();
  const anyType: Signature[] = [];
  for (const rule of rules) {
    for (const sig of rule.signatures) {
      if (sig.on === undefined) anyType.push(sig);
      else for (const t of sig.on) byType.set(t, [...(byType.get(t) ?? []), sig]);
    }
  }
  const table = new Map<string, Check>();
  for (const [type, sigs] of byType) table.set(type, compileType(type, [...sigs, ...anyType]));
  const other = anyType.length === 0 ? NEVER : compileTyped(anyType);
  const generic = byType.has('generic') ? (table.get('generic') as Check) : compileType('generic', anyType);
  const res = byType.has('res.message') ? (table.get('res.message') as Check) : compileType('res.message', anyType);
  // Generic and RES records are nearly all of a log: test them first, through monomorphic calls V8 can inline.
  return (e) => {
    const t = e.type;
    if (t === 'generic') return generic(e);
    if (t === 'res.message') return res(e);
    return (table.get(t) ?? other)(e);
  };
}

/**
 * The generic part of `compilePrefilter` reduced to level and component: false only when no `generic`
 * record of that level and component can be a candidate, so a reader may leave such records unbuilt.
 */
export function compileGenericSieve(rules: readonly Rule[]): GenericSieve {
  const sigs: Signature[] = [];
  const anyType: Signature[] = [];
  for (const rule of rules) {
    for (const sig of rule.signatures) {
      if (sig.on === undefined) anyType.push(sig);
      else if (sig.on.includes('generic')) sigs.push(sig);
    }
  }
  const all = [...sigs, ...anyType];
  if (all.length === 0) return () => false;
  return compileGeneric(all).sieve;
}
