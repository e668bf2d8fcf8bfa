import { describe, expect, it } from 'vitest';
import {
  computeCostMicroUsd,
  computePriceCeiling,
  convertMicroUsdToUsd,
  convertUsdToMicroUsd,
} from './usage-cost.js';

const SONNET = { inputPerMTok: 3, outputPerMTok: 15 };
const NOVA_MICRO = { inputPerMTok: 0.035, outputPerMTok: 0.14 };

describe('computeCostMicroUsd', () => {
  it('charges USD-per-million-token prices as micro-USD per token', () => {
    // Prepare
    const usage = { inputTokens: 1000, outputTokens: 500 };

    // Act
    const cost = computeCostMicroUsd(usage, SONNET);

    // Assess: 1000 * 3 + 500 * 15
    expect(cost).toBe(10_500);
  });

  it('rounds a fraction of a micro-USD up, so a request is never free', () => {
    // Act
    const cost = computeCostMicroUsd({ inputTokens: 1, outputTokens: 0 }, NOVA_MICRO);

    // Assess: 0.035 micro-USD
    expect(cost).toBe(1);
  });

  it('rounds once per request, not once per token kind', () => {
    // Act: 10 * 0.035 + 10 * 0.14 = 1.75 micro-USD
    const cost = computeCostMicroUsd({ inputTokens: 10, outputTokens: 10 }, NOVA_MICRO);

    // Assess
    expect(cost).toBe(2);
  });

  it('is exact for fractional prices that binary floats cannot represent', () => {
    // Act: 1M tokens at 0.035 USD/MTok is exactly 0.035 USD
    const cost = computeCostMicroUsd({ inputTokens: 1_000_000, outputTokens: 0 }, NOVA_MICRO);

    // Assess
    expect(cost).toBe(35_000);
  });

  it('stays exact where the intermediate product passes 2^53', () => {
    // Act: 9e9 tokens * 15e6 = 1.35e17 before dividing
    const cost = computeCostMicroUsd({ inputTokens: 0, outputTokens: 9_000_000_000 }, SONNET);

    // Assess
    expect(cost).toBe(135_000_000_000);
  });

  it('costs nothing for no tokens', () => {
    expect(computeCostMicroUsd({ inputTokens: 0, outputTokens: 0 }, SONNET)).toBe(0);
  });

  it('rejects negative or fractional token counts', () => {
    expect(() => computeCostMicroUsd({ inputTokens: -1, outputTokens: 0 }, SONNET)).toThrow(RangeError);
    expect(() => computeCostMicroUsd({ inputTokens: 0, outputTokens: 1.5 }, SONNET)).toThrow(/outputTokens/);
  });
});

describe('convertUsdToMicroUsd', () => {
  it('converts budgets without float noise', () => {
    expect(convertUsdToMicroUsd(5.5)).toBe(5_500_000);
    expect(convertUsdToMicroUsd(0.1 + 0.2)).toBe(300_000);
  });

  it('rejects negative and non-finite amounts', () => {
    expect(() => convertUsdToMicroUsd(-1)).toThrow(RangeError);
    expect(() => convertUsdToMicroUsd(Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });

  it('round-trips through convertMicroUsdToUsd', () => {
    expect(convertMicroUsdToUsd(convertUsdToMicroUsd(12.345678))).toBe(12.345678);
  });
});

describe('computeCostMicroUsd with cache and service tiers', () => {
  const CLAUDE = {
    inputPerMTok: 3,
    outputPerMTok: 15,
    cacheReadPerMTok: 0.3,
    cacheWritePerMTok: 3.75,
    cacheWrite1hPerMTok: 6,
  };

  it('prices cache reads, 5-minute writes and 1-hour writes each at their own price', () => {
    // Act: 100 uncached, 1,000 read, 400 written of which 100 for an hour, 10 out
    const cost = computeCostMicroUsd(
      {
        inputTokens: 100,
        outputTokens: 10,
        cacheReadTokens: 1_000,
        cacheWriteTokens: 400,
        cacheWrite1hTokens: 100,
      },
      CLAUDE,
    );

    // Assess: 100*3 + 10*15 + 1000*0.3 + 300*3.75 + 100*6
    expect(cost).toBe(300 + 150 + 300 + 1_125 + 600);
  });

  it('charges cache tokens at the input price when the model has no cache prices', () => {
    expect(computeCostMicroUsd({ inputTokens: 0, outputTokens: 0, cacheReadTokens: 1_000 }, SONNET)).toBe(
      3_000,
    );
  });

  it('applies the Priority premium and the Flex discount', () => {
    const usage = { inputTokens: 1_000, outputTokens: 100 };
    expect(computeCostMicroUsd(usage, SONNET, 'priority')).toBe(Math.ceil(4_500 * 1.75));
    expect(computeCostMicroUsd(usage, SONNET, 'flex')).toBe(2_250);
  });

  it('prices a reservation at the dearest prompt-token price, so no cached split can cost more', () => {
    // Act
    const ceiling = computePriceCeiling([CLAUDE, NOVA_MICRO]);

    // Assess: a 1-hour cache write is the dearest way to send a prompt token
    expect(ceiling).toEqual({ inputPerMTok: 6, outputPerMTok: 15 });
  });
});
