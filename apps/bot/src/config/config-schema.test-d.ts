import { describe, expectTypeOf, it } from 'vitest';
import type { BotConfig } from '../contracts.ts';
import type { ParsedConfig } from './config-schema.ts';
import type { LoadedConfig } from './load-config.ts';

describe('config schema types', () => {
  it('produces exactly what the bot consumes: a BotConfig', () => {
    expectTypeOf<ParsedConfig>().toExtend<BotConfig>();
    expectTypeOf<LoadedConfig['config']>().toEqualTypeOf<BotConfig>();
  });

  it('types each instance as the monitor expects it', () => {
    expectTypeOf<ParsedConfig['instances'][number]>().toExtend<BotConfig['instances'][number]>();
    expectTypeOf<ParsedConfig['routes'][number]['events']>().toExtend<BotConfig['routes'][number]['events']>();
  });
});
