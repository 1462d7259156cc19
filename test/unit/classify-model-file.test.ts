import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { SerializedModel } from '../../functions/core/intake/classify/classify-model';
import { readShippedModel } from '../../functions/core/intake/classify/classify-model-data';
import { MODEL_FILE, modelFile, modelOfFile } from '../../functions/core/intake/classify/classify-model-file';
import { byteText } from '../../functions/core/intake/classify/classify-weight-code';

const EVERY_BYTE = byteText(Uint8Array.from({ length: 256 }, (_, i) => i));

/** A model-shaped value: byte texts long and short, text beyond one byte a character, numbers. */
const SAMPLE = {
  format: 7,
  corpusDigest: 'ab'.repeat(32),
  bias: [-0.5, 1e-9, 3],
  weights: { lengths: [0, 2, 1], bits: EVERY_BYTE.repeat(3) },
  letters: { grams: ' hä|ørn|straße|ω ', scale: 0.25 },
  cuts: ['\u0000\u0001', EVERY_BYTE],
  link: 'softmax',
} as unknown as SerializedModel;

function indexOf(haystack: Uint8Array, needle: Uint8Array): number {
  return Buffer.from(haystack).indexOf(Buffer.from(needle));
}

describe('the model file', () => {
  it('gives back exactly the model it was written from', () => {
    expect(modelOfFile(modelFile(SAMPLE))).toEqual(SAMPLE);
  });

  it('stores byte texts raw, one byte a character, not escaped in its JSON', () => {
    const layout = brotliDecompressSync(modelFile(SAMPLE));
    const everyByte = Uint8Array.from({ length: 256 }, (_, i) => i);
    expect(indexOf(layout, everyByte)).toBeGreaterThan(0);
    // Three copies of the 256 bytes, once more for a cut, and a little JSON: nothing like the
    // six bytes JSON takes to escape a control character.
    expect(layout.length).toBeLessThan(4 * 256 + 400);
  });

  it('ships the model compressed, smaller than its byte texts, as training writes it', () => {
    const file = readFileSync(join(import.meta.dirname, '../../functions/core/intake/classify', MODEL_FILE));
    const shipped = readShippedModel();
    let byteTexts = 0;
    JSON.stringify(shipped, (_key, value: unknown) => {
      if (typeof value === 'string' && !/[\u0100-\uffff]/.test(value)) byteTexts += value.length;
      return value;
    });
    expect(file.length).toBeLessThan(0.95 * byteTexts);
    // Compared uncompressed: another brotli may pack the same bytes otherwise.
    expect(brotliDecompressSync(modelFile(shipped))).toEqual(brotliDecompressSync(file));
  });

  it('refuses a file that is not compressed or cut short, and a layout cut short in its JSON or its bytes', () => {
    const file = modelFile(SAMPLE);
    const layout = brotliDecompressSync(file);
    expect(() => modelOfFile(layout)).toThrow(/not a model file: not brotli-compressed/);
    expect(() => modelOfFile(file.subarray(0, 3))).toThrow(/not a model file: not brotli-compressed/);
    expect(() => modelOfFile(file.subarray(0, file.length - 1))).toThrow(
      /not a model file: not brotli-compressed/,
    );
    expect(() => modelOfFile(brotliCompressSync(layout.subarray(0, 3)))).toThrow(
      /not a model file: too short/,
    );
    expect(() => modelOfFile(brotliCompressSync(layout.subarray(0, 40)))).toThrow(
      /not a model file: it ends inside its JSON/,
    );
    expect(() => modelOfFile(brotliCompressSync(layout.subarray(0, layout.length - 1)))).toThrow(
      /not a model file: a byte text beyond its end/,
    );
  });
});
