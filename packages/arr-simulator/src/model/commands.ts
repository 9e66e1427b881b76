/** Commands run through queued, started and completed over simulated time. */
import { formatTimeSpan } from '@discarr/arr-sdk';
import { isoDate } from '../time-format.ts';

/**
 * The commands each app knows: its `Command` classes without the suffix (Radarr master and Sonarr
 * main: `public class …Command : Command` in src/NzbDrone.Core). `POST /command` finds the class by
 * name, case-insensitively, and stores the class's own spelling.
 */
export const COMMAND_NAMES: Record<'radarr' | 'sonarr', readonly string[]> = {
  radarr: ['ApplicationCheckUpdate', 'ApplicationUpdate', 'Backup', 'BulkMoveMovie', 'CheckForFinishedDownload', 'CheckHealth', 'CleanUpRecycleBin', 'ClearBlocklist', 'ClearLog', 'CutoffUnmetMoviesSearch', 'DeleteLogFiles', 'DeleteUpdateLogFiles', 'DownloadedMoviesScan', 'Housekeeping', 'ImportListSync', 'ManualImport', 'MessagingCleanup', 'MissingMoviesSearch', 'MoveMovie', 'MoviesSearch', 'ProcessMonitoredDownloads', 'RefreshCollections', 'RefreshMonitoredDownloads', 'RefreshMovie', 'RenameFiles', 'RenameMovie', 'RenameMovieFolder', 'RescanMovie', 'ResetApiKey', 'ResetQualityDefinitions', 'Restart', 'RssSync', 'Shutdown', 'Test'],
  sonarr: ['ApplicationUpdate', 'ApplicationUpdateCheck', 'Backup', 'BulkMoveSeries', 'CheckForFinishedDownload', 'CheckHealth', 'CleanUpRecycleBin', 'ClearBlocklist', 'ClearLog', 'CutoffUnmetEpisodeSearch', 'DeleteLogFiles', 'DeleteUpdateLogFiles', 'DownloadedEpisodesScan', 'EpisodeSearch', 'Housekeeping', 'ImportListSync', 'ManualImport', 'MessagingCleanup', 'MissingEpisodeSearch', 'MoveSeries', 'ProcessMonitoredDownloads', 'RefreshMonitoredDownloads', 'RefreshSeries', 'RenameFiles', 'RenameSeries', 'RescanSeries', 'ResetApiKey', 'ResetQualityDefinitions', 'Restart', 'RssSync', 'SeasonSearch', 'SeriesSearch', 'Shutdown', 'Test', 'UpdateSceneMapping'],
};

/** The app's spelling of a command name, or undefined when the app has no such command. */
export function commandName(kind: 'radarr' | 'sonarr', name: string): string | undefined {
  const lower = name.trim().toLowerCase();
  return COMMAND_NAMES[kind].find((known) => known.toLowerCase() === lower);
}

export type CommandStatus = 'queued' | 'started' | 'completed' | 'failed' | 'aborted' | 'cancelled';

export interface CommandEntity {
  id: number;
  name: string;
  body: Record<string, unknown>;
  status: CommandStatus;
  queued: number;
  started?: number;
  ended?: number;
  durationMs: number;
  message?: string;
}

export interface CommandQueue {
  add(name: string, body: Record<string, unknown>, now: number): CommandEntity;
  get(id: number): CommandEntity | undefined;
  list(): CommandEntity[];
  cancel(id: number, now: number): boolean;
  /** Starts a queued command now, as the apps' executor picks a command up as soon as it is free. */
  start(id: number, now: number): void;
  /** Starts queued commands and completes started ones whose time is up. */
  tick(now: number): void;
}

export interface CommandQueueOptions {
  /** Runs a command's effect when it starts; returns a message, or throws to fail it. */
  run(command: CommandEntity): string | undefined;
  changed(command: CommandEntity): void;
  /** How long each command runs (default 1500 ms; searches longer). */
  durationOf?: (name: string) => number;
}

export function createCommandQueue(options: CommandQueueOptions): CommandQueue {
  const commands = new Map<number, CommandEntity>();
  let nextId = 1;
  const durationOf = options.durationOf ?? ((name: string) => (name.endsWith('Search') ? 3000 : 1500));
  const start = (command: CommandEntity, now: number): void => {
    command.status = 'started';
    command.started = now;
    try {
      const message = options.run(command);
      if (message !== undefined) command.message = message;
    } catch (error) {
      command.status = 'failed';
      command.ended = now;
      command.message = error instanceof Error ? error.message : String(error);
    }
    options.changed(command);
  };
  return {
    add(name, body, now) {
      const command: CommandEntity = { id: nextId++, name, body, status: 'queued', queued: now, durationMs: durationOf(name) };
      commands.set(command.id, command);
      // Finished commands stay listed a while in the apps; keep the last 200.
      if (commands.size > 200) {
        for (const [id, old] of commands) {
          if (commands.size <= 200) break;
          if (old.status !== 'queued' && old.status !== 'started') commands.delete(id);
        }
      }
      options.changed(command);
      return command;
    },
    get: (id) => commands.get(id),
    list: () => [...commands.values()],
    cancel(id, now) {
      const command = commands.get(id);
      if (command?.status !== 'queued') return false;
      command.status = 'cancelled';
      command.ended = now;
      options.changed(command);
      return true;
    },
    start(id, now) {
      const command = commands.get(id);
      if (command?.status === 'queued') start(command, now);
    },
    tick(now) {
      for (const command of commands.values()) {
        if (command.status === 'queued') start(command, now);
        if (command.status === 'started' && command.started !== undefined && now >= command.started + command.durationMs) {
          command.status = 'completed';
          command.ended = command.started + command.durationMs;
          command.message ??= 'Completed';
          options.changed(command);
        }
      }
    },
  };
}

function humanName(name: string): string {
  return name.replace(/([a-z])([A-Z])/g, '$1 $2');
}

/** The command resource as the apps serialise it. */
export function commandJson(command: CommandEntity): Record<string, unknown> {
  const json: Record<string, unknown> = {
    id: command.id,
    name: command.name,
    commandName: humanName(command.name),
    body: {
      ...command.body,
      name: command.name,
      sendUpdatesToClient: true,
      updateScheduledTask: true,
      requiresDiskAccess: false,
      isExclusive: false,
      isLongRunning: false,
      trigger: 'manual',
      suppressMessages: false,
    },
    priority: 'normal',
    status: command.status,
    queued: isoDate(command.queued),
    trigger: 'manual',
    result: 'unknown',
    stateChangeTime: isoDate(command.ended ?? command.started ?? command.queued),
    sendUpdatesToClient: true,
    updateScheduledTask: true,
  };
  if (command.message !== undefined) json.message = command.message;
  if (command.started !== undefined) json.started = isoDate(command.started);
  if (command.ended !== undefined) {
    json.ended = isoDate(command.ended);
    json.duration = `${formatTimeSpan(command.ended - (command.started ?? command.queued))}.0000000`;
    json.result = command.status === 'completed' ? 'successful' : 'unsuccessful';
  }
  return json;
}
