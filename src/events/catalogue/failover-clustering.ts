/**
 * Microsoft-Windows-FailoverClustering System-log events (domain.md §7).
 * Wordings are the provider's message table (2016+ unless `wording` says otherwise);
 * older builds' wordings are separate entries so that pasted text from any version is recognised.
 * Order matters only for ties: the more common wording of an ID comes first.
 */
import type { CatalogueEntry, CatalogueLevel } from './types.js';

const FC = 'Microsoft-Windows-FailoverClustering';
const FC_ALIASES = ['FailoverClustering', 'ClusSvc'];

interface FcSpec {
  readonly id: number;
  readonly key: string;
  readonly level: CatalogueLevel;
  readonly symbol?: string | null;
  readonly wording?: string;
  readonly params: readonly (string | null)[];
  readonly template: string;
  readonly passthrough?: boolean;
  readonly derive?: (params: Record<string, string>) => void;
}

function fc(spec: FcSpec): CatalogueEntry {
  return {
    id: spec.id,
    key: `${spec.id}/${spec.key}`,
    provider: FC,
    providerAliases: FC_ALIASES,
    level: spec.level,
    symbol: spec.symbol ?? null,
    wording: spec.wording ?? '2016+',
    template: spec.template,
    params: spec.params,
    ...(spec.passthrough ? { passthrough: true } : {}),
    ...(spec.derive ? { derive: spec.derive } : {}),
  };
}

/** The manifest writes the control code as `'%4;'`; the semicolon is not part of the code. */
function stripControlCodeSemicolon(p: Record<string, string>): void {
  if (p.controlCode !== undefined) p.controlCode = p.controlCode.replace(/;+$/, '').trim();
}

const RHS_RECOVERY =
  'As part of cluster health detection, recovery actions will be taken. The cluster will try to automatically recover by terminating and restarting the Resource Hosting Subsystem (RHS) process that is running this resource. Verify that the underlying infrastructure (such as storage, networking, or services) that are associated with the resource are functioning correctly.';

const FAILURE_POLICY =
  'Based on the failure policies for the resource and role, the cluster service may try to bring the resource online on this node or move the group to another node of the cluster and then restart it. Check the resource and group state using Failover Cluster Manager or the Get-ClusterResource Windows PowerShell cmdlet.';

const NETWORK_ADVICE =
  'Run the Validate a Configuration wizard to check your network configuration. If the condition persists, check for hardware or software errors related to the network adapter. Also check for failures in any other network components to which the node is connected such as hubs, switches, or bridges.';

const R = ['resource'];
const RG = ['resource', 'group'];

export const FAILOVER_CLUSTERING: readonly CatalogueEntry[] = [
  // --- RHS deadlock / crash (1230, 1146, 1265) ---
  fc({
    id: 1230,
    key: 'deadlock-2016',
    level: 'ERR',
    symbol: 'RCM_DEADLOCK_OR_CRASH_DETECTED',
    params: ['resource', 'resourceType', 'dll'],
    template: `A component on the server did not respond in a timely fashion. This caused the cluster resource '%1' (resource type '%2', DLL '%3') to exceed its time-out threshold. ${RHS_RECOVERY}`,
  }),
  fc({
    id: 1230,
    key: 'control-code-2016',
    level: 'ERR',
    symbol: 'RCM_RESOURCE_CONTROL_DEADLOCK_DETECTED',
    params: ['resource', 'resourceType', 'dll', 'controlCode'],
    template: `A component on the server did not respond in a timely fashion. This caused the cluster resource '%1' (resource type '%2', DLL '%3') to exceed its time-out threshold while processing control code '%4;'. ${RHS_RECOVERY}`,
    derive: stripControlCodeSemicolon,
  }),
  fc({
    id: 1230,
    key: 'timeout-2012',
    level: 'ERR',
    symbol: 'RCM_DEADLOCK_OR_CRASH_DETECTED',
    wording: '2012/2012 R2',
    params: ['resource', 'resourceType', 'dll'],
    template:
      "Cluster resource '%1' (resource type '%2', DLL '%3') did not respond to a request in a timely fashion. Cluster health detection will attempt to automatically recover by terminating the Resource Hosting Subsystem (RHS) process running this resource.",
  }),
  fc({
    id: 1230,
    key: 'deadlock-2008r2',
    level: 'ERR',
    symbol: 'RCM_DEADLOCK_OR_CRASH_DETECTED',
    wording: '2008/2008 R2',
    params: ['resource', 'resourceType', 'dll'],
    template:
      "Cluster resource '%1' (resource type '%2', DLL '%3') either crashed or deadlocked. The Resource Hosting Subsystem (RHS) process will now attempt to terminate, and the resource will be marked to run in a separate monitor.",
  }),
  fc({
    id: 1146,
    key: 'terminated',
    level: 'CRIT',
    symbol: 'RCM_EVENT_RESMON_DIED',
    wording: '2012+',
    params: [],
    template:
      'The cluster Resource Hosting Subsystem (RHS) process was terminated and will be restarted. This is typically associated with cluster health detection and recovery of a resource. Refer to the System event log to determine which resource and resource DLL is causing the issue.',
  }),
  fc({
    id: 1146,
    key: 'stopped-2008r2',
    level: 'CRIT',
    symbol: 'RCM_EVENT_RESMON_DIED',
    wording: '2008/2008 R2',
    params: [],
    template:
      'The cluster resource host subsystem (RHS) stopped unexpectedly. An attempt will be made to restart it. This is usually due to a problem in a resource DLL. Please determine which resource DLL is causing the issue and report the problem to the resource vendor.',
  }),
  fc({
    id: 1265,
    key: 'type-control-timeout',
    level: 'ERR',
    symbol: 'RES_TYPE_CONTROL_TIMED_OUT',
    params: ['resourceType', 'controlCode'],
    template:
      "Cluster resource type '%1' timed out while processing the control code %2. The cluster will try to automatically recover by terminating and restarting the Resource Hosting Subsystem (RHS) process that was processing the call.",
  }),

  // --- resource and role failures (1069, 1205, 1254, 1635, 1637, 1638, 1641) ---
  fc({
    id: 1069,
    key: 'failed-with-type',
    level: 'ERR',
    symbol: 'RCM_RESOURCE_FAILURE_WITH_TYPENAME',
    params: ['resource', 'group', 'resourceType'],
    template: `Cluster resource '%1' of type '%3' in clustered role '%2' failed.\n\n${FAILURE_POLICY}`,
  }),
  fc({
    id: 1069,
    key: 'failed-with-cause',
    level: 'ERR',
    symbol: 'RCM_RESOURCE_FAILURE_WITH_CAUSE',
    params: ['resource', 'group', 'resourceType', 'errorText', 'errorCode'],
    template: `Cluster resource '%1' of type '%3' in clustered role '%2' failed. The error code was '%5' ('%4').\n\n${FAILURE_POLICY}`,
  }),
  fc({
    id: 1069,
    key: 'failed-with-error',
    level: 'ERR',
    symbol: 'RCM_RESOURCE_FAILURE_WITH_ERROR_CODE',
    params: ['resource', 'group', 'resourceType', 'errorCode'],
    template: `Cluster resource '%1' of type '%3' in clustered role '%2' failed. The error code was '%4'.\n\n${FAILURE_POLICY}`,
  }),
  fc({
    id: 1069,
    key: 'failed-veto',
    level: 'ERR',
    symbol: 'RCM_RESOURCE_FAILURE_DUE_TO_VETO',
    params: ['resource', 'group', 'resourceType'],
    template:
      "Cluster resource '%1' of type '%3' in clustered role '%2' failed due to an attempt to block a required state change in that cluster resource.",
  }),
  fc({
    id: 1069,
    key: 'failed',
    level: 'ERR',
    symbol: 'RCM_RESOURCE_FAILURE',
    wording: '2012+',
    params: RG,
    template: "Cluster resource '%1' in clustered role '%2' failed.",
  }),
  fc({
    id: 1069,
    key: 'failed-2008r2',
    level: 'ERR',
    symbol: 'RCM_RESOURCE_FAILURE',
    wording: '2008/2008 R2',
    params: RG,
    template: "Cluster resource '%1' in clustered service or application '%2' failed.",
  }),
  fc({
    id: 1205,
    key: 'group-failed',
    level: 'ERR',
    symbol: 'RCM_EVENT_GROUP_FAILED_ONLINE_OFFLINE',
    wording: '2012+',
    params: ['group'],
    template:
      "The Cluster service failed to bring clustered role '%1' completely online or offline. One or more resources may be in a failed state. This may impact the availability of the clustered role.",
  }),
  fc({
    id: 1205,
    key: 'group-failed-2008r2',
    level: 'ERR',
    symbol: 'RCM_EVENT_GROUP_FAILED_ONLINE_OFFLINE',
    wording: '2008/2008 R2',
    params: ['group'],
    template:
      "The Cluster service failed to bring clustered service or application '%1' completely online or offline. One or more resources may be in a failed state. This may impact the availability of the clustered service or application.",
  }),
  fc({
    id: 1254,
    key: 'terminal-failure',
    level: 'ERR',
    symbol: 'RCM_GROUP_TERMINAL_FAILURE',
    wording: '2012+',
    params: ['group'],
    template:
      "Clustered role '%1' has exceeded its failover threshold. It has exhausted the configured number of failover attempts within the failover period of time allotted to it and will be left in a failed state. No additional attempts will be made to bring the role online or fail it over to another node in the cluster. Please check the events associated with the failure. After the issues causing the failure are resolved the role can be brought online manually or the cluster may attempt to bring it online again after the restart delay period.",
  }),
  fc({
    id: 1254,
    key: 'terminal-failure-2008r2',
    level: 'ERR',
    symbol: 'RCM_GROUP_TERMINAL_FAILURE',
    wording: '2008/2008 R2',
    params: ['group'],
    template:
      "Clustered service or application '%1' has exceeded its failover threshold. It has exhausted the configured number of failover attempts within the failover period of time allotted to it and will be left in a failed state. No additional attempts will be made to bring the service or application online or fail it over to another node in the cluster. Please check the events associated with the failure. After the issues causing the failure are resolved the service or application can be brought online manually or the cluster may attempt to bring it online again after the restart delay period.",
  }),
  fc({
    id: 1635,
    key: 'failed-info',
    level: 'INFO',
    symbol: 'RCM_RESOURCE_FAILURE_INFO_WITH_TYPENAME',
    params: ['resource', 'group', 'resourceType'],
    template: "Cluster resource '%1' of type '%3' in clustered role '%2' failed.",
  }),
  fc({
    id: 1637,
    key: 'state-transition',
    level: 'INFO',
    params: ['resource', 'group', 'fromState', 'toState'],
    template: "Cluster resource '%1' in clustered role '%2' has transitioned from state %3 to state %4.",
  }),
  fc({
    id: 1637,
    key: 'state-transition-waiting',
    level: 'INFO',
    params: ['resource', 'group', 'fromState', 'toState', 'waitingOn'],
    template:
      "Cluster resource '%1' in clustered role '%2' has transitioned from state %3 to state %4. Cluster resource '%1' is waiting on the following resources: %5.",
  }),
  fc({
    id: 1638,
    key: 'restart-threshold',
    level: 'ERR',
    params: RG,
    template:
      "Cluster resource '%1' in clustered role '%2' has exceeded the maximum number of consecutive failures. It has exhausted the number of restart attempts within the failover period of time allotted to it and will be left in a failed state. No additional attempts will be made to bring the resource online. Check the events associated with the failure. After the issues causing the failure are resolved the resource can be brought online manually or the cluster may attempt to bring it online again after the restart delay period.",
  }),
  fc({
    id: 1641,
    key: 'moving-from',
    level: 'INFO',
    params: ['group', 'fromNode', 'toNode'],
    template: "Clustered role '%1' is moving from cluster node '%2' to cluster node '%3'.",
  }),
  fc({
    id: 1641,
    key: 'moving',
    level: 'INFO',
    params: ['group', 'toNode'],
    template: "Clustered role '%1' is moving to cluster node '%2'.",
  }),
  fc({
    id: 1250,
    key: 'embedded-failure',
    level: 'ERR',
    symbol: 'RCM_RESOURCE_EMBEDDED_FAILURE',
    params: RG,
    template:
      "Cluster resource '%1' in clustered role '%2' has received a critical state notification. For a virtual machine this indicates that an application or service inside the virtual machine is in an unhealthy state. Verify the functionality of the service or application being monitored within the virtual machine.",
  }),
  fc({
    id: 1255,
    key: 'network-failure',
    level: 'ERR',
    symbol: 'RCM_RESOURCE_NETWORK_FAILURE',
    params: RG,
    template:
      "Cluster resource '%1' in clustered role '%2' has received a critical state notification. For a virtual machine this indicates that a critical network of the virtual machine is in an unhealthy state. Verify the network connectivity of the virtual machine and the virtual networks that the virtual machine is configured to use.",
  }),

  // --- membership, quorum and the cluster service itself ---
  fc({
    id: 1135,
    key: 'node-down',
    level: 'CRIT',
    symbol: 'EVENT_NODE_DOWN',
    wording: 'all',
    params: ['node'],
    template:
      "Cluster node '%1' was removed from the active failover cluster membership. The Cluster service on this node may have stopped. This could also be due to the node having lost communication with other active nodes in the failover cluster. Run the Validate a Configuration wizard to check your network configuration. If the condition persists, check for hardware or software errors related to the network adapters on this node. Also check for failures in any other network components to which the node is connected such as hubs, switches, or bridges.",
  }),
  fc({
    id: 1177,
    key: 'quorum-lost',
    level: 'CRIT',
    symbol: 'MM_EVENT_ARBITRATION_FAILED',
    wording: 'all',
    params: [],
    template: `The Cluster service is shutting down because quorum was lost. This could be due to the loss of network connectivity between some or all nodes in the cluster, or a failover of the witness disk.\n\n${NETWORK_ADVICE}`,
  }),
  fc({
    id: 1006,
    key: 'membership-halt',
    level: 'CRIT',
    symbol: 'NM_EVENT_MEMBERSHIP_HALT',
    wording: 'all',
    params: [],
    template: 'Cluster service was halted due to incomplete connectivity with other cluster nodes.',
  }),
  fc({
    id: 1556,
    key: 'unhandled-exception',
    level: 'CRIT',
    symbol: 'SERVICE_UNHANDLED_EXCEPTION_IN_WORKER_THREAD',
    params: [null, 'errorCode'],
    template: "The cluster service encountered an unexpected problem and will be shut down. The error code was '%2'.",
  }),
  fc({
    id: 5377,
    key: 'operation-timeout',
    level: 'ERR',
    symbol: 'OPERATION_EXCEEDED_TIMEOUT',
    params: ['operation', 'seconds'],
    template:
      "An internal Cluster service operation exceeded the defined threshold of '%2' seconds. The Cluster service has been terminated to recover. Service Control Manager will restart the Cluster service and the node will rejoin the cluster.",
  }),
  fc({
    id: 4869,
    key: 'watchdog-hung',
    level: 'ERR',
    symbol: 'NETFT_WATCHDOG_PROCESS_HUNG',
    params: ['process', 'processId', 'seconds'],
    template:
      "User mode health monitoring has detected that the system is not being responsive. The Failover cluster virtual adapter has lost contact with the '%1' process with a process ID '%2', for '%3' seconds. Please use Performance Monitor to evaluate the health of the system and determine which process may be negatively impacting the system.",
  }),
  fc({
    id: 4870,
    key: 'watchdog-terminated',
    level: 'ERR',
    symbol: 'NETFT_WATCHDOG_PROCESS_TERMINATED',
    params: ['process', 'processId', 'seconds'],
    template:
      "User mode health monitoring has detected that the system is not being responsive. The Failover cluster virtual adapter has lost contact with the '%1' process with a process ID '%2', for '%3' seconds. Recovery action will be taken.",
  }),
  fc({
    id: 1672,
    key: 'node-quarantined',
    level: 'CRIT',
    symbol: 'EVENT_NODE_QUARANTINED',
    params: ['node', 'failures', 'until'],
    template:
      "Cluster node '%1' has been quarantined. The node experienced '%2' consecutive failures within a short amount of time and has been removed from the cluster to avoid further disruptions. The node will be quarantined until '%3' and then the node will automatically attempt to re-join the cluster.",
  }),
  fc({
    id: 1673,
    key: 'node-isolated',
    level: 'WARN',
    symbol: 'CLUSTER_NODE_ENTERED_ISOLATED_STATE',
    params: ['node'],
    template: "Cluster node '%1' has entered the isolated state.",
  }),
  fc({
    id: 1127,
    key: 'netinterface-failed',
    level: 'ERR',
    symbol: 'TM_EVENT_CLUSTER_NETINTERFACE_FAILED',
    params: ['interface', 'node', 'network'],
    template: `Cluster network interface '%1' for cluster node '%2' on network '%3' failed. ${NETWORK_ADVICE}`,
  }),
  fc({
    id: 1129,
    key: 'network-partitioned',
    level: 'ERR',
    symbol: 'TM_EVENT_CLUSTER_NETWORK_PARTITIONED',
    params: ['network'],
    template: `Cluster network '%1' is partitioned. Some attached failover cluster nodes cannot communicate with each other over the network. The failover cluster was not able to determine the location of the failure. ${NETWORK_ADVICE}`,
  }),
  fc({
    id: 1130,
    key: 'network-down',
    level: 'ERR',
    symbol: 'TM_EVENT_CLUSTER_NETWORK_DOWN',
    params: ['network'],
    template: `Cluster network '%1' is down. None of the available nodes can communicate using this network. ${NETWORK_ADVICE}`,
  }),

  // --- Physical Disk and Cluster Shared Volumes ---
  fc({
    id: 1038,
    key: 'reservation-lost',
    level: 'ERR',
    symbol: 'RES_DISK_RESERVATION_LOST',
    params: R,
    template:
      "Ownership of cluster disk '%1' has been unexpectedly lost by this node. Run the Validate a Configuration wizard to check your storage configuration.",
  }),
  fc({
    id: 1034,
    key: 'disk-missing',
    level: 'ERR',
    symbol: 'RES_DISK_MISSING',
    params: ['resource', 'signature'],
    template:
      "Cluster physical disk resource '%1' cannot be brought online because the associated disk could not be found. The expected signature of the disk was '%2'. If the disk was replaced or restored, in the Failover Cluster Manager snap-in, you can use the Repair function (in the properties sheet for the disk) to repair the new or restored disk. If the disk will not be replaced, delete the associated disk resource.",
  }),
  fc({
    id: 1035,
    key: 'mount-failed',
    level: 'ERR',
    symbol: 'RES_DISK_MOUNT_FAILED',
    params: ['resource', 'errorCode'],
    template:
      "While disk resource '%1' was being brought online, access to one or more volumes failed with error '%2'. Run the Validate a Configuration wizard to check your storage configuration. Optionally you may want to run Chkdsk to verify the integrity of all volumes on this disk.",
  }),
  fc({
    id: 1037,
    key: 'filesystem-failed',
    level: 'ERR',
    symbol: 'RES_DISK_FILESYSTEM_FAILED',
    params: R,
    template:
      "The file system for one or more partitions on the disk for resource '%1' may be corrupt. Run the Validate a Configuration wizard to check your storage configuration. Optionally, you may want to run Chkdsk to verify the integrity of all volumes on this disk.",
  }),
  fc({
    id: 1066,
    key: 'corrupt-disk',
    level: 'WARN',
    symbol: 'RES_DISK_CORRUPT_DISK',
    wording: 'all',
    params: ['resource', 'volume', 'logFile'],
    template:
      "Cluster disk resource '%1' indicates corruption for volume '%2'. Chkdsk is being run to repair problems. The disk will be unavailable until Chkdsk completes. Chkdsk output will be logged to file '%3'.\n\nChkdsk may also write information to the Application Event Log.",
  }),
  fc({
    id: 1671,
    key: 'online-failed',
    level: 'WARN',
    symbol: 'RES_DISK_ONLINE_SET_ATTRIBUTES_COMPLETED_FAILURE',
    params: ['resource', 'errorCode', 'elapsedSeconds'],
    template:
      'Cluster physical disk resource cannot be brought online.\n\nPhysical Disk resource name: %1\nError Code: %2\nTime Elapsed (seconds): %3',
  }),
  fc({
    id: 5120,
    key: 'csv-paused',
    level: 'ERR',
    symbol: 'DCM_VOLUME_AUTO_PAUSE_AFTER_FAILURE',
    params: ['volume', 'resource', 'status'],
    template:
      "Cluster Shared Volume '%1' ('%2') has entered a paused state because of '%3'. All I/O will temporarily be queued until a path to the volume is reestablished.",
  }),
  fc({
    id: 5157,
    key: 'csv-paused-expected',
    level: 'WARN',
    symbol: 'DCM_VOLUME_AUTO_PAUSE_AFTER_FAILURE_EXPECTED',
    params: ['volume', 'resource', 'status'],
    template:
      "Cluster Shared Volume '%1' ('%2') has entered a paused state because of '%3'. All I/O will temporarily be queued until a path to the volume is reestablished. This error is usually caused by an infrastructure failure. For example, losing connectivity to storage or the node owning the Cluster Shared Volume being removed from active cluster membership.",
  }),
  fc({
    id: 5142,
    key: 'csv-no-access',
    level: 'ERR',
    symbol: 'DCM_VOLUME_NO_ACCESS',
    params: ['volume', 'resource', 'status'],
    template:
      "Cluster Shared Volume '%1' ('%2') is no longer accessible from this cluster node because of error '%3'. Please troubleshoot this node's connectivity to the storage device and network connectivity.",
  }),
  fc({
    id: 5150,
    key: 'csv-failed',
    level: 'ERR',
    symbol: 'DCM_SET_RESOURCE_IN_FAILED_STATE',
    params: ['resource', 'status'],
    template:
      "Cluster physical disk resource '%1' failed. The Cluster Shared Volume was put in failed state with the following error: '%2'",
  }),

  // --- witness ---
  fc({
    id: 1564,
    key: 'fsw-arbitrate-failed',
    level: 'CRIT',
    symbol: 'RES_FSW_ARBITRATEFAILURE',
    params: ['resource', 'share'],
    template:
      "File share witness resource '%1' failed to arbitrate for the file share '%2'. Please ensure that file share '%2' exists and is accessible by the cluster.",
  }),
  fc({
    id: 1562,
    key: 'fsw-health-check-failed',
    level: 'WARN',
    symbol: 'RES_FSW_ALIVEFAILURE',
    params: ['resource', 'share'],
    template:
      "File share witness resource '%1' failed a periodic health check on file share '%2'. Please ensure that file share '%2' exists and is accessible by the cluster.",
  }),
  fc({
    id: 1563,
    key: 'fsw-online-failed',
    level: 'ERR',
    symbol: 'RES_FSW_ONLINEFAILURE',
    params: ['resource', 'share'],
    template:
      "File share witness resource '%1' failed to come online. Please ensure that file share '%2' exists and is accessible by the cluster.",
  }),

  // --- IP Address ---
  fc({
    id: 1077,
    key: 'ip-interface-failed',
    level: 'ERR',
    symbol: 'RES_IPADDR_IPV4_ADDRESS_INTERFACE_FAILED',
    params: ['interface', 'address', 'status'],
    template:
      "Health check for IP interface '%1' (address '%2') failed (status is '%3'). Run the Validate a Configuration wizard to ensure that the network adapter is functioning properly.",
  }),
  fc({
    id: 1049,
    key: 'duplicate-ip',
    level: 'ERR',
    symbol: 'RES_IPADDR_IN_USE',
    params: ['resource', 'address'],
    template:
      "Cluster IP address resource '%1' cannot be brought online because a duplicate IP address '%2' was detected on the network. Please ensure all IP addresses are unique.",
  }),
  fc({
    id: 1223,
    key: 'network-role',
    level: 'ERR',
    symbol: 'RES_IPADDR_INVALID_NETWORK_ROLE',
    params: ['resource', 'network'],
    template:
      "Cluster IP address resource '%1' cannot be brought online because the cluster network '%2' is not configured to allow client access. Please use the Failover Cluster Manager snap-in to check the configured properties of the cluster network.",
  }),
  fc({
    id: 1360,
    key: 'invalid-network',
    level: 'ERR',
    symbol: 'RES_IPADDR_INVALID_NETWORK',
    params: ['resource', 'network', 'address'],
    template:
      "Cluster IP address resource '%1' failed to come online. Ensure the network property '%2' matches a cluster network name or the address property '%3' matches one of the subnets on a cluster network. If this is an IPv6 Address type, please verify that the cluster network matching this resource has at least one IPv6 prefix that is not link-local or tunnel.",
  }),

  // --- Network Name: Active Directory ---
  fc({
    id: 1193,
    key: 'ad-create-failed-status',
    level: 'ERR',
    symbol: 'RES_NETNAME_ADD_COMPUTER_ACCOUNT_FAILED_STATUS',
    params: ['resource', 'domain', 'reason', 'identity', 'errorCode'],
    template:
      "Cluster network name resource '%1' failed to create its associated computer object in domain '%2' for the following reason: %3.\n\nThe associated error code is: %5\n\nPlease work with your domain administrator to ensure that:\n- The cluster identity '%4' can create computer objects. By default all computer objects are created in the 'Computers' container; consult the domain administrator if this location has been changed.\n- The quota for computer objects has not been reached.\n- If there is an existing computer object, verify the Cluster Identity '%4' has 'Full Control' permission to that computer object using the Active Directory Users and Computers tool.",
  }),
  fc({
    id: 1194,
    key: 'ad-create-failed',
    level: 'ERR',
    symbol: 'RES_NETNAME_ADD_COMPUTER_ACCOUNT_FAILED',
    params: ['resource', 'domain', 'operation', 'errorText', 'identity'],
    template:
      "Cluster network name resource '%1' failed to create its associated computer object in domain '%2' during: %3.\n\nThe text for the associated error code is: %4\n\nPlease work with your domain administrator to ensure that:\n- The cluster identity '%5' has Create Computer Objects permissions. By default all computer objects are created in the same container as the cluster identity '%5'.\n- The quota for computer objects has not been reached.\n- If there is an existing computer object, verify the Cluster Identity '%5' has 'Full Control' permission to that computer object using the Active Directory Users and Computers tool.",
  }),
  fc({
    id: 1207,
    key: 'ad-update-failed',
    level: 'ERR',
    symbol: 'RES_NETNAME_UPDATE_COMPUTER_ACCOUNT_FAILED',
    params: ['resource', 'domain', 'operation', 'errorText', 'identity'],
    template:
      "The computer object associated with the cluster network name resource '%1' could not be updated in domain '%2' during the %3 operation.\n\nThe text for the associated error code is: %4\n\nThe cluster identity '%5' may lack permissions required to update the object. Please work with your domain administrator to ensure that the cluster identity can update computer objects in the domain.",
  }),
  fc({
    id: 1211,
    key: 'no-writeable-dc-status',
    level: 'ERR',
    symbol: 'RES_NETNAME_NO_WRITEABLE_DC_STATUS',
    params: ['resource', 'domain', 'errorCode'],
    template:
      "Cluster network name resource '%1' cannot be brought online. Attempt to locate a writeable domain controller (in domain %2) in order to create or update a computer object associated with the resource failed. The error code was '%3'. Ensure that a writeable domain controller is accessible to this node within the configured domain. Also ensure that the DNS server is running in order to resolve the name of the domain controller.",
  }),
  fc({
    id: 1212,
    key: 'no-writeable-dc',
    level: 'ERR',
    symbol: 'RES_NETNAME_NO_WRITEABLE_DC',
    params: ['resource', 'domain', 'reason', 'errorCode'],
    template:
      "Cluster network name resource '%1' cannot be brought online. Attempt to locate a writeable domain controller (in domain %2) in order to create or update a computer object associated with the resource failed for the following reason: %3.\n\nThe error code was '%4'. Ensure that a writeable domain controller is accessible to this node within the configured domain. Also ensure that the DNS server is running in order to resolve the name of the domain controller.",
  }),
  fc({
    id: 1215,
    key: 'not-registered-with-rdr',
    level: 'ERR',
    symbol: 'RES_NETNAME_NOT_REGISTERED_WITH_RDR',
    params: ['resource', 'name', 'errorCode'],
    template:
      "Cluster network name resource '%1' failed a health check. Network name '%2' is no longer registered on this node. The error code was '%3'. Check for hardware or software errors related to the network adapter. Also, you can run the Validate a Configuration wizard to check your network configuration.",
  }),
  fc({
    id: 1228,
    key: 'clone-failure',
    level: 'ERR',
    symbol: 'RES_NETNAME_CLONE_FAILURE',
    params: ['resource', 'reason', 'errorCode'],
    template:
      "Cluster network name resource '%1' encountered an error enabling the network name on this node. The reason for the failure was: '%2'.\n\nThe error code was '%3'.\n\nYou may take the network name resource offline and online again to retry.",
  }),
  fc({
    id: 1231,
    key: 'logon-failure',
    level: 'ERR',
    symbol: 'RES_NETNAME_LOGON_FAILURE',
    params: ['resource', 'reason', 'errorCode'],
    template:
      "Cluster network name resource '%1' encountered an error logging on to the domain. The reason for the failure was: '%2'.\n\nThe error code was '%3'.\n\nEnsure that a domain controller is accessible to this node within the configured domain.",
  }),
  fc({
    id: 1566,
    key: 'netname-timed-out',
    level: 'ERR',
    symbol: 'RES_NETNAME_TIMEDOUT',
    params: ['resource', 'operation'],
    template:
      "Cluster network name resource '%1' cannot be brought online. The network name resource was terminated by the resource host subsystem because it did not complete an operation in an acceptable time. The operation timed out while performing: '%2'",
  }),

  // --- Network Name: DNS ---
  fc({
    id: 1196,
    key: 'dns-registration-failed',
    level: 'ERR',
    symbol: 'RES_NETNAME_DNS_REGISTRATION_FAILED',
    params: ['resource', 'reason'],
    template:
      "Cluster network name resource '%1' failed registration of one or more associated DNS name(s) for the following reason: %2.\n\nEnsure that the network adapters associated with dependent IP address resources are configured with at least one accessible DNS server.",
  }),
  fc({
    id: 1195,
    key: 'dns-registration-failed-status',
    level: 'ERR',
    symbol: 'RES_NETNAME_DNS_REGISTRATION_FAILED_STATUS',
    params: ['resource', 'errorCode'],
    template:
      "Cluster network name resource '%1' failed registration of one or more associated DNS name(s). The error code was '%2'. Ensure that the network adapters associated with dependent IP address resources are configured with access to at least one DNS server.",
  }),
  fc({
    id: 1256,
    key: 'dns-zone-not-dynamic',
    level: 'ERR',
    symbol: 'RES_NETNAME_DNS_REGISTRATION_FAILED_DYNAMIC_DNS_ZONE',
    params: ['resource', 'zone'],
    template:
      "Cluster network name resource failed registration of one or more associated DNS names(s) because the corresponding DNS Zone does not accept dynamic updates.\n\nCluster Network name: '%1'\nDNS Zone: '%2'",
  }),
  fc({
    id: 1257,
    key: 'dns-secure-zone-denied',
    level: 'ERR',
    symbol: 'RES_NETNAME_DNS_REGISTRATION_FAILED_SECURE_DNS_ZONE',
    params: ['resource', 'zone'],
    template:
      "Cluster network name resource failed registration of one or more associated DNS names(s) because the access to update the secure DNS Zone was denied.\n\nCluster Network name: '%1'\nDNS Zone: '%2'\n\nEnsure that cluster name object (CNO) is granted permissions to the Secure DNS Zone.",
  }),
  fc({
    id: 1258,
    key: 'dns-server-unreachable',
    level: 'ERR',
    symbol: 'RES_NETNAME_DNS_REGISTRATION_FAILED_TIMEOUT',
    params: ['resource', 'zone', 'dnsServer'],
    template:
      "Cluster network name resource failed registration of one or more associated DNS name(s) because the a DNS server could not be reached.\n\nCluster Network name: '%1'\nDNS Zone: '%2'\nDNS Server: '%3'\n\nEnsure that the network adapters associated with dependent IP address resources are configured with at least one accessible DNS server.",
  }),
  fc({
    id: 1259,
    key: 'dns-cleanup-failed',
    level: 'ERR',
    symbol: 'RES_NETNAME_DNS_REGISTRATION_FAILED_CLEANUP',
    params: ['resource', 'zone'],
    template:
      "Cluster network name resource failed registration of one or more associated DNS name(s) because the cluster service failed clean up the existing records corresponding to the network name.\n\nCluster Network name: '%1'\nDNS Zone: '%2'\n\nEnsure that cluster name object (CNO) is granted permissions to the Secure DNS Zone.",
  }),
  // 1576 and 1580 share one wording in the manifest; without an event ID the earlier entry wins.
  fc({
    id: 1576,
    key: 'dns-secure-zone-refused',
    level: 'WARN',
    symbol: 'RES_NETNAME_DNS_REGISTRATION_SECURE_ZONE_REFUSED',
    params: ['resource', 'name', 'errorCode', 'adapter'],
    template:
      "Cluster network name resource '%1' failed to register the name '%2' over adapter '%4' in a secure DNS zone. This was due to an existing record with this name and the cluster identity does not have the sufficient privileges to update that record. The error code was '%3'. Please contact your DNS server administrator to verify the cluster identity has permissions on DNS record '%2'.",
  }),
  fc({
    id: 1577,
    key: 'dns-server-not-contacted',
    level: 'WARN',
    symbol: 'RES_NETNAME_DNS_SERVER_COULD_NOT_BE_CONTACTED',
    params: ['resource', 'name', 'errorCode', 'adapter'],
    template:
      "Cluster network name resource '%1' failed to register the name '%2' over adapter '%4'. The DNS server could not be contacted. The error code was '%3.' Ensure that a DNS server is accessible from this cluster node. The DNS registration will be retried later.",
  }),
  fc({
    id: 1578,
    key: 'dns-dynamic-update-failed',
    level: 'WARN',
    symbol: 'RES_NETNAME_DNS_TEST_FOR_DYNAMIC_UPDATE_FAILED',
    params: ['resource', 'name', 'errorCode', 'adapter'],
    template:
      "Cluster network name resource '%1' failed to register dynamic updates for name '%2' over adapter '%4'. The DNS server may not be configured to accept dynamic updates. The error code was '%3'. Please contact your DNS server administrator to verify that the DNS server is available and configured for dynamic updates.\n\nAlternatively, you can disable dynamic DNS updates by unchecking the 'Register this connection's addresses in DNS' setting in the advanced TCP/IP settings for adapter '%4' under the DNS tab.",
  }),
  fc({
    id: 1579,
    key: 'dns-record-update-failed',
    level: 'WARN',
    symbol: 'RES_NETNAME_DNS_RECORD_UPDATE_FAILED',
    params: ['resource', 'name', 'errorCode', 'adapter'],
    template:
      "Cluster network name resource '%1' failed to update the DNS record for name '%2' over adapter '%4'. The error code was '%3'. Ensure that a DNS server is accessible from this cluster node and contact your DNS server administrator to verify the cluster identity can update the DNS record '%2'.",
  }),
  fc({
    id: 1580,
    key: 'dns-secure-zone-failed',
    level: 'ERR',
    symbol: 'RES_NETNAME_DNS_REGISTRATION_SECURE_ZONE_FAILED',
    params: ['resource', 'name', 'errorCode', 'adapter'],
    template:
      "Cluster network name resource '%1' failed to register the name '%2' over adapter '%4' in a secure DNS zone. This was due to an existing record with this name and the cluster identity does not have the sufficient privileges to update that record. The error code was '%3'. Please contact your DNS server administrator to verify the cluster identity has permissions on DNS record '%2'.",
  }),

  // --- Generic Script ---
  fc({
    id: 1232,
    key: 'script-timeout',
    level: 'ERR',
    symbol: 'RES_GENSCRIPT_TIMEOUT',
    params: ['resource', 'entryPoint'],
    template:
      "Entry point '%2' in cluster generic script resource '%1' did not complete execution in a timely manner. This could be due to an infinite loop or other issues possibly resulting in an infinite wait. Alternatively, the specified pending timeout value may be too short for this resource. Please review the '%2' script entry point to ensure all possible infinite waits in the script code have been corrected. Then, consider increasing the pending timeout value if deemed necessary.",
  }),

  // --- cluster-log text passed through the event log (domain.md §7: feed back to the cluster-log parser) ---
  fc({ id: 2049, key: 'cluster-log-info', level: 'INFO', params: ['text'], template: '%1', passthrough: true }),
  fc({ id: 2050, key: 'cluster-log-warning', level: 'WARN', params: ['text'], template: '%1', passthrough: true }),
  fc({ id: 2051, key: 'cluster-log-error', level: 'ERR', params: ['text'], template: '%1', passthrough: true }),
];
