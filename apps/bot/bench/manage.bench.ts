/**
 * The management commands' figures, end to end: the real discord.js against the tests' fake Discord,
 * the real monitor over the real SDK, simulated Radarr and Sonarr in the busy scenario (30 downloads,
 * the monitor polling and pushing meanwhile, at 30× speed). For each kind of interaction: the time
 * to acknowledge it (dispatch → Discord accepting the first callback) and to finish it (→ the last
 * edit of the answer), p50 and p95. Then the same interactions again with a quiet monitor (no push,
 * reads ten minutes apart), where every request the simulators count during one is its own: the
 * requests each makes.
 *
 * Run: npx -y pnpm@12.21.0 --filter @discarr/bot bench:manage   (figures go in apps/bot/README.md)
 */
import type { InteractionRecord } from '../test/fake-discord/fake-discord.ts';
import { acknowledgedAfter, ADMIN, customIds, startHarness, type Harness } from '../test/helpers/manage-harness.ts';

const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 20);

interface Figures {
  ack: number[];
  finish: number[];
  requests: number[];
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

function counts(h: Harness): Record<string, number> {
  const out: Record<string, number> = {};
  for (const sim of [h.radarr, h.sonarr]) for (const [route, count] of Object.entries(sim.control.requestCounts())) out[route] = (out[route] ?? 0) + count;
  return out;
}

function commandRequests(before: Record<string, number>, after: Record<string, number>): number {
  return Object.entries(after).reduce((sum, [route, count]) => sum + count - (before[route] ?? 0), 0);
}

function finishedAfter(record: InteractionRecord, h: Harness): number {
  const edits = h.discord.requests.filter((request) => request.method === 'PATCH' && request.path.includes(`/${record.token}/messages/@original`));
  const last = edits.at(-1)?.at ?? h.discord.requests.find((request) => request.path === `/interactions/${record.id}/${record.token}/callback`)?.at ?? Number.NaN;
  return last - record.dispatchedAt;
}

/** Runs `act` SAMPLES times; `act` returns the interaction whose acknowledgement and finish count, once done. */
async function measure(h: Harness, act: (index: number) => Promise<InteractionRecord>): Promise<Figures> {
  const figures: Figures = { ack: [], finish: [], requests: [] };
  for (let index = 0; index < SAMPLES; index++) {
    const before = counts(h);
    const record = await act(index);
    figures.ack.push(acknowledgedAfter(h.discord, record));
    figures.finish.push(finishedAfter(record, h));
    figures.requests.push(commandRequests(before, counts(h)));
  }
  return figures;
}

const dispatch = (h: Harness, input: Parameters<Harness['discord']['dispatchInteraction']>[0], edited: boolean) =>
  h.discord.waitForResponse(h.discord.dispatchInteraction({ member: ADMIN, ...input }), { edited, timeoutMs: 60_000 });

/** Every interaction measured, on one setup. */
async function run(h: Harness): Promise<[string, Figures][]> {
  const results: [string, Figures][] = [];
  {
    const titles = ['Dune', 'Arrival', 'Heat', 'Alien', 'Blade', 'Tron', 'Brazil', 'Ronin', 'Fargo', 'Gattaca'];
    const sub = (name: string, options: { name: string; type: number; value: string | number; focused?: boolean }[]) => [{ name, type: 1, options }];
    results.push(['autocomplete `/movie search` (first keystroke of a term)', await measure(h, (i) => dispatch(h, { type: 'autocomplete', name: 'movie', options: sub('search', [{ name: 'title', type: 3, value: `${titles[i % titles.length] ?? 'x'} ${i}`, focused: true }]) }, false))]);
    results.push(['`/movie search <title>` (lookup not cached)', await measure(h, (i) => dispatch(h, { type: 'command', name: 'movie', options: sub('search', [{ name: 'title', type: 3, value: `${titles[i % titles.length] ?? 'x'} search ${i}` }]) }, true))]);
    results.push(['`/movie search`, Add…, Add (lookup, profiles, root folders, POST)', await measure(h, async (i) => {
      const search = await dispatch(h, { type: 'command', name: 'movie', options: sub('search', [{ name: 'title', type: 3, value: `Bench Movie ${i}` }]) }, true);
      const form = await dispatch(h, { type: 'button', customId: customIds(search).find((id) => id.startsWith('m:add:')) ?? '' }, true);
      return dispatch(h, { type: 'button', customId: customIds(form).find((id) => id.startsWith('m:as:')) ?? '' }, true);
    })]);
    results.push(['`/search missing instance:radarr` (to the command\'s end)', await measure(h, () => dispatch(h, { type: 'command', name: 'search', options: sub('missing', [{ name: 'instance', type: 3, value: 'radarr' }]) }, true).then(async (record) => {
      for (let waited = 0; waited < 30_000 && !JSON.stringify(record.edits.at(-1) ?? {}).includes('**'); waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
      return record;
    }))]);
    results.push(['Remove → Confirm (a busy queue)', await measure(h, async () => {
      const item = h.monitor.snapshot().instances.find((one) => one.name === 'radarr')?.queue.find((one) => one.state === 'downloading' || one.state === 'queued');
      const prompt = await dispatch(h, { type: 'button', customId: `action:remove:radarr:${item?.download.downloadId ?? 'none'}` }, false);
      return dispatch(h, { type: 'button', customId: customIds(prompt).find((id) => id.startsWith('m:ok:')) ?? '' }, true);
    })]);
    results.push(['`/calendar days:30`', await measure(h, () => dispatch(h, { type: 'command', name: 'calendar', options: [{ name: 'days', type: 4, value: 30 }] }, true))]);
    results.push(['`/wanted instance:radarr`', await measure(h, () => dispatch(h, { type: 'command', name: 'wanted', options: [{ name: 'instance', type: 3, value: 'radarr' }] }, true))]);
  }
  return results;
}

async function main(): Promise<void> {
  const busy = await startHarness({ scenario: 'busy', speed: 30 });
  const timed = await run(busy).finally(() => busy.close());
  const quiet = await startHarness({ scenario: 'busy', speed: 30, quietMonitor: true });
  const counted = await run(quiet).finally(() => quiet.close());
  const results = timed.map(([name, figures], index): [string, Figures] => [name, { ...figures, requests: counted[index]?.[1].requests ?? [] }]);
  const ms = (value: number) => `${Math.round(value)} ms`;
  console.log(`\nManagement interactions, ${SAMPLES} samples each, busy scenario at 30× speed, Node ${process.versions.node}\n`);
  console.log('| Interaction | Acknowledged p50 / p95 | Finished p50 / p95 | Requests to the instances |');
  console.log('|---|---|---|---|');
  for (const [name, figures] of results) {
    const requests = [...new Set(figures.requests)].sort((a, b) => a - b);
    console.log(`| ${name} | ${ms(percentile(figures.ack, 50))} / ${ms(percentile(figures.ack, 95))} | ${ms(percentile(figures.finish, 50))} / ${ms(percentile(figures.finish, 95))} | ${requests.length === 1 ? requests[0] : `${requests[0]}–${requests.at(-1)}`} |`);
  }
}

await main();
