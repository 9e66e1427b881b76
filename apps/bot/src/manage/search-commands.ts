/**
 * `/search missing|cutoff|item` (needs `search`) and `/refresh [instance] [title]` (needs
 * `manage`): each sends the app's command through the SDK, says it started, waits for it (the SDK's
 * command wait) and edits the reply with the outcome. Without an `instance`, missing/cutoff and the
 * monitored-downloads refresh run on every instance.
 */
import { ArrCommandTimeoutError } from '@discarr/arr-sdk';
import { MessageFlags, type ChatInputCommandInteraction } from 'discord.js';
import { escapeMarkdown } from '../render/format.ts';
import type { Capability } from '../config/permissions.ts';
import { allows, memberFacts } from './access.ts';
import { audited, gate, type Actor, type ManageContext } from './context.ts';
import { logDetail, userMessageFor } from './instance-errors.ts';
import { instancesOf, resolveInstance, type ResolvedInstance } from './instances.ts';
import type { LookupCache } from './lookup-cache.ts';
import { STRINGS } from './strings.ts';
import { resolveLibraryItem } from './title-options.ts';

/** One app command to run on one instance. */
interface Job {
  instance: ResolvedInstance;
  /** What the user reads, e.g. "Search for missing items". */
  what: string;
  run(): Promise<{ id: number; status: string }>;
}

export async function searchCommand(context: ManageContext, cache: LookupCache, interaction: ChatInputCommandInteraction): Promise<void> {
  const sub = interaction.options.getSubcommand();
  const requested = interaction.options.getString('instance');
  if (sub === 'item') {
    await runOnItem(context, cache, interaction, 'search', 'search.item', (instance, libraryId, title) => ({
      instance,
      what: `Search for ${title}`,
      run: () => (instance.app === 'radarr' ? instance.client.command.run('MoviesSearch', { movieIds: [libraryId] }) : instance.client.command.run('SeriesSearch', { seriesId: libraryId })),
    }));
    return;
  }
  const cutoff = sub === 'cutoff';
  await runOnInstances(context, interaction, 'search', `search.${sub}`, requested, (instance) => ({
    instance,
    what: cutoff ? 'Search for upgrades below the cutoff' : 'Search for missing items',
    run: () => {
      if (instance.app === 'radarr') return instance.client.command.run(cutoff ? 'CutoffUnmetMoviesSearch' : 'MissingMoviesSearch', {});
      return instance.client.command.run(cutoff ? 'CutoffUnmetEpisodeSearch' : 'MissingEpisodeSearch', { monitored: true });
    },
  }));
}

export async function refreshCommand(context: ManageContext, cache: LookupCache, interaction: ChatInputCommandInteraction): Promise<void> {
  if (interaction.options.getString('title') !== null) {
    await runOnItem(context, cache, interaction, 'manage', 'refresh.item', (instance, libraryId, title) => ({
      instance,
      what: `Refresh of ${title}`,
      run: () => (instance.app === 'radarr' ? instance.client.command.run('RefreshMovie', { movieIds: [libraryId] }) : instance.client.command.run('RefreshSeries', { seriesId: libraryId })),
    }));
    return;
  }
  await runOnInstances(context, interaction, 'manage', 'refresh.downloads', interaction.options.getString('instance'), (instance) => ({
    instance,
    what: 'Refresh of the monitored downloads',
    run: () => (instance.app === 'radarr' ? instance.client.command.run('RefreshMonitoredDownloads') : instance.client.command.run('RefreshMonitoredDownloads')),
  }));
}

async function runOnInstances(context: ManageContext, interaction: ChatInputCommandInteraction, capability: Capability, action: string, requested: string | null, job: (instance: ResolvedInstance) => Job): Promise<void> {
  let instances: ResolvedInstance[];
  if (requested === null) instances = instancesOf(context.monitor);
  else {
    const resolved = resolveInstance(context.monitor, requested);
    if ('error' in resolved) {
      await interaction.reply({ content: resolved.error, flags: MessageFlags.Ephemeral });
      return;
    }
    instances = [resolved];
  }
  let actor: Actor | undefined;
  for (const instance of instances) {
    actor = await gate(context, interaction, capability, instance.name, action);
    if (actor === undefined) return;
  }
  if (actor === undefined) {
    await interaction.reply({ content: STRINGS.noInstanceOfKind('Radarr or Sonarr'), flags: MessageFlags.Ephemeral });
    return;
  }
  await run(context, interaction, actor, action, instances.map(job));
}

async function runOnItem(
  context: ManageContext,
  cache: LookupCache,
  interaction: ChatInputCommandInteraction,
  capability: Capability,
  action: string,
  job: (instance: ResolvedInstance, libraryId: number, title: string) => Job,
): Promise<void> {
  // The library is cached: resolving usually needs no request, but may need one, so defer first
  // once the member may act at all (the instance is known only after resolving).
  const title = interaction.options.getString('title', true);
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const item = await resolveLibraryItem(context, cache, title, interaction.options.getString('instance'));
  if (item === undefined || 'error' in item) {
    await interaction.editReply({ content: item === undefined ? STRINGS.noMatchInLibrary(escapeMarkdown(title), interaction.options.getString('instance') ?? 'any instance') : item.error });
    return;
  }
  const actor = await gateDeferred(context, interaction, capability, item.instance.name, action);
  if (actor === undefined) return;
  await run(context, interaction, actor, action, [job(item.instance, item.libraryId, escapeMarkdown(item.media.title))]);
}

/** The gate for a reply already deferred: the refusal edits it. */
async function gateDeferred(context: ManageContext, interaction: ChatInputCommandInteraction, capability: Capability, instance: string, action: string): Promise<Actor | undefined> {
  const member = memberFacts(interaction);
  if (member !== undefined && allows(context.permissions, member, capability, instance)) return { ...member, userName: interaction.user.username };
  await interaction.editReply({ content: member === undefined ? STRINGS.notInGuild : STRINGS.missingCapability(capability, instance) });
  context.audit.record({ userId: interaction.user.id, userName: interaction.user.username, action, instance, outcome: 'refused', detail: `missing ${capability}`, durationMs: 0 });
  return undefined;
}

/** Sends each job's command, says they started, waits for them, edits the outcome in. */
async function run(context: ManageContext, interaction: ChatInputCommandInteraction, actor: Actor, action: string, jobs: Job[]): Promise<void> {
  const startedAt = context.clock.now();
  if (!interaction.deferred) await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const lines = jobs.map((job) => STRINGS.commandStarted(job.what, job.instance.name));
  const outcomes = await Promise.all(
    jobs.map(async (job, index) => {
      try {
        const command = await job.run();
        lines[index] = STRINGS.commandStarted(job.what, job.instance.name);
        await interaction.editReply({ content: lines.join('\n') }).catch(() => undefined);
        const done = await job.instance.client.command.wait(command.id, context.commandWait);
        const message = (done as { message?: string }).message;
        lines[index] = STRINGS.commandFinished(job.what, job.instance.name, done.status, message);
        return done.status === 'completed';
      } catch (error) {
        const timedOut = error instanceof ArrCommandTimeoutError;
        if (!timedOut) context.logger.warn({ err: logDetail(error), instance: job.instance.name, action }, 'command failed');
        lines[index] = timedOut ? STRINGS.commandStillRunning(job.what, job.instance.name) : userMessageFor(error, job.instance.name);
        return false;
      }
    }),
  );
  for (const [index, job] of jobs.entries()) {
    audited(context, actor, startedAt, { action, instance: job.instance.name, target: job.what, outcome: outcomes[index] === true ? 'done' : 'failed', detail: lines[index] });
  }
  await interaction.editReply({ content: lines.join('\n') });
}
