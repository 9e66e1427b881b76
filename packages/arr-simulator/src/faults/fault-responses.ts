/**
 * What each fault looks like on the wire, modelled on what a client of Radarr or Sonarr really meets:
 * the apps' own JSON errors, a reverse proxy's HTML error pages, an authentication portal's login
 * page or redirect, a cut body and a reset connection. Hanging is stateful and lives in the injector.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

/** The faults an injector can answer with. */
export type FaultKind =
  | 'error500'
  | 'error502'
  | 'error503'
  | 'databaseLocked'
  | 'unauthorized'
  | 'htmlLogin'
  | 'redirect'
  | 'hang'
  | 'truncatedJson'
  | 'reset';

/** Details a fault's answer may use. */
export interface FaultContext {
  /** The instance's URL base, where its login page lives. */
  urlBase: string;
  /** Shown in the login page's title, as the apps do. */
  appName: string;
  /** Sent as `Retry-After` with a 503. */
  retryAfterSeconds?: number;
}

// The apps serialise errors through ASP.NET Core with this content type.
const JSON_TYPE = 'application/json; charset=utf-8';

// Radarr's error pipeline answers unhandled exceptions with `{message, description}`, the
// description being the exception's ToString(). SQLite contention surfaces as this exception
// (wording of Radarr and Sonarr logs and API answers when the database is busy).
const DATABASE_LOCKED = {
  message: 'database is locked\ndatabase is locked',
  description:
    'code = Busy (5), message = System.Data.SQLite.SQLiteException (0x800007AF): database is locked\ndatabase is locked\n' +
    '   at System.Data.SQLite.SQLite3.Step(SQLiteStatement stmt)\n' +
    '   at System.Data.SQLite.SQLiteDataReader.NextResult()\n' +
    '   at System.Data.SQLite.SQLiteCommand.ExecuteReader(CommandBehavior behavior)',
};

const INTERNAL_ERROR = {
  message: 'Internal Server Error',
  description:
    'System.InvalidOperationException: Fault injected by @discarr/arr-simulator\n' +
    '   at NzbDrone.Core.Datastore.BasicRepository`1.All()',
};

// A cut JSON document, as a client sees one when a proxy or the app dies mid-body.
const TRUNCATED_JSON = '{"page":1,"pageSize":10,"totalRecords":3,"records":[{"id":1,"title":"Tru';

/** Answers the request with `kind`; `hang` is not handled here. */
export function answerFault(kind: Exclude<FaultKind, 'hang'>, req: IncomingMessage, res: ServerResponse, context: FaultContext): void {
  switch (kind) {
    case 'error500':
      send(res, 500, JSON_TYPE, JSON.stringify(INTERNAL_ERROR));
      return;
    case 'databaseLocked':
      send(res, 500, JSON_TYPE, JSON.stringify(DATABASE_LOCKED));
      return;
    case 'error502':
      // A reverse proxy in front of the app answers when the app is down: HTML, not the app's JSON.
      send(res, 502, 'text/html', proxyPage('502 Bad Gateway'), { Server: 'nginx' });
      return;
    case 'error503':
      send(res, 503, 'text/html', proxyPage('503 Service Temporarily Unavailable'), {
        Server: 'nginx',
        ...(context.retryAfterSeconds === undefined ? {} : { 'Retry-After': String(context.retryAfterSeconds) }),
      });
      return;
    case 'unauthorized':
      // The apps' API key handler challenges with a bare 401 and no body.
      send(res, 401, undefined, '');
      return;
    case 'htmlLogin':
      // Forms authentication or an SSO portal answers API calls with its login page and a 200,
      // the classic trap for a client that only checks the status.
      send(res, 200, 'text/html; charset=utf-8', loginPage(context));
      return;
    case 'redirect':
      send(res, 302, undefined, '', {
        Location: `${context.urlBase}/login?returnUrl=${encodeURIComponent(req.url ?? '/')}`,
      });
      return;
    case 'truncatedJson':
      // Framed correctly (the length matches what is sent) so only the JSON is broken; the
      // connection is closed afterwards, as a server that failed mid-serialisation does.
      send(res, 200, JSON_TYPE, TRUNCATED_JSON, { Connection: 'close' });
      return;
    case 'reset':
      req.socket.destroy();
      return;
  }
}

function send(res: ServerResponse, status: number, contentType: string | undefined, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, {
    ...headers,
    ...(contentType === undefined ? {} : { 'Content-Type': contentType }),
    'Content-Length': String(Buffer.byteLength(body)),
  });
  res.end(body);
}

function proxyPage(title: string): string {
  return `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;
}

function loginPage(context: FaultContext): string {
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '  <meta charset="utf-8" />',
    `  <title>Login - ${escapeHtml(context.appName)}</title>`,
    '</head>',
    '<body>',
    `  <form method="POST" action="${escapeHtml(context.urlBase)}/login">`,
    '    <input type="text" name="username" placeholder="Username" />',
    '    <input type="password" name="password" placeholder="Password" />',
    '    <label><input type="checkbox" name="rememberMe" /> Remember Me</label>',
    '    <button type="submit">Login</button>',
    '  </form>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (char) => `&#${char.charCodeAt(0)};`);
}
