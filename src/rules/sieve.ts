/** What a reader may leave out for the built-in rules: `generic` records no signature can use (see `RecordSieve`). */
import { builtinRules } from './index.js';
import { compileGenericSieve, type GenericSieve } from './prefilter.js';

export const keepsGeneric: GenericSieve = compileGenericSieve(builtinRules);
