/** The discord.js client's options as `discarr start` builds them. */
import { Client, DefaultRestOptions, GatewayIntentBits, GuildEmojiManager, GuildMemberManager, MessageManager, PresenceManager, ThreadManager } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { discordClientOptions } from '../src/discord/discord-bot.ts';

describe('discordClientOptions', () => {
  it("keeps Discord's REST limits when DISCARR_DISCORD_REST_API points at a proxy", async () => {
    const client = new Client(discordClientOptions('http://discord-proxy:8080/api'));
    try {
      expect(client.rest.options.api).toBe('http://discord-proxy:8080/api');
      // discord.js's defaults: 50 requests/s across routes, and its clock offset.
      expect(client.rest.options.globalRequestsPerSecond).toBe(DefaultRestOptions.globalRequestsPerSecond);
      expect(client.rest.options.globalRequestsPerSecond).toBe(50);
      expect(client.rest.options.offset).toBe(DefaultRestOptions.offset);
      expect(client.rest.options.offset).not.toBe(0);
    } finally {
      await client.destroy();
    }
  });

  it('asks only for the Guilds intent', () => {
    expect(discordClientOptions(undefined).intents).toEqual([GatewayIntentBits.Guilds]);
  });

  it('caches no message, presence, emoji or thread, and no member but its own', async () => {
    const client = new Client(discordClientOptions(undefined));
    try {
      const makeCache = client.options.makeCache;
      if (makeCache === undefined) throw new Error('discordClientOptions sets no makeCache');
      // makeCache only looks at the manager's class (the cache is made before any guild exists).
      for (const manager of [MessageManager, PresenceManager, GuildEmojiManager, ThreadManager, GuildMemberManager]) {
        const cache = makeCache(manager as never, undefined as never, manager as never) as unknown as { maxSize: number };
        expect(cache.maxSize, manager.name).toBe(0);
      }
    } finally {
      await client.destroy();
    }
  });
});
