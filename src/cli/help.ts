/** Help epilogues: exit statuses and examples, including the PowerShell pipelines people type on a cluster node. */

export const EXIT_STATUS = `
Exit status:
  0    the analysis ran, whatever it found
  1    --fail-on matched an incident
  2    usage error, no input could be read, the report could not be
       written, or an internal error (a bug)
  130  interrupted (Ctrl-C)`;

export const PROGRAM_EXAMPLES = `
Examples (PowerShell on a cluster node):
  Get-ClusterLog -Destination C:\\temp\\logs
  wsfc-forensics analyze C:\\temp\\logs
  Get-ClusterLog | % FullName | wsfc-forensics analyze -
  wsfc-forensics analyze . --format markdown -o report.md
  wsfc-forensics analyze C:\\temp\\logs --fail-on deadlock,rhs-failure    # in CI
  wsfc-forensics timeline C:\\temp\\logs --kind rhs,eventlog
  wsfc-forensics rules

Run 'wsfc-forensics <command> --help' for a command's options.`;

export const ANALYZE_HELP = `
Inputs: cluster.log files (any Windows Server version, UTF-16 or UTF-8),
System event-log exports (.evtx, .csv, .txt, .xml), folders of them, and '-'
for standard input: log text, or a list of paths (one per line, as
'Get-ClusterLog | % FullName' prints them). Input problems are reported on
standard error, one line each; the other inputs are still analysed.

Examples:
  Get-ClusterLog -Destination C:\\temp\\logs -TimeSpan 60
  wsfc-forensics analyze C:\\temp\\logs
  Get-ClusterLog | % FullName | wsfc-forensics analyze -
  wsfc-forensics analyze . --format markdown -o report.md
  wsfc-forensics analyze C:\\temp\\logs --format json -o report.json
  wsfc-forensics analyze C:\\temp\\logs --fail-on deadlock,rhs-failure    # CI: exit 1 on a match
  wsfc-forensics analyze C:\\temp\\logs --format junit -o wsfc.xml --fail-on error
  wsfc-forensics analyze node1.log System.csv --event-tz Europe/Berlin
  wsfc-forensics analyze C:\\temp\\logs --since 2024-03-01T20:00:00Z --until +10m
${EXIT_STATUS}`;

export const EVENTS_HELP = `
Prints every record as one JSON object per line, in input order then line
order. Fields: type, utc (ISO-8601 or null), time (as written), node, source,
level, component, channel, pid, tid, file, line, text, then the fields of the
event type (resource, entryPoint, eventId, params...).

Examples:
  wsfc-forensics events C:\\temp\\logs --only-typed -o events.ndjson
  wsfc-forensics events C:\\temp\\logs --only-typed |
    % { $_ | ConvertFrom-Json } | ? type -like 'rhs.*'
  wsfc-forensics events node1.log --resource "Cluster Name" |
    jq -c 'select(.level == "ERR")'
${EXIT_STATUS}`;

export const TIMELINE_HELP = `
One line per significant event across all nodes and sources, aligned on UTC:
  UTC time  node  source(file:line)  event  resource  text

Examples:
  wsfc-forensics timeline C:\\temp\\logs
  wsfc-forensics timeline C:\\temp\\logs --kind rhs,rcm.state-transition,eventlog
  wsfc-forensics timeline C:\\temp\\logs --since <incident-id>-5m --until <incident-id>+2m
  wsfc-forensics timeline C:\\temp\\logs --since -10m --until +2m --node NODE1
  wsfc-forensics timeline C:\\temp\\logs --resource "Cluster Name" --format ndjson
(Incident ids are printed by 'analyze'.)
${EXIT_STATUS}`;

export const RULES_HELP = `
Examples:
  wsfc-forensics rules
  wsfc-forensics rules --format markdown > RULES.md
${EXIT_STATUS}`;
