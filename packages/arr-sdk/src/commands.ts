/** Typed commands: run one by name with its arguments, then wait for it to finish. */
import { ArrCommandTimeoutError } from './errors.ts';
import type { ClientCore } from './client-core.ts';
import type { CommonPaths } from './call-types.ts';

/** The statuses a command ends in. */
export const FINAL_COMMAND_STATUSES: readonly string[] = ['completed', 'failed', 'aborted', 'cancelled', 'orphaned'];

/** The arguments of command `N` from the union of typed command requests `R`. */
export type CommandArgs<R extends { name: string }, N extends R['name']> = Omit<Extract<R, { name: N }>, 'name'>;

/** Names of commands that take no argument at all or only optional ones. */
type OptionalArgNames<R extends { name: string }> = {
  [N in R['name']]: object extends CommandArgs<R, N> ? N : never;
}[R['name']];

/** How `command.wait` polls a command. */
export interface WaitOptions {
  /** Give up after this long. Default 60 000 ms. */
  timeoutMs?: number;
  /** Poll interval. Default 1000 ms. */
  pollMs?: number;
}

/** Command helpers of a client, typed by its command requests `R` and command resource `C`. */
export interface CommandApi<R extends { name: string }, C extends { id: number; status: string }> {
  /** Queues a command (`POST /api/v3/command`) and resolves with it (status `queued`). */
  run<N extends OptionalArgNames<R>>(name: N, args?: CommandArgs<R, N>): Promise<C>;
  /** Queues a command whose arguments are required and resolves with it (status `queued`). */
  run<N extends R['name']>(name: N, args: CommandArgs<R, N>): Promise<C>;
  /** One command by id, with its current status. */
  get(id: number): Promise<C>;
  /** The commands the app knows (queued, running and recently ended). */
  list(): Promise<C[]>;
  /**
   * Polls the command until it ends (completed, failed, aborted, cancelled, orphaned) and resolves
   * with it, whatever the outcome; throws `ArrCommandTimeoutError` (an `ArrTimeoutError`) naming
   * the command's last status when it has not ended in time.
   */
  wait(command: number | C, options?: WaitOptions): Promise<C>;
}

export function createCommandApi<R extends { name: string }, C extends { id: number; status: string }>(
  core: ClientCore<CommonPaths>,
  sleep: (ms: number) => Promise<void>,
  now: () => number,
): CommandApi<R, C> {
  const get = (id: number) => core.call('get', '/api/v3/command/{id}', { params: { path: { id } } }) as unknown as Promise<C>;
  return {
    // The body is one of the typed command requests: `run`'s overloads check name and arguments.
    run: (name: string, args?: object) => core.call('post', '/api/v3/command', { body: { ...args, name } as never }) as unknown as Promise<C>,
    get,
    list: () => core.call('get', '/api/v3/command') as unknown as Promise<C[]>,
    async wait(command, options = {}) {
      const id = typeof command === 'number' ? command : command.id;
      const timeoutMs = options.timeoutMs ?? 60_000;
      const pollMs = options.pollMs ?? 1000;
      const started = now();
      const deadline = started + timeoutMs;
      for (let polls = 1; ; polls++) {
        const current = await get(id);
        if (FINAL_COMMAND_STATUSES.includes(current.status)) return current;
        if (now() + pollMs > deadline) {
          const context = { instance: core.name, method: 'GET', path: `/api/v3/command/${id}` };
          throw new ArrCommandTimeoutError({ id, name: (current as { name?: string }).name, status: current.status }, now() - started, polls, context);
        }
        await sleep(pollMs);
      }
    },
  };
}
