/** Options shared by several commands, and their parsers (a bad value is a usage error, exit status 2). */
import { InvalidArgumentError, Option, type Command } from 'commander';
import { parseFailOn, type FailOn, FAIL_ON_VALUES } from './fail-on.js';
import { parseAbsoluteBound, parseTimeBound, type TimeBound } from './time-window.js';

/** Commander reports an InvalidArgumentError as `option '--x <v>' argument 'y' is invalid. <message>`. */
function parser<T>(parse: (value: string) => T): (value: string) => T {
  return (value) => {
    try {
      return parse(value);
    } catch (err) {
      throw new InvalidArgumentError(err instanceof Error ? err.message : String(err));
    }
  };
}

export function parseWidth(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 20) throw new Error('expected a number of columns, at least 20');
  return Number(value);
}

/** `+02:00`, `-5`, `UTC`, `UTC+1`, or an IANA zone that this Node knows (`Europe/Berlin`). */
export function parseEventTz(value: string): string {
  if (/^(?:utc|gmt|z)$/i.test(value) || /^(?:utc|gmt)?\s*[+-]\d{1,2}(?::?\d{2})?$/i.test(value)) return value;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return value;
  } catch {
    throw new Error("expected an offset (+02:00, -5, UTC) or an IANA time zone (Europe/Berlin)");
  }
}

/** `--kind rhs,rcm.state-transition,eventlog` */
export function parseKinds(value: string): string[] {
  const kinds = value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (kinds.length === 0) throw new Error('expected a comma-separated list of event type prefixes (rhs,rcm.state-transition,eventlog)');
  return kinds;
}

/** `--threads 4`: 1 to 64. */
export function parseThreads(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > 64) throw new Error('expected a number of threads from 1 to 64');
  return Number(value);
}

export interface InputOptions {
  readonly eventTz?: string;
  readonly threads?: number;
  readonly nodeName?: string;
  readonly node?: string;
  readonly resource?: string;
  readonly since?: TimeBound;
  readonly until?: TimeBound;
  readonly quiet?: boolean;
  readonly output?: string;
}

export interface DisplayOptions {
  readonly color?: boolean;
  readonly width?: number;
}

export type { FailOn };

/** How inputs are read and which records count. `relative` allows `-10m` and `<incident-id>+2m`. */
export function addInputOptions(command: Command, times: 'relative' | 'absolute'): Command {
  const timeHelp =
    times === 'relative'
      ? 'UTC time (2024-03-01T20:00:00Z, 2024/03/01-20:00:00), or relative to the first incident (-10m) or to one (<incident-id>-5m)'
      : 'UTC time (2024-03-01T20:00:00Z, 2024/03/01-20:00:00)';
  const parseTime = parser(times === 'relative' ? parseTimeBound : parseAbsoluteBound);
  return command
    .addOption(new Option('--since <time>', `start of the window: ${timeHelp}`).argParser(parseTime))
    .addOption(new Option('--until <time>', 'end of the window (same forms as --since, e.g. +2m)').argParser(parseTime))
    .option('--node <name>', 'only records and incidents of this node (case-insensitive)')
    .option('--resource <name>', 'only this resource or group (case-insensitive)')
    .addOption(
      new Option('--event-tz <zone>', 'time zone of event-log exports written in local time: offset (+02:00, -5, UTC) or IANA (Europe/Berlin)').argParser(
        parser(parseEventTz),
      ),
    )
    .option('--node-name <name>', 'node name for inputs that do not say which node wrote them (pasted text)')
    .option('-q, --quiet', 'no progress line on standard error');
}

export function addDisplayOptions(command: Command): Command {
  return command
    .option('--color', 'colour the text output even when it is not a terminal')
    .option('--no-color', 'never colour the output (also: NO_COLOR=1)')
    .addOption(new Option('--width <columns>', 'wrap text output to this many columns (default: terminal width, else 100)').argParser(parser(parseWidth)));
}

export function kindOption(): Option {
  return new Option('--kind <prefixes>', 'only these event types, by prefix: rhs,rcm.state-transition,eventlog,eventlog.1230').argParser(
    parser(parseKinds),
  );
}

export function failOnOption(): Option {
  return new Option('--fail-on <list>', `exit with status 1 when an incident matches: ${FAIL_ON_VALUES.join(', ')} (a severity means that or worse)`).argParser(
    parser(parseFailOn),
  );
}

/** `--threads`, for the commands that analyse (the `events` stream is read in order on one thread). */
export function threadsOption(): Option {
  return new Option(
    '--threads <n>',
    'threads reading at once (default: one per core, up to 4, when large files are given: several files side by side, or one large cluster.log cut into parts; 1: no worker threads)',
  ).argParser(parser(parseThreads));
}
