/**
 * `discarr config check` and the permission map: unknown instances are errors (exit 1), unknown
 * role ids warnings, checked against the roles of the bot's guilds on the fake Discord.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli, type CliIo } from '../src/cli/run-cli.ts';
import { startFakeDiscord, type FakeDiscord } from './fake-discord/fake-discord.ts';
import { GUILD, TEST_TOKEN } from './helpers/bot-config.ts';
import { useTempDir } from './helpers/temp-dir.ts';

const tmp = useTempDir('discarr-config-check-');
const KNOWN_ROLE = '500000000000000011';
const GONE_ROLE = '500000000000000099';
let discord: FakeDiscord;

beforeEach(async () => {
  discord = await startFakeDiscord({ guilds: [{ id: GUILD, channels: [], roles: [{ id: KNOWN_ROLE, name: 'Mods' }] }] });
});
afterEach(async () => {
  await discord.close();
});

function run(yaml: string): Promise<{ exit: number; stdout: string; stderr: string }> {
  writeFileSync(join(tmp.path, 'discarr.yml'), yaml);
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    env: { DISCORD_TOKEN: TEST_TOKEN, DISCARR_DISCORD_REST_API: discord.restApi },
    cwd: tmp.path,
    shutdownSignal: () => new Promise(() => undefined),
  };
  return runCli(['config', 'check'], io).then((exit) => ({ exit, stdout, stderr }));
}

const BASE = `instances:
  - { name: radarr, kind: radarr, baseUrl: "http://radarr:7878", apiKey: abcdef0123456789 }
routes:
  - channel: "400000000000000001"
`;

describe('discarr config check with permissions', () => {
  it('warns about a role id none of the bot’s guilds has, and accepts the known one', async () => {
    const { exit, stdout } = await run(`${BASE}permissions:
  grants:
    - { roles: ["${KNOWN_ROLE}", "${GONE_ROLE}"], capabilities: [request] }
`);
    expect(exit).toBe(0);
    expect(stdout).toContain('Permission warnings');
    expect(stdout).toContain(`role ${GONE_ROLE} exists in none of the bot's guilds`);
    expect(stdout).not.toContain(`role ${KNOWN_ROLE} exists`);
    expect(discord.requests.some((request) => request.path === `/guilds/${GUILD}/roles`)).toBe(true);
    expect(stdout).not.toContain(TEST_TOKEN);
  });

  it('fails on a grant naming an unknown instance, before asking Discord anything', async () => {
    const { exit, stderr } = await run(`${BASE}permissions:
  grants:
    - { roles: ["${KNOWN_ROLE}"], instances: [radar], capabilities: [manage] }
`);
    expect(exit).toBe(1);
    expect(stderr).toContain('permissions.grants[0].instances[0]');
    expect(stderr).toContain('names no configured instance');
    expect(discord.requests).toHaveLength(0);
  });
});
