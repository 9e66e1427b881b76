/**
 * Which instance a command acts on: the one named in its `instance` option, or the only instance of
 * the kind the command needs. The SDK client is the monitor's own (`monitor.client(name)`), so a
 * command shares the instance's request queue and cache with the monitor's reads, and its requests
 * carry a higher priority so a busy monitor never delays a user.
 */
import type { Monitor } from '@discarr/monitor';
import type { InstanceClient } from '@discarr/monitor';
import { STRINGS } from './strings.ts';

/** What the management layer needs of the monitor. */
export type ManagedMonitor = Pick<Monitor, 'snapshot' | 'instanceNames' | 'refresh' | 'client'>;

export type AppKind = 'radarr' | 'sonarr';

/** An instance resolved for a command. */
export type ResolvedInstance = { name: string } & InstanceClient;

const KIND_WORDS: Record<AppKind, string> = { radarr: 'Radarr', sonarr: 'Sonarr' };

/**
 * The instance `requested` names (any kind, or `kind` when given), or the only one of `kind`.
 * Returns the message for the user when there is none or the choice is ambiguous.
 */
export function resolveInstance(monitor: ManagedMonitor, requested: string | null | undefined, kind?: AppKind): ResolvedInstance | { error: string } {
  const instances = monitor.snapshot().instances;
  if (requested !== null && requested !== undefined && requested !== '') {
    const found = instances.find((one) => one.name.toLowerCase() === requested.toLowerCase());
    if (found === undefined) return { error: STRINGS.unknownInstance(requested, instances.map((one) => one.name)) };
    if (kind !== undefined && found.kind !== kind) return { error: STRINGS.wrongKind(found.name, KIND_WORDS[kind]) };
    return withClient(monitor, found.name);
  }
  const candidates = kind === undefined ? instances : instances.filter((one) => one.kind === kind);
  const [only] = candidates;
  if (only === undefined) return { error: STRINGS.noInstanceOfKind(kind === undefined ? 'Radarr or Sonarr' : KIND_WORDS[kind]) };
  if (candidates.length > 1) return { error: STRINGS.chooseInstance(kind === undefined ? 'Radarr and Sonarr' : KIND_WORDS[kind], candidates.map((one) => one.name)) };
  return withClient(monitor, only.name);
}

/** Every instance of a kind (or all), each with its client. */
export function instancesOf(monitor: ManagedMonitor, kind?: AppKind): ResolvedInstance[] {
  return monitor
    .snapshot()
    .instances.filter((one) => kind === undefined || one.kind === kind)
    .flatMap((one) => {
      const resolved = withClient(monitor, one.name);
      return 'error' in resolved ? [] : [resolved];
    });
}

/** The priority of a request a person waits for: ahead of the monitor's background reads in the instance's queue. */
export const INTERACTIVE_PRIORITY = 10;

function withClient(monitor: ManagedMonitor, name: string): ResolvedInstance | { error: string } {
  const found = monitor.client(name);
  if (found === undefined) return { error: STRINGS.instanceUnavailable(name) };
  // The monitor's own client (its queue, limiter and cache), with every call of a user's command first in line.
  if (found.app === 'radarr') return { name, app: 'radarr', client: found.client.withCallOptions({ priority: INTERACTIVE_PRIORITY }) };
  return { name, app: 'sonarr', client: found.client.withCallOptions({ priority: INTERACTIVE_PRIORITY }) };
}
