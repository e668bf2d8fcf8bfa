import { describe, expect, it } from 'vitest';
import {
  generateApiKey,
  generateKeyId,
  hashApiKey,
  hashesMatch,
  isWellFormedApiKey,
  isWellFormedKeyId,
} from './api-key.js';

describe('generateApiKey', () => {
  it('is bgw_ followed by 32 random bytes in base64url', () => {
    // Act
    const key = generateApiKey();

    // Assess
    expect(key).toMatch(/^bgw_[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(key.slice(4), 'base64url')).toHaveLength(32);
    expect(isWellFormedApiKey(key)).toBe(true);
  });

  it('never repeats', () => {
    // Act
    const keys = new Set(Array.from({ length: 1_000 }, () => generateApiKey()));

    // Assess
    expect(keys.size).toBe(1_000);
  });

  it('encodes the bytes it is given', () => {
    // Act
    const key = generateApiKey((size) => Buffer.alloc(size, 0xff));

    // Assess
    expect(key).toBe(`bgw_${'_'.repeat(42)}8`);
  });
});

describe('generateKeyId', () => {
  it('is key_ followed by 12 hex characters', () => {
    // Act
    const keyId = generateKeyId();

    // Assess
    expect(keyId).toMatch(/^key_[0-9a-f]{12}$/);
    expect(isWellFormedKeyId(keyId)).toBe(true);
  });
});

describe('hashApiKey', () => {
  it('is the SHA-256 of the key in hex', () => {
    expect(hashApiKey('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});

describe('isWellFormedApiKey', () => {
  it('rejects keys of the wrong prefix, length or alphabet', () => {
    const body = 'A'.repeat(43);
    expect(isWellFormedApiKey(`sk_${body}`)).toBe(false);
    expect(isWellFormedApiKey(`bgw_${body}A`)).toBe(false);
    expect(isWellFormedApiKey(`bgw_${'A'.repeat(42)}=`)).toBe(false);
    expect(isWellFormedApiKey(`bgw_${body}`)).toBe(true);
  });
});

describe('hashesMatch', () => {
  it('matches equal digests and only those', () => {
    // Prepare
    const hash = hashApiKey('one');

    // Act & Assess
    expect(hashesMatch(hash, hashApiKey('one'))).toBe(true);
    expect(hashesMatch(hash, hashApiKey('two'))).toBe(false);
  });

  it('never matches a malformed digest, instead of throwing on unequal lengths', () => {
    expect(hashesMatch(hashApiKey('one'), 'abc')).toBe(false);
    expect(hashesMatch('Z'.repeat(64), 'Z'.repeat(64))).toBe(false);
  });
});
