/**
 * Storage: the disk, CSV, storage path or file system stalled or failed under the resource
 * (domain.md §7 events 1034–1038/1066/1671/5120–5157, §9 Physical Disk/CSV strings; storport 129/153).
 */
import {
  ANY_TEXT,
  atNode,
  eventName,
  fromProvider,
  incidentIs,
  nodeOf,
  ofResource,
  PERF_ROW,
  perfSampleOf,
  PHYSICAL_DISK,
  recordNode,
  RES_TEXT,
  resourceOf,
  SQL_SERVER,
  subjectName,
} from '../common.js';
import { recordText } from '../match.js';
import { defineRule } from '../types.js';

/** CSV state events (domain.md §7): paused (5120/5157), no access (5142), failed (5150). */
const CSV_EVENTS = [5120, 5142, 5150, 5157];
const CSV_TEMPLATE =
  /Cluster Shared Volume .{0,200}(?:paused state|no longer accessible|put in failed state)|The Cluster Shared Volume was put in failed state/i;

/**
 * Status codes of 5120 that name their own cause (SupportArticles event-id-5120 guidance, domain.md §9):
 * the other families read these; `csv-paused` only takes the rest. c0130021 is a benign auto-pause
 * (snapshot/backup) and c0000128/c000026e/c0000203 follow a move rather than cause it.
 */
const CLASSIFIED_CSV_STATUS =
  /c00000b5|c000020c|c00000be|c000023c|c000009d|c000000e|80000011|c0130021|c0000128|c000026e|c0000203|STATUS_(?:IO_TIMEOUT|CONNECTION_DISCONNECTED|BAD_NETWORK_PATH|NETWORK_UNREACHABLE|DEVICE_NOT_CONNECTED|NO_SUCH_DEVICE|DEVICE_BUSY|CLUSTER_CSV_AUTO_PAUSE_ERROR|CLUSTER_CSV_NO_SNAPSHOTS|FILE_CLOSED|VOLUME_DISMOUNTED|USER_SESSION_DELETED)/i;

/** Providers of storage-stack events; 129 and 153 ids are shared with other providers (e.g. W32Time 129). */
const STORAGE_PROVIDER = /stor|disk|scsi|sas|raid|nvme|mpio|dsm|hba|iastor|megasas|lsi|ql2|elx|vhd|spaces|ntfs|refs/i;

export default defineRule({
  meta: {
    id: 'storage',
    category: 'storage',
    title: 'Storage stalled or failed under the resource',
    summary: (i, f) => `Storage trouble ${f.hedge} caused the ${i.kind}${ofResource(i)}${atNode(i)}`,
    recommendations: (i) => [
      `Check storage paths/MPIO and storport resets (129/153) on ${nodeOf(i)} around the incident, and the array/SAN logs for the same minutes.`,
      'Run the Validate a Configuration storage tests in a maintenance window and update HBA/NIC (iSCSI) drivers, firmware and the DSM.',
    ],
  },
  priors: [
    {
      name: 'disk-resource',
      description: 'The failing resource is a Physical Disk/CSV, or the incident is a CSV failure',
      appliesTo: (i) => i.kind === 'csv-failure' || incidentIs({ resourceType: PHYSICAL_DISK })(i),
      weight: 0.2,
      explain: (i) => `${resourceOf(i)} is a storage resource.`,
    },
  ],
  signatures: [
    {
      name: 'storport-reset',
      description: 'Storport 129 "Reset to device ... was issued": the HBA/miniport reset a device after I/O timed out',
      on: ['eventlog.record'],
      eventIds: [129],
      template: /Reset to device, .{0,200}was issued/i,
      when: (e) => /Reset to device/i.test(recordText(e)) || fromProvider(STORAGE_PROVIDER)(e),
      weight: 0.75,
      explain: (e) => `${eventName(e)}: storport reset a storage device after I/O timed out.`,
      advice: (e) => `Check the storage path of the device reset on ${recordNode(e)} (storport 129): HBA/iSCSI NIC, MPIO paths, switch and array logs.`,
    },
    {
      name: 'io-retried',
      description: 'Disk 153 "The IO operation at logical block address ... was retried"',
      on: ['eventlog.record'],
      eventIds: [153],
      template: /IO operation at logical block address .{0,200}was retried/i,
      when: (e) => /was retried/i.test(recordText(e)) || fromProvider(STORAGE_PROVIDER)(e),
      weight: 0.7,
      explain: (e) => `${eventName(e)}: disk I/O had to be retried.`,
    },
    {
      name: 'disk-device-error',
      description: 'Disk 7/11/51-style errors: bad block, controller error, paging-operation error',
      on: ['eventlog.record'],
      pattern:
        /has a bad block|detected a controller error on \\Device|error was detected on device \\Device\\\S+ during a paging operation|IO operation at logical block address .{0,200}(?:failed|was not completed)/i,
      weight: 0.55,
      explain: () => 'The disk driver logged a device error.',
    },
    {
      name: 'path-failure',
      description: 'MPIO/DSM path failures (paths removed, failed over, all paths down)',
      on: ['eventlog.record'],
      pattern:
        /\b(?:MPIO|msdsm|DSM).{0,120}(?:fail|remov|lost|down)|\bpath\b.{0,80}(?:fail|remov|lost|down).{0,80}(?:MPIO|DSM|disk|LUN)|all paths .{0,40}(?:down|failed|lost)/i,
      weight: 0.55,
      explain: () => 'A storage (MPIO) path failed.',
    },
    {
      name: 'io-timeout',
      description: 'STATUS_IO_TIMEOUT (c00000b5): I/O or redirected CSV I/O did not complete (storage, or the SMB path)',
      ...RES_TEXT,
      components: ['RES', 'DCM', 'CSVFS'],
      pattern: /c00000b5|STATUS_IO_TIMEOUT|I\/O (?:timeout|timed out)/i,
      weight: 0.5,
      explain: () => 'I/O timed out (STATUS_IO_TIMEOUT).',
    },
    {
      name: 'device-lost',
      description: 'STATUS_DEVICE_NOT_CONNECTED (c000009d) / STATUS_NO_SUCH_DEVICE (c000000e): the storage path to the disk is gone',
      ...RES_TEXT,
      components: ['RES', 'DCM', 'CSVFS'],
      pattern: /c000009d|c000000e|STATUS_DEVICE_NOT_CONNECTED|STATUS_NO_SUCH_DEVICE|ERROR_DEVICE_NOT_CONNECTED/i,
      weight: 0.8,
      explain: () => 'The disk was no longer reachable (device not connected).',
    },
    {
      name: 'csv-reservation-busy',
      description: 'CSV event with STATUS_DEVICE_BUSY (80000011): often a lost persistent reservation',
      on: ['eventlog.record'],
      eventIds: CSV_EVENTS,
      template: CSV_TEMPLATE,
      pattern: /80000011|STATUS_DEVICE_BUSY/i,
      weight: 0.7,
      explain: (e) => `${eventName(e)}: the CSV was busy (80000011), typically a lost SCSI-3 persistent reservation.`,
    },
    {
      name: 'csv-paused',
      description: 'CSV paused/inaccessible/failed (5120/5142/5150/5157) with a status not classified elsewhere',
      on: ['eventlog.record'],
      eventIds: CSV_EVENTS,
      template: CSV_TEMPLATE,
      when: (e) => !CLASSIFIED_CSV_STATUS.test(recordText(e)),
      weight: 0.35,
      explain: (e) => `${eventName(e)}: a Cluster Shared Volume lost its I/O path.`,
    },
    {
      name: 'csv-no-access',
      description: 'CSV text: `is no longer accessible from this cluster node` / `is no longer available on this node because of`',
      ...RES_TEXT,
      components: ['RES', 'DCM', 'CSVFS'],
      pattern: /is no longer accessible from this cluster node|is no longer available on this node because of/i,
      weight: 0.5,
      explain: () => `A Cluster Shared Volume became inaccessible.`,
    },
    {
      name: 'disk-reservation-lost',
      description: 'Event 1038: ownership (reservation) of a cluster disk was lost unexpectedly',
      on: ['eventlog.record'],
      eventIds: [1038],
      template: /Ownership of cluster disk .{0,160}unexpectedly lost/i,
      weight: 0.75,
      explain: (e) => `${eventName(e)}: this node lost the reservation of ${subjectName(e, 'a cluster disk')}.`,
    },
    {
      name: 'disk-missing',
      description: 'Event 1034: the disk of a Physical Disk resource could not be found (LUN masking/zoning)',
      on: ['eventlog.record'],
      eventIds: [1034],
      template: /associated disk could not be found/i,
      weight: 0.75,
      explain: (e) => `${eventName(e)}: the disk of ${subjectName(e, 'a Physical Disk resource')} was not found.`,
    },
    {
      name: 'volume-mount-failed',
      description: 'Event 1035: access to volumes failed while bringing the disk online',
      on: ['eventlog.record'],
      eventIds: [1035],
      template: /access to one or more volumes failed/i,
      weight: 0.7,
      explain: (e) => `${eventName(e)}: volumes of ${subjectName(e, 'the disk')} could not be accessed.`,
    },
    {
      name: 'file-system-corrupt',
      description: 'Event 1037/1066: the file system may be corrupt; chkdsk is run on online',
      on: ['eventlog.record'],
      eventIds: [1037, 1066],
      template: /may be corrupt|indicates corruption for volume|Chkdsk is being run/i,
      weight: 0.75,
      explain: (e) => `${eventName(e)}: ${subjectName(e, 'the disk')} reports file-system corruption (chkdsk).`,
      advice: (e) => `Review the chkdsk output for ${subjectName(e, 'the disk')} (C:\\Windows\\Cluster\\Reports\\ChkDsk_*.log) and fix what made the volume look corrupt.`,
    },
    {
      name: 'disk-online-failed',
      description: 'Event 1671: a cluster physical disk could not be brought online (error code named)',
      on: ['eventlog.record'],
      eventIds: [1671],
      template: /Cluster physical disk resource cannot be brought online/i,
      weight: 0.55,
      explain: (e) => `${eventName(e)}: a Physical Disk could not be brought online.`,
    },
    {
      name: 'verifyfs-failed',
      description: '`VerifyFS` failed while bringing a disk online (KB 977516: a root file opened with error 5 marks the volume corrupt)',
      ...RES_TEXT,
      pattern: /VerifyFS\b.{0,40}(?:fail|error)|VerifyFS:.{0,300}Error:?\s*\d+/i,
      weight: 0.75,
      explain: (e) => `The file-system check of ${subjectName(e, 'the disk')} failed during online.`,
      advice: (e) =>
        /Error:?\s*5\b/i.test(recordText(e))
          ? 'A file in the volume root could not be opened with full access (error 5): clear its read-only attribute or fix its ACL, then bring the disk online (KB 977516).'
          : null,
    },
    {
      name: 'disk-access-error',
      description: 'A Physical Disk line with a Win32 I/O error: 5 access denied, 21 not ready, 483 hardware error, 1117 I/O device, 1167 not connected',
      ...RES_TEXT,
      resourceType: PHYSICAL_DISK,
      pattern:
        /(?:error|status)\s*(?:[:=]\s*)?\(?(?:5|21|483|1117|1167|1784)\b(?![.,]\d)|ERROR_(?:ACCESS_DENIED|NOT_READY|IO_DEVICE|DEVICE_NOT_CONNECTED|DEVICE_HARDWARE_ERROR)|access (?:is )?denied/i,
      weight: 0.55,
      explain: (e) => {
        const code = /(?:error|status)\s*(?:[:=]\s*)?\(?(\d+)|(ERROR_[A-Z_]+)/i.exec(recordText(e));
        return `${subjectName(e, 'The disk')} hit an I/O or access error${code ? ` (${code[1] ?? code[2]})` : ''}.`;
      },
    },
    {
      name: 'chkdsk-or-corruption',
      description: 'A Physical Disk line about chkdsk or corruption',
      ...RES_TEXT,
      resourceType: PHYSICAL_DISK,
      pattern: /(?:run\w*|start\w*|schedul\w*) chkdsk|chkdsk (?:is being run|started|running|required|spotfix|returned [1-9])|\bcorrupt(?:ion|ed)?\b/i,
      weight: 0.5,
      explain: (e) => `${subjectName(e, 'The disk')} reported corruption or ran chkdsk.`,
    },
    {
      name: 'persistent-reservation-failed',
      description: 'SCSI-3 persistent reservation/arbitration failed: `SetSharedPRKey: failed`, `PR reserve failed, status 170`, `Unable to arbitrate` (Holzer GetLogs list)',
      ...RES_TEXT,
      pattern: /SetSharedPRKey: failed|Reservation\.SetPrKey failed|PR reserve failed|Unable to arbitrate|reservation conflict|(?:STATUS|ERROR)_RESERVATION_CONFLICT/i,
      weight: 0.75,
      explain: () => 'The disk reservation (SCSI-3 PR/arbitration) failed.',
      advice: () => 'Check SCSI-3 persistent reservation support and LUN presentation to every node (Validate: "Validate SCSI-3 Persistent Reservation").',
    },
    {
      name: 'virtual-disk-no-redundancy',
      description: 'Storage Spaces: the virtual disk is in `no redundancy` state (DiskRecoveryAction), detached or degraded',
      ...RES_TEXT,
      pattern: /no redundancy|DiskRecoveryAction|virtual disk .{0,40}(?:detached|degraded|unhealthy)/i,
      weight: 0.75,
      explain: () => 'The Storage Spaces virtual disk lost its redundancy.',
      advice: () => 'Check the health of the pool disks (Get-PhysicalDisk, Get-StorageJob) and the storage (SMB) network before forcing the virtual disk online.',
    },
    {
      name: 'space-query',
      description: '`SuGetSpace` lines of a Storage Spaces disk online (part of the no-redundancy sequence)',
      ...RES_TEXT,
      pattern: /SuGetSpace/i,
      supporting: true,
      weight: 0.3,
      explain: () => 'Storage Spaces queried the virtual disk during online.',
    },
    {
      name: 'slow-io',
      description: 'SQL Server "I/O requests taking longer than 15 seconds" (833): the storage did not answer',
      ...RES_TEXT,
      pattern: /I\/O requests taking longer than 15 seconds|duration of the long I\/O/i,
      weight: 0.7,
      explain: () => `I/O requests took longer than 15 seconds.`,
      advice: () => 'Check the SQL Server errorlog for 833 (long I/O) and the storage latency counters at the incident time.',
    },
    {
      name: 'sql-io-subsystem-error',
      description: 'SQL Server `io_subsystem` component in warning/error state',
      ...RES_TEXT,
      pattern: /io_subsystem.{0,80}(?:error|warning)/i,
      weight: 0.5,
      explain: () => `SQL Server reported its I/O subsystem unhealthy.`,
    },
    {
      name: 'lease-perf-disk-latency',
      description: 'SQL AG lease-timeout perf row with average disk read or write at or above 100 ms',
      ...RES_TEXT,
      resourceType: SQL_SERVER,
      pattern: PERF_ROW,
      when: (e) => {
        const s = perfSampleOf(recordText(e));
        return s !== null && Math.max(s.diskReadSecs, s.diskWriteSecs) >= 0.1;
      },
      weight: 0.5,
      explain: (e) => {
        const s = perfSampleOf(recordText(e));
        return `Disk latency was ${s ? Math.round(Math.max(s.diskReadSecs, s.diskWriteSecs) * 1000) : '?'} ms when the AG lease expired.`;
      },
    },
    {
      name: 'disk-deadlock-bugcheck',
      description: 'Bugcheck 0x9E with parameter 3 = 0x65 (WatchdogSourceRhsResourceDeadlockPhysicalDisk): a disk call hung RHS',
      on: ANY_TEXT,
      pattern: /WatchdogSourceRhsResourceDeadlockPhysicalDisk|bugcheck was:?\s*0x0*9e\s*\([^,)]*,[^,)]*,\s*0x0*65\s*[,)]/i,
      weight: 0.55,
      explain: () => `The node bugchecked (0x9E/0x65) because a Physical Disk call hung RHS.`,
    },
  ],
});
