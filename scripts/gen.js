#!/usr/bin/env node
// Synthetic collection generator; the code is in src/generator (run `npm run build` first).
import '../dist/generator/cli.js';
