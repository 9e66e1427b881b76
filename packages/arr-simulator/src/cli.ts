/** Entry point of `discarr-sim`: starts the instances, stops them on SIGINT or SIGTERM. */
import { parseCliArgs, startCli, USAGE } from './cli-options.ts';

async function main(): Promise<void> {
  let options;
  try {
    options = parseCliArgs(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}\n`);
    process.exitCode = 2;
    return;
  }
  if (options === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  // The handlers come first: a signal while the instances start (after the first "listening" line)
  // stops them once they are up, instead of killing the process with its ports half open.
  let stopRequested: string | undefined;
  const stopper: { now?: (signal: string) => void } = {};
  const onSignal = (signal: string): void => {
    if (stopRequested !== undefined) return;
    stopRequested = signal;
    stopper.now?.(signal);
  };
  process.on('SIGINT', () => {
    onSignal('SIGINT');
  });
  process.on('SIGTERM', () => {
    onSignal('SIGTERM');
  });
  const running = await startCli(options, (line) => process.stdout.write(`${line}\n`));
  stopper.now = (signal) => {
    process.stdout.write(`${signal}: stopping\n`);
    running.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
        process.exit(1);
      },
    );
  };
  if (stopRequested !== undefined) stopper.now(stopRequested);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
