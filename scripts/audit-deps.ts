/**
 * `pnpm audit:deps`: the dependency audit. Fails on high or critical advisories when the registry's
 * audit endpoint answers; when it does not (this machine's registry mirror answers 405), prints
 * that the audit was skipped and succeeds, so CI never fails for the network alone.
 */
import { spawnSync } from 'node:child_process';

const result = spawnSync('npx', ['-y', 'pnpm@12.21.0', 'audit', '--json', '--audit-level', 'high'], {
  encoding: 'utf8',
  shell: false,
});
const output = `${result.stdout}\n${result.stderr}`;

type AuditJson = { metadata?: { vulnerabilities?: Record<string, number> } };

function parse(text: string): AuditJson | undefined {
  const start = text.indexOf('{');
  if (start < 0) return undefined;
  try {
    return JSON.parse(text.slice(start)) as AuditJson;
  } catch {
    return undefined;
  }
}

const report = parse(result.stdout);
const counts = report?.metadata?.vulnerabilities;
if (!counts) {
  // Only a registry that does not answer the audit is a reason to skip; anything else is a failure.
  const reason = /\b(405|501|ENOTFOUND|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EAI_AGAIN|Method Not Allowed|Not Implemented)\b/i.exec(output)?.[0];
  if (reason) {
    console.log(`dependency audit skipped: endpoint unreachable (${reason})`);
    process.exit(0);
  }
  console.error(`dependency audit failed: no report and no network error to explain it\n${output.slice(0, 2000)}`);
  process.exit(1);
}
const high = (counts.high ?? 0) + (counts.critical ?? 0);
console.log(`dependency audit: ${JSON.stringify(counts)}`);
if (high > 0) {
  console.error(`dependency audit failed: ${high} high or critical advisories; run 'pnpm audit' for details`);
  process.exit(1);
}
