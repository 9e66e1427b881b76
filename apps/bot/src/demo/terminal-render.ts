/**
 * Discord messages as terminal text: each embed with a bar in its colour, bold titles, Discord
 * markdown turned into ANSI styles, progress bars coloured, buttons shown as `[ Label ]`.
 */
import type { APIEmbed } from 'discord.js';
import type { OutgoingMessage } from '../contracts.ts';

export interface TerminalStyle {
  /** ANSI colours; off when piped (or NO_COLOR is set). */
  color: boolean;
  /** Columns available. */
  width: number;
  /** For Discord's `<t:…:R>` timestamps. */
  now: number;
}

const RESET = '\u001B[0m';
// Matching escape codes is the point of this regular expression.
// eslint-disable-next-line no-control-regex
const ANSI_CODE = /\u001B\[[\d;]*m/g;
const ESCAPE = '\u001B[';

function rgb(color: number): string {
  return `${ESCAPE}38;2;${(color >> 16) & 255};${(color >> 8) & 255};${color & 255}m`;
}

function sgr(code: string, text: string, style: TerminalStyle): string {
  return style.color ? `${ESCAPE}${code}m${text}${ESCAPE}22;23;24;39m` : text;
}

/** Characters of a string as the terminal shows them (ANSI codes excluded). */
export function visibleLength(text: string): number {
  return Array.from(text.replace(ANSI_CODE, '')).length;
}

function relativeTime(epochSeconds: number, now: number): string {
  const seconds = Math.round(epochSeconds - now / 1000);
  const magnitude = Math.abs(seconds);
  const [value, unit] = magnitude < 60 ? [magnitude, 's'] : magnitude < 3600 ? [Math.round(magnitude / 60), 'min'] : magnitude < 86_400 ? [Math.round(magnitude / 3600), 'h'] : [Math.round(magnitude / 86_400), 'd'];
  return seconds >= 0 ? `in ${value} ${unit}` : `${value} ${unit} ago`;
}

/** Discord markdown, mentions and timestamps → terminal text. */
export function markdownToAnsi(text: string, style: TerminalStyle): string {
  return text
    .replace(/<t:(\d+)(?::([tTdDfFR]))?>/g, (_, seconds: string, format: string | undefined) =>
      format === 'R' ? relativeTime(Number(seconds), style.now) : new Date(Number(seconds) * 1000).toLocaleString('en-GB', { hour12: false }),
    )
    .replace(/<@&(\d+)>/g, '@role:$1')
    .replace(/<#(\d+)>/g, '#$1')
    .replace(/<@!?(\d+)>/g, '@user:$1')
    // eslint-disable-next-line no-control-regex -- a link label never spans an escape code
    .replace(/\[([^\]\u001B]+)\]\((https?:[^)\s]+)\)/g, (_, label: string) => sgr('4', label, style))
    .replace(/\*\*([^*]+)\*\*/g, (_, bold: string) => sgr('1', bold, style))
    .replace(/(?<![*\w])\*([^*\n]+)\*(?![*\w])/g, (_, italic: string) => sgr('3', italic, style))
    .replace(/__([^_]+)__/g, (_, underline: string) => sgr('4', underline, style))
    .replace(/`([^`]+)`/g, (_, code: string) => (style.color ? `${ESCAPE}36m${code}${ESCAPE}39m` : code))
    .replace(/\\([\\*_`~|>[\]()#-])/g, '$1')
    .replace(/([▰]+)([▱]*)/g, (_, filled: string, empty: string) => (style.color ? `${ESCAPE}32m${filled}${ESCAPE}90m${empty}${ESCAPE}39m` : `${filled}${empty}`));
}

/** Wraps one line to `width` visible characters, at spaces where possible. */
function wrap(line: string, width: number): string[] {
  if (width < 10 || visibleLength(line) <= width) return [line];
  const out: string[] = [];
  let current = '';
  for (const word of line.split(' ')) {
    const candidate = current === '' ? word : `${current} ${word}`;
    if (visibleLength(candidate) > width && current !== '') {
      out.push(current);
      current = word;
    } else {
      current = candidate;
    }
  }
  if (current !== '') out.push(current);
  return out;
}

function embedLines(embed: APIEmbed, style: TerminalStyle): string[] {
  const bar = style.color ? `${rgb(embed.color ?? 0x5865f2)}▌${RESET} ` : '| ';
  const inner = Math.max(20, style.width - 2);
  const lines: string[] = [];
  /** Adds styled text (markdown already converted), wrapped. */
  const add = (text: string) => {
    for (const raw of text.split('\n')) for (const line of wrap(raw, inner)) lines.push(`${bar}${line}`);
  };
  const md = (text: string) => text.split('\n').map((line) => markdownToAnsi(line, style)).join('\n');
  if (embed.author?.name) add(sgr('2', md(embed.author.name), style));
  if (embed.title) add(sgr('1', md(embed.title), style));
  if (embed.description) add(md(embed.description));
  // Inline fields sit side by side in Discord: here, on one line while they fit.
  let row: string[] = [];
  const flush = () => {
    if (row.length > 0) add(row.join('   '));
    row = [];
  };
  for (const field of embed.fields ?? []) {
    const text = `${sgr('1', md(field.name), style)}: ${md(field.value)}`;
    if (field.inline === true && !field.value.includes('\n')) {
      if (visibleLength([...row, text].join('   ')) > inner) flush();
      row.push(text);
    } else {
      flush();
      add(`${sgr('1', md(field.name), style)}:${field.value.includes('\n') ? '\n' : ' '}${md(field.value)}`);
    }
  }
  flush();
  if (embed.footer?.text) add(sgr('2', md(embed.footer.text), style));
  return lines;
}

/** The lines a message shows: content, each embed, then its buttons. */
export function renderMessage(message: OutgoingMessage, style: TerminalStyle): string[] {
  const lines: string[] = [];
  if (message.content) lines.push(...message.content.split('\n').map((line) => markdownToAnsi(line, style)));
  message.embeds.forEach((embed, index) => {
    if (index > 0) lines.push('');
    lines.push(...embedLines(embed, style));
  });
  const buttons = (message.components ?? []).flatMap((row) => row.components).map((component) => ('label' in component && component.label ? component.label : undefined)).filter((label): label is string => label !== undefined);
  if (buttons.length > 0) lines.push(buttons.map((label) => sgr('7', ` ${label} `, style)).join(' '));
  return lines;
}

/**
 * The board's lines for a screen of `rows` lines: every instance gets its share, so a second
 * instance is never pushed off the screen by the first. An instance's lines beyond its share end in
 * a line saying how many were left out. Buttons are left out: a terminal cannot click them.
 */
export function fitBoard(messages: readonly OutgoingMessage[], rows: number, style: TerminalStyle): string[] {
  const embeds = messages.flatMap((message) => compactBoard(message).embeds);
  if (embeds.length === 0) return [];
  const separators = embeds.length - 1;
  const share = Math.max(2, Math.floor((rows - separators) / embeds.length));
  const dim = (text: string): string => (style.color ? `${ESCAPE}2m${text}${ESCAPE}22m` : text);
  return embeds.flatMap((embed, index) => {
    // Blank lines are Discord's spacing; on a small screen a download's line is worth more.
    const lines = renderMessage({ embeds: [embed] }, style).filter((line) => line.replace(ANSI_CODE, '').replace(/^[|▌] ?/, '').trim() !== '');
    const fitted = lines.length <= share ? lines : [...lines.slice(0, share - 1), dim(`  … ${lines.length - share + 1} more lines`)];
    return index === 0 ? fitted : ['', ...fitted];
  });
}

/**
 * The board for a small screen: an instance spread over several embeds keeps its first one, which
 * then says how many downloads it leaves out.
 */
export function compactBoard(message: OutgoingMessage): OutgoingMessage {
  const embeds: APIEmbed[] = [];
  for (const embed of message.embeds) {
    const range = /\((\d+)–(\d+) of (\d+)\)$/.exec(embed.title ?? '');
    if (range === null) {
      embeds.push(embed);
      continue;
    }
    const [, from, to, total] = range.map(Number) as [number, number, number, number];
    if (from > 1) continue;
    const more = total - to;
    embeds.push({ ...embed, ...(more > 0 ? { description: `${embed.description ?? ''}\n*… and ${more} more downloads*` } : {}) });
  }
  return { ...message, embeds };
}
