import { describe, expect, it } from 'vitest';
import { instanceSnapshot, queueItem, snapshotOf } from '../../test/helpers/events.ts';
import { limitViolations } from './discord-limits.ts';
import { parseQueuePage, renderDiskSpace, renderHealth, renderQueue, renderStatus } from './command-render.ts';

const snapshot = snapshotOf(
  instanceSnapshot('radarr', 12),
  instanceSnapshot('sonarr', 1, {
    kind: 'sonarr',
    state: 'down',
    version: undefined,
    lastError: 'connect ECONNREFUSED',
    push: 'off',
    health: [],
    disks: [],
    queue: [queueItem(1, { media: { mediaType: 'episode', title: 'Severance', episodes: [{ seasonNumber: 1, episodeNumber: 2 }] }, state: 'queued' })],
  }),
  instanceSnapshot('radarr-4k', 0, { state: 'authFailed', health: [{ source: 's', level: 'error', message: 'boom', wikiUrl: 'https://wiki' }] }),
);

describe('command replies', () => {
  it('/status lists every instance with its state', () => {
    const [embed] = renderStatus(snapshot).embeds;
    expect(embed?.title).toBe('Discarr status: 1/3 instances up');
    expect(embed?.description).toContain('🔴 **sonarr** · Sonarr · 1 download · connect ECONNREFUSED');
    expect(embed?.description).toContain('🟢 **radarr** · Radarr v5.14.0.9383 · 12 downloads · 1 health issue · push connected');
    expect(renderStatus(snapshotOf()).embeds[0]?.description).toBe('No instances configured.');
  });

  it('/queue pages through downloads of one or all instances', () => {
    const all = renderQueue(snapshot, undefined, 0);
    expect(all.pageCount).toBe(2);
    expect(all.message.embeds[0]?.title).toBe('Queue of all instances: 13 downloads');
    const second = renderQueue(snapshot, undefined, 5);
    expect(second.message.embeds[0]?.footer?.text).toBe('Page 2/2');
    expect(second.message.embeds[0]?.description).toContain('**Severance** S01E02');
    expect(JSON.stringify(second.message.components)).toContain('queue:page:*:0');
    expect(renderQueue(snapshot, 'radarr-4k', 0).message.embeds[0]?.description).toBe('Nothing in the queue.');
    expect(renderQueue(snapshot, 'nope', 0).message.embeds[0]?.description).toContain('No instance is named `nope`');
    expect(parseQueuePage('queue:page:*:1')).toEqual({ instance: undefined, page: 1 });
    expect(parseQueuePage('queue:page:radarr-4k:0')).toEqual({ instance: 'radarr-4k', page: 0 });
    expect(parseQueuePage('queue:page:x')).toBeUndefined();
    expect(parseQueuePage('queue:page:x:-2')).toBeUndefined();
    expect(parseQueuePage('board:page:1')).toBeUndefined();
  });

  it('/health and /diskspace show every instance, or one', () => {
    const health = renderHealth(snapshot, undefined).embeds[0];
    expect(health?.title).toBe('Health: 2 issues');
    expect(health?.description).toContain('🔴 **sonarr**: not reachable');
    expect(health?.description).toContain('🟠 **radarr-4k**: API key rejected');
    expect(renderHealth(snapshotOf(instanceSnapshot('a', 0, { health: [] })), 'a').embeds[0]?.description).toContain('all good');
    expect(renderHealth(snapshot, 'zzz').embeds[0]?.description).toContain('No instance');
    const disks = renderDiskSpace(snapshot, undefined).embeds[0];
    expect(disks?.description).toContain('`/data` ▰▰▰▰▰▰▰▰▰▱ 90% used · 93.1 GB free of 931 GB');
    expect(disks?.description).toContain('**sonarr**: no disk information yet');
    expect(renderDiskSpace(snapshot, 'zzz').embeds[0]?.description).toContain('No instance');
    expect(renderDiskSpace(snapshotOf(), undefined).embeds[0]?.description).toBe('No instances configured.');
  });

  it('keeps replies within Discord limits for large snapshots', () => {
    const big = snapshotOf(...Array.from({ length: 40 }, (_, index) => instanceSnapshot(`instance-${index}`, 50)));
    for (const message of [renderStatus(big), renderQueue(big, undefined, 3).message, renderHealth(big, undefined), renderDiskSpace(big, undefined)]) {
      expect(limitViolations(message)).toEqual([]);
    }
  });
});

describe('limitViolations', () => {
  it('names every limit a message breaks', () => {
    const long = 'x'.repeat(5000);
    const problems = limitViolations({
      content: long,
      embeds: Array.from({ length: 11 }, () => ({ title: long, description: long, footer: { text: long }, author: { name: long }, fields: [{ name: '', value: long }] })),
      components: Array.from({ length: 6 }, () => ({ type: 1, components: Array.from({ length: 6 }, () => ({ type: 2, style: 1, custom_id: long })) })),
    });
    expect(problems).toEqual(
      expect.arrayContaining(['11 embeds', 'content too long', 'embed 0 title', 'embed 0 description', 'embed 0 footer', 'embed 0 author', 'embed 0 field name', 'embed 0 field value', 'too many action rows', 'too many buttons in a row', 'custom id too long']),
    );
    expect(problems.some((problem) => problem.startsWith('embed total'))).toBe(true);
  });
});
