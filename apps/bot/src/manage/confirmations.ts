/**
 * Confirmations of destructive actions: a prompt with Confirm and Cancel buttons that expire after
 * `ttlMs` (60 s). A confirmation runs its action at most once: a second click while it runs, or
 * after it ran, is told so instead of acting again (Discord delivers a double click as two
 * interactions). Held in memory: after a restart an old prompt counts as expired.
 */
import { randomBytes } from 'node:crypto';
import type { Clock } from '@discarr/monitor';

/** Custom ids: `m:ok:<token>` confirms, `m:ok2:<token>` confirms the alternative (blocklist without a search), `m:no:<token>` cancels. */
export const CONFIRM_PREFIX = 'm:ok:';
export const CONFIRM_ALT_PREFIX = 'm:ok2:';
export const CANCEL_PREFIX = 'm:no:';
/** Default lifetime of a confirmation. */
export const CONFIRMATION_TTL_MS = 60_000;

type State<T> = { kind: 'pending'; payload: T } | { kind: 'running' } | { kind: 'done'; outcome: string } | { kind: 'cancelled' };

/** The message for a claim that does not run (a second click, an expired or cancelled prompt). */
export function claimRefusal(claim: Exclude<Claim<unknown>, { kind: 'run' }>, words: { expired: string; running: string; done: (outcome: string) => string; cancelled: string }): string {
  if (claim.kind === 'expired') return words.expired;
  if (claim.kind === 'running') return words.running;
  if (claim.kind === 'done') return words.done(claim.outcome);
  return words.cancelled;
}

/** What clicking a confirmation's button finds. */
export type Claim<T> =
  | { kind: 'run'; payload: T; finish(outcome: string): void }
  | { kind: 'expired' }
  | { kind: 'running' }
  | { kind: 'done'; outcome: string }
  | { kind: 'cancelled' };

export class ConfirmationBook<T> {
  readonly #entries = new Map<string, { state: State<T>; expiresAt: number; forgetAt: number }>();
  readonly #clock: Pick<Clock, 'now'>;
  readonly #ttlMs: number;

  constructor(clock: Pick<Clock, 'now'>, ttlMs = CONFIRMATION_TTL_MS) {
    this.#clock = clock;
    this.#ttlMs = ttlMs;
  }

  /** Holds `payload` until confirmed, cancelled or expired; returns the token of its buttons. */
  create(payload: T): string {
    this.#prune();
    const token = randomBytes(9).toString('base64url');
    const now = this.#clock.now();
    // Outcomes are remembered well past the expiry, so a late second click is told what happened.
    this.#entries.set(token, { state: { kind: 'pending', payload }, expiresAt: now + this.#ttlMs, forgetAt: now + 10 * this.#ttlMs });
    return token;
  }

  /** The Confirm button: claims the action once (`run`), or says why not. */
  confirm(token: string): Claim<T> {
    const entry = this.#entries.get(token);
    if (entry === undefined) return { kind: 'expired' };
    const { state } = entry;
    if (state.kind === 'running' || state.kind === 'done' || state.kind === 'cancelled') return state;
    if (this.#clock.now() > entry.expiresAt) {
      this.#entries.delete(token);
      return { kind: 'expired' };
    }
    entry.state = { kind: 'running' };
    return {
      kind: 'run',
      payload: state.payload,
      finish: (outcome) => {
        entry.state = { kind: 'done', outcome };
      },
    };
  }

  /** The Cancel button: true when it was still pending. */
  cancel(token: string): boolean {
    const entry = this.#entries.get(token);
    if (entry?.state.kind !== 'pending') return false;
    entry.state = { kind: 'cancelled' };
    return true;
  }

  #prune(): void {
    const now = this.#clock.now();
    for (const [token, entry] of this.#entries) if (now > entry.forgetAt) this.#entries.delete(token);
  }
}

/** The token of a confirm or cancel custom id. */
export function parseConfirmation(customId: string): { confirm: boolean; alternative: boolean; token: string } | undefined {
  if (customId.startsWith(CONFIRM_PREFIX)) return { confirm: true, alternative: false, token: customId.slice(CONFIRM_PREFIX.length) };
  if (customId.startsWith(CONFIRM_ALT_PREFIX)) return { confirm: true, alternative: true, token: customId.slice(CONFIRM_ALT_PREFIX.length) };
  if (customId.startsWith(CANCEL_PREFIX)) return { confirm: false, alternative: false, token: customId.slice(CANCEL_PREFIX.length) };
  return undefined;
}
