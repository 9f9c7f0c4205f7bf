/**
 * Hyper-V: the Virtual Machine resource could not get VMMS to register, start or migrate the VM, or
 * the VM reported a critical state (domain.md §9 Hyper-V; §7 21502, 1250/1255).
 */
import {
  ANY_TEXT,
  atNode,
  eventName,
  incidentIs,
  nodeOf,
  ofResource,
  RES_TEXT,
  resourceOf,
  subjectName,
  VIRTUAL_MACHINE,
} from '../common.js';
import { defineRule } from '../types.js';

export default defineRule({
  meta: {
    id: 'hyper-v',
    category: 'hyper-v',
    title: 'Hyper-V could not run or move the virtual machine',
    summary: (i, f) => `A Hyper-V failure ${f.hedge} caused the ${i.kind}${ofResource(i)}${atNode(i)}`,
    recommendations: (i) => [
      `Check the Hyper-V-VMMS and Hyper-V-High-Availability admin logs on ${nodeOf(i)} at the incident time, and that the VM configuration and its storage path are reachable from every possible owner.`,
      'For VMs with many pass-through disks or slow iSCSI, check whether Virtual Machine Configuration online exceeds its pending/deadlock timeout (KB 2020559).',
    ],
  },
  priors: [
    {
      name: 'vm-resource',
      description: 'The failing resource is a Virtual Machine (Configuration)',
      appliesTo: incidentIs({ resourceType: VIRTUAL_MACHINE }),
      weight: 0.15,
      explain: (i) => `${resourceOf(i)} is a Hyper-V virtual machine resource.`,
    },
  ],
  signatures: [
    {
      name: 'vm-registration-failed',
      description: 'Hyper-V-High-Availability 21502 / `failed to register the virtual machine with the virtual machine management service`',
      on: ['eventlog.record'],
      eventIds: [21502],
      template: /failed to register the virtual machine|Live migration of .{0,160}failed|Hyper-V/i,
      weight: 0.7,
      explain: (e) => `${eventName(e)}: the Hyper-V cluster resource could not register, start or migrate the virtual machine.`,
    },
    {
      name: 'vm-registration-text',
      description: '`failed to register the virtual machine` in any resource or event text',
      on: ANY_TEXT,
      components: ['RES'],
      pattern: /failed to register the virtual machine/i,
      weight: 0.75,
      explain: () => `VMMS could not register the virtual machine.`,
      advice: () => 'Check that the VM configuration files are on storage every node can reach and that VMMS is running; re-register or import the VM if its files moved.',
    },
    {
      name: 'vmms-failure',
      description: 'The Virtual Machine Management Service (VMMS) failed or did not answer',
      on: ANY_TEXT,
      components: ['RES'],
      pattern: /\bVMMS\b.{0,80}(?:fail|error|not running|not respond|unavailable|timed? ?out)|Virtual Machine Management service .{0,80}(?:fail|error|terminated|not )/i,
      weight: 0.55,
      explain: () => 'The Virtual Machine Management Service failed or did not answer.',
    },
    {
      name: 'vm-resource-failure',
      description: 'A Virtual Machine resource line reporting a failure, timeout or critical state',
      ...RES_TEXT,
      resourceType: VIRTUAL_MACHINE,
      pattern: /fail|could not|unable to|timed? ?out|critical state|0x8007[0-9a-f]{4}\b|0xc0[0-9a-f]{6}\b/i,
      // An event record counts only when it carries the resource's own line (pass-through 2049–2051): the
      // cluster's 1069/1205 "resource ... failed" about the VM is the incident itself, not a cause.
      when: (e) => e.type !== 'eventlog.record' || /^\s*(?:[A-Za-z]+\s+)?\[RES\]/.test(e.message),
      weight: 0.5,
      explain: (e) => `${subjectName(e, 'The virtual machine')} reported a failure.`,
    },
    {
      name: 'embedded-failure-event',
      description: 'Event 1250/1255: the VM reported a critical state (application or network inside the guest)',
      on: ['eventlog.record'],
      eventIds: [1250, 1255],
      template: /critical state|embedded/i,
      weight: 0.6,
      explain: (e) => `${eventName(e)}: ${subjectName(e, 'the VM')} reported a critical state from inside the guest.`,
    },
    {
      name: 'migration-failed',
      description: 'A live/quick/storage migration failed (MigrationFailureReason)',
      on: ANY_TEXT,
      components: ['RES'],
      pattern: /(?:live|quick|storage) migration .{0,120}(?:fail|did not succeed|could not)|MigrationFailureReason\s*(?:[:=]\s*)?[1-9]|migration (?:operation )?.{0,60}\bfailed/i,
      weight: 0.6,
      explain: () => 'A virtual machine migration failed.',
    },
    {
      name: 'hyper-v-error-event',
      description: 'An error from a Hyper-V provider (VMMS, Worker, Compute, High-Availability) naming a virtual machine',
      on: ['eventlog.record'],
      pattern: /virtual machine|\bVM\b|Hyper-V/i,
      when: (e) =>
        e.type === 'eventlog.record' &&
        e.provider !== null &&
        /Hyper-V/i.test(e.provider) &&
        (e.level === 'ERR' || e.level === 'CRIT' || /error|critical|fehler|erreur/i.test(e.levelName ?? '')),
      weight: 0.5,
      explain: (e) => `${eventName(e)}: Hyper-V (${e.type === 'eventlog.record' ? e.provider : 'Hyper-V'}) logged an error for a virtual machine.`,
    },
  ],
});
