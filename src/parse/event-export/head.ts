/** Helpers for sniffing the decoded head of a file. */

/** The first `max` non-blank lines, BOM removed. */
export function nonBlank(head: readonly string[], max = 60): string[] {
  const out: string[] = [];
  for (let i = 0; i < head.length && out.length < max; i++) {
    let line = head[i] ?? '';
    if (i === 0 && line.charCodeAt(0) === 0xfeff) line = line.slice(1);
    if (line.trim() !== '') out.push(line);
  }
  return out;
}

/** Share of `lines` for which `test` holds (0 for no lines). */
export function share(lines: readonly string[], test: (line: string) => boolean): number {
  if (lines.length === 0) return 0;
  let n = 0;
  for (const l of lines) if (test(l)) n++;
  return n / lines.length;
}

/** Removes one pair of surrounding double quotes. */
export function unquote(text: string): string {
  const t = text.trim();
  return t.length >= 2 && t.startsWith('"') && t.endsWith('"') ? t.slice(1, -1).replace(/""/g, '"') : t;
}
