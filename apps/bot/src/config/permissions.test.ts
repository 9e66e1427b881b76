import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../test/helpers/temp-dir.ts';
import { allows } from '../manage/access.ts';
import { ConfigError } from './config-error.ts';
import { loadConfig } from './load-config.ts';
import { unknownRoleWarnings, type PermissionsConfig } from './permissions.ts';

const tmp = useTempDir('discarr-permissions-');

function load(yaml: string) {
  writeFileSync(join(tmp.path, 'discarr.yml'), yaml);
  return loadConfig({ env: {}, cwd: tmp.path, isTty: false, mode: 'demo' });
}

const INSTANCES = `instances:
  - { name: radarr, kind: radarr, baseUrl: "http://radarr:7878", apiKey: k1 }
  - { name: radarr-4k, kind: radarr, baseUrl: "http://radarr4k:7878", apiKey: k2 }
`;

describe('the permissions key', () => {
  it('defaults to read for everyone, no grant, and subscribing the requester', () => {
    expect(load(INSTANCES).config.permissions).toEqual({ everyone: ['read'], grants: [], subscribeOnAdd: true });
  });

  it('reads grants of roles and users per instance, and the audit channel', () => {
    const { config } = load(`${INSTANCES}permissions:
  auditChannel: 323456789012345678
  grants:
    - roles: ["123456789012345678"]
      instances: [RADARR-4k]
      capabilities: [request, manage]
`);
    expect(config.permissions?.auditChannel).toBe('323456789012345678');
    expect(config.permissions?.grants).toEqual([{ roles: ['123456789012345678'], instances: ['RADARR-4k'], capabilities: ['request', 'manage'] }]);
  });

  it('refuses a grant naming an unknown instance, a capability that does not exist, and a grant to nobody, each with the fix', () => {
    let error: unknown;
    try {
      load(`${INSTANCES}permissions:
  grants:
    - { roles: ["123456789012345678"], instances: [sonarr], capabilities: [request] }
    - { roles: ["123456789012345678"], capabilities: [admin] }
    - { capabilities: [read] }
`);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const issues = (error as ConfigError).issues;
    expect(issues.find((issue) => issue.path === 'permissions.grants[0].instances[0]')).toMatchObject({ problem: 'names no configured instance', fix: 'use one of: radarr, radarr-4k' });
    expect(issues.find((issue) => issue.path === 'permissions.grants[1].capabilities[0]')).toMatchObject({ problem: 'is not a capability' });
    expect(issues.find((issue) => issue.path === 'permissions.grants[2]')).toMatchObject({ problem: 'grants to nobody' });
  });
});

describe('permission decisions', () => {
  const permissions: PermissionsConfig = {
    everyone: ['read'],
    grants: [
      { roles: ['1'], instances: ['radarr-4k'], capabilities: ['request'] },
      { users: ['42'], capabilities: ['search'] },
    ],
    subscribeOnAdd: true,
  };
  const member = (roleIds: string[], userId = '7', manageGuild = false) => ({ userId, roleIds, manageGuild });

  it('gives read to everyone, a role its capabilities on its instances only, a user theirs everywhere', () => {
    expect(allows(permissions, member([]), 'read', 'radarr')).toBe(true);
    expect(allows(permissions, member([]), 'request', 'radarr-4k')).toBe(false);
    expect(allows(permissions, member(['1']), 'request', 'Radarr-4K')).toBe(true);
    expect(allows(permissions, member(['1']), 'request', 'radarr')).toBe(false);
    expect(allows(permissions, member([], '42'), 'search', 'radarr')).toBe(true);
    expect(allows(permissions, member([], '42'), 'manage', 'radarr')).toBe(false);
  });

  it('gives Manage Server members everything, and everyone only read by default', () => {
    expect(allows({ ...permissions, everyone: [] }, member([], '9', true), 'manage', 'radarr')).toBe(true);
    expect(allows(undefined, member([]), 'read', undefined)).toBe(true);
    expect(allows(undefined, member([]), 'manage', 'radarr')).toBe(false);
  });

  it('warns about role ids no guild of the bot has', () => {
    expect(unknownRoleWarnings(permissions, new Map([['100', ['100', '1']]]))).toEqual([]);
    expect(unknownRoleWarnings(permissions, new Map([['100', ['100']]]))[0]).toMatch(/permissions\.grants\[0\]\.roles: role 1 exists in none of the bot's guilds/);
  });
});
