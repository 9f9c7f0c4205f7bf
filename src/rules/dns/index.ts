/**
 * DNS: a Network Name's registration or health check waited on, or was refused by, DNS.
 * Network Name IsAlive/LooksAlive/Online register and check DNS records, so a slow or failing DNS
 * server hangs the call and, through a shared RHS, everything else (domain.md §9; techgenix IsAlive series).
 */
import {
  atNode,
  codesIn,
  eventName,
  fromProvider,
  incidentIs,
  NETWORK_NAME,
  nodeOf,
  ofResource,
  RES_TEXT,
  resourceOf,
  subjectName,
} from '../common.js';
import { recordText } from '../match.js';
import { defineRule } from '../types.js';

/** DNS-related Win32 codes (support kb 2001093; domain.md §9): server failure, name error, refused, bad packet, DS unavailable, timeout. */
const DNS_CODES = ['9002', '9003', '9005', '9502', '9717', '1460', '5910'];

const codeList = (text: string): string => {
  const codes = codesIn(text, DNS_CODES);
  return codes.length > 0 ? ` (error ${codes.join('/')})` : '';
};

export default defineRule({
  meta: {
    id: 'dns',
    category: 'dns',
    title: 'DNS registration or lookup failed or was slow',
    summary: (i, f) => `DNS ${f.hedge} caused the ${i.kind}${ofResource(i)}${atNode(i)}`,
    recommendations: (i, f) => [
      `Check DNS server reachability and response time from ${nodeOf(i)} at the incident time${codeList(f.text)}.`,
      'Check that the cluster name object (CNO) may update its records in the DNS zone (secure dynamic updates) and that the zone accepts dynamic updates.',
      'Verify the DNS servers configured on every cluster NIC; remove unreachable ones and keep the cluster network order sensible.',
    ],
  },
  priors: [
    {
      name: 'network-name-hang',
      description: 'A Network Name that hung or failed a health check or online: those calls wait on DNS (techgenix IsAlive part 2; domain.md §9)',
      appliesTo: incidentIs({ kinds: ['deadlock', 'health-check-failure', 'online-failure'], resourceType: NETWORK_NAME }),
      weight: 0.25,
      explain: (i) => `${resourceOf(i)} is a Network Name, whose health checks and online register and query DNS.`,
    },
  ],
  signatures: [
    {
      name: 'registration-failed-event',
      description: 'Event 1195/1196: a Network Name failed to register its DNS name(s)',
      on: ['eventlog.record'],
      eventIds: [1195, 1196],
      template: /failed registration of one or more associated DNS name/i,
      weight: 0.7,
      explain: (e) => `${eventName(e)}: ${subjectName(e, 'a Network Name')} failed to register its DNS name${codeList(recordText(e))}.`,
    },
    {
      name: 'server-unreachable-event',
      description: 'Event 1258/1580: the DNS server could not be contacted or timed out',
      on: ['eventlog.record'],
      eventIds: [1258, 1580],
      template: /DNS server .{0,80}(?:could not be contacted|timed? ?out|timeout|unreachable|not respond)/i,
      weight: 0.75,
      explain: (e) => `${eventName(e)}: the DNS server did not answer ${subjectName(e, 'the Network Name')}.`,
    },
    {
      name: 'update-rejected-event',
      description: 'Event 1256/1257/1576–1579: the DNS zone refused or failed the record update (secure zone ACL, dynamic updates off)',
      on: ['eventlog.record'],
      eventIds: [1256, 1257, 1576, 1577, 1578, 1579],
      template: /DNS Zone|dynamic updates?|update the DNS record|secure DNS/i,
      weight: 0.6,
      explain: (e) => `${eventName(e)}: the DNS zone did not accept the record update of ${subjectName(e, 'the Network Name')}.`,
      advice: () => 'Grant the cluster name object (CNO) rights on the DNS records (or the secure zone) and make sure the zone allows dynamic updates.',
    },
    {
      name: 'other-dns-event',
      description: 'Event 1259–1262: other DNS record failures of a Network Name (clean-up of old records and similar)',
      on: ['eventlog.record'],
      eventIds: [1259, 1260, 1261, 1262],
      template: /\bDNS\b/i,
      weight: 0.4,
      explain: (e) => `${eventName(e)}: a DNS record operation of ${subjectName(e, 'a Network Name')} failed.`,
    },
    {
      name: 'dns-error-code',
      description: 'A DNS error code in resource text: 9002 server failure, 9003 name error, 9005 refused, 9502 bad packet, 9717 DS unavailable',
      ...RES_TEXT,
      pattern: /DNS_ERROR_\w+|(?:error|status|code|result)\D{0,24}\b(?:9002|9003|9005|9502|9717)\b|DNS (?:operation refused|server failure)/i,
      weight: 0.75,
      explain: (e) => `${subjectName(e, 'A Network Name')} got a DNS error${codeList(recordText(e))}.`,
    },
    {
      name: 'health-check-failed',
      description: 'A `Dns: HealthCheck` line of a Network Name reporting a failure',
      ...RES_TEXT,
      pattern: /Dns:\s*HealthCheck\b.{0,200}(?:fail|error|timed? ?out|timeout|unable|status\s*(?:[:=]\s*)?[1-9])/i,
      weight: 0.65,
      explain: (e) => `The DNS health check of ${subjectName(e, 'the Network Name')} failed.`,
    },
    {
      name: 'slow-operation',
      description: '`Dns: End of Slow Operation`: a DNS call of the Network Name took unusually long (lokna.no/?p=1808)',
      ...RES_TEXT,
      pattern: /Dns:.{0,40}Slow Operation/i,
      weight: 0.5,
      explain: (e) => `A DNS call of ${subjectName(e, 'the Network Name')} was slow.`,
    },
    {
      name: 'query-timeout',
      description: 'A DNS query, registration or update that timed out',
      ...RES_TEXT,
      pattern: /\bDNS\b.{0,80}(?:timed out|time out|timeout)|(?:timed out|time out|timeout).{0,60}\bDNS\b/i,
      weight: 0.65,
      explain: () => 'A DNS query or update timed out.',
    },
    {
      name: 'netname-timeout',
      description: 'ERROR_TIMEOUT (1460) on a Network Name: its DNS call did not return in time (domain.md §9)',
      ...RES_TEXT,
      resourceType: NETWORK_NAME,
      pattern: /\b1460\b|ERROR_TIMEOUT/i,
      weight: 0.55,
      explain: (e) => `${subjectName(e, 'The Network Name')} reported ERROR_TIMEOUT (1460).`,
    },
    {
      name: 'update-failed',
      description: 'A DNS registration or update reported as failed (DnsUpdate, DNS registration ... failed)',
      ...RES_TEXT,
      pattern:
        /DnsUpdate.{0,80}(?:fail|error|status\s*(?:[:=]\s*)?[1-9])|\bDNS (?:registration|update|record update).{0,60}(?:fail|error|refused|denied)|(?:fail\w*|unable) to (?:register|update)\b.{0,40}\bDNS\b/i,
      weight: 0.6,
      explain: (e) => `A DNS registration of ${subjectName(e, 'the Network Name')} failed.`,
    },
    {
      name: 'netname-registration-failed',
      description: 'A Network Name line saying a name registration failed',
      ...RES_TEXT,
      resourceType: NETWORK_NAME,
      pattern: /registration.{0,60}\bfail|\bfail.{0,30}registration/i,
      weight: 0.5,
      explain: (e) => `${subjectName(e, 'The Network Name')} failed a name registration.`,
    },
    {
      name: 'name-resolution-failed',
      description: 'A name lookup that failed (DNS name does not exist, could not resolve)',
      ...RES_TEXT,
      pattern: /DNS name does not exist|DNS_ERROR_RCODE_NAME_ERROR|could not resolve|unable to resolve|name resolution (?:failed|failure)/i,
      weight: 0.45,
      explain: () => 'A name lookup failed.',
    },
    {
      name: 'network-name-control-timeout',
      description: 'A resource control to a Network Name returned 5910 ERROR_RESOURCE_CALL_TIMED_OUT: the netname DLL was stuck (DNS or network)',
      on: ['rcm.resource-control-error', 'generic'],
      pattern: /ResourceControl\([A-Z_]*NETWORK_NAME[A-Z_]*\).{0,160}returned 5910\b|ResourceControl\([^)]*\) to (?:Distributed )?Network Name.{0,160}returned 5910\b/i,
      // 5910 says the netname DLL was blocked, not on what (DNS, a domain controller, the network): it
      // leans DNS only until a record says more.
      weight: 0.35,
      supporting: true,
      explain: () => `A resource control to a Network Name timed out with 5910 (ERROR_RESOURCE_CALL_TIMED_OUT): the netname DLL was blocked, typically on DNS.`,
    },
    {
      name: 'netname-operation-timed-out',
      description: 'Event 1566: a Network Name was terminated because an operation (often DNS) did not finish in time',
      on: ['eventlog.record'],
      eventIds: [1566],
      template: /network name resource was terminated by the resource host subsystem/i,
      weight: 0.4,
      explain: (e) => `${eventName(e)}: ${subjectName(e, 'a Network Name')} did not finish an operation in time.`,
    },
    {
      name: 'netlogon-dns-registration',
      description: 'NETLOGON 5774: a domain controller could not register its DNS records (e.g. status 9502)',
      on: ['eventlog.record'],
      eventIds: [5774],
      template: /dynamic registration of the DNS record/i,
      when: fromProvider(/netlogon/i),
      weight: 0.5,
      explain: (e) => `${eventName(e)}: a domain controller failed to register its DNS records${codeList(recordText(e))}.`,
    },
    {
      name: 'dns-server-waiting-for-ad',
      description: 'DNS server event 4013: the DNS server is waiting for AD DS and has not loaded its zones',
      on: ['eventlog.record'],
      eventIds: [4013],
      template: /DNS server is waiting for Active Directory Domain Services/i,
      when: fromProvider(/dns/i),
      weight: 0.45,
      explain: (e) => `${eventName(e)}: the DNS server had not loaded its AD-integrated zones.`,
    },
  ],
});
