import { describe, expect, it } from 'vitest';
import {
  CATALOGUE,
  catalogueEntries,
  catalogueLevel,
  hasMatch,
  canonicalProvider,
  levelFromName,
  matchMessage,
  paramsFromQuotedValues,
  renderMessage,
  type CatalogueEntry,
} from './catalogue.js';

/** A realistic value per parameter name; unnamed insertion strings get a filler. */
const SAMPLE: Record<string, string> = {
  resource: 'SQL Network Name (AG1-LSN)',
  resourceType: 'Network Name',
  dll: 'clusres.dll',
  group: 'AG1',
  node: 'NODE2',
  fromNode: 'NODE1',
  toNode: 'NODE2',
  errorCode: '1460',
  errorText: 'This operation returned because the timeout period expired.',
  controlCode: 'CLUSCTL_RESOURCE_STORAGE_GET_MOUNTPOINTS',
  volume: 'Volume1',
  status: 'STATUS_IO_TIMEOUT(c00000b5)',
  share: '\\\\FS9\\Witness$',
  operation: 'Dns registration',
  reason: 'DNS operation refused',
  domain: 'contoso.com',
  identity: 'CONTOSO\\CLUSTER1$',
  name: 'AG1-LSN',
  adapter: 'Ethernet 2',
  zone: 'contoso.com',
  dnsServer: '10.0.0.10',
  address: '10.0.0.51',
  interface: 'NODE1 - Ethernet 2',
  network: 'Cluster Network 1',
  signature: '6A2B0C11',
  logFile: 'C:\\Windows\\Cluster\\Reports\\ChkDsk_ResDisk2.log',
  elapsedSeconds: '181',
  process: 'clussvc.exe',
  processId: '2432',
  seconds: '60',
  failures: '3',
  until: '2023/03/04-17:00:00',
  fromState: 'OnlinePending',
  toState: 'Failed',
  waitingOn: 'AG1-IP',
  entryPoint: 'IsAlive',
  service: 'Cluster Service',
  state: 'stopped',
  count: '1',
  delayMs: '60000',
  action: 'Restart the service',
  error: 'The cluster service is shutting down because quorum was lost.',
  device: '\\Device\\RaidPort1',
  lba: '0x2f4a118',
  disk: '3',
  pdo: '\\Device\\00000042',
  bugcheck: '0x0000009e (0xffffb40c6e2b9080, 0x00000000000004b0, 0x0000000000000065, 0x0000000000000000)',
  dumpFile: 'C:\\Windows\\MEMORY.DMP',
  reportId: '3f1c2a77-0d51-4c1e-9d11-2b7e6c8a91f0',
  text: '[RES] Network Name <AG1-LSN>: Dns: HealthCheck failed',
};

function insertionStrings(entry: CatalogueEntry): string[] {
  return entry.params.map((name, i) => (name ? (SAMPLE[name] ?? `value-${i + 1}`) : `x${i + 1}`));
}

function renderEntry(entry: CatalogueEntry, data: readonly string[] = insertionStrings(entry)): string {
  return entry.template.replace(/%(\d+)/g, (_, n: string) => data[Number(n) - 1] ?? '');
}

/** Names of the parameters that appear in the template text. */
function shownParams(entry: CatalogueEntry): string[] {
  return entry.params.filter((name, i): name is string => name !== null && entry.template.includes(`%${i + 1}`));
}

const MATCHABLE = CATALOGUE.filter((e) => !e.passthrough);

describe('catalogue data', () => {
  it('has unique keys of the form id/wording', () => {
    const keys = CATALOGUE.map((e) => e.key);
    expect(new Set(keys).size).toBe(keys.length);
    for (const e of CATALOGUE) expect(e.key.startsWith(`${e.id}/`)).toBe(true);
  });

  it('names every placeholder the template uses', () => {
    for (const e of CATALOGUE) {
      for (const m of e.template.matchAll(/%(\d+)/g)) expect(e.params.length, e.key).toBeGreaterThanOrEqual(Number(m[1]));
    }
  });

  it('covers every event the analysis relies on', () => {
    const required = [
      1230, 1146, 1265, 1069, 1205, 1254, 1135, 1177, 1006, 1556, 5377, 4869, 4870, 1038, 1034, 1035, 1037, 1066, 1671, 5120, 5142,
      5150, 5157, 1564, 1562, 1563, 1077, 1049, 1223, 1360, 1193, 1194, 1195, 1196, 1207, 1211, 1212, 1256, 1257, 1258, 1259, 1566,
      1576, 1577, 1578, 1579, 1580, 1232, 1637, 1638, 1641, 2049, 2050, 2051, 7024, 7031, 7034, 7036, 21502, 129, 153, 1001,
    ];
    for (const id of required) expect(catalogueEntries(id).length, String(id)).toBeGreaterThan(0);
  });

  it('has every 1230 and 1146 wording', () => {
    expect(catalogueEntries(1230).map((e) => e.key)).toEqual([
      '1230/deadlock-2016',
      '1230/control-code-2016',
      '1230/timeout-2012',
      '1230/deadlock-2008r2',
    ]);
    expect(catalogueEntries(1146).map((e) => e.key)).toEqual(['1146/terminated', '1146/stopped-2008r2']);
  });

  it('filters entries by the provider that logged the event', () => {
    expect(catalogueEntries(129, 'storvsc').map((e) => e.key)).toEqual(['129/reset-to-device']);
    expect(catalogueEntries(129, 'Microsoft-Windows-Time-Service')).toEqual([]);
    expect(catalogueEntries(1001, 'BugCheck').map((e) => e.key)).toEqual(['1001/bugcheck']);
    expect(catalogueEntries(1230, 'FailoverClustering')).toHaveLength(4);
    expect(catalogueEntries(1230, null)).toHaveLength(4);
  });
});

describe('matchMessage: every wording', () => {
  for (const entry of MATCHABLE) {
    it(`${entry.key} is identified with its parameters`, () => {
      const text = renderEntry(entry);
      const byId = matchMessage(text, entry.id);
      expect(byId?.key).toBe(entry.key);
      for (const name of shownParams(entry)) expect(byId?.params[name], name).toBe(SAMPLE[name]);

      // Without the ID: the same wording, or one that renders to the same text (1576/1580, 1069/1635).
      const free = matchMessage(text);
      expect(free).not.toBeNull();
      if (free && free.key !== entry.key) {
        const other = CATALOGUE.find((e) => e.key === free.key);
        expect(other && renderEntry(other).startsWith(text)).toBe(true);
      }
    });
  }
});

describe('matchMessage: export damage', () => {
  const sample = (key: string): { entry: CatalogueEntry; text: string } => {
    const entry = CATALOGUE.find((e) => e.key === key);
    if (!entry) throw new Error(key);
    return { entry, text: renderEntry(entry) };
  };

  it('tolerates re-wrapped, doubled and joined whitespace', () => {
    for (const entry of MATCHABLE) {
      const { text } = sample(entry.key);
      const rewrapped = text.replace(/ /g, (_, i: number) => (i % 7 === 0 ? '\r\n' : i % 5 === 0 ? '  ' : ' '));
      expect(matchMessage(rewrapped, entry.id)?.key, entry.key).toBe(entry.key);
      const oneLine = text.replace(/\s+/g, ' ');
      expect(matchMessage(oneLine, entry.id)?.key, entry.key).toBe(entry.key);
    }
  });

  it('tolerates a missing final period and trailing blanks', () => {
    for (const entry of MATCHABLE) {
      const { text } = sample(entry.key);
      expect(matchMessage(`${text.replace(/\.$/, '')}  `, entry.id)?.key, entry.key).toBe(entry.key);
    }
  });

  it('identifies cut-off messages (the event, and the parameters before the cut)', () => {
    for (const entry of MATCHABLE) {
      const { text } = sample(entry.key);
      if (text.length < 60) continue;
      const cut = text.slice(0, Math.floor(text.length * 0.7));
      expect(matchMessage(cut, entry.id)?.eventId, entry.key).toBe(entry.id);
      expect(matchMessage(`${cut}...`, entry.id)?.eventId, entry.key).toBe(entry.id);
    }
    const cut1230 = 'A component on the server did not respond in a timely fashion. This caused the cluster resource \'AG1\' (resource type \'SQL Server Availability Group\', DLL \'hadrres.dll\') to exceed its time-out thre';
    expect(matchMessage(cut1230)).toEqual({
      eventId: 1230,
      key: '1230/deadlock-2016',
      provider: 'Microsoft-Windows-FailoverClustering',
      params: { resource: 'AG1', resourceType: 'SQL Server Availability Group', dll: 'hadrres.dll' },
    });
    expect(matchMessage("Cluster resource 'IP Address 10.0.0.51' in clustered role 'Clus")?.key).toBe('1069/failed');
  });

  it('accepts typographic quotes from blog pastes', () => {
    const m = matchMessage('Cluster resource ‘Cluster Disk 2’ in clustered role ‘FS01’ failed.');
    expect(m?.params).toEqual({ resource: 'Cluster Disk 2', group: 'FS01' });
  });

  it('keeps apostrophes inside names', () => {
    const m = matchMessage(
      "Cluster resource 'O'Neil Share' (resource type 'File Server', DLL 'clusres2.dll') did not respond to a request in a timely fashion.",
    );
    expect(m?.key).toBe('1230/timeout-2012');
    expect(m?.params.resource).toBe("O'Neil Share");
  });
});

describe('matchMessage: wordings that share a beginning', () => {
  it('tells the 1069 variants apart', () => {
    const base = "Cluster resource 'Disk 1' of type 'Physical Disk' in clustered role 'SQL' failed.";
    expect(matchMessage(`${base} The error code was '0x5' ('Access is denied.').`)?.key).toBe('1069/failed-with-cause');
    expect(matchMessage(`${base} The error code was '0x5'.`)?.key).toBe('1069/failed-with-error');
    expect(matchMessage(`${base}\n\nBased on the failure policies for the resource and role`)?.key).toBe('1069/failed-with-type');
    expect(matchMessage(`${base.replace(' failed.', '')} failed due to an attempt to block a required state change in that cluster resource.`)?.key).toBe(
      '1069/failed-veto',
    );
    const cause = matchMessage(`${base} The error code was '0x5' ('Access is denied.').`);
    expect(cause?.params).toEqual({
      resource: 'Disk 1',
      resourceType: 'Physical Disk',
      group: 'SQL',
      errorCode: '0x5',
      errorText: 'Access is denied.',
    });
  });

  it('does not take a state transition for a failure', () => {
    const m = matchMessage("Cluster resource 'IP' in clustered role 'Cluster Group' has transitioned from state OnlinePending to state Failed.");
    expect(m?.key).toBe('1637/state-transition');
    expect(m?.params).toMatchObject({ fromState: 'OnlinePending', toState: 'Failed' });
  });

  it('separates the control-code deadlock and strips the semicolon', () => {
    const m = matchMessage(
      "A component on the server did not respond in a timely fashion. This caused the cluster resource 'Disk 4' (resource type 'Physical Disk', DLL 'clusres.dll') to exceed its time-out threshold while processing control code 'CLUSCTL_RESOURCE_STORAGE_GET_DISK_INFO_EX;'. As part of cluster health detection",
    );
    expect(m?.key).toBe('1230/control-code-2016');
    expect(m?.params.controlCode).toBe('CLUSCTL_RESOURCE_STORAGE_GET_DISK_INFO_EX');
  });

  it('reads the 2008 R2 1230 with an empty resource type', () => {
    const m = matchMessage(
      "Cluster resource 'Cluster Name' (resource type '', DLL 'clusres.dll') either crashed or deadlocked. The Resource Hosting Subsystem (RHS) process will now attempt to terminate",
    );
    expect(m?.key).toBe('1230/deadlock-2008r2');
    expect(m?.params).toEqual({ resource: 'Cluster Name', dll: 'clusres.dll' });
  });
});

describe('matchMessage: other providers', () => {
  it('reads SCM, storport, disk, bugcheck and Hyper-V messages', () => {
    expect(matchMessage('The Cluster Service service terminated unexpectedly.  It has done this 2 time(s).')?.params).toEqual({
      service: 'Cluster Service',
      count: '2',
    });
    expect(matchMessage('Reset to device, \\Device\\RaidPort0, was issued.')?.params).toEqual({ device: '\\Device\\RaidPort0' });
    expect(matchMessage('The IO operation at logical block address 0x1c3b1b0 for Disk 6 (PDO name: \\Device\\MPIODisk6) was retried.')?.params).toEqual({
      lba: '0x1c3b1b0',
      disk: '6',
      pdo: '\\Device\\MPIODisk6',
    });
    const bug = matchMessage(
      'The computer has rebooted from a bugcheck.  The bugcheck was: 0x0000009e (0xffffe0016e9e8400, 0x00000000000004b0, 0x0000000000000065, 0x0000000000000000). A dump was saved in: C:\\Windows\\MEMORY.DMP. Report Id: 061709-12345-01.',
    );
    expect(bug?.key).toBe('1001/bugcheck');
    expect(bug?.params).toMatchObject({ bugcheckCode: '0x0000009e', bugcheckParam2: '0x00000000000004b0', bugcheckParam3: '0x0000000000000065' });
    expect(matchMessage("'SQLVM1 Configuration' failed to register the virtual machine with the virtual machine management service.")?.params).toEqual({
      resource: 'SQLVM1 Configuration',
    });
  });

  it('passes 2049-2051 text through only when the ID says so', () => {
    const text = '[RES] Network Name <CAU1>: Dns: HealthCheck: failed';
    expect(matchMessage(text, 2050)).toEqual({
      eventId: 2050,
      key: '2050/cluster-log-warning',
      provider: 'Microsoft-Windows-FailoverClustering',
      params: { text },
    });
    expect(matchMessage(text)).toBeNull();
  });

  it('returns null for unrelated text and for the wrong event ID', () => {
    expect(matchMessage('')).toBeNull();
    expect(matchMessage('The Windows Update service entered the running state.', 1230)).toBeNull();
    expect(
      matchMessage('NtpClient was unable to set a domain peer to use as a time source because of failure in establishing a trust relationship', 129),
    ).toBeNull();
    expect(matchMessage('The system uptime is 86400 seconds.')).toBeNull();
    expect(matchMessage('Cluster resource')).toBeNull();
  });
});

describe('paramsFromQuotedValues (messages in other languages)', () => {
  it('maps quoted values by the order of the English placeholders', () => {
    const de1069 =
      "Die Clusterressource 'Cluster Disk 2' vom Typ 'Physical Disk' in der Clusterrolle 'SQL01' ist fehlgeschlagen.\n\nBasierend auf den Fehlerrichtlinien ... 'Get-ClusterResource' ...";
    expect(matchMessage(de1069, 1069)).toBeNull();
    expect(paramsFromQuotedValues(de1069, 1069)).toEqual({ resource: 'Cluster Disk 2', resourceType: 'Physical Disk', group: 'SQL01' });
    expect(paramsFromQuotedValues("Le service de cluster n'a pas pu mettre le rôle en cluster « FS01 » complètement en ligne ou hors connexion.", 1205)).toEqual({
      group: 'FS01',
    });
    expect(paramsFromQuotedValues('Der Clusterknoten „NODE2“ wurde aus der aktiven Failoverclustermitgliedschaft entfernt.', 1135)).toEqual({ node: 'NODE2' });
  });

  it('gives up when the wordings disagree or nothing is quoted', () => {
    expect(paramsFromQuotedValues('Irgendein Text ohne Anführungszeichen.', 1069)).toEqual({});
    expect(paramsFromQuotedValues("'a' 'b' 'c' 'd' 'e' 'f' 'g'", 1230)).toEqual({});
    expect(paramsFromQuotedValues("'x'", 4242)).toEqual({});
  });
});

describe('renderMessage', () => {
  it('picks the wording that uses all insertion strings', () => {
    expect(renderMessage(1230, 'Microsoft-Windows-FailoverClustering', ['Cluster Name', 'Network Name', 'clusres.dll'])).toContain(
      "cluster resource 'Cluster Name' (resource type 'Network Name', DLL 'clusres.dll') to exceed its time-out threshold. As part",
    );
    expect(renderMessage(1230, null, ['Disk 4', 'Physical Disk', 'clusres.dll', 'CLUSCTL_X'])).toContain("while processing control code 'CLUSCTL_X;'");
    expect(renderMessage(7036, 'Service Control Manager', ['Cluster Service', 'running'])).toBe('The Cluster Service service entered the running state.');
    expect(renderMessage(2051, 'Microsoft-Windows-FailoverClustering', ['[RES] x'])).toBe('[RES] x');
  });

  it('returns null when the event is not catalogued for that provider', () => {
    expect(renderMessage(4242, null, [])).toBeNull();
    expect(renderMessage(1230, 'Service Control Manager', ['a'])).toBeNull();
    expect(renderMessage(129, 'Microsoft-Windows-Time-Service', ['contoso.com'])).toBeNull();
    expect(renderMessage(129, 'storvsc', ['\\Device\\RaidPort1'])).toBe('Reset to device, \\Device\\RaidPort1, was issued.');
  });
});

describe('levels and providers', () => {
  it.each([
    ['Critical', 'CRIT'],
    ['Error', 'ERR'],
    ['Warning', 'WARN'],
    ['Information', 'INFO'],
    ['Verbose', 'VERBOSE'],
    ['Kritisch', 'CRIT'],
    ['Fehler', 'ERR'],
    ['Warnung', 'WARN'],
    ['Informationen', 'INFO'],
    ['Critique', 'CRIT'],
    ['Erreur', 'ERR'],
    ['Avertissement', 'WARN'],
    ['Information', 'INFO'],
    ['Crítico', 'CRIT'],
    ['Advertencia', 'WARN'],
    ['Información', 'INFO'],
    ['Errore', 'ERR'],
    ['Avviso', 'WARN'],
    ['Erro', 'ERR'],
    ['Aviso', 'WARN'],
    ['重大', 'CRIT'],
    ['エラー', 'ERR'],
    ['警告', 'WARN'],
    ['情報', 'INFO'],
    ['严重', 'CRIT'],
    ['错误', 'ERR'],
    ['信息', 'INFO'],
    ['1', 'CRIT'],
    ['2', 'ERR'],
    ['3', 'WARN'],
    ['4', 'INFO'],
    ['5', 'VERBOSE'],
    [' error ', 'ERR'],
  ])('%s → %s', (name, level) => {
    expect(levelFromName(name)).toBe(level);
  });

  it('returns null for unknown names so callers fall back to the catalogue', () => {
    expect(levelFromName('Banana')).toBeNull();
    expect(levelFromName('')).toBeNull();
    expect(levelFromName(null)).toBeNull();
    expect(catalogueLevel(1146)).toBe('CRIT');
    expect(catalogueLevel(1230, 'FailoverClustering')).toBe('ERR');
    expect(catalogueLevel(7036, 'Service Control Manager')).toBe('INFO');
    expect(catalogueLevel(9999)).toBeNull();
  });

  it('expands cut-off and short provider names', () => {
    expect(canonicalProvider('Microsoft-Windows-FailoverCluste')).toBe('Microsoft-Windows-FailoverClustering');
    expect(canonicalProvider('Microsoft-Windows-FailoverClusterin')).toBe('Microsoft-Windows-FailoverClustering');
    expect(canonicalProvider('FailoverClustering')).toBe('Microsoft-Windows-FailoverClustering');
    expect(canonicalProvider('Kernel-General')).toBe('Microsoft-Windows-Kernel-General');
    expect(canonicalProvider('Service Control Manager')).toBe('Service Control Manager');
    expect(canonicalProvider('Microsoft-Windows...')).toBe('Microsoft-Windows...');
    expect(canonicalProvider('storvsc')).toBe('storvsc');
    expect(canonicalProvider('  ')).toBeNull();
  });
});

describe('matchMessage memo', () => {
  it('gives the same match on every call, each with its own parameters', () => {
    const text = "Cluster resource 'Cluster Name' of type 'Network Name' in clustered role 'Cluster Group' failed.";
    const a = matchMessage(text, 1069);
    const b = matchMessage(text, 1069);
    expect(b).toEqual(a);
    expect(b?.params).not.toBe(a?.params);
    if (a) a.params.resource = 'changed';
    expect(matchMessage(text, 1069)?.params.resource).toBe('Cluster Name');
    expect(matchMessage(text)).toEqual(a && { ...a, params: { ...a.params, resource: 'Cluster Name' } });
    expect(hasMatch(text, 1069)).toBe(true);
    expect(hasMatch(text, 7036)).toBe(false);
    expect(matchMessage(text, 7036)).toBeNull();
  });
});
