/**
 * Message shapes of cluster.log as data: one row per shape, each with the components it is
 * written under, a literal needle (cheap pre-check), the pattern, and sample lines that must
 * classify to it (checked by messages.test.ts, like lnav's format samples).
 *
 * Shapes and sources: domain.md §4 (RCM/RHS), §5 (entry points), §9 (RES, membership, quorum).
 * Rows marked [unverified] follow a shape inferred from neighbours; patterns stay lenient.
 */
import type { ClusterEvent, EventBase } from '../../events/types.js';
import { entryPointOf, parseCode, win32Error } from './entry-points.js';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
/** What a row adds to the record's base fields: `type` and the variant's own fields. */
export type EventFields = DistributiveOmit<ClusterEvent, keyof EventBase>;

export interface MessageRow {
  readonly name: string;
  /** Component tags the row applies to; `null` = lines that carry no tag. */
  readonly components: readonly (string | null)[];
  /** Substring the text must contain before the pattern is tried. */
  readonly needle: string;
  readonly pattern: RegExp;
  /** Complete log lines that must classify to this row. */
  readonly samples: readonly string[];
  /**
   * The event's own fields; null hands the line on to the next row. They are assigned onto the
   * base object rather than spread into a new one: spreading a dozen fields per record cost ~1 µs.
   */
  build(m: RegExpExecArray, base: EventBase): EventFields | null;
  /**
   * `pattern` and `build` by hand, for rows that run on most lines: completes `base` into the event in
   * place (null, leaving it untouched, when the pattern would not match). Must agree with them on every text.
   */
  readonly complete?: (text: string, base: EventBase) => ClusterEvent | null;
}

const g = (m: RegExpExecArray, i: number): string => m[i] ?? '';
const gn = (m: RegExpExecArray, i: number): string | null => {
  const v = m[i];
  return v === undefined || v === '' ? null : v;
};
/** Node ids are small decimal numbers (`Node 1:`). */
const num = (m: RegExpExecArray, i: number): number | null => {
  const v = m[i];
  return v === undefined || v === '' ? null : Number(v);
};
const idList = (text: string | undefined): number[] =>
  text === undefined ? [] : text.split(/[\s,]+/).filter((t) => t !== '').map(Number).filter((n) => Number.isFinite(n));
/** Strips quotes or angle brackets some builds put around names. */
const bare = (name: string): string => name.trim().replace(/^'(.*)'$/, '$1').replace(/^<(.*)>$/, '$1');

/**
 * The name at the start of `rest`: quoted (`'X'`, up to the closing quote) or up to the first match of
 * `stop`, without a trailing period. Patterns capture the rest of the line and leave the name to this:
 * a lazy capture followed by a lookahead over blanks backtracks quadratically on long runs of blanks.
 */
function leadingName(rest: string, stop: RegExp | null = null): string | null {
  let s = rest.trimStart();
  if (s.startsWith("'")) {
    const close = s.indexOf("'", 1);
    s = close > 1 ? s.slice(1, close) : s.slice(1);
  } else if (stop !== null) {
    const m = stop.exec(s);
    if (m !== null) s = s.slice(0, m.index);
  }
  s = s.trim().replace(/\.$/, '').trimEnd();
  return s === '' ? null : s;
}

/**
 * `(name, word)` argument lists: resource names may contain parentheses, dots, spaces and commas, so the
 * list splits on its last `, ` when a single word (a state, a number) follows; otherwise it is all name.
 */
export function splitLast(list: string): { name: string; last: string | null } {
  const at = list.lastIndexOf(', ');
  if (at > 0 && /^\w+$/.test(list.slice(at + 2).trim())) return { name: list.slice(0, at).trim(), last: list.slice(at + 2).trim() };
  return { name: list.trim(), last: null };
}

/** NTSTATUS/exception codes: 8 hex digits (`c0000005`, `0xC0000005`) or decimal (`3221225477`). */
function exceptionCode(text: string | undefined): number | null {
  if (text === undefined || text === '') return null;
  if (/^0x[0-9a-f]+$/i.test(text) || /^[0-9a-f]{8}$/i.test(text)) return parseInt(text.replace(/^0x/i, ''), 16);
  return /^\d+$/.test(text) ? Number(text) : null;
}

/**
 * Fields of an exception report: its name and code (`EXCEPTION_ACCESS_VIOLATION(c0000005)`, `exception
 * 0xc0000005`), the call it happened in and the resource (`in ISALIVE call for resource 'X'`, quoted or not,
 * optionally followed by `(x.dll)`), and the DLL when named.
 */
function exceptionFields(text: string, name: string | null): EventFields {
  const named = /\b((?:EXCEPTION|STATUS)_[A-Z0-9_]+)\s*\(\s*(0x[0-9a-fA-F]+|[0-9a-fA-F]{8}|\d+)\s*\)/.exec(text);
  const bareCode = /\b[Ee]xception(?: code)?\s*(?:[:=]\s*)?\(?(0x[0-9a-fA-F]{1,8}|[0-9a-fA-F]{8})\b/.exec(text);
  const call = /\b(?:in|during) (?:the )?(\w+)(?: call)? for resource( type)?\s+([^\n]+)/.exec(text);
  let resource: string | null = null;
  let dll: string | null = null;
  if (call !== null) {
    let rest = g(call, 3).trim();
    if (rest.startsWith("'")) {
      // Quoted: up to the closing quote that ends the name (`'X'` followed by punctuation, space or the end).
      const close = /'(?=[\s;.,)]|$)/.exec(rest.slice(1));
      rest = close !== null ? rest.slice(1, close.index + 1) : rest.slice(1);
    } else {
      rest = rest.split(/[;']|\.(?:\s|$)/, 1)[0] ?? rest;
    }
    // A trailing `(x.dll)`; found by position, as a regex over the name backtracks on long blank runs.
    rest = rest.trim();
    const open = rest.lastIndexOf('(');
    if (open >= 0 && rest.endsWith(')') && /^[^()\s]+\.dll$/i.test(rest.slice(open + 1, -1))) {
      dll = rest.slice(open + 1, -1);
      rest = rest.slice(0, open);
    }
    rest = rest.trim().replace(/\.$/, '');
    if (rest !== '') resource = rest;
  }
  dll ??= /\b(?:module|resource DLL|DLL)\s+'?([^'\s(),;]+\.dll)\b/i.exec(text)?.[1] ?? null;
  const token = call !== null ? g(call, 1) : null;
  const isType = call !== null && call[2] !== undefined;
  return {
    type: 'rhs.exception',
    resource: isType ? null : resource,
    resourceType: isType ? resource : null,
    entryPoint: token !== null ? entryPointOf(token) : null,
    call: token,
    exceptionName: named?.[1] ?? name,
    exceptionCode: exceptionCode(named?.[2] ?? bareCode?.[1]),
    dll,
  };
}

/** Offsets of the parts of a RES text (see `resSpans`); -1 for an absent name or sub-tag. */
export interface ResSpans {
  typeEnd: number;
  nameStart: number;
  nameEnd: number;
  tagStart: number;
  tagEnd: number;
  messageStart: number;
  /** A hash of the name's characters, for `NameCache`. */
  nameHash: number;
}

const NL = 10;
const SPACE = 32;
const COLON = 58;
const LT = 60;
const GT = 62;

/** `[\w-]` */
function isTagChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 45;
}

/** `\s` of a JavaScript regex. */
function isSpace(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13);
  if (c < 0xa0) return false;
  return (
    c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 ||
    c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff
  );
}

/**
 * The RES row's pattern, `^([A-Za-z][^<>:\n]*?)(?: <([^\n]*?)>)?: ?(?:\[([\w-]+)\]\s*)?([\s\S]*)$`, by
 * hand: a quarter of all lines are RES lines. The type runs from a letter up to the first `<`, `>`, `:` or
 * line break. A `:` there ends it without a name; a ` <` there opens the name, which ends at the first
 * `>:` on that line; anything else is no match. Then an optional space and `[tag]` with the blanks after it.
 */
export function resSpans(text: string, out: ResSpans): boolean {
  const n = text.length;
  const first = text.charCodeAt(0) | 0x20;
  if (!(first >= 97 && first <= 122)) return false;
  let q = 1;
  for (; q < n; q++) {
    const c = text.charCodeAt(q);
    if (c === LT || c === GT || c === COLON || c === NL) break;
  }
  const stop = text.charCodeAt(q);
  let colon: number;
  if (stop === COLON) {
    out.typeEnd = q;
    out.nameStart = out.nameEnd = -1;
    colon = q;
  } else if (stop === LT && text.charCodeAt(q - 1) === SPACE) {
    let r = q + 1;
    let h = 0;
    for (; ; r++) {
      if (r >= n) return false;
      const c = text.charCodeAt(r);
      if (c === NL) return false;
      if (c === GT && text.charCodeAt(r + 1) === COLON) break;
      h = (Math.imul(h, 31) + c) | 0;
    }
    out.typeEnd = q - 1;
    out.nameStart = q + 1;
    out.nameEnd = r;
    out.nameHash = h;
    colon = r + 1;
  } else {
    return false;
  }
  let i = colon + 1;
  if (text.charCodeAt(i) === SPACE) i++;
  out.tagStart = out.tagEnd = -1;
  if (text.charCodeAt(i) === 91) {
    let j = i + 1;
    while (j < n && isTagChar(text.charCodeAt(j))) j++;
    if (j > i + 1 && text.charCodeAt(j) === 93) {
      out.tagStart = i + 1;
      out.tagEnd = j;
      i = j + 1;
      while (i < n && isSpace(text.charCodeAt(i))) i++;
    }
  }
  out.messageStart = i;
  return true;
}

const spans: ResSpans = { typeEnd: 0, nameStart: -1, nameEnd: -1, tagStart: -1, tagEnd: -1, messageStart: 0, nameHash: 0 };

/**
 * Resource names repeat on most RES lines: each spelling is cut once and shared, so the look-ups by name
 * that follow (topology, hosting, evidence rings) meet a string whose hash is known. The slot comes from
 * the hash `resSpans` took while scanning. A slot's name is checked against the text it was cut from
 * rather than the cut itself, a slice, whose characters are slower to read.
 */
class NameCache {
  private readonly names = new Array<string>(4096).fill('');
  private readonly from = new Array<string>(4096).fill('');
  private readonly at = new Int32Array(4096);

  cut(text: string, start: number, end: number, hash: number): string {
    const len = end - start;
    const slot = (hash ^ (hash >>> 12) ^ len) & 4095;
    const known = this.names[slot]!;
    if (known.length === len) {
      const from = this.from[slot]!;
      const at = this.at[slot]!;
      let i = len - 1;
      while (i >= 0 && text.charCodeAt(start + i) === from.charCodeAt(at + i)) i--;
      if (i < 0) return known;
    }
    const made = text.slice(start, end);
    if (len <= 256) {
      this.names[slot] = made;
      this.from[slot] = text;
      this.at[slot] = start;
    }
    return made;
  }
}

const names = new NameCache();

/** The `res.message` row by hand: fields assigned in `build`'s order, so the event serialises the same. */
function completeRes(text: string, base: EventBase): ClusterEvent | null {
  if (!resSpans(text, spans)) return null;
  const e = base as EventBase & { -readonly [K in keyof ResFields]: ResFields[K] };
  e.type = 'res.message';
  e.resourceType = text.slice(0, spans.typeEnd).trim();
  e.resource = spans.nameStart < 0 ? null : names.cut(text, spans.nameStart, spans.nameEnd, spans.nameHash);
  e.subTag = spans.tagStart < 0 ? null : text.slice(spans.tagStart, spans.tagEnd);
  e.message = text.slice(spans.messageStart);
  return e as ClusterEvent;
}

type ResFields = Extract<EventFields, { type: 'res.message' }>;

export const MESSAGE_ROWS: readonly MessageRow[] = [
  // ---- RHS (rhs.exe) -------------------------------------------------------------------------
  {
    name: 'rhs.call-timeout',
    components: ['RHS'],
    needle: 'timed out',
    // `Call LOOKSALIVE timed out [by N milliseconds] for resource 'X'` / `for resource type 'X'` (domain.md §5).
    pattern: /\bCall (\w+) timed out(?: by (\d+) milliseconds?)? for resource( type)? '(.*)'/,
    samples: [
      "00000d1c.00001f40::2021/11/03-14:22:09.318 ERR   [RHS] RhsCall::DeadlockMonitor: Call ISALIVE timed out for resource 'SQL Network Name (PRDSQL)'.",
      "00000d1c.00001f40::2021/11/03-14:22:09.318 ERR   [RHS] RhsCall::DeadlockMonitor: Call LOOKSALIVE timed out by 218 milliseconds for resource 'Cluster Disk 4'.",
      "00000d1c.00000a88::2021/11/03-14:30:51.002 ERR   [RHS] RhsCall::DeadlockMonitor: Call RESOURCETYPECONTROL timed out for resource type 'Virtual Machine'.",
    ],
    build(m, base) {
      const isType = m[3] !== undefined;
      return {
        type: 'rhs.call-timeout',
        resource: isType ? null : g(m, 4),
        resourceType: isType ? g(m, 4) : null,
        entryPoint: entryPointOf(g(m, 1)),
        call: g(m, 1),
        overrunMs: num(m, 2),
      };
    },
  },
  {
    name: 'rhs.deadlock-handling',
    components: ['RHS'],
    needle: 'handling deadlock',
    // `Resource type X handling deadlock` is the ResourceTypeControl form: about a type, not a resource.
    pattern: /Resource (type )?(.+?) handling deadlock\.?(?: Cleaning current operation)?( and terminating RHS process)?/,
    samples: [
      '00000d1c.00001f40::2021/11/03-14:22:09.318 ERR   [RHS] Resource SQL Network Name (PRDSQL) handling deadlock. Cleaning current operation and terminating RHS process.',
      '00000d1c.00001f40::2021/11/03-14:22:09.319 ERR   [RHS] Resource Cluster Disk 4 handling deadlock. Cleaning current operation.',
      '00000d1c.00000a88::2021/11/03-14:30:51.003 ERR   [RHS] Resource type Virtual Machine handling deadlock. Cleaning current operation and terminating RHS process.',
    ],
    build(m, base) {
      const name = bare(g(m, 2));
      return { type: 'rhs.deadlock-handling', resource: name, resourceType: m[1] !== undefined ? name : null, terminatingRhs: m[3] !== undefined };
    },
  },
  {
    name: 'rhs.health-check-failed',
    components: ['RHS'],
    needle: 'has indicated failure',
    pattern: /Resource (.+?) (IsAlive|LooksAlive) has indicated failure/,
    samples: [
      '0000137c.00002a10::2022/06/14-03:41:57.880 WARN  [RHS] Resource SalesAG IsAlive has indicated failure.',
      '0000137c.00002a10::2022/06/14-03:41:52.880 WARN  [RHS] Resource File Share Witness LooksAlive has indicated failure.',
    ],
    build: (m, base) => ({
      type: 'rhs.health-check-failed',
      resource: bare(g(m, 1)),
      entryPoint: g(m, 2) === 'IsAlive' ? 'IsAlive' : 'LooksAlive',
    }),
  },
  {
    name: 'rhs.cannot-come-online',
    components: ['RHS'],
    needle: 'cannot come online',
    pattern: /Resource (.+?) has indicated that it cannot come online/,
    samples: ['00000f10.00000e6c::2012/09/20-09:05:33.417 WARN  [RHS] Resource PRINTSRV01 has indicated that it cannot come online on this node.'],
    build: (m, base) => ({ type: 'rhs.cannot-come-online', resource: bare(g(m, 1)) }),
  },
  {
    name: 'rhs.call-failed',
    components: ['RHS'],
    needle: ' for resource ',
    // `Online for resource X failed.`; an error number may follow in some builds [unverified].
    pattern: /^(Online|Offline|Terminate|Arbitrate|Release|Open|Close|IsAlive|LooksAlive) for resource (.+?) failed\b(?:[^\n\d]*?(0x[0-9a-fA-F]+|\d+))?/,
    samples: [
      '0000137c.000019f8::2022/06/14-03:43:10.112 ERR   [RHS] Online for resource SalesAG failed.',
      '0000137c.000019f8::2022/06/14-03:49:02.540 ERR   [RHS] Offline for resource Cluster Disk 4 failed, status 1460.',
    ],
    build(m, base) {
      const entryPoint = entryPointOf(g(m, 1));
      if (entryPoint === null) return null;
      return { type: 'rhs.call-failed', resource: bare(g(m, 2)), entryPoint, errorCode: parseCode(m[3]) };
    },
  },
  {
    name: 'rhs.resource-state',
    components: ['RHS'],
    needle: 'has come o',
    pattern: /Resource (.+?) has come (online|offline)\b/,
    samples: [
      '0000137c.000019f8::2022/06/14-03:44:31.006 INFO  [RHS] Resource SalesAG has come online. RHS is about to report status change to RCM',
      '0000137c.000019f8::2022/06/14-03:40:12.650 INFO  [RHS] Resource SalesAG has come offline. RHS is about to report resource status to RCM.',
    ],
    build: (m, base) => ({
      type: g(m, 2) === 'online' ? 'rhs.resource-online' : 'rhs.resource-offline',
      resource: bare(g(m, 1)),
    }),
  },
  {
    name: 'rhs.wer-report',
    components: ['RHS'],
    needle: 'WER report',
    pattern: /WER report is submitted\.?(?:\s*Result\s*:\s*(\w+))?/,
    samples: ['00000d1c.00001f40::2021/11/03-14:22:09.731 ERR   [RHS] WER report is submitted. Result : WerReportQueued.'],
    build: (m, base) => ({ type: 'rhs.wer-report', result: gn(m, 1) }),
  },
  {
    name: 'rhs.dll-load-failed',
    components: ['RHS'],
    needle: 'load resource DLL',
    // `RhsCall::Perform_NativeEH: ERROR_MOD_NOT_FOUND(126)' because of 'Unable to load resource DLL mqclus.dll.`
    pattern: /Unable to load resource DLL\s+'?([^'\s]+?\.dll|[^'\s]+?)(?=['.\s]|$)/i,
    samples: [
      "00001a2c.00000f3c::2015/02/11-22:17:45.260 ERR   [RHS] RhsCall::Perform_NativeEH: ERROR_MOD_NOT_FOUND(126)' because of 'Unable to load resource DLL vendorres.dll.'",
    ],
    build(m, base) {
      const err = win32Error(base.text);
      return { type: 'rhs.dll-load-failed', dll: gn(m, 1), errorCode: err.code, errorName: err.name };
    },
  },
  {
    name: 'rhs.dll-load-failed-error',
    components: ['RHS'],
    needle: 'DLL',
    // Alternative wording [unverified]: `Error loading resource DLL x.dll` / `Failed to load DLL x.dll`.
    pattern: /(?:Error loading|Failed to load|Could not load) (?:resource )?DLL\s+'?([^'\s]+?\.dll)\b/i,
    samples: ["00001a2c.00000f3c::2015/02/11-22:17:45.260 ERR   [RHS] Failed to load resource DLL 'legacyapp.dll', ERROR_BAD_EXE_FORMAT(193)."],
    build(m, base) {
      const err = win32Error(base.text);
      return { type: 'rhs.dll-load-failed', dll: gn(m, 1), errorCode: err.code, errorName: err.name };
    },
  },
  {
    name: 'rhs.exception',
    components: ['RHS'],
    needle: 'NativeEH',
    // `RhsCall::Perform_NativeEH: EXCEPTION_ACCESS_VIOLATION(c0000005)' because of 'Unhandled exception in
    // ISALIVE call for resource 'X' ...` [unverified wording after the exception name]. Errors that are not
    // exceptions (`ERROR_MOD_NOT_FOUND(126)' because of 'Unable to load resource DLL ...`) go to rows above or stay generic.
    pattern: /Perform_NativeEH\b[^\n]*?(?:\b((?:EXCEPTION|STATUS)_[A-Z0-9_]+)\b|[Ee]xception\b)/,
    samples: [
      "00001d50.00003990::2022/12/07-13:18:44.558 ERR   [RHS] RhsCall::Perform_NativeEH: EXCEPTION_ACCESS_VIOLATION(c0000005)' because of 'Unhandled exception in ISALIVE call for resource 'Contoso Volume (Data)'; RHS will terminate.'",
      "00001d50.00003990::2022/12/07-13:18:44.558 ERR   [RHS] RhsCall::Perform_NativeEH: EXCEPTION_ACCESS_VIOLATION(3221225477)' because of 'Unhandled exception in ISALIVE call for resource AppVol-1 (vendor.dll); RHS will terminate.'",
      '00001d50.00003990::2022/12/07-13:18:44.558 ERR   [RHS] RhsCall::Perform_NativeEH: STATUS_STACK_BUFFER_OVERRUN(0xc0000409)',
    ],
    build: (m, base) => exceptionFields(base.text, gn(m, 1)),
  },
  {
    name: 'rhs.exception-in-call',
    components: ['RHS'],
    needle: 'xception',
    // The same report without the Perform_NativeEH prefix [unverified]: `Unhandled exception 0xc0000005 in IsAlive call for resource X`.
    pattern: /[Ee]xception\b[^\n]{0,80}?\b(?:in|during) (?:the )?(\w+)(?: call)? for resource\b/,
    samples: ["00001d50.00003990::2022/12/07-13:18:44.558 ERR   [RHS] Unhandled exception 0xc0000005 in LooksAlive call for resource 'App Server (Blue)'."],
    build: (m, base) => exceptionFields(base.text, null),
  },
  {
    name: 'rhs.cluster-service-terminated',
    components: ['RHS'],
    needle: 'Cluster service has terminated',
    pattern: /Cluster service has terminated/,
    samples: ['00000b30.00000b34::2023/01/09-17:02:44.100 WARN  [RHS] Cluster service has terminated. Cluster.Service.Running.Event got signaled.'],
    build: (_m, base) => ({ type: 'rhs.cluster-service-terminated' }),
  },
  {
    name: 'rhs.terminating-resource',
    components: ['RHS'],
    needle: 'Terminating resource',
    pattern: /^(?:[\w:]+::\w+:\s*)?Terminating resource\s([^\n]+)/,
    samples: [
      '00000d1c.00001f40::2021/11/03-14:22:09.420 INFO  [RHS] Terminating resource SQL Network Name (PRDSQL)',
      "00000d1c.00001f40::2021/11/03-14:22:09.420 INFO  [RHS] Terminating resource 'App (x.y)' because it did not respond.",
    ],
    build(m, base) {
      const name = leadingName(g(m, 1), /\s(?:because|due to|as)\b/);
      return name === null ? null : { type: 'rhs.terminating-resource', resource: bare(name) };
    },
  },

  // ---- RCM (clussvc.exe resource control manager) --------------------------------------------
  {
    name: 'rcm.res-transition',
    components: ['RCM'],
    needle: ' -> ',
    // `Res X: A -> B( C )` (domain.md §4); names may contain spaces, dots and parentheses.
    pattern: /(?:^|::\w+: )Res (.+): (\w+) -> (\w+)(?:\s*\(([^\n]*)\))?/,
    samples: [
      '00000e48.00001c70::2020/02/27-06:51:03.118 INFO  [RCM] Res File Share Witness: Offline -> OnlineCallIssued( StateUnknown )',
      '00000e48.00001c70::2020/02/27-06:51:03.118 INFO  [RCM] Res SQL Server (MSSQL.2): Online -> ProcessingFailure( OnlineCallIssued )',
    ],
    build: (m, base) => ({ type: 'rcm.state-transition', resource: g(m, 1), from: g(m, 2), to: g(m, 3), reason: m[4]?.trim() || null }),
  },
  {
    name: 'rcm.transition-to-state',
    components: ['RCM'],
    needle: 'TransitionToState(',
    pattern: /TransitionToState\((.+)\) (\w+)-->(\w+)/,
    samples: [
      '00000e48.00001c70::2020/02/27-06:51:03.118 INFO  [RCM] TransitionToState(File Share Witness) Offline-->OnlineCallIssued.',
      '00000e48.00001c70::2020/02/27-06:52:40.004 INFO  [RCM] TransitionToState(app.contoso (v2)) Online-->OfflineCallIssued.',
    ],
    build: (m, base) => ({ type: 'rcm.state-transition', resource: g(m, 1), from: g(m, 2), to: g(m, 3), reason: null }),
  },
  {
    name: 'rcm.group-state',
    components: ['RCM'],
    needle: 'UpdateStateIfChanged',
    pattern: /UpdateStateIfChanged:?\s*\((.+), (\w+) -+> (\w+)\)/,
    samples: ['00000e48.00001c70::2020/02/27-06:51:03.120 INFO  [RCM] rcm::RcmGroup::UpdateStateIfChanged: (Cluster Group, Online --> Pending)'],
    build: (m, base) => ({ type: 'rcm.group-state', group: g(m, 1), from: gn(m, 2), to: g(m, 3) }),
  },
  {
    name: 'rcm.group-state-arrow',
    components: ['RCM'],
    needle: 'roup ',
    // [unverified] `Group G: Online -> Pending`, `rcm::RcmGroup::SetState: Group 'G' state Online --> Failed`.
    pattern: /(?:^|::\w+: )[Gg]roup '?(.+?)'?(?::| state) (\w+) ?-+> ?(\w+)/,
    samples: ['00000e48.00001c70::2020/02/27-06:51:03.120 INFO  [RCM] Group FileServer-01: PartialOnline -> Online'],
    build: (m, base) => ({ type: 'rcm.group-state', group: g(m, 1), from: gn(m, 2), to: g(m, 3) }),
  },
  {
    name: 'rcm.group-state-from-to',
    components: ['RCM'],
    needle: 'roup ',
    // [unverified] `Group 'G' changed state from Online to Failed`.
    pattern: /[Gg]roup '(.+?)' (?:has )?(?:changed |transitioned )?(?:state )?from (\w+) to (\w+)/,
    samples: ["00000e48.00001c70::2020/02/27-06:53:15.870 INFO  [RCM] Group 'FileServer-01' changed state from Online to Failed."],
    build: (m, base) => ({ type: 'rcm.group-state', group: g(m, 1), from: gn(m, 2), to: g(m, 3) }),
  },
  {
    name: 'rcm.issuing-call',
    components: ['RCM'],
    needle: 'Issuing ',
    pattern: /Issuing (\w+)\((.+)\) to RHS/,
    samples: [
      '00000e48.00001c70::2020/02/27-06:51:03.118 INFO  [RCM] Issuing Online(File Share Witness) to RHS.',
      '00000e48.00001c70::2020/02/27-06:51:03.118 INFO  rcm::RcmResource::OnlineWorker[RCM] Issuing Arbitrate(File Share Witness) to RHS.',
    ],
    build: (m, base) => ({ type: 'rcm.issuing-call', resource: g(m, 2), entryPoint: entryPointOf(g(m, 1)), call: g(m, 1) }),
  },
  {
    name: 'rcm.crashed-or-deadlocked',
    components: ['RCM'],
    needle: 'crashed or deadlocked',
    pattern: /Resource '?(.+?)'? has crashed or deadlocked(?:[^\n]*?(separate monitor))?/,
    samples: [
      "000008c8.00001cc4::2019/04/02-10:15:44.871 WARN  [RCM] rcm::RcmResource::HandleMonitorReply: Resource 'Cluster Disk 4' has crashed or deadlocked; marking it to run in a separate monitor.",
    ],
    build: (m, base) => ({ type: 'rcm.crashed-or-deadlocked', resource: g(m, 1), separateMonitor: m[2] !== undefined }),
  },
  {
    name: 'rcm.monitor-reply',
    components: ['RCM'],
    needle: 'HandleMonitorReply',
    // `HandleMonitorReply: FAILURENOTIFICATION for 'X', gen(0) result 4.` / `result 1/0` / `result 5015`.
    pattern: /HandleMonitorReply: (\w+) for '(.*)', gen\((\d+)\) result ((-?\d+|0x[0-9a-fA-F]+)(?:\/-?\d+)?)/,
    samples: [
      "000008c8.00001cc4::2019/04/02-10:15:44.870 INFO  [RCM] HandleMonitorReply: FAILURENOTIFICATION for 'Cluster Disk 4', gen(0) result 4.",
      "00001278.00002ed8::2022/06/14-03:41:57.881 INFO  [RCM] HandleMonitorReply: FAILURENOTIFICATION for 'SalesAG', gen(3) result 1/0.",
      "00000a14.00000c58::2012/09/20-09:05:33.418 WARN  [RCM] HandleMonitorReply: ONLINERESOURCE for 'PRINTSRV01', gen(8) result 5015.",
    ],
    build: (m, base) => ({
      type: 'rcm.monitor-reply',
      resource: g(m, 2),
      reply: g(m, 1),
      entryPoint: entryPointOf(g(m, 1)),
      result: parseCode(m[5]),
      resultText: gn(m, 4),
    }),
  },
  {
    name: 'rcm.monitor-restart',
    components: ['RCM'],
    needle: 'Monitor restart for resource',
    pattern: /Monitor restart for resource ([^\n]+)/,
    samples: [
      '000008c8.00001cc4::2019/04/02-10:15:45.102 INFO  [RCM] rcm::RcmMonitor::RestartResources: Monitor restart for resource Cluster IP Address',
      '000008c8.00001cc4::2019/04/02-10:15:45.102 INFO  rcm::RcmMonitor::RestartResources[RCM] Monitor restart for resource Cluster Name',
    ],
    build(m, base) {
      const name = leadingName(g(m, 1));
      return name === null ? null : { type: 'rcm.monitor-restart', resource: name };
    },
  },
  {
    name: 'rcm.reattach',
    components: ['RCM'],
    needle: 'ReattachToMonitorProcess',
    // Names may contain parentheses and commas: the whole parenthesised list, split on its last `, `.
    pattern: /ReattachToMonitorProcess:?\s*\(([^\n]*)\)/,
    samples: [
      '000008c8.00001cc4::2019/04/02-10:15:45.240 INFO  [RCM] rcm::RcmResource::ReattachToMonitorProcess: (Cluster IP Address, Online)',
      '000008c8.00001cc4::2019/04/02-10:15:45.241 INFO  [RCM] rcm::RcmResource::ReattachToMonitorProcess: (File Server (\\\\FS01), Online)',
    ],
    build(m, base) {
      const { name, last } = splitLast(g(m, 1));
      return { type: 'rcm.reattach', resource: name, state: last };
    },
  },
  {
    name: 'rcm.separate-monitor-changed',
    components: ['RCM'],
    needle: 'Separate monitor flag',
    pattern: /Separate monitor flag has changed for resource '(.*?)'\.?(?:\s+Now hosted by RHS process (\d+))?/,
    samples: ["000008c8.00001cc4::2019/04/02-10:15:45.310 INFO  [RCM] Separate monitor flag has changed for resource 'Cluster Disk 4'.  Now hosted by RHS process 4412"],
    build: (m, base) => ({ type: 'rcm.separate-monitor-changed', resource: g(m, 1), rhsPid: num(m, 2) }),
  },
  {
    name: 'rcm.rhs-create-failed',
    components: ['RCM'],
    needle: 'Failed to create RHS process',
    pattern: /Failed to create RHS process/,
    samples: [
      "00000b74.00000c10::2016/08/22-07:30:12.455 ERR   [RCM] RcmMonitor: Failed to create RHS process 'C:\\Windows\\Cluster\\rhs.exe -key SYSTEM\\CurrentControlSet\\Services\\ClusSvc\\Parameters -parentPid 2932'. Error ERROR_FILE_NOT_FOUND(2)",
    ],
    build(_m, base) {
      const err = win32Error(base.text);
      return { type: 'rcm.rhs-create-failed', errorCode: err.code, errorName: err.name };
    },
  },
  {
    name: 'rcm.resource-control-error',
    components: ['RCM'],
    needle: 'Control(',
    pattern: /Resource(?:Type)?Control\((\w+)\) to (.+) returned (0x[0-9a-fA-F]+|-?\d+)/,
    samples: [
      '000008c8.00002528::2019/04/02-10:15:40.011 WARN  [RCM] ResourceControl(GET_NETWORK_NAME) to Network Name (sales) returned 5910.',
      '000008c8.00002528::2019/04/02-10:15:40.011 WARN  [RCM] ResourceControl(STORAGE_GET_DISK_INFO_EX) to Cluster Disk 4 returned 0x80070015.',
    ],
    build: (m, base) => ({ type: 'rcm.resource-control-error', resource: g(m, 2), control: g(m, 1), errorCode: parseCode(m[3]) }),
  },
  {
    name: 'rcm.arbitrate-error',
    components: ['RCM'],
    needle: 'Arbitrating resource',
    pattern: /Arbitrating resource '(.*)' returned error (0x[0-9a-fA-F]+|-?\d+)/,
    samples: ["00000e48.00001c70::2020/02/27-06:51:33.540 ERR   [RCM] Arbitrating resource 'File Share Witness' returned error 121"],
    build: (m, base) => ({ type: 'rcm.arbitrate-error', resource: g(m, 1), errorCode: parseCode(m[2]) }),
  },
  {
    name: 'rcm.group-move',
    components: ['RCM'],
    needle: 'move of group',
    // `move of group G from N1(1) to N2(2) of type MoveType::NodeDown is about to succeed, failoverCount=0, ...`
    pattern: /move of group (.+?) from (\S*?)(?:\((\d+)\))? to (\S*?)(?:\((\d+)\))? of type MoveType::(\w+)(?:[^\n]*?failoverCount=(\d+))?/,
    samples: [
      '00000e48.00001c70::2020/02/27-06:51:03.100 INFO  [RCM] move of group Cluster Group from NODEA(1) to NODEB(2) of type MoveType::NodeDown is about to succeed, failoverCount=0, lastFailoverTime=1601/01/01-00:00:00.000 targeted=false',
      '00000e48.00001c70::2020/02/27-08:12:40.312 INFO  [RCM] move of group FileServer-01 from NODEB(2) to NODEA(1) of type MoveType::Manual is about to succeed, failoverCount=1, lastFailoverTime=2020/02/27-06:51:03.100 targeted=true',
    ],
    build: (m, base) => ({
      type: 'rcm.group-move',
      group: g(m, 1),
      fromNode: gn(m, 2),
      toNode: gn(m, 4),
      moveType: gn(m, 6),
      failoverCount: num(m, 7),
      // MoveType::Manual = administrator-initiated (Holzer GetLogs notes, domain.md §4).
      planned: /^Manual$/i.test(g(m, 6)),
    }),
  },
  {
    name: 'rcm.move-group-api',
    components: ['RCM'],
    needle: 'MoveGroup',
    // `rcm::RcmApi::MoveGroup: (ag, 2)`: an API caller asked for the move; 2 = target node id.
    pattern: /RcmApi::MoveGroup:?\s*\((.+), ([^,()\n]+)\)/,
    samples: ['000011d0.00000f80::2017/03/14-19:02:11.340 INFO  [RCM] rcm::RcmApi::MoveGroup: (SalesAG, 2)'],
    build: (m, base) => ({
      type: 'rcm.group-move',
      group: g(m, 1),
      fromNode: null,
      toNode: g(m, 2).trim(),
      moveType: 'api',
      failoverCount: null,
      planned: true,
    }),
  },
  {
    name: 'rcm.move-offline-first',
    components: ['RCM'],
    needle: 'offline first',
    pattern: /Bringing group '(.*)' offline first/,
    samples: ["000011d0.00000f80::2017/03/14-19:02:11.355 INFO  [RCM] rcm::RcmGroup::Move: Bringing group 'SalesAG' offline first..."],
    build: (m, base) => ({
      type: 'rcm.group-move',
      group: g(m, 1),
      fromNode: null,
      toNode: null,
      moveType: 'offline-first',
      failoverCount: null,
      planned: true,
    }),
  },
  {
    name: 'rcm.not-failing-over',
    components: ['RCM'],
    needle: 'ot failing over group',
    // AGDiag key string `Not failing over group` + `failoverCount` (domain.md §4); rest of the wording [unverified].
    pattern: /[Nn]ot failing over group ([^\n]+)/,
    samples: ["00000e48.00001c70::2020/02/27-06:58:20.004 INFO  [RCM] Not failing over group 'FileServer-01', failoverCount 3, failoverThresholdSetting 2, lastFailoverTime 2020/02/27-06:52:40.004."],
    build(m, base) {
      const group = leadingName(g(m, 1), /[.,;']|\s(?:because|as|since|due|failoverCount)\b/);
      return group === null ? null : { type: 'rcm.failover-decision', group, resource: null, decision: 'no-failover' };
    },
  },
  {
    name: 'rcm.failing-over',
    components: ['RCM'],
    needle: 'Failing over group',
    // AGDiag key string `Failing over group` (domain.md §4); the rest of the wording [unverified].
    pattern: /Failing over group ([^\n]+)/,
    samples: ["00000e48.00001c70::2020/02/27-06:52:39.990 INFO  [RCM] Failing over group 'FileServer-01' because resource 'FS01 Disk' failed."],
    build(m, base) {
      const group = leadingName(g(m, 1), /[.,;']|\s(?:to|from|because|after|due|on|in|as)\b/);
      if (group === null) return null;
      const res = /resource '([^'\n]+)'/.exec(base.text);
      return { type: 'rcm.failover-decision', group, resource: res?.[1] ?? null, decision: 'failover' };
    },
  },
  {
    name: 'rcm.will-failover',
    components: ['RCM'],
    needle: 'failover the group',
    // [unverified] `Will failover the group G: restart threshold (3) of resource R exceeded`.
    pattern: /[Ww]ill failover the group ([^\n]+)/,
    samples: ['00000e48.00001c70::2020/02/27-06:52:39.980 INFO  [RCM] Will failover the group FileServer-01: restart threshold (3) of resource FS01 Disk exceeded'],
    build(m, base) {
      const group = leadingName(g(m, 1), /[:']|\s(?:because|after|as)\b/);
      if (group === null) return null;
      const res = /of resource '?([^'\n]+?)'? exceeded/.exec(base.text) ?? /resource '([^'\n]+)'/.exec(base.text);
      return { type: 'rcm.failover-decision', group, resource: res?.[1] ?? null, decision: 'failover' };
    },
  },
  {
    name: 'rcm.handle-failure',
    components: ['RCM'],
    needle: 'HandleFailure',
    // `rcm::RcmResource::HandleFailure` (MS doc string list); arguments [unverified]. The list may hold a
    // second item (`(X, state)`): split on its last `, ` as names may contain parentheses and commas.
    pattern: /rcm::RcmResource::HandleFailure(?::\s*\(([^\n]*)\))?/,
    samples: [
      '00000e48.00001c70::2020/02/27-06:52:39.870 INFO  [RCM] rcm::RcmResource::HandleFailure: (FS01 Disk)',
      '00000e48.00001c70::2020/02/27-06:52:39.871 INFO  [RCM] rcm::RcmResource::HandleFailure: (File Server (\\\\FS01))',
      "00000e48.00001c70::2020/02/27-06:52:39.870 INFO  rcm::RcmResource::HandleFailure[RCM] Handling failure of resource 'FS01 Disk'",
    ],
    build(m, base) {
      const group = /\bgroup '?([^',)\n]+)'?/.exec(base.text);
      const listed = m[1] !== undefined && m[1].trim() !== '' ? bare(splitLast(m[1]).name) : null;
      const resource = listed ?? /\bresource '([^'\n]+)'/.exec(base.text)?.[1] ?? null;
      return { type: 'rcm.failover-decision', group: group?.[1] ?? null, resource, decision: 'handle-failure' };
    },
  },

  // ---- RES (resource DLLs) --------------------------------------------------------------------
  {
    name: 'res.message',
    components: ['RES'],
    needle: ':',
    // `<Type> <Name>: [subtag] text`; `<Type>: [subtag] text` without a name (domain.md §2).
    pattern: /^([A-Za-z][^<>:\n]*?)(?: <([^\n]*?)>)?: ?(?:\[([\w-]+)\]\s*)?([\s\S]*)$/,
    samples: [
      '0000211c.00002594::2022/06/14-03:41:57.870 ERR   [RES] SQL Server Availability Group <SalesAG>: [hadrag] Availability Group is not healthy with given HealthCheckTimeout and FailureConditionLevel',
      '0000211c.00002d70::2022/06/14-03:41:50.003 WARN  [RES] SQL Server Availability Group: [hadrag] Failed to retrieve data column. Return code -1',
      '00000a3c.00001144::2014/10/08-11:23:52.690 INFO  [RES] Distributed Network Name <CAUCL01x9>: Dns: HealthCheck: lookup returned 9002',
      '00000a3c.00001144::2014/10/08-11:23:52.690 ERR   [RES] SQL Server <SQL Server (PROD)>: [sqsrvres] Failure detected, diagnostics heartbeat is lost',
    ],
    build: (m, base) => ({
      type: 'res.message',
      resourceType: g(m, 1).trim(),
      resource: m[2] === undefined ? null : g(m, 2),
      subTag: gn(m, 3),
      message: g(m, 4),
    }),
    complete: completeRes,
  },

  // ---- membership / network -------------------------------------------------------------------
  {
    name: 'net.missed-heartbeats',
    components: ['IM'],
    needle: 'missed two consecutive heartbeats',
    pattern: /LocalEndpoint (\S+) has missed two consecutive heartbeats from (\S+)/,
    samples: ['00000c20.00001b44::2020/02/27-06:50:48.201 INFO  [IM] got event: LocalEndpoint 10.1.0.21:~3343~ has missed two consecutive heartbeats from 10.1.0.22:~3343~'],
    build: (m, base) => ({ type: 'net.missed-heartbeats', local: g(m, 1), remote: g(m, 2) }),
  },
  {
    name: 'net.chm-missed-hbs',
    components: ['CHM'],
    needle: 'consecutive missed HBs',
    pattern: /consecutive missed HBs to the remote endpoint (\S+) from (\S+)/,
    samples: ['00000c20.00001b44::2020/02/27-06:50:48.201 INFO  [CHM] Received notification for two consecutive missed HBs to the remote endpoint 10.1.0.22:~3343~ from 10.1.0.21:~3343~'],
    build: (m, base) => ({ type: 'net.missed-heartbeats', local: g(m, 2), remote: g(m, 1) }),
  },
  {
    name: 'net.route-down',
    components: ['IM'],
    needle: 'Marking Route from',
    pattern: /Marking Route from (.+?) to (.+?) as down/,
    samples: ['00000c20.00001b44::2020/02/27-06:50:56.201 INFO  [IM] Marking Route from 10.1.0.21:~3343~ to 10.1.0.22:~3343~ as down'],
    build: (m, base) => ({ type: 'net.route-down', local: g(m, 1), remote: g(m, 2) }),
  },
  {
    name: 'net.all-routes-down',
    components: ['NDP'],
    needle: 'All routes for route',
    // Anchored: `Checking to see if all routes ... are down` is not the event.
    pattern: /^All routes for route \(\w+\) local (.+?) to remote (.+?) are down/,
    samples: ['00000c20.00001b44::2020/02/27-06:50:56.202 WARN  [NDP] All routes for route (virtual) local fe80::1d4:9a2c:71e0:4b01:~0~ to remote fe80::5c12:88ff:fe0a:2:~0~ are down'],
    build: (m, base) => ({ type: 'net.all-routes-down', local: g(m, 1), remote: g(m, 2) }),
  },
  {
    name: 'net.endpoint-unreachable',
    components: ['IM'],
    needle: 'unreachable from',
    pattern: /Remote endpoint (.+?) unreachable from ([^\n]+)/,
    samples: ['00000c20.00001b44::2020/02/27-06:50:56.200 INFO  [IM] got event: Remote endpoint 10.1.0.22:~3343~ unreachable from 10.1.0.21:~3343~'],
    build: (m, base) => ({ type: 'net.endpoint-unreachable', local: leadingName(g(m, 2)), remote: g(m, 1) }),
  },
  {
    name: 'net.netftapi-unreachable',
    components: ['NETFTAPI'],
    needle: 'NetftRemoteUnreachable',
    pattern: /Signaled NetftRemoteUnreachable event(?:, local address (\S+) remote address (\S+))?/,
    samples: ['00000c20.00001b40::2020/02/27-06:50:56.199 DBG   [NETFTAPI] Signaled NetftRemoteUnreachable event, local address 10.1.0.21:3343 remote address 10.1.0.22:3343'],
    build: (m, base) => ({ type: 'net.endpoint-unreachable', local: gn(m, 1), remote: gn(m, 2) }),
  },
  {
    name: 'net.netft-keepalive-failed',
    components: ['NETFT'],
    needle: 'keep-alive',
    pattern: /Failed to send keep-alive ioctl to NetFT/,
    samples: ['00002f18.00001a44::2011/05/02-03:12:07.551 WARN  [NETFT] Failed to send keep-alive ioctl to NetFT: 0xd0000001'],
    build: (_m, base) => ({ type: 'net.netft-keepalive-failed', local: null, remote: null }),
  },
  {
    name: 'node.connection-broken',
    components: ['NODE'],
    needle: 'is broken',
    pattern: /(?:[Nn]ode (\d+): )?Connection to [Nn]ode (\d+) is broken\.?(?:\s*Reason\s+([^\n]*))?/,
    samples: ["00000fe4.0000179c::2023/01/09-17:02:42.053 WARN  [NODE] Node 1: Connection to Node 3 is broken. Reason GracefulClose(1226)' because of 'channel to remote endpoint 10.1.0.23:~3343~ is closed'"],
    build: (m, base) => ({ type: 'node.connection-broken', nodeId: num(m, 1), peerId: num(m, 2), reason: gn(m, 3) }),
  },
  {
    name: 'node.disconnected',
    components: ['RGP'],
    needle: 'Node Disconnected',
    pattern: /(?:[Nn]ode (\d+): )?Node Disconnected (\d+)/,
    samples: ['00000fe4.00001628::2023/01/09-17:02:42.060 INFO  [RGP] node 1: Node Disconnected 3 00000000000000000000000000000000000000000000000000000000000001010'],
    build: (m, base) => ({ type: 'node.disconnected', nodeId: num(m, 1), peerId: num(m, 2), reason: null }),
  },
  {
    name: 'node.new-view',
    components: ['CORE'],
    needle: 'New View is',
    pattern: /(?:[Nn]ode (\d+): )?New View is <ViewChanged joiners=\(([\d ,]*)\) downers=\(([\d ,]*)\)/,
    samples: ['00000fe4.00001628::2023/01/09-17:02:42.700 INFO  [CORE] Node 1: New View is <ViewChanged joiners=() downers=(3) newView=1a01(1 2) oldView=1901(1 2 3) joiner=false form=false/> (Start Dispatch)'],
    build: (m, base) => ({ type: 'node.new-view', nodeId: num(m, 1), joiners: idList(m[2]), downers: idList(m[3]) }),
  },

  // ---- quorum and cluster service --------------------------------------------------------------
  {
    name: 'quorum.lost-node',
    components: ['QUORUM'],
    needle: 'Lost quorum',
    pattern: /Lost quorum\b(?:\s*\(status = (\d+)\))?/,
    samples: ['00000fe4.00001628::2023/01/09-17:02:43.654 ERR   [QUORUM] Node 1: Lost quorum (1 2)'],
    build: (m, base) => ({ type: 'quorum.lost', status: num(m, 1) }),
  },
  {
    name: 'clussvc.on-stop',
    components: [null, 'CS', 'QUORUM'],
    needle: 'OnStop',
    // `lost quorum (status = 5925), executing OnStop`: the service is stopping; the loss itself has its own line.
    pattern: /\bexecuting OnStop\b/,
    samples: ['00000fe4.00001628::2023/01/09-17:02:43.654 WARN  lost quorum (status = 5925), executing OnStop'],
    build: (_m, base) => ({ type: 'clussvc.stopping' }),
  },
  {
    name: 'quorum.lost-status',
    components: [null, 'QUORUM', 'CS', 'RCM'],
    needle: 'ost quorum',
    pattern: /[Ll]ost quorum(?:\s*\(status = (\d+)\))?/,
    samples: ['00000fe4.00001628::2023/01/09-17:02:43.654 WARN  lost quorum (status = 5925)'],
    build: (m, base) => ({ type: 'quorum.lost', status: num(m, 1) }),
  },
  {
    name: 'quorum.lost-because',
    components: [null, 'QUORUM'],
    needle: 'Quorum lost',
    pattern: /Quorum lost because[^\n]*?(?:\(status = (\d+)\))?(?=\n|$)/,
    samples: ['00000fe4.00001628::2023/01/09-17:02:51.909 ERR   Quorum lost because failed to update witness epoch after node failure (status = 5925)'],
    build: (m, base) => ({ type: 'quorum.lost', status: num(m, 1) }),
  },
  {
    name: 'clussvc.preterminate',
    components: ['NETFT', null, 'CS'],
    needle: 'preterminate',
    pattern: /Cluster Service preterminate succeeded/i,
    samples: ['00000fe4.00001628::2023/01/09-17:02:43.655 INFO  [NETFT] Cluster Service preterminate succeeded.'],
    build: (_m, base) => ({ type: 'clussvc.stopping' }),
  },
  {
    name: 'clussvc.service-stopped',
    components: ['CS'],
    needle: 'Service Stopped',
    pattern: /^Service Stopped\b/,
    samples: ['00000fe4.00001628::2023/01/09-17:02:43.700 INFO  [CS] Service Stopped...'],
    build: (_m, base) => ({ type: 'clussvc.stopping' }),
  },
  {
    name: 'clussvc.starting',
    components: ['CS', null],
    needle: 'Starting clussvc',
    pattern: /Starting clussvc\b/,
    samples: ['00000c4c.00000c50::2023/01/09-17:05:12.004 INFO  [CS] Starting clussvc as a service'],
    build: (_m, base) => ({ type: 'clussvc.starting' }),
  },
];

export interface ComponentRows {
  readonly rows: readonly MessageRow[];
  /** Whether the text holds some row's needle: most lines of a component match no row, and one scan rejects them. */
  readonly gate: (text: string) => boolean;
}

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** One alternation regex over the needles; a single needle (RES lines: `:`) is a plain substring test. */
function gateOf(needles: readonly string[]): (text: string) => boolean {
  if (needles.length === 1) {
    const needle = needles[0]!;
    return (text) => text.includes(needle);
  }
  const re = new RegExp(needles.map(escape).join('|'));
  return (text) => re.test(text);
}

/** Rows by component (null key = untagged lines), in table order: only these run for a line. */
export const ROWS_BY_COMPONENT: ReadonlyMap<string | null, ComponentRows> = (() => {
  const lists = new Map<string | null, MessageRow[]>();
  for (const row of MESSAGE_ROWS) {
    for (const c of row.components) {
      const list = lists.get(c);
      if (list === undefined) lists.set(c, [row]);
      else list.push(row);
    }
  }
  const map = new Map<string | null, ComponentRows>();
  for (const [c, rows] of lists) {
    const needles = [...new Set(rows.map((r) => r.needle))];
    map.set(c, { rows, gate: gateOf(needles) });
  }
  return map;
})();
