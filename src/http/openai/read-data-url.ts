import { InvalidRequestError } from '../../core/errors.js';

/** The parts of a base64 `data:` URL (RFC 2397): its media type, without parameters, and its payload. */
export interface DataUrl {
  mediaType: string;
  base64: string;
}

const DATA_URL = /^data:([^,;]*)((?:;[^,;]*)*),(.*)$/is;

/**
 * Splits a `data:` URL into its media type and base64 payload, or `undefined` when `url` is no data URL.
 * A data URL that is not base64 (`;base64` missing) or names no media type is a 400 naming `param`: the
 * gateway needs the bytes and their type to hand Bedrock. The payload itself is checked when decoded.
 */
export function readDataUrl(url: string, param: string): DataUrl | undefined {
  if (!/^data:/i.test(url)) return undefined;
  const match = DATA_URL.exec(url);
  const parameters = (match?.[2] ?? '').split(';').map((parameter) => parameter.trim().toLowerCase());
  const mediaType = match?.[1]?.trim().toLowerCase() ?? '';
  if (!match || !parameters.includes('base64') || mediaType === '') {
    throw new InvalidRequestError(
      'invalid_media',
      `${param} must be a base64 data URL with a media type, such as data:image/png;base64,iVBORw0KGgo...`,
      { param },
    );
  }
  return { mediaType, base64: match[3] ?? '' };
}
