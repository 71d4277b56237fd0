// Lints each message of a JSON list (argv[2]) with commitlint config-conventional; prints rule names.
// Setup: npm i @commitlint/cli @commitlint/config-conventional in a folder, run this from it.
import load from '@commitlint/load';
import lint from '@commitlint/lint';
import fs from 'node:fs';
const messages = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const config = await load({extends: ['@commitlint/config-conventional']}, {cwd: process.cwd()});
const out = [];
for (const message of messages) {
  const r = await lint(message, config.rules, {parserOpts: config.parserPreset?.parserOpts, defaultIgnores: true});
  out.push({message, valid: r.valid, errors: r.errors.map(e => e.name).sort(), warnings: r.warnings.map(e => e.name).sort()});
}
console.log(JSON.stringify(out, null, 1));
