/**
 * The demo as a newcomer sees it: `discarr demo` run in process on a terminal of a given size (the
 * terminal is a buffer with `isTTY`, `columns` and `rows`; everything else is real: the simulators,
 * the monitor, the notifier and the board). The last frame drawn must fit the screen and show both
 * instances.
 */
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runCli } from '../src/cli/run-cli.ts';
import type { CliIo } from '../src/cli/cli-io.ts';
import { useTempDir } from './helpers/temp-dir.ts';

const tmp = useTempDir('discarr-demo-screen-');
// eslint-disable-next-line no-control-regex -- stripping the terminal's escape codes is the point
const ANSI = /\u001B\[[\d;?]*[A-Za-z]/g;

function terminal(columns: number, rows: number): { stream: Writable & { isTTY: boolean; columns: number; rows: number }; frames: () => string[][] } {
  const chunks: string[] = [];
  const stream = Object.assign(
    new Writable({
      write(chunk: Buffer | string, _encoding, callback) {
        chunks.push(chunk.toString());
        callback();
      },
    }),
    { isTTY: true, columns, rows },
  );
  // Every frame starts by moving the cursor home; what follows is the screen.
  const frames = () =>
    chunks
      .join('')
      .split('\u001B[H')
      .slice(1)
      .map((frame) => frame.replace(ANSI, '').split('\n').filter((line, index, all) => index < all.length - 1 || line !== ''));
  return { stream, frames };
}

async function lastFrame(columns: number, rows: number): Promise<string[]> {
  const screen = terminal(columns, rows);
  let stop: (reason: string) => void = () => undefined;
  const stopped = new Promise<string>((resolve) => {
    stop = resolve;
  });
  const io: CliIo = { stdout: screen.stream, stderr: terminal(columns, rows).stream, env: { NO_COLOR: '1' }, cwd: tmp.path, shutdownSignal: () => stopped };
  const running = runCli(['demo', '--speed', '40'], io);
  // Eight seconds at ×40 (over five simulated minutes): the libraries are busy by then.
  await new Promise((resolve) => setTimeout(resolve, 8_000));
  const frame = screen.frames().at(-1) ?? [];
  stop('test');
  expect(await running).toBe(0);
  return frame;
}

describe('the demo on a terminal', () => {
  it.each([
    [80, 24],
    [160, 50],
  ])('fits a %i×%i terminal and shows both instances, with no page buttons', async (columns, rows) => {
    const frame = await lastFrame(columns, rows);
    if (process.env.SHOW_FRAME) console.log(frame.join('\n'));
    expect(frame.length).toBeLessThan(rows);
    expect(frame.every((line) => Array.from(line).length <= columns)).toBe(true);
    const boardEnd = frame.findIndex((line) => line.startsWith('── notifications'));
    const board = frame.slice(0, boardEnd);
    expect(board.some((line) => line.includes('radarr'))).toBe(true);
    expect(board.some((line) => line.includes('sonarr'))).toBe(true);
    expect(board.join('\n')).not.toMatch(/ (Next|Previous|◀|▶) /);
  });
});
