import { chmodSync, lstatSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';

/** Files the gateway creates are its user's alone: 0600 files, 0700 directories. */
export const PRIVATE_UMASK = 0o077;

/** What was found open to other users and tightened (paths relative to DATA_DIR). */
export interface Tightened {
  count: number;
  examples: string[];
  /** Entries whose mode could not be changed (owned by someone else). */
  failed: string[];
}

/**
 * DATA_DIR holds the database, every stored file, the signing secret: nobody but the gateway's
 * user has any business reading it. Sets the process umask (everything created from now on is
 * 0600/0700), creates DATA_DIR 0700, and takes group and other permissions off whatever in it has
 * them (left by an older version, another umask, or a copy). Symbolic links are not followed.
 */
export function secureDataDir(dataDir: string): Tightened {
  process.umask(PRIVATE_UMASK);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  return tightenTree(dataDir);
}

/**
 * Takes group and other permissions off `root` and everything under it. Also run on the embedded
 * database once open: PGlite lays out a new data directory with explicit 0666/0777 modes, which
 * the umask does not reach (files it creates later follow the umask).
 */
export function tightenTree(root: string): Tightened {
  const found: Tightened = { count: 0, examples: [], failed: [] };
  const visit = (entry: string) => {
    const stats = lstatSync(entry);
    if (stats.isSymbolicLink()) return;
    if ((stats.mode & 0o077) !== 0) {
      const relative = path.relative(root, entry) || '.';
      try {
        chmodSync(entry, stats.mode & 0o700);
        found.count++;
        if (found.examples.length < 5) found.examples.push(relative);
      } catch {
        found.failed.push(relative);
      }
    }
    if (stats.isDirectory()) for (const name of readdirSync(entry)) visit(path.join(entry, name));
  };
  visit(root);
  return found;
}
