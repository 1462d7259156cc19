/**
 * The model file (classify-model.bin) that training writes and every bundle that classifies ships
 * beside its code: the serialized model as JSON, with its byte texts (weights, feature lists, trees
 * and letter n-grams: one character per byte) stored raw after the JSON instead of escaped in it.
 * As base64 strings in a generated module the same model took a third more room in each bundle.
 *
 * Layout: the JSON's length in bytes (4 bytes, big-endian), the JSON (UTF-8), the raw bytes. A byte
 * text in the JSON is replaced by {"$raw": [offset, length]} into the raw bytes. The whole is
 * brotli-compressed: the weights are already entropy-coded, but the language model's letter n-grams
 * (66 KB as text) and the trees' cut points are not: compressed, the shipped model takes 545 KB
 * instead of 628. Node's own zlib undoes it in about 11 ms when the classifier first reads the model.
 */
import { brotliCompressSync, brotliDecompressSync, constants } from 'node:zlib';
import type { SerializedModel } from './classify-model';
import { byteText } from './classify-weight-code';

/** Its name, in this directory and beside each bundle that classifies. */
export const MODEL_FILE = 'classify-model.bin';
const RAW = '$raw';
/** Shorter byte texts stay in the JSON, where a reference to them would not be shorter. */
const RAW_FROM = 16;
/** A character a byte cannot hold. */
const BEYOND_A_BYTE = /[\u0100-\uffff]/;
/**
 * On the shipped model brotli's quality 9 packs 2 KB tighter than its default 11, in 0.2 s rather
 * than 1.1 (every training and every test that writes a model file pays it).
 */
const QUALITY = 9;

export function modelFile(model: SerializedModel): Uint8Array {
  const raw: number[] = [];
  const json = JSON.stringify(model, (_key, value: unknown) => {
    if (typeof value !== 'string' || value.length < RAW_FROM || BEYOND_A_BYTE.test(value)) return value;
    const offset = raw.length;
    for (let i = 0; i < value.length; i++) raw.push(value.charCodeAt(i));
    return { [RAW]: [offset, value.length] };
  });
  const header = new TextEncoder().encode(json);
  const file = new Uint8Array(4 + header.length + raw.length);
  new DataView(file.buffer).setUint32(0, header.length);
  file.set(header, 4);
  file.set(raw, 4 + header.length);
  return new Uint8Array(brotliCompressSync(file, { params: { [constants.BROTLI_PARAM_QUALITY]: QUALITY } }));
}

export function modelOfFile(compressed: Uint8Array): SerializedModel {
  let file: Uint8Array;
  try {
    file = brotliDecompressSync(compressed);
  } catch (error) {
    throw new Error('not a model file: not brotli-compressed, or cut short', { cause: error });
  }
  if (file.length < 4) throw new Error('not a model file: too short');
  const headerEnd = 4 + new DataView(file.buffer, file.byteOffset, 4).getUint32(0);
  if (headerEnd > file.length) throw new Error('not a model file: it ends inside its JSON');
  const raw = file.subarray(headerEnd);
  return JSON.parse(new TextDecoder().decode(file.subarray(4, headerEnd)), (_key, value: unknown) => {
    const ref = (value as { [RAW]?: unknown } | null)?.[RAW];
    if (!Array.isArray(ref)) return value;
    const [offset, length] = ref as [number, number];
    if (offset + length > raw.length) throw new Error('not a model file: a byte text beyond its end');
    return byteText(raw.subarray(offset, offset + length));
  }) as SerializedModel;
}
