import { describe, expect, it } from 'vitest';
import { CONFIRMATION_TTL_MS, ConfirmationBook, parseConfirmation } from './confirmations.ts';

function clock(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('confirmations', () => {
  it('runs an action once: a second click while it runs, or after, is told what happened', () => {
    const time = clock();
    const book = new ConfirmationBook<string>(time);
    const token = book.create('remove');
    const first = book.confirm(token);
    expect(first).toMatchObject({ kind: 'run', payload: 'remove' });
    expect(book.confirm(token)).toEqual({ kind: 'running' });
    if (first.kind === 'run') first.finish('Removed it.');
    expect(book.confirm(token)).toEqual({ kind: 'done', outcome: 'Removed it.' });
    expect(book.cancel(token)).toBe(false);
  });

  it('expires after 60 s, and forgets what it never knew', () => {
    const time = clock();
    const book = new ConfirmationBook<string>(time);
    const token = book.create('blocklist');
    time.advance(CONFIRMATION_TTL_MS + 1);
    expect(book.confirm(token)).toEqual({ kind: 'expired' });
    expect(book.confirm('no-such-token')).toEqual({ kind: 'expired' });
  });

  it('cancels a pending action for good', () => {
    const book = new ConfirmationBook<string>(clock());
    const token = book.create('remove');
    expect(book.cancel(token)).toBe(true);
    expect(book.confirm(token)).toEqual({ kind: 'cancelled' });
  });

  it('gives every prompt its own token that fits a custom id, and parses its buttons', () => {
    const book = new ConfirmationBook<number>(clock());
    const tokens = new Set(Array.from({ length: 100 }, (_, index) => book.create(index)));
    expect(tokens.size).toBe(100);
    const [token = ''] = tokens;
    expect(`m:ok2:${token}`.length).toBeLessThanOrEqual(100);
    expect(parseConfirmation(`m:ok:${token}`)).toEqual({ confirm: true, alternative: false, token });
    expect(parseConfirmation(`m:ok2:${token}`)).toEqual({ confirm: true, alternative: true, token });
    expect(parseConfirmation(`m:no:${token}`)).toEqual({ confirm: false, alternative: false, token });
    expect(parseConfirmation('action:remove:radarr:x')).toBeUndefined();
  });
});
