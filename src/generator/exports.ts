/**
 * Event-log export formats people attach to a case (shared/domain.md §8). Each takes the
 * events of one node and returns the file text; the caller picks the encoding.
 */
import { hex8 } from './format.js';
import type { EventLevel, NodeSpec, SysEvent } from './model.js';

const p2 = (n: number): string => String(n).padStart(2, '0');
const p3 = (n: number): string => String(n).padStart(3, '0');

/** Wall clock of `node` for a UTC instant, as a Date whose UTC fields hold local time. */
function local(t: number, node: NodeSpec): Date {
  return new Date(t + node.utcOffsetMin * 60000);
}

/** `11/6/2019 11:41:12 AM` (en-US, Event Viewer). */
export function usDateTime(d: Date, padMonthDay = false): string {
  const h = d.getUTCHours();
  const h12 = h % 12 === 0 ? 12 : h % 12;
  const m = padMonthDay ? p2(d.getUTCMonth() + 1) : String(d.getUTCMonth() + 1);
  const day = padMonthDay ? p2(d.getUTCDate()) : String(d.getUTCDate());
  const hh = padMonthDay ? p2(h12) : String(h12);
  return `${m}/${day}/${d.getUTCFullYear()} ${hh}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())} ${h < 12 ? 'AM' : 'PM'}`;
}

/** `06.11.2019 17:41:12` (de-DE). */
export function deDateTime(d: Date): string {
  return `${p2(d.getUTCDate())}.${p2(d.getUTCMonth() + 1)}.${d.getUTCFullYear()} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}`;
}

const DE_LEVEL: Record<EventLevel, string> = { Critical: 'Kritisch', Error: 'Fehler', Warning: 'Warnung', Information: 'Informationen' };
const NUM_LEVEL: Record<EventLevel, number> = { Critical: 1, Error: 2, Warning: 3, Information: 4 };

function csvField(s: string): string {
  return `"${s.replace(/"/g, '""')}"`;
}

function crlf(s: string): string {
  return s.replace(/\r?\n/g, '\r\n');
}

function sorted(events: readonly SysEvent[], newestFirst: boolean): SysEvent[] {
  const list = [...events].sort((a, b) => a.t - b.t);
  return newestFirst ? list.reverse() : list;
}

/**
 * Event Viewer "Save All Events As… → CSV": five named columns plus the unnamed message
 * column, newest first, local time in the display locale.
 */
export function eventViewerCsv(events: readonly SysEvent[], node: NodeSpec, locale: 'en-US' | 'de-DE'): string {
  const de = locale === 'de-DE';
  const header = de ? 'Ebene,Datum und Uhrzeit,Quelle,Ereignis-ID,Aufgabenkategorie' : 'Level,Date and Time,Source,Event ID,Task Category';
  const rows = [header];
  for (const e of sorted(events, true)) {
    const d = local(e.t, node);
    const level = de ? DE_LEVEL[e.level] : e.level;
    const when = de ? deDateTime(d) : usDateTime(d);
    const task = de && e.localized ? e.localized.task : e.task;
    const message = de && e.localized ? e.localized.message : e.message;
    rows.push(`${level},${when},${e.provider},${e.id},${task},${csvField(crlf(message))}`);
  }
  return rows.join('\r\n') + '\r\n';
}

/** Event Viewer "Save As → Text (Tab delimited)". */
export function eventViewerTabText(events: readonly SysEvent[], node: NodeSpec): string {
  const rows = ['Level\tDate and Time\tSource\tEvent ID\tTask Category'];
  for (const e of sorted(events, true)) {
    rows.push(`${e.level}\t${usDateTime(local(e.t, node))}\t${e.provider}\t${e.id}\t${e.task}\t${csvField(crlf(e.message))}`);
  }
  return rows.join('\r\n') + '\r\n';
}

/** Event Viewer "Copy → Copy details as text", pasted one after the other (no Event Xml part). */
export function copyDetailsText(events: readonly SysEvent[], node: NodeSpec, logName = 'System'): string {
  const out: string[] = [];
  for (const e of sorted(events, false)) {
    const user = e.provider === 'Microsoft-Windows-FailoverClustering' || e.provider === 'Service Control Manager' ? 'SYSTEM' : 'N/A';
    out.push(
      `Log Name:      ${logName}`,
      `Source:        ${e.provider}`,
      `Date:          ${usDateTime(local(e.t, node))}`,
      `Event ID:      ${e.id}`,
      `Task Category: ${e.task}`,
      `Level:         ${e.level}`,
      `Keywords:      Classic`,
      `User:          ${user}`,
      `Computer:      ${node.fqdn}`,
      'Description:',
      crlf(e.message),
      '',
    );
  }
  return out.join('\r\n') + '\r\n';
}

/** `wevtutil qe System /f:text`: local time without offset, indented fields, message unindented. */
export function wevtutilText(events: readonly SysEvent[], node: NodeSpec): string {
  const out: string[] = [];
  let i = 0;
  for (const e of sorted(events, false)) {
    const d = local(e.t, node);
    const date = `${d.getUTCFullYear()}-${p2(d.getUTCMonth() + 1)}-${p2(d.getUTCDate())}T${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}.${p3(d.getUTCMilliseconds())}`;
    const system = e.provider === 'Microsoft-Windows-FailoverClustering' || e.provider === 'Service Control Manager';
    out.push(
      `Event[${i++}]:`,
      `  Log Name: ${e.channel ?? 'System'}`,
      `  Source: ${e.provider}`,
      `  Date: ${date}`,
      `  Event ID: ${e.id}`,
      `  Task: ${e.task === 'None' ? 'N/A' : e.task}`,
      `  Level: ${e.level}`,
      `  Opcode: Info`,
      `  Keyword: Classic`,
      `  User: ${system ? 'S-1-5-18' : 'N/A'}`,
      `  User Name: ${system ? 'NT AUTHORITY\\SYSTEM' : 'N/A'}`,
      `  Computer: ${node.fqdn}`,
      `  Description: `,
      crlf(e.message),
      '',
    );
  }
  return out.join('\r\n') + '\r\n';
}

const PROVIDER_GUID: Record<string, string> = {
  'Microsoft-Windows-FailoverClustering': '{BAF908EA-3421-4CA9-9B84-6689B8C6F85F}',
  'Service Control Manager': '{555908d1-a6d7-4695-8e1e-26931d2012f4}',
  'Microsoft-Windows-WER-SystemErrorReporting': '{ABCE23E7-DE45-4366-8631-84FA6C525952}',
};

/** Process that writes an event when the record does not say: clussvc, services.exe, or System (4) for drivers. */
function defaultPid(e: SysEvent, node: NodeSpec): number {
  if (e.provider === 'Microsoft-Windows-FailoverClustering') return node.clussvcPid;
  if (e.provider === 'Service Control Manager') return 0x2a4;
  return 4;
}

function xmlEscape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/'/g, '&apos;').replace(/"/g, '&quot;');
}

/** `wevtutil qe System /f:xml` (or `/f:RenderedXml`): one `<Event>` per line, no root element, UTC SystemTime. */
export function wevtutilXml(events: readonly SysEvent[], node: NodeSpec, rendered: boolean, firstRecord = 48210): string {
  const out: string[] = [];
  let rec = firstRecord;
  for (const e of sorted(events, false)) {
    const guid = PROVIDER_GUID[e.provider];
    const provider = guid ? `<Provider Name='${e.provider}' Guid='${guid}'/>` : `<Provider Name='${e.provider}'/>`;
    const iso = new Date(e.t).toISOString().replace(/\.(\d{3})Z$/, (_m, ms: string) => `.${ms}${String((rec * 7919) % 10000).padStart(4, '0')}00Z`);
    const data = (e.data ?? []).map(([k, v]) => `<Data Name='${k}'>${xmlEscape(v)}</Data>`).join('');
    const system =
      `<System>${provider}<EventID>${e.id}</EventID><Version>0</Version><Level>${NUM_LEVEL[e.level]}</Level>` +
      `<Task>${e.task === 'None' ? 0 : 3}</Task><Opcode>0</Opcode><Keywords>0x8000000000000000</Keywords>` +
      `<TimeCreated SystemTime='${iso}'/><EventRecordID>${rec++}</EventRecordID><Correlation/>` +
      `<Execution ProcessID='${e.pid ?? defaultPid(e, node)}' ThreadID='${e.tid ?? 4312 + (e.id % 97) * 4}'/><Channel>${e.channel ?? 'System'}</Channel>` +
      `<Computer>${node.fqdn}</Computer><Security UserID='S-1-5-18'/></System>`;
    const rendering = rendered
      ? `<RenderingInfo Culture='en-US'><Message>${xmlEscape(e.message.replace(/\n/g, '\r\n'))}</Message><Level>${e.level}</Level><Task>${xmlEscape(e.task)}</Task><Opcode>Info</Opcode><Channel>System</Channel><Provider>${xmlEscape(e.provider)}</Provider><Keywords><Keyword>Classic</Keyword></Keywords></RenderingInfo>`
      : '';
    out.push(`<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'>${system}<EventData>${data}</EventData>${rendering}</Event>`);
  }
  return out.join('\r\n') + '\r\n';
}

/** `Get-WinEvent -LogName System | Export-Csv` from Windows PowerShell 5.1 (with the #TYPE line unless -NoTypeInformation). */
export function psExportCsv(events: readonly SysEvent[], node: NodeSpec, typeLine: boolean, firstRecord = 91873): string {
  const cols = ['Message', 'Id', 'Version', 'Qualifiers', 'Level', 'Task', 'Opcode', 'Keywords', 'RecordId', 'ProviderName', 'ProviderId', 'LogName', 'ProcessId', 'ThreadId', 'MachineName', 'UserId', 'TimeCreated', 'ActivityId', 'RelatedActivityId', 'ContainerLog', 'MatchedQueryIds', 'Bookmark', 'LevelDisplayName', 'OpcodeDisplayName', 'TaskDisplayName', 'KeywordsDisplayNames', 'Properties'];
  const rows: string[] = [];
  if (typeLine) rows.push('#TYPE System.Diagnostics.Eventing.Reader.EventLogRecord');
  rows.push(cols.map(csvField).join(','));
  let rec = firstRecord;
  for (const e of sorted(events, true)) {
    const guid = PROVIDER_GUID[e.provider] ?? '';
    const classic = guid === '';
    const values = [
      crlf(e.message), String(e.id), classic ? '' : '0', classic ? '0' : '', String(NUM_LEVEL[e.level]), e.task === 'None' ? '0' : '3', '0',
      '-9223372036854775808', String(rec++), e.provider, guid.replace(/[{}]/g, '').toLowerCase(), e.channel ?? 'System',
      String(e.pid ?? defaultPid(e, node)), String(e.tid ?? 4312 + (e.id % 97) * 4), node.fqdn, 'S-1-5-18', usDateTime(local(e.t, node)), '', '', e.channel ?? 'System',
      'System.UInt32[]', 'System.Diagnostics.Eventing.Reader.EventBookmark', e.level, 'Info', e.task === 'None' ? '' : e.task,
      'System.Collections.ObjectModel.ReadOnlyCollection`1[System.String]', 'System.Collections.Generic.List`1[System.Diagnostics.Eventing.Reader.EventProperty]',
    ];
    rows.push(values.map(csvField).join(','));
  }
  return rows.join('\r\n') + '\r\n';
}

/** Support-tool space-separated rows: date, level, computer, id, truncated source and task, user, message. */
export function supportSpaceSeparated(events: readonly SysEvent[], node: NodeSpec): string {
  const rows: string[] = [];
  for (const e of sorted(events, false)) {
    const user = e.provider.startsWith('Microsoft-Windows-FailoverClustering') || e.provider === 'Service Control Manager' ? 'NT AUTHORITY\\SYSTEM' : 'N/A';
    const task = e.task === 'None' ? 'None' : e.task.slice(0, 16);
    rows.push(`${usDateTime(local(e.t, node), true)} ${e.level} ${node.fqdn}. ${e.id} ${e.provider.slice(0, 32)} ${task} ${user} ${e.message.replace(/\s*\n\s*/g, ' ')}`);
  }
  return rows.join('\r\n') + '\r\n';
}

/** Support-tool comma-separated rows: `MM/DD/YYYY,hh:mm:ss AM,Level,computer,source,"message"` (no event id). */
export function supportCommaSeparated(events: readonly SysEvent[], node: NodeSpec): string {
  const rows: string[] = [];
  for (const e of sorted(events, false)) {
    const [date, time, ampm] = usDateTime(local(e.t, node), true).split(' ');
    rows.push(`${date},${time} ${ampm},${e.level},${node.fqdn},${e.provider},${csvField(e.message.replace(/\s*\n\s*/g, ' '))}`);
  }
  return rows.join('\r\n') + '\r\n';
}

/**
 * The `[=== System ===]` section of a 2016+ cluster.log: events in the cluster-log line shape with
 * a `[System]` prefix, UTC, no event id, levels that do not follow the event level.
 */
export function systemSectionLines(events: readonly SysEvent[], node: NodeSpec, eol: string, localTime = false): string {
  const out: string[] = [];
  for (const e of sorted(events, false)) {
    const d = new Date(localTime ? e.t + node.utcOffsetMin * 60000 : e.t);
    const when = `${d.getUTCFullYear()}/${p2(d.getUTCMonth() + 1)}/${p2(d.getUTCDate())}-${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}.${p3(d.getUTCMilliseconds())}`;
    const level = e.level === 'Error' && e.provider === 'Microsoft-Windows-FailoverClustering' && e.id === 1205 ? 'ERR  ' : e.level === 'Warning' ? 'WARN ' : e.level === 'Information' ? 'INFO ' : 'DBG  ';
    const pid = e.pid ?? defaultPid(e, node);
    const lines = e.message.split('\n');
    out.push(`[System] ${hex8(pid)}.${hex8(e.tid ?? 0x1000 + (e.id % 251) * 4)}::${when} ${level} ${lines[0] ?? ''}`);
    for (const cont of lines.slice(1)) if (cont.trim() !== '') out.push(cont);
  }
  return out.length ? out.join(eol) + eol : '';
}

/** `14/06/2023 9:47:05 PM` (en-AU: day first, 12-hour clock). */
export function auDateTime(d: Date): string {
  const h = d.getUTCHours();
  const h12 = h % 12 === 0 ? 12 : h % 12;
  return `${d.getUTCDate()}/${p2(d.getUTCMonth() + 1)}/${d.getUTCFullYear()} ${h12}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())} ${h < 12 ? 'AM' : 'PM'}`;
}

/** Word-wraps one message line to `width` characters, as Format-List does for the value column. */
function wrapWords(line: string, width: number): string[] {
  const out: string[] = [];
  let rest = line;
  while (rest.length > width) {
    let cut = rest.lastIndexOf(' ', width);
    if (cut <= 0) cut = width;
    out.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).replace(/^ /, '');
  }
  out.push(rest);
  return out;
}

/**
 * `Get-WinEvent -LogName System | Format-List` redirected to a file from Windows PowerShell 5.1: the
 * default list view (TimeCreated, ProviderName, Id, Message), newest first, local time in the
 * session's culture, messages wrapped to the 120-column host with continuation lines under the value.
 */
export function psFormatList(events: readonly SysEvent[], node: NodeSpec, culture: 'en-US' | 'en-AU', width = 120): string {
  const label = (name: string): string => `${name.padEnd(12)} : `;
  const indent = ' '.repeat(15);
  const out: string[] = [''];
  for (const e of sorted(events, true)) {
    const d = local(e.t, node);
    out.push(`${label('TimeCreated')}${culture === 'en-AU' ? auDateTime(d) : usDateTime(d)}`);
    out.push(`${label('ProviderName')}${e.provider}`);
    out.push(`${label('Id')}${e.id}`);
    const lines = e.message.split('\n').flatMap((l) => (l === '' ? [''] : wrapWords(l, width - indent.length - 1)));
    lines.forEach((l, i) => out.push(i === 0 ? `${label('Message')}${l}` : `${indent}${l}`));
    out.push('');
  }
  out.push('', '');
  return out.join('\r\n');
}

/** JSON string as Windows PowerShell 5.1 (JavaScriptSerializer) writes it: `'`, `<`, `>`, `&` as \u escapes. */
function json51(s: string): string {
  return JSON.stringify(s).replace(/['<>&]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** `2023-03-14T09:20:05.1184673-03:00`: local time with 100-ns digits and the node's offset (PowerShell 7). */
function isoLocal7(t: number, node: NodeSpec, salt: number): string {
  const d = local(t, node);
  const off = node.utcOffsetMin;
  const sign = off < 0 ? '-' : '+';
  const a = Math.abs(off);
  const ticks = String((salt * 7919) % 10000).padStart(4, '0');
  return `${d.getUTCFullYear()}-${p2(d.getUTCMonth() + 1)}-${p2(d.getUTCDate())}T${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}.${p3(d.getUTCMilliseconds())}${ticks}${sign}${p2(Math.floor(a / 60))}:${p2(a % 60)}`;
}

/**
 * `Get-WinEvent -LogName System | ConvertTo-Json`: PowerShell 7 (`Select-Object` of the usual columns,
 * ISO dates with the local offset, two-space indent) or Windows PowerShell 5.1 (every EventLogRecord
 * property, `"\/Date(ms)\/"` in UTC, four-space indent and two spaces after the colon). Newest first.
 */
export function psConvertToJson(events: readonly SysEvent[], node: NodeSpec, flavour: 'pwsh7' | 'ps51', firstRecord = 30417): string {
  const list = sorted(events, true);
  let rec = firstRecord + list.length;
  const items: string[] = [];
  for (const e of list) {
    rec--;
    const guid = (PROVIDER_GUID[e.provider] ?? '').replace(/[{}]/g, '').toLowerCase();
    const values = (e.data ?? []).map(([, v]) => v);
    if (flavour === 'pwsh7') {
      const o = {
        TimeCreated: isoLocal7(e.t, node, rec),
        Id: e.id,
        LevelDisplayName: e.level,
        ProviderName: e.provider,
        TaskDisplayName: e.task === 'None' ? null : e.task,
        MachineName: node.fqdn,
        RecordId: rec,
        Message: e.message.replace(/\n/g, '\r\n'),
        Properties: values.map((v) => ({ Value: v })),
      };
      items.push(JSON.stringify(o, null, 2).replace(/^/gm, '  '));
    } else {
      const pad = '        ';
      const f = (k: string, v: string): string => `${pad}${JSON.stringify(k)}:  ${v}`;
      const props = values.length === 0
        ? '[\r\n\r\n                       ]'
        : `[\r\n${values.map((v) => `${pad}        {\r\n${pad}            "Value":  ${json51(v)}\r\n${pad}        }`).join(',\r\n')}\r\n${pad}    ]`;
      const fields = [
        f('Message', json51(e.message.replace(/\n/g, '\r\n'))),
        f('Id', String(e.id)),
        f('Version', guid === '' ? 'null' : '0'),
        f('Qualifiers', guid === '' ? '0' : 'null'),
        f('Level', String(NUM_LEVEL[e.level])),
        f('Task', e.task === 'None' ? '0' : '3'),
        f('Opcode', '0'),
        f('Keywords', '-9187343239835811840'),
        f('RecordId', String(rec)),
        f('ProviderName', json51(e.provider)),
        f('ProviderId', guid === '' ? 'null' : json51(guid)),
        f('LogName', json51(e.channel ?? 'System')),
        f('ProcessId', String(e.pid ?? defaultPid(e, node))),
        f('ThreadId', String(e.tid ?? 4312 + (e.id % 97) * 4)),
        f('MachineName', json51(node.fqdn)),
        `${pad}"UserId":  {\r\n${pad}               "BinaryLength":  12,\r\n${pad}               "AccountDomainSid":  null,\r\n${pad}               "Value":  "S-1-5-18"\r\n${pad}           }`,
        f('TimeCreated', `"\\/Date(${e.t})\\/"`),
        f('ActivityId', 'null'),
        f('RelatedActivityId', 'null'),
        f('ContainerLog', json51(e.channel ?? 'System')),
        f('MatchedQueryIds', '[\r\n\r\n                        ]'),
        f('Bookmark', '{\r\n\r\n                 }'),
        f('LevelDisplayName', json51(e.level)),
        f('OpcodeDisplayName', '"Info"'),
        f('TaskDisplayName', e.task === 'None' ? 'null' : json51(e.task)),
        f('KeywordsDisplayNames', '[\r\n                                 "Classic"\r\n                             ]'),
        f('Properties', props),
      ];
      items.push(`    {\r\n${fields.join(',\r\n')}\r\n    }`);
    }
  }
  // Both write CRLF on Windows; JSON.stringify's line breaks are converted.
  const body = flavour === 'pwsh7' ? items.join(',\n').replace(/\n/g, '\r\n') : items.join(',\r\n');
  return `[\r\n${body}\r\n]\r\n`;
}
