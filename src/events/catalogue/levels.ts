/** Level names as exports write them, in the exporting machine's language. */

export type NamedLevel = 'CRIT' | 'ERR' | 'WARN' | 'INFO' | 'VERBOSE';

const NAMES: Readonly<Record<NamedLevel, readonly string[]>> = {
  CRIT: [
    'critical', 'crit', 'kritisch', 'critique', 'crítico', 'critico', 'kritiek', 'krytyczny', 'критический', 'kritikus',
    '重大', '严重', '关键', '嚴重', '위험', '심각',
  ],
  ERR: [
    'error', 'err', 'fehler', 'erreur', 'errore', 'erro', 'fout', 'błąd', 'ошибка', 'hiba', 'hata', 'fel', 'fejl', 'feil',
    'エラー', '错误', '錯誤', '오류', 'failureaudit', 'failure audit', 'audit failure', 'überwachung gescheitert',
  ],
  WARN: [
    'warning', 'warn', 'warnung', 'avertissement', 'advertencia', 'avviso', 'aviso', 'waarschuwing', 'ostrzeżenie',
    'предупреждение', 'figyelmeztetés', 'uyarı', 'varning', 'advarsel', '警告', '경고',
  ],
  INFO: [
    'information', 'informational', 'info', 'informationen', 'información', 'informazioni', 'informações', 'informação',
    'informatie', 'informacje', 'сведения', 'információ', 'bilgi', '情報', '信息', '資訊', '정보', 'successaudit',
    'success audit', 'audit success', 'überwachung erfolgreich', 'logalways',
  ],
  VERBOSE: [
    'verbose', 'ausführlich', 'commentaires', 'detallado', 'dettagliato', 'detalhado', 'uitgebreid', 'szczegółowe',
    'подробности', 'részletes', 'ayrıntılı', '詳細', '详细', '詳細資訊', '자세한 정보', 'debug',
  ],
};

const BY_NAME = new Map<string, NamedLevel>();
for (const [level, names] of Object.entries(NAMES) as [NamedLevel, readonly string[]][]) {
  for (const name of names) BY_NAME.set(name, level);
}

/** Windows event levels 1–5 (0 = LogAlways, shown as Information). */
const BY_NUMBER: readonly NamedLevel[] = ['INFO', 'CRIT', 'ERR', 'WARN', 'INFO', 'VERBOSE'];

/**
 * Normalises a level as written in an export: English and localised names (German, French, Spanish,
 * Italian, Portuguese, Dutch, Polish, Russian, Japanese, Chinese, Korean...), `Get-EventLog` entry
 * types, and the numeric levels 0–5. Null when unknown; callers then fall back to the catalogue level.
 */
export function levelFromName(name: string | null | undefined): NamedLevel | null {
  if (name === null || name === undefined) return null;
  // Exports repeat a handful of level names (and rows are tested for one on every line); long text is not one.
  if (name.length > 64) return resolve(name);
  const hit = CACHE.get(name);
  if (hit !== undefined) return hit;
  const level = resolve(name);
  if (CACHE.size >= CACHE_LIMIT) CACHE.clear();
  CACHE.set(name, level);
  return level;
}

const CACHE = new Map<string, NamedLevel | null>();
const CACHE_LIMIT = 2000;

function resolve(name: string): NamedLevel | null {
  const key = name.trim().toLowerCase();
  if (key === '') return null;
  if (/^\d+$/.test(key)) return BY_NUMBER[Number(key)] ?? null;
  return BY_NAME.get(key) ?? BY_NAME.get(key.replace(/\s+/g, '')) ?? null;
}

/** `Get-EventLog` serialises `EntryType` as its enum value in JSON (1 Error, 2 Warning, 4 Information, 8/16 audits): its name. */
export function entryTypeName(value: number): string | null {
  const names: Record<number, string> = { 1: 'Error', 2: 'Warning', 4: 'Information', 8: 'SuccessAudit', 16: 'FailureAudit' };
  return names[value] ?? null;
}
