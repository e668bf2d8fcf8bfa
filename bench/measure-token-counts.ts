/**
 * `npm run bench:tokens`: how the gateway's token figures compare with the emulator's real tokenizers, and
 * how fast those tokenizers are. Prints Markdown tables:
 *
 * 1. per corpus (test/__fixtures__/token-corpora and the adversarial strings), the typical estimate and the
 *    strict bound as ratios of each tokenizer's count;
 * 2. per tokenizer, the time to load it and to count and to split about 100 KB of English, Japanese and code.
 *
 *   npm run bench:tokens -- [--kilobytes 100] [--runs 5]
 */
import { parseArgs } from 'node:util';
import { createRandom, pickElement } from '../emulator/seeded-random.js';
import { loadTokenizer, type TokenizerName } from '../emulator/tokenizers/load-tokenizer.js';
import { boundTextTokens, estimateTextTokens } from '../src/core/prompt-tokens.js';
import {
  type Corpus,
  generateAdversarialCorpora,
  readNaturalCorpora,
} from '../test/support/token-corpora.js';
import { formatMarkdownTable, formatMs } from './markdown-table.js';

const { values } = parseArgs({
  options: { kilobytes: { type: 'string', default: '100' }, runs: { type: 'string', default: '5' } },
});
const targetBytes = Number(values.kilobytes) * 1000;
const runs = Number(values.runs);
const NAMES: readonly TokenizerName[] = ['o200k_base', 'claude-2', 'llama-3', 'mistral-v1'];

const loadMs = new Map<TokenizerName, number>();
for (const name of NAMES) {
  const started = performance.now();
  await loadTokenizer(name);
  loadMs.set(name, performance.now() - started);
}
const tokenizers = await Promise.all(NAMES.map((name) => loadTokenizer(name)));

const ratio = (value: number) => value.toFixed(2);
const natural = readNaturalCorpora();
const adversarial = generateAdversarialCorpora();
const ratioRows = [...natural, ...adversarial].map((corpus) => {
  const counts = tokenizers.map((tokenizer) => tokenizer.countTokens(corpus.text));
  const estimate = estimateTextTokens(corpus.text);
  return [
    corpus.name,
    String([...corpus.text].length),
    ...counts.map(String),
    ...counts.map((count) => ratio(estimate / count)),
    ratio(boundTextTokens(corpus.text) / Math.max(...counts)),
  ];
});
console.log('## Estimate and bound as ratios of real counts\n');
console.log(
  formatMarkdownTable(
    [
      'corpus',
      'characters',
      ...NAMES.map((name) => `${name} tokens`),
      ...NAMES.map((name) => `estimate / ${name}`),
      'bound / largest',
    ],
    ratioRows,
  ),
);

/** About `targetBytes` of a corpus's sentences in a seeded shuffled order, each with a fresh number. */
function buildLargeText(corpus: Corpus): string {
  const random = createRandom(7);
  const units = corpus.text.split(/(?<=[.。!?！？\n])/).filter((unit) => unit.trim() !== '');
  let text = '';
  while (Buffer.byteLength(text) < targetBytes)
    text += `${pickElement(random, units)}${Math.floor(random() * 1e4)} `;
  return text;
}

function timeMs(action: () => unknown): number {
  action();
  const started = performance.now();
  for (let run = 0; run < runs; run++) action();
  return (performance.now() - started) / runs;
}

const large = ['english', 'japanese', 'typescript'].map((name) => {
  const corpus = natural.find((entry) => entry.name === name)!;
  return { name, text: buildLargeText(corpus) };
});
const speedRows = NAMES.map((name, index) => {
  const tokenizer = tokenizers[index]!;
  return [
    name,
    formatMs(loadMs.get(name)!),
    ...large.flatMap(({ text }) => [
      formatMs(timeMs(() => tokenizer.countTokens(text))),
      formatMs(timeMs(() => tokenizer.splitIntoPieces(text))),
    ]),
  ];
});
speedRows.push([
  'gateway bound + estimate',
  '—',
  ...large.flatMap(({ text }) => [
    formatMs(timeMs(() => boundTextTokens(text))),
    formatMs(timeMs(() => estimateTextTokens(text))),
  ]),
]);
console.log(`\n## Speed on about ${values.kilobytes} KB of text (mean of ${runs} runs after one warm-up)\n`);
console.log(
  formatMarkdownTable(
    ['tokenizer', 'first load', ...large.flatMap(({ name }) => [`${name}: count`, `${name}: split`])],
    speedRows,
  ),
);
console.log('\nThe last row times boundTextTokens (count columns) and estimateTextTokens (split columns).');
