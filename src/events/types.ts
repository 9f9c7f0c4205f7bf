/**
 * Typed events: every record read from any input becomes exactly one `ClusterEvent`.
 * The union is discriminated on `type`; anything not recognised is a `generic` record,
 * never dropped. Field names are part of the NDJSON output of `wsfc-forensics events`.
 */

/** Normalised severity of a record. `null` when the line carries none (legacy dialects). */
export type Level = 'CRIT' | 'ERR' | 'WARN' | 'INFO' | 'DBG' | 'VERBOSE';

/** Resource DLL entry points (domain.md §5), in the spelling used in reports. */
export type EntryPoint =
  | 'Open'
  | 'Close'
  | 'Online'
  | 'Offline'
  | 'Terminate'
  | 'Arbitrate'
  | 'Release'
  | 'LooksAlive'
  | 'IsAlive'
  | 'ResourceControl'
  | 'ResourceTypeControl'
  | 'FailureNotification'
  | 'Shutdown'
  | 'Cancel';

/** Where a record came from: the path as the user gave it and the 1-based physical line (or record number). */
export interface SourceRef {
  readonly file: string;
  readonly line: number;
}

/** Kind of input a record was read from. */
export type SourceKind = 'cluster-log' | 'event-log';

/** Fields shared by every event. */
export interface EventBase {
  /** Node that wrote the record (input's node, or the event's Computer for exports). */
  readonly node: string;
  readonly source: SourceRef;
  readonly sourceKind: SourceKind;
  /**
   * Wall-clock time as written in the record, expressed as milliseconds since the epoch
   * as if that wall clock were UTC. `null` when the record carries no usable date and time.
   */
  readonly wallMs: number | null;
  /**
   * UTC time in milliseconds since the epoch. Equal to `wallMs` for UTC sources; `wallMs - offset`
   * when the source's offset is known; `null` until the engine aligns a local-time source whose
   * offset was not stated, or when no time is known.
   */
  utcMs: number | null;
  /** The time text exactly as it appeared (`2009/06/17-20:07:58.009`, `06/17/2009 04:07:58 PM`, ...). */
  readonly timeText: string | null;
  readonly level: Level | null;
  /** Process and thread ids from the `PID.TID::` prefix (hex in the log, numbers here). */
  readonly pid: number | null;
  readonly tid: number | null;
  /** Component tag without brackets (`RCM`, `RHS`, `RES`, `NM`...), or null. */
  readonly component: string | null;
  /** Channel prefix or 2016+ section (`System`, `Operational`, `Cluster Logs`...), or null. */
  readonly channel: string | null;
  /** Message text after the prefix; continuation lines are appended after `\n`. */
  text: string;
}

/** A call into a resource DLL exceeded its deadlock timeout (`RhsCall::DeadlockMonitor`). */
export interface RhsCallTimeoutEvent extends EventBase {
  readonly type: 'rhs.call-timeout';
  readonly resource: string | null;
  /** Set for resource-type calls (`for resource type 'X'`). */
  readonly resourceType: string | null;
  readonly entryPoint: EntryPoint | null;
  /** The call token as logged (`LOOKSALIVE`, `ONLINERESOURCE`...). */
  readonly call: string;
  /** `timed out by N milliseconds` variant. */
  readonly overrunMs: number | null;
}

/**
 * `Resource X handling deadlock. Cleaning current operation [and terminating RHS process].`, and the
 * ResourceTypeControl form `Resource type X handling deadlock ...`.
 */
export interface RhsDeadlockHandlingEvent extends EventBase {
  readonly type: 'rhs.deadlock-handling';
  /** The resource; for the type form, the type name (no resource is involved: see `resourceType`). */
  readonly resource: string;
  /** Set for the type form (a ResourceTypeControl hang), null otherwise. */
  readonly resourceType: string | null;
  readonly terminatingRhs: boolean;
}

/** `Resource X IsAlive|LooksAlive has indicated failure.` (a returned failure, not a hang). */
export interface RhsHealthCheckFailedEvent extends EventBase {
  readonly type: 'rhs.health-check-failed';
  readonly resource: string;
  readonly entryPoint: 'IsAlive' | 'LooksAlive';
}

/** `Resource X has indicated that it cannot come online on this node.` */
export interface RhsCannotComeOnlineEvent extends EventBase {
  readonly type: 'rhs.cannot-come-online';
  readonly resource: string;
}

/** `Online for resource X failed.` / `Offline for resource X failed.` and similar returned errors. */
export interface RhsCallFailedEvent extends EventBase {
  readonly type: 'rhs.call-failed';
  readonly resource: string;
  readonly entryPoint: EntryPoint;
  readonly errorCode: number | null;
}

/** `Resource X has come online|offline. RHS is about to report ...` */
export interface RhsResourceStateEvent extends EventBase {
  readonly type: 'rhs.resource-online' | 'rhs.resource-offline';
  readonly resource: string;
}

/** `WER report is submitted. Result : WerReportQueued.` */
export interface RhsWerReportEvent extends EventBase {
  readonly type: 'rhs.wer-report';
  readonly result: string | null;
}

/** A resource DLL could not be loaded (`Unable to load resource DLL x.dll`, ERROR_MOD_NOT_FOUND). */
export interface RhsDllLoadFailedEvent extends EventBase {
  readonly type: 'rhs.dll-load-failed';
  readonly dll: string | null;
  readonly errorCode: number | null;
  readonly errorName: string | null;
}

/**
 * An exception raised inside a resource DLL entry point, caught by RHS (`RhsCall::Perform_NativeEH:
 * EXCEPTION_ACCESS_VIOLATION(c0000005)' because of 'Unhandled exception in ISALIVE call for resource X ...`).
 * RHS terminates after it: a crash, not a hang (domain.md §9).
 */
export interface RhsExceptionEvent extends EventBase {
  readonly type: 'rhs.exception';
  /** Null when the line does not name it (the RCM records of the crash do). */
  readonly resource: string | null;
  /** Set for resource-type calls (`call for resource type 'X'`). */
  readonly resourceType: string | null;
  readonly entryPoint: EntryPoint | null;
  /** The call token as logged (`ISALIVE`, `ONLINERESOURCE`...), or null. */
  readonly call: string | null;
  /** `EXCEPTION_ACCESS_VIOLATION`, `STATUS_STACK_BUFFER_OVERRUN`..., or null. */
  readonly exceptionName: string | null;
  /** The exception code as an unsigned 32-bit number (0xC0000005 = 3221225477), or null. */
  readonly exceptionCode: number | null;
  /** The resource DLL named on the line, or null. */
  readonly dll: string | null;
}

/** `Cluster service has terminated. Cluster.Service.Running.Event got signaled.` */
export interface RhsClusterServiceTerminatedEvent extends EventBase {
  readonly type: 'rhs.cluster-service-terminated';
}

/** `[RHS] Terminating resource X` (RHS-side Terminate of a resource). */
export interface RhsTerminatingResourceEvent extends EventBase {
  readonly type: 'rhs.terminating-resource';
  readonly resource: string;
}

/** RCM resource state transition, both shapes: `Res X: A -> B( C )` and `TransitionToState(X) A-->B.` */
export interface RcmStateTransitionEvent extends EventBase {
  readonly type: 'rcm.state-transition';
  readonly resource: string;
  readonly from: string;
  readonly to: string;
  /** Text in parentheses after the new state (`StateUnknown`, a reason), or null. */
  readonly reason: string | null;
}

/** Group state change (`rcm::RcmGroup::UpdateStateIfChanged: (G, Online --> Pending)` and similar). */
export interface RcmGroupStateEvent extends EventBase {
  readonly type: 'rcm.group-state';
  readonly group: string;
  readonly from: string | null;
  readonly to: string;
}

/** `Issuing Online(X) to RHS.` */
export interface RcmIssuingCallEvent extends EventBase {
  readonly type: 'rcm.issuing-call';
  readonly resource: string;
  readonly entryPoint: EntryPoint | null;
  readonly call: string;
}

/** `HandleMonitorReply: FAILURENOTIFICATION for 'X', gen(0) result 4.` */
export interface RcmMonitorReplyEvent extends EventBase {
  readonly type: 'rcm.monitor-reply';
  readonly resource: string;
  /** Reply token as logged (`FAILURENOTIFICATION`, `ONLINERESOURCE`...). */
  readonly reply: string;
  readonly entryPoint: EntryPoint | null;
  /** First number of `result N` or `result N/M`. */
  readonly result: number | null;
  readonly resultText: string | null;
}

/** `Resource 'X' has crashed or deadlocked; marking it to run in a separate monitor.` */
export interface RcmCrashedOrDeadlockedEvent extends EventBase {
  readonly type: 'rcm.crashed-or-deadlocked';
  readonly resource: string;
  readonly separateMonitor: boolean;
}

/** `rcm::RcmMonitor::RestartResources: Monitor restart for resource X` */
export interface RcmMonitorRestartEvent extends EventBase {
  readonly type: 'rcm.monitor-restart';
  readonly resource: string;
}

/** `rcm::RcmResource::ReattachToMonitorProcess: (X, Online)` */
export interface RcmReattachEvent extends EventBase {
  readonly type: 'rcm.reattach';
  readonly resource: string;
  readonly state: string | null;
}

/** `Separate monitor flag has changed for resource 'X'.  Now hosted by RHS process N` */
export interface RcmSeparateMonitorChangedEvent extends EventBase {
  readonly type: 'rcm.separate-monitor-changed';
  readonly resource: string;
  readonly rhsPid: number | null;
}

/** `RcmMonitor: Failed to create RHS process '...'. Error ERROR_FILE_NOT_FOUND(2)` */
export interface RcmRhsCreateFailedEvent extends EventBase {
  readonly type: 'rcm.rhs-create-failed';
  readonly errorCode: number | null;
  readonly errorName: string | null;
}

/** `ResourceControl(GET_NETWORK_NAME) to Network Name (email) returned 5910.` */
export interface RcmResourceControlErrorEvent extends EventBase {
  readonly type: 'rcm.resource-control-error';
  readonly resource: string;
  readonly control: string;
  readonly errorCode: number | null;
}

/** `Arbitrating resource 'X' returned error 121` */
export interface RcmArbitrateErrorEvent extends EventBase {
  readonly type: 'rcm.arbitrate-error';
  readonly resource: string;
  readonly errorCode: number | null;
}

/** `move of group G from N1(1) to N2(2) of type MoveType::NodeDown is about to succeed, failoverCount=0 ...` */
export interface RcmGroupMoveEvent extends EventBase {
  readonly type: 'rcm.group-move';
  readonly group: string;
  readonly fromNode: string | null;
  readonly toNode: string | null;
  /** `NodeDown`, `Failover`, `Manual`, `MoveGroup` API call (`api`), ... */
  readonly moveType: string | null;
  readonly failoverCount: number | null;
  /** True for an administrator/API initiated move (`RcmApi::MoveGroup`, `Bringing group 'G' offline first`). */
  readonly planned: boolean;
}

/** Failover decisions: `Failing over group G`, `Not failing over group G ... failoverCount`, `HandleFailure`. */
export interface RcmFailoverDecisionEvent extends EventBase {
  readonly type: 'rcm.failover-decision';
  readonly group: string | null;
  readonly resource: string | null;
  readonly decision: 'failover' | 'no-failover' | 'handle-failure' | 'restart' | 'left-failed';
}

/** A line written by a resource DLL: `[RES] <Type> <Name>: [subtag] text`. */
export interface ResMessageEvent extends EventBase {
  readonly type: 'res.message';
  readonly resourceType: string;
  readonly resource: string | null;
  /** DLL sub-tag such as `hadrag` or `sqsrvres`, or null. */
  readonly subTag: string | null;
  /** The DLL's own message, after `<Name>:` and the sub-tag. */
  readonly message: string;
}

/** Membership and network events (heartbeats, routes, connections, views). */
export interface MembershipEvent extends EventBase {
  readonly type: 'net.missed-heartbeats' | 'net.route-down' | 'net.all-routes-down' | 'net.endpoint-unreachable' | 'net.netft-keepalive-failed';
  readonly local: string | null;
  readonly remote: string | null;
}

/** `Node 1: Connection to Node 2 is broken`, `Node Disconnected 2`, and similar. */
export interface NodeConnectionEvent extends EventBase {
  readonly type: 'node.connection-broken' | 'node.disconnected';
  /** Node id that logged it (from `Node N:` / `node N:`), or null. */
  readonly nodeId: number | null;
  readonly peerId: number | null;
  readonly reason: string | null;
}

/** `New View is <ViewChanged joiners=(...) downers=(...) .../>` */
export interface NodeViewEvent extends EventBase {
  readonly type: 'node.new-view';
  readonly nodeId: number | null;
  readonly joiners: readonly number[];
  readonly downers: readonly number[];
}

/** Quorum loss: `Lost quorum (1)`, `lost quorum (status = 5925)`, `Quorum lost because ...`. */
export interface QuorumLostEvent extends EventBase {
  readonly type: 'quorum.lost';
  readonly status: number | null;
}

/** Cluster service shutdown/start lines in cluster.log (`Cluster Service preterminate succeeded`, `executing OnStop`, `Starting clussvc`). */
export interface ClusterServiceEvent extends EventBase {
  readonly type: 'clussvc.stopping' | 'clussvc.starting';
}

/** An event-log record (any export format, .evtx, or a 2016+ `[System]` section line). */
export interface EventLogRecordEvent extends EventBase {
  readonly type: 'eventlog.record';
  /** Event ID; identified from the message template when the export omits it. */
  readonly eventId: number | null;
  /** How the id was obtained. */
  readonly idFrom: 'record' | 'template' | null;
  readonly provider: string | null;
  /** Level as written (possibly localised), e.g. `Error`, `Fehler`, `Critique`. */
  readonly levelName: string | null;
  readonly computer: string | null;
  readonly channel: string | null;
  readonly recordId: number | null;
  readonly task: string | null;
  /** Rendered message (may be empty for .evtx records without a catalogue template). */
  readonly message: string;
  /** Catalogue key of the matched template (`1230/deadlock`...), or null. */
  readonly template: string | null;
  /** Parameters extracted by the catalogue, by name (resource, resourceType, dll, group, node, errorCode, controlCode, volume, status...). */
  readonly params: Readonly<Record<string, string>>;
  /** Raw insertion strings / EventData values by name or position, when the export carries them. */
  readonly data: Readonly<Record<string, string>> | null;
}

/** 2016+ `[=== Cluster ===]` header facts. */
export interface ClusterHeaderEvent extends EventBase {
  readonly type: 'log.header';
  readonly buildNumber: string | null;
  /** Minutes to add to local time to get UTC (`UTC = localtime + offset`), or null. */
  readonly utcOffsetMinutes: number | null;
  readonly localTime: boolean;
  readonly currentNode: string | null;
}

/** One row of a 2016+ object table (`[=== Resources ===]`, `[=== Groups ===]`, ...), by column name. */
export interface ObjectRowEvent extends EventBase {
  readonly type: 'config.row';
  /** Section name without the `[=== ===]` markers: `Resources`, `Groups`, `Resource Types`, `Nodes`... */
  readonly table: string;
  /** Column name → cell text, in the table's own header names. */
  readonly row: Readonly<Record<string, string>>;
}

/** Anything else: kept, counted, printed by `events`, never dropped. */
export interface GenericEvent extends EventBase {
  readonly type: 'generic';
}

export type ClusterEvent =
  | RhsCallTimeoutEvent
  | RhsDeadlockHandlingEvent
  | RhsHealthCheckFailedEvent
  | RhsCannotComeOnlineEvent
  | RhsCallFailedEvent
  | RhsResourceStateEvent
  | RhsWerReportEvent
  | RhsDllLoadFailedEvent
  | RhsExceptionEvent
  | RhsClusterServiceTerminatedEvent
  | RhsTerminatingResourceEvent
  | RcmStateTransitionEvent
  | RcmGroupStateEvent
  | RcmIssuingCallEvent
  | RcmMonitorReplyEvent
  | RcmCrashedOrDeadlockedEvent
  | RcmMonitorRestartEvent
  | RcmReattachEvent
  | RcmSeparateMonitorChangedEvent
  | RcmRhsCreateFailedEvent
  | RcmResourceControlErrorEvent
  | RcmArbitrateErrorEvent
  | RcmGroupMoveEvent
  | RcmFailoverDecisionEvent
  | ResMessageEvent
  | MembershipEvent
  | NodeConnectionEvent
  | NodeViewEvent
  | QuorumLostEvent
  | ClusterServiceEvent
  | EventLogRecordEvent
  | ClusterHeaderEvent
  | ObjectRowEvent
  | GenericEvent;

export type EventType = ClusterEvent['type'];
/** The event variant(s) of a type; works for interfaces that cover several `type` values too. */
export type EventOf<T extends EventType> = ClusterEvent extends infer E
  ? E extends { readonly type: infer U }
    ? T extends U
      ? E & { readonly type: T }
      : never
    : never
  : never;

/** The fields a parser fills for every record before classification. */
export type EventBaseFields = Omit<EventBase, never>;

export function assertNever(value: never): never {
  throw new Error(`unexpected value: ${JSON.stringify(value)}`);
}
