/**
 * Flap suppression of health checks: an item is raised only after it was seen in `raiseAfterChecks`
 * reads spanning `raiseAfterMs`, and cleared only after it was missing as long. One indexer blip is
 * no alert. The apps key health items by their check (`source`), as we do.
 */
import type { HealthFacts } from './events.ts';
import { keyedRecord, ownValue } from './records.ts';

export interface HealthTrackerOptions {
  raiseAfterChecks: number;
  raiseAfterMs: number;
  clearAfterChecks: number;
  clearAfterMs: number;
}

/** What is remembered of one check (persisted in the checkpoint). */
export interface HealthEntry {
  facts: HealthFacts;
  firstSeenAt: number;
  seenChecks: number;
  raised: boolean;
  missingSince?: number;
  missingChecks: number;
}

export interface HealthChange {
  facts: HealthFacts;
  /** When the item was first seen: part of the event ids. */
  firstSeenAt: number;
}

export interface HealthUpdate {
  raised: HealthChange[];
  cleared: HealthChange[];
}

export class HealthTracker {
  #entries: Record<string, HealthEntry>;
  readonly #options: HealthTrackerOptions;

  constructor(options: HealthTrackerOptions, entries: Record<string, HealthEntry> = {}) {
    this.#options = options;
    this.#entries = keyedRecord(Object.entries(entries));
  }

  update(items: readonly HealthFacts[], now: number): HealthUpdate {
    const o = this.#options;
    const raised: HealthChange[] = [];
    const cleared: HealthChange[] = [];
    const present = new Map(items.map((item) => [item.source, item]));
    const next = keyedRecord<HealthEntry>();
    for (const [source, facts] of present) {
      const entry: HealthEntry = ownValue(this.#entries, source) ?? { facts, firstSeenAt: now, seenChecks: 0, raised: false, missingChecks: 0 };
      entry.facts = facts;
      entry.seenChecks += 1;
      delete entry.missingSince;
      entry.missingChecks = 0;
      if (!entry.raised && entry.seenChecks >= o.raiseAfterChecks && now - entry.firstSeenAt >= o.raiseAfterMs) {
        entry.raised = true;
        raised.push({ facts, firstSeenAt: entry.firstSeenAt });
      }
      next[source] = entry;
    }
    for (const [source, entry] of Object.entries(this.#entries)) {
      if (present.has(source)) continue;
      // Never raised: a blip, forgotten without a word.
      if (!entry.raised) continue;
      entry.missingSince ??= now;
      entry.missingChecks += 1;
      if (entry.missingChecks >= o.clearAfterChecks && now - entry.missingSince >= o.clearAfterMs) {
        cleared.push({ facts: entry.facts, firstSeenAt: entry.firstSeenAt });
        continue;
      }
      next[source] = entry;
    }
    this.#entries = next;
    return { raised, cleared };
  }

  /** The items raised right now. */
  active(): HealthFacts[] {
    return Object.values(this.#entries)
      .filter((e) => e.raised)
      .map((e) => e.facts);
  }

  /** When a read could change something (an item waiting to be raised or cleared); undefined when none. */
  nextDecisionAt(): number | undefined {
    let next: number | undefined;
    for (const entry of Object.values(this.#entries)) {
      let at: number | undefined;
      if (!entry.raised) at = entry.firstSeenAt + this.#options.raiseAfterMs;
      else if (entry.missingSince !== undefined) at = entry.missingSince + this.#options.clearAfterMs;
      if (at !== undefined && (next === undefined || at < next)) next = at;
    }
    return next;
  }

  /** Whether a read soon could change something: an item is waiting for more checks. */
  pending(): boolean {
    return Object.values(this.#entries).some((e) => !e.raised || e.missingSince !== undefined);
  }

  state(): Record<string, HealthEntry> {
    return keyedRecord(Object.entries(structuredClone(this.#entries)));
  }
}
