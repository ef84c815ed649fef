const UNIT_MS: Record<string, number> = {
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 7 * 86_400_000,
  mo: 30 * 86_400_000,
  y: 365 * 86_400_000,
};

export const DURATION_PATTERN = /^(\d+)(s|m|h|d|w|mo|y)$/;

/** LiteLLM durations ("30s", "15m", "1h", "7d", "2w", "1mo", "1y") in milliseconds; null when malformed. */
export function parseDuration(text: string): number | null {
  const match = DURATION_PATTERN.exec(text.trim());
  if (!match) return null;
  return Number(match[1]) * UNIT_MS[match[2]];
}
