import { describe, expect, it } from 'vitest';
import { toSignal } from './signalr-channel.ts';

describe('toSignal', () => {
  it('reads resource change messages, with or without a resource', () => {
    expect(toSignal({ name: 'queue', body: { action: 'sync' } })).toEqual({ name: 'queue', action: 'sync' });
    expect(toSignal({ name: 'movie', body: { action: 'deleted', resource: { id: 7 } } })).toEqual({ name: 'movie', action: 'deleted', resource: { id: 7 } });
  });

  it("takes a body without an action as its own resource (the hub's version greeting)", () => {
    expect(toSignal({ name: 'version', body: { version: '6.0.4.10291' } })).toEqual({ name: 'version', action: '', resource: { version: '6.0.4.10291' } });
  });

  it('ignores what is not a message', () => {
    for (const value of [null, 'queue', { name: 'queue' }, { name: 1, body: {} }, { name: 'queue', body: null }]) expect(toSignal(value)).toBeUndefined();
  });
});
