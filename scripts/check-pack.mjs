// @ts-check
// Checks what `npm pack` would ship against scripts/pack-files.txt, after `npm run build`: every packed file is
// expected, every expected file is packed, and no source map, source or test slips in. Prints the file count and
// sizes, and `pack: N passed, N failed` last.
//
//   node scripts/check-pack.mjs            check the package as built in dist/
//   node scripts/check-pack.mjs --write    rewrite scripts/pack-files.txt from what is packed now (then review the diff)
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createChecks } from './checks.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const listFile = fileURLToPath(new URL('./pack-files.txt', import.meta.url));
const write = process.argv.includes('--write');

for (const path of ['dist/index.js', 'dist/index.d.ts', 'dist/core.js', 'dist/sse-feed.bundle.js', 'custom-elements.json']) {
  if (!existsSync(new URL(`../${path}`, import.meta.url))) {
    console.error(`check-pack: ${path} is missing: run npm run build first`);
    process.exit(1);
  }
}

// --ignore-scripts: the build has run already (prepack would run it again, and rewrite dist/ under other checks).
const pack = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8' });
if (pack.status !== 0) {
  console.error(`check-pack: npm pack --dry-run failed:\n${pack.stderr}`);
  process.exit(1);
}
/** @type {[{ filename: string, entryCount: number, size: number, unpackedSize: number, files: { path: string }[] }]} */
const [result] = JSON.parse(pack.stdout.slice(pack.stdout.indexOf('[')));
const packed = result.files.map((file) => file.path).sort();

// Built chunk names carry a content hash (dist/chunks/core-B3XgFcVX.js): the list names them with `*`.
const HASHED = /^(dist\/chunks\/[\w-]+?)-[\w-]{8}(\.js)$/;
const asPattern = (/** @type {string} */ path) => path.replace(HASHED, '$1-*$2');

if (write) {
  const header = [
    '# What `npm pack` ships, checked by scripts/check-pack.mjs (regenerate with `node scripts/check-pack.mjs --write`,',
    '# then read the diff: a new line here is a new file every user downloads). `*` stands for a chunk\'s content hash.',
  ];
  writeFileSync(listFile, `${[...header, ...new Set(packed.map(asPattern))].join('\n')}\n`);
  console.log(`check-pack: wrote ${packed.length} files to scripts/pack-files.txt`);
  process.exit(0);
}

const expected = readFileSync(listFile, 'utf8')
  .split('\n')
  .map((line) => line.trim())
  .filter((line) => line && !line.startsWith('#'));
const matcher = (/** @type {string} */ pattern) => new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[\\w-]+')}$`);
const patterns = expected.map((pattern) => ({ pattern, regexp: matcher(pattern) }));

const { check, finish } = createChecks('pack');

const unexpected = packed.filter((path) => !patterns.some(({ regexp }) => regexp.test(path)));
const missing = patterns.filter(({ regexp }) => packed.filter((path) => regexp.test(path)).length !== 1).map(({ pattern }) => pattern);
check('every packed file is in scripts/pack-files.txt', unexpected.length === 0, `not in the list: ${unexpected.join(', ')}`);
check('every line of scripts/pack-files.txt is exactly one packed file', missing.length === 0, `missing or ambiguous: ${missing.join(', ')}`);
check('no source maps (they point at components/*.ts, which is not shipped, and carry no sources)', !packed.some((path) => path.endsWith('.map')));
check('no sources, tests, stories or scripts', !packed.some((path) => /^(components|test|stories|scripts|examples|bench|docs)\//.test(path)));
check('LICENSE, README.md, package.json and custom-elements.json are shipped', ['LICENSE', 'README.md', 'package.json', 'custom-elements.json'].every((path) => packed.includes(path)));

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
check('package.json builds before packing (scripts.prepack)', /\bnpm run build\b/.test(pkg.scripts?.prepack ?? ''));
check('package.json has license, repository, homepage, bugs and keywords', Boolean(pkg.license && pkg.repository?.url && pkg.homepage && pkg.bugs?.url && pkg.keywords?.length));

const kB = (/** @type {number} */ bytes) => `${(bytes / 1000).toFixed(1)} kB`;
console.log(`  ${result.filename}: ${result.entryCount} files, ${kB(result.size)} packed, ${kB(result.unpackedSize)} unpacked`);
finish();
