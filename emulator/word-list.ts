/**
 * The vocabulary of generated replies: short plain English words, each at least one token in every
 * tokenizer, so N words always hold the N tokens that `tokens=N` cuts from them.
 */
// biome-ignore format: a compact table reads better than one word per line
export const WORDS: readonly string[] = [
  'amber', 'anchor', 'apple', 'autumn', 'bamboo', 'beacon', 'birch', 'breeze',
  'canyon', 'cedar', 'cobalt', 'comet', 'copper', 'coral', 'cricket', 'delta',
  'desert', 'ember', 'falcon', 'fern', 'forest', 'garnet', 'glacier', 'granite',
  'harbor', 'hazel', 'heron', 'island', 'jasper', 'juniper', 'lagoon', 'lantern',
  'linen', 'maple', 'meadow', 'meteor', 'mist', 'nectar', 'oasis', 'ocean',
  'orchid', 'otter', 'pebble', 'pepper', 'pine', 'planet', 'prairie', 'quartz',
  'raven', 'reef', 'river', 'saffron', 'sage', 'silver', 'spruce', 'summit',
  'thistle', 'thunder', 'timber', 'topaz', 'tundra', 'valley', 'velvet', 'willow',
];
