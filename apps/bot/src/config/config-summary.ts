/** The redacted summary `discarr config check` prints: what the bot will do, no secret in it. */
import type { BotConfig } from '../contracts.ts';
import type { LoadedConfig } from './load-config.ts';
import { maskSecret } from '@discarr/arr-sdk';
import { maskText } from './secrets.ts';

export function summarizeConfig(loaded: LoadedConfig): string {
  const { config } = loaded;
  const from = (key: string) => {
    const source = loaded.sources.get(key);
    return source ? ` (${source})` : '';
  };
  const lines = [`Configuration OK (${loaded.file ?? 'environment only'})`, ''];
  lines.push(
    'Discord',
    `  token:          ${config.discord.token === undefined ? '(none)' : maskSecret(config.discord.token)}${from('discord.token')}`,
    `  application:    ${config.discord.applicationId ?? '(from the token at start)'}`,
    `  commands:       ${config.discord.globalCommands ? 'global (up to an hour to appear)' : config.discord.guildIds.length > 0 ? `guilds ${config.discord.guildIds.join(', ')}` : 'every guild the bot is in (at start, and each guild it joins)'}`,
    `  status boards:  ${config.discord.boardChannels.join(', ') || '(none)'}`,
    '',
    `Instances (${config.instances.length})`,
  );
  for (const [index, instance] of config.instances.entries()) {
    const push = [instance.push?.signalr === false ? undefined : 'signalr', instance.push?.webhook ? `webhook /webhook/${instance.name}` : undefined].filter(Boolean).join(' + ') || 'polling only';
    lines.push(`  ${instance.name.padEnd(14)} ${instance.kind.padEnd(7)} ${maskText(instance.baseUrl)}  key ${maskSecret(instance.apiKey)}${from(`instances[${index}].apiKey`)}  push: ${push}`);
  }
  lines.push('', `Routes (${config.routes.length})`);
  for (const route of config.routes) lines.push(`  ${describeRoute(route)}`);
  lines.push(
    '',
    `HTTP:   http://${config.http.host}:${config.http.port} (/healthz, /metrics, /webhook/<instance>)`,
    `State:  ${config.state.path}`,
    `Log:    ${config.log.level}${config.log.pretty ? ', pretty' : ', JSON'}`,
  );
  if (loaded.warnings.length > 0) lines.push('', 'Warnings', ...loaded.warnings.map((warning) => `  ! ${maskText(warning)}`));
  return lines.join('\n');
}

function describeRoute(route: BotConfig['routes'][number]): string {
  const parts = [`→ #${route.channel}`, `events: ${route.events?.join(', ') ?? 'all but download.progress'}`];
  if (route.instances) parts.push(`instances: ${route.instances.join(', ')}`);
  if (route.tags) parts.push(`tags: ${route.tags.join(', ')}`);
  if (route.qualities) parts.push(`qualities: ${route.qualities.join(', ')}`);
  if (route.mentionRoles) parts.push(`mentions: ${route.mentionRoles.map((role) => `@${role}`).join(', ')}`);
  if (route.quietHours) parts.push(`quiet ${route.quietHours.start}–${route.quietHours.end}${route.quietHours.timezone ? ` ${route.quietHours.timezone}` : ''}`);
  return parts.join('  ');
}
