/**
 * The built-in rule families, one line each, alphabetical. Adding a family is its folder plus one
 * line here; registry.test.ts checks this list against the folders.
 */
export { default as activeDirectory } from './active-directory/index.js';
export { default as application } from './application/index.js';
export { default as configuration } from './configuration/index.js';
export { default as dns } from './dns/index.js';
export { default as hyperV } from './hyper-v/index.js';
export { default as network } from './network/index.js';
export { default as performance } from './performance/index.js';
export { default as resourceHost } from './resource-host/index.js';
export { default as storage } from './storage/index.js';
