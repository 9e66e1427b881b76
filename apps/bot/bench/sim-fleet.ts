/**
 * A fleet of simulated Radarr instances in their own process (so the bench measures the bot's
 * memory alone): `node sim-fleet.ts <instances> <items>` prints one JSON line with their URLs and
 * keys once every queue holds `items` downloads, then runs until SIGTERM.
 */
import { startRadarrSimulator, type RadarrSimulator } from '@discarr/arr-simulator';

const instances = Number(process.argv[2] ?? 10);
const items = Number(process.argv[3] ?? 500);
const sims: RadarrSimulator[] = [];
for (let index = 0; index < instances; index++) {
  const sim = await startRadarrSimulator({ seed: index + 1, librarySize: items + 50, speed: 1 });
  // Slow downloads: the queue stays as it is while the bench measures.
  for (let movieId = 1; movieId <= items; movieId++) sim.control.grab({ movieId, bytesPerSecond: 1024, size: 4 * 1024 ** 3, startDelayMs: 0 });
  sims.push(sim);
}
process.stdout.write(`${JSON.stringify(sims.map((sim) => ({ url: sim.url, apiKey: sim.apiKey })))}\n`);
process.on('SIGTERM', () => {
  void Promise.all(sims.map((sim) => sim.close())).then(() => process.exit(0));
});
