import type AnthropicBedrock from '@anthropic-ai/bedrock-sdk';
import {
  type ContentBlock,
  ConverseCommand,
  type ConverseCommandInput,
  CountTokensCommand,
  type Message,
} from '@aws-sdk/client-bedrock-runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countImageTokens, PDF_PAGE_TOKENS } from './inspect-media.js';
import { createPdf, createPng } from './testing/media-files.js';
import {
  createTestAnthropicClient,
  invokeJson,
  readRefusal,
  startTestEmulator,
  type TestEmulator,
  TRANSPORTS,
} from './testing/start-test-emulator.js';

/*
 * Images and documents, through Converse (the AWS SDK over HTTP/2 and HTTP/1.1) and Claude's native body (the
 * Anthropic Bedrock SDK): what Bedrock accepts, what it counts, and its refusals in its words
 * (bedrock-validation.md §11, §15).
 */

let running: TestEmulator;
let anthropic: AnthropicBedrock;
beforeAll(async () => {
  running = await startTestEmulator();
  anthropic = createTestAnthropicClient(running.url);
});
afterAll(() => running.close());

const PREFIX = 'The model returned the following errors: ';
const SONNET = 'us.anthropic.claude-sonnet-4-5-20250929-v1:0';
const HAIKU_COUNTED = 'anthropic.claude-haiku-4-5-20251001-v1:0';
const PNG = createPng(64, 64);
const PDF = createPdf(['Invoice 42', 'Totals']);

const image = (bytes: Uint8Array = PNG, format: 'png' | 'jpeg' = 'png'): ContentBlock => ({
  image: { format, source: { bytes } },
});
const pdf = (name = 'Invoice 42', bytes: Uint8Array = PDF): ContentBlock => ({
  document: { format: 'pdf', name, source: { bytes } },
});

function converse(input: Omit<ConverseCommandInput, 'modelId'> & { modelId?: string }, transport = 'http2') {
  return running.clients[transport as 'http2'].send(new ConverseCommand({ modelId: SONNET, ...input }));
}

describe.each(TRANSPORTS)('images and documents through Converse over %s', (transport) => {
  it('reads an image and a PDF with a question, names them in its reply and counts them as input', async () => {
    // Prepare
    const messages: Message[] = [
      { role: 'user', content: [image(), pdf(), { text: 'Is the total right?' }] },
    ];

    // Act
    const response = await converse({ messages }, transport);
    const counted = await running.clients[transport].send(
      new CountTokensCommand({ modelId: HAIKU_COUNTED, input: { converse: { messages } } }),
    );
    const haiku = await converse({ modelId: `us.${HAIKU_COUNTED}`, messages }, transport);

    // Assess
    expect(response.output?.message?.content?.[0]?.text).toMatch(/ about 1 image and 1 document:/);
    const mediaTokens = countImageTokens(64, 64) + 2 * PDF_PAGE_TOKENS;
    expect(response.usage?.inputTokens).toBeGreaterThan(mediaTokens);
    expect(haiku.usage?.inputTokens).toBe(counted.inputTokens);
  });
});

describe('Converse refusals of images and documents', () => {
  it("refuses bytes that are not the declared format, in Claude's words and in Llama's", async () => {
    // Act
    const claude = await readRefusal(
      converse({ messages: [{ role: 'user', content: [{ text: 'What is it?' }, image(PNG, 'jpeg')] }] }),
    );
    const llama = await readRefusal(
      converse({
        modelId: 'us.meta.llama4-maverick-17b-instruct-v1:0',
        messages: [{ role: 'user', content: [{ text: 'What is it?' }, image(PNG, 'jpeg')] }],
      }),
    );

    // Assess
    expect(claude).toBe(
      `${PREFIX}messages.0.content.1.image.source.bytes: The image was specified using the image/jpeg media type, but the image appears to be a image/png image`,
    );
    expect(llama).toBe(`${PREFIX}The provided image does not match the specified image format.`);
  });

  it('refuses a document without a text block, a bad document name and bytes of another type, unprefixed', async () => {
    // Act
    const withoutText = await readRefusal(converse({ messages: [{ role: 'user', content: [pdf()] }] }));
    const badName = await readRefusal(
      converse({ messages: [{ role: 'user', content: [pdf('invoice_42.pdf'), { text: 'Summarise.' }] }] }),
    );
    const notPdf = await readRefusal(
      converse({
        messages: [
          {
            role: 'user',
            content: [pdf('Invoice', new TextEncoder().encode('plain words')), { text: 'Hi' }],
          },
        ],
      }),
    );

    // Assess
    expect(withoutText).toBe(
      'A text block must be included when using documents. Add a text block and retry your request.',
    );
    expect(badName).toMatch(
      /^The document file name can only contain alphanumeric characters, whitespace characters, hyphens, parentheses, and square brackets\./,
    );
    expect(notPdf).toBe('The detected filetype is PLAIN_TEXT, but the provided filetype was PDF.');
  });

  it('refuses an image in an assistant turn, too many images, and one over 8,000 pixels, for Claude', async () => {
    // Prepare
    const question = { role: 'user' as const, content: [{ text: 'Look.' }] };

    // Act
    const inAssistantTurn = await readRefusal(
      converse({ messages: [question, { role: 'assistant', content: [image()] }, question] }),
    );
    const tooMany = await readRefusal(
      converse({
        messages: [
          { role: 'user', content: [{ text: 'Compare.' }, ...Array.from({ length: 21 }, () => image())] },
        ],
      }),
    );
    const tooWide = await readRefusal(
      converse({ messages: [{ role: 'user', content: [{ text: 'Look.' }, image(createPng(8001, 1))] }] }),
    );

    // Assess
    expect(inAssistantTurn).toBe(
      `${PREFIX}messages.1.content: 'image' blocks are not permitted within assistant turns`,
    );
    expect(tooMany).toBe(`${PREFIX}too many images and documents: 21 + 0 > 20`);
    expect(tooWide).toBe(
      `${PREFIX}messages.0.content.1.image.source.bytes: At least one of the image dimensions exceed max allowed size: 8000 pixels`,
    );
  });

  it('refuses an image over 5 MB of base64 for Claude, counting the base64', async () => {
    // Prepare: 4,000,000 bytes of a PNG are 5,333,336 characters of base64
    const large = new Uint8Array(4_000_000);
    large.set(PNG);

    // Act
    const message = await readRefusal(
      converse({ messages: [{ role: 'user', content: [{ text: 'Look.' }, image(large)] }] }),
    );

    // Assess
    expect(message).toBe(
      `${PREFIX}messages.0.content.1.image.source.bytes: image exceeds 5 MB maximum: 5333336 bytes > 5242880 bytes`,
    );
  });
});

describe("images and documents in Claude's native body (@anthropic-ai/bedrock-sdk)", () => {
  // The SDK sends API version 2026-10-21, which Claude 4.7 and later take.
  const model = 'global.anthropic.claude-opus-4-8';
  const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

  it('reads a base64 image and a PDF, and counts them as input', async () => {
    // Act
    const message = await anthropic.messages.create({
      model,
      max_tokens: 100,
      messages: [
        {
          role: 'user',
          content: [
            { type: 'image', source: { type: 'base64', media_type: 'image/png', data: base64(PNG) } },
            {
              type: 'document',
              source: { type: 'base64', media_type: 'application/pdf', data: base64(PDF) },
            },
            { type: 'text', text: 'Is the total right?' },
          ],
        },
      ],
    });

    // Assess
    expect(message.content[0]).toMatchObject({
      type: 'text',
      text: expect.stringMatching(/ about 1 image and 1 document:/),
    });
    expect(message.usage.input_tokens).toBeGreaterThan(countImageTokens(64, 64) + 2 * PDF_PAGE_TOKENS);
  });

  it('counts the same input tokens through CountTokens as InvokeModel bills', async () => {
    // Prepare: CountTokens takes base ids of Claude 4.6 and earlier, which take the Bedrock API version
    const body = {
      anthropic_version: 'bedrock-2023-05-31',
      max_tokens: 100,
      messages: [
        {
          role: 'user',
          content: [
            {
              type: 'image',
              source: { type: 'base64', media_type: 'image/png', data: base64(createPng(300, 200)) },
            },
            { type: 'text', text: 'What is it?' },
          ],
        },
      ],
    };

    // Act
    const counted = await running.clients.http2.send(
      new CountTokensCommand({
        modelId: HAIKU_COUNTED,
        input: { invokeModel: { body: new TextEncoder().encode(JSON.stringify(body)) } },
      }),
    );
    const invoked = await invokeJson(running.clients.http2, `us.${HAIKU_COUNTED}`, body);

    // Assess
    expect((invoked.usage as { input_tokens: number }).input_tokens).toBe(counted.inputTokens);
    expect(counted.inputTokens).toBeGreaterThan(countImageTokens(300, 200));
  });

  it.each([
    [
      'a media type the bytes are not',
      { type: 'image', source: { type: 'base64', media_type: 'image/gif', data: base64(PNG) } },
      'messages.0.content.0.image.source.base64: The image was specified using the image/gif media type, but the image appears to be a image/png image',
    ],
    [
      'a media type outside the enum',
      { type: 'image', source: { type: 'base64', media_type: 'image/bmp', data: base64(PNG) } },
      "messages.0.content.0.image.source.base64.media_type: Input should be 'image/jpeg', 'image/png', 'image/gif' or 'image/webp'",
    ],
    [
      'a URL source, which Bedrock does not take',
      { type: 'image', source: { type: 'url', url: 'https://example.com/a.png' } },
      "messages.0.content.0.image.source: Input tag 'url' found using 'type' does not match any of the expected tags: 'base64'",
    ],
    [
      'a PDF that is not one',
      {
        type: 'document',
        source: {
          type: 'base64',
          media_type: 'application/pdf',
          data: base64(new TextEncoder().encode('hello')),
        },
      },
      'messages.0.content.0.document.source.base64.data: The PDF specified was not valid.',
    ],
  ])('refuses %s, bare', async (_case, block, expected) => {
    // Act
    const error = await anthropic.messages
      .create({
        model,
        max_tokens: 100,
        messages: [{ role: 'user', content: [block as never, { type: 'text', text: 'What is it?' }] }],
      })
      .catch((caught: unknown) => caught);

    // Assess
    expect((error as InstanceType<typeof AnthropicBedrock.BadRequestError>).status).toBe(400);
    expect((error as InstanceType<typeof AnthropicBedrock.BadRequestError>).error).toEqual({
      message: expected,
    });
  });

  it('takes a document without a text block, which only Converse requires', async () => {
    // Act
    const message = await anthropic.messages.create({
      model,
      max_tokens: 200,
      messages: [
        {
          role: 'user',
          content: [
            { type: 'document', source: { type: 'text', media_type: 'text/plain', data: 'Paid in full.' } },
          ],
        },
      ],
    });

    // Assess
    expect(message.stop_reason).toBe('end_turn');
  });
});
