import type { Report } from '../shared/report.js';

/**
 * Display names for input paths. Paths are shown as given, and may be Windows (`C:\temp\logs\x.log`)
 * or POSIX style whatever the platform the report is rendered on, so both separators are handled here
 * instead of with `node:path`.
 */

function segments(path: string): string[] {
  return path.split(/[\\/]+/).filter((s) => s !== '');
}

/**
 * The shortest trailing part of each path that still tells it apart from the others:
 * `NODE1_cluster.log`, or `node1/cluster.log` when several files share a name.
 */
export function shortNames(paths: readonly string[]): Map<string, string> {
  const unique = [...new Set(paths)];
  const parts = new Map(unique.map((p) => [p, segments(p)] as const));
  const depth = new Map<string, number>(unique.map((p) => [p, 1]));
  const name = (p: string): string => {
    const segs = parts.get(p) ?? [];
    const d = depth.get(p) ?? 1;
    return segs.length === 0 ? p : segs.slice(Math.max(0, segs.length - d)).join('/');
  };
  for (let round = 0; round < 64; round += 1) {
    const byName = new Map<string, string[]>();
    for (const p of unique) byName.set(name(p), [...(byName.get(name(p)) ?? []), p]);
    let changed = false;
    for (const group of byName.values()) {
      if (group.length < 2) continue;
      for (const p of group) {
        const d = depth.get(p) ?? 1;
        if (d < (parts.get(p)?.length ?? 0)) {
          depth.set(p, d + 1);
          changed = true;
        }
      }
    }
    if (!changed) break;
  }
  return new Map(paths.map((p) => [p, name(p)] as const));
}

/** The folder all paths share (`C:\temp\logs`, `logs/cluster`), or null when they share none. */
export function commonFolder(paths: readonly string[]): string | null {
  const dirs = paths.filter((p) => p !== '-').map((p) => segments(p).slice(0, -1));
  const first = dirs[0];
  if (first === undefined) return null;
  let length = first.length;
  for (const dir of dirs.slice(1)) {
    let i = 0;
    while (i < length && i < dir.length && dir[i]?.toLowerCase() === first[i]?.toLowerCase()) i += 1;
    length = i;
  }
  if (length === 0) return null;
  const sep = paths.some((p) => p.includes('\\')) ? '\\' : '/';
  const absolute = paths.find((p) => p !== '-')?.startsWith('/') === true ? '/' : '';
  return absolute + first.slice(0, length).join(sep);
}

/** Short names for every file a report mentions: inputs and the sources of timelines and evidence. */
export function sourceNames(report: Report): Map<string, string> {
  const cited = report.incidents.flatMap((i) => [...i.timeline.map((t) => t.source.file), ...i.rootCause.evidence.map((e) => e.source.file)]);
  return shortNames([...report.inputs.map((i) => i.path), ...cited]);
}
