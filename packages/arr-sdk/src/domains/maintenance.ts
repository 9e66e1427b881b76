/**
 * Long-running system operations, the same way in both apps: backups (list, create through the
 * `Backup` command and wait for it, restore, delete) and application updates (list, install through
 * the `ApplicationUpdate` command and wait for it). Typed by the calling app's document.
 */
import type { CommonPaths, Data } from '../call-types.ts';
import type { WaitOptions } from '../commands.ts';
import { ArrError } from '../errors.ts';
import { ArrCommandFailedError } from './command-failed-error.ts';
import { request, typed, type CommandState, type DomainHost } from './raw-result.ts';

type BackupOf<Paths> = Data<Paths, '/api/v3/system/backup'> extends (infer B)[] ? B : never;
type UpdateOf<Paths> = Data<Paths, '/api/v3/update'> extends (infer U)[] ? U : never;

/** Backups (`/api/v3/system/backup`). */
export interface BackupApi<Paths> {
  /** Every backup file (scheduled, manual, before an update), newest first. */
  list(): Promise<Data<Paths, '/api/v3/system/backup'>>;
  /**
   * Runs the `Backup` command, waits for it (`command.wait`, default 60 s) and answers the new
   * backup: the newest manual one. Throws `ArrCommandFailedError` when the command fails and
   * `ArrCommandTimeoutError` when it has not ended in time.
   *
   * @example
   * ```ts
   * const backup = await radarr.backups.create({ timeoutMs: 300_000 });
   * console.log(backup.name, backup.size);
   * ```
   */
  create(options?: WaitOptions): Promise<BackupOf<Paths>>;
  /**
   * Restores backup `id` (`ArrNotFoundError` when it is gone). The app uses the restored database
   * only after a restart: `restart: true` asks for it (`POST /api/v3/system/restart`) at once.
   *
   * @example
   * ```ts
   * const [latest] = await sonarr.backups.list();
   * if (latest) await sonarr.backups.restore(latest.id, { restart: true });
   * ```
   */
  restore(id: number, options?: { restart?: boolean }): Promise<Data<Paths, '/api/v3/system/backup/restore/{id}', 'post'>>;
  /** Deletes backup `id`; `ArrNotFoundError` when no backup file has this id. */
  delete(id: number): Promise<void>;
}

/** Application updates (`/api/v3/update`). */
export interface UpdateApi<Paths> {
  /** The recent releases of the instance's branch, newest first, with their changes. */
  list(): Promise<Data<Paths, '/api/v3/update'>>;
  /**
   * The releases the instance can install (newer than the running version, not installed):
   * at most one, the latest.
   *
   * @example
   * ```ts
   * const [next] = await radarr.updates.available();
   * if (next) console.log(`Radarr ${next.version} is out`);
   * ```
   */
  available(): Promise<UpdateOf<Paths>[]>;
  /**
   * Runs the `ApplicationUpdate` command and waits for it to end; answers the ended command and
   * throws `ArrCommandFailedError` when it failed (folder not writable, corrupt package). The app
   * ends the command once its updater has started, then stops and restarts on the new version, so
   * allow `timeoutMs` for the download, and expect `ArrNetworkError` when the app stops before a
   * poll saw the end. The command also completes without installing when nothing applies; its
   * `message` says why (`No update available`, updates disabled inside Docker): compare
   * `status().version` after the restart to know the version running.
   *
   * @example
   * ```ts
   * await radarr.updates.install({ installMajorUpdate: false, timeoutMs: 600_000 });
   * ```
   */
  install(options?: WaitOptions & { installMajorUpdate?: boolean }): Promise<Data<Paths, '/api/v3/command/{id}'>>;
}

/** Long-running operations both apps offer the same way. */
export interface MaintenanceApis<Paths> {
  /** Backups: list, create (and wait), restore, delete. */
  backups: BackupApi<Paths>;
  /** Application updates: list, the available ones, install one and wait. */
  updates: UpdateApi<Paths>;
}

export function createMaintenanceApis<Paths>(host: DomainHost<CommonPaths>): MaintenanceApis<Paths> {
  const { name } = host;
  const listBackups = () => request(host, 'get', '/api/v3/system/backup', (GET, path) => GET(path));
  const listUpdates = () => request(host, 'get', '/api/v3/update', (GET, path) => GET(path));

  /** Waits for a queued command and throws unless it completed. */
  async function completed(queued: CommandState, commandName: string, options: WaitOptions | undefined): Promise<CommandState> {
    const ended = await host.command.wait(queued.id, options);
    if (ended.status !== 'completed') throw new ArrCommandFailedError(ended, commandName, { instance: name, method: 'GET', path: `${host.basePath}/api/v3/command/${ended.id}` });
    return ended;
  }

  return {
    backups: {
      list: () => typed(listBackups()),
      async create(options) {
        const queued = await request(host, 'post', '/api/v3/command', (POST, path) => POST(path, { body: { name: 'Backup' } }));
        await completed(queued, 'Backup', options);
        // BackupService writes a manual backup to Backups/manual; pick the newest by time.
        const manual = (await listBackups()).filter((backup) => backup.type === 'manual').sort((a, b) => Date.parse(b.time) - Date.parse(a.time));
        const [newest] = manual;
        if (newest === undefined) {
          throw new ArrError('the Backup command completed but no manual backup is listed; check the backup folder (Settings > General > Backups)', {
            instance: name,
            method: 'GET',
            path: `${host.basePath}/api/v3/system/backup`,
          });
        }
        return newest as BackupOf<Paths>;
      },
      async restore(id, options = {}) {
        const result = await request(host, 'post', '/api/v3/system/backup/restore/{id}', (POST, path) => POST(path, { params: { path: { id } } }), { id });
        if (options.restart === true) await request(host, 'post', '/api/v3/system/restart', (POST, path) => POST(path));
        return typed(Promise.resolve(result));
      },
      async delete(id) {
        await request(host, 'delete', '/api/v3/system/backup/{id}', (DELETE, path) => DELETE(path, { params: { path: { id } } }), { id });
      },
    },
    updates: {
      list: () => typed(listUpdates()),
      available: async () => typed(Promise.resolve((await listUpdates()).filter((update) => update.installable && !update.installed))),
      async install(options = {}) {
        const { installMajorUpdate, ...wait } = options;
        const queued = await request(host, 'post', '/api/v3/command', (POST, path) => POST(path, { body: { name: 'ApplicationUpdate', installMajorUpdate } }));
        return typed(completed(queued, 'ApplicationUpdate', wait));
      },
    },
  };
}
