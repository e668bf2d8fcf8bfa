/** A DynamoDB item in its wire form, as far as the usage table uses it. */
export type DynamoWireItem = Record<string, { N?: string; S?: string } | undefined>;

/**
 * An item's size as DynamoDB bills it (write units are per 1 KB): each attribute's UTF-8 name plus its value,
 * a string by its UTF-8 bytes, a number about 1 byte per two significant digits plus 1
 * (docs.aws.amazon.com/amazondynamodb/latest/developerguide/CapacityUnitCalculations.html). For the tests and
 * scripts that keep the usage item's cost in view.
 */
export function measureItemBytes(item: DynamoWireItem): number {
  let bytes = 0;
  for (const [name, value] of Object.entries(item)) {
    bytes += Buffer.byteLength(name);
    if (value?.S !== undefined) bytes += Buffer.byteLength(value.S);
    if (value?.N !== undefined) {
      const digits = value.N.replace(/^-/, '').replace('.', '').replace(/^0+/, '').replace(/0+$/, '');
      bytes += Math.ceil(Math.max(1, digits.length) / 2) + 1;
    }
  }
  return bytes;
}
