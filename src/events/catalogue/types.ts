/** Shape of one catalogue entry: one Windows wording of one event. */

/** Level an event is logged at (the manifest's level, used when an export omits it). */
export type CatalogueLevel = 'CRIT' | 'ERR' | 'WARN' | 'INFO';

export interface CatalogueEntry {
  readonly id: number;
  /** Stable key `<id>/<wording>`: `1230/deadlock-2016`, `1146/terminated`, ... */
  readonly key: string;
  /** Provider name as in the event's XML (`Microsoft-Windows-FailoverClustering`). */
  readonly provider: string;
  /** Other names the same events are shown under (Event Viewer's short source names, legacy source names). */
  readonly providerAliases?: readonly string[];
  /** Logged under the reporting driver's own name (storport miniports, `disk`): any provider matches. */
  readonly anyProvider?: boolean;
  readonly level: CatalogueLevel;
  /** Symbolic name from the provider's message table, when known. */
  readonly symbol: string | null;
  /** Windows versions that use this wording (`2016+`, `2012/2012 R2`, `2008 R2`, `all`). */
  readonly wording: string;
  /** Message with `%1`..`%n` for the insertion strings. Whitespace is not significant when matching. */
  readonly template: string;
  /** Name of `%1`, `%2`, ... (index 0 is `%1`); null for an insertion string not worth a name. */
  readonly params: readonly (string | null)[];
  /** The whole message is one insertion string (2049–2051): only identified by event ID, never from text. */
  readonly passthrough?: boolean;
  /** Adds parameters derived from the extracted ones (split a bugcheck code from its arguments, ...). */
  readonly derive?: (params: Record<string, string>) => void;
}

export interface TemplateMatch {
  readonly eventId: number;
  /** Catalogue key, e.g. `1230/deadlock-2016`, `1146/terminated`. */
  readonly key: string;
  readonly provider: string;
  /** Named parameters: resource, resourceType, dll, group, node, errorCode, controlCode, volume, status, ... */
  readonly params: Record<string, string>;
}
