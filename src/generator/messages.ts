/**
 * System/Application event texts, worded as Windows renders them (shared/domain.md §7).
 * Each builder returns a SysEvent without its time; callers add `t`.
 */
import type { Dialect, SysEvent } from './model.js';

const FC = 'Microsoft-Windows-FailoverClustering';
const RCM_TASK = 'Resource Control Manager';

type Ev = Omit<SysEvent, 't'>;

export function ev1230(resource: string, type: string, dll: string, dialect: Dialect, controlCode?: string): Ev {
  let message: string;
  if (controlCode !== undefined) {
    message = `A component on the server did not respond in a timely fashion. This caused the cluster resource '${resource}' (resource type '${type}', DLL '${dll}') to exceed its time-out threshold while processing control code '${controlCode};'. As part of cluster health detection, recovery actions will be taken. The cluster will try to automatically recover by terminating and restarting the Resource Hosting Subsystem (RHS) process that is running this resource. Verify that the underlying infrastructure (such as storage, networking, or services) that are associated with the resource are functioning correctly.`;
  } else if (dialect === '2008r2') {
    message = `Cluster resource '${resource}' (resource type '${type}', DLL '${dll}') either crashed or deadlocked. The Resource Hosting Subsystem (RHS) process will now attempt to terminate, and the resource will be marked to run in a separate monitor.`;
  } else if (dialect === '2012r2') {
    message = `Cluster resource '${resource}' (resource type '${type}', DLL '${dll}') did not respond to a request in a timely fashion. Cluster health detection will attempt to automatically recover by terminating the Resource Hosting Subsystem (RHS) process running this resource.`;
  } else {
    message = `A component on the server did not respond in a timely fashion. This caused the cluster resource '${resource}' (resource type '${type}', DLL '${dll}') to exceed its time-out threshold. As part of cluster health detection, recovery actions will be taken. The cluster will try to automatically recover by terminating and restarting the Resource Hosting Subsystem (RHS) process that is running this resource. Verify that the underlying infrastructure (such as storage, networking, or services) that are associated with the resource are functioning correctly.`;
  }
  const data: [string, string][] = [['ResourceName', resource], ['ResourceType', type], ['ResourceDll', dll]];
  if (controlCode !== undefined) data.push(['ControlCode', controlCode]);
  return { id: 1230, provider: FC, level: 'Error', task: RCM_TASK, message, data };
}

export function ev1146(dialect: Dialect): Ev {
  const message =
    dialect === '2008r2'
      ? 'The cluster resource host subsystem (RHS) stopped unexpectedly. An attempt will be made to restart it. This is usually due to a problem in a resource DLL. Please determine which resource DLL is causing the issue and report the problem to the resource vendor.'
      : 'The cluster Resource Hosting Subsystem (RHS) process was terminated and will be restarted. This is typically associated with cluster health detection and recovery of a resource. Refer to the System event log to determine which resource and resource DLL is causing the issue.';
  return { id: 1146, provider: FC, level: 'Critical', task: RCM_TASK, message, data: [] };
}

export function ev1265(type: string, controlCode: string): Ev {
  return {
    id: 1265, provider: FC, level: 'Error', task: RCM_TASK,
    message: `Cluster resource type '${type}' timed out while processing the control code ${controlCode}. The cluster will try to automatically recover by terminating and restarting the Resource Hosting Subsystem (RHS) process that was processing the call.`,
    data: [['ResTypeName', type], ['ControlCode', controlCode]],
  };
}

export function ev1069(resource: string, group: string, type: string, dialect: Dialect): Ev {
  const message =
    dialect === '2016'
      ? `Cluster resource '${resource}' of type '${type}' in clustered role '${group}' failed.\n\nBased on the failure policies for the resource and role, the cluster service may try to bring the resource online on this node or move the group to another node of the cluster and then restart it.  Check the resource and group state using Failover Cluster Manager or the Get-ClusterResource Windows PowerShell cmdlet.`
      : dialect === '2012r2'
        ? `Cluster resource '${resource}' of type '${type}' in clustered role '${group}' failed.\n\nBased on the failure policies for the resource and role, the cluster service may try to bring the resource online on this node or move the group to another node of the cluster and then restart it.  Check the resource and group state using Failover Cluster Manager or the Get-ClusterResource Windows PowerShell cmdlet.`
        : `Cluster resource '${resource}' in clustered service or application '${group}' failed.`;
  return {
    id: 1069, provider: FC, level: 'Error', task: RCM_TASK, message,
    data: [['ResourceName', resource], ['ResourceGroup', group], ['ResTypeName', type]],
    localized: {
      task: 'Ressourcensteuerungs-Manager',
      message: `Die Clusterressource '${resource}' vom Typ '${type}' in der Clusterrolle '${group}' ist fehlgeschlagen.\n\nBasierend auf den Fehlerrichtlinien für die Ressource und die Rolle versucht der Clusterdienst möglicherweise, die Ressource auf diesem Knoten online zu schalten oder die Gruppe auf einen anderen Knoten des Clusters zu verschieben und sie dann neu zu starten. Überprüfen Sie den Status der Ressource und Gruppe mit dem Failovercluster-Manager oder dem Windows PowerShell-Cmdlet "Get-ClusterResource".`,
    },
  };
}

export function ev1205(group: string): Ev {
  return {
    id: 1205, provider: FC, level: 'Error', task: RCM_TASK,
    message: `The Cluster service failed to bring clustered role '${group}' completely online or offline. One or more resources may be in a failed state. This may impact the availability of the clustered role.`,
    data: [['ResourceGroup', group]],
    localized: {
      task: 'Ressourcensteuerungs-Manager',
      message: `Der Clusterdienst konnte die Clusterrolle '${group}' nicht vollständig online oder offline schalten. Mindestens eine Ressource befindet sich möglicherweise in einem fehlerhaften Zustand. Dies kann sich auf die Verfügbarkeit der Clusterrolle auswirken.`,
    },
  };
}

export function ev1254(group: string): Ev {
  return {
    id: 1254, provider: FC, level: 'Error', task: RCM_TASK,
    message: `Clustered role '${group}' has exceeded its failover threshold. It has exhausted the configured number of failover attempts within the failover period of time allotted to it and will be left in a failed state. No additional attempts will be made to bring the role online or fail it over to another node in the cluster. Please check the events associated with the failure. After the issues causing the failure are resolved the role can be brought online manually or the cluster may attempt to bring it online again after the restart delay period.`,
    data: [['ResourceGroup', group]],
    localized: {
      task: 'Ressourcensteuerungs-Manager',
      message: `Die Clusterrolle '${group}' hat den Failoverschwellenwert überschritten. Die konfigurierte Anzahl von Failoverversuchen innerhalb des zugeteilten Failoverzeitraums wurde ausgeschöpft, und die Rolle verbleibt in einem fehlerhaften Zustand. Es werden keine weiteren Versuche unternommen, die Rolle online zu schalten oder ein Failover auf einen anderen Knoten im Cluster auszuführen.`,
    },
  };
}

export function ev1135(node: string): Ev {
  return {
    id: 1135, provider: FC, level: 'Critical', task: 'Node Mgr',
    message: `Cluster node '${node}' was removed from the active failover cluster membership. The Cluster service on this node may have stopped. This could also be due to the node having lost communication with other active nodes in the failover cluster. Run the Validate a Configuration wizard to check your network configuration. If the condition persists, check for hardware or software errors related to the network adapters on this node. Also check for failures in any other network components to which the node is connected such as hubs, switches, or bridges.`,
    data: [['NodeName', node]],
  };
}

export function ev1177(): Ev {
  return {
    id: 1177, provider: FC, level: 'Critical', task: 'Quorum Manager',
    message: 'The Cluster service is shutting down because quorum was lost. This could be due to the loss of network connectivity between some or all nodes in the cluster, or a failover of the witness disk. \nRun the Validate a Configuration wizard to check your network configuration. If the condition persists, check for hardware or software errors related to the network adapter. Also check for failures in any other network components to which the node is connected such as hubs, switches, or bridges.',
    data: [],
  };
}

export function ev1196(resource: string, reason: string): Ev {
  return {
    id: 1196, provider: FC, level: 'Error', task: 'Network Name Resource',
    message: `Cluster network name resource '${resource}' failed registration of one or more associated DNS name(s) for the following reason:\n${reason}\n\nEnsure that the network adapters associated with dependent IP address resources are configured with at least one accessible DNS server.`,
    data: [['ResourceName', resource], ['Reason', reason]],
  };
}

export function ev1579(resource: string, name: string, adapter: string, code: number): Ev {
  return {
    id: 1579, provider: FC, level: 'Warning', task: 'Network Name Resource',
    message: `Cluster network name resource '${resource}' failed to update the DNS record for name '${name}' over adapter '${adapter}'. The error code was '${code}'. Ensure that a DNS server is accessible from this cluster node and that the network name has permission to update the record.`,
    data: [['ResourceName', resource], ['Name', name], ['ErrorCode', String(code)], ['Adapter', adapter]],
  };
}

export function ev1562(resource: string, share: string): Ev {
  return {
    id: 1562, provider: FC, level: 'Warning', task: 'File Share Witness Resource',
    message: `File share witness resource '${resource}' failed a periodic health check on file share '${share}'. Please ensure that file share '${share}' exists and is accessible by the cluster.`,
    data: [['ResourceName', resource], ['SharePath', share]],
  };
}

export function ev1564(resource: string, share: string): Ev {
  return {
    id: 1564, provider: FC, level: 'Critical', task: 'File Share Witness Resource',
    message: `File share witness resource '${resource}' failed to arbitrate for the file share '${share}'. Please ensure that file share '${share}' exists and is accessible by the cluster.`,
    data: [['ResourceName', resource], ['SharePath', share]],
  };
}

export function ev5120(volume: string, resource: string, status: string): Ev {
  return {
    id: 5120, provider: FC, level: 'Error', task: 'Cluster Shared Volume',
    message: `Cluster Shared Volume '${volume}' ('${resource}') has entered a paused state because of '${status}'. All I/O will temporarily be queued until a path to the volume is reestablished.`,
    data: [['VolumeName', volume], ['ResourceName', resource], ['ErrorCode', status]],
  };
}

export function ev5142(volume: string, resource: string, status: string): Ev {
  return {
    id: 5142, provider: FC, level: 'Error', task: 'Cluster Shared Volume',
    message: `Cluster Shared Volume '${volume}' ('${resource}') is no longer accessible from this cluster node because of error '${status}'. Please troubleshoot this node's connectivity to the storage device and network connectivity.`,
    data: [['VolumeName', volume], ['ResourceName', resource], ['ErrorCode', status]],
  };
}

/** Storport/miniport 129: the HBA driver reset the bus after a request did not complete. */
export function ev129(miniport: string, device: string): Ev {
  return {
    id: 129, provider: miniport, level: 'Warning', task: 'None',
    message: `Reset to device, ${device}, was issued.`,
    data: [['Device', device]],
  };
}

/** disk 153: an I/O was retried after a timeout. */
export function ev153(lba: string, disk: number, pdo: string): Ev {
  return {
    id: 153, provider: 'disk', level: 'Warning', task: 'None',
    message: `The IO operation at logical block address ${lba} for Disk ${disk} (PDO name: ${pdo}) was retried.`,
    data: [['LBA', lba], ['Disk', String(disk)], ['PDO', pdo]],
  };
}

export function ev1001Bugcheck(code: string, params: string, dump: string, reportId: string): Ev {
  return {
    id: 1001, provider: 'Microsoft-Windows-WER-SystemErrorReporting', level: 'Error', task: 'None',
    message: `The computer has rebooted from a bugcheck.  The bugcheck was: ${code} (${params}). A dump was saved in: ${dump}. Report Id: ${reportId}.`,
    data: [['param1', `${code} (${params})`], ['param2', dump], ['param3', reportId]],
  };
}

export function ev6008(localTime: string, localDate: string): Ev {
  return {
    id: 6008, provider: 'EventLog', level: 'Error', task: 'None',
    message: `The previous system shutdown at ${localTime} on ${localDate} was unexpected.`,
    data: [],
  };
}

export function ev7036(service: string, state: 'running' | 'stopped'): Ev {
  return {
    id: 7036, provider: 'Service Control Manager', level: 'Information', task: 'None',
    message: `The ${service} service entered the ${state} state.`,
    data: [['param1', service], ['param2', state]],
    localized: {
      task: 'Keine',
      message: `Der Dienst "${service}" befindet sich jetzt im Status "${state === 'running' ? 'Wird ausgeführt' : 'Beendet'}".`,
    },
  };
}

export function ev7031(service: string, count: number, ms: number): Ev {
  return {
    id: 7031, provider: 'Service Control Manager', level: 'Error', task: 'None',
    message: `The ${service} service terminated unexpectedly.  It has done this ${count} time(s).  The following corrective action will be taken in ${ms} milliseconds: Restart the service.`,
    data: [['param1', service], ['param2', String(count)]],
  };
}

export function ev7024(service: string, code: string): Ev {
  return {
    id: 7024, provider: 'Service Control Manager', level: 'Error', task: 'None',
    message: `The ${service} service terminated with the following service-specific error: \n${code}`,
    data: [['param1', service], ['param2', code]],
  };
}

export function ev5719(domain: string): Ev {
  return {
    id: 5719, provider: 'NETLOGON', level: 'Error', task: 'None',
    message: `This computer was not able to set up a secure session with a domain controller in domain ${domain} due to the following: \nThere are currently no logon servers available to service the logon request. \nThis may lead to authentication problems. Make sure that this computer is connected to the network. If the problem persists, please contact your domain administrator.`,
    data: [['param1', domain]],
  };
}

export function ev1014(name: string): Ev {
  return {
    id: 1014, provider: 'Microsoft-Windows-DNS-Client', level: 'Warning', task: '(1014)',
    message: `Name resolution for the name ${name} timed out after none of the configured DNS servers responded.`,
    data: [['QueryName', name]],
  };
}

export function ev21502(vmConfig: string, vm: string, detail: string, detailDe = detail): Ev {
  return {
    id: 21502, provider: 'Microsoft-Windows-Hyper-V-High-Availability', level: 'Error', task: 'None',
    message: `'${vmConfig}' failed to register the virtual machine with the virtual machine management service. ${detail}`,
    data: [['VmName', vm], ['ResourceName', vmConfig]],
    localized: {
      task: 'Keine',
      message: `"${vmConfig}" konnte den virtuellen Computer nicht beim Verwaltungsdienst für virtuelle Computer registrieren. ${detailDe}`,
    },
  };
}

export function ev1000AppCrash(app: string, appVer: string, module: string, modVer: string, code: string, offset: string, pid: number, appPath: string, modPath: string, reportId: string): Ev {
  return {
    id: 1000, provider: 'Application Error', level: 'Error', task: '(100)', channel: 'Application',
    message: `Faulting application name: ${app}, version: ${appVer}, time stamp: 0x57e8a2c3\nFaulting module name: ${module}, version: ${modVer}, time stamp: 0x5c1f0e7a\nException code: ${code}\nFault offset: ${offset}\nFaulting process id: 0x${pid.toString(16)}\nFaulting application start time: 0x01d4b2c93e8f1a20\nFaulting application path: ${appPath}\nFaulting module path: ${modPath}\nReport Id: ${reportId}\nFaulting package full name: \nFaulting package-relative application ID: `,
    data: [['AppName', app], ['ModuleName', module], ['ExceptionCode', code]],
  };
}

export function ev1001Wer(app: string, module: string, code: string, reportId: string): Ev {
  return {
    id: 1001, provider: 'Windows Error Reporting', level: 'Information', task: 'None', channel: 'Application',
    message: `Fault bucket 1362819240961535812, type 4\nEvent Name: APPCRASH\nResponse: Not available\nCab Id: 0\n\nProblem signature:\nP1: ${app}\nP2: 10.0.14393.4704\nP3: 57e8a2c3\nP4: ${module}\nP5: 4.2.1.880\nP6: 5c1f0e7a\nP7: ${code}\nP8: 000000000001a3f4\nP9: \nP10: \n\nAttached files:\n\\\\?\\C:\\Windows\\Temp\\WERC5E2.tmp.WERInternalMetadata.xml\n\nThese files may be available here:\nC:\\ProgramData\\Microsoft\\Windows\\WER\\ReportArchive\\AppCrash_${app}_4f1b6c0e93a8d1e2b7c5f4a3e2d1c0b9a8f7e6_3c1a9d02_1a2b3c4d\n\nAnalysis symbol: \nRechecking for solution: 0\nReport Id: ${reportId}\nReport Status: 0\nHashed bucket: b1e6a2f39c0d4e5f8a7b6c5d4e3f2a10`,
    data: [['EventName', 'APPCRASH'], ['P1', app], ['P4', module]],
  };
}

export function ev833(count: number, file: string, dbId: number, ms: number): Ev {
  return {
    id: 833, provider: 'MSSQLSERVER', level: 'Information', task: 'Server', channel: 'Application',
    message: `SQL Server has encountered ${count} occurrence(s) of I/O requests taking longer than 15 seconds to complete on file [${file}] in database id ${dbId}.  The OS file handle is 0x0000000000000C2C.  The offset of the latest long I/O is: 0x00000a1c2e0000.  The duration of the long I/O is: ${ms} ms.`,
    data: [['param1', String(count)], ['param2', file]],
  };
}

export function ev19406(ag: string, from: string, to: string): Ev {
  return {
    id: 19406, provider: 'MSSQLSERVER', level: 'Information', task: 'Server', channel: 'Application',
    message: `The state of the local availability replica in availability group '${ag}' has changed from '${from}' to '${to}'.  The state changed because the availability group is going offline.  The replica is going offline because the associated availability group has been deleted, or the user has taken the associated availability group resource offline in Windows Server Failover Clustering (WSFC) management console, or the availability group is failing over to another SQL Server instance.  For more information, see the SQL Server error log, Windows Server Failover Clustering (WSFC) management console, or WSFC log.`,
    data: [['param1', ag]],
  };
}

/** Background noise seen in every System log. */
export function evTimeSync(source: string): Ev {
  return {
    id: 37, provider: 'Microsoft-Windows-Time-Service', level: 'Information', task: 'None',
    message: `The time provider NtpClient is currently receiving valid time data from ${source} (ntp.d|0.0.0.0:123->${source}:123).`,
    data: [],
  };
}

export function evDcom10016(): Ev {
  return {
    id: 10016, provider: 'Microsoft-Windows-DistributedCOM', level: 'Warning', task: 'None',
    message: 'The application-specific permission settings do not grant Local Activation permission for the COM Server application with CLSID \n{D63B10C5-BB46-4990-A94F-E40B9D520160}\n and APPID \n{9CA88EE3-ACB7-47C8-AFC4-AB702511C276}\n to the user NT AUTHORITY\\SYSTEM SID (S-1-5-18) from address LocalHost (Using LRPC) running in the application container Unavailable SID (Unavailable). This security permission can be modified using the Component Services administrative tool.',
    data: [],
  };
}

const FAILURE_POLICY =
  'Based on the failure policies for the resource and role, the cluster service may try to bring the resource online on this node or move the group to another node of the cluster and then restart it.  Check the resource and group state using Failover Cluster Manager or the Get-ClusterResource Windows PowerShell cmdlet.';

/** 1069 with the error code and its text (RCM_RESOURCE_FAILURE_WITH_CAUSE, 2016+). */
export function ev1069WithCause(resource: string, group: string, type: string, code: string, text: string): Ev {
  return {
    id: 1069, provider: FC, level: 'Error', task: RCM_TASK,
    message: `Cluster resource '${resource}' of type '${type}' in clustered role '${group}' failed. The error code was '${code}' ('${text}').\n\n${FAILURE_POLICY}`,
    data: [['ResourceName', resource], ['ResourceGroup', group], ['ResTypeName', type], ['ErrorText', text], ['ErrorCode', code]],
  };
}

/** SCM 7011: a service did not answer a control (stop, interrogate) within 30 s. */
export function ev7011(serviceKey: string, ms = 30000): Ev {
  return {
    id: 7011, provider: 'Service Control Manager', level: 'Error', task: 'None',
    message: `A timeout (${ms} milliseconds) was reached while waiting for a transaction response from the ${serviceKey} service.`,
    data: [['param1', String(ms)], ['param2', serviceKey]],
  };
}

/** SCM 7034: a service ended without a recovery action configured. */
export function ev7034(service: string, count: number): Ev {
  return {
    id: 7034, provider: 'Service Control Manager', level: 'Error', task: 'None',
    message: `The ${service} service terminated unexpectedly.  It has done this ${count} time(s).`,
    data: [['param1', service], ['param2', String(count)]],
  };
}

/** Resource-Exhaustion-Detector 2004: commit charge near the limit, with the top consumers. */
export function ev2004(consumers: readonly (readonly [string, number, number])[]): Ev {
  const list = consumers.map(([exe, pid, bytes]) => `${exe} (${pid}) consumed ${bytes} bytes`);
  const text = list.length > 1 ? `${list.slice(0, -1).join(', ')}, and ${list.at(-1)}` : (list[0] ?? '');
  return {
    id: 2004, provider: 'Microsoft-Windows-Resource-Exhaustion-Detector', level: 'Warning', task: 'Resource Exhaustion Diagnosis Events',
    message: `Windows successfully diagnosed a low virtual memory condition. The following programs consumed the most virtual memory: ${text}.`,
    data: consumers.flatMap(([exe, pid, bytes], i) => [[`ProcessName${i + 1}`, exe], [`ProcessId${i + 1}`, String(pid)], [`Commit${i + 1}`, String(bytes)]] as [string, string][]),
  };
}

/** An event an application writes to the Application log under its own source. */
export function evApp(provider: string, id: number, level: SysEvent['level'], message: string): Ev {
  return { id, provider, level, task: 'None', channel: 'Application', message, data: [['param1', message]] };
}
