/**
 * The one way an instance's watcher hands out an event: it completes the event (id, instance, kind,
 * time, source), builds its id from the type and a key (`eventId`), and remembers the id in the
 * checkpoint so that the same real-world event is never emitted twice (within the retention window),
 * whichever way it was learnt. A download gets at most one final event (imported, failed, removed).
 */
import type { Checkpoint } from './checkpoint.ts';
import type { Clock } from './clock.ts';
import { eventId, isRemembered } from './event-ids.ts';
import type { DownloadFacts, EventSource, MediaFacts, MonitorEvent } from './events.ts';
import { ownValue } from './records.ts';

/** An event without the fields the emitter fills in (the distribution keeps each member's fields). */
export type EventInput = MonitorEvent extends infer E ? (E extends MonitorEvent ? Omit<E, 'id' | 'instance' | 'kind' | 'at' | 'source'> : never) : never;

const FINAL_TYPES = ['download.imported', 'download.failed', 'download.removed'] as const;

export class InstanceEmitter {
  readonly #instance: string;
  readonly #kind: 'radarr' | 'sonarr';
  readonly #clock: Clock;
  readonly #checkpoint: () => Checkpoint;
  readonly #deliver: (event: MonitorEvent) => void;
  #count = 0;

  /** `checkpoint` gives the instance's current checkpoint, where emitted ids are remembered. */
  constructor(instance: string, kind: 'radarr' | 'sonarr', clock: Clock, checkpoint: () => Checkpoint, deliver: (event: MonitorEvent) => void) {
    this.#instance = instance;
    this.#kind = kind;
    this.#clock = clock;
    this.#checkpoint = checkpoint;
    this.#deliver = deliver;
  }

  /** Events handed out so far (progress included). */
  get count(): number {
    return this.#count;
  }

  /** Emits `input` with the id `<instance>:<type>:<key>`, unless that id was emitted before. */
  emit(input: EventInput, key: string, source: EventSource): void {
    const now = this.#clock.now();
    const id = eventId(this.#instance, input.type, key);
    if (isRemembered(input.type)) {
      const emitted = this.#checkpoint().emitted;
      if (ownValue(emitted, id) !== undefined) return;
      emitted[id] = now;
    }
    this.#count += 1;
    this.#deliver({ ...input, id, instance: this.#instance, kind: this.#kind, at: new Date(now).toISOString(), source });
  }

  /** Whether the download already had its final event. */
  hasFinal(downloadId: string): boolean {
    const emitted = this.#checkpoint().emitted;
    return FINAL_TYPES.some((type) => ownValue(emitted, eventId(this.#instance, type, downloadId)) !== undefined);
  }

  /** `download.imported`, unless the download had its final event. */
  imported(media: MediaFacts, download: DownloadFacts, isUpgrade: boolean, source: EventSource): void {
    if (this.hasFinal(download.downloadId)) return;
    this.emit({ type: 'download.imported', media, download, isUpgrade }, download.downloadId, source);
  }

  /** `download.failed`, unless the download had its final event. */
  failed(media: MediaFacts, download: DownloadFacts, reason: string, source: EventSource, notGrabbed = false): void {
    if (this.hasFinal(download.downloadId)) return;
    this.emit({ type: 'download.failed', media, download, reason, ...(notGrabbed ? { notGrabbed: true as const } : {}) }, download.downloadId, source);
  }
}
