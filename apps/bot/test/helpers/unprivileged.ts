/**
 * Root ignores file modes, so a test of what the bot does when it may not read or write its state
 * runs the CLI without that power. Not root: as it is. Root: as `nobody` when `nobody` can reach
 * Node and the repository; a clone inside a private folder (`mktemp -d` makes them 0700) is out of
 * its reach, and then as root without the capabilities that override file modes (util-linux
 * `setpriv`); without either, the tests that need it are skipped, saying why.
 */
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** How the CLI runs so that file modes apply to it. */
export type Unprivileged =
  | { how: 'as-is' }
  /** As this user: the folders the bot writes in must belong to it. */
  | { how: 'user'; uid: number; gid: number }
  /** As root without CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH: the command goes after `prefix`. */
  | { how: 'setpriv'; prefix: string[] }
  | { how: 'unavailable'; reason: string };

const NOBODY = { uid: 65534, gid: 65534 };
const CLI = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'src', 'cli.ts');
const SETPRIV = ['setpriv', '--bounding-set=-dac_override,-dac_read_search', '--inh-caps=-dac_override,-dac_read_search', '--'];
// Reads the CLI's source as the bot would: Node reachable, the repository readable.
const PROBE = ['-e', `require('node:fs').readFileSync(${JSON.stringify(CLI)})`];

function probe(): Unprivileged {
  if (process.getuid?.() !== 0) return { how: 'as-is' };
  if (spawnSync(process.execPath, PROBE, { ...NOBODY, stdio: 'ignore' }).status === 0) return { how: 'user', ...NOBODY };
  // setpriv fails (and says so) when it cannot drop them; the tests then check that the modes apply.
  const [command = 'setpriv', ...args] = SETPRIV;
  if (spawnSync(command, [...args, process.execPath, ...PROBE], { stdio: 'ignore' }).status === 0) return { how: 'setpriv', prefix: SETPRIV };
  return { how: 'unavailable', reason: 'running as root, nobody cannot reach the repository and setpriv cannot drop the capabilities that override file modes' };
}

/** Decided once per test file. */
export const UNPRIVILEGED: Unprivileged = probe();
