import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeChar, mdCode, mdFence, mdText, sanitize } from './sanitize.js';

/** Anything a terminal or a bidi-aware renderer would act on. */
const DANGEROUS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/u;

describe('sanitize', () => {
  it('escapes ANSI colour, OSC 8 hyperlinks (BEL and ST), backspace, CR and bidi overrides visibly', () => {
    const hostile = 'a\x1b[31mred\x1b[0m \x1b]8;;https://evil.example/\x07link\x1b]8;;\x1b\\ \b\rX \u202eexe.txt';
    expect(sanitize(hostile)).toBe(
      'a\\x1b[31mred\\x1b[0m \\x1b]8;;https://evil.example/\\x07link\\x1b]8;;\\x1b\\ \\x08\\rX \\u202eexe.txt',
    );
  });

  it('escapes C1 controls (a one-byte CSI), DEL, isolates, zero-width and tag characters', () => {
    expect(sanitize('\u009b31m\u007f\u2066\u2069\u200b\u200d\ufeff\u{e0041}')).toBe(
      '\\x9b31m\\x7f\\u2066\\u2069\\u200b\\u200d\\ufeff\\u{e0041}',
    );
  });

  it('keeps newlines and tabs only when asked', () => {
    expect(sanitize('a\tb\nc')).toBe('a\\tb\\nc');
    expect(sanitize('a\tb\nc', { newlines: true, tabs: true })).toBe('a\tb\nc');
    expect(sanitize('a\r\nb', { newlines: true })).toBe('a\\r\nb');
  });

  it('escapes lone surrogates but keeps pairs (emoji) and ordinary Unicode', () => {
    expect(sanitize('\ud800x')).toBe('\\ud800x');
    expect(sanitize('ok 😀 Größe 名前 — → ·')).toBe('ok 😀 Größe 名前 — → ·');
  });

  it('leaves Windows paths and backslashes alone', () => {
    expect(sanitize('C:\\Windows\\Cluster\\Reports\\cluster.log')).toBe('C:\\Windows\\Cluster\\Reports\\cluster.log');
  });

  it('never lets a dangerous character through, whatever the input', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        const out = sanitize(s, { newlines: true, tabs: true });
        expect(DANGEROUS.test(out)).toBe(false);
        expect(sanitize(out, { newlines: true, tabs: true })).toBe(out);
      }),
    );
  });

  it('is the identity on safe text', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme-ascii' }).filter((s) => !/[\x00-\x1f\x7f]/.test(s)), (s) => sanitize(s) === s));
  });

  it('writes short escapes for tab, newline and CR, hex otherwise', () => {
    expect([escapeChar('\t'), escapeChar('\n'), escapeChar('\r'), escapeChar('\x1b'), escapeChar('\u202e')]).toEqual([
      '\\t',
      '\\n',
      '\\r',
      '\\x1b',
      '\\u202e',
    ]);
  });
});

describe('markdown escaping', () => {
  it('turns markup in prose into literal text', () => {
    expect(mdText('[click](http://x) ![img](y) <script> *a* _b_ `c` | ~d~ &amp; #1')).toBe(
      '\\[click\\](http://x) \\!\\[img\\](y) \\<script\\> \\*a\\* \\_b\\_ \\`c\\` \\| \\~d\\~ \\&amp; \\#1',
    );
  });

  it('puts code spans around backtick runs with a longer delimiter', () => {
    expect(mdCode('plain')).toBe('`plain`');
    expect(mdCode('a`b')).toBe('``a`b``');
    expect(mdCode('``x``')).toBe('``` ``x`` ```');
    expect(mdCode('')).toBe('');
  });

  it('escapes pipes inside code spans only in tables', () => {
    expect(mdCode('a|b', { inTable: true })).toBe('`a\\|b`');
    expect(mdCode('a|b')).toBe('`a|b`');
  });

  it('fences code with more backticks than any run inside', () => {
    expect(mdFence('x')).toBe('```text\nx\n```');
    expect(mdFence('a ```` b')).toBe('`````text\na ```` b\n`````');
    expect(mdFence('\x1b[31mred\nline')).toBe('```text\n\\x1b[31mred\nline\n```');
  });

  it('never lets a fence close early', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const block = mdFence(s).split('\n');
        const fence = block[0]?.replace('text', '') ?? '';
        const inner = block.slice(1, -1);
        expect(inner.some((line) => line.trimStart().startsWith(fence))).toBe(false);
      }),
    );
  });
});
