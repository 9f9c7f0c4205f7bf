/** Wording of the rule engine's own output: recommendations said once, times spelled as in the reports. */
import { describe, expect, it } from 'vitest';
import { dedupeRecommendations, diagnose } from './index.js';
import { caseEvents } from './rule-tester.js';
import { at, cl, draft, eventRecord } from './test-events.js';

const T0 = '2024/03/05-10:15:00.000';

describe('unknown root cause', () => {
  it('says when to look with the report time format, and reads as English', () => {
    const { rootCause } = diagnose(draft({ kind: 'deadlock', resource: 'Payroll', resourceType: 'Generic Application', detectedMs: at(T0) }), []);
    expect(rootCause.category).toBe('unknown');
    expect(rootCause.summary).toMatch(/\(storage, network, services\) around 2024-03-05 10:15:00\.000Z\.$/);
    expect(rootCause.summary).not.toMatch(/around at|\d{4}-\d\d-\d\dT/);
  });

  it('falls back to the incident time when the detection time is not known', () => {
    const { rootCause } = diagnose(draft({ kind: 'deadlock', resource: 'Payroll', resourceType: 'Generic Application', detectedMs: null }), []);
    expect(rootCause.summary).toMatch(/ around the incident time\.$/);
  });
});

describe('dedupeRecommendations', () => {
  it('drops a recommendation equal to an earlier one after normalising case, blanks, quotes and the final period', () => {
    expect(dedupeRecommendations(['Check the DNS servers.', '  check the  DNS servers', 'CHECK THE DNS SERVERS..'])).toEqual(['Check the DNS servers.']);
    expect(dedupeRecommendations(["Restart 'App' now.", 'Restart \u2018App\u2019 now'])).toEqual(["Restart 'App' now."]);
  });

  it('drops the same action in other words and keeps the earlier, more specific one', () => {
    const advice = 'Check the storage path of the device reset on STO16N1 (storport 129): HBA/iSCSI NIC, MPIO paths, switch and array logs.';
    const general = 'Check storage paths/MPIO and storport resets (129/153) on STO16N1 around the incident, and the array/SAN logs for the same minutes.';
    const validate = 'Run the Validate a Configuration storage tests in a maintenance window and update HBA/NIC (iSCSI) drivers, firmware and the DSM.';
    expect(dedupeRecommendations([advice, general, validate], ['STO16N1'])).toEqual([advice, validate]);
    const grant = 'Grant the cluster name object (CNO) rights on the DNS records (or the secure zone) and make sure the zone allows dynamic updates.';
    const check = 'Check that the cluster name object (CNO) may update its records in the DNS zone (secure dynamic updates) and that the zone accepts dynamic updates.';
    expect(dedupeRecommendations([grant, check])).toEqual([grant]);
  });

  it('keeps similar recommendations about different nodes or resources, and different actions', () => {
    const on = (node: string) => `Check the storage path of the device reset on ${node} (storport 129): HBA/iSCSI NIC, MPIO paths, switch and array logs.`;
    expect(dedupeRecommendations([on('N1'), on('N2')], ['N1', 'N2.contoso.com'])).toEqual([on('N1'), on('N2')]);
    const run = (r: string) => `Run '${r}' in a separate resource monitor (SeparateMonitor = 1) so that its hangs stop taking other resources down.`;
    expect(dedupeRecommendations([run('SQL Net'), run('Disk Q')])).toEqual([run('SQL Net'), run('Disk Q')]);
    const rhs = [
      'Check %windir%\\Cluster\\rhs.exe and the resource DLLs on N1 are present and not quarantined; exclude the cluster folders and processes from antivirus scanning.',
      'Restore %windir%\\Cluster\\rhs.exe on N1 (sfc /scannow or from another node) and exclude it from antivirus.',
    ];
    expect(dedupeRecommendations(rhs, ['N1'])).toEqual(rhs);
  });
});

describe('diagnose: recommendations', () => {
  it('gives one piece of advice per signature and node, however many records matched it', () => {
    const events = caseEvents([
      cl('2024/03/05-10:12:00.000', 'ERR', '[RES] File Share Witness <File Share Witness>: Failed to open \\\\FS02\\Witness$\\lock, error 121.'),
      cl('2024/03/05-10:13:00.000', 'ERR', '[RES] File Share Witness <File Share Witness>: Arbitrate failed with error 121.'),
      cl('2024/03/05-10:14:00.000', 'ERR', '[RES] File Share Witness <File Share Witness>: Health check failed with error 121.'),
    ]);
    const d = draft({ kind: 'deadlock', node: 'NODE1', resource: 'File Share Witness', entryPoint: 'LooksAlive', detectedMs: at(T0) });
    const { rootCause, recommendations } = diagnose(d, events);
    expect(rootCause.category).toBe('network');
    expect(recommendations.filter((r) => /^Check the witness share/.test(r))).toEqual([
      'Check the witness share \\\\FS02\\Witness$ is reachable from NODE1 (error 121 = semaphore timeout): file server, SMB, DNS name and firewall.',
    ]);
  });

  it('does not repeat a family recommendation that a signature already gave in more specific words', () => {
    const events = [
      eventRecord(129, 'Reset to device, \\Device\\RaidPort1, was issued.', { at: '2024-03-05T10:13:00Z', provider: 'storport', line: 1 }),
      eventRecord(153, 'The IO operation at logical block address 0x1c59c00 for Disk 2 (PDO name: \\Device\\0000003c) was retried.', {
        at: '2024-03-05T10:14:00Z',
        provider: 'disk',
        line: 2,
      }),
    ];
    const d = draft({ kind: 'deadlock', node: 'NODE1', resource: 'Cluster Disk 2', resourceType: 'Physical Disk', entryPoint: 'IsAlive', detectedMs: at(T0) });
    const { rootCause, recommendations } = diagnose(d, events);
    expect(rootCause.category).toBe('storage');
    expect(recommendations.filter((r) => /storport/.test(r))).toEqual([
      'Check the storage path of the device reset on NODE1 (storport 129): HBA/iSCSI NIC, MPIO paths, switch and array logs.',
    ]);
  });
});
