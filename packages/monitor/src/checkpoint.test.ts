/** The checkpoint is checked field by field when loaded: a wrong shape never wedges an instance. */
import { describe, expect, it } from 'vitest';
import { checkpointKey, freshCheckpoint, parseCheckpoint } from './checkpoint.ts';
import { createMemoryStore } from './memory-store.ts';
import { movieRecord } from '../test/support/fake-source.ts';
import { startHarness } from '../test/support/harness.ts';

const tracked = {
  downloadId: 'd1',
  state: 'downloading',
  media: { mediaType: 'movie', title: 'Movie 1' },
  download: { downloadId: 'd1' },
  firstSeenAt: 1,
  completed: false,
  failed: false,
  importBlocked: false,
  stalled: false,
  stallCount: 0,
};

const stored = () => JSON.parse(JSON.stringify({ ...freshCheckpoint(1000), queue: { d1: tracked } })) as Record<string, unknown>;

describe('parseCheckpoint', () => {
  it('gives back a stored checkpoint as it was saved', () => {
    const raw = stored();
    expect(parseCheckpoint(raw)).toEqual(raw);
  });

  it('drops the last-seen time that earlier versions wrote at every read', () => {
    const raw = stored();
    (raw.queue as { d1: Record<string, unknown> }).d1.lastSeenAt = 2;
    expect(parseCheckpoint(raw).queue.d1).toEqual(tracked);
  });

  it('fills the sections an older checkpoint lacks', () => {
    const raw = stored();
    delete raw.imports;
    delete raw.disks;
    expect(parseCheckpoint(raw)).toMatchObject({ imports: {}, disks: {} });
  });

  it('names the field of every wrong shape', () => {
    const cases: [string, (raw: Record<string, unknown>) => void, RegExp][] = [
      ['queue null', (raw) => (raw.queue = null), /checkpoint queue must be an object, got null/],
      ['schema', (raw) => (raw.schema = 2), /checkpoint schema must be 1/],
      ['emitted value', (raw) => (raw.emitted = { a: 'x' }), /checkpoint emitted\["a"\] must be a number, got string/],
      ['tracked media', (raw) => ((raw.queue as Record<string, Record<string, unknown>>).d1!.media = null), /checkpoint queue\["d1"\]\.media must be an object, got null/],
      ['pending', (raw) => (raw.pending = { p: { tracked, leftAt: 'soon', historyChecked: false } }), /checkpoint pending\["p"\]\.leftAt must be a number/],
      ['imports episodes', (raw) => (raw.imports = { i: { at: 1, media: tracked.media, download: tracked.download, isUpgrade: false, episodes: 'S01' } }), /imports\["i"\]\.episodes must be an array/],
      ['reachability', (raw) => (raw.reachability = { state: 'sideways', since: 1 }), /reachability\.state must be/],
      ['historySince', (raw) => (raw.historySince = 'yesterday'), /historySince must be an ISO date/],
      ['library ids', (raw) => (raw.library = { ids: [1, 'two'], readAt: 1 }), /library\.ids\[1\] must be a number/],
      ['root', (raw) => Object.assign(raw, { schema: undefined }), /schema/],
    ];
    for (const [name, spoil, message] of cases) {
      const raw = stored();
      spoil(raw);
      expect(() => parseCheckpoint(raw), name).toThrow(message);
    }
    expect(() => parseCheckpoint(null)).toThrow(/checkpoint \(root\) must be an object, got null/);
  });

  it('keeps a stored "__proto__" key as an ordinary key, never the prototype', () => {
    const raw = JSON.parse(`{"__proto__": ${JSON.stringify(tracked)}}`) as unknown;
    const checkpoint = parseCheckpoint({ ...stored(), queue: raw });
    expect(Object.hasOwn(checkpoint.queue, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(checkpoint.queue)).toBeNull();
    expect(({} as Record<string, unknown>).downloadId).toBeUndefined();
  });
});

describe('a checkpoint of the wrong shape at start', () => {
  it('starts the instance fresh (a baseline read) and logs, instead of wedging it', async () => {
    const logs: string[] = [];
    const store = createMemoryStore({ [checkpointKey('radarr')]: { ...stored(), queue: null } }, { logger: { warn: (_data, message) => logs.push(message) } });
    const h = await startHarness({ store });
    expect(logs).toEqual([expect.stringMatching(/wrong shape/)]);
    h.source().queueRecords = [movieRecord('n1', 1)];
    await h.advance(70_000);
    expect(h.types()).toEqual(['download.grabbed']);
    expect(h.monitor.snapshot().instances[0]).toMatchObject({ state: 'up', queue: [{ download: { downloadId: 'n1' } }] });
    await h.monitor.stop();
    expect(parseCheckpoint(await store.get(checkpointKey('radarr')))).toMatchObject({ queue: { n1: { downloadId: 'n1' } } });
  });
});
