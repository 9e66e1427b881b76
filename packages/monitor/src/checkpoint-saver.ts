/**
 * Saving an instance's checkpoint: writes coalesce (a save asked for while one is in flight runs
 * once more after it), old emitted ids are pruned first, and a failed write is a log line (the next
 * change retries it), never a lost event: events are handed out before the checkpoint that records
 * them is saved.
 */
import { checkpointKey, pruneCheckpoint } from './checkpoint.ts';
import type { StateStore } from './state-store.ts';
import { errorMessage, type WatcherContext } from './watcher-context.ts';

export class CheckpointSaver {
  readonly #ctx: Pick<WatcherContext, 'name' | 'clock' | 'logger' | 'settings' | 'checkpoint'>;
  readonly #store: StateStore;
  #saving: Promise<void> | undefined;
  #saveAgain = false;

  constructor(ctx: Pick<WatcherContext, 'name' | 'clock' | 'logger' | 'settings' | 'checkpoint'>, store: StateStore) {
    this.#ctx = ctx;
    this.#store = store;
  }

  /** Whether a save is in flight. */
  get busy(): boolean {
    return this.#saving !== undefined;
  }

  /** Saves soon: now, or once more after the save in flight. */
  request(): void {
    if (this.#saving) {
      this.#saveAgain = true;
      return;
    }
    this.#saving = this.save().finally(() => {
      this.#saving = undefined;
      if (this.#saveAgain) {
        this.#saveAgain = false;
        this.request();
      }
    });
  }

  /** Resolves when no save is in flight. */
  async idle(): Promise<void> {
    while (this.#saving) await this.#saving;
  }

  /** Saves now; a failure is logged. */
  async save(): Promise<void> {
    const { name, clock, logger, settings } = this.#ctx;
    const checkpoint = this.#ctx.checkpoint();
    pruneCheckpoint(checkpoint, clock.now(), settings.emittedRetentionMs);
    try {
      await this.#store.set(checkpointKey(name), checkpoint);
    } catch (error) {
      logger.error({ instance: name, error: errorMessage(error) }, 'could not save the checkpoint; will retry with the next change');
    }
  }
}
