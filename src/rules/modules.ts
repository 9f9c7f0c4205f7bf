/**
 * Which module a crash names, and whether it ships with Windows. A crash in a Microsoft cluster/OS
 * module points at the resource host; one in a vendor's resource DLL points at that application
 * (domain.md §9 "RHS / DLL crash").
 */

// `Faulting module name: foo.dll`, `... exception ... in foo.dll`, `foo.dll!Function+0x12`.
const DLL_NAME = /\b([\w.-]+\.dll)\b/gi;

/** First DLL a crash text names (`Faulting module name:` first), or null. */
export function faultingDll(text: string): string | null {
  const faulting = /Faulting module (?:name|path)?:?\s*(?:[^\s,]*\\)?([\w.-]+\.dll)/i.exec(text);
  if (faulting?.[1]) return faulting[1].toLowerCase();
  DLL_NAME.lastIndex = 0;
  const m = DLL_NAME.exec(text);
  return m?.[1] ? m[1].toLowerCase() : null;
}

/** Windows and failover-clustering modules that RHS loads or calls into. */
const MICROSOFT_MODULES = new Set([
  'advapi32.dll',
  'clusapi.dll',
  'clusres.dll',
  'clusres2.dll',
  'combase.dll',
  'dnsapi.dll',
  'kernel32.dll',
  'kernelbase.dll',
  'msvcrt.dll',
  'mswsock.dll',
  'netapi32.dll',
  'ntdll.dll',
  'resutils.dll',
  'rpcrt4.dll',
  'sechost.dll',
  'ucrtbase.dll',
  'user32.dll',
  'vmclusres.dll',
  'wldap32.dll',
  'ws2_32.dll',
]);

export function isMicrosoftModule(dll: string): boolean {
  return MICROSOFT_MODULES.has(dll.toLowerCase());
}
