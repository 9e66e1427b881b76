import { ButtonStyle, ComponentType } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { compactBoard, markdownToAnsi, renderMessage, visibleLength } from './terminal-render.ts';

const plain = { color: false, width: 80, now: Date.parse('2026-01-05T12:00:00Z') };
const coloured = { ...plain, color: true };

describe('terminal rendering', () => {
  it('turns Discord markdown, mentions and timestamps into plain text', () => {
    const now = plain.now / 1000;
    expect(markdownToAnsi(`**Bold** *italic* __under__ \`code\` [TMDb](https://tmdb.org/1) <@&123> <#456> <@789> <t:${now + 120}:R> <t:${now - 7200}:R> \\*`, plain)).toBe(
      'Bold italic under code TMDb @role:123 #456 @user:789 in 2 min 2 h ago *',
    );
    expect(markdownToAnsi(`<t:${now + 3 * 86_400}:R> <t:${now - 30}:R>`, plain)).toBe('in 3 d 30 s ago');
    expect(markdownToAnsi(`<t:${now}:f>`, plain)).toMatch(/2026/);
  });

  it('colours progress bars and styles in a terminal, and measures text without the codes', () => {
    const text = markdownToAnsi('▰▰▰▱▱ 60% **done**', coloured);
    expect(text).toContain('\u001B[32m▰▰▰\u001B[90m▱▱');
    expect(text).toContain('\u001B[1mdone');
    expect(visibleLength(text)).toBe('▰▰▰▱▱ 60% done'.length);
  });

  it('draws an embed with its colour bar, fields side by side when inline, and buttons', () => {
    const lines = renderMessage(
      {
        content: 'Hey <@&42>',
        embeds: [
          {
            author: { name: 'radarr' },
            title: 'Failed',
            description: 'A long description that has to wrap because it is much longer than the forty columns given',
            color: 0xe74c3c,
            fields: [
              { name: 'Quality', value: 'Bluray-1080p', inline: true },
              { name: 'Size', value: '2 GB', inline: true },
              { name: 'Messages', value: 'one\ntwo' },
            ],
            footer: { text: 'footer' },
          },
          { title: 'Second' },
        ],
        components: [{ type: ComponentType.ActionRow, components: [{ type: ComponentType.Button, style: ButtonStyle.Danger, label: 'Remove', custom_id: 'x' }] }],
      },
      { ...plain, width: 40 },
    );
    expect(lines[0]).toBe('Hey @role:42');
    expect(lines).toContain('| Quality: Bluray-1080p   Size: 2 GB');
    expect(lines).toContain('| Messages:');
    expect(lines).toContain('| two');
    expect(lines.filter((line) => line.startsWith('| A long') || line.startsWith('| wrap') || line.startsWith('| because')).length).toBeGreaterThan(0);
    expect(lines.every((line) => visibleLength(line) <= 42 || line.includes('Remove'))).toBe(true);
    expect(lines.at(-1)).toBe(' Remove ');
    expect(renderMessage({ embeds: [{ title: 'x', color: 0xff0000 }] }, coloured)[0]).toContain('\u001B[38;2;255;0;0m▌');
  });

  it('keeps the first embed of an instance spread over several, saying how many downloads it leaves out', () => {
    const board = compactBoard({
      embeds: [
        { title: '🟢 radarr (1–3 of 8)', description: 'a' },
        { title: '🟢 radarr (4–6 of 8)', description: 'b' },
        { title: '🟢 radarr (7–8 of 8)', description: 'c' },
        { title: '🟢 sonarr', description: 'd' },
        { title: '🟢 lidarr (1–2 of 2)', description: 'e' },
      ],
    });
    expect(board.embeds.map((embed) => [embed.title, embed.description])).toEqual([
      ['🟢 radarr (1–3 of 8)', 'a\n*… and 5 more downloads*'],
      ['🟢 sonarr', 'd'],
      ['🟢 lidarr (1–2 of 2)', 'e'],
    ]);
  });
});
