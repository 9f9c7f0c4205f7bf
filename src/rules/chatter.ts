/**
 * Test-only: synthetic healthy cluster.log chatter (the mix of a quiet 2016+ node at the default log
 * level), for measuring and checking the evidence prefilter. Not imported by production code.
 */
import type { ClusterEvent } from '../events/types.js';
import { logLine } from './test-events.js';

/** `[weight, template]`; `#` is replaced by a counter, `@` by a resource number. */
const HEALTHY: readonly [number, string][] = [
  [8, 'INFO  [RES] Physical Disk <Cluster Disk @>: IsAlive sanity check succeeded'],
  [4, 'INFO  [RES] Physical Disk <Cluster Disk @>: LooksAlive: disk is online, reservation held'],
  [8, 'INFO  [GUM] Node 2: Executing locally gumId: #, updates: 1, first action: /dm/update'],
  [6, 'INFO  [RES] SQL Server Availability Group <AG@>: [hadrag] IsAlive request.'],
  [6, 'INFO  [RES] SQL Server Availability Group <AG@>: [hadrag] LooksAlive request.'],
  [3, 'INFO  [RES] SQL Server Availability Group <AG@>: [hadrag] Resource Alive result 1.'],
  [3, 'INFO  [RES] SQL Server Availability Group <AG@>: [hadrag] Lease renewal succeeded, lease expires at #'],
  [3, 'INFO  [RES] Network Name <Cluster Name>: Dns: HealthCheck: Cluster Name, record update not needed, status 0'],
  [2, 'INFO  [RES] Network Name <APP@>: Netbios: Slow Operation check skipped, 0 pending'],
  [3, 'INFO  [RES] IP Address <Cluster IP Address>: IP Interface health check on adapter Ethernet @ succeeded'],
  [3, 'INFO  [RES] File Share Witness <File Share Witness>: Reading file share witness epoch data.'],
  [2, 'INFO  [RES] Cloud Witness <Cloud Witness>: Successfully renewed the witness blob lease, generation #'],
  [3, 'INFO  [RES] Virtual Machine <VM@>: Current state Running, event HeartbeatStatusUpdated'],
  [4, 'INFO  [RCM] TransitionToState(App@) OnlineCallIssued-->Online.'],
  [3, 'INFO  [RCM] rcm::RcmGum::SetResourceProperty(Cluster Disk @, PersistentState)'],
  [3, 'INFO  [NM] Received request from client address NODE@.'],
  [3, 'INFO  [DCM] HandleRequest: dcm/getVolumeInfo for volume #'],
  [3, 'INFO  [API] s_ApiGetQuorumResource final status 0.'],
  [3, "INFO  [GEM] Node 1: Deleting [2:# , 2:#] (both included) as it has been ack'd by every node"],
  [2, 'INFO  [CHANNEL 10.0.0.@:~3343~] graceful close, status (of previous failure, may not indicate problem) (0)'],
  [2, 'DBG   [NETFTAPI] received NsiParameterNotification for 169.254.1.@ (IpDadStatePreferred)'],
  [2, 'INFO  [IM] Route history @: Old: 00.500, Message: Response, Route sequence: #, Received sequence: #, Heartbeats counter/threshold: 0/10, Error: Success, NtStatus: 0'],
  [2, 'DBG   [RHS] s_RhsRpcResourceControl: resource App@, control code 0x1000059 completed'],
  [2, 'INFO  [QUORUM] Node 1: PostOnline for 6202f55b-61b8-4b4b-811f-3302f084@'],
  [2, 'INFO  [CS] Cluster service heartbeat, uptime # seconds'],
  [1, 'INFO  [RHS] Resource App@ has come online. RHS is about to report status change to RCM'],
  [1, 'WARN  [RCM] rcm::RcmResource::Online: Resource App@ is waiting for dependency Cluster Disk @'],
  [1, 'WARN  [API] s_ApiOpenKey: Returning status 2 for key Parameters\\App@'],
  [1, 'ERR   [API] s_ApiControlResource: control code 0x2000031 for resource App@ returned 5058'],
];

/** `count` healthy records, deterministic, in order; line numbers from 1. */
export function healthyChatter(count: number): ClusterEvent[] {
  const bag: string[] = [];
  for (const [w, t] of HEALTHY) for (let i = 0; i < w; i++) bag.push(t);
  const out: ClusterEvent[] = [];
  let ms = Date.UTC(2024, 0, 1);
  for (let i = 0; i < count; i++) {
    // A fixed stride through the bag: every template, interleaved, no RNG needed.
    const t = bag[(i * 7919) % bag.length] as string;
    ms += 37;
    const time = new Date(ms).toISOString().replace('T', '-').replace(/-/g, '/').replace(/\/(\d\d:)/, '-$1').slice(0, 23);
    const prefix = `00001a2b.0000${(0x1000 + (i % 0xeff)).toString(16)}::${time} `;
    out.push(logLine(prefix + t.replace(/#/g, String(i)).replace(/@/g, String(i % 9)), { line: i + 1, node: 'NODE1' }));
  }
  return out;
}
