/**
 * Resource host: RHS itself could not start, load the resource DLL, or survive an exception in a
 * Windows module — a failure of the hosting process rather than of what the resource monitors
 * (domain.md §9 "RHS / DLL crash and resource exhaustion"; §6 escalation).
 */
import type { ClusterEvent } from '../../events/types.js';
import {
  ANY_TEXT,
  atNode,
  bugcheckOf,
  eventName,
  incidentIs,
  nodeOf,
  ofResource,
  recordNode,
  RESOURCE_KINDS,
} from '../common.js';
import { recordText, subjectOf } from '../match.js';
import { faultingDll, isMicrosoftModule } from '../modules.js';
import { defineRule } from '../types.js';

// 1230 in its 2012+ wordings names a timeout; the 2008 R2 wording "either crashed or deadlocked" does not
// tell the two apart, so it does not count as a deadlock on its own (domain.md §7).
const DEADLOCK_TEXT = /RhsCall::DeadlockMonitor|handling deadlock|did not respond to a request in a timely fashion|exceed its time-out threshold/i;
const AMBIGUOUS_1230 = /crashed or deadlocked/i;
const SERVICE_STOP_TEXT = /quorum was lost|lost quorum|Cluster service has terminated|was removed from the active failover cluster membership|Cluster Service preterminate/i;

/** Incidents an RHS crash can explain; a deadlock incident already says the call hung rather than crashed. */
const CRASH_KINDS = RESOURCE_KINDS.filter((k) => k !== 'deadlock');

/** A deadlock (RHS DeadlockMonitor, 1230) was logged shortly before `e` (10 min), so RHS was killed on purpose. */
function deadlockBefore(e: ClusterEvent, evidence: readonly ClusterEvent[]): boolean {
  return precededBy(e, evidence, 600_000, (x) =>
    x.type === 'rhs.call-timeout' ||
    x.type === 'rhs.deadlock-handling' ||
    (x.type === 'eventlog.record' && (x.eventId === 1230 || x.eventId === 1265) && !AMBIGUOUS_1230.test(x.message)) ||
    DEADLOCK_TEXT.test(recordText(x)),
  );
}

/** The cluster service stopped (quorum loss, node removal) around `e`: RHS exits with it. */
function serviceStopAround(e: ClusterEvent, evidence: readonly ClusterEvent[]): boolean {
  return precededBy(e, evidence, 120_000, (x) =>
    x.type === 'quorum.lost' ||
    x.type === 'clussvc.stopping' ||
    x.type === 'rhs.cluster-service-terminated' ||
    (x.type === 'eventlog.record' && (x.eventId === 1135 || x.eventId === 1177 || x.eventId === 1556)) ||
    SERVICE_STOP_TEXT.test(recordText(x)),
  );
}

/** Some record of the evidence satisfies `test` and lies within `windowMs` before `e` (or a few seconds after, clocks differ). */
function precededBy(
  e: ClusterEvent,
  evidence: readonly ClusterEvent[],
  windowMs: number,
  test: (x: ClusterEvent) => boolean,
): boolean {
  for (const x of evidence) {
    if (x === e || !test(x)) continue;
    if (e.utcMs === null || x.utcMs === null) return true;
    const d = e.utcMs - x.utcMs;
    if (d >= -5_000 && d <= windowMs) return true;
  }
  return false;
}

export default defineRule({
  meta: {
    id: 'resource-host',
    category: 'resource-host',
    title: 'The Resource Hosting Subsystem (RHS) itself failed',
    summary: (i, f) => `A failure of the resource host process (RHS) ${f.hedge} caused the ${i.kind}${ofResource(i)}${atNode(i)}`,
    recommendations: (i) => [
      `Check %windir%\\Cluster\\rhs.exe and the resource DLLs on ${nodeOf(i)} are present and not quarantined; exclude the cluster folders and processes from antivirus scanning.`,
      'Collect the RHS WER dumps (C:\\ProgramData\\Microsoft\\Windows\\WER) and open a case with the owner of the faulting module.',
    ],
  },
  priors: [
    {
      name: 'rhs-failure',
      description: 'The incident is an RHS failure with no better explanation',
      appliesTo: incidentIs({ kinds: ['rhs-failure'] }),
      weight: 0.15,
      explain: () => 'The resource host process failed.',
    },
  ],
  signatures: [
    {
      name: 'rhs-create-failed',
      description: '`Failed to create RHS process`: rhs.exe could not be started (ERROR_FILE_NOT_FOUND = rhs.exe deleted, e.g. by antivirus)',
      on: ['rcm.rhs-create-failed', 'generic'],
      pattern: /Failed to create RHS process/i,
      weight: 0.85,
      explain: (e) =>
        /ERROR_FILE_NOT_FOUND|\(2\)/.test(recordText(e))
          ? `RCM could not start rhs.exe: the file was not found (ERROR_FILE_NOT_FOUND).`
          : `RCM could not start an RHS process`,
      advice: (e) =>
        /ERROR_FILE_NOT_FOUND|\(2\)/.test(recordText(e))
          ? `Restore %windir%\\Cluster\\rhs.exe on ${recordNode(e)} (sfc /scannow or from another node) and exclude it from antivirus.`
          : null,
    },
    {
      name: 'dll-load-failed',
      description: 'The resource DLL could not be loaded (`Unable to load resource DLL`, ERROR_MOD_NOT_FOUND 126)',
      on: ['rhs.dll-load-failed', 'generic'],
      pattern: /Unable to load resource DLL|ERROR_MOD_NOT_FOUND|ERROR_PROC_NOT_FOUND|LoadLibrary.{0,40}fail/i,
      weight: 0.8,
      explain: (e) => `RHS could not load ${faultingDll(recordText(e)) ?? 'the resource DLL'}.`,
      advice: (e) => `Reinstall or re-register ${faultingDll(recordText(e)) ?? 'the resource DLL'} (and its dependencies) on ${recordNode(e)}.`,
    },
    {
      name: 'rhs-terminated-without-deadlock',
      description: 'Event 1146 (RHS terminated) with no deadlock before it and no cluster-service stop around it: RHS crashed',
      on: ['eventlog.record'],
      eventIds: [1146],
      template: /Resource Hosting Subsystem \(RHS\) (?:process was terminated|stopped unexpectedly)|resource host subsystem \(RHS\) stopped unexpectedly/i,
      when: (e, _i, evidence) => !deadlockBefore(e, evidence) && !serviceStopAround(e, evidence),
      appliesTo: incidentIs({ kinds: CRASH_KINDS }),
      weight: 0.5,
      explain: (e) => `${eventName(e)}: RHS stopped without a preceding deadlock, i.e. it crashed.`,
    },
    {
      name: 'wer-without-deadlock',
      description: '`WER report is submitted` with no deadlock before it: RHS reported a crash',
      on: ['rhs.wer-report', 'generic'],
      pattern: /WER report is submitted/i,
      when: (e, _i, evidence) => !deadlockBefore(e, evidence),
      appliesTo: incidentIs({ kinds: CRASH_KINDS }),
      weight: 0.4,
      explain: () => `RHS filed a crash report without a preceding deadlock.`,
    },
    {
      name: 'rhs-exception',
      description: 'An exception inside RHS or a Windows module (`Perform_NativeEH`, access violation, unhandled exception)',
      on: [...ANY_TEXT, 'rhs.exception'],
      pattern: /Perform_NativeEH|unhandled exception|exception .{0,60}(?:in|from) (?:the )?resource|access violation|c0000005|Faulting application name: rhs\.exe/i,
      when: (e) => {
        const text = recordText(e);
        if (/ERROR_MOD_NOT_FOUND|Unable to load resource DLL/i.test(text)) return false;
        const dll = faultingDll(text);
        return dll === null || isMicrosoftModule(dll);
      },
      appliesTo: incidentIs({ kinds: RESOURCE_KINDS }),
      weight: 0.55,
      explain: () => 'An exception was raised inside the resource host.',
    },
    {
      name: 'repeated-deadlock-in-separate-monitor',
      description: 'The resource deadlocked again after it had been moved to a separate monitor',
      on: ['rhs.call-timeout'],
      when: (e, _i, evidence) => {
        const r = subjectOf(e)?.toLowerCase();
        if (r === undefined) return false;
        return evidence.some(
          (x) =>
            (x.type === 'rcm.crashed-or-deadlocked' || x.type === 'rcm.separate-monitor-changed') &&
            x.resource.toLowerCase() === r &&
            x.utcMs !== null &&
            e.utcMs !== null &&
            x.utcMs < e.utcMs,
        );
      },
      weight: 0.3,
      explain: (e) => `${subjectOf(e) ?? 'The resource'} deadlocked again in its own RHS process.`,
    },
    {
      name: 'exception-bugcheck',
      description: 'Bugcheck 0x9E with parameter 3 = 3: an exception leaked from a resource entry point (domain.md §6)',
      on: ['eventlog.record'],
      pattern: /bugcheck was:?\s*0x0*9e\b/i,
      when: (e) => bugcheckOf(recordText(e))?.params[2] === 3,
      weight: 0.5,
      explain: (e) => `${eventName(e)}: the node bugchecked (0x9E) after an exception leaked from a resource DLL.`,
    },
  ],
});
