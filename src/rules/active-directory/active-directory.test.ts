import { describe, expect, it } from 'vitest';
import { ruleTests } from '../rule-tester.js';
import { at, cl, eventRecord } from '../test-events.js';
import activeDirectory from './index.js';

const T0 = '2024/03/05-10:15:00.000';
const ISO = '2024-03-05T10:14:40Z';
const vcoOnline = { kind: 'online-failure', resource: 'SQLVCO', resourceType: 'Network Name', entryPoint: 'Online', detectedMs: at(T0) } as const;
const diskOnline = { kind: 'online-failure', resource: 'Cluster Disk 3', resourceType: 'Physical Disk', entryPoint: 'Online', detectedMs: at(T0) } as const;
const cnoDeadlock = { kind: 'deadlock', node: 'NODE1', resource: 'Cluster Name', resourceType: 'Network Name', entryPoint: 'LooksAlive', detectedMs: at(T0) } as const;
const typeControlDeadlock = { kind: 'deadlock', node: 'NODE1', resource: null, resourceType: 'Network Name', entryPoint: 'ResourceTypeControl', detectedMs: at(T0) } as const;

describe('active-directory', () => {
  const cases = ruleTests(activeDirectory, {
    valid: [
      {
        name: 'error 5 on a Physical Disk is not an AD access problem',
        draft: diskOnline,
        records: [cl('2024/03/05-10:14:40.000', 'ERR', '[RES] Physical Disk <Cluster Disk 3>: VerifyFS: Failed to open file \\\\?\\GLOBALROOT\\Device\\Harddisk4\\Partition2\\notes.txt Error: 5.')],
      },
      {
        name: 'a successful logon with status 0',
        draft: diskOnline,
        records: [
          cl('2024/03/05-10:14:40.000', 'INFO', '[RES] Network Name <SQLVCO>: Obtained the security token for cluster name account.'),
          cl('2024/03/05-10:14:41.000', 'INFO', '[RES] Network Name <SQLVCO>: Logon succeeded for SQLVCO$, status 0'),
        ],
      },
      {
        name: 'LDAP and DsGetDcName calls that succeeded',
        draft: cnoDeadlock,
        records: [
          cl('2024/03/05-10:12:00.000', 'INFO', '[RES] Network Name <Cluster Name>: DsGetDcName for contoso.com (writable) returned 0, DC \\\\dc01.contoso.com'),
          cl('2024/03/05-10:12:01.000', 'INFO', '[RES] Network Name <Cluster Name>: LDAP bind to dc01.contoso.com succeeded, status 0x0'),
          cl('2024/03/05-10:12:02.000', 'INFO', '[RES] Network Name <Cluster Name>: Computer object CLU01$ updated in domain contoso.com'),
        ],
      },
      {
        name: 'NETLOGON-numbered event from another provider',
        draft: diskOnline,
        records: [eventRecord(5719, 'The print spooler could not set up a session with the printer.', { at: ISO, provider: 'Contoso-Printing' })],
      },
    ],
    invalid: [
      {
        name: 'VCO logon failure 1326 with the name hosted elsewhere (hosts file)',
        draft: vcoOnline,
        records: [
          cl('2024/03/05-10:14:31.000', 'INFO', '[RES] Network Name <SQLVCO>: Logon failed so priming local KDC cache to \\\\DC02 for domain CONTOSO, status = 0 .'),
          cl('2024/03/05-10:14:32.000', 'ERR', '[RES] Network Name <SQLVCO>: Unable to Logon. winError 1326'),
          cl('2024/03/05-10:14:33.000', 'WARN', '[RES] Network Name <SQLVCO>: Unable to enumerate server transports, error 5.'),
          cl(
            '2024/03/05-10:14:35.000',
            'ERR',
            "[RES] Network Name <SQLVCO>: The specified network name is currently hosted by some other system in the network, So no attempt will be made to reset the computer object's password associated with <SQLVCO>.",
          ),
        ],
        signatures: ['kdc-cache-priming', 'logon-failure', 'netname-access-denied', 'name-hosted-elsewhere', 'password-failure'],
        evidence: [2, 4],
      },
      {
        name: 'event 1194: the computer object could not be created',
        draft: vcoOnline,
        records: [
          eventRecord(
            1194,
            "Cluster network name resource 'SQLVCO' failed to create its associated computer object in domain 'contoso.com' during: Resource online.\n\nThe text for the associated error code is: Access is denied.",
            { at: ISO },
          ),
        ],
        signatures: ['computer-object-event'],
        evidence: [1],
      },
      {
        name: 'events 1212 and 1207 without ids in a text export',
        draft: vcoOnline,
        records: [
          eventRecord(null, "Cluster network name resource 'SQLVCO' cannot be brought online. Attempt to locate a writeable domain controller (in domain contoso.com) in order to create or update a computer object associated with the resource failed.", { at: ISO }),
          eventRecord(null, "The computer object associated with the cluster network name resource 'SQLVCO' could not be updated in domain 'contoso.com' during the Password change operation.", { at: ISO }),
        ],
        signatures: ['no-writeable-dc-event', 'computer-object-event'],
        evidence: [1, 2],
      },
      {
        name: 'event 1215 and Kerberos event 1227',
        draft: vcoOnline,
        records: [
          eventRecord(1215, "Cluster network name resource 'SQLVCO' cannot be brought online. Network name 'SQLVCO' is no longer registered on this node. The error code was '64'.", { at: ISO }),
          eventRecord(1227, "Cluster network name resource 'SQLVCO' encountered an error enabling the network name on this node. The reason for the failure was: Unable to obtain a logon token. The error code was '1326'.", { at: ISO }),
        ],
        signatures: ['not-registered-event', 'kerberos-logon-event', 'logon-failure'],
        evidence: [1, 2],
      },
      {
        name: 'event 1685: the computer object is disabled',
        draft: vcoOnline,
        records: [eventRecord(1685, "The computer account for Cluster network name resource 'SQLVCO' is disabled in Active Directory.", { at: ISO })],
        signatures: ['computer-object-state-event'],
        evidence: [1],
      },
      {
        name: 'the VCO computer object was deleted (80072030)',
        draft: vcoOnline,
        records: [cl('2024/03/05-10:14:40.000', 'ERR', '[RES] Network Name <SQLVCO>: Failed to find computer object SQLVCO in Active Directory, error 0x80072030 (There is no such object on the server)')],
        signatures: ['object-not-found'],
        evidence: [1],
      },
      {
        name: 'the VCO computer object was re-created under a new GUID',
        draft: vcoOnline,
        records: [cl('2024/03/05-10:14:40.000', 'ERR', '[RES] Network Name <SQLVCO>: Unable to get computer object using GUID {4f2e0a55-7c1d-4a9b-9c61-1f8f5b7b3e21}, status 2')],
        signatures: ['object-guid-lookup-failed'],
        evidence: [1],
      },
      {
        name: 'KDC unreachable and no logon servers',
        draft: vcoOnline,
        records: [
          cl('2024/03/05-10:14:40.000', 'WARN', '[RES] Network Name <SQLVCO>: Kerberos ticket request to the KDC failed with 0xc000005e'),
          cl('2024/03/05-10:14:41.000', 'ERR', '[RES] Network Name <SQLVCO>: Could not find a domain controller for contoso.com, error ERROR_NO_LOGON_SERVERS (1311)'),
        ],
        signatures: ['kerberos-failure', 'dc-unreachable'],
        evidence: [1, 2],
      },
      {
        name: 'a CNO password change holding the resource lock while no DC answers beats the 5910 of a GET_NETWORK_NAME control',
        draft: cnoDeadlock,
        records: [
          cl('2024/03/05-10:09:39.000', 'INFO', '[RES] Network Name <Cluster Name>: Computer object CLU01$ password is 30 days old, starting password change'),
          cl(
            '2024/03/05-10:10:00.000',
            'WARN',
            '[RES] Network Name <Cluster Name>: DsGetDcName for domain contoso.com (writable, force rediscovery) returned 1355 (The specified domain either does not exist or could not be contacted.)',
          ),
          cl('2024/03/05-10:10:21.000', 'ERR', '[RES] Network Name <Cluster Name>: LDAP bind to \\\\dc02.contoso.com failed, status 0x51 (LDAP_SERVER_DOWN). Holding resource lock while retrying'),
          cl('2024/03/05-10:11:24.000', 'ERR', '[RES] Network Name <Cluster Name>: LDAP bind to \\\\dc01.contoso.com failed, status 0x51 (LDAP_SERVER_DOWN). Retry 1 of 10'),
          cl('2024/03/05-10:14:20.000', 'WARN', '[RCM] ResourceControl(GET_NETWORK_NAME) to Cluster Name returned 5910.', '000008c8.00002528'),
          cl(T0, 'ERR', "[RHS] RhsCall::DeadlockMonitor: Call LOOKSALIVE timed out for resource 'Cluster Name'."),
        ],
        signatures: ['dc-unreachable', 'ldap-failure'],
        evidence: [2, 3],
      },
      {
        name: 'a resource-type control (ValidateNetname) whose RES lines name no resource',
        draft: typeControlDeadlock,
        records: [
          cl('2024/03/05-10:10:37.000', 'WARN', '[RES] Network Name: ValidateNetname: DsGetDcName for contoso.com returned 1355 (The specified domain either does not exist or could not be contacted.)'),
          cl('2024/03/05-10:10:58.000', 'ERR', '[RES] Network Name: ValidateNetname: LDAP search for APP2$ on dc03.contoso.com failed, status 0x51 (LDAP_SERVER_DOWN)'),
          cl('2024/03/05-10:14:59.000', 'WARN', '[RCM] ResourceTypeControl(NETNAME_VALIDATE_NETNAME) to Network Name returned 5910.', '000008c8.00002528'),
        ],
        signatures: ['dc-unreachable', 'ldap-failure'],
        evidence: [1, 2],
      },
      {
        name: 'LDAP time-outs and connect errors by name only',
        draft: vcoOnline,
        records: [
          cl('2024/03/05-10:14:40.000', 'WARN', '[RES] Network Name <SQLVCO>: ldap_search_s returned LDAP_TIMEOUT'),
          cl('2024/03/05-10:14:41.000', 'WARN', '[RES] Network Name <SQLVCO>: Search of the computer object timed out: LDAP_CONNECT_ERROR'),
        ],
        signatures: ['ldap-failure'],
        evidence: [1, 2],
      },
      {
        name: 'the computer object could not be updated, no DC reachable',
        draft: vcoOnline,
        records: [
          cl('2024/03/05-10:14:40.000', 'ERR', '[RES] Network Name <SQLVCO>: Failed to update computer object SQLVCO$ with the new DNS host name, error 8207.'),
          cl('2024/03/05-10:14:41.000', 'WARN', '[RES] Network Name <SQLVCO>: Password change postponed: no DC reachable in domain contoso.com'),
          cl('2024/03/05-10:14:42.000', 'WARN', '[RES] Network Name <SQLVCO>: The VCO could not be located in the domain.'),
        ],
        signatures: ['computer-object-update-failed', 'dc-unreachable'],
        evidence: [1, 2, 3],
      },
      {
        name: 'NETLOGON 5719 text without an id: no logon servers available',
        draft: vcoOnline,
        records: [
          eventRecord(
            null,
            'This computer was not able to set up a secure session with a domain controller in domain CONTOSO due to the following: There are currently no logon servers available to service the logon request.',
            { at: ISO, provider: 'NETLOGON' },
          ),
        ],
        signatures: ['secure-channel-event', 'dc-unreachable'],
        evidence: [1],
      },
      {
        name: 'NETLOGON 5719: no secure channel',
        draft: vcoOnline,
        records: [
          eventRecord(
            5719,
            'This computer was not able to set up a secure session with a domain controller in domain CONTOSO due to the following: There are currently no logon servers available to service the logon request.',
            { at: ISO, provider: 'NETLOGON' },
          ),
        ],
        signatures: ['secure-channel-event'],
        evidence: [1],
      },
    ],
  });
  for (const c of cases) it(c.name, () => expect(c.run()).toEqual([]));
});
