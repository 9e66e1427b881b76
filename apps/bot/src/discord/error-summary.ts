/**
 * What a log line may say about an error from Discord. discord.js errors carry the request URL
 * (an interaction's webhook URL holds its token) and the request body; the log gets neither.
 */
export interface ErrorSummary {
  name: string;
  message: string;
  status?: number;
  code?: number | string;
}

export function errorSummary(error: unknown): ErrorSummary {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error) };
  const summary: ErrorSummary = { name: error.name, message: error.message };
  const { status, code } = error as { status?: unknown; code?: unknown };
  if (typeof status === 'number') summary.status = status;
  if (typeof code === 'number' || typeof code === 'string') summary.code = code;
  return summary;
}
