import { describe, expect, it } from 'vitest';
import { readDataUrl } from './read-data-url.js';

describe('readDataUrl', () => {
  it('splits a base64 data URL into its media type, without parameters, and its payload', () => {
    expect(readDataUrl('data:Image/PNG;base64,iVBORw0KGgo=', 'url')).toEqual({
      mediaType: 'image/png',
      base64: 'iVBORw0KGgo=',
    });
    expect(readDataUrl('data:text/plain;charset=utf-8;base64,aGk=', 'url')).toEqual({
      mediaType: 'text/plain',
      base64: 'aGk=',
    });
  });

  it('returns undefined for a URL of another scheme', () => {
    expect(readDataUrl('https://example.com/a.png', 'url')).toBeUndefined();
  });

  it.each(['data:image/png,abc', 'data:;base64,abc', 'data:image/png;base64'])(
    'refuses %s, naming the field',
    (url) => {
      expect(() => readDataUrl(url, 'messages[0].content[1].image_url.url')).toThrow(
        expect.objectContaining({ statusCode: 400, param: 'messages[0].content[1].image_url.url' }),
      );
    },
  );
});
