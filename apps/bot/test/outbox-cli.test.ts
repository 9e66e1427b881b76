/** `discarr outbox` as a real process: it reads the state file a notifier wrote and lists what is pending and what is dead. */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createFileStore } from '@discarr/monitor';
import { describe, expect, it } from 'vitest';
import { createMetrics } from '../src/metrics.ts';
import { createNotifier } from '../src/notify/notifier.ts';
import { testConfig } from './helpers/bot-config.ts';
import { captureLogger } from './helpers/capture-logger.ts';
import { makeEvent } from './helpers/events.ts';
import { HttpLikeError, createRecordingSink } from './helpers/recording-sink.ts';
import { useTempDir } from './helpers/temp-dir.ts';
import { createVirtualClock } from './helpers/virtual-clock.ts';

const CLI = join(dirname(fileURLToPath(import.meta.url)), '..', 'src', 'cli.ts');
const tmp = useTempDir('discarr-outbox-');

function runCliProcess(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--conditions=@discarr/source', CLI, ...args], { cwd: tmp.path, env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

describe('discarr outbox', () => {
  it('lists the pending messages per channel and the dead letters with their event ids and reasons', async () => {
    const path = join(tmp.path, 'state.json');
    const clock = createVirtualClock();
    const sink = createRecordingSink(clock.now);
    const notifier = createNotifier({
      config: testConfig({ routes: [{ channel: '111111111111111111', events: ['download.failed'] }, { channel: '222222222222222222', events: ['media.added'] }] }),
      store: createFileStore(path),
      sink,
      clock,
      logger: captureLogger().logger,
      metrics: createMetrics({ defaultMetrics: false }),
    });
    sink.failWith = new HttpLikeError(403);
    const refused = makeEvent('download.failed', { id: 'download.failed:radarr:refused-1' });
    await notifier.handle(refused);
    await clock.advance(0);
    sink.failWith = new HttpLikeError(503);
    await notifier.handle(makeEvent('media.added', { id: 'media.added:radarr:waiting-1' }));
    await notifier.handle(makeEvent('media.added', { id: 'media.added:radarr:waiting-2' }));
    await clock.advance(0);
    await notifier.stop();

    const result = await runCliProcess(['outbox'], { DISCARR_STATE_PATH: path });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`State file: ${path}`);
    expect(result.stdout).toContain('Pending: 2 notification(s) in 2 message(s), 1 channel(s)');
    expect(result.stdout).toContain('channel 222222222222222222: 2 message(s)');
    expect(result.stdout).toMatch(/failing, 1 attempt\(s\) since \d{4}-/);
    expect(result.stdout).toContain('media.added:radarr:waiting-1');
    expect(result.stdout).toContain('Dead letters: 1');
    expect(result.stdout).toContain('channel 111111111111111111: discord 403: HTTP 403');
    expect(result.stdout).toContain('    download.failed:radarr:refused-1');
  });

  it('says so when there is no state file yet, and exits 1 naming the path when it is not JSON', async () => {
    const missing = await runCliProcess(['outbox'], { DISCARR_STATE_PATH: join(tmp.path, 'none.json') });
    expect(missing.code).toBe(0);
    expect(missing.stdout).toContain('No state file yet');
    const broken = join(tmp.path, 'broken.json');
    writeFileSync(broken, '{"bot:outbox": ');
    const bad = await runCliProcess(['outbox'], { DISCARR_STATE_PATH: broken });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain(`the state file ${broken} is not valid JSON`);
  });
});
