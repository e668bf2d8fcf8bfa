import { InvalidRequestError, UnsupportedParameterError } from '../../core/errors.js';
import type { ContentPart, ImagePart } from '../../core/generate-request.js';
import {
  DOCUMENT_FORMATS,
  decodeDocument,
  decodeImage,
  documentFormatFor,
  imageFormatFor,
} from '../../core/media-content.js';
import { readDataUrl } from './read-data-url.js';

/**
 * Images and files as both OpenAI APIs send them (chat `image_url` and `file` parts, Responses `input_image` and
 * `input_file` parts), in canonical terms: one home for what the gateway takes (inline bytes) and refuses (URLs
 * it would have to fetch, OpenAI's Files API).
 */

/** How many documents a conversion has met, for names of those that came without one. */
export interface MediaCount {
  documents: number;
}

/**
 * An image URL as a canonical image. Only `data:` URLs: Bedrock takes image bytes, and fetching a client's URL
 * from the gateway would let any caller make it reach hosts it can see (SSRF), so a remote URL is refused with
 * the way to send the image instead. `param` names the URL's field.
 */
export function convertImageUrl(url: string, param: string, model: string): ImagePart {
  const dataUrl = readDataUrl(url, param);
  if (!dataUrl) {
    const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1]?.toLowerCase();
    throw new UnsupportedParameterError(
      param,
      `${param} is ${scheme === 'http' || scheme === 'https' ? `an ${scheme}: URL` : 'not a data: URL'}, which model '${model}' cannot be sent: Bedrock takes image bytes, and the gateway does not fetch URLs for callers. Send the image inline as a data: URL (data:image/png;base64,...).`,
    );
  }
  return decodeImage(dataUrl.base64, imageFormatFor(dataUrl.mediaType, param), param);
}

/** A file as OpenAI bodies carry it: inline (`file_data`) with its name, or by Files API id. */
export interface InlineFile {
  fileData: string | null | undefined;
  fileId: string | null | undefined;
  filename: string | null | undefined;
}

/** Where a file's fields stand in the body, for the messages and `param`s of refusals. */
export interface InlineFileParams {
  /** The file object itself (chat `…file`, Responses the `input_file` part). */
  file: string;
  data: string;
  id: string;
}

/**
 * A file as a canonical document (or an image, for an image file). `file_data` is a base64 data URL, as the
 * openai SDK, LangChain and the AI SDK send it; bare base64 is taken when the file name's extension says the
 * format. A file without a name is called `document N`, N counting from 1. A Files API id is refused: the
 * gateway has no Files API.
 */
export function convertInlineFile(
  file: InlineFile,
  params: InlineFileParams,
  count: MediaCount,
): ContentPart {
  const { fileData, fileId, filename } = file;
  if (fileId !== null && fileId !== undefined) {
    throw new UnsupportedParameterError(
      params.id,
      `${params.id} names a file of OpenAI's Files API, which the gateway does not have: send the file inline as file_data (a base64 data: URL) with its filename.`,
    );
  }
  if (fileData === null || fileData === undefined) {
    throw new InvalidRequestError('invalid_media', `${params.file} needs file_data (a base64 data: URL).`, {
      param: params.data,
    });
  }
  const dataUrl = readDataUrl(fileData, params.data);
  if (dataUrl?.mediaType.startsWith('image/')) {
    return decodeImage(dataUrl.base64, imageFormatFor(dataUrl.mediaType, params.data), params.data);
  }
  count.documents += 1;
  const name = filename?.trim() ? filename : `document ${count.documents}`;
  if (dataUrl) {
    return decodeDocument(
      dataUrl.base64,
      documentFormatFor(dataUrl.mediaType, params.data),
      name,
      params.data,
    );
  }
  const extension = /\.([A-Za-z0-9]+)$/.exec(filename ?? '')?.[1]?.toLowerCase();
  const format = DOCUMENT_FORMATS.find((candidate) => candidate === extension);
  if (!format) {
    throw new InvalidRequestError(
      'invalid_media',
      `${params.data} must be a base64 data URL with the file's media type, such as data:application/pdf;base64,JVBERi0...`,
      { param: params.data },
    );
  }
  return decodeDocument(fileData, format, name, params.data);
}
