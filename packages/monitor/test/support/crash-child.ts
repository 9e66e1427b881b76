/**
 * A monitor in its own process, for the crash test: real clock, real file store, fast polling.
 * Prints one JSON line per event (`{"event": {id, type}}`) and per durable checkpoint write
 * (`{"saved": n}`). With HOLD_SAVES_MS set, every store write waits that long before it starts, so
 * the parent can SIGKILL the process after an event was handed out and before it was saved.
 * SIGTERM stops it gracefully.
 */
import { createFileStore } from '../../src/file-store.ts';
import { createMonitor } from '../../src/monitor.ts';
import type { StateStore } from '../../src/state-store.ts';

const env = process.env;
const holdMs = Number(env.HOLD_SAVES_MS ?? '0');
const file = createFileStore(env.STATE_PATH ?? './state.json');
let saved = 0;
const line = (value: unknown) => process.stdout.write(`${JSON.stringify(value)}\n`);
const store: StateStore = {
  get: (key) => file.get(key),
  async set(key, value) {
    if (holdMs > 0) await new Promise((resolve) => setTimeout(resolve, holdMs));
    await file.set(key, value);
    line({ saved: ++saved });
  },
  delete: (key) => file.delete(key),
  flush: () => file.flush(),
};
const log = (level: string) => (data: Record<string, unknown>, message: string) => {
  if (env.DEBUG_MONITOR) process.stderr.write(`${level} ${message} ${JSON.stringify(data)}\n`);
};
const monitor = createMonitor({
  store,
  logger: { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') },
  instances: [
    {
      name: 'radarr',
      kind: 'radarr',
      baseUrl: env.SIM_URL ?? '',
      apiKey: env.API_KEY ?? '',
      push: { signalr: false },
      intervals: { queueActiveMs: 200, queueIdleMs: 500, healthMs: 60_000, statusMs: 60_000, diskMs: 60_000 },
    },
  ],
});
monitor.on('*', (event) => {
  if (event.type !== 'download.progress') line({ event: { id: event.id, type: event.type } });
});
// The monitor's timers never keep a process alive on their own (see the README): this does.
const keepAlive = setInterval(() => undefined, 60_000);
process.on('SIGTERM', () => {
  clearInterval(keepAlive);
  void monitor.stop().then(() => process.exit(0));
});
await monitor.start();
line({ started: true });
