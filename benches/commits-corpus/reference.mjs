// Reads JSON lines {hash, message} (argv[2]) and answers, per line, commitlint's verdict
// (config-conventional, default ignores) as {hash, valid, errors, warnings}; with argv[3]
// = a JSON file of release ranges [{range, commits: [{hash, message}]}], commit-analyzer's
// release type per range (conventionalcommits preset) as {range, release}.
import load from '@commitlint/load';
import lint from '@commitlint/lint';
import { analyzeCommits } from '@semantic-release/commit-analyzer';
import fs from 'node:fs';
import readline from 'node:readline';

const mode = process.argv[2];
if (mode === 'lint') {
  const config = await load({ extends: ['@commitlint/config-conventional'] }, { cwd: process.cwd() });
  const rl = readline.createInterface({ input: fs.createReadStream(process.argv[3]) });
  for await (const line of rl) {
    if (!line) continue;
    const { repo, hash, message } = JSON.parse(line);
    let r;
    try {
      r = await lint(message, config.rules, { parserOpts: config.parserPreset?.parserOpts, defaultIgnores: true });
      r = { valid: r.valid, errors: r.errors.map((e) => e.name).sort(), warnings: r.warnings.map((e) => e.name).sort() };
    } catch (e) {
      r = { valid: null, errors: [], warnings: [], threw: String(e.message) };
    }
    process.stdout.write(JSON.stringify({ repo, hash, ...r }) + '\n');
  }
} else if (mode === 'analyze') {
  const ranges = JSON.parse(fs.readFileSync(process.argv[3], 'utf8'));
  const logger = { log() {}, error() {} };
  for (const { repo, range, commits } of ranges) {
    const release = await analyzeCommits({ preset: 'conventionalcommits' }, { commits, logger, cwd: process.cwd() });
    process.stdout.write(JSON.stringify({ repo, range, release }) + '\n');
  }
} else {
  console.error('usage: node reference.mjs lint FILE.jsonl | analyze RANGES.json');
  process.exit(2);
}
