/**
 * Active Directory: the Network Name could not log on with, find, update or reset its computer
 * object (CNO/VCO), or could not reach a domain controller / KDC (domain.md §7, §9; KB 2797272).
 */
import {
  atNode,
  codesIn,
  eventName,
  fromProvider,
  NETWORK_NAME,
  nodeOf,
  ofResource,
  recordNode,
  RES_TEXT,
  resourceOf,
  subjectName,
} from '../common.js';
import { recordText } from '../match.js';
import { defineRule } from '../types.js';

export default defineRule({
  meta: {
    id: 'active-directory',
    category: 'active-directory',
    title: 'The Network Name could not use its computer object in Active Directory',
    summary: (i, f) => `Active Directory trouble ${f.hedge} caused the ${i.kind}${ofResource(i)}${atNode(i)}`,
    recommendations: (i) => [
      `Check the computer object of ${resourceOf(i, 'the Network Name')} in AD: it exists, is enabled, and the cluster name object (CNO) has rights on it; repair it with "Repair Active Directory Object" if its password is out of sync.`,
      `Check that ${nodeOf(i)} reaches a writeable domain controller and the KDC (nltest /dsgetdc:<domain> /writable, klist) at the incident time.`,
    ],
  },
  signatures: [
    {
      name: 'computer-object-event',
      description: 'Event 1193/1194/1206/1207/1218–1222: creating or updating the CNO/VCO computer object in AD failed',
      on: ['eventlog.record'],
      eventIds: [1193, 1194, 1206, 1207, 1218, 1219, 1220, 1221, 1222],
      template: /computer (?:object|account)/i,
      weight: 0.75,
      explain: (e) => `${eventName(e)}: the computer object of ${subjectName(e, 'a Network Name')} could not be created or updated in AD.`,
    },
    {
      name: 'no-writeable-dc-event',
      description: 'Event 1211/1212: no writeable domain controller could be located',
      on: ['eventlog.record'],
      eventIds: [1211, 1212],
      template: /writeable domain controller/i,
      weight: 0.7,
      explain: (e) => `${eventName(e)}: no writeable domain controller was found for ${subjectName(e, 'the Network Name')}.`,
    },
    {
      name: 'not-registered-event',
      description: 'Event 1215: the network name is no longer registered on the node',
      on: ['eventlog.record'],
      eventIds: [1215],
      template: /is no longer registered on this node/i,
      weight: 0.45,
      explain: (e) => `${eventName(e)}: ${subjectName(e, 'the network name')} is no longer registered.`,
    },
    {
      name: 'kerberos-logon-event',
      description: 'Event 1226/1227/1231: Kerberos, TCB privilege or domain logon failure of a Network Name',
      on: ['eventlog.record'],
      eventIds: [1226, 1227, 1231],
      template: /Kerberos|TCB privilege|logon/i,
      weight: 0.65,
      explain: (e) => `${eventName(e)}: ${subjectName(e, 'a Network Name')} could not log on to the domain.`,
    },
    {
      name: 'computer-object-state-event',
      description: 'Event 1683–1688: the CNO/VCO computer object is missing or disabled',
      on: ['eventlog.record'],
      eventIds: [1683, 1684, 1685, 1686, 1687, 1688],
      template: /computer (?:object|account)/i,
      weight: 0.75,
      explain: (e) => `${eventName(e)}: the computer object of ${subjectName(e, 'a Network Name')} is missing or disabled.`,
    },
    {
      name: 'logon-failure',
      description: 'The Network Name could not log on with its computer account: `Unable to Logon`, winError 1326 (KB 2797272)',
      ...RES_TEXT,
      pattern: /Unable to Logon|winError 1326|ERROR_LOGON_FAILURE|STATUS_LOGON_FAILURE|c000006d|\blogon failure\b|(?:error|status)\D{0,12}\b1326\b/i,
      weight: 0.8,
      explain: (e) => `${subjectName(e, 'The Network Name')} could not log on with its computer account.`,
    },
    {
      name: 'kdc-cache-priming',
      description: '`Logon failed so priming local KDC cache`: a computer-account logon already failed once',
      ...RES_TEXT,
      pattern: /Logon failed so priming local KDC cache/i,
      weight: 0.35,
      explain: (e) => `A logon of ${subjectName(e, 'the Network Name')} failed and was retried against a specific DC.`,
    },
    {
      name: 'kerberos-failure',
      description: 'A Kerberos/KDC failure (KRB_AP_ERR_*, KDC_ERR_*, KDC unreachable)',
      ...RES_TEXT,
      pattern:
        /\b(?:KDC|Kerberos|krbtgt)\b.{0,80}(?:fail|error|unavailable|could not|unable|not be (?:found|contacted|reached))|KRB_AP_ERR_\w+|KDC_ERR_\w+|SEC_E_(?!OK\b)[A-Z_]+/i,
      weight: 0.6,
      explain: () => 'Kerberos authentication (KDC) failed for the computer account.',
    },
    {
      name: 'netname-access-denied',
      description: 'Access denied (status/error 5) on a Network Name: the CNO lacks rights on the VCO or the OU',
      ...RES_TEXT,
      resourceType: NETWORK_NAME,
      pattern:
        /(?:status|error|winError|result)\s*(?:[:=]\s*)?'?\(?(?:5|0x0*5|0x80070005|c0000022)\b(?![.,]\d)|access (?:is )?denied|ERROR_ACCESS_DENIED|STATUS_ACCESS_DENIED/i,
      weight: 0.55,
      explain: (e) => `${subjectName(e, 'The Network Name')} was denied access (error 5).`,
    },
    {
      name: 'object-not-found',
      description: '80072030 "no such object": the computer object was deleted from AD',
      ...RES_TEXT,
      pattern: /80072030|no such object|ERROR_DS_NO_SUCH_OBJECT|LDAP_NO_SUCH_OBJECT/i,
      weight: 0.75,
      explain: (e) => `The computer object of ${subjectName(e, 'the Network Name')} was not found in AD (80072030).`,
      advice: () => 'Restore the deleted computer object from the AD recycle bin (or re-create it) and run "Repair Active Directory Object" on the Network Name.',
    },
    {
      name: 'object-guid-lookup-failed',
      description: '`unable to get computer object using GUID`: the computer object was re-created under a new GUID',
      ...RES_TEXT,
      pattern: /unable to get computer object using GUID/i,
      weight: 0.75,
      explain: (e) => `The computer object of ${subjectName(e, 'the Network Name')} no longer matches its stored GUID.`,
    },
    {
      name: 'password-failure',
      description: 'The Network Name could not set or reset its computer-account password, or the password is out of sync',
      ...RES_TEXT,
      resourceType: NETWORK_NAME,
      pattern:
        /password.{0,80}(?:fail|error|mismatch|out of sync|expired|incorrect|does not match)|(?:fail\w*|unable|could not|no attempt will be made) to (?:reset|set|change|update)\b.{0,60}password|ERROR_WRONG_PASSWORD/i,
      weight: 0.6,
      explain: (e) => `The computer-account password of ${subjectName(e, 'the Network Name')} could not be reset.`,
    },
    {
      name: 'name-hosted-elsewhere',
      description: '`hosted by some other system`: the name resolves to another machine (hosts-file entry or duplicate name), so the CNO will not reset the VCO password (KB 2797272)',
      ...RES_TEXT,
      pattern: /hosted by some other system|duplicate name (?:exists|on the network)|ERROR_DUP_NAME/i,
      weight: 0.7,
      explain: (e) => `${subjectName(e, 'The Network Name')} is seen as hosted by another system, so its computer-object password is not reset.`,
      advice: (e) =>
        `Remove the hosts-file entry (%windir%\\System32\\drivers\\etc\\hosts) or the duplicate DNS/WINS record for the name on ${recordNode(e)}, then re-sync the VCO password ("Repair Active Directory Object").`,
    },
    {
      name: 'dc-unreachable',
      description:
        'A domain controller could not be found or reached: DsGetDcName 1355 ERROR_NO_SUCH_DOMAIN / 1311 ERROR_NO_LOGON_SERVERS / 1908, "no logon servers available", "no DC reachable"',
      ...RES_TEXT,
      pattern:
        /domain controller.{0,60}(?:unavailable|could not be (?:found|contacted|located)|not (?:be )?(?:found|reachable|contacted)|unreachable|\bfail)|ERROR_NO_LOGON_SERVERS|ERROR_NO_SUCH_DOMAIN|ERROR_DOMAIN_CONTROLLER_NOT_FOUND|(?:error|status)\D{0,12}\b(?:1311|1355)\b|DsGetDcName.{0,120}?\b(?:returned|failed|error|status)\D{0,12}\b(?:1311|1355|1722|1908)\b|specified domain either does not exist or could not be contacted|no logon servers? (?:are )?(?:currently )?available|\bno (?:domain controller|DC|writable domain controller|writeable domain controller|writable DC|writeable DC)s? (?:is |was |were |are |could be )?(?:reachable|available|found|contacted|located|responded|answered|in\b)|(?:could not|unable to|failed to|cannot) (?:find|locate|contact|reach) (?:a |any )?(?:writ\w{0,4} )?(?:domain controller|DC)\b/i,
      weight: 0.6,
      explain: (e) =>
        /DsGetDcName/i.test(recordText(e))
          ? `DsGetDcName found no domain controller${codesIn(recordText(e), ['1355', '1311', '1722', '1908']).map((c) => ` (error ${c})`)[0] ?? ''}.`
          : 'No domain controller could be found or reached.',
    },
    {
      name: 'ldap-failure',
      description:
        'An LDAP bind or search against a domain controller failed (LDAP_SERVER_DOWN 0x51, LDAP_TIMEOUT 0x55, LDAP_CONNECT_ERROR 0x5b, LDAP_UNAVAILABLE 0x34, LDAP_BUSY 0x33)',
      ...RES_TEXT,
      pattern:
        /LDAP_(?:SERVER_DOWN|TIMEOUT|CONNECT_ERROR|UNAVAILABLE|BUSY|UNWILLING_TO_PERFORM|OPERATIONS_ERROR|LOCAL_ERROR|INVALID_CREDENTIALS|STRONG_AUTH_REQUIRED)\b|\bLDAP\b.{0,100}(?:\bfail|\berror\s*(?:[:=]\s*)?(?:0x)?0*[1-9a-f]|timed? ?out|\bunavailable|status\s*(?:[:=]\s*)?0x0*[1-9a-f])/i,
      weight: 0.7,
      explain: (e) => {
        const code = /LDAP_[A-Z_]+/.exec(recordText(e))?.[0];
        return `An LDAP call to a domain controller failed${code !== undefined ? ` (${code})` : ''}.`;
      },
    },
    {
      name: 'computer-object-update-failed',
      description: 'The computer object (CNO/VCO) could not be read, found or updated in AD (password change, repair, validation)',
      ...RES_TEXT,
      pattern:
        /(?:computer (?:object|account)|\bVCO\b|\bCNO\b).{0,80}(?:could not be|cannot be|failed to be) (?:updated|modified|found|read|changed|reset|located)|(?:fail\w{0,3}|unable|could not|cannot) (?:to )?(?:update|modify|read|find|locate|open|bind to) (?:the )?computer (?:object|account)|UpdateComputerObject.{0,40}(?:fail|error)/i,
      weight: 0.65,
      explain: (e) => `The computer object of ${subjectName(e, 'the Network Name')} could not be read or updated in AD.`,
    },
    {
      name: 'secure-channel-event',
      description: 'NETLOGON 5719/5722/5723/5805/3210: the node has no secure channel to a domain controller',
      on: ['eventlog.record'],
      eventIds: [3210, 5719, 5722, 5723, 5805],
      template: /secure session with a domain controller|failed to authenticate/i,
      when: fromProvider(/netlogon/i),
      weight: 0.45,
      explain: (e) => `${eventName(e)}: the secure channel to a domain controller failed.`,
    },
  ],
});
