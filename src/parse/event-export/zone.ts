/**
 * `--event-tz`: the zone of local-time exports. A fixed offset (`+02:00`, `-5`, `UTC+1`, `UTC`) or an
 * IANA zone (`Europe/Berlin`), resolved per record so that DST changes inside an export are honoured.
 */

export interface ZoneResolver {
  /** For `ZoneDecision.how`. */
  readonly how: string;
  /** Minutes to add to a wall clock (epoch ms read as UTC) to get UTC. */
  offsetAt(wallMs: number): number;
}

const FIXED = /^(?:utc|gmt)?\s*([+-])\s*(\d{1,2})(?::?(\d{2}))?$/i;

/** Null when the text is neither an offset nor a zone this runtime knows. */
export function parseEventTz(spec: string): ZoneResolver | null {
  const text = spec.trim();
  if (/^(?:utc|gmt|z)$/i.test(text)) return { how: `--event-tz ${text}`, offsetAt: () => 0 };
  const m = FIXED.exec(text);
  if (m) {
    const hours = Number(m[2]);
    const minutes = Number(m[3] ?? 0);
    if (hours > 14 || minutes > 59) return null;
    const east = (m[1] === '-' ? -1 : 1) * (hours * 60 + minutes);
    return { how: `--event-tz ${text}`, offsetAt: () => -east };
  }
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: text,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
  } catch {
    return null;
  }
  return ianaResolver(text, format);
}

function ianaResolver(zone: string, format: Intl.DateTimeFormat): ZoneResolver {
  /** Zone wall clock minus UTC at an instant, in ms. */
  const eastAt = (utcMs: number): number => {
    const parts: Record<string, number> = {};
    for (const p of format.formatToParts(new Date(utcMs))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
    const wall = Date.UTC(parts.year ?? 1970, (parts.month ?? 1) - 1, parts.day ?? 1, parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0);
    return wall - Math.floor(utcMs / 1000) * 1000;
  };
  // DST changes on (half-)hour boundaries: one lookup per wall-clock half hour is enough.
  const cache = new Map<number, number>();
  return {
    how: `--event-tz ${zone} (DST per record)`,
    offsetAt(wallMs: number): number {
      const key = Math.floor(wallMs / 1_800_000);
      const hit = cache.get(key);
      if (hit !== undefined) return hit;
      const first = wallMs - eastAt(wallMs);
      const utc = wallMs - eastAt(first);
      const minutes = Math.round((utc - wallMs) / 60_000);
      if (cache.size > 10_000) cache.clear();
      cache.set(key, minutes);
      return minutes;
    },
  };
}
