/**
 * A small control API under `/__control/` (authenticated by the API key) so a process that did not
 * start the simulator (the CLI, a demo) can set faults, take it down, switch scenario or move time.
 */
import type { FaultKind, FaultRule } from '../faults/fault-injector.ts';
import type { Router } from '../http/router.ts';
import { reply } from '../http/router.ts';
import { isRecord } from '../http/validation.ts';
import type { ScenarioName } from '../scenarios.ts';
import type { SimulatorControl } from '../control.ts';

const FAULT_KINDS: readonly FaultKind[] = ['error500', 'error502', 'error503', 'databaseLocked', 'unauthorized', 'htmlLogin', 'redirect', 'hang', 'truncatedJson', 'reset'];

function routeOf(value: unknown): string | RegExp | undefined {
  if (typeof value === 'string') return value;
  // A regex route comes as {regex: "..."}; it is the test author's own pattern.
  // eslint-disable-next-line security/detect-non-literal-regexp
  if (isRecord(value) && typeof value.regex === 'string') return new RegExp(value.regex);
  return undefined;
}

export function registerControlRoutes(router: Router, control: SimulatorControl): void {
  router.add('GET', '/__control/requests', () => reply.json(control.requestCounts()));
  router.add('DELETE', '/__control/requests', () => {
    control.resetRequestCounts();
    return reply.empty();
  });

  router.add('POST', '/__control/advance', ({ body }) => {
    const ms = isRecord(body) ? body.ms : undefined;
    if (typeof ms !== 'number' || !(ms >= 0)) return reply.error(400, 'Send {"ms": <non-negative number>}.');
    control.advance(ms);
    return reply.json({ now: new Date(control.clock.now()).toISOString() });
  });

  router.add('GET', '/__control/faults', () => reply.json(control.faults.rules().map((rule) => ({ ...rule, route: rule.route instanceof RegExp ? { regex: rule.route.source } : rule.route }))));
  router.add('POST', '/__control/faults', ({ body }) => {
    if (!isRecord(body) || typeof body.kind !== 'string' || !FAULT_KINDS.includes(body.kind as FaultKind)) {
      return reply.error(400, `Send {"kind": one of ${FAULT_KINDS.join(', ')}, "route"?, "rate"?, "times"?, "retryAfterSeconds"?}.`);
    }
    const rule: FaultRule = { kind: body.kind as FaultKind };
    const route = routeOf(body.route);
    if (route !== undefined) rule.route = route;
    if (typeof body.rate === 'number') rule.rate = body.rate;
    if (typeof body.times === 'number') rule.times = body.times;
    if (typeof body.retryAfterSeconds === 'number') rule.retryAfterSeconds = body.retryAfterSeconds;
    try {
      control.faults.add(rule);
    } catch (error) {
      return reply.error(400, error instanceof Error ? error.message : String(error));
    }
    return reply.created({ kind: rule.kind });
  });
  router.add('DELETE', '/__control/faults', () => {
    control.faults.clear();
    return reply.empty();
  });
  router.add('POST', '/__control/latency', ({ body }) => {
    const ms = isRecord(body) ? body.ms : undefined;
    if (typeof ms !== 'number' || !(ms >= 0)) return reply.error(400, 'Send {"ms": <non-negative number>, "route"?}.');
    control.faults.setLatency(ms, isRecord(body) ? routeOf(body.route) : undefined);
    return reply.empty();
  });

  router.add('POST', '/__control/down', ({ body }) => {
    const forMs = isRecord(body) && typeof body.forMs === 'number' ? body.forMs : undefined;
    // Answer first, then close the port; come back after `forMs` real milliseconds when asked.
    setTimeout(() => {
      void control.down().then(() => {
        if (forMs !== undefined) setTimeout(() => void control.up(), forMs).unref();
      });
    }, 10).unref();
    return reply.json({ down: true, ...(forMs === undefined ? {} : { upAfterMs: forMs }) }, 202);
  });

  router.add('POST', '/__control/scenario', ({ body }) => {
    const name = isRecord(body) ? body.name : undefined;
    try {
      control.setScenario(name as ScenarioName);
    } catch (error) {
      return reply.error(400, error instanceof Error ? error.message : String(error));
    }
    return reply.json({ scenario: name });
  });

  router.add('POST', '/__control/webhooks', ({ body }) => {
    const targets = isRecord(body) && Array.isArray(body.targets) ? body.targets.filter((target): target is { url: string } => isRecord(target) && typeof target.url === 'string') : undefined;
    if (targets === undefined) return reply.error(400, 'Send {"targets": [{"url": "...", "username"?, "password"?, "method"?}]}.');
    control.webhooks.setTargets(targets);
    return reply.empty();
  });

  router.add('POST', '/__control/health', ({ body }) => {
    if (!isRecord(body) || typeof body.source !== 'string' || typeof body.message !== 'string' || !['notice', 'warning', 'error'].includes(String(body.type))) {
      return reply.error(400, 'Send {"source", "type": notice|warning|error, "message"}.');
    }
    control.raiseHealth({ source: body.source, type: body.type as 'notice' | 'warning' | 'error', message: body.message });
    return reply.empty();
  });
  router.add('DELETE', '/__control/health/{source}', ({ params }) => {
    control.clearHealth(params.source ?? '');
    return reply.empty();
  });
}
