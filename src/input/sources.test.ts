import { chmod, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openInput } from './open.js';
import { parseFileTable, parsePathList, resolveInputs } from './sources.js';

let cwd: string;
beforeEach(async () => {
  cwd = await mkdtemp(join(tmpdir(), 'wsfc-sources-'));
});
afterEach(async () => {
  await rm(cwd, { recursive: true, force: true });
});

const LOG_LINE = '00001894.000018a4::2013/03/08-08:13:01.001 ERR   [RHS] RhsCall::DeadlockMonitor: Call ONLINERESOURCE timed out.';

async function put(rel: string, content: string | Buffer = `${LOG_LINE}\n`): Promise<void> {
  const path = join(cwd, rel);
  await mkdir(join(path, '..'), { recursive: true });
  await writeFile(path, content);
}

/** A standard input stream; `isTTY` as a terminal would set it. */
function stdin(content: Buffer | string, options: { chunk?: number; tty?: boolean } = {}): NodeJS.ReadableStream & { isTTY?: boolean } {
  const bytes = Buffer.isBuffer(content) ? content : Buffer.from(content);
  const size = options.chunk ?? 64 * 1024;
  const chunks: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += size) chunks.push(bytes.subarray(at, at + size));
  const stream = Readable.from(chunks, { objectMode: false }) as Readable & { isTTY?: boolean };
  if (options.tty) stream.isTTY = true;
  return stream;
}

async function drain(stream: NodeJS.ReadableStream | null): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks);
}

const paths = (r: Awaited<ReturnType<typeof resolveInputs>>): string[] => r.files.map((f) => f.path);

describe('resolveInputs: arguments and folders', () => {
  it('keeps files as given, in argument order, with absolute paths and sizes', async () => {
    await put('b.log');
    await put('a.log', 'x\n');
    const r = await resolveInputs(['b.log', 'a.log'], { cwd });
    expect(paths(r)).toEqual(['b.log', 'a.log']);
    expect(r.files[1]).toEqual({ path: 'a.log', absolutePath: join(cwd, 'a.log'), size: 2 });
    expect(r.skipped).toEqual([]);
    expect(r.diagnostics).toEqual([]);
  });

  it('walks folders recursively in sorted order, paths joined to the argument', async () => {
    await put('logs/node2_cluster.log');
    await put('logs/Node1_cluster.log');
    await put('logs/b/x.log');
    await put('logs/a/z.log');
    await put('logs/a/y.log');
    await put('logs/c.txt');
    const r = await resolveInputs(['logs/'], { cwd });
    expect(paths(r)).toEqual([
      join('logs', 'Node1_cluster.log'),
      join('logs', 'a', 'y.log'),
      join('logs', 'a', 'z.log'),
      join('logs', 'b', 'x.log'),
      join('logs', 'c.txt'),
      join('logs', 'node2_cluster.log'),
    ]);
    expect(paths(r)[0]).toBe('logs/Node1_cluster.log');
  });

  it('skips empty files: a warning when named, quietly inside a folder', async () => {
    await put('logs/empty.log', '');
    await put('logs/full.log');
    await put('named-empty.log', '');
    const r = await resolveInputs(['logs', 'named-empty.log'], { cwd });
    expect(paths(r)).toEqual(['logs/full.log']);
    expect(r.skipped).toEqual([
      { path: 'logs/empty.log', reason: 'empty file' },
      { path: 'named-empty.log', reason: 'empty file' },
    ]);
    expect(r.diagnostics).toEqual([{ level: 'warning', code: 'empty', file: 'named-empty.log', line: null, message: 'empty file' }]);
  });

  it('reports a missing file and goes on', async () => {
    await put('here.log');
    const r = await resolveInputs(['gone.log', 'here.log'], { cwd });
    expect(paths(r)).toEqual(['here.log']);
    expect(r.skipped).toEqual([{ path: 'gone.log', reason: 'no such file or directory' }]);
    expect(r.diagnostics).toEqual([{ level: 'error', code: 'unreadable', file: 'gone.log', line: null, message: 'no such file or directory' }]);
  });

  it('follows symbolic links and reports a loop', async () => {
    await put('logs/real/a.log');
    await put('elsewhere/b.log');
    await symlink(join(cwd, 'logs'), join(cwd, 'logs/real/back'));
    await symlink(join(cwd, 'elsewhere'), join(cwd, 'logs/linked'));
    await symlink(join(cwd, 'logs/self'), join(cwd, 'logs/self'));
    const r = await resolveInputs(['logs'], { cwd });
    expect(paths(r)).toEqual(['logs/linked/b.log', 'logs/real/a.log']);
    expect(r.skipped).toEqual([
      { path: 'logs/real/back', reason: 'symbolic link loop (leads back to logs)' },
      { path: 'logs/self', reason: 'symbolic link loop' },
    ]);
    expect(r.diagnostics.map((d) => [d.code, d.file])).toEqual([
      ['symlink-loop', 'logs/real/back'],
      ['symlink-loop', 'logs/self'],
    ]);
  });

  it('takes each file once', async () => {
    await put('logs/a.log');
    await symlink(join(cwd, 'logs/a.log'), join(cwd, 'alias.log'));
    const r = await resolveInputs(['logs', 'logs/a.log', 'alias.log', 'logs'], { cwd });
    expect(paths(r)).toEqual(['logs/a.log']);
    expect(r.skipped).toEqual([
      { path: 'logs/a.log', reason: 'same file as logs/a.log' },
      { path: 'alias.log', reason: 'same file as logs/a.log' },
      { path: 'logs', reason: 'same folder as logs' },
    ]);
  });

  it('skips a broken symbolic link inside a folder', async () => {
    await put('logs/a.log');
    await symlink(join(cwd, 'nowhere'), join(cwd, 'logs/dangling'));
    const r = await resolveInputs(['logs'], { cwd });
    expect(paths(r)).toEqual(['logs/a.log']);
    expect(r.skipped).toEqual([{ path: 'logs/dangling', reason: 'broken symbolic link' }]);
  });

  it.skipIf(process.getuid?.() === 0)('reports an unreadable file and folder', async () => {
    await put('locked.log');
    await put('closed/a.log');
    await chmod(join(cwd, 'locked.log'), 0o000);
    await chmod(join(cwd, 'closed'), 0o000);
    try {
      const r = await resolveInputs(['locked.log', 'closed'], { cwd });
      expect(r.files).toEqual([]);
      expect(r.skipped).toEqual([
        { path: 'locked.log', reason: 'permission denied' },
        { path: 'closed', reason: 'permission denied' },
      ]);
    } finally {
      await chmod(join(cwd, 'closed'), 0o755);
    }
  });

  it('reads nothing from a terminal when there are no arguments', async () => {
    const r = await resolveInputs([], { cwd, stdin: stdin('', { tty: true }) });
    expect(r).toMatchObject({ files: [], stdinText: null, stdinStream: null, stdinKind: null, skipped: [] });
  });
});

describe('resolveInputs: standard input', () => {
  it('passes log text through, replaying what was read to decide', async () => {
    const text = `${LOG_LINE}\r\n`.repeat(5000);
    const r = await resolveInputs([], { cwd, stdin: stdin(text, { chunk: 1000 }) });
    expect(r.stdinKind).toBe('text');
    expect(r.stdinText).toEqual({ path: '-', absolutePath: null, size: null });
    expect(r.files).toEqual([]);
    expect((await drain(r.stdinStream)).toString()).toBe(text);
  });

  it('hands piped log text to openInput without losing a byte', async () => {
    const lines = Array.from({ length: 3000 }, (_, i) => `${LOG_LINE} ${i}`);
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(lines.join('\r\n'), 'utf16le')]);
    const r = await resolveInputs(['-'], { cwd, stdin: stdin(bytes, { chunk: 777 }) });
    const opened = await openInput(r.stdinText!, { stdin: r.stdinStream! });
    const got: string[] = [];
    for await (const batch of opened.lines) got.push(...batch);
    expect(opened.encoding).toBe('utf-16le');
    expect(got).toEqual(lines);
  });

  it('gives the size of a short piped text', async () => {
    const r = await resolveInputs(['-'], { cwd, stdin: stdin(LOG_LINE, { chunk: 1 }) });
    expect(r.stdinText).toEqual({ path: '-', absolutePath: null, size: LOG_LINE.length });
  });

  it('reads a list of paths with CRLF, resolving Windows paths by file name in the current folder', async () => {
    await put('NODE1_cluster.log');
    await put('node2_cluster.log');
    await put('local/three.log');
    const listing = [
      'C:\\Windows\\Cluster\\Reports\\NODE1_cluster.log',
      '\\\\fileserver\\share\\NODE2_cluster.log',
      'local/three.log',
      'C:\\Windows\\Cluster\\Reports\\NODE3_cluster.log',
      '',
    ].join('\r\n');
    const r = await resolveInputs([], { cwd, stdin: stdin(listing) });
    expect(r.stdinKind).toBe('paths');
    expect(r.stdinText).toBeNull();
    expect(r.files).toEqual([
      { path: 'NODE1_cluster.log', absolutePath: join(cwd, 'NODE1_cluster.log'), size: LOG_LINE.length + 1 },
      { path: 'node2_cluster.log', absolutePath: join(cwd, 'node2_cluster.log'), size: LOG_LINE.length + 1 },
      { path: 'local/three.log', absolutePath: join(cwd, 'local/three.log'), size: LOG_LINE.length + 1 },
    ]);
    expect(r.skipped).toEqual([
      { path: 'C:\\Windows\\Cluster\\Reports\\NODE3_cluster.log', reason: 'not found (nor NODE3_cluster.log in the current folder)' },
    ]);
    expect(r.diagnostics.map((d) => [d.level, d.code, d.file])).toEqual([
      ['info', 'stdin-listing', '-'],
      ['info', 'resolved-by-name', 'NODE1_cluster.log'],
      ['info', 'resolved-by-name', 'node2_cluster.log'],
      ['error', 'unreadable', 'C:\\Windows\\Cluster\\Reports\\NODE3_cluster.log'],
    ]);
  });

  it('reads a UTF-16LE list of paths (PowerShell redirection)', async () => {
    await put('H19N1.H19Corp.com_cluster.log');
    const listing = 'C:\\Reports\\H19N1.H19Corp.com_cluster.log\r\n';
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(listing, 'utf16le')]);
    const r = await resolveInputs(['-'], { cwd, stdin: stdin(bytes, { chunk: 1 }) });
    expect(paths(r)).toEqual(['H19N1.H19Corp.com_cluster.log']);
  });

  it('reads an existing folder listed on standard input', async () => {
    await put('reports/a_cluster.log');
    const r = await resolveInputs([], { cwd, stdin: stdin(`${join(cwd, 'reports')}\n`) });
    expect(paths(r)).toEqual([join(cwd, 'reports', 'a_cluster.log')]);
  });

  it('reads Select-Object FullName output', async () => {
    await put('node1_cluster.log');
    const r = await resolveInputs([], { cwd, stdin: stdin('\r\nFullName\r\n--------\r\nC:\\R\\node1_cluster.log\r\n\r\n') });
    expect(r.stdinKind).toBe('paths');
    expect(paths(r)).toEqual(['node1_cluster.log']);
  });

  it("reads PowerShell's FileInfo table, names with spaces included", async () => {
    await put('NODE1_cluster.log');
    await put('My Node 2_cluster.log');
    const table = [
      '',
      '',
      '    Directory: C:\\Windows\\Cluster\\Reports',
      '',
      '',
      'Mode                 LastWriteTime         Length Name',
      '----                 -------------         ------ ----',
      '-a----        11/22/2026   3:04 PM        1234567 NODE1_cluster.log',
      '-a----        11/22/2026   3:05 PM         654321 My Node 2_cluster.log',
      '',
      '',
    ].join('\r\n');
    const r = await resolveInputs(['-'], { cwd, stdin: stdin(table) });
    expect(r.stdinKind).toBe('table');
    expect(paths(r)).toEqual(['NODE1_cluster.log', 'My Node 2_cluster.log']);
    expect(r.skipped).toEqual([]);
  });

  it('reads a FileInfo table whose folder exists here as given', async () => {
    await put('reports/n1_cluster.log');
    const folder = join(cwd, 'reports');
    const table = [
      `    Directory: ${folder}`,
      '',
      'Mode                 LastWriteTime         Length Name',
      '----                 -------------         ------ ----',
      '-a----        22.11.2026     15:04           4096 n1_cluster.log',
    ].join('\n');
    const r = await resolveInputs([], { cwd, stdin: stdin(table) });
    expect(paths(r)).toEqual([join(folder, 'n1_cluster.log')]);
    expect(r.diagnostics.map((d) => d.code)).toEqual(['stdin-listing']);
  });

  it('resolves a name the console cut short when it is unique', async () => {
    await put('NODE1_cluster.log');
    await put('NODE2_cluster.log');
    const table = [
      '    Directory: C:\\Windows\\Cluster\\Reports',
      '',
      'Mode          LastWriteTime   Length Name',
      '----          -------------   ------ ----',
      '-a----   11/22/2026 3:04 PM  1234567 NODE1_clu...',
      '-a----   11/22/2026 3:04 PM  1234567 NODE...',
    ].join('\n');
    const r = await resolveInputs([], { cwd, stdin: stdin(table) });
    expect(paths(r)).toEqual(['NODE1_cluster.log']);
    expect(r.skipped).toEqual([
      { path: 'C:\\Windows\\Cluster\\Reports\\NODE...', reason: 'file name cut short by the console width (pipe "| % FullName" instead)' },
    ]);
  });

  it('reports an empty standard input when `-` is given', async () => {
    const r = await resolveInputs(['-'], { cwd, stdin: stdin('') });
    expect(r.stdinText).toBeNull();
    expect(r.skipped).toEqual([{ path: '-', reason: 'standard input is empty' }]);
  });

  it('reads standard input once', async () => {
    const r = await resolveInputs(['-', '-'], { cwd, stdin: stdin(LOG_LINE) });
    expect(r.stdinText).not.toBeNull();
    expect(r.skipped).toEqual([{ path: '-', reason: 'standard input is already read' }]);
  });

  it('passes gzip and binary input on standard input through as data', async () => {
    const r = await resolveInputs([], { cwd, stdin: stdin(Buffer.from([0x1f, 0x8b, 8, 0, 0, 0])) });
    expect(r.stdinKind).toBe('text');
    expect((await drain(r.stdinStream)).length).toBe(6);
  });
});

describe('parseFileTable', () => {
  it('handles several Directory sections and folders', () => {
    const lines = [
      '    Directory: C:\\A',
      '',
      'Mode                 LastWriteTime         Length Name',
      '----                 -------------         ------ ----',
      'd-----        11/22/2026   3:04 PM                Sub Folder',
      '-a----        11/22/2026   3:04 PM             12 x.log',
      '',
      '    Verzeichnis: \\\\srv\\share',
      '',
      'Mode                 LastWriteTime         Length Name',
      '----                 -------------         ------ ----',
      '-a----        22.11.2026     15:04             12 y.log',
    ];
    expect(parseFileTable(lines)).toEqual([
      { path: 'C:\\A\\Sub Folder', cutShort: false },
      { path: 'C:\\A\\x.log', cutShort: false },
      { path: '\\\\srv\\share\\y.log', cutShort: false },
    ]);
  });

  it('refuses log text', () => {
    expect(parseFileTable([LOG_LINE, LOG_LINE])).toBeNull();
    expect(parseFileTable(['Level,Date and Time,Source,Event ID,Task Category', 'Error,1/2/2026 3:04:05 PM,x,1230,None'])).toBeNull();
  });
});

describe('parsePathList', () => {
  it('accepts absolute, UNC, relative and quoted paths', () => {
    expect(parsePathList(['C:\\x\\a.log', '\\\\s\\h\\b.log', '/var/c.log', './d.log', 'e_cluster.log', '"C:\\My Logs\\f.log"'])).toEqual([
      'C:\\x\\a.log',
      '\\\\s\\h\\b.log',
      '/var/c.log',
      './d.log',
      'e_cluster.log',
      'C:\\My Logs\\f.log',
    ]);
  });

  it('refuses log text', () => {
    expect(parsePathList([LOG_LINE])).toBeNull();
    expect(parsePathList(['[=== Cluster ===]'])).toBeNull();
    expect(parsePathList(['<Events>', '<Event xmlns="x">'])).toBeNull();
    expect(parsePathList(['C:\\x\\a.log', 'Event ID: 1230'])).toBeNull();
    expect(parsePathList([])).toBeNull();
  });
});
