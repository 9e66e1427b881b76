/** Secrets in config: which keys hold them, how they are shown in errors and summaries, and how `*_FILE` values are read. */
import { readFileSync } from 'node:fs';
import { redactSecrets } from '@discarr/arr-sdk';

/**
 * The bot's one list of keys whose values are secrets, wherever they appear: config keys
 * (`discord.token`, `instances[].apiKey`, `push.webhook.secret`) and the fields of log lines.
 */
export const SECRET_KEYS: readonly string[] = ['apiKey', 'apikey', 'api_key', 'token', 'secret', 'password', 'authorization', 'Authorization', 'accessToken', 'botToken'];

/**
 * A value that is not a secret itself but may carry one, as shown in an error or a summary: a URL's
 * `user:password@` and `apikey=` values (and the other shapes the SDK's `redactSecrets` knows) are
 * replaced by `[redacted]`.
 */
export function maskText(text: string, secrets: readonly string[] = []): string {
  return redactSecrets(text, secrets);
}

/** Reads a Docker-secret style file: its content without the trailing newline. */
export function readSecretFile(path: string): { value: string } | { error: string } {
  try {
    // The path comes from the operator's own config or environment, by design.
    // eslint-disable-next-line security/detect-non-literal-fs-filename
    const value = readFileSync(path, 'utf8').replace(/\r?\n$/, '');
    if (value.trim() === '') return { error: `the file "${path}" is empty` };
    return { value };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    return { error: `the file "${path}" cannot be read (${code})` };
  }
}
