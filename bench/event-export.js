#!/usr/bin/env node
// Throughput and memory of the event-export readers (src/parse/event-export) on large generated
// System-log exports, one file per format. Run `npm run build` first.
//
//   node bench/event-export.js [--size-mb N] [--only a,b] [--repeat N] [--fresh] [--digest] [--profile] [--dist DIR]
//
// --size-mb N  size of each generated export (default 64)
// --only       comma-separated format names (see FORMATS below)
// --repeat N   run each reader N times and keep the fastest (default 1)
// --fresh      regenerate the files under bench/.data/event-export/
// --digest     also print a SHA-256 of every event, the read state and the diagnostics (compare two builds)
// --profile    run each reader under --cpu-prof and print the functions with the most self time
// --dist DIR   read with another build (default dist/), e.g. a copy of an older one
//
// Every measurement runs in its own process: the input stage (openInput → line batches), the sniffing
// (the expected reader must win) and the reader (`readUnits` when it has one), as `analyze` runs them.
// `lines only` is the input stage making every line a string, the floor of the readers that take lines.
// MB/s is wall clock; MB/CPU-s is steadier on a shared machine. One run by hand:
//
//   node bench/event-export.js --child read|read-lines|lines|units FILE DIST READER-ID [digest]
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { rng } from './rng.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DATA = join(ROOT, 'bench', '.data', 'event-export');
const MB = 1024 * 1024;
/** Bump when the generated content changes, so that cached files are rebuilt. */
const GENERATOR_VERSION = 2;
const TARGET_MBPS = 30;

// ---------------------------------------------------------------- records


const FC = 'Microsoft-Windows-FailoverClustering';
const SCM = 'Service Control Manager';
const SERVICES = ['Windows Update', 'Background Intelligent Transfer Service', 'WinHTTP Web Proxy Auto-Discovery Service', 'Device Setup Manager', 'Windows Modules Installer', 'Software Protection', 'Windows Defender Antivirus Service'];
const GROUPS = ['SQL Server (MSSQLSERVER)', 'Cluster Group', 'VM01', 'FS01'];
const GUIDS = { [FC]: '{BAF908EA-3421-4CA9-9B84-6689B8C6F85F}', [SCM]: '{555908d1-a6d7-4695-8e1e-26931d2012f4}' };
const RHS =
  'As part of cluster health detection, recovery actions will be taken. The cluster will try to automatically recover by terminating and restarting the Resource Hosting Subsystem (RHS) process that is running this resource. Verify that the underlying infrastructure (such as storage, networking, or services) that are associated with the resource are functioning correctly.';
const POLICY =
  'Based on the failure policies for the resource and role, the cluster service may try to bring the resource online on this node or move the group to another node of the cluster and then restart it.  Check the resource and group state using Failover Cluster Manager or the Get-ClusterResource Windows PowerShell cmdlet.';

const ev = (provider, id, level, task, message, data = [], extra = {}) => ({ provider, id, level, task, message, data, ...extra });

/** A System log's usual mix (as bench/evtx.js), with the messages Windows renders for them. */
const MIX = [
  [24, (r) => {
    const hive = `\\??\\C:\\Windows\\ServiceProfiles\\NetworkService\\NTUSER.DAT`;
    const keys = String(1 + Math.floor(r() * 60));
    const pages = String(Math.floor(r() * 12));
    return ev('Microsoft-Windows-Kernel-General', 16, 'Information', 'None', `The access history in hive ${hive} was cleared updating ${keys} keys and creating ${pages} modified pages.`, [['HiveNameLength', String(hive.length)], ['HiveName', hive], ['KeysUpdated', keys], ['DirtyPages', pages]], { pid: 4 });
  }],
  [15, (r, pick) => {
    const s = pick(SERVICES);
    const st = pick(['running', 'stopped']);
    return ev(SCM, 7036, 'Information', 'None', `The ${s} service entered the ${st} state.`, [['param1', s], ['param2', st]], { pid: 676 });
  }],
  [2, (r, pick) => {
    const s = pick(SERVICES);
    return ev(SCM, 7040, 'Information', 'None', `The start type of the ${s} service was changed from demand start to auto start.`, [['param1', s], ['param2', 'demand start'], ['param3', 'auto start'], ['param4', 'BITS']], { pid: 676 });
  }],
  [10, (r) => {
    const title = `Security Intelligence Update for Microsoft Defender Antivirus - KB2267602 (Version 1.${300 + Math.floor(r() * 99)}.${Math.floor(r() * 9999)}.0)`;
    return ev('Microsoft-Windows-WindowsUpdateClient', 19, 'Information', 'Windows Update Agent', `Installation Successful: Windows successfully installed the following update: ${title}`, [['updateTitle', title], ['updateGuid', '{2A8F7B2C-9D1E-4C3B-8F6A-1B2C3D4E5F60}'], ['updateRevisionNumber', '200']]);
  }],
  [8, (r) => {
    const up = r() < 0.5;
    return ev('e1iexpress', up ? 32 : 27, up ? 'Information' : 'Warning', 'None', `Intel(R) Ethernet Connection I217-LM\n Network link ${up ? 'has been established at 1Gbps full duplex' : 'is disconnected'}.`, [['', '\\Device\\NDMP3'], ['', 'Intel(R) Ethernet Connection I217-LM']]);
  }],
  [6, (r) => {
    const q = `host${Math.floor(r() * 500)}.contoso.com`;
    return ev('Microsoft-Windows-DNS-Client', 1014, 'Warning', '(1014)', `Name resolution for the name ${q} timed out after none of the configured DNS servers responded.`, [['QueryName', q], ['AddressLength', '128'], ['Address', '02000035C0A80A0A0000000000000000']], { pid: 2316 });
  }],
  [5, () => ev('Microsoft-Windows-Time-Service', 37, 'Information', 'None', 'The time provider NtpClient is currently receiving valid time data from DC01.contoso.com (ntp.d|10.0.0.5:123->10.0.0.10:123).', [['TimeSource', 'DC01.contoso.com (ntp.d|10.0.0.5:123->10.0.0.10:123)']], { pid: 1424 })],
  [5, (r) => {
    const u = `Unavailable${Math.floor(r() * 10)}`;
    return ev('Microsoft-Windows-DistributedCOM', 10016, 'Warning', 'None',
      `The application-specific permission settings do not grant Local Activation permission for the COM Server application with CLSID \n{D63B10C5-BB46-4990-A94F-E40B9D520160}\n and APPID \n{9CA88EE3-ACB7-47C8-AFC4-AB702511C276}\n to the user NT AUTHORITY\\SYSTEM SID (S-1-5-18) from address LocalHost (Using LRPC) running in the application container Unavailable SID (${u}). This security permission can be modified using the Component Services administrative tool.`,
      [['param1', 'application-specific'], ['param2', 'Local'], ['param3', 'Activation'], ['param4', '{D63B10C5-BB46-4990-A94F-E40B9D520160}'], ['param5', '{9CA88EE3-ACB7-47C8-AFC4-AB702511C276}'], ['param6', 'NT AUTHORITY'], ['param7', 'SYSTEM'], ['param8', 'S-1-5-18'], ['param9', 'LocalHost (Using LRPC)'], ['param10', 'Unavailable'], ['param11', u]], { pid: 964 });
  }],
  [4, (r) => {
    const n = String(Math.floor(r() * 16));
    return ev('Microsoft-Windows-Kernel-Processor-Power', 55, 'Information', '(47)',
      `Processor ${n} in group 0 exposes the following power management capabilities:\n\nIdle state type: ACPI Idle (C) States (1 state(s))\n\nPerformance state type: ACPI Performance (P) / Throttle (T) States\nNominal Frequency (MHz): 2394\nMaximum performance percentage: 100\nMinimum performance percentage: 100\nMinimum throttle percentage: 100\n`,
      [['Group', '0'], ['Number', n], ['IdleStateCount', '1'], ['PerformanceStateCount', '1'], ['ThrottleStateCount', '0']], { pid: 4 });
  }],
  [3, () => ev('Microsoft-Windows-UserPnp', 20001, 'Information', '(7005)', 'Driver Management concluded the process to install driver netvsc.inf_amd64_2d6f1c2a8b0e7f11\\netvsc.inf for Device Instance ID VMBUS\\{F8615163-DF3E-46C5-913F-F2D2F965ED0E}\\{A1B2C3D4-0000-0000-0000-000000000001} with the following status: 0x0.', [['DriverName', 'netvsc.inf'], ['DriverVersion', '10.0.17763.1'], ['DriverProvider', 'Microsoft'], ['DeviceInstanceID', 'VMBUS\\{F8615163-DF3E-46C5-913F-F2D2F965ED0E}']], { pid: 5560 })],
  [3, (r) => ev('EventLog', 6013, 'Information', 'None', `The system uptime is ${Math.floor(r() * 1e7)} seconds.`, [['', ''], ['', ''], ['', ''], ['', ''], ['', '60'], ['', '-60 W. Europe Standard Time']])],
  [2, (r) => {
    const n = String(1 + Math.floor(r() * 5));
    return ev('Microsoft-Windows-GroupPolicy', 1502, 'Information', 'None', `The Group Policy settings for the computer were processed successfully. New settings from ${n} Group Policy objects were detected and applied.`, [['SupportInfo1', '1'], ['SupportInfo2', '5012'], ['ProcessingMode', '0'], ['ProcessingTimeInMilliseconds', String(Math.floor(r() * 3000))], ['DCName', '\\\\DC01.contoso.com'], ['NumberOfGroupPolicyObjects', n]], { pid: 1200 });
  }],
  [1.5, () => ev('Microsoft-Windows-Winlogon', 7001, 'Information', '(1101)', 'User Logon Notification for Customer Experience Improvement Program', [['TSId', '2'], ['UserSid', 'S-1-5-21-1004336348-1177238915-682003330-1105']], { pid: 812 })],
  [0.5, () => ev('Microsoft-Windows-Security-Kerberos', 4, 'Error', 'None', 'The Kerberos client received a KRB_AP_ERR_MODIFIED error from the server contoso\\svc-sql. The target name used was MSSQLSvc/sql01.contoso.com:1433. This indicates that the target server failed to decrypt the ticket provided by the client. This can occur when the target server principal name (SPN) is registered on an account other than the account the target service is using. Ensure that the target SPN is only registered on the account used by the server. This error can also happen if the target service account password is different than what is configured on the Kerberos Key Distribution Center for that target service. Ensure that the service on the server and the KDC are both configured to use the same password. If the server name is not fully qualified, and the target domain (CONTOSO.COM) is different from the client domain (CONTOSO.COM), check if there are identically named server accounts in these two domains, or use the fully-qualified name to identify the server.', [['', 'contoso\\svc-sql'], ['', 'CONTOSO.COM'], ['', 'MSSQLSvc/sql01.contoso.com:1433']])],
  [0.3, () => ev('NETLOGON', 5719, 'Error', 'None', 'This computer was not able to set up a secure session with a domain controller in domain CONTOSO due to the following: \nThere are currently no logon servers available to service the logon request. \nThis may lead to authentication problems. Make sure that this computer is connected to the network. If the problem persists, please contact your domain administrator.  \n\nADDITIONAL INFO \nIf this computer is a domain controller for the specified domain, it sets up the secure session to the primary domain controller emulator in the specified domain. Otherwise, this computer sets up the secure session to any domain controller in the specified domain.', [['', 'CONTOSO'], ['', '%%1311']])],
  [0.2, (r) => ev('storvsc', 129, 'Warning', 'None', `Reset to device, \\Device\\RaidPort${Math.floor(r() * 3)}, was issued.`, [['', `\\Device\\RaidPort1`]], { pid: 4 })],
  [0.2, (r) => {
    const lba = `0x${Math.floor(r() * 0xffffff).toString(16)}`;
    return ev('disk', 153, 'Warning', 'None', `The IO operation at logical block address ${lba} for Disk 2 (PDO name: \\Device\\0000003c) was retried.`, [['LBA', lba], ['Disk', '2'], ['PDO', '\\Device\\0000003c']], { pid: 4 });
  }],
  [0.6, (r, pick) => {
    const g = pick(GROUPS);
    return ev(FC, 1641, 'Information', 'Resource Control Manager', `Clustered role '${g}' is moving from cluster node 'NODE2' to cluster node 'NODE1'.`, [['GroupName', g], ['SourceNode', 'NODE2'], ['DestinationNode', 'NODE1']], { pid: 2432 });
  }],
  [0.4, (r, pick) => {
    const g = pick(GROUPS);
    return ev(FC, 1201, 'Information', 'Resource Control Manager', `The Cluster service successfully brought the clustered role '${g}' online.`, [['GroupName', g]], { pid: 2432 });
  }],
];
const MIX_TOTAL = MIX.reduce((n, [w]) => n + w, 0);

/** A deadlock story every this many records: 1230, 1146 and the 1069s a second later. */
const STORY_EVERY = 20_000;

function story() {
  return [
    ev(FC, 1230, 'Error', 'Resource Control Manager', `A component on the server did not respond in a timely fashion. This caused the cluster resource 'Cluster Name' (resource type 'Network Name', DLL 'clusres.dll') to exceed its time-out threshold. ${RHS}`, [['ResourceName', 'Cluster Name'], ['ResourceType', 'Network Name'], ['ResourceDll', 'clusres.dll']], { pid: 2432 }),
    ev(FC, 1146, 'Critical', 'Resource Control Manager', 'The cluster Resource Hosting Subsystem (RHS) process was terminated and will be restarted. This is typically associated with cluster health detection and recovery of a resource. Refer to the System event log to determine which resource and resource DLL is causing the issue.', [], { pid: 2432 }),
    ev(FC, 1069, 'Error', 'Resource Control Manager', `Cluster resource 'Cluster Name' of type 'Network Name' in clustered role 'Cluster Group' failed.\n\n${POLICY}`, [['ResourceName', 'Cluster Name'], ['ResourceGroup', 'Cluster Group'], ['ResTypeName', 'Network Name']], { pid: 2432 }),
    ev(FC, 1069, 'Error', 'Resource Control Manager', `Cluster resource 'Cluster IP Address' of type 'IP Address' in clustered role 'Cluster Group' failed.\n\n${POLICY}`, [['ResourceName', 'Cluster IP Address'], ['ResourceGroup', 'Cluster Group'], ['ResTypeName', 'IP Address']], { pid: 2432 }),
  ];
}

/** Endless records in time order, with `t` (UTC ms), `local` (node wall clock, as a Date read in UTC) and a record number. */
function* records(seed) {
  const r = rng(seed);
  const pick = (list) => list[Math.floor(r() * list.length)];
  let t = Date.parse('2024-01-01T00:00:00Z');
  for (let n = 1; ; n++) {
    t += Math.floor(r() * 4000);
    const list = n % STORY_EVERY === 0 ? story() : [];
    let x = r() * MIX_TOTAL;
    let make = MIX[0][1];
    for (const [w, m] of MIX) {
      x -= w;
      if (x < 0) {
        make = m;
        break;
      }
    }
    list.push(make(r, pick));
    for (const e of list) yield { ...e, t, local: new Date(t + 60 * 60_000), rec: 100000 + n, tid: 4000 + Math.floor(r() * 2000) };
  }
}

// ---------------------------------------------------------------- formats

const p2 = (n) => String(n).padStart(2, '0');
const p3 = (n) => String(n).padStart(3, '0');
const COMPUTER = 'NODE1.contoso.com';
const NUM_LEVEL = { Critical: 1, Error: 2, Warning: 3, Information: 4 };
const ENTRY_TYPE = { Critical: 'Error', Error: 'Error', Warning: 'Warning', Information: 'Information' };
const SHORT = (p) => p.replace(/^Microsoft-Windows-/, '');
const crlf = (s) => s.replace(/\n/g, '\r\n');
const quoted = (s) => `"${s.replace(/"/g, '""')}"`;
const xmlEscape = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/'/g, '&apos;').replace(/"/g, '&quot;');

/** `6/17/2009 4:07:58 PM` (en-US). */
function us(d, pad = false) {
  const h = d.getUTCHours();
  const h12 = h % 12 === 0 ? 12 : h % 12;
  const f = pad ? p2 : String;
  return `${f(d.getUTCMonth() + 1)}/${f(d.getUTCDate())}/${d.getUTCFullYear()} ${f(h12)}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())} ${h < 12 ? 'AM' : 'PM'}`;
}
const isoLocal = (d) => d.toISOString().replace(/Z$/, '');
const systemTime = (e) => new Date(e.t).toISOString().replace(/\.(\d{3})Z$/, (_m, ms) => `.${ms}${String((e.rec * 7919) % 10000).padStart(4, '0')}00Z`);

/** Word-wraps `text` at `width` (Format-List / Format-Table console output). */
function wrap(text, width) {
  const out = [];
  for (const para of text.split('\n')) {
    let line = '';
    for (const w of para.split(' ')) {
      if (line !== '' && line.length + 1 + w.length > width) {
        out.push(line);
        line = w;
      } else line = line === '' ? w : `${line} ${w}`;
    }
    out.push(line);
  }
  return out;
}

function eventXml(e, { rendered, pretty }) {
  const guid = GUIDS[e.provider];
  const provider = guid ? `<Provider Name='${e.provider}' Guid='${guid}'/>` : `<Provider Name='${e.provider}'/>`;
  const data = e.data.map(([k, v]) => (k ? `<Data Name='${k}'>${xmlEscape(v)}</Data>` : `<Data>${xmlEscape(v)}</Data>`));
  const parts = [
    `<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'>`,
    '<System>', provider, `<EventID>${e.id}</EventID>`, '<Version>0</Version>', `<Level>${NUM_LEVEL[e.level]}</Level>`,
    `<Task>${e.task === 'None' ? 0 : 3}</Task>`, '<Opcode>0</Opcode>', '<Keywords>0x8000000000000000</Keywords>',
    `<TimeCreated SystemTime='${systemTime(e)}'/>`, `<EventRecordID>${e.rec}</EventRecordID>`, '<Correlation/>',
    `<Execution ProcessID='${e.pid ?? 4}' ThreadID='${e.tid}'/>`, '<Channel>System</Channel>', `<Computer>${COMPUTER}</Computer>`,
    "<Security UserID='S-1-5-18'/>", '</System>', '<EventData>', ...data, '</EventData>',
  ];
  if (rendered) {
    parts.push(
      "<RenderingInfo Culture='en-US'>", `<Message>${xmlEscape(e.message)}</Message>`, `<Level>${e.level}</Level>`, `<Task>${xmlEscape(e.task)}</Task>`,
      '<Opcode>Info</Opcode>', '<Channel>System</Channel>', `<Provider>${xmlEscape(e.provider)}</Provider>`, '<Keywords><Keyword>Classic</Keyword></Keywords>', '</RenderingInfo>',
    );
  }
  parts.push('</Event>');
  if (!pretty) return crlf(parts.join(''));
  // Indented like Event Viewer's "Save As XML" and "Event Xml:" of copied details.
  let depth = 0;
  const lines = [];
  for (const p of parts) {
    if (p.startsWith('</')) depth--;
    lines.push(`${'  '.repeat(Math.max(0, depth))}${p}`);
    if (/^<[A-Za-z][^>]*[^/]>$/.test(p) && !p.includes('</')) depth++;
  }
  return crlf(lines.join('\n'));
}

function psJsonObject(e) {
  const props = e.data.map(([, v]) => `            {\r\n                "Value":  ${JSON.stringify(v)}\r\n            }`).join(',\r\n');
  return [
    '    {',
    `        "Id":  ${e.id},`,
    '        "Version":  0,',
    '        "Qualifiers":  null,',
    `        "Level":  ${NUM_LEVEL[e.level]},`,
    `        "Task":  ${e.task === 'None' ? 0 : 3},`,
    '        "Opcode":  0,',
    '        "Keywords":  -9187343239835811840,',
    `        "RecordId":  ${e.rec},`,
    `        "ProviderName":  ${JSON.stringify(e.provider)},`,
    `        "ProviderId":  ${GUIDS[e.provider] ? JSON.stringify(GUIDS[e.provider].replace(/[{}]/g, '').toLowerCase()) : 'null'},`,
    '        "LogName":  "System",',
    `        "ProcessId":  ${e.pid ?? 4},`,
    `        "ThreadId":  ${e.tid},`,
    `        "MachineName":  "${COMPUTER}",`,
    '        "UserId":  {',
    '            "BinaryLength":  12,',
    '            "AccountDomainSid":  null,',
    '            "Value":  "S-1-5-18"',
    '        },',
    `        "TimeCreated":  "\\/Date(${e.t})\\/",`,
    '        "ActivityId":  null,',
    '        "RelatedActivityId":  null,',
    '        "ContainerLog":  "System",',
    '        "MatchedQueryIds":  [',
    '',
    '                            ],',
    '        "Bookmark":  {',
    '',
    '                     },',
    `        "LevelDisplayName":  "${e.level}",`,
    '        "OpcodeDisplayName":  "Info",',
    `        "TaskDisplayName":  ${e.task === 'None' ? 'null' : JSON.stringify(e.task)},`,
    '        "KeywordsDisplayNames":  [',
    '                                     "Classic"',
    '                                 ],',
    `        "Properties":  [${props ? `\r\n${props}\r\n        ` : '\r\n\r\n        '}],`,
    `        "Message":  ${JSON.stringify(crlf(e.message))}`,
    '    }',
  ].join('\r\n');
}

const PS_CSV_COLUMNS = ['Message', 'Id', 'Version', 'Qualifiers', 'Level', 'Task', 'Opcode', 'Keywords', 'RecordId', 'ProviderName', 'ProviderId', 'LogName', 'ProcessId', 'ThreadId', 'MachineName', 'UserId', 'TimeCreated', 'ActivityId', 'RelatedActivityId', 'ContainerLog', 'MatchedQueryIds', 'Bookmark', 'LevelDisplayName', 'OpcodeDisplayName', 'TaskDisplayName', 'KeywordsDisplayNames', 'Properties'];

/**
 * Each format: the reader that must win the sniffing, the file's encoding, its head and one record's text.
 * State (`s`) is per file, for formats whose text depends on the record before (table groups).
 */
const FORMATS = {
  'eventviewer-csv': {
    reader: 'eventlog-csv', ext: 'csv', bom: true,
    head: () => 'Level,Date and Time,Source,Event ID,Task Category\r\n',
    record: (e) => `${e.level},${us(e.local)},${e.provider},${e.id},${e.task},${quoted(crlf(e.message))}\r\n`,
  },
  'eventviewer-tsv': {
    reader: 'eventlog-tsv', ext: 'txt', bom: true,
    head: () => 'Level\tDate and Time\tSource\tEvent ID\tTask Category\r\n',
    // "Save As Text (Tab delimited)": short source names, message unquoted with its line breaks.
    record: (e) => `${e.level}\t${us(e.local)}\t${SHORT(e.provider)}\t${e.id}\t${e.task}\t${crlf(e.message.replace(/\n+$/, ''))}\r\n`,
  },
  'xml-rendered': {
    reader: 'eventlog-xml', ext: 'xml',
    head: () => '',
    record: (e) => `${eventXml(e, { rendered: true, pretty: false })}\r\n`,
  },
  'xml-plain': {
    reader: 'eventlog-xml', ext: 'xml',
    head: () => '',
    record: (e) => `${eventXml(e, { rendered: false, pretty: false })}\r\n`,
  },
  'xml-eventviewer': {
    reader: 'eventlog-xml', ext: 'xml', bom: true,
    head: () => '<?xml version="1.0" encoding="UTF-8"?>\r\n<Events>\r\n',
    record: (e) => `${eventXml(e, { rendered: true, pretty: true }).replace(/^/gm, '  ')}\r\n`,
    tail: () => '</Events>\r\n',
  },
  'wevtutil-text': {
    reader: 'eventlog-wevtutil-text', ext: 'txt',
    head: () => '',
    record: (e, s) => {
      const sys = e.provider === FC || e.provider === SCM;
      s.n = (s.n ?? -1) + 1;
      return [
        `Event[${s.n}]:`, '  Log Name: System', `  Source: ${e.provider}`, `  Date: ${isoLocal(e.local)}`, `  Event ID: ${e.id}`,
        `  Task: ${e.task === 'None' ? 'N/A' : e.task}`, `  Level: ${e.level}`, '  Opcode: Info', '  Keyword: Classic',
        `  User: ${sys ? 'S-1-5-18' : 'N/A'}`, `  User Name: ${sys ? 'NT AUTHORITY\\SYSTEM' : 'N/A'}`, `  Computer: ${COMPUTER}`, '  Description: ',
        crlf(e.message), '', '',
      ].join('\r\n');
    },
  },
  'details-text': {
    reader: 'eventlog-details-text', ext: 'txt',
    head: () => '',
    record: (e) => [
      'Log Name:      System', `Source:        ${e.provider}`, `Date:          ${us(e.local)}`, `Event ID:      ${e.id}`, `Task Category: ${e.task}`,
      `Level:         ${e.level}`, 'Keywords:      Classic', `User:          ${e.provider === FC || e.provider === SCM ? 'SYSTEM' : 'N/A'}`, `Computer:      ${COMPUTER}`,
      'Description:', crlf(e.message),
      // People copy the details of the events that matter with their XML, the rest without.
      ...(e.provider === FC ? ['Event Xml:', eventXml(e, { rendered: false, pretty: true })] : []), '', '',
    ].join('\r\n'),
  },
  'ps-list': {
    reader: 'eventlog-ps-list', ext: 'txt',
    head: () => '\r\n',
    record: (e) => {
      const msg = wrap(e.message.replace(/\n+$/, ''), 100);
      return [
        `TimeCreated  : ${us(e.local)}`, `ProviderName : ${e.provider}`, `Id           : ${e.id}`,
        `Message      : ${msg[0]}`, ...msg.slice(1).map((l) => `               ${l}`), '', '',
      ].join('\r\n');
    },
  },
  'ps-csv': {
    reader: 'eventlog-ps-csv', ext: 'csv',
    head: () => `#TYPE System.Diagnostics.Eventing.Reader.EventLogRecord\r\n${PS_CSV_COLUMNS.map(quoted).join(',')}\r\n`,
    record: (e) => {
      const guid = GUIDS[e.provider] ?? '';
      return `${[
        crlf(e.message), String(e.id), guid ? '0' : '', guid ? '' : '0', String(NUM_LEVEL[e.level]), e.task === 'None' ? '0' : '3', '0',
        '-9223372036854775808', String(e.rec), e.provider, guid.replace(/[{}]/g, '').toLowerCase(), 'System', String(e.pid ?? 4), String(e.tid),
        COMPUTER, 'S-1-5-18', us(e.local), '', '', 'System', 'System.UInt32[]', 'System.Diagnostics.Eventing.Reader.EventBookmark', e.level, 'Info',
        e.task === 'None' ? '' : e.task, 'System.Collections.ObjectModel.ReadOnlyCollection`1[System.String]',
        'System.Collections.Generic.List`1[System.Diagnostics.Eventing.Reader.EventProperty]',
      ].map(quoted).join(',')}\r\n`;
    },
  },
  'ps-json': {
    reader: 'eventlog-ps-json', ext: 'json', bom: true,
    head: () => '[\r\n',
    record: (e, s) => {
      const sep = s.started ? ',\r\n' : '';
      s.started = true;
      return `${sep}${psJsonObject(e)}`;
    },
    tail: () => '\r\n]\r\n',
  },
  'ps-table': {
    reader: 'eventlog-ps-table', ext: 'txt',
    head: () => '',
    // Get-WinEvent | Format-Table -Wrap: a group header whenever the provider changes.
    record: (e, s) => {
      let out = '';
      if (s.provider !== e.provider) {
        s.provider = e.provider;
        out += `\r\n   ProviderName: ${e.provider}\r\n\r\nTimeCreated                     Id LevelDisplayName Message\r\n-----------                     -- ---------------- -------\r\n`;
      }
      const msg = wrap(e.message.replace(/\s*\n\s*/g, ' '), 68).slice(0, 4);
      out += `${us(e.local).padEnd(24)} ${String(e.id).padStart(9)} ${e.level.padEnd(16)} ${msg[0]}\r\n`;
      for (const l of msg.slice(1)) out += `${' '.repeat(52)}${l}\r\n`;
      return out;
    },
  },
  'support-space': {
    reader: 'eventlog-support-space', ext: 'txt',
    head: () => '',
    record: (e) => {
      const user = e.provider === FC || e.provider === SCM ? 'NT AUTHORITY\\SYSTEM' : 'N/A';
      const task = e.task === 'None' ? 'None' : e.task.slice(0, 16);
      return `${us(e.local, true)} ${e.level} ${COMPUTER}. ${e.id} ${e.provider.slice(0, 32)} ${task} ${user} ${e.message.replace(/\s*\n\s*/g, ' ')}\r\n`;
    },
  },
  'support-comma': {
    reader: 'eventlog-support-comma', ext: 'txt',
    head: () => '',
    record: (e) => {
      const [date, time, ampm] = us(e.local, true).split(' ');
      return `${date},${time} ${ampm},${e.level},${COMPUTER},${e.provider},${quoted(e.message.replace(/\s*\n\s*/g, ' '))}\r\n`;
    },
  },
  'message-text': {
    reader: 'eventlog-message-text', ext: 'txt',
    // Nobody pastes 64 MB of bare messages, and only one record in six is written: a quarter of the size.
    share: 0.25,
    head: () => '',
    // Bare pasted messages: only the catalogued ones are recognised, so only those are written.
    only: (e) => [7036, 153, 129, 1641, 1230, 1146, 1069].includes(e.id),
    record: (e) => `${crlf(e.message.replace(/\n+$/, ''))}\r\n\r\n\r\n`,
  },
};

function generate(name, sizeMb, file) {
  const f = FORMATS[name];
  const target = sizeMb * MB * (f.share ?? 1);
  const fd = openSync(file, 'w');
  let pending = (f.bom ? '\ufeff' : '') + f.head();
  let written = 0;
  let count = 0;
  const s = {};
  const flush = () => {
    written += writeSync(fd, pending);
    pending = '';
  };
  for (const e of records(0x5eed)) {
    if (f.only && !f.only(e)) continue;
    pending += f.record(e, s);
    count++;
    if (pending.length > 1 << 20) flush();
    if (written + pending.length >= target) break;
  }
  pending += f.tail?.() ?? '';
  flush();
  closeSync(fd);
  return { records: count, bytes: statSync(file).size };
}

function ensure(name, sizeMb) {
  mkdirSync(DATA, { recursive: true });
  const file = join(DATA, `${name}.${FORMATS[name].ext}`);
  const metaFile = `${file}.json`;
  if (existsSync(metaFile) && existsSync(file)) {
    try {
      const m = JSON.parse(readFileSync(metaFile, 'utf8'));
      if (m.version === GENERATOR_VERSION && m.sizeMb === sizeMb && (m.share ?? 1) === (FORMATS[name].share ?? 1) && statSync(file).size === m.bytes) return { file, ...m };
    } catch {
      // rebuilt below
    }
  }
  const started = process.hrtime.bigint();
  const g = generate(name, sizeMb, file);
  const meta = { version: GENERATOR_VERSION, sizeMb, share: FORMATS[name].share ?? 1, ...g };
  writeFileSync(metaFile, JSON.stringify(meta));
  console.log(`  generated ${file}: ${fmt(g.bytes / MB)} MB, ${g.records} records in ${fmt(Number(process.hrtime.bigint() - started) / 1e9, 1)} s`);
  return { file, ...meta };
}

// ---------------------------------------------------------------- child: one read

async function child(mode, file, dist, expected, digest) {
  const { openInput } = await import(pathToFileURL(join(dist, 'input', 'open.js')).href);
  const { pickReader } = await import(pathToFileURL(join(dist, 'parse', 'index.js')).href);
  const started = process.hrtime.bigint();
  const cpu0 = process.cpuUsage();
  const diagnostics = [];
  const opened = await openInput({ path: file, absolutePath: file, size: statSync(file).size }, { onWarning: (message, code) => diagnostics.push({ code, message }) });
  const state = { node: 'bench', nodeFrom: 'file name (fallback)', dialect: null, zone: { basis: 'utc', offsetMinutes: 0, how: 'default' }, records: 0, unparsed: 0, firstUtcMs: null, lastUtcMs: null, notes: [] };
  const hash = digest ? createHash('sha256') : null;
  let events = 0;
  let lines = 0;
  let reader = null;
  if (mode === 'lines') {
    for await (const batch of opened.lines) lines += batch.length;
  } else if (mode === 'units') {
    for await (const batches of opened.units) for (const b of batches) lines += b.count;
  } else {
    reader = pickReader(opened.head);
    if (reader?.id !== expected) throw new Error(`sniffed as ${reader?.id ?? 'nothing'}, expected ${expected}`);
    const ctx = { file, options: {}, state, diagnostic: (d) => diagnostics.push(d) };
    const batches = reader.readUnits && mode !== 'read-lines' ? reader.readUnits(opened.units, ctx) : reader.read(opened.lines, ctx);
    for await (const batch of batches) {
      events += batch.length;
      if (hash) for (const e of batch) hash.update(JSON.stringify(e));
    }
    if (hash) hash.update(JSON.stringify({ state, diagnostics }));
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = process.cpuUsage(cpu0);
  process.stdout.write(
    JSON.stringify({
      seconds,
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
      rssMb: process.resourceUsage().maxRSS / 1024,
      events,
      lines,
      records: state.records,
      unparsed: state.unparsed,
      diagnostics: diagnostics.length,
      digest: hash ? hash.digest('hex').slice(0, 16) : null,
    }),
  );
}

// ---------------------------------------------------------------- measuring

function fmt(n, d = 1) {
  return Number.isFinite(n) ? n.toFixed(d) : 'n/a';
}

function run(argv) {
  return new Promise((done) => {
    const p = spawn(process.execPath, argv, { stdio: ['ignore', 'pipe', 'pipe'], cwd: ROOT });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d) => (stdout += d));
    p.stderr.on('data', (d) => {
      stderr += d;
      if (stderr.length > 1 << 16) stderr = stderr.slice(-(1 << 15));
    });
    p.on('close', (code) => {
      let out = null;
      try {
        out = code === 0 ? JSON.parse(stdout) : null;
      } catch {
        out = null;
      }
      done({ code, out, stderr });
    });
  });
}

/** Self time per function of a .cpuprofile, most first. */
function topSelf(profileFile, n = 12) {
  const prof = JSON.parse(readFileSync(profileFile, 'utf8'));
  const byId = new Map(prof.nodes.map((node) => [node.id, node]));
  const self = new Map();
  const dt = prof.timeDeltas;
  for (let i = 0; i < prof.samples.length; i++) {
    const node = byId.get(prof.samples[i]);
    const f = node.callFrame;
    const key = `${f.functionName || '(anonymous)'} ${f.url.replace(/^.*\/(dist|node_modules)\//, '$1/')}:${f.lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + (dt[i] ?? 0));
  }
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  return [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, us]) => `${fmt((100 * us) / total, 1).padStart(5)}%  ${k}`);
}

async function main(args) {
  const opt = (name, fallback) => {
    const at = args.indexOf(name);
    return at >= 0 ? args[at + 1] : fallback;
  };
  const sizeMb = Number(opt('--size-mb', '64'));
  const dist = resolve(opt('--dist', join(ROOT, 'dist')));
  const only = opt('--only', null)?.split(',') ?? Object.keys(FORMATS);
  const digest = args.includes('--digest');
  const profile = args.includes('--profile');
  const repeat = Math.max(1, Number(opt('--repeat', '1')) || 1);
  if (!existsSync(join(dist, 'parse', 'index.js'))) {
    console.error(`bench/event-export.js: no build in ${dist} (npm run build)`);
    return 2;
  }
  const unknown = only.filter((n) => !FORMATS[n]);
  if (unknown.length > 0 || !Number.isFinite(sizeMb) || sizeMb <= 0) {
    console.error(`usage: node bench/event-export.js [--size-mb N] [--only ${Object.keys(FORMATS).join(',')}] [--repeat N] [--fresh] [--digest] [--profile] [--dist DIR]`);
    return 2;
  }
  if (args.includes('--fresh')) rmSync(DATA, { recursive: true, force: true });
  console.log(`\n== event-export readers: ${sizeMb} MB generated System-log exports, node ${process.version}, ${dist === join(ROOT, 'dist') ? 'dist/' : dist}`);
  const rows = [];
  for (const name of only) {
    const f = FORMATS[name];
    const data = ensure(name, sizeMb);
    const mb = data.bytes / MB;
    const floor = await run([fileURLToPath(import.meta.url), '--child', 'lines', data.file, dist, f.reader]);
    const profDir = join(DATA, 'profiles');
    const flags = profile ? ['--cpu-prof', '--cpu-prof-dir', profDir, '--cpu-prof-name', `${name}.cpuprofile`] : [];
    if (profile) rmSync(join(profDir, `${name}.cpuprofile`), { force: true });
    // On a shared machine the fastest of a few runs is the steadiest figure.
    let r = null;
    for (let k = 0; k < repeat; k++) {
      const one = await run([...flags, fileURLToPath(import.meta.url), '--child', 'read', data.file, dist, f.reader, digest ? 'digest' : '']);
      if (!one.out || !r?.out || one.out.seconds < r.out.seconds) r = one;
      if (!one.out) break;
    }
    if (!r.out) {
      console.log(`  ${name}: failed (${r.stderr.trim().split('\n').slice(-3).join(' | ')})`);
      rows.push({ name, failed: true });
      continue;
    }
    const o = r.out;
    const row = { name, reader: f.reader, mb, mbps: mb / o.seconds, recordsPerSecond: o.records / o.seconds, seconds: o.seconds, cpuSeconds: o.cpuSeconds, rssMb: o.rssMb, records: o.records, unparsed: o.unparsed, diagnostics: o.diagnostics, digest: o.digest, floorMbps: floor.out ? mb / floor.out.seconds : NaN };
    rows.push(row);
    console.log(
      `  ${name.padEnd(16)} ${fmt(mb, 0).padStart(4)} MB ${fmt(row.mbps, 1).padStart(7)} MB/s ${fmt(row.recordsPerSecond / 1000, 1).padStart(7)} k rec/s ${fmt(o.seconds, 2).padStart(7)} s ${fmt(mb / o.cpuSeconds, 1).padStart(7)} MB/CPU-s  RSS ${fmt(o.rssMb, 0).padStart(4)} MB  ` +
        `(lines only ${fmt(row.floorMbps, 0)} MB/s)  ${o.records} records, ${o.unparsed} unparsed${digest ? `  digest ${o.digest}` : ''}`,
    );
    if (profile) for (const l of topSelf(join(profDir, `${name}.cpuprofile`))) console.log(`      ${l}`);
  }
  const slow = rows.filter((r) => !r.failed && r.mbps < TARGET_MBPS);
  console.log(`  (MB/s: wall clock of input + sniff + reader in a fresh process; target >= ${TARGET_MBPS} MB/s${slow.length ? `; below: ${slow.map((r) => r.name).join(', ')}` : ''})`);
  return rows.some((r) => r.failed) ? 1 : 0;
}

const invoked = process.argv[1] !== undefined && pathToFileURL(resolve(process.argv[1])).href === import.meta.url;
if (invoked) {
  const args = process.argv.slice(2);
  if (args[0] === '--child') {
    child(args[1], args[2], args[3], args[4], args[5] === 'digest').catch((e) => {
      console.error(e);
      process.exitCode = 1;
    });
  } else {
    main(args).then((code) => {
      process.exitCode = code;
    });
  }
}
