import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { applyEnvironment, ENVIRONMENT_VARIABLES, type EnvironmentVariable } from './env-overrides.ts';

const README = readFileSync(join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'README.md'), 'utf8');

/** The rows of the README table under the line that starts with `header`. */
function readmeRows(header: string): string[] {
  const start = README.indexOf(header);
  expect(start, `README table "${header}"`).toBeGreaterThan(-1);
  const rows: string[] = [];
  for (const line of README.slice(start).split('\n').slice(2)) {
    if (!line.startsWith('|')) break;
    rows.push(line);
  }
  return rows;
}

const rowOf = (variable: EnvironmentVariable) => `| \`${variable.name}\`${variable.secret ? ' (`_FILE`)' : ''} | ${variable.key} |`;

describe('the environment variables', () => {
  it("are the README's two tables, row for row, in the order they are applied", () => {
    expect(readmeRows('| Variable | Key |')).toEqual(ENVIRONMENT_VARIABLES.filter((variable) => variable.layer === 'discarr').map(rowOf));
    expect(readmeRows('| Variable | Becomes |')).toEqual(ENVIRONMENT_VARIABLES.filter((variable) => variable.layer === 'legacy').map(rowOf));
  });

  it('each say how they are applied: a path with a parser, a secret path, or their own apply', () => {
    for (const variable of ENVIRONMENT_VARIABLES) {
      const simple = variable.path !== undefined && (variable.parse !== undefined || variable.secret === true);
      expect(simple || variable.apply !== undefined, variable.name).toBe(true);
    }
    expect(new Set(ENVIRONMENT_VARIABLES.map((variable) => variable.name)).size).toBe(ENVIRONMENT_VARIABLES.length);
  });

  it('apply each simple variable to its path through its parser, and name the variable of a bad value', () => {
    const raw: Record<string, unknown> = {};
    const result = applyEnvironment(raw, { DISCARR_HTTP_PORT: '8081', DISCARR_LOG_PRETTY: 'yes', DISCARR_DISCORD_GUILD_IDS: '1, 2,', DISCARR_LOG_LEVEL: 'DEBUG', DISCARR_DISCORD_GLOBAL_COMMANDS: 'maybe' });
    expect(raw).toMatchObject({ http: { port: 8081 }, log: { pretty: true, level: 'debug' }, discord: { guildIds: ['1', '2'] } });
    expect(result.sources.get('http.port')).toBe('env DISCARR_HTTP_PORT');
    expect(result.issues).toEqual([{ path: 'DISCARR_DISCORD_GLOBAL_COMMANDS', value: '"maybe"', problem: 'is not true or false', fix: 'set DISCARR_DISCORD_GLOBAL_COMMANDS=true or DISCARR_DISCORD_GLOBAL_COMMANDS=false' }]);
  });

  it("let RADARR_URL override the file's instance whatever the case of its name", () => {
    const raw: Record<string, unknown> = { instances: [{ name: 'Radarr', kind: 'radarr', baseUrl: 'http://old:7878', apiKey: 'k'.repeat(32) }] };
    applyEnvironment(raw, { RADARR_URL: 'http://new:7878' });
    expect(raw.instances).toEqual([{ name: 'Radarr', kind: 'radarr', baseUrl: 'http://new:7878', apiKey: 'k'.repeat(32) }]);
  });
});
