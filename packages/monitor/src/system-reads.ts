/**
 * The reads of an instance's own state: its status (version, `app.updated`), its health checks
 * (raised and cleared after flap suppression) and its disks (low and ok with hysteresis).
 */
import type { Checkpoint } from './checkpoint.ts';
import { diskFacts, updateDisks } from './disk-tracker.ts';
import { diskKey, healthKey } from './event-ids.ts';
import type { DiskFacts, EventSource, HealthFacts } from './events.ts';
import { HealthTracker } from './health-tracker.ts';
import { compact, textOf } from './media-facts.ts';
import type { Reachability } from './reachability.ts';
import type { WatcherContext } from './watcher-context.ts';

const HEALTH_LEVELS = ['error', 'warning', 'notice'] as const;

/** A byte count as the server sent it, or 0 when it is not a number. */
const finiteOr0 = (value: unknown): number => (typeof value === 'number' && Number.isFinite(value) ? value : 0);

export class SystemReads {
  readonly #ctx: WatcherContext;
  readonly #reachability: Reachability;
  #health: HealthTracker;
  #disks: DiskFacts[] = [];

  constructor(ctx: WatcherContext, reachability: Reachability) {
    this.#ctx = ctx;
    this.#reachability = reachability;
    this.#health = new HealthTracker(ctx.settings.health, ctx.checkpoint().health);
  }

  /** Takes the health state of a loaded checkpoint. */
  restore(checkpoint: Checkpoint): void {
    this.#health = new HealthTracker(this.#ctx.settings.health, checkpoint.health);
  }

  get health(): HealthTracker {
    return this.#health;
  }

  /** The disks of the last read. */
  get disks(): DiskFacts[] {
    return this.#disks;
  }

  async readStatus(): Promise<void> {
    const status = await this.#ctx.reader.status();
    const version = status.version ?? undefined;
    this.#reachability.succeeded(version);
    if (version) this.versionSeen(version, 'poll');
  }

  /**
   * The app runs `version` (status read, push, or webhook, which also names the version before): one
   * `app.updated` per new version, with the same id whichever way it was learnt.
   */
  versionSeen(version: string, source: EventSource, previousVersion?: string): void {
    const checkpoint = this.#ctx.checkpoint();
    const known = checkpoint.appVersion;
    checkpoint.appVersion = version;
    const from = previousVersion ?? known;
    if (from === undefined || from === version) return;
    this.#ctx.emitter.emit({ type: 'app.updated', previousVersion: from, newVersion: version }, version, source);
  }

  async readHealth(): Promise<void> {
    const records = await this.#ctx.reader.health();
    this.#reachability.succeeded();
    const now = this.#ctx.clock.now();
    const items: HealthFacts[] = [];
    for (const record of records) {
      const level = HEALTH_LEVELS.find((known) => known === record.type);
      if (!level || typeof record.source !== 'string' || record.source === '') continue;
      items.push(compact<HealthFacts>({ source: record.source, level, message: textOf(record.message) ?? '', wikiUrl: textOf(record.wikiUrl) }));
    }
    const { raised, cleared } = this.#health.update(items, now);
    const { emitter } = this.#ctx;
    for (const change of raised) emitter.emit({ type: 'health.raised', health: change.facts }, healthKey(change.facts.source, change.firstSeenAt), 'poll');
    for (const change of cleared) emitter.emit({ type: 'health.cleared', health: change.facts }, healthKey(change.facts.source, change.firstSeenAt), 'poll');
    this.#ctx.checkpoint().health = this.#health.state();
  }

  async readDisks(): Promise<void> {
    const records = await this.#ctx.reader.diskSpace();
    this.#reachability.succeeded();
    const now = this.#ctx.clock.now();
    const disks = records
      .filter((r) => typeof r.path === 'string')
      .map((r) => diskFacts(r.path ?? '', finiteOr0(r.freeSpace), finiteOr0(r.totalSpace), textOf(r.label)));
    this.#disks = disks;
    const checkpoint = this.#ctx.checkpoint();
    const { next, low, ok } = updateDisks(checkpoint.disks, disks, this.#ctx.settings.disk, now);
    checkpoint.disks = next;
    const { emitter } = this.#ctx;
    for (const change of low) emitter.emit({ type: 'disk.low', disk: change.disk }, diskKey(change.disk.path, change.since), 'poll');
    for (const change of ok) emitter.emit({ type: 'disk.ok', disk: change.disk }, diskKey(change.disk.path, change.since), 'poll');
  }
}
