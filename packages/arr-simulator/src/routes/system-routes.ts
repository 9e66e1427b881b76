/** `/api`, `/ping`, system status, health, disk space and scheduled tasks. */
import type { Router } from '../http/router.ts';
import { intParam, reply } from '../http/router.ts';
import type { Instance } from '../model/instance.ts';
import { isoDate } from '../time-format.ts';

export interface AppIdentity {
  appName: 'Radarr' | 'Sonarr';
  version: string;
}

export const SYSTEM_TASKS = [
  ['Application Update Check', 'ApplicationUpdateCheck', 360],
  ['Backup', 'Backup', 10_080],
  ['Check Health', 'CheckHealth', 360],
  ['Housekeeping', 'Housekeeping', 1440],
  ['Messaging Cleanup', 'MessagingCleanup', 5],
  ['Refresh Monitored Downloads', 'RefreshMonitoredDownloads', 1],
  ['RSS Sync', 'RssSync', 15],
] as const;

export function registerSystemRoutes(router: Router, instance: Pick<Instance, 'instanceName' | 'urlBase' | 'startTime' | 'clock' | 'health' | 'settings' | 'refreshes'>, identity: AppIdentity): void {
  router.add('GET', '/api', () => reply.json({ current: 'v3', deprecated: [] }));
  router.add('GET', '/ping', () => reply.json({ status: 'OK' }), { open: true });

  router.add('GET', '/api/v3/system/status', () =>
    reply.json({
      appName: identity.appName,
      instanceName: instance.instanceName,
      version: identity.version,
      buildTime: '2025-01-01T00:00:00Z',
      isDebug: false,
      isProduction: true,
      isAdmin: false,
      isUserInteractive: false,
      startupPath: `/app/${identity.appName.toLowerCase()}/bin`,
      appData: '/config',
      osName: 'ubuntu',
      osVersion: '24.04',
      isNetCore: true,
      isLinux: true,
      isOsx: false,
      isWindows: false,
      isDocker: true,
      mode: 'console',
      branch: 'main',
      authentication: 'forms',
      databaseType: 'sqLite',
      databaseVersion: '3.46.1',
      migrationVersion: identity.appName === 'Radarr' ? 242 : 217,
      urlBase: instance.urlBase,
      runtimeVersion: '8.0.12',
      runtimeName: '.NET',
      startTime: isoDate(instance.startTime),
      packageVersion: identity.version,
      packageAuthor: 'discarr-simulator',
      packageUpdateMechanism: 'docker',
    }),
  );

  router.add('GET', '/api/v3/health', () => reply.json(instance.health.list()));

  router.add('GET', '/api/v3/diskspace', () => {
    return reply.json(instance.settings.disks().map((disk) => ({ path: disk.path, label: disk.path.split('/').pop() ?? '', freeSpace: disk.freeSpace, totalSpace: disk.totalSpace })));
  });

  const tasks = (): Record<string, unknown>[] => {
    const now = instance.clock.now();
    return SYSTEM_TASKS.map(([name, taskName, intervalMinutes], index) => {
      const intervalMs = intervalMinutes * 60_000;
      // The refresh of tracked downloads runs on the instance's own schedule (and on demand).
      const refresh = taskName === 'RefreshMonitoredDownloads';
      const last = refresh ? instance.refreshes.lastAt : Math.max(instance.startTime, now - ((now - instance.startTime) % intervalMs));
      return {
        id: index + 1,
        name,
        taskName,
        // Minutes, as the apps store it (a shorter interval still shows as 1).
        interval: refresh ? Math.max(1, Math.round(instance.refreshes.intervalMs / 60_000)) : intervalMinutes,
        lastExecution: isoDate(last),
        lastStartTime: isoDate(last),
        nextExecution: isoDate(refresh ? instance.refreshes.nextAt : last + intervalMs),
        lastDuration: '00:00:00.5000000',
      };
    });
  };
  router.add('GET', '/api/v3/system/task', () => reply.json(tasks()));
  router.add('GET', '/api/v3/system/task/{id}', ({ params }) => {
    const task = tasks().find((candidate) => candidate.id === intParam(params.id));
    return task === undefined ? reply.notFound() : reply.json(task);
  });
}
