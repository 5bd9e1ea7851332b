// Builds the self-contained bundle of an older commit, so the bench can measure "before" beside "now".
// The commit is checked out into a temporary git worktree that borrows this repo's node_modules, its own
// rollup config builds it, and its dist/sse-feed.bundle.js is copied out before the worktree is removed.

import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, lstatSync, mkdtempSync, rmSync, symlinkSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Runs a command; resolves to its trimmed stdout, or throws with its stderr as the reason. */
function run(command, args, cwd, timeout = 180_000) {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', timeout, maxBuffer: 16 * 1024 * 1024 });
  if (result.error) throw new Error(`${command} ${args.join(' ')}: ${result.error.message}`);
  if (result.status !== 0) {
    const output = `${result.stderr}\n${result.stdout}`.trim().split('\n').slice(-8).join('\n');
    throw new Error(`${command} ${args.join(' ')} exited with ${result.status}:\n${output}`);
  }
  return result.stdout.trim();
}

/**
 * Builds `ref`'s `dist/sse-feed.bundle.js` and copies it to a temporary file. Resolves to
 * `{ path, commit, subject, ms, cleanup() }`; throws (with the reason) when any step fails. The worktree
 * is always removed; `cleanup()` removes the copied bundle.
 */
export function buildBaselineBundle(root, ref) {
  const started = Date.now();
  const commit = run('git', ['rev-parse', '--verify', `${ref}^{commit}`], root);
  const subject = run('git', ['log', '-1', '--format=%s', commit], root);
  const dir = mkdtempSync(join(tmpdir(), 'sse-feed-baseline-'));
  const tree = join(dir, 'tree');
  const bundle = join(dir, `sse-feed.bundle.${commit.slice(0, 7)}.js`);
  let added = false;
  try {
    run('git', ['worktree', 'add', '--detach', tree, commit], root);
    added = true;
    symlinkSync(join(root, 'node_modules'), join(tree, 'node_modules'), 'dir');
    // Only the rollup step of that commit's build: the bundle is all the bench loads.
    run(process.execPath, [join('node_modules', 'rollup', 'dist', 'bin', 'rollup'), '-c', '--silent'], tree);
    const built = join(tree, 'dist', 'sse-feed.bundle.js');
    if (!existsSync(built)) throw new Error(`${ref} built no dist/sse-feed.bundle.js`);
    copyFileSync(built, bundle);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  } finally {
    if (added) {
      // The link goes first, by itself: nothing may ever walk into the shared node_modules to delete it.
      const link = join(tree, 'node_modules');
      if (lstatSync(link, { throwIfNoEntry: false })?.isSymbolicLink()) unlinkSync(link);
      try {
        run('git', ['worktree', 'remove', '--force', tree], root);
      } catch {
        rmSync(tree, { recursive: true, force: true });
        spawnSync('git', ['worktree', 'prune'], { cwd: root });
      }
    }
  }
  return {
    path: bundle,
    commit,
    subject,
    ms: Date.now() - started,
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
