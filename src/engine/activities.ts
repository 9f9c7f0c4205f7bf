/**
 * What a resource DLL entry point is doing, per resource type: the third question after "which resource"
 * and "which entry point" when reading a deadlock (seed article 004; domain.md §5, §9).
 */
import type { EntryPoint } from '../events/types.js';

interface Activity {
  readonly types: RegExp;
  /** Per entry point; `*` applies to any entry point not listed. */
  readonly does: Partial<Record<EntryPoint | '*', string>>;
}

const NETNAME_CHECK =
  'checks that the NetBIOS name is still registered on the node and the result of its DNS registration';

/** Ordered: the first row whose `types` matches wins. */
export const ACTIVITIES: readonly Activity[] = [
  {
    // KB 914458 via seed 004; techgenix part 2 (seed 000): IsAlive also starts DNS registration refresh.
    types: /^(?:Distributed )?Network Name$|^Cluster Name$/i,
    does: {
      LooksAlive: `LooksAlive ${NETNAME_CHECK} (NetBIOS and DNS registration checks)`,
      IsAlive: `IsAlive ${NETNAME_CHECK} and refreshes the DNS registration (a slow or unreachable DNS server blocks it)`,
      Online: 'Online registers the name in DNS and with the NetBIOS stack and validates the computer object in Active Directory',
      Offline: 'Offline deregisters the name from the NetBIOS stack',
      '*': 'NetBIOS, DNS and Active Directory operations for the network name',
    },
  },
  {
    types: /^Physical Disk$/i,
    does: {
      LooksAlive: 'LooksAlive checks the SCSI-3 persistent reservation on the disk',
      IsAlive: 'IsAlive checks the reservation and the file system (a directory listing on the volume)',
      Online: 'Online arbitrates the reservation, mounts the volumes and verifies the file system (VerifyFS, chkdsk if dirty)',
      Offline: 'Offline dismounts the volumes and releases the reservation',
      Arbitrate: 'Arbitrate takes the SCSI-3 persistent reservation',
      '*': 'reservation (SCSI-3 PR) and file-system checks on the disk',
    },
  },
  {
    types: /^Cluster Shared Volume$/i,
    does: { '*': 'CSV volume state, reservation and redirected I/O over SMB' },
  },
  {
    // domain.md §9: IsAlive creates a directory on the share, so a dead share server hangs the health checks.
    types: /^File Share Witness$/i,
    does: {
      Arbitrate: 'Arbitrate opens and locks Witness.log on the witness share',
      '*': 'creating or opening a directory (and Witness.log) on the witness file share',
    },
  },
  {
    types: /^Cloud Witness$/i,
    does: { '*': 'reading or writing the witness blob in Azure storage over HTTPS' },
  },
  {
    types: /^SQL Server Availability Group$/i,
    does: {
      IsAlive: 'IsAlive waits for sp_server_diagnostics health data within HealthCheckTimeout and checks the availability-group lease',
      LooksAlive: 'LooksAlive checks the availability-group lease with the SQL Server instance',
      Online: 'Online connects to SQL Server and makes the replica primary',
      Offline: 'Offline moves the replica to the resolving role and stops the lease',
      '*': 'sp_server_diagnostics health and the availability-group lease',
    },
  },
  {
    types: /^SQL Server$/i,
    does: {
      IsAlive: 'IsAlive checks the SQL Server service and its diagnostics heartbeat (sp_server_diagnostics)',
      '*': 'the SQL Server service state and diagnostics heartbeat',
    },
  },
  {
    types: /^Virtual Machine$/i,
    does: { '*': 'asking the Virtual Machine Management Service (VMMS) for the virtual machine state' },
  },
  {
    types: /^Virtual Machine Configuration$/i,
    does: { '*': 'the virtual machine registration with VMMS and its configuration files' },
  },
  {
    types: /^(?:IP Address|IPv6 Address|IPv6 Tunnel Address)$/i,
    does: { '*': 'the status of the network interface that carries the address' },
  },
  {
    types: /^Generic Script$/i,
    does: { '*': 'running the script entry point of the same name' },
  },
  {
    types: /^Generic Service$/i,
    does: { '*': 'querying and controlling the Windows service through the Service Control Manager' },
  },
  {
    types: /^Generic Application$/i,
    does: { '*': 'checking that the application process is running' },
  },
];

/** One sentence for an entry point of a resource type, or null when the type is not catalogued. */
export function activityOf(resourceType: string | null, entryPoint: EntryPoint | null): string | null {
  if (resourceType === null) return null;
  const row = ACTIVITIES.find((a) => a.types.test(resourceType.trim()));
  if (row === undefined) return null;
  return (entryPoint !== null ? row.does[entryPoint] : undefined) ?? row.does['*'] ?? null;
}
