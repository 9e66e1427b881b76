import type { EventOf } from '@discarr/monitor';
import { describe, expect, it } from 'vitest';
import { captureLogger } from '../../test/helpers/capture-logger.ts';
import { makeEvent } from '../../test/helpers/events.ts';
import { createTestStore } from '../../test/helpers/memory-store.ts';
import { SUBSCRIPTIONS_KEY, Subscriptions, answers, scopeLabel, type Subscription } from './subscriptions.ts';

const series = (overrides: Partial<Subscription> = {}): Subscription => ({ id: 's', userId: 'u1', channelId: 'c1', instance: 'sonarr', kind: 'series', libraryId: 7, title: 'Severance', ...overrides });

/** A Sonarr import of `episodes` (season, episode) of series 7: one event, as the monitor emits a pack. */
function imported(episodes: [number, number][], overrides: Partial<EventOf<'download.imported'>> = {}): EventOf<'download.imported'> {
  const seasons = new Set(episodes.map(([season]) => season));
  return makeEvent('download.imported', {
    instance: 'sonarr',
    kind: 'sonarr',
    media: { mediaType: 'episode', title: 'Severance', seriesId: 7, seasonNumber: seasons.size === 1 ? [...seasons][0] : undefined, episodes: episodes.map(([seasonNumber, episodeNumber]) => ({ seasonNumber, episodeNumber })) },
    ...overrides,
  });
}

describe('what an import answers', () => {
  it('matches the series, the season and the episode of an import, on the same instance only', () => {
    const pack = imported([
      [2, 1],
      [2, 2],
      [2, 3],
    ]);
    expect(answers(series(), pack)).toBe(true);
    expect(answers(series({ seasonNumber: 2 }), pack)).toBe(true);
    expect(answers(series({ seasonNumber: 2, episodeNumber: 3 }), pack)).toBe(true);
    expect(answers(series({ seasonNumber: 2, episodeNumber: 4 }), pack)).toBe(false);
    expect(answers(series({ seasonNumber: 1 }), pack)).toBe(false);
    expect(answers(series({ libraryId: 8 }), pack)).toBe(false);
    expect(answers(series({ instance: 'sonarr-4k' }), pack)).toBe(false);
  });

  it('takes the season of an import that names no episodes, never an episode', () => {
    const bare = imported([], { media: { mediaType: 'series', title: 'Severance', seriesId: 7, seasonNumber: 2 } });
    expect(answers(series({ seasonNumber: 2 }), bare)).toBe(true);
    expect(answers(series({ seasonNumber: 2, episodeNumber: 1 }), bare)).toBe(false);
  });

  it('labels each scope as the member reads it', () => {
    expect([scopeLabel(series()), scopeLabel(series({ seasonNumber: 0 })), scopeLabel(series({ seasonNumber: 2 })), scopeLabel(series({ seasonNumber: 2, episodeNumber: 3 }))]).toEqual([
      'Severance',
      'Severance · specials',
      'Severance · season 2',
      'Severance · S02E03',
    ]);
  });
});

describe('subscriptions', () => {
  it('tells a member once per import however many of their subscriptions it answers, and ends the one-off ones', async () => {
    const store = createTestStore();
    const subscriptions = new Subscriptions({ store, logger: captureLogger().logger });
    const base = { channelId: 'c1', instance: 'sonarr', kind: 'series' as const, libraryId: 7, title: 'Severance' };
    await subscriptions.add({ ...base, userId: 'u1', seasonNumber: 2 });
    await subscriptions.add({ ...base, userId: 'u1', seasonNumber: 2, episodeNumber: 2 });
    await subscriptions.add({ ...base, userId: 'u2', seasonNumber: 2, episodeNumber: 9 });
    expect(await subscriptions.add({ ...base, userId: 'u1', seasonNumber: 2 })).toBe(false);
    const pack = imported([
      [2, 1],
      [2, 2],
    ]);
    const recipients = await subscriptions.recipientsOf(pack);
    expect(recipients).toEqual([{ userId: 'u1', fallbackChannel: 'c1', scopes: ['Severance · season 2', 'Severance · S02E02'], subscriptionIds: expect.any(Array) as unknown }]);
    await subscriptions.queued(pack, recipients);
    // The episode's ended; the season's lasts; u2's episode still waits; all of it as stored.
    const again = new Subscriptions({ store, logger: captureLogger().logger });
    expect((await again.list('u1')).map(scopeLabel)).toEqual(['Severance · season 2']);
    expect((await again.list('u2')).map(scopeLabel)).toEqual(['Severance · S02E09']);
    expect(store.data.has(SUBSCRIPTIONS_KEY)).toBe(true);
  });

  it('tells nobody of an upgrade or of anything but an import', async () => {
    const subscriptions = new Subscriptions({ store: createTestStore(), logger: captureLogger().logger });
    await subscriptions.add({ userId: 'u1', channelId: 'c1', instance: 'sonarr', kind: 'series', libraryId: 7, title: 'Severance' });
    expect(await subscriptions.recipientsOf(imported([[1, 1]], { isUpgrade: true }))).toEqual([]);
    expect(await subscriptions.recipientsOf(makeEvent('download.grabbed', { instance: 'sonarr', kind: 'sonarr', media: { mediaType: 'episode', title: 'Severance', seriesId: 7 } }))).toEqual([]);
    expect(await subscriptions.recipientsOf(imported([[1, 1]]))).toHaveLength(1);
  });

  it('drops stored subscriptions of the wrong shape with a log line, and keeps the others', async () => {
    const store = createTestStore();
    await store.set(SUBSCRIPTIONS_KEY, { subscriptions: [series(), { id: 'x', userId: 5 }, series({ id: 't', seasonNumber: 1.5 })] });
    const logs = captureLogger();
    const subscriptions = new Subscriptions({ store, logger: logs.logger });
    expect((await subscriptions.list('u1')).map((one) => one.id)).toEqual(['s']);
    expect(logs.text()).toContain('wrong shape');
  });
});
