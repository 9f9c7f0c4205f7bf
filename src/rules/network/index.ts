/**
 * Network: nodes stopped hearing each other (heartbeats, routes, NetFT), a share or the witness was
 * unreachable, or an IP interface failed (domain.md §7 1135/1177/1006/1077/1049, §9 Networking/membership,
 * File Share Witness error 121, CSV network statuses).
 */
import {
  ANY_TEXT,
  atNode,
  CLOUD_WITNESS,
  eventName,
  FILE_SHARE_WITNESS,
  incidentIs,
  IP_ADDRESS,
  MEMBERSHIP_KINDS,
  nodeOf,
  ofResource,
  recordNode,
  RES_TEXT,
  RESOURCE_KINDS,
  resourceOf,
  sharePathIn,
  subjectName,
} from '../common.js';
import { recordText } from '../match.js';
import { defineRule } from '../types.js';

const CSV_EVENTS = [5120, 5142, 5150, 5157];
const CSV_TEMPLATE =
  /Cluster Shared Volume .{0,200}(?:paused state|no longer accessible|put in failed state)|The Cluster Shared Volume was put in failed state/i;

/** `Heartbeats counter/threshold: 5/5` in `[IM] Route history` lines (corpus 33; domain.md §9). */
const HEARTBEAT_COUNTER = /Heartbeats counter\/threshold:\s*(\d+)\/(\d+)/i;

export default defineRule({
  meta: {
    id: 'network',
    category: 'network',
    title: 'Cluster nodes or the witness could not be reached over the network',
    summary: (i, f) =>
      MEMBERSHIP_KINDS.includes(i.kind)
        ? `Loss of network connectivity between the nodes ${f.hedge} caused the ${i.kind}${atNode(i).replace(' on ', ' seen on ')}`
        : `A network problem ${f.hedge} caused the ${i.kind}${ofResource(i)}${atNode(i)}`,
    recommendations: (i, f) =>
      MEMBERSHIP_KINDS.includes(i.kind)
        ? [
            `Check the cluster networks ${f.nodes.length > 1 ? `between ${f.nodes.join(', ')}` : `of ${f.nodes[0] ?? nodeOf(i)} and its peers`} at the incident time: NIC/driver/firmware changes, teaming, switch ports, firewall/security software on UDP/TCP 3343.`,
            'Compare the heartbeat settings (SameSubnetDelay/Threshold, CrossSubnetDelay/Threshold) with the network latency; relax them on virtualised or stretched clusters.',
            'Pause the node (drain roles) before patching NIC drivers or VM tools, so a mid-join network drop cannot cost quorum.',
          ]
        : [
            `Check the network path from ${f.nodes[0] ?? nodeOf(i)} to what the resource depends on (file server, Azure endpoint, gateway, other nodes) at the incident time: NIC, switch, firewall and name resolution.`,
          ],
  },
  priors: [
    {
      name: 'membership-loss',
      description: 'A node-down or quorum loss: nodes stop hearing each other, most often over the network (1135/1177 texts)',
      appliesTo: incidentIs({ kinds: MEMBERSHIP_KINDS }),
      weight: (i) => (i.kind === 'cluster-service-failure' ? 0.15 : 0.3),
      explain: (i) => `A ${i.kind} means nodes stopped hearing each other.`,
    },
    {
      name: 'witness-resource',
      description: 'The failing resource is the File Share/Cloud Witness: its health check writes to a remote share or Azure',
      appliesTo: (i) =>
        incidentIs({ kinds: RESOURCE_KINDS, resourceType: FILE_SHARE_WITNESS })(i) ||
        incidentIs({ kinds: RESOURCE_KINDS, resourceType: CLOUD_WITNESS })(i),
      weight: 0.25,
      explain: (i) => `${resourceOf(i)} is a witness whose health check reaches a remote share or Azure storage.`,
    },
  ],
  signatures: [
    {
      name: 'missed-heartbeats',
      description: 'Missed heartbeats between nodes (`missed two consecutive heartbeats`, `consecutive missed HBs`)',
      on: ['net.missed-heartbeats', 'generic'],
      components: ['IM', 'CHM', 'NETFT', 'NETFTAPI'],
      pattern: /missed (?:two )?consecutive (?:heartbeats|HBs)|consecutive missed HBs|missed heartbeats?\b/i,
      weight: 0.6,
      explain: () => 'Heartbeats were missed between nodes.',
    },
    {
      name: 'heartbeat-threshold-reached',
      description: '`[IM] Route history` with the heartbeat counter at its threshold, right before the route goes down',
      on: ['generic'],
      components: ['IM'],
      pattern: HEARTBEAT_COUNTER,
      when: (e) => {
        const m = HEARTBEAT_COUNTER.exec(recordText(e));
        return m !== null && Number(m[1]) > 0 && Number(m[1]) >= Number(m[2]);
      },
      weight: 0.6,
      explain: (e) => `The heartbeat counter reached its threshold (${HEARTBEAT_COUNTER.exec(recordText(e))?.slice(1, 3).join('/') ?? '?'}).`,
    },
    {
      name: 'route-down',
      description: 'A route between nodes was marked down (`[IM] Marking Route ... as down`)',
      on: ['net.route-down', 'generic'],
      components: ['IM'],
      pattern: /Marking Route .{0,200}as down|\broute .{0,160}\b(?:is|as) down/i,
      weight: 0.6,
      explain: () => 'A cluster network route went down.',
    },
    {
      name: 'all-routes-down',
      description: 'All routes to a node are down (`[NDP] All routes for route (virtual) ... are down`)',
      on: ['net.all-routes-down', 'generic'],
      components: ['NDP'],
      pattern: /(?<!if )all routes for route .{0,200}are down/i,
      weight: 0.7,
      explain: () => 'Every route to a peer node was down.',
    },
    {
      name: 'endpoint-unreachable',
      description: 'A remote endpoint became unreachable (`NetftRemoteUnreachable`, `Remote endpoint ... unreachable`)',
      on: ['net.endpoint-unreachable', 'generic'],
      components: ['IM', 'NETFTAPI', 'NETFT'],
      pattern: /NetftRemoteUnreachable|endpoint .{0,120}\bunreachable\b/i,
      weight: 0.6,
      explain: () => `A peer node's endpoint became unreachable.`,
    },
    {
      name: 'connection-broken',
      description: 'A node-to-node connection broke (`Connection to Node N is broken`, `Node Disconnected`)',
      on: ['node.connection-broken', 'node.disconnected', 'generic'],
      components: ['NODE', 'RGP', 'MM', 'CHANNEL'],
      pattern: /Connection to Node \d+ is broken|Node Disconnected \d+|channel to remote endpoint .{0,120}is closed/i,
      weight: 0.45,
      explain: () => 'A connection between nodes broke.',
    },
    {
      name: 'netft-keepalive-failed',
      description: 'NetFT keep-alive failures (`Failed to send keep-alive ioctl to NetFT`, 2008 R2 communication failures)',
      on: ['net.netft-keepalive-failed', 'generic'],
      components: ['NETFT'],
      pattern: /fail\w* to send keep-?alive|keep-alive .{0,40}fail|keepalive .{0,40}fail/i,
      weight: 0.7,
      explain: () => 'NetFT could not send keep-alives (cluster communication failing).',
    },
    {
      name: 'reconnect-stalled',
      description: 'The reconnector kept waiting or timed out re-establishing node connections',
      on: ['generic'],
      components: ['Reconnector-', 'Reconnector'],
      pattern: /Reconnector.{0,80}waited [\d.]+ so far|Connection attempt timed out/i,
      weight: 0.5,
      explain: () => 'Reconnecting to another node stalled or timed out.',
    },
    {
      name: 'connect-failed',
      description: 'Connecting to another node failed (10060 WSAETIMEDOUT, `Failed to connect to remote endpoint`)',
      on: ['generic'],
      components: ['NODE', 'CONNECT', 'JPM', 'SV'],
      pattern: /Failed to connect to remote endpoint|status \(?(?:10060|10061|1231|1232)\)?|WSAETIMEDOUT|WSAECONNREFUSED|ERROR_(?:HOST|NETWORK)_UNREACHABLE/i,
      weight: 0.45,
      explain: () => 'Connecting to another node failed (timeout/refused).',
    },
    {
      name: 'node-removed-event',
      description: 'Event 1135: a node was removed from membership (network, node hang or a live dump)',
      on: ['eventlog.record'],
      eventIds: [1135],
      template: /was removed from the active failover cluster membership/i,
      weight: 0.45,
      explain: (e) => `${eventName(e)}: node ${/node '([^']+)'/i.exec(recordText(e))?.[1] ?? '(unnamed)'} was removed from cluster membership.`,
    },
    {
      name: 'quorum-lost',
      description: 'Quorum lost (1177, `lost quorum (status = 5925)`): a symptom of lost connectivity, not a cause by itself',
      on: ['quorum.lost', 'eventlog.record', 'generic'],
      eventIds: [1177],
      template: /shutting down because quorum was lost/i,
      pattern: /quorum lost|quorum was lost|lost quorum|\b5925\b/i,
      supporting: true,
      weight: 0.35,
      explain: () => 'Quorum was lost.',
    },
    {
      name: 'membership-halt-event',
      description: 'Event 1006: the cluster service halted because of incomplete connectivity with other nodes',
      on: ['eventlog.record'],
      eventIds: [1006],
      template: /halted due to incomplete connectivity/i,
      weight: 0.7,
      explain: (e) => `${eventName(e)}: the cluster service halted on incomplete connectivity.`,
    },
    {
      name: 'network-state-event',
      description: 'Event 1126/1127/1129/1130: a cluster network interface unreachable/failed or a network partitioned/down',
      on: ['eventlog.record'],
      eventIds: [1126, 1127, 1129, 1130],
      template: /Cluster network (?:interface )?'.{0,160}' (?:is unreachable|failed|is partitioned|is down)/i,
      weight: 0.6,
      explain: (e) => `${eventName(e)}: a cluster network interface became unreachable or failed, or a cluster network partitioned.`,
    },
    {
      name: 'witness-share-timeout',
      description: 'Error 121 ERROR_SEM_TIMEOUT reaching a share (the File Share Witness directory/lock): the share server is unreachable',
      on: ['res.message', 'generic', 'eventlog.record', 'rcm.arbitrate-error'],
      components: ['RES'],
      pattern: /(?:error|with|status|returned)\s*(?:[:=]\s*)?'?\(?121\b(?![.,]\d)|ERROR_SEM_TIMEOUT|semaphore timeout/i,
      weight: 0.7,
      explain: (e) => `Reaching ${sharePathIn(recordText(e)) ?? 'the share'} timed out (error 121).`,
      advice: (e, i) => {
        const share = sharePathIn(recordText(e));
        return `Check the witness share ${share ?? '(the File Share Witness path)'} is reachable from ${recordNode(e, nodeOf(i))} (error 121 = semaphore timeout): file server, SMB, DNS name and firewall.`;
      },
    },
    {
      name: 'share-path-not-found',
      description: 'Error 53 ERROR_BAD_NETPATH on a share: the file server could not be reached',
      ...RES_TEXT,
      pattern: /(?:error|with|status)\s*(?:[:=]\s*)?'?\(?53\b(?![.,]\d)|ERROR_BAD_NETPATH|network path was not found/i,
      weight: 0.6,
      explain: (e) => `The network path ${sharePathIn(recordText(e)) ?? ''} was not found.`.replace('  ', ' '),
    },
    {
      name: 'witness-event',
      description: 'Event 1562/1563/1564: the File Share Witness failed its health check, online or arbitration on the share',
      on: ['eventlog.record'],
      eventIds: [1562, 1563, 1564],
      template: /File share witness resource .{0,160}failed/i,
      weight: 0.5,
      explain: (e) => `${eventName(e)}: the File Share Witness could not use its share.`,
    },
    {
      name: 'cloud-witness-unreachable',
      description: 'Event 1568: the Cloud Witness could not reach Azure storage',
      on: ['eventlog.record'],
      eventIds: [1568],
      template: /could not reach Microsoft Azure storage/i,
      weight: 0.6,
      explain: (e) => `${eventName(e)}: the Cloud Witness could not reach Azure storage.`,
    },
    {
      name: 'smb-network-status',
      description: 'CSV/SMB network statuses: c000020c STATUS_CONNECTION_DISCONNECTED, c00000be STATUS_BAD_NETWORK_PATH, c000023c STATUS_NETWORK_UNREACHABLE',
      ...RES_TEXT,
      components: ['RES', 'DCM', 'CSVFS'],
      pattern: /c000020c|c00000be|c000023c|STATUS_(?:CONNECTION_DISCONNECTED|BAD_NETWORK_PATH|NETWORK_UNREACHABLE)/i,
      weight: 0.7,
      explain: () => 'The SMB connection carrying CSV I/O was lost (network status).',
    },
    {
      name: 'csv-io-timeout-path',
      description: 'CSV event with STATUS_IO_TIMEOUT (c00000b5): redirected I/O over SMB did not complete (network path or slow storage)',
      on: ['eventlog.record'],
      eventIds: CSV_EVENTS,
      template: CSV_TEMPLATE,
      pattern: /c00000b5|STATUS_IO_TIMEOUT/i,
      weight: 0.35,
      explain: (e) => `${eventName(e)}: CSV I/O timed out, possibly on the SMB path between nodes.`,
    },
    {
      name: 'ip-interface-failed',
      description: 'Event 1077: the health check of an IP interface failed (NIC)',
      on: ['eventlog.record'],
      eventIds: [1077],
      template: /Health check for IP interface/i,
      weight: 0.6,
      explain: (e) => `${eventName(e)}: an IP interface failed its health check.`,
    },
    {
      name: 'duplicate-ip',
      description: 'Event 1049: a duplicate IP address was detected on the network',
      on: ['eventlog.record'],
      eventIds: [1049],
      template: /duplicate IP address/i,
      weight: 0.55,
      explain: (e) => `${eventName(e)}: the IP address of ${subjectName(e, 'the resource')} is used elsewhere on the network.`,
      advice: () => 'Find and remove the other host using the cluster IP address (arp -a / DHCP scope), then bring the IP Address resource online.',
    },
    {
      name: 'ip-address-failure',
      description: 'An IP Address resource line about a failed/disconnected interface or an address conflict',
      ...RES_TEXT,
      resourceType: IP_ADDRESS,
      pattern: /(?:interface|adapter|NIC).{0,60}(?:fail|down|disconnected|not operational|not found)|media (?:is )?disconnected|MediaDisconnect|address .{0,40}(?:conflict|duplicate)/i,
      weight: 0.55,
      explain: (e) => `${subjectName(e, 'The IP Address')} lost its interface.`,
    },
    {
      name: 'nic-removed',
      description: 'NetFT saw a local interface disappear (`NetftLocalRemove`, `NsiDeleteInstance`): NIC reset/driver update mid-membership',
      on: ['generic'],
      components: ['NETFTAPI'],
      pattern: /NetftLocalRemove|received NsiDeleteInstance|Failed to query parameters .{0,80}(?:0x80070490|ERROR_NOT_FOUND)/i,
      weight: 0.4,
      explain: () => 'A local network interface disappeared (NIC reset or driver change).',
    },
    {
      name: 'nic-link-event',
      description: 'NIC driver events: link down/disconnected, adapter reset or removed',
      on: ['eventlog.record'],
      pattern:
        /network link (?:is|has been|was) (?:disconnected|lost|down)|\blink (?:is )?down\b|has lost (?:network )?connectivity|network (?:adapter|interface) .{0,60}(?:disconnected|reset|removed|stopped responding)/i,
      weight: 0.5,
      explain: () => 'A network adapter lost its link.',
    },
    {
      name: 'generic-network-unreachable',
      description: 'Network-unreachable errors in resource or cluster text (ERROR_NETWORK_UNREACHABLE 1231, ERROR_HOST_UNREACHABLE 1232)',
      on: ANY_TEXT,
      components: ['RES'],
      pattern: /ERROR_(?:NETWORK|HOST)_UNREACHABLE|(?:error|status)\D{0,12}\b(?:1231|1232)\b/i,
      weight: 0.5,
      explain: () => 'The network or host was unreachable.',
    },
  ],
});
