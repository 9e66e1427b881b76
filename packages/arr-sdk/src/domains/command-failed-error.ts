/** A long-running operation's command ended without completing. */
import { ArrError, type ArrErrorContext } from '../errors.ts';

/**
 * A command a helper waited for (`Backup`, `ApplicationUpdate`) ended `failed`, `aborted`,
 * `cancelled` or `orphaned` instead of `completed`. `message` is the app's own reason, when it gave one.
 */
export class ArrCommandFailedError extends ArrError {
  /** Always `'ArrCommandFailedError'`. */
  override name = 'ArrCommandFailedError';
  /** The id of the command that failed. */
  readonly commandId: number;
  /** The command's name (`Backup`, `ApplicationUpdate`). */
  readonly commandName: string;
  /** The status the command ended with. */
  readonly status: string;
  /** The app's message for the command (`Command.message`), if any. */
  readonly commandMessage: string | undefined;

  constructor(command: { id: number; name?: string | undefined; status: string; message?: string | null | undefined }, commandName: string, context: ArrErrorContext) {
    const reason = command.message ? `: ${command.message}` : '';
    super(`command ${command.id} (${commandName}) ended ${command.status}${reason}; see System > Tasks and System > Logs in the app`, context);
    this.commandId = command.id;
    this.commandName = commandName;
    this.status = command.status;
    this.commandMessage = command.message ?? undefined;
  }
}
