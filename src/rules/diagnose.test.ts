import { describe, expect, it } from 'vitest';
import type { ClusterEvent } from '../events/types.js';
import { healthyChatter } from './chatter.js';
import { builtinRules, describeRules, diagnose, relevance } from './index.js';
import { caseEvents } from './rule-tester.js';
import { at, cl, configRow, draft, eventRecord } from './test-events.js';

const T0 = '2024/03/05-10:15:00.000';

/** A deterministic shuffle (LCG), so order-independence is tested without flakiness. */
function shuffled<T>(list: readonly T[], seed: number): T[] {
  const out = [...list];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2147483648;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/** Cluster Name IsAlive deadlock on a Hyper-V cluster whose DNS server timed out (seed: techgenix IsAlive part 2). */
const dnsHang = caseEvents([
  cl('2024/03/05-10:10:00.000', 'INFO', '[RCM] rcm::RcmResource::Online: IsAlive call to Cluster Name issued'),
  cl('2024/03/05-10:10:00.010', 'INFO', '[RES] Network Name <Cluster Name>: Dns: Starting DNS registration refresh for cluster.contoso.com'),
  cl('2024/03/05-10:10:15.010', 'WARN', '[RES] Network Name <Cluster Name>: Dns: DNS update of A record cluster.contoso.com timed out after 15000 ms, status 1460'),
  cl('2024/03/05-10:12:00.000', 'WARN', '[RES] Physical Disk <Cluster Disk 4>: VerifyFS: Failed to open file \\\\?\\GLOBALROOT\\Device\\Harddisk5\\Partition1\\old.log Error: 5.', '00000c40.00000a34'),
  cl(T0, 'ERR', "[RHS] RhsCall::DeadlockMonitor: Call ISALIVE timed out for resource 'Cluster Name'."),
  cl(T0, 'ERR', '[RHS] Resource Cluster Name handling deadlock. Cleaning current operation and terminating RHS process.'),
]).map((e, i) => (i === 3 ? { ...e, node: 'NODE2' } : e));

const clusterNameDeadlock = draft({
  kind: 'deadlock',
  node: 'NODE1',
  resource: 'Cluster Name',
  entryPoint: 'IsAlive',
  detectedMs: at(T0),
  startedMs: at('2024/03/05-10:10:00.000'),
  stuckThread: { pid: 0xf1c, tid: 0xf28 },
});

describe('diagnose: ranking across families', () => {
  it('DNS evidence on the stuck Network Name beats an unrelated storage warning on another node', () => {
    const { rootCause, recommendations } = diagnose(clusterNameDeadlock, dnsHang);
    expect(rootCause.category).toBe('dns');
    expect(rootCause.rules[0]).toBe('dns');
    expect(rootCause.rules).toContain('storage');
    expect(rootCause.confidence).toBeGreaterThan(0.5);
    expect(rootCause.evidence.map((e) => e.signature)).toContain('dns/query-timeout');
    expect(rootCause.summary).toMatch(/^DNS most likely caused the deadlock of 'Cluster Name' on NODE1: /);
    expect(recommendations[0]).toMatch(/DNS server reachability and response time from NODE1 .*1460/);
    expect(recommendations).toContain('Review DeadlockTimeout only after fixing the cause: a longer timeout only delays detection of the same hang.');
  });

  it('a deadlock caused by a too-low DeadlockTimeout gets no advice to leave the timeout alone', () => {
    const FS = '[RES] File Server <File Server (\\\\FS-DOCS)>:';
    const low = draft({
      kind: 'deadlock',
      resource: 'File Server (\\\\FS-DOCS)',
      resourceType: 'File Server',
      entryPoint: 'IsAlive',
      detectedMs: at(T0),
      timeouts: { deadlockTimeoutMs: 30_000, pendingTimeoutMs: 30_000, source: '[=== Resources ===]' },
    });
    const events = caseEvents([
      cl('2024/03/05-10:13:40.000', 'WARN', `${FS} IsAlive: 3814 shares scoped to FS-DOCS are online (enumeration took 27940 ms)`),
      cl(T0, 'ERR', "[RHS] RhsCall::DeadlockMonitor: Call ISALIVE timed out for resource 'File Server (\\\\FS-DOCS)'."),
    ]);
    const { rootCause, recommendations } = diagnose(low, events);
    expect(rootCause.category).toBe('configuration');
    expect(recommendations.join('\n')).not.toMatch(/Review DeadlockTimeout only after fixing the cause/);
    // Any other cause keeps it (see the DNS case above).
  });

  it('the same storage warning wins when it is on the incident resource and node', () => {
    const disk = draft({ kind: 'online-failure', node: 'NODE2', resource: 'Cluster Disk 4', entryPoint: 'Online', detectedMs: at(T0) });
    const { rootCause } = diagnose(disk, dnsHang);
    expect(rootCause.category).toBe('storage');
  });

  it('Cluster Name LooksAlive deadlock after GET_NETWORK_NAME returned 5910 leans DNS (seed: RHS in 2008 clusters)', () => {
    const events = caseEvents([
      cl('2024/03/05-10:14:59.900', 'WARN', '[RCM] ResourceControl(GET_NETWORK_NAME) to Network Name (mail) returned 5910.', '000008c8.00002528'),
      cl(T0, 'ERR', "[RHS] RhsCall::DeadlockMonitor: Call LOOKSALIVE timed out for resource 'Cluster Name'."),
      cl(T0, 'WARN', "[RCM] rcm::RcmResource::HandleMonitorReply: Resource 'Cluster Name' has crashed or deadlocked; marking it to run in a separate monitor.", '000008c8.00001cc4'),
      eventRecord(1230, "Cluster resource 'Cluster Name' (resource type '', DLL 'clusres.dll') either crashed or deadlocked.", { at: '2024-03-05T10:15:00Z' }),
      eventRecord(1146, 'The cluster resource host subsystem (RHS) stopped unexpectedly. An attempt will be made to restart it.', { at: '2024-03-05T10:15:00Z' }),
    ]);
    const { rootCause } = diagnose(draft({ kind: 'deadlock', resource: 'Cluster Name', entryPoint: 'LooksAlive', detectedMs: at(T0) }), events);
    expect(['dns', 'network']).toContain(rootCause.category);
    expect(rootCause.rules).not.toContain('resource-host');
  });

  it('a node-down with route-down and missed-heartbeat lines is network', () => {
    const events = caseEvents([
      cl('2024/03/05-10:14:51.000', 'INFO', '[IM] got event: LocalEndpoint 10.1.1.14:~3343~ has missed two consecutive heartbeats from 10.1.1.13:~3343~'),
      cl('2024/03/05-10:14:59.000', 'INFO', '[IM] Marking Route from 10.1.1.14:~3343~ to 10.1.1.13:~3343~ as down'),
      eventRecord(1135, "Cluster node 'NODE2' was removed from the active failover cluster membership.", { at: '2024-03-05T10:15:00Z' }),
      cl('2024/03/05-10:15:00.500', 'ERR', '[RES] SQL Server Availability Group <AG1>: [hadrag] Availability Group lease is no longer valid'),
    ]);
    const { rootCause } = diagnose(draft({ kind: 'node-down', detectedMs: at(T0) }), events);
    expect(rootCause.category).toBe('network');
    expect(rootCause.confidence).toBeGreaterThan(0.6);
    expect(rootCause.rules).not.toContain('application');
  });

  it('a quorum loss seen only through System events (1135, 1177, 1146) is network with moderate confidence', () => {
    const events = caseEvents([
      eventRecord(null, "Cluster node 'NODE2' was removed from the active failover cluster membership. The Cluster service on this node may have stopped.", { at: '2024-03-05T10:14:59Z' }),
      eventRecord(null, 'The Cluster service is shutting down because quorum was lost. This could be due to the loss of network connectivity between some or all nodes in the cluster, or a failover of the witness disk.', { at: '2024-03-05T10:15:00Z' }),
      eventRecord(null, 'The cluster Resource Hosting Subsystem (RHS) process was terminated and will be restarted.', { at: '2024-03-05T10:15:01Z' }),
    ]);
    const { rootCause } = diagnose(draft({ kind: 'quorum-loss', detectedMs: at(T0) }), events);
    expect(rootCause.category).toBe('network');
    expect(rootCause.confidence).toBeGreaterThan(0.3);
    expect(rootCause.confidence).toBeLessThan(0.9);
  });

  it('an AG IsAlive failure with storport resets and long I/O is storage, without them application', () => {
    const sql = [
      cl(T0, 'ERR', '[RES] SQL Server Availability Group: [hadrag] Failure detected, diagnostics heartbeat is lost'),
      cl(T0, 'ERR', '[RES] SQL Server Availability Group <AG1>: [hadrag] Availability Group is not healthy with given HealthCheckTimeout and FailureConditionLevel'),
      cl(T0, 'ERR', '[RES] SQL Server Availability Group <AG1>: [hadrag] Resource Alive result 0.'),
    ];
    const storage = [
      eventRecord(null, 'Reset to device, \\Device\\RaidPort1, was issued.', { at: '2024-03-05T10:14:46Z', provider: null, level: 'WARN' }),
      eventRecord(null, 'The IO operation at logical block address 0x3fa0 for Disk 6 (PDO name: \\Device\\00000039) was retried.', { at: '2024-03-05T10:14:46Z', provider: null, level: 'WARN' }),
    ];
    const ag = draft({ kind: 'health-check-failure', resource: 'AG1', entryPoint: 'IsAlive', detectedMs: at(T0), dll: 'hadrres.dll' });
    const alone = diagnose(ag, caseEvents(sql)).rootCause;
    expect(alone.category).toBe('application');
    expect(alone.confidence).toBeLessThan(0.85);
    const withStorage = diagnose(ag, caseEvents([...sql, ...storage])).rootCause;
    expect(withStorage.category).toBe('storage');
    expect(withStorage.rules).toContain('application');
  });
});

describe('diagnose: the incident as weak evidence', () => {
  it('a Network Name deadlock with no other evidence leans DNS with low confidence', () => {
    const { rootCause } = diagnose(draft({ kind: 'deadlock', resource: 'Cluster Name', entryPoint: 'IsAlive', detectedMs: at(T0) }), []);
    expect(rootCause.category).toBe('dns');
    expect(rootCause.confidence).toBeLessThanOrEqual(0.3);
    expect(rootCause.evidence).toEqual([]);
    expect(rootCause.summary).toMatch(/^DNS possibly caused the deadlock of 'Cluster Name' on NODE1: 'Cluster Name' is a Network Name/);
  });

  it('a witness deadlock with no other evidence leans network and recommends a separate monitor', () => {
    const { rootCause, recommendations } = diagnose(draft({ kind: 'deadlock', resource: 'File Share Witness', entryPoint: 'LooksAlive', detectedMs: at(T0) }), []);
    expect(rootCause.category).toBe('network');
    expect(recommendations.some((r) => /separate monitor/.test(r))).toBe(true);
  });

  it('nothing at all is unknown with low confidence', () => {
    const { rootCause, recommendations } = diagnose(draft({ kind: 'deadlock', resource: 'Payroll', resourceType: 'Generic Application', detectedMs: at(T0) }), []);
    expect(rootCause).toMatchObject({ category: 'unknown', rules: [], evidence: [] });
    expect(rootCause.confidence).toBeLessThanOrEqual(0.1);
    expect(rootCause.summary).toMatch(/^No root-cause evidence was found for the deadlock of 'Payroll' on NODE1/);
    expect(recommendations.length).toBeGreaterThan(0);
  });

  it('healthy chatter around an incident produces no family', () => {
    const { rootCause } = diagnose(draft({ kind: 'deadlock', resource: 'Payroll', resourceType: 'Generic Application', detectedMs: Date.UTC(2024, 0, 1, 0, 1) }), healthyChatter(3000));
    expect(rootCause.category).toBe('unknown');
  });

  it('a low timeout known to the engine is a configuration cause when nothing else explains the hang', () => {
    const d = draft({ kind: 'deadlock', resource: 'Payroll', resourceType: 'Generic Application', detectedMs: at(T0), timeouts: { deadlockTimeoutMs: 15_000, pendingTimeoutMs: 15_000, source: 'resource table' } });
    const { rootCause } = diagnose(d, []);
    expect(rootCause.category).toBe('configuration');
    expect(rootCause.summary).toMatch(/15000 ms/);
  });
});

describe('diagnose: confidence, evidence and determinism', () => {
  const many: ClusterEvent[] = caseEvents([
    ...Array.from({ length: 14 }, (_, i) => cl(`2024/03/05-10:14:${String(40 + i).padStart(2, '0')}.000`, 'WARN', '[NETFT] Failed to send keep-alive ioctl to NetFT: 0xd0000001')),
    cl('2024/03/05-10:14:58.000', 'INFO', '[IM] Marking Route from 10.1.1.14:~3343~ to 10.1.1.13:~3343~ as down'),
    cl('2024/03/05-10:14:59.000', 'INFO', '[NDP] All routes for route (virtual) local fe80::1:~0~ to remote fe80::2:~0~ are down'),
    eventRecord(129, 'Reset to device, \\Device\\RaidPort0, was issued.', { at: '2024-03-05T10:14:57Z', provider: 'storahci' }),
    eventRecord(1135, "Cluster node 'NODE2' was removed from the active failover cluster membership.", { at: '2024-03-05T10:15:00Z', node: 'NODE3' }),
  ]);
  const nodeDown = draft({ kind: 'node-down', detectedMs: at(T0) });

  it('confidence stays within 0..1 and evidence is capped', () => {
    const { rootCause } = diagnose(nodeDown, many);
    expect(rootCause.confidence).toBeGreaterThan(0);
    expect(rootCause.confidence).toBeLessThanOrEqual(0.95);
    expect(rootCause.evidence.length).toBeLessThanOrEqual(10);
  });

  it('evidence shows each signature before repeating one, ordered by time', () => {
    const { rootCause } = diagnose(nodeDown, many);
    const sigs = new Set(rootCause.evidence.map((e) => e.signature));
    // The winner's four signatures, and the close runner-up's storport reset.
    expect(sigs).toEqual(new Set(['network/netft-keepalive-failed', 'network/route-down', 'network/all-routes-down', 'network/node-removed-event', 'storage/storport-reset']));
    expect(rootCause.rules).toEqual(['network', 'storage']);
    const times = rootCause.evidence.map((e) => e.at ?? '');
    expect(times).toEqual([...times].sort());
  });

  it('is independent of the order of the evidence', () => {
    const a = diagnose(nodeDown, many);
    for (const seed of [1, 7, 42]) expect(diagnose(nodeDown, shuffled(many, seed))).toEqual(a);
  });

  it('cites records with file, line, ISO time, node, signature and note', () => {
    const { rootCause } = diagnose(nodeDown, many);
    const e = rootCause.evidence.find((x) => x.signature === 'network/node-removed-event');
    expect(e).toEqual({
      at: '2024-03-05T10:15:00.000Z',
      node: 'NODE3',
      text: "Cluster node 'NODE2' was removed from the active failover cluster membership.",
      source: { file: 'system.evtx', line: 18 },
      signature: 'network/node-removed-event',
      note: 'Event 1135: node NODE2 was removed from cluster membership.',
    });
  });

  it('records without a time are cited with `at: null` after timed ones', () => {
    const events = caseEvents([configRow('Resources', { Name: 'Payroll', DeadlockTimeout: '5000', PendingTimeout: '180000' }), cl(T0, 'ERR', "[RHS] RhsCall::DeadlockMonitor: Call ISALIVE timed out for resource 'Payroll'.")]);
    const { rootCause } = diagnose(draft({ kind: 'deadlock', resource: 'Payroll', resourceType: 'Generic Application', detectedMs: at(T0) }), events);
    expect(rootCause.category).toBe('configuration');
    expect(rootCause.evidence[0]?.at).toBeNull();
  });

  it('a strong runner-up lowers the confidence', () => {
    const netOnly = diagnose(nodeDown, many.filter((e) => e.type !== 'eventlog.record' || e.eventId !== 129)).rootCause;
    const perf = eventRecord(4869, "User mode health monitoring has detected that the system is not being responsive. The Failover cluster virtual adapter has lost contact with the 'clussvc.exe' process.", { at: '2024-03-05T10:14:59Z' });
    const contested = diagnose(nodeDown, [...many, perf]).rootCause;
    expect(contested.confidence).toBeLessThan(netOnly.confidence);
  });

  it('records long after detection weigh less than records before it', () => {
    const before = eventRecord(1077, "Health check for IP interface 'Cluster IP Address' (address '10.0.0.50') failed (status is '1168').", { at: '2024-03-05T10:14:50Z' });
    const after = eventRecord(1038, "Ownership of cluster disk 'Cluster Disk 1' has been unexpectedly lost by this node.", { at: '2024-03-05T10:25:00Z' });
    const { rootCause } = diagnose(draft({ kind: 'deadlock', resource: 'Payroll', resourceType: 'Generic Application', detectedMs: at(T0) }), caseEvents([before, after]));
    expect(rootCause.rules).toEqual(['network', 'storage']);
  });
});

describe('summaries', () => {
  it('trim trailing periods and blanks in linear time, whatever blanks the resource name holds', () => {
    const resource = `Cluster${' '.repeat(100 * 1024)}Name`;
    const events = caseEvents([cl('2024/03/05-10:14:10.000', 'WARN', `[RES] Network Name <${resource}>: Dns: DNS update of A record x timed out after 15000 ms, status 1460`)]);
    const started = performance.now();
    const { rootCause } = diagnose(draft({ kind: 'deadlock', resource, resourceType: 'Network Name', entryPoint: 'IsAlive', detectedMs: at(T0) }), events);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(rootCause.category).toBe('dns');
    expect(rootCause.summary).toMatch(/[^.\s]\.$/);
  });
});

describe('resource-type calls', () => {
  const typeCall = draft({ kind: 'deadlock', node: 'NODE1', resource: null, resourceType: 'Network Name', entryPoint: 'ResourceTypeControl', detectedMs: at(T0) });
  const [unnamed, named, otherType] = caseEvents([
    cl('2024/03/05-10:12:00.000', 'ERR', '[RES] Network Name: ValidateNetname: LDAP search for APP2$ on dc01.contoso.com failed, status 0x51 (LDAP_SERVER_DOWN)'),
    cl('2024/03/05-10:12:00.000', 'ERR', '[RES] Network Name <Cluster Name>: LDAP bind to dc01.contoso.com failed, status 0x51 (LDAP_SERVER_DOWN)'),
    cl('2024/03/05-10:12:00.000', 'ERR', '[RES] File Server: LDAP lookup failed, status 0x51 (LDAP_SERVER_DOWN)'),
  ]) as [ClusterEvent, ClusterEvent, ClusterEvent];

  it("the type's DLL lines without a resource name count as the call's own records", () => {
    expect(relevance(unnamed, typeCall)).toBeGreaterThan(relevance(named, typeCall));
    expect(relevance(unnamed, typeCall)).toBeGreaterThan(relevance(otherType, typeCall));
  });

  it('LDAP and domain-controller failures of a type-level netname call lean Active Directory', () => {
    const events = caseEvents([
      cl('2024/03/05-10:10:37.000', 'WARN', '[RES] Network Name: ValidateNetname: DsGetDcName for contoso.com returned 1355 (The specified domain either does not exist or could not be contacted.)'),
      cl('2024/03/05-10:10:58.000', 'ERR', '[RES] Network Name: ValidateNetname: LDAP search for APP2$ on dc03.contoso.com failed, status 0x51 (LDAP_SERVER_DOWN)'),
      cl('2024/03/05-10:14:59.000', 'WARN', '[RCM] ResourceTypeControl(NETNAME_VALIDATE_NETNAME) to Network Name returned 5910.', '000008c8.00002528'),
    ]);
    const { rootCause } = diagnose(typeCall, events);
    expect(rootCause.category).toBe('active-directory');
    expect(rootCause.evidence.map((e) => e.signature)).toEqual(['active-directory/dc-unreachable', 'active-directory/ldap-failure']);
  });
});

describe('describeRules', () => {
  it('lists every family in id order with unique `family/name` ids', () => {
    const rules = describeRules();
    expect(rules.map((r) => r.id)).toEqual(builtinRules.map((r) => r.meta.id));
    expect(rules.map((r) => r.id)).toEqual([...rules.map((r) => r.id)].sort());
    const ids = rules.flatMap((r) => [...r.signatures, ...r.priors].map((s) => s.id));
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of rules) for (const s of [...r.signatures, ...r.priors]) expect(s.id.startsWith(`${r.id}/`)).toBe(true);
    for (const r of rules) expect(r.signatures.length).toBeGreaterThan(3);
  });
});
