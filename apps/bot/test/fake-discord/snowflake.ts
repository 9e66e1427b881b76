/** Discord-shaped snowflake ids: increasing, numeric strings. */
const DISCORD_EPOCH = 1_420_070_400_000n;
let sequence = 0n;

export function snowflake(at = Date.now()): string {
  sequence = (sequence + 1n) & 0xfffn;
  return String(((BigInt(at) - DISCORD_EPOCH) << 22n) | sequence);
}
