/**
 * Fault injection for a simulated instance: added latency per route, and rules that answer a
 * request with a fault instead of the real handler, at a rate and for a number of times.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { answerFault, type FaultKind } from './fault-responses.ts';
import { matchesRoute, patternKey } from './route-match.ts';

export type { FaultKind } from './fault-responses.ts';

/** When and how to fault. */
export interface FaultRule {
  /** The route to fault (see `matchesRoute`); every route when omitted. */
  route?: string | RegExp;
  /** What the fault does (see `FaultKind`). */
  kind: FaultKind;
  /** Probability that a matching request faults, 0..1; 1 when omitted. */
  rate?: number;
  /** Faults this many times, then the rule removes itself; forever when omitted. */
  times?: number;
  /** `Retry-After` of an `error503`. */
  retryAfterSeconds?: number;
}

/** Latency and fault rules consulted by the server before routing each request. */
export interface FaultInjector {
  /** Adds `ms` before every request to `route` (every route when omitted); 0 removes it. */
  setLatency(ms: number, route?: string | RegExp): void;
  /** Adds a rule: requests to its `route` fault as its `kind` says, at its `rate`, `times` times. */
  add(rule: FaultRule): void;
  /** Removes every rule and every latency. */
  clear(): void;
  /** The rules in force, `times` being what is left. */
  rules(): FaultRule[];
  /** Called by the server before routing: applies latency and, if a rule fires, answers the request itself and returns true. */
  apply(req: IncomingMessage, res: ServerResponse, route: string, random: () => number): Promise<boolean>;
  /** Closes hanging responses on shutdown. */
  releaseHanging(): void;
}

/** Options of {@link createFaultInjector}. */
export interface FaultInjectorOptions {
  /** The instance's URL base, used by the login redirect. */
  urlBase?: string;
  /** The app the login page names: `Radarr` by default. */
  appName?: string;
  /** Waits for a latency; real time by default. */
  sleep?: (ms: number) => Promise<void>;
}

interface Latency {
  route: string | RegExp;
  ms: number;
}

/**
 * Creates an injector with no latency and no rules.
 *
 * @example
 * const faults = createFaultInjector();
 * faults.add({ route: 'GET /api/v3/queue', kind: 'error503', rate: 0.2, retryAfterSeconds: 5 });
 * server.on('request', async (req, res) => {
 *   if (await faults.apply(req, res, routeOf(req), random)) return;
 *   handle(req, res);
 * });
 */
export function createFaultInjector(options: FaultInjectorOptions = {}): FaultInjector {
  const urlBase = (options.urlBase ?? '').replace(/\/+$/, '');
  const appName = options.appName ?? 'Radarr';
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  let globalLatencyMs = 0;
  let latencies: Latency[] = [];
  let active: FaultRule[] = [];
  const hanging = new Set<ServerResponse>();

  function latencyFor(route: string): number {
    // The most recently set route latency that matches wins over the global one.
    for (let index = latencies.length - 1; index >= 0; index -= 1) {
      const latency = latencies[index];
      if (latency !== undefined && matchesRoute(latency.route, route)) return latency.ms;
    }
    return globalLatencyMs;
  }

  function firing(route: string, random: () => number): FaultRule | undefined {
    for (const rule of active) {
      if (!matchesRoute(rule.route, route)) continue;
      const rate = rule.rate ?? 1;
      // The random source is only drawn for a real chance, so seeded runs stay reproducible when
      // rules with rate 0 or 1 are added or removed.
      const fires = rate >= 1 || (rate > 0 && random() < rate);
      if (!fires) continue;
      if (rule.times !== undefined) {
        rule.times -= 1;
        if (rule.times <= 0) active = active.filter((other) => other !== rule);
      }
      return rule;
    }
    return undefined;
  }

  function hang(res: ServerResponse): void {
    hanging.add(res);
    res.once('close', () => hanging.delete(res));
  }

  return {
    setLatency(ms, route) {
      if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`Latency must be a finite number of milliseconds >= 0, got ${ms}.`);
      if (route === undefined) {
        globalLatencyMs = ms;
        return;
      }
      const key = patternKey(route);
      latencies = latencies.filter((latency) => patternKey(latency.route) !== key);
      if (ms > 0) latencies.push({ route, ms });
    },

    add(rule) {
      if (rule.rate !== undefined && !(rule.rate >= 0 && rule.rate <= 1)) {
        throw new RangeError(`A fault rule's rate must be between 0 and 1, got ${rule.rate}.`);
      }
      if (rule.times !== undefined && !(Number.isInteger(rule.times) && rule.times > 0)) {
        throw new RangeError(`A fault rule's times must be a positive integer, got ${rule.times}.`);
      }
      active.push({ ...rule });
    },

    clear() {
      active = [];
      latencies = [];
      globalLatencyMs = 0;
    },

    rules() {
      return active.map((rule) => ({ ...rule }));
    },

    async apply(req, res, route, random) {
      const ms = latencyFor(route);
      if (ms > 0) await sleep(ms);
      const rule = firing(route, random);
      if (rule === undefined) return false;
      if (rule.kind === 'hang') {
        hang(res);
      } else {
        answerFault(rule.kind, req, res, {
          urlBase,
          appName,
          ...(rule.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: rule.retryAfterSeconds }),
        });
      }
      return true;
    },

    releaseHanging() {
      for (const res of hanging) res.destroy();
      hanging.clear();
    },
  };
}
