/** Previous / next buttons of a paged message (the board, `/queue`). */
import { ButtonStyle, ComponentType } from 'discord.js';
import type { APIActionRowComponent, APIComponentInMessageActionRow } from 'discord.js';

/**
 * A row with ◀ and ▶ whose custom ids are `<prefix><target page>`. At either end the button points
 * at the current page and is disabled, which keeps the two custom ids distinct as Discord requires.
 */
export function pageButtons(prefix: string, page: number, pageCount: number): APIActionRowComponent<APIComponentInMessageActionRow> {
  const previous = Math.max(0, page - 1);
  const next = Math.min(pageCount - 1, page + 1);
  return {
    type: ComponentType.ActionRow,
    components: [
      { type: ComponentType.Button, style: ButtonStyle.Secondary, custom_id: `${prefix}${previous}`, label: '◀ Previous', disabled: page <= 0 },
      { type: ComponentType.Button, style: ButtonStyle.Secondary, custom_id: `${prefix}${next}`, label: `Next ▶ (${page + 1}/${pageCount})`, disabled: page >= pageCount - 1 },
    ],
  };
}
