/**
 * `discarr outbox`: what the state file holds for delivery, read without starting anything (safe
 * beside a running bot: it only reads). Pending messages per channel (and per user, for DMs), and the dead letters
 * (notifications that can never be delivered) with their event ids and reasons.
 * Exit codes: 0 read (or no state file yet), 1 bad config or an unreadable state file.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { StateStore } from '@discarr/monitor';
import pino from 'pino';
import { ConfigError } from '../config/config-error.ts';
import { loadConfig } from '../config/load-config.ts';
import { describeTarget, Outbox, type DeadLetter, type OutboxGroup } from '../notify/outbox.ts';
import type { CliIo } from './cli-io.ts';

/** A store over the parsed state file that never writes. */
function readOnlyStore(values: ReadonlyMap<string, unknown>): StateStore {
  return {
    get: <T>(key: string) => Promise.resolve(values.get(key) as T | undefined),
    set: () => Promise.reject(new Error('discarr outbox only reads the state file')),
    delete: () => Promise.reject(new Error('discarr outbox only reads the state file')),
    flush: () => Promise.resolve(),
  };
}

function iso(ms: number): string {
  return Number.isFinite(ms) && ms > 0 ? new Date(ms).toISOString() : '?';
}

/** The report, as printed. */
export function describeOutbox(path: string, groups: readonly OutboxGroup[], deadLetters: readonly DeadLetter[]): string {
  const lines = [`State file: ${path}`];
  const byChannel = new Map<string, OutboxGroup[]>();
  for (const group of groups) {
    if (group.delivered >= group.events.length) continue;
    byChannel.set(group.channel, [...(byChannel.get(group.channel) ?? []), group]);
  }
  const events = [...byChannel.values()].flat().reduce((sum, group) => sum + group.events.length - group.delivered, 0);
  lines.push('', `Pending: ${events} notification(s) in ${[...byChannel.values()].flat().length} message(s), ${byChannel.size} channel(s)`);
  for (const [channel, queue] of byChannel) {
    lines.push(`  ${describeTarget(channel)}: ${queue.length} message(s)`);
    for (const group of queue) {
      const first = group.events[0];
      const state = group.kind === 'digest' ? 'held for the end of quiet hours' : group.attempts > 0 ? `failing, ${group.attempts} attempt(s)${group.failingSince === undefined ? '' : ` since ${iso(group.failingSince)}`}` : 'waiting';
      const shown = group.messageId === undefined ? 'not posted yet' : `message ${group.messageId}`;
      lines.push(`    ${group.events.length - group.delivered} event(s), ${shown}, ${state}; first: ${first?.type ?? '?'} ${first?.id ?? ''}`);
    }
  }
  lines.push('', `Dead letters: ${deadLetters.length}${deadLetters.length > 0 ? ' (never delivered; the events stay listed here)' : ''}`);
  for (const letter of deadLetters) {
    lines.push(`  ${iso(letter.at)} ${describeTarget(letter.channel)}: ${letter.reason}`);
    for (const id of letter.eventIds) lines.push(`    ${id}`);
  }
  if (deadLetters.length > 0) lines.push('', 'Dead letters are kept in the state file under "bot:dead-letters" (the last 1000).');
  return `${lines.join('\n')}\n`;
}

export async function runOutbox(io: CliIo, configPath: string | undefined): Promise<number> {
  let statePath: string;
  try {
    statePath = resolve(io.cwd, loadConfig({ configPath, env: io.env, cwd: io.cwd, mode: 'demo', isTty: false }).config.state.path);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    io.stderr.write(`${error.message}\n`);
    return 1;
  }
  let text: string;
  try {
    // The path is the operator's own configuration.
    // eslint-disable-next-line security/detect-non-literal-fs-filename
    text = await readFile(statePath, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      io.stdout.write(`State file: ${statePath}\nNo state file yet: nothing pending, no dead letters.\n`);
      return 0;
    }
    io.stderr.write(`cannot read the state file ${statePath} (${code ?? String(error)}): check the path (state.path, DISCARR_STATE_PATH) and that this user may read it\n`);
    return 1;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    io.stderr.write(`the state file ${statePath} is not valid JSON: the bot moves such a file aside at its next start\n`);
    return 1;
  }
  const values = new Map(typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? Object.entries(parsed) : []);
  const outbox = new Outbox(readOnlyStore(values), pino({ level: 'silent' }));
  await outbox.load(Date.now(), { resume: false });
  io.stdout.write(describeOutbox(statePath, outbox.groups(), outbox.deadLetters()));
  return 0;
}
