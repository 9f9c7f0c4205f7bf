/**
 * Performance: the node or the application was too starved (CPU, memory, scheduler) to answer in
 * time (domain.md §9 "resource exhaustion": NetFT watchdog 4869/4870, 5377, Resource-Exhaustion-Detector
 * 2004; SQL non-yielding schedulers and lease-timeout perf rows; live dumps §6).
 */
import {
  ANY_TEXT,
  bugcheckOf,
  eventName,
  fromProvider,
  nodeOf,
  ofResource,
  PERF_ROW,
  perfSampleOf,
  RES_TEXT,
  SQL_SERVER,
} from '../common.js';
import { recordText } from '../match.js';
import { defineRule } from '../types.js';

/** Available memory below this in a lease perf row means memory pressure. */
const LOW_MEMORY_BYTES = 256 * 1024 * 1024;

/** 0x9E parameter-3 values that are deadlock escalations or exceptions, explained by other families (domain.md §6). */
const NOT_A_HANG_SOURCE = new Set([2, 3, 5, 6, 0x65]);

export default defineRule({
  meta: {
    id: 'performance',
    category: 'performance',
    title: 'The node or application was too starved to answer in time',
    summary: (i, f) => `Resource exhaustion or a hang on ${nodeOf(i)} ${f.hedge} caused the ${i.kind}${ofResource(i)}`,
    recommendations: (i, f) => [
      `Check CPU, memory (commit, paged/non-paged pool) and handle counts on ${nodeOf(i)} around the incident (perfmon, Resource-Exhaustion-Detector 2004).`,
      ...(/non-yielding|sched/i.test(f.text)
        ? ['Check the SQL Server errorlog and dumps for non-yielding schedulers and the queries or I/O behind them.']
        : []),
      'Look for processes leaking memory or handles and for live dumps taken at the same time; fix them before tuning timeouts.',
    ],
  },
  signatures: [
    {
      name: 'netft-watchdog',
      description: 'Event 4869/4870: the NetFT user-mode watchdog lost contact with clussvc/RHS (system not responsive)',
      on: ['eventlog.record'],
      eventIds: [4869, 4870],
      template: /User mode health monitoring has detected that the system is not being responsive/i,
      weight: 0.75,
      explain: (e) => `${eventName(e)}: the node stopped being responsive to the NetFT watchdog.`,
    },
    {
      name: 'clussvc-operation-timeout',
      description: 'Event 5377: an internal cluster service operation exceeded its threshold and clussvc was terminated',
      on: ['eventlog.record'],
      eventIds: [5377],
      template: /internal Cluster service operation exceeded the defined threshold/i,
      weight: 0.6,
      explain: (e) => `${eventName(e)}: a cluster service operation hung past its threshold.`,
    },
    {
      name: 'low-virtual-memory',
      description: 'Resource-Exhaustion-Detector 2004: Windows diagnosed a low virtual memory condition',
      on: ['eventlog.record'],
      eventIds: [2004],
      template: /low virtual memory condition/i,
      when: (e) => /low virtual memory/i.test(recordText(e)) || fromProvider(/Resource-Exhaustion/i)(e),
      weight: 0.8,
      explain: (e) => {
        // The message lists the top consumers first: `sqlservr.exe (4120) consumed 61203464192 bytes`.
        const top = /([\w.-]+\.exe) \(\d+\) consumed/i.exec(recordText(e))?.[1];
        return `${eventName(e)}: the node ran low on virtual memory${top ? ` (top consumer ${top})` : ''}.`;
      },
    },
    {
      name: 'pool-exhausted',
      description: 'Srv 2019/2020-style: the system paged/non-paged pool was empty',
      on: ['eventlog.record'],
      pattern: /unable to allocate from the system (?:non)?paged pool|pool was empty/i,
      weight: 0.7,
      explain: (e) => `${eventName(e)}: kernel pool memory was exhausted.`,
    },
    {
      name: 'out-of-memory',
      description: 'Out-of-memory/insufficient-resources errors (ERROR_NOT_ENOUGH_MEMORY, ERROR_NO_SYSTEM_RESOURCES, STATUS_INSUFFICIENT_RESOURCES)',
      on: ANY_TEXT,
      components: ['RES'],
      pattern:
        /ERROR_NOT_ENOUGH_MEMORY|ERROR_NO_SYSTEM_RESOURCES|ERROR_COMMITMENT_LIMIT|ERROR_OUTOFMEMORY|STATUS_INSUFFICIENT_RESOURCES|STATUS_NO_MEMORY|c000009a|c0000017|insufficient system resources|\bout of memory\b|Not enough (?:memory|storage is available)/i,
      weight: 0.6,
      explain: () => 'The node ran out of memory or system resources.',
    },
    {
      name: 'sql-non-yielding',
      description: 'SQL Server non-yielding scheduler/IOCP/resource monitor or deadlocked schedulers (17883/17884/17888)',
      on: ANY_TEXT,
      components: ['RES'],
      pattern: /non-yielding|deadlocked schedulers|\b1788[348]\b.{0,80}(?:scheduler|yield)/i,
      weight: 0.75,
      explain: () => `SQL Server had non-yielding or deadlocked schedulers.`,
    },
    {
      name: 'lease-perf-cpu-memory',
      description: 'SQL AG lease-timeout perf row with processor time ≥ 90 % or available memory < 256 MB',
      ...RES_TEXT,
      resourceType: SQL_SERVER,
      pattern: PERF_ROW,
      when: (e) => {
        const s = perfSampleOf(recordText(e));
        return s !== null && (s.cpuPercent >= 90 || s.availableBytes < LOW_MEMORY_BYTES);
      },
      weight: 0.6,
      explain: (e) => {
        const s = perfSampleOf(recordText(e));
        return s
          ? `When the AG lease expired the node had ${s.cpuPercent} % CPU and ${Math.round(s.availableBytes / 1048576)} MB available memory.`
          : `The node was starved when the AG lease expired.`;
      },
    },
    {
      name: 'live-dump',
      description: 'A live kernel dump was taken (LiveKernelEvent, 0x166 resource-call-timeout live dump): it freezes the node for seconds',
      on: ANY_TEXT,
      pattern: /LiveKernelEvent|\blive dump|\blive kernel dump|CLUSTER_RESOURCE_CALL_TIMEOUT_LIVEDUMP/i,
      weight: 0.45,
      explain: () => `A live dump was taken; large live dumps stall the node and can cost it membership.`,
    },
    {
      name: 'user-mode-hang-bugcheck',
      description: 'Bugcheck 0x9E USER_MODE_HEALTH_MONITOR not caused by a resource deadlock or exception: clussvc/NetFT heartbeat loss',
      on: ['eventlog.record'],
      pattern: /bugcheck was:?\s*0x0*9e\b/i,
      when: (e) => {
        const b = bugcheckOf(recordText(e));
        return b !== null && !NOT_A_HANG_SOURCE.has(b.params[2] ?? -1);
      },
      weight: 0.45,
      explain: (e) => `${eventName(e)}: the node bugchecked with 0x9E because user mode stopped answering.`,
    },
  ],
});
