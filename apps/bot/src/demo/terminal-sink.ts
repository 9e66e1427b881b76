/**
 * A `MessageSink` that shows what the bot would post, in the terminal. In a terminal the screen is
 * redrawn in place: the status board at the top, the latest notifications under it. Piped (CI,
 * tests), it appends instead: each notification as it comes, the board when it changed (at most
 * every few seconds).
 */
import { MessageGoneError, type MessageSink, type OutgoingMessage } from '../contracts.ts';
import { fitBoard, renderMessage, type TerminalStyle } from './terminal-render.ts';

export interface TerminalSinkOptions {
  out: { write(text: string): unknown };
  /** Redraw in place (a terminal) or append (a pipe). */
  interactive: boolean;
  color: boolean;
  /** Columns and rows of the terminal. */
  size: () => { columns: number; rows: number };
  /** Channels whose messages are status boards. */
  boardChannels: readonly string[];
  now: () => number;
  /** Notifications kept on screen. Default 6. */
  keepNotifications?: number;
  /** Redraws at most this often in a terminal. Default 250 ms. */
  redrawMs?: number;
  /** Piped, the board is printed at most this often. Default 5 000 ms. */
  boardPrintMs?: number;
}

export interface TerminalSink extends MessageSink {
  /** Messages shown so far. */
  stats(): { boards: number; boardEdits: number; notifications: number; notificationEdits: number };
  /** Draws what is pending and restores the cursor. */
  close(): void;
}

interface Shown {
  id: string;
  channelId: string;
  message: OutgoingMessage;
  at: number;
  edits: number;
}

const CLEAR_LINE = '\u001B[K';
const HOME = '\u001B[H';
const CLEAR_BELOW = '\u001B[J';

export function createTerminalSink(options: TerminalSinkOptions): TerminalSink {
  const keep = options.keepNotifications ?? (options.interactive ? 3 : 6);
  const boardChannels = new Set(options.boardChannels);
  const boards = new Map<string, Shown>();
  const notifications: Shown[] = [];
  const counts = { boards: 0, boardEdits: 0, notifications: 0, notificationEdits: 0 };
  let nextId = 1;
  let redrawTimer: ReturnType<typeof setTimeout> | undefined;
  let lastBoardPrint = Number.NEGATIVE_INFINITY;
  let boardPending = false;
  let boardTimer: ReturnType<typeof setTimeout> | undefined;
  let closed = false;

  const style = (): TerminalStyle => ({ color: options.color, width: options.size().columns, now: options.now() });
  const dim = (text: string) => (options.color ? `\u001B[2m${text}\u001B[22m` : text);
  const rule = (title: string) => dim(`── ${title} ${'─'.repeat(Math.max(0, Math.min(options.size().columns, 100) - title.length - 4))}`);
  const clock = (at: number) => new Date(at).toLocaleTimeString('en-GB', { hour12: false });

  function draw(): void {
    redrawTimer = undefined;
    const { rows } = options.size();
    const noteLines = notifications.slice(-keep).flatMap((shown) => ['', dim(`${clock(shown.at)} → #${shown.channelId}${shown.edits > 0 ? ` (edited ${shown.edits}×)` : ''}`), ...renderMessage(shown.message, style())]);
    const header = [rule(`Discarr demo · status board · ${clock(options.now())} · Ctrl-C to stop`)];
    const notesHeader = ['', rule(`notifications (${counts.notifications}, latest ${Math.min(keep, notifications.length)} shown)`)];
    // The board takes about two thirds of the screen, shared by every instance; the notifications the rest.
    const boardRoom = Math.max(6, Math.floor((rows - header.length - notesHeader.length - 1) * 0.65));
    const board = fitBoard([...boards.values()].map((shown) => shown.message), boardRoom, style());
    const notes = noteLines.slice(-Math.max(3, rows - header.length - board.length - notesHeader.length - 1));
    const lines = [...header, ...board, ...notesHeader, ...notes].slice(0, Math.max(1, rows - 1));
    options.out.write(`${HOME}${lines.map((line) => `${line}${CLEAR_LINE}`).join('\n')}\n${CLEAR_BELOW}`);
  }

  function scheduleDraw(): void {
    if (closed || redrawTimer !== undefined) return;
    redrawTimer = setTimeout(draw, options.redrawMs ?? 250);
    redrawTimer.unref();
  }

  function printBoard(): void {
    boardTimer = undefined;
    boardPending = false;
    lastBoardPrint = options.now();
    const lines = [...boards.values()].flatMap((shown) => renderMessage({ ...shown.message, components: [] }, style()));
    options.out.write(`\n${rule(`status board · ${clock(options.now())}`)}\n${lines.join('\n')}\n`);
  }

  function boardChanged(): void {
    if (options.interactive) {
      scheduleDraw();
      return;
    }
    boardPending = true;
    const wait = lastBoardPrint + (options.boardPrintMs ?? 5_000) - options.now();
    if (wait <= 0) printBoard();
    else if (boardTimer === undefined && !closed) {
      boardTimer = setTimeout(printBoard, wait);
      boardTimer.unref();
    }
  }

  function notificationShown(shown: Shown, edited: boolean): void {
    if (options.interactive) {
      scheduleDraw();
      return;
    }
    const title = edited ? `notification edited (${shown.edits}×) → #${shown.channelId}` : `notification → #${shown.channelId}`;
    options.out.write(`\n${rule(`${title} · ${clock(shown.at)}`)}\n${renderMessage(shown.message, style()).join('\n')}\n`);
  }

  if (options.interactive) options.out.write('\u001B[?25l\u001B[2J');

  return {
    send(channelId, message) {
      const shown: Shown = { id: `demo-${nextId++}`, channelId, message, at: options.now(), edits: 0 };
      if (boardChannels.has(channelId)) {
        boards.set(channelId, shown);
        counts.boards++;
        boardChanged();
      } else {
        notifications.push(shown);
        if (notifications.length > 500) notifications.splice(0, notifications.length - 500);
        counts.notifications++;
        notificationShown(shown, false);
      }
      return Promise.resolve({ messageId: shown.id });
    },
    edit(channelId, messageId, message) {
      const board = boards.get(channelId);
      if (board?.id === messageId) {
        board.message = message;
        board.edits++;
        counts.boardEdits++;
        boardChanged();
        return Promise.resolve();
      }
      const note = notifications.find((shown) => shown.id === messageId);
      if (note === undefined) return Promise.reject(new MessageGoneError(`message ${messageId} is no longer on screen`));
      note.message = message;
      note.edits++;
      note.at = options.now();
      counts.notificationEdits++;
      notificationShown(note, true);
      return Promise.resolve();
    },
    stats: () => ({ ...counts }),
    close() {
      if (closed) return;
      closed = true;
      if (redrawTimer !== undefined) clearTimeout(redrawTimer);
      if (boardTimer !== undefined) clearTimeout(boardTimer);
      if (options.interactive) {
        draw();
        options.out.write('\u001B[?25h');
      } else if (boardPending) {
        printBoard();
      }
    },
  };
}
