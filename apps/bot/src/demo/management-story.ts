/**
 * The demo's management story: a user acting through the bot, as they would in Discord. It adds a
 * movie (/movie search → Add), approves a blocked import from the files the app offers (the
 * alert's Manual import button) and removes a failed download (the failed alert's Remove button,
 * then Confirm). The failed one was put in the download client by hand, so Radarr never grabbed
 * it: when the client fails it, Radarr only warns and keeps it in the queue until someone removes
 * it (a failed download Radarr grabbed leaves the queue by itself once processed: nothing to remove).
 * Each step goes through the same management code as the bot's buttons, against the simulated
 * Radarr through the monitor's SDK client, and is shown as the ephemeral answer the user would
 * read; the app's events (added, imported, failed) arrive as notifications by themselves. The
 * download that blocks and the one that fails are scripted in the simulator, so the story does not
 * wait on chance; each step waits until the monitor shows what the user would react to. Its timers
 * never keep the process alive, and a step after the demo stopped does nothing.
 */
import type { RadarrSimulator } from '@discarr/arr-simulator';
import type { Monitor } from '@discarr/monitor';
import type { Logger } from 'pino';
import type { MessageSink } from '../contracts.ts';
import { addMedia } from '../manage/add-flow.ts';
import { resolveInstance } from '../manage/instances.ts';
import { movieSummary } from '../manage/lookup-cache.ts';
import { applyImport, findDownload, importCandidates, removeRecords } from '../manage/queue-actions.ts';

export interface ManagementStoryOptions {
  monitor: Pick<Monitor, 'snapshot' | 'instanceNames' | 'refresh' | 'client'>;
  radarr: RadarrSimulator;
  sink: MessageSink;
  /** Where the user's answers are shown (the notifications' channel). */
  channel: string;
  logger: Logger;
  /** Real milliseconds before the first step, then between steps. Default 8 000. */
  stepMs?: number;
}

/** One line of the story: what the user did and what the bot answered them. */
function said(sink: MessageSink, channel: string, action: string, answer: string): Promise<unknown> {
  return sink.send(channel, { embeds: [{ title: `👤 alice: ${action}`, description: answer, color: 0x5865f2 }] });
}

const wait = (ms: number): Promise<void> =>
  new Promise((resolve) => {
    setTimeout(resolve, ms).unref();
  });

function stateOf(monitor: ManagementStoryOptions['monitor'], downloadId: string): string | undefined {
  return monitor
    .snapshot()
    .instances.flatMap((one) => one.queue)
    .find((item) => item.download.downloadId === downloadId)?.state;
}

/** Polls until `done` (or the time is up: the step then acts on what there is). */
async function waitUntil(done: () => boolean, timeoutMs: number): Promise<void> {
  for (let waited = 0; waited < timeoutMs && !done(); waited += 250) await wait(250);
}

/** Starts the story in the background; it ends by itself (or fails quietly once the demo stopped). */
export function startManagementStory(options: ManagementStoryOptions): void {
  void runManagementStory(options).catch((error: unknown) => {
    options.logger.debug({ err: error instanceof Error ? error.message : String(error) }, 'the demo management story stopped');
  });
}

/** The story itself; resolves when its three steps are done. */
export async function runManagementStory(options: ManagementStoryOptions): Promise<void> {
  const { monitor, radarr, sink, channel } = options;
  const stepMs = options.stepMs ?? 8_000;
  const instance = resolveInstance(monitor, 'radarr');
  if ('error' in instance || instance.app !== 'radarr') return;

  // A download someone added to the client by hand, which the client will fail (Radarr warns and keeps
  // it in the queue), and one whose import will be blocked, as the busy scenario has now and then.
  const [failing, blocked] = radarr.control.missingMovieIds();
  if (failing === undefined || blocked === undefined) return;
  const failed = radarr.control.addClientDownload({ movieId: failing, size: 2_000_000_000, bytesPerSecond: 50_000_000, fate: { kind: 'fail', atFraction: 0.3, message: 'Aborted, cannot be completed' } });
  const stuck = radarr.control.grab({ movieId: blocked, size: 1_500_000_000, bytesPerSecond: 80_000_000, fate: { kind: 'blockImport', message: 'Not an upgrade for existing movie file' } });

  await wait(stepMs);
  const [found] = (await instance.client.movies.lookup('Arrival')).map(movieSummary);
  if (found !== undefined) {
    const [profile] = await instance.client.qualityProfiles();
    const [root] = await instance.client.rootFolders();
    await addMedia(instance, { media: found, profileId: profile?.id, rootPath: root?.path, monitor: 'movieOnly', seriesType: 'standard', searchNow: true });
    await said(sink, channel, '/movie search Arrival → Add', `Added **${found.title}** to \`radarr\` (${profile?.name ?? 'default profile'}, ${root?.path ?? 'default folder'}) and started a search. You will be told when it is imported.`);
  }

  await waitUntil(() => stateOf(monitor, stuck.downloadId) === 'importBlocked', stepMs * 10);
  const candidates = await importCandidates(instance, stuck.downloadId);
  const [file] = candidates;
  if (file !== undefined) {
    const status = await applyImport(instance, file, { timeoutMs: 60_000, pollMs: 500 });
    await said(sink, channel, `Manual import (${stuck.title})`, `Imported **${file.name}** (${file.quality ?? 'unknown quality'}) over “${file.rejections.join('; ') || 'no rejection'}”: ${status}.`);
  }

  await waitUntil(() => stateOf(monitor, failed.downloadId) === 'failed', stepMs * 10);
  await wait(stepMs / 2);
  // What the failed alert's Remove → Confirm runs (manage/queue-confirm.ts): find the records, remove them.
  const records = await findDownload(instance, failed.downloadId);
  if (records !== undefined) {
    await removeRecords(instance, records, { blocklist: false });
    await said(sink, channel, `Remove (${records.media.title}) → Confirm`, `Removed **${records.media.title}** from \`radarr\`.`);
  }
}
