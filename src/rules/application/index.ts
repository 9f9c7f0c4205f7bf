/**
 * Application: the clustered application itself stopped answering its health check, lost its lease,
 * stopped, or crashed inside its own resource DLL (domain.md §9 SQL Server strings, AGDiag classification;
 * §7 SCM 7024/7031/7034, generic application/script events).
 */
import {
  ANY_TEXT,
  atNode,
  eventName,
  fromProvider,
  incidentIs,
  RES_TEXT,
  RESOURCE_KINDS,
  resourceOf,
  SQL_SERVER,
  subjectName,
} from '../common.js';
import { recordText } from '../match.js';
import { defineRule } from '../types.js';
import { faultingDll, isMicrosoftModule } from '../modules.js';

/** The application's own health evidence only explains incidents of a resource, not node or quorum loss. */
const resourceIncident = incidentIs({ kinds: RESOURCE_KINDS });

export default defineRule({
  meta: {
    id: 'application',
    category: 'application',
    title: 'The clustered application stopped answering or crashed',
    summary: (i, f) => `The application behind ${resourceOf(i, 'the resource')} ${f.hedge} caused the ${i.kind}${atNode(i)}`,
    recommendations: (i, f) => [
      ...(/\[(?:hadrag|sqsrvres)\]|SQL Server/i.test(f.text) || (i.resourceType !== null && SQL_SERVER.test(i.resourceType))
        ? [
            'Check the SQL Server errorlog and the system_health/AlwaysOn_health sessions for non-yielding schedulers, long I/O (833), memory pressure or dumps at the incident time.',
            'Review HealthCheckTimeout/FailureConditionLevel/LeaseTimeout only after finding why sp_server_diagnostics did not answer.',
          ]
        : ['Check the application and its service logs (Application event log, SCM events) on the node at the incident time.']),
      ...(f.hits.some((h) => h.signature === 'application/third-party-dll-crash')
        ? ['Update or remove the third-party module named in the crash and report it to its vendor; run its resource in a separate monitor meanwhile.']
        : []),
    ],
  },
  priors: [
    {
      name: 'sql-resource-health',
      description: 'A SQL Server / AG resource failed its health check: sp_server_diagnostics did not report healthy',
      appliesTo: incidentIs({ kinds: ['health-check-failure', 'deadlock'], resourceType: SQL_SERVER }),
      weight: 0.2,
      explain: (i) => `${resourceOf(i)} is a SQL Server resource whose health check asks SQL Server itself.`,
    },
  ],
  signatures: [
    {
      name: 'sql-diagnostics-heartbeat-lost',
      description: 'SQL `[hadrag]`/`[sqsrvres]` `diagnostics heartbeat is lost`: sp_server_diagnostics did not answer within HealthCheckTimeout',
      ...RES_TEXT,
      pattern: /diagnostics heartbeat is lost|did not receive health ?information before HealthCheckTimeout/i,
      appliesTo: resourceIncident,
      weight: 0.45,
      explain: () => `SQL Server stopped answering the health check (diagnostics heartbeat lost).`,
    },
    {
      name: 'ag-not-healthy',
      description: '`Availability Group is not healthy with given HealthCheckTimeout and FailureConditionLevel`',
      ...RES_TEXT,
      pattern: /not healthy with given HealthCheckTimeout and FailureConditionLevel/i,
      appliesTo: resourceIncident,
      weight: 0.2,
      explain: (e) => `${subjectName(e, 'The availability group')} failed its health policy (HealthCheckTimeout/FailureConditionLevel).`,
    },
    {
      name: 'alive-result-false',
      description: 'SQL resource `Resource Alive result 0`: the IsAlive answer was "not alive"',
      ...RES_TEXT,
      resourceType: SQL_SERVER,
      pattern: /Resource Alive result 0\b|IsAlive\b.{0,30}\b(?:returned false|result false|returned 0|result 0)\b/i,
      appliesTo: resourceIncident,
      weight: 0.1,
      explain: () => 'The SQL resource returned "not alive".',
    },
    {
      name: 'ag-lease-expired',
      description: 'The AG lease expired (`lease is no longer valid`, `Lease timeout detected`, `Lease renewal failed`)',
      ...RES_TEXT,
      pattern: /lease is no longer valid|Lease timeout detected|Lease renewal failed|lease (?:has )?expired|lease between availability group .{0,120}expired/i,
      appliesTo: resourceIncident,
      weight: 0.45,
      explain: () => 'The availability group lease between SQL Server and the cluster expired.',
    },
    {
      name: 'sql-lease-event',
      description: 'SQL Server 19407/19419/19421/41144: lease expiry or failed local replica',
      on: ['eventlog.record'],
      eventIds: [19407, 19419, 19421, 41144],
      template: /lease|availability replica .{0,120}failed state/i,
      when: fromProvider(/sql/i),
      appliesTo: resourceIncident,
      weight: 0.45,
      explain: (e) => `${eventName(e)}: SQL Server reported the availability group lease expired or the local replica failed.`,
    },
    {
      name: 'sql-service-down',
      description: 'The SQL Server service is not running (`SQL server service is not alive`, `QueryServiceStatusEx returned a process id 0`)',
      ...RES_TEXT,
      pattern: /SQL server service is not alive|QueryServiceStatusEx returned a process id 0|SQL service is either not ini?tiali[sz]ed or no longer valid/i,
      appliesTo: resourceIncident,
      weight: 0.7,
      explain: () => 'The SQL Server service was not running.',
    },
    {
      name: 'sql-component-error',
      description: 'A SQL Server component (system, resource, query_processing) went to `error`',
      ...RES_TEXT,
      pattern: /health state has been changed from '?\w+'? to '?error|state of (?:the )?\w+ component is error/i,
      appliesTo: resourceIncident,
      weight: 0.6,
      explain: () => 'A SQL Server component (sp_server_diagnostics) reported the error state.',
    },
    {
      name: 'sql-connect-failed',
      description: 'The resource DLL could not connect to or query SQL Server (`Failed to connect to SQL Server`, `ODBC Error`)',
      ...RES_TEXT,
      pattern: /Failed to connect to SQL Server|ODBC Error|SQLDriverConnect|Failed to run diagnostics command|\[08001\]|\[HYT00\]|Login timeout expired/i,
      appliesTo: resourceIncident,
      weight: 0.55,
      explain: () => 'The SQL resource could not talk to SQL Server.',
    },
    {
      name: 'sql-online-error',
      description: 'The SQL resource failed to come online (`OnlineThread: Error ... bringing resource online`)',
      ...RES_TEXT,
      resourceType: SQL_SERVER,
      pattern: /OnlineThread: Error \d+ bringing resource online|\bonline (?:request |operation )?failed|failed to (?:bring .{0,40}|come )online/i,
      appliesTo: resourceIncident,
      weight: 0.4,
      explain: (e) => `SQL Server failed to start for ${subjectName(e, 'the resource')}.`,
    },
    {
      name: 'service-crashed',
      description: 'SCM 7024/7031/7034: an application service terminated (not the cluster service itself)',
      on: ['eventlog.record'],
      eventIds: [7024, 7031, 7034],
      template: /service terminated (?:unexpectedly|with the following)/i,
      when: (e) => !/Cluster Service|ClusSvc/i.test(recordText(e)),
      appliesTo: resourceIncident,
      weight: 0.6,
      explain: (e) => `${eventName(e)}: the ${/The (.+?) service terminated/i.exec(recordText(e))?.[1] ?? 'application'} service terminated unexpectedly.`,
    },
    {
      name: 'service-stop-hang',
      description: 'A service behind the resource did not stop when asked (`still in state SERVICE_STOP_PENDING`, `did not stop`)',
      ...RES_TEXT,
      pattern: /\bstill (?:in (?:state )?)?(?:SERVICE_)?STOP_PENDING\b|\bdid not stop\b|(?:failed|unable) to stop (?:the )?service/i,
      appliesTo: resourceIncident,
      weight: 0.6,
      explain: (e) => `${subjectName(e, 'The service')} did not stop when the cluster asked it to.`,
      advice: (_e, i) =>
        `Find out what ${resourceOf(i, 'the service')} waits for when it is stopped (long-running work, a call to another system) and make it stop within the resource's PendingTimeout.`,
    },
    {
      name: 'service-control-timeout',
      description: 'SCM 7011: a service did not answer a control (stop, shutdown) within its timeout (not the cluster service)',
      on: ['eventlog.record'],
      eventIds: [7011],
      template: /waiting for a transaction response from the\s[\s\S]{1,120}?\sservice/i,
      // Exports wrap long messages: names and words may be split by line breaks.
      when: (e) => !/\b(?:ClusSvc|Cluster\s+Service)\s+service\b/i.test(recordText(e)),
      appliesTo: resourceIncident,
      weight: 0.5,
      explain: (e) =>
        `${eventName(e)}: the ${/response from the\s+(\S[^\n]*?)\s+service\b/i.exec(recordText(e))?.[1] ?? 'application'} service did not answer the Service Control Manager in time.`,
    },
    {
      name: 'generic-resource-event',
      description: 'Event 1039–1042/1181: a generic application or service resource failed',
      on: ['eventlog.record'],
      eventIds: [1039, 1040, 1041, 1042, 1181],
      template: /generic (?:application|service)/i,
      appliesTo: resourceIncident,
      weight: 0.5,
      explain: (e) => `${eventName(e)}: the generic application/service of ${subjectName(e, 'the resource')} failed.`,
    },
    {
      name: 'generic-script-timeout',
      description: 'Event 1232/1233: an entry point of a generic script resource did not complete in time',
      on: ['eventlog.record'],
      eventIds: [1232, 1233],
      template: /generic script resource/i,
      appliesTo: resourceIncident,
      weight: 0.6,
      explain: (e) => `${eventName(e)}: the script of ${subjectName(e, 'the generic script resource')} hung.`,
    },
    {
      name: 'third-party-dll-crash',
      description: 'An exception/crash in a non-Microsoft module loaded in RHS (WER, Application Error 1000, RHS exception text)',
      on: [...ANY_TEXT, 'rhs.exception'],
      pattern: /Faulting module (?:name|path)|exception|access violation|c0000005/i,
      when: (e) => {
        const dll = faultingDll(recordText(e));
        return dll !== null && !isMicrosoftModule(dll);
      },
      appliesTo: resourceIncident,
      weight: 0.65,
      explain: (e) => `A third-party module (${faultingDll(recordText(e)) ?? '?'}) crashed.`,
    },
  ],
});
