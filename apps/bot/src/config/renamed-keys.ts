/**
 * Keys of the config file that were renamed, still read for one release so an existing `discarr.yml`
 * keeps working: `instances[].url` is now `instances[].baseUrl` (the name the SDK and the monitor
 * use). A former key is moved to its new name with a warning that says how to rename it; a former
 * key given together with its new name is an error, since neither can be known to be the one meant.
 */
import { type ConfigIssue, formatPath } from './config-error.ts';

type Raw = Record<string, unknown>;

/** Each renamed key of an instance: its former name → its name now. */
const RENAMED_INSTANCE_KEYS: readonly { readonly former: string; readonly current: string }[] = [{ former: 'url', current: 'baseUrl' }];

export interface RenamedKeysResult {
  /** One per former key read: the key, and the rename that silences it. */
  warnings: string[];
  /** Former and current key both given. */
  issues: ConfigIssue[];
  /** New key path → where its value was read (`former key instances[0].url`), for error messages. */
  sources: Map<string, string>;
}

function isRecord(value: unknown): value is Raw {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Moves former keys of the file's instances to their current names (in place), before the environment is applied. */
export function applyRenamedKeys(raw: Raw): RenamedKeysResult {
  const result: RenamedKeysResult = { warnings: [], issues: [], sources: new Map() };
  if (!Array.isArray(raw.instances)) return result;
  (raw.instances as unknown[]).forEach((instance, index) => {
    if (!isRecord(instance)) return;
    for (const { former, current } of RENAMED_INSTANCE_KEYS) {
      if (!Object.hasOwn(instance, former)) continue;
      const formerPath = formatPath(['instances', index, former]);
      const currentPath = formatPath(['instances', index, current]);
      const value = instance[former];
      Reflect.deleteProperty(instance, former);
      if (Object.hasOwn(instance, current)) {
        result.issues.push({ path: formerPath, problem: `is set together with ${current} (${former} is its former name)`, fix: `keep only ${currentPath}: remove ${formerPath}` });
        continue;
      }
      instance[current] = value;
      result.sources.set(currentPath, `former key ${formerPath}`);
      result.warnings.push(`${formerPath} is the former name of ${current}, read for this release only: rename ${formerPath} to ${current}.`);
    }
  });
  return result;
}
