/**
 * Every user-facing string of the management commands, in one place, ready for translation. Values
 * coming from users or instances are escaped by the callers' render functions, not here.
 */
import type { Capability } from '../config/permissions.ts';

const CAPABILITY_WORDS: Record<Capability, string> = {
  read: 'read (see the queue and status)',
  request: 'request (search and add movies and series)',
  manage: 'manage (act on downloads, refresh)',
  search: 'search (trigger searches)',
};

/** An action on a download, as a user reads it. */
export type QueueActionName = 'remove' | 'blocklist' | 'blocklistOnly' | 'retry' | 'manualImport';

const ACTION_WORDS: Record<QueueActionName, string> = {
  remove: 'Remove from the queue and the download client',
  blocklist: 'Blocklist the release and search for another',
  blocklistOnly: 'Blocklist the release (no new search)',
  retry: 'Blocklist the release and search again',
  manualImport: 'Manual import',
};

export const STRINGS = {
  notInThisGuild: 'Discarr does not answer in this server.',
  notInGuild: 'Discarr commands work in a server, not in direct messages.',
  missingCapability: (capability: Capability, instance: string | undefined) =>
    `You need the **${CAPABILITY_WORDS[capability]}** permission${instance === undefined ? '' : ` on \`${instance}\``} for this. Ask a server admin to grant it in Discarr's \`permissions\` configuration.`,
  unknownCommand: (name: string) => `Unknown command \`/${name}\`.`,
  noInstanceOfKind: (kind: string) => `No ${kind} instance is configured.`,
  chooseInstance: (kind: string, names: string[]) => `Several ${kind} instances are configured: pick one with the \`instance\` option (${names.map((name) => `\`${name}\``).join(', ')}).`,
  unknownInstance: (name: string, names: string[]) => `No instance is named \`${name}\`. Known instances: ${names.map((one) => `\`${one}\``).join(', ') || 'none'}.`,
  wrongKind: (name: string, kind: string) => `\`${name}\` is not a ${kind} instance.`,
  instanceUnavailable: (name: string) => `\`${name}\` is not available to the bot right now.`,

  // Errors from an instance, in plain words; the detail goes to the log.
  unreachable: (name: string) => `\`${name}\` cannot be reached right now. Try again in a moment; if it lasts, check that it is running.`,
  timedOut: (name: string) => `\`${name}\` did not answer in time. It may be busy: try again in a moment.`,
  keyRefused: (name: string) => `\`${name}\` refused the bot's API key. An admin must update it in the configuration.`,
  notFoundOn: (name: string) => `\`${name}\` no longer has it (it was removed or already dealt with).`,
  failedOn: (name: string, status: number | undefined) => `\`${name}\` answered with an error${status === undefined ? '' : ` (HTTP ${status})`}. The details are in the bot's log.`,
  somethingWrong: 'Something went wrong. The details are in the bot\'s log.',
  validation: (name: string, problems: string[]) => `\`${name}\` refused: ${problems.join('; ')}.`,
  alreadyInLibrary: 'already in the library',
  rootFolderMissing: 'the root folder is missing or not writable',
  profileMissing: 'the quality profile no longer exists',

  // Confirmations.
  confirmTitle: (action: QueueActionName) => `${ACTION_WORDS[action]}?`,
  confirmBody: (title: string, instance: string, seconds: number) => `**${title}** on \`${instance}\`. Confirm within ${seconds} s.`,
  confirmButton: 'Confirm',
  cancelButton: 'Cancel',
  cancelled: 'Cancelled: nothing was changed.',
  expired: 'This confirmation has expired: nothing was changed. Click the action again.',
  inProgress: 'Already in progress: the result replaces the confirmation.',
  alreadyDone: (outcome: string) => `Already done: ${outcome}`,
  actionWord: (action: QueueActionName) => ACTION_WORDS[action],

  // Queue actions' outcomes.
  notInQueue: (title: string, instance: string) => `**${title}** is no longer in the queue of \`${instance}\`: nothing to do.`,
  removed: (title: string, instance: string) => `Removed **${title}** from \`${instance}\`.`,
  blocklisted: (title: string, instance: string, searching: boolean) => `Blocklisted **${title}** on \`${instance}\`${searching ? ' and started a search for another release' : ''}.`,
  removedNotGrabbed: (title: string, instance: string, searching: boolean) =>
    `Removed **${title}** from \`${instance}\`. Nothing was blocklisted: \`${instance}\` did not grab this download (it was added to the download client by hand), so it has no release to blocklist${searching ? '. Started a search for a release' : ''}.`,
  searchStarted: (title: string, instance: string) => `Started a search for **${title}** on \`${instance}\`.`,
  noMediaToSearch: (instance: string) => `\`${instance}\` no longer knows which movie or episodes this download was for: search from \`/search item\`.`,
  queueActionPlaceholder: 'Act on a download…',
  queueActionsFor: (title: string, instance: string) => `What should be done with **${title}** on \`${instance}\`?`,
  manualImportTitle: (title: string) => `Manual import: ${title}`,
  manualImportPick: 'Pick the file to import. Rejections the app found are listed; importing overrides them.',
  manualImportNone: (instance: string) => `\`${instance}\` offers no file to import for this download.`,
  manualImportNoMedia: 'The app cannot tell which movie or series this file is: import it from the web UI, where you can pick it.',
  manualImportPlaceholder: 'File to import…',
  manualImportDone: (file: string, instance: string, status: string) => `Manual import of **${file}** on \`${instance}\`: ${status}.`,

  // Commands' outcomes.
  commandFinished: (what: string, instance: string, status: string, message: string | undefined) => `${what} on \`${instance}\`: **${status}**${message === undefined || message === '' ? '' : ` (${message})`}.`,
  commandStillRunning: (what: string, instance: string) => `${what} on \`${instance}\` is still running; the app will carry on.`,
  commandStarted: (what: string, instance: string) => `${what} on \`${instance}\`: started…`,
  nothingFound: (term: string) => `Nothing found for “${term}”.`,
  noMatchInLibrary: (term: string, instance: string) => `Nothing in the library of \`${instance}\` matches “${term}”.`,

  // Search and add.
  movieField: 'Movie',
  seriesField: 'Series',
  libraryField: 'Library',
  minutes: (minutes: number) => `${minutes} min`,
  seasons: (count: number) => `${count} season${count === 1 ? '' : 's'}`,
  inLibraryOn: (instances: string[]) => `In the library on ${instances.map((name) => `\`${name}\``).join(', ')}`,
  notInLibrary: 'Not in the library yet',
  addButton: 'Add…',
  addTitle: (title: string) => `Add ${title}`,
  addInstance: 'Instance…',
  addProfile: 'Quality profile…',
  addRootFolder: 'Root folder…',
  addMonitor: 'Monitor…',
  addSeriesType: 'Series type…',
  addSearchNow: 'Search now',
  addNoSearch: 'Add without searching',
  addSubmit: 'Add',
  added: (title: string, instance: string, searching: boolean, subscribed: boolean) =>
    `Added **${title}** to \`${instance}\`${searching ? ' and started a search' : ''}.${subscribed ? ' You will be told when it is imported.' : ''}`,
  addSessionGone: 'This add form has expired: search again.',
  freeSpace: (free: string) => `${free} free`,

  // Lists.
  calendarTitle: (days: number) => `Coming up in the next ${days} day${days === 1 ? '' : 's'}`,
  calendarEmpty: 'Nothing scheduled.',
  wantedTitle: (which: 'missing' | 'cutoff', count: number) => `${which === 'missing' ? 'Missing' : 'Below the quality cutoff'}: ${count}`,
  wantedEmpty: 'Nothing wanted.',
  listGone: 'This list has expired: run the command again.',
  page: (page: number, count: number) => `Page ${page}/${count}`,

  // Notify me.
  subscribed: (title: string) => `You will be told when **${title}** is imported.`,
  alreadySubscribed: (title: string) => `You are already waiting for **${title}**.`,
  subscriptionsTitle: 'What you are waiting for',
  noSubscriptions: 'You are not waiting for anything. Use `/notify me` to be told when something is imported.',
  unsubscribed: (title: string) => `You will no longer be told about **${title}**.`,
  notSubscribed: 'You were not waiting for that.',
  seasonScope: (title: string, season: number) => (season === 0 ? `${title} · specials` : `${title} · season ${season}`),
  episodeScope: (title: string, season: number, episode: number) => `${title} · S${String(season).padStart(2, '0')}E${String(episode).padStart(2, '0')}`,
  seasonChoice: (season: number) => (season === 0 ? 'Specials' : `Season ${season}`),
  episodeChoice: (episode: number, title: string | undefined) => `Episode ${episode}${title === undefined || title === '' ? '' : ` · ${title}`}`,
  notifyScopeNeedsSeries: 'A season or an episode can only be chosen for a series.',
  notifyEpisodeNeedsSeason: 'Choose the season of the episode too.',
  notifyNoSuchSeason: (title: string, season: number) => `**${title}** has no season ${season}.`,
  notifyNoSuchEpisode: (title: string, season: number, episode: number) => `**${title}** has no episode ${episode} in season ${season}.`,
  notifyAlreadyImported: (what: string) => `**${what}** is already imported: nothing to wait for.`,
  importedDm: (title: string, instance: string) => `🎬 **${title}** is ready: imported on \`${instance}\`.`,
  importedMention: (userId: string, title: string, instance: string) => `<@${userId}> 🎬 **${title}** is ready: imported on \`${instance}\`. (Your DMs are closed, so here it is.)`,

  // About.
  aboutTitle: 'Discarr',
  aboutVersion: (version: string) => `Version ${version}`,
  aboutUptime: (uptime: string) => `Up for ${uptime}`,
  aboutInstances: 'Instances',
  aboutInstance: (name: string, kind: string, version: string | undefined, state: string, push: string) => `\`${name}\` ${kind}${version === undefined ? '' : ` v${version}`} · ${state} · push ${push}`,
} as const;
