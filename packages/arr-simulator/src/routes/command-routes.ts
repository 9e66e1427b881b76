/** `POST /command` and its polling endpoints. */
import type { Router } from '../http/router.ts';
import { intParam, reply } from '../http/router.ts';
import { failure, isRecord, validationReply } from '../http/validation.ts';
import { commandJson, commandName } from '../model/commands.ts';
import type { Instance } from '../model/instance.ts';

export function registerCommandRoutes(router: Router, instance: Pick<Instance, 'kind' | 'clock' | 'commands'>): void {
  router.add('POST', '/api/v3/command', ({ body }) => {
    if (!isRecord(body) || typeof body.name !== 'string' || body.name.trim() === '') {
      return validationReply([failure('Name', "'Name' must not be empty.", isRecord(body) ? body.name : undefined, 'NotEmptyValidator')]);
    }
    const { name: asked, ...args } = body;
    const name = commandName(instance.kind, asked);
    // CommandController looks the class up with `.Single(...)`: an unknown name throws, a 500.
    if (name === undefined) return reply.error(500, 'Sequence contains no matching element', 'System.InvalidOperationException: Sequence contains no matching element\n   at System.Linq.ThrowHelper.ThrowNoMatchException()');
    const now = instance.clock.now();
    const command = instance.commands.add(name, args, now);
    // The apps answer 201 Created with the queued command.
    const created = reply.created(commandJson(command));
    // A refresh of the tracked downloads runs at once: that is what a client asks it for.
    if (command.name === 'RefreshMonitoredDownloads') instance.commands.start(command.id, now);
    return created;
  });
  router.add('GET', '/api/v3/command', () => reply.json(instance.commands.list().map(commandJson)));
  router.add('GET', '/api/v3/command/{id}', ({ params }) => {
    const command = instance.commands.get(intParam(params.id) ?? -1);
    return command === undefined ? reply.notFound() : reply.json(commandJson(command));
  });
  router.add('DELETE', '/api/v3/command/{id}', ({ params }) => {
    const id = intParam(params.id) ?? -1;
    if (instance.commands.get(id) === undefined) return reply.notFound();
    instance.commands.cancel(id, instance.clock.now());
    return reply.empty();
  });
}
