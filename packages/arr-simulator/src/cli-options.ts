/** The `discarr-sim` command: argument parsing and running instances until a signal stops them. */
import { maskSecret } from '@discarr/arr-sdk';
import { parseArgs } from 'node:util';
import { startRadarrSimulator } from './radarr/index.ts';
import { SCENARIO_NAMES, type ScenarioName } from './scenarios.ts';
import type { SimulatorHandle } from './simulator.ts';
import { startSonarrSimulator } from './sonarr/index.ts';

export interface CliInstance {
  kind: 'radarr' | 'sonarr';
  port: number;
}

export interface CliOptions {
  instances: CliInstance[];
  scenario: ScenarioName;
  speed: number;
  seed: number;
  host: string;
  apiKey?: string;
  urlBase?: string;
  showKey: boolean;
}

export const USAGE = `Usage: discarr-sim [--radarr PORT]... [--sonarr PORT]... [options]

Starts simulated Radarr and Sonarr instances (repeat --radarr or --sonarr for more than one).

  --radarr PORT      start a Radarr on PORT (0 picks a free port)
  --sonarr PORT      start a Sonarr on PORT
  --scenario NAME    ${SCENARIO_NAMES.join(' | ')} (default busy)
  --speed N          simulated time runs N times faster than real time (default 1)
  --seed N           seed of the generated library and activity (default 1)
  --api-key KEY      API key of every instance (default: derived from the seed, per instance)
  --url-base PATH    URL base such as /radarr
  --host HOST        interface to listen on (default 127.0.0.1)
  --show-key         print API keys in full even when HOST is not loopback (on loopback
                     they are printed: they are test keys; elsewhere they are masked)
  --help             show this help`;

/** Parses the command line; throws a RangeError with a message for the user on bad input. */
export function parseCliArgs(argv: string[]): CliOptions | 'help' {
  const { values } = parseArgs({
    args: argv,
    options: {
      radarr: { type: 'string', multiple: true },
      sonarr: { type: 'string', multiple: true },
      scenario: { type: 'string', default: 'busy' },
      speed: { type: 'string', default: '1' },
      seed: { type: 'string', default: '1' },
      'api-key': { type: 'string' },
      'url-base': { type: 'string' },
      host: { type: 'string', default: '127.0.0.1' },
      'show-key': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) return 'help';
  const port = (text: string): number => {
    const value = Number(text);
    if (!Number.isInteger(value) || value < 0 || value > 65_535) throw new RangeError(`Invalid port '${text}': use a number from 0 to 65535.`);
    return value;
  };
  const instances: CliInstance[] = [...(values.radarr ?? []).map((text) => ({ kind: 'radarr' as const, port: port(text) })), ...(values.sonarr ?? []).map((text) => ({ kind: 'sonarr' as const, port: port(text) }))];
  if (instances.length === 0) instances.push({ kind: 'radarr', port: 7878 }, { kind: 'sonarr', port: 8989 });
  const scenario = values.scenario as ScenarioName;
  if (!SCENARIO_NAMES.includes(scenario)) throw new RangeError(`Unknown scenario '${values.scenario}': use one of ${SCENARIO_NAMES.join(', ')}.`);
  const speed = Number(values.speed);
  if (!(speed > 0)) throw new RangeError(`Invalid speed '${values.speed}': use a positive number.`);
  const seed = Number(values.seed);
  if (!Number.isInteger(seed)) throw new RangeError(`Invalid seed '${values.seed}': use an integer.`);
  return {
    instances,
    scenario,
    speed,
    seed,
    host: values.host,
    showKey: values['show-key'],
    apiKey: values['api-key'],
    urlBase: values['url-base'],
  };
}

/** True for an interface only this machine reaches: `localhost`, 127.0.0.0/8, `::1`. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  const octets = bare.split('.');
  return bare === 'localhost' || bare === '::1' || (octets.length === 4 && octets[0] === '127' && octets.every((octet) => /^\d{1,3}$/.test(octet) && Number(octet) <= 255));
}

/**
 * The key as the CLI prints it: in full on a loopback interface (a test key nobody else can use,
 * and the one thing a user needs to connect), or with `--show-key`; masked otherwise.
 */
export function printedKey(key: string, host: string, showKey: boolean): string {
  return showKey || isLoopbackHost(host) ? key : maskSecret(key);
}

export interface RunningCli {
  handles: SimulatorHandle[];
  stop(): Promise<void>;
}

/** Starts every instance of the options and prints one line per instance. */
export async function startCli(options: CliOptions, print: (line: string) => void): Promise<RunningCli> {
  const handles: SimulatorHandle[] = [];
  try {
    for (const [index, spec] of options.instances.entries()) {
      const sameKind = options.instances.slice(0, index).filter((other) => other.kind === spec.kind).length;
      const start = spec.kind === 'radarr' ? startRadarrSimulator : startSonarrSimulator;
      // Each instance gets its own seed so a second Radarr holds a different library.
      const handle = await start({
        port: spec.port,
        host: options.host,
        seed: options.seed + index,
        scenario: options.scenario,
        speed: options.speed,
        instanceName: sameKind === 0 ? undefined : `${spec.kind === 'radarr' ? 'Radarr' : 'Sonarr'} ${sameKind + 1}`,
        apiKey: options.apiKey,
        urlBase: options.urlBase,
      });
      handles.push(handle);
      const name = handle.control.instance.instanceName;
      print(`${name} listening on ${handle.url} (api key ${printedKey(handle.apiKey, options.host, options.showKey)}, scenario ${options.scenario}, speed ${options.speed}x)`);
    }
  } catch (error) {
    await Promise.all(handles.map((handle) => handle.close()));
    throw error;
  }
  return {
    handles,
    stop: async () => {
      await Promise.all(handles.map((handle) => handle.close()));
    },
  };
}
