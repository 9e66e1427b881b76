/**
 * An error from an instance as the user reads it (plain words, no URL or key) and as the log keeps
 * it (the SDK's message, already redacted, its status and validation failures).
 */
import { ArrAuthError, ArrHttpError, ArrNetworkError, ArrNotFoundError, ArrTimeoutError, ArrValidationError, type ArrValidationFailure } from '@discarr/arr-sdk';
import { STRINGS } from './strings.ts';

/** A validation failure in plain words: the apps' validator codes mapped, else their own message. */
export function plainFailure(failure: ArrValidationFailure): string {
  switch (failure.errorCode) {
    case 'MovieExistsValidator':
    case 'SeriesExistsValidator':
      return STRINGS.alreadyInLibrary;
    case 'PathValidator':
    case 'RootFolderValidator':
    case 'RootFolderExistsValidator':
    case 'FolderWritableValidator':
    case 'PathExistsValidator':
      return STRINGS.rootFolderMissing;
    case 'QualityProfileExistsValidator':
      return STRINGS.profileMissing;
    default:
      return failure.errorMessage.replace(/\.$/, '');
  }
}

/** What the user is told when a request to `instance` failed. */
export function userMessageFor(error: unknown, instance: string): string {
  if (error instanceof ArrValidationError) return STRINGS.validation(instance, [...new Set(error.failures.map(plainFailure))]);
  if (error instanceof ArrNotFoundError) return STRINGS.notFoundOn(instance);
  if (error instanceof ArrAuthError) return STRINGS.keyRefused(instance);
  if (error instanceof ArrTimeoutError) return STRINGS.timedOut(instance);
  if (error instanceof ArrNetworkError) return STRINGS.unreachable(instance);
  if (error instanceof ArrHttpError) return STRINGS.failedOn(instance, error.status);
  return STRINGS.somethingWrong;
}

/** What the log keeps of it. */
export function logDetail(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { message: String(error) };
  const detail: Record<string, unknown> = { name: error.name, message: error.message };
  if (error instanceof ArrHttpError) detail.status = error.status;
  if (error instanceof ArrValidationError) detail.failures = error.failures.map((failure) => `${failure.propertyName}: ${failure.errorMessage} (${failure.errorCode ?? '?'})`);
  if (error instanceof ArrNetworkError && error.code !== undefined) detail.code = error.code;
  return detail;
}
