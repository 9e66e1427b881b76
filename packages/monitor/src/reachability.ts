/**
 * Whether an instance answers: a small state machine (unknown, up, down, authFailed) that emits
 * `instance.down`, `instance.up` and `instance.authFailed` once per outage. Only the status probe
 * decides an outage (after `downAfterFailures` failures in a row), so reads failing together on one
 * blip do not count as several. A failed read is retried with backoff; while down or refused, only
 * the status probe runs.
 */
import { ArrAuthError } from '@discarr/arr-sdk';
import { failureBackoffMs, PERIODIC_READS, type ReadCadence } from './read-cadence.ts';
import type { ReadTask } from './read-scheduler.ts';
import type { ReachabilityState } from './snapshot.ts';
import { errorMessage, type WatcherContext } from './watcher-context.ts';

export class Reachability {
  readonly #ctx: WatcherContext;
  readonly #cadence: ReadCadence;
  readonly #recovered: () => void;
  #state: ReachabilityState = 'unknown';
  /** Failed reads in a row. */
  #failures = 0;
  #lastContact: number | undefined;
  #lastError: string | undefined;

  /** `recovered` runs when the instance answers again after an outage or a refused key. */
  constructor(ctx: WatcherContext, cadence: ReadCadence, recovered: () => void) {
    this.#ctx = ctx;
    this.#cadence = cadence;
    this.#recovered = recovered;
  }

  get state(): ReachabilityState {
    return this.#state;
  }

  /** Epoch ms of the last successful request. */
  get lastContact(): number | undefined {
    return this.#lastContact;
  }

  get lastError(): string | undefined {
    return this.#lastError;
  }

  /** Down or refusing the key: only the status probe runs, and push does not reconnect. */
  get halted(): boolean {
    return this.#state === 'down' || this.#state === 'authFailed';
  }

  /** Takes the state saved in the checkpoint ('up' is to be confirmed: unknown until a read). */
  restore(saved: ReachabilityState): void {
    this.#state = saved === 'up' ? 'unknown' : saved;
  }

  /** A read succeeded; after an outage, `instance.up` and a catch-up. */
  succeeded(version?: string): void {
    const { clock, emitter, name, logger } = this.#ctx;
    const checkpoint = this.#ctx.checkpoint();
    const now = clock.now();
    this.#lastContact = now;
    this.#failures = 0;
    this.#lastError = undefined;
    if (this.#state === 'up') return;
    const previous = this.#state;
    const since = checkpoint.reachability.since;
    this.#state = 'up';
    checkpoint.reachability = { state: 'up', since: now };
    if (previous === 'down' || previous === 'authFailed') {
      emitter.emit({ type: 'instance.up', version: version ?? checkpoint.appVersion ?? '', downForMs: now - since }, String(now), 'poll');
      logger.info({ instance: name, downForMs: now - since }, 'instance is reachable again');
      this.#recovered();
    }
  }

  /** A read failed: maybe an outage or a refused key; the read is retried with backoff. */
  failed(error: unknown, task: ReadTask): void {
    const { clock, emitter, name, logger, settings, scheduler } = this.#ctx;
    const checkpoint = this.#ctx.checkpoint();
    const now = clock.now();
    const message = errorMessage(error);
    this.#lastError = message;
    this.#failures += 1;
    if (error instanceof ArrAuthError) {
      if (this.#state !== 'authFailed') {
        this.#state = 'authFailed';
        checkpoint.reachability = { state: 'authFailed', since: now };
        emitter.emit({ type: 'instance.authFailed', error: message }, String(now), 'poll');
        logger.warn({ instance: name, error: message }, 'instance refused the API key');
        this.#ctx.requestSave();
      }
    } else if (task === 'status' && this.#state !== 'down' && this.#failures >= settings.downAfterFailures) {
      this.#state = 'down';
      checkpoint.reachability = { state: 'down', since: now };
      emitter.emit({ type: 'instance.down', error: message }, String(now), 'poll');
      logger.warn({ instance: name, error: message }, 'instance is unreachable');
      this.#ctx.requestSave();
    } else {
      logger.debug({ instance: name, task, failures: this.#failures, error: message }, 'read failed');
    }
    const backoff = this.#cadence.jittered(failureBackoffMs(this.#failures, settings.backoffBaseMs, this.#cadence.intervals().maxBackoffMs));
    if (this.halted) {
      for (const periodic of PERIODIC_READS) if (periodic !== 'status') scheduler.cancel(periodic);
      scheduler.schedule('status', backoff);
      return;
    }
    // Retry the failed read, and probe soon: if the instance is gone, the probe will say so.
    scheduler.scheduleNoLaterThan(task, backoff);
    if (task !== 'status') scheduler.scheduleNoLaterThan('status', settings.backoffBaseMs);
  }
}
