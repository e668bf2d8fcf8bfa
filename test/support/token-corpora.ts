import { readdirSync, readFileSync } from 'node:fs';
import { createRandom, pickElement, pickInteger, type RandomSource } from '../../emulator/seeded-random.js';

/** A named text for token measurements. */
export interface Corpus {
  name: string;
  text: string;
}

const CORPORA_DIRECTORY = new URL('../__fixtures__/token-corpora/', import.meta.url);

/** The hand-written paragraphs in test/__fixtures__/token-corpora, one per language or kind of code. */
export function readNaturalCorpora(): Corpus[] {
  return readdirSync(CORPORA_DIRECTORY)
    .filter((file) => file.endsWith('.txt'))
    .sort()
    .map((file) => ({
      name: file.replace(/(\.\w+)?\.txt$/, ''),
      text: readFileSync(new URL(file, CORPORA_DIRECTORY), 'utf8'),
    }));
}

/**
 * Strings built to make tokenizers spend as many tokens per byte as they can: no merges to find (random
 * ASCII, base64), runs that pretokenizers split (digits, whitespace), stacked combining marks, emoji
 * sequences, rare ideographs in byte tokens, characters that NFC or NFKC lengthen, control characters,
 * lone surrogates and text that spells special tokens.
 */
export function generateAdversarialCorpora(seed = 12): Corpus[] {
  const random = createRandom(seed);
  const repeat = (count: number, make: () => string) => Array.from({ length: count }, make).join('');
  return [
    { name: 'random ASCII', text: repeat(2000, () => String.fromCharCode(pickInteger(random, 0x20, 0x7e))) },
    {
      name: 'base64',
      text: Buffer.from(
        repeat(1500, () => String.fromCharCode(pickInteger(random, 0, 255))),
        'latin1',
      ).toString('base64'),
    },
    { name: 'digits', text: repeat(2000, () => String(pickInteger(random, 0, 9))) },
    {
      name: 'whitespace',
      text: repeat(2000, () => pickElement(random, [' ', '\t', '\n', '\r\n', '\u3000', '\u00a0'])),
    },
    {
      name: 'combining marks',
      text: repeat(
        200,
        () =>
          `${pickElement(random, ['a', 'e', 'o', 'z'])}${repeat(pickInteger(random, 3, 12), () => String.fromCharCode(pickInteger(random, 0x300, 0x36f)))}`,
      ),
    },
    { name: 'ZWJ emoji', text: repeat(200, () => generateEmojiSequence(random)) },
    {
      name: 'rare ideographs',
      text: repeat(800, () => String.fromCodePoint(pickInteger(random, 0x20000, 0x2a6df))),
    },
    {
      name: 'NFKC expanding',
      text: repeat(300, () =>
        pickElement(random, ['\ufdfa', '\ufdfb', '\u337f', '\u3392', '\ufb03', '\u2474', '\u1e9b\u0323']),
      ),
    },
    {
      name: 'NFC expanding',
      text: repeat(500, () => pickElement(random, ['\u0958', '\u095f', '\u2adc', '\ufb1d'])),
    },
    {
      name: 'control characters',
      text: repeat(2000, () => String.fromCharCode(pickInteger(random, 0, 0x1f))),
    },
    {
      name: 'lone surrogates',
      text: repeat(1000, () => String.fromCharCode(pickInteger(random, 0xd800, 0xdfff))),
    },
    {
      name: 'any BMP character',
      text: repeat(2000, () => {
        const code = pickInteger(random, 0x80, 0xfffd);
        return code >= 0xd800 && code <= 0xdfff ? 'x' : String.fromCharCode(code);
      }),
    },
    {
      name: 'special tokens',
      text: repeat(200, () =>
        pickElement(random, [
          '<|endoftext|>',
          '<|eot_id|>',
          '<EOT>',
          '<s>',
          '</s>',
          '[INST]',
          '<|im_start|>',
        ]),
      ),
    },
  ];
}

/** A random family, profession or flag emoji: code points joined by ZWJ, with skin tones and selectors. */
function generateEmojiSequence(random: RandomSource): string {
  const people = ['\u{1F468}', '\u{1F469}', '\u{1F9D1}', '\u{1F467}', '\u{1F466}'];
  const tones = ['', '\u{1F3FB}', '\u{1F3FC}', '\u{1F3FD}', '\u{1F3FE}', '\u{1F3FF}'];
  const objects = ['\u{1F4BB}', '\u{1F52C}', '\u{1F680}', '\u2695\ufe0f', '\u{1F373}'];
  switch (pickInteger(random, 0, 2)) {
    case 0:
      return repeatJoin(random, () => pickElement(random, people), 4);
    case 1:
      return `${pickElement(random, people)}${pickElement(random, tones)}\u200d${pickElement(random, objects)}`;
    default: {
      const letter = () => String.fromCodePoint(0x1f1e6 + pickInteger(random, 0, 25));
      return `${letter()}${letter()}`;
    }
  }
}

function repeatJoin(random: RandomSource, make: () => string, maximum: number): string {
  return Array.from({ length: pickInteger(random, 2, maximum) }, make).join('\u200d');
}
