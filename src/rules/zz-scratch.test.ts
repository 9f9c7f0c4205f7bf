import { it } from 'vitest';
import { builtinRules } from './index.js';
import { requiredLiterals } from './literals.js';

it('which', () => {
  const texts = ['IsAlive sanity check succeeded', '[hadrag] IsAlive request.', 'IsAlive request.', 'LooksAlive request.'];
  for (const r of builtinRules) for (const s of r.signatures) if (s.pattern && (s.on ?? []).includes('res.message')) {
    const l = requiredLiterals(s.pattern.source) ?? [];
    for (const t of texts) for (const x of l) if (t.toLowerCase().includes(x)) console.log(r.meta.id, s.name, JSON.stringify(x), t);
  }
});
