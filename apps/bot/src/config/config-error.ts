/** The one error the config loader throws: every problem found, each with its key, value and fix. */

export interface ConfigIssue {
  /** Key path in the config (`instances[1].baseUrl`), or the environment variable. */
  path: string;
  /** Where the value came from when not from the file (`env RADARR_URL`). */
  source?: string;
  /** The bad value as shown to the user (secrets masked); absent when the value is missing. */
  value?: string;
  problem: string;
  fix: string;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
  readonly issues: readonly ConfigIssue[];

  constructor(issues: readonly ConfigIssue[], origin: string) {
    super(formatIssues(issues, origin));
    this.issues = issues;
  }
}

/** One line per problem, then its fix, indented. */
export function formatIssues(issues: readonly ConfigIssue[], origin: string): string {
  const lines = [`${origin}: ${issues.length} problem${issues.length === 1 ? '' : 's'} in the configuration`];
  for (const issue of issues) {
    const source = issue.source ? ` (from ${issue.source})` : '';
    const value = issue.value === undefined ? '' : ` = ${issue.value}`;
    lines.push(`  ✗ ${issue.path}${source}${value}: ${issue.problem}`, `      fix: ${issue.fix}`);
  }
  return lines.join('\n');
}

/** `['instances', 1, 'baseUrl']` → `instances[1].baseUrl`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out === '' ? String(segment) : `.${String(segment)}`;
  }
  return out === '' ? '(root)' : out;
}
