/** Validation failures as FluentValidation serialises them: a 400 with an array of failures. */
import { randomBytes } from 'node:crypto';
import type { Reply } from './router.ts';

export interface ValidationFailure {
  propertyName: string;
  errorMessage: string;
  attemptedValue: unknown;
  severity: 'error' | 'warning';
  errorCode: string;
  isWarning: boolean;
  formattedMessagePlaceholderValues: Record<string, unknown>;
}

export function failure(propertyName: string, errorMessage: string, attemptedValue: unknown, errorCode: string, placeholders: Record<string, unknown> = {}): ValidationFailure {
  return { propertyName, errorMessage, attemptedValue: attemptedValue ?? null, severity: 'error', errorCode, isWarning: false, formattedMessagePlaceholderValues: { propertyName, propertyValue: attemptedValue ?? null, ...placeholders } };
}

export function validationReply(failures: ValidationFailure[]): Reply {
  return { status: 400, body: failures };
}

/**
 * A model-binding failure as ASP.NET Core answers it before the app's own validation runs: an RFC
 * 7807 problem details body (`errors` maps each field, `$` for the JSON body, to its messages).
 */
export function problemReply(errors: Record<string, string[]>): Reply {
  const traceId = `00-${randomBytes(16).toString('hex')}-${randomBytes(8).toString('hex')}-00`;
  return { status: 400, body: { type: 'https://tools.ietf.org/html/rfc9110#section-15.5.1', title: 'One or more validation errors occurred.', status: 400, errors, traceId }, headers: { 'content-type': 'application/problem+json; charset=utf-8' } };
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function requireString(body: Record<string, unknown>, name: string, propertyName: string): ValidationFailure | undefined {
  const value = body[name];
  if (typeof value === 'string' && value.trim() !== '') return undefined;
  return failure(propertyName, `'${propertyName}' must not be empty.`, value, 'NotEmptyValidator');
}
