/**
 * Bytes as standard base64: how native InvokeModel JSON bodies carry images, documents and redacted reasoning
 * (the SDK's Converse path takes the bytes themselves and encodes them on the wire).
 */
export function encodeBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}
