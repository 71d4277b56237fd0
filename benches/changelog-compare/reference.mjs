// The changelog conventional-changelog 8.1.3 writes with the conventionalcommits
// preset 10.4.1 for one release range, as `conventional-changelog -p conventionalcommits`
// would for that release: `node reference.mjs GIT_DIR FROM TO URL DATE [PATH] [TAG_PREFIX]`.
// The version is TO without the tag prefix (or `v`); the date is DATE, TO's commit
// date (what the writer takes from the release's tagged commit), links are built
// from URL. One release: the pre-release tags inside the range do not split it.
import { ConventionalChangelog } from 'conventional-changelog';

const [gitDir, from, to, url, date, path, prefix] = process.argv.slice(2);
const version = prefix && to.startsWith(prefix) ? to.slice(prefix.length) : to.replace(/^v/, '');
const generator = new ConventionalChangelog(gitDir)
  .loadPreset('conventionalcommits')
  .repository(url)
  .tags(prefix ? { prefix } : {})
  .context({ version, date, previousTag: from, currentTag: to, linkCompare: true })
  .writer({ generateOn: () => false, doFlush: true })
  .commits({ from, to, ...(path ? { path } : {}) });
for await (const chunk of generator.write()) process.stdout.write(chunk);
