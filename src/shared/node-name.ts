/** Node names: from file names, and normalised for comparing nodes across sources. */

/** A DNS name or NetBIOS host name: letters, digits, hyphens (underscores tolerated), labels joined by dots. */
const HOST = /^[A-Za-z0-9](?:[A-Za-z0-9_-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9_-]*[A-Za-z0-9])?)*$/;

/** `<node>_cluster.log` (Get-ClusterLog -Destination; the node may be an FQDN), optionally compressed. */
const UNDERSCORE_FORM = /^(.+)_cluster\.log(?:\.gz)?$/i;
/**
 * `<node>.cluster.log`, accepted only for a short host name that looks like one (a digit, or all capitals),
 * so that `old.cluster.log` or `backup.cluster.log` do not name a node.
 */
const DOT_FORM = /^(.+)\.cluster\.log(?:\.gz)?$/i;

/**
 * `<node>_System.csv`, `<node>-system-events.txt`, `<node>_Application.evtx`...: the names people give per-node
 * event exports. Only used when the export itself carries no computer name.
 */
const EXPORT_FORM =
  /^(.+?)[_-](?:microsoft-windows-)?(?:system|application|events?|event-?logs?|operational|failover-?clustering)(?:[_-][^.]*)?\.(?:csv|tsv|txt|xml|evtx|json|log)(?:\.gz)?$/i;
/** Log names that are not node names (`system-events.txt`). */
const LOG_WORD = /^(?:system|application|events?|event-?logs?|operational|security|setup)$/i;

const IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}$/;

/** Last component of a Windows or POSIX path. */
function baseName(path: string): string {
  const cut = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return cut === -1 ? path : path.slice(cut + 1);
}

/**
 * Node name from a file name: `node1_cluster.log` → `node1`, `H19N1.H19Corp.com_cluster.log` → `H19N1.H19Corp.com`,
 * `NODE1.cluster.log` → `NODE1`, `HV12N1_System.csv` → `HV12N1`. Case as written; null when the name has none of these shapes.
 */
export function nodeFromFileName(path: string): string | null {
  const name = baseName(path);
  const underscore = UNDERSCORE_FORM.exec(name);
  if (underscore) return HOST.test(underscore[1]!) ? underscore[1]! : null;
  const dot = DOT_FORM.exec(name);
  if (dot) {
    const host = dot[1]!;
    if (HOST.test(host) && !host.includes('.') && (/\d/.test(host) || host === host.toUpperCase())) return host;
  }
  const exported = EXPORT_FORM.exec(name);
  if (exported && HOST.test(exported[1]!) && !LOG_WORD.test(exported[1]!)) return exported[1]!;
  return null;
}

/**
 * Upper-case short host name, for comparing nodes across sources:
 * `Server1.contoso.com.` → `SERVER1`, `CONTOSO\NODE1$` → `NODE1`, `\\node2` → `NODE2`. IP addresses are kept whole.
 */
export function normaliseNode(name: string): string {
  let s = name.trim();
  s = s.replace(/^\\\\/, '');
  const slash = s.lastIndexOf('\\');
  if (slash !== -1) s = s.slice(slash + 1);
  s = s.replace(/\$$/, '');
  // Trailing dots of a rooted FQDN, trimmed without a regex: `/\.+$/` is quadratic on long runs of dots.
  let end = s.length;
  while (end > 0 && s.charCodeAt(end - 1) === 0x2e) end--;
  s = s.slice(0, end);
  if (IPV4.test(s) || s.includes(':')) return s.toUpperCase();
  const dot = s.indexOf('.');
  if (dot > 0) s = s.slice(0, dot);
  return s.toUpperCase();
}
