/**
 * The event catalogue: message templates of the System/Operational events that matter to
 * cluster incidents (domain.md §7), as data. Used to identify events whose ID is missing
 * (cluster.log `[System]` section, pasted text), to extract their parameters, and to render
 * messages for .evtx records from their insertion strings.
 *
 * (Interface stub: the full catalogue is implemented in this file.)
 */

export interface TemplateMatch {
  readonly eventId: number;
  /** Catalogue key, e.g. `1230/deadlock-2016`, `1146/terminated`. */
  readonly key: string;
  readonly provider: string;
  /** Named parameters: resource, resourceType, dll, group, node, errorCode, controlCode, volume, status, ... */
  readonly params: Record<string, string>;
}

/** Identify an event from its message text (any Windows wording). `eventId` narrows the search when known. */
export function matchMessage(message: string, eventId?: number | null): TemplateMatch | null {
  void message;
  void eventId;
  return null;
}

/** Render the message of an event from its insertion strings (.evtx), or null when not catalogued. */
export function renderMessage(eventId: number, provider: string | null, data: readonly string[]): string | null {
  void eventId;
  void provider;
  void data;
  return null;
}
