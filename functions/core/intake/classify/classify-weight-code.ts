/**
 * How the model's weight levels (-31 to 31) are shipped: a canonical Huffman code, its bits packed
 * eight to a byte. Most weights are a level or two from zero, so a weight takes about four bits
 * where a byte each took eight. Encoding is deterministic (ties broken by level), so the same weights
 * always give the same bytes. Feature indices are Rice-coded the same way (featureList). Coded bytes
 * travel as byte texts (one character per byte, 0 to 255), which the model file stores raw
 * (classify-model-file).
 */

/**
 * The bytes as a byte text: one character per byte. Node's latin1 gives each byte the character of
 * its code (the WHATWG decoder's "latin1" is windows-1252, which does not), and reads the model's
 * 650 KB in 2 ms where String.fromCharCode over chunks of it took 80 at a cold start.
 */
export function byteText(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('latin1');
}

/** The bytes of a byte text. */
export function bytesOfText(text: string): Uint8Array {
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code > 0xff) throw new Error('not a byte text');
    bytes[i] = code;
  }
  return bytes;
}

/** The levels, coded: the code length of each level from -31 up (0: the level never occurs), and the bits. */
export interface CodedLevels {
  lengths: number[];
  bits: string;
}

/** The levels a weight takes, from -MAX_LEVEL to MAX_LEVEL. */
export const MAX_LEVEL = 31;
const SYMBOLS = 2 * MAX_LEVEL + 1;

export function encodeLevels(levels: readonly number[]): CodedLevels {
  const counts = new Array<number>(SYMBOLS).fill(0);
  for (const level of levels) {
    if (!Number.isInteger(level) || Math.abs(level) > MAX_LEVEL)
      throw new Error(`not a weight level: ${level}`);
    counts[level + MAX_LEVEL] = (counts[level + MAX_LEVEL] as number) + 1;
  }
  const lengths = codeLengths(counts);
  // decodeLevels holds at least 24 bits when it reads a code.
  if (Math.max(...lengths) > 24) throw new Error('a weight code longer than 24 bits');
  const codes = canonicalCodes(lengths);
  const out = new BitWriter();
  for (const level of levels) {
    const symbol = level + MAX_LEVEL;
    out.write(codes[symbol] as number, lengths[symbol] as number);
  }
  return { lengths, bits: out.text() };
}

/** Bits written eight to a byte, the first bit highest. */
class BitWriter {
  private bytes: number[] = [];
  private group = 0;
  private filled = 0;

  /** The low `length` bits of `value`, highest first. */
  write(value: number, length: number): void {
    for (let b = length - 1; b >= 0; b--) {
      this.group = (this.group << 1) | ((value >>> b) & 1);
      if (++this.filled === 8) {
        this.bytes.push(this.group);
        this.group = 0;
        this.filled = 0;
      }
    }
  }

  /** What was written as a byte text, the last byte filled with zeros. */
  text(): string {
    const last = this.filled > 0 ? [this.group << (8 - this.filled)] : [];
    return byteText(Uint8Array.from([...this.bytes, ...last]));
  }
}

/** Reads what a BitWriter wrote. */
class BitReader {
  private byte = 0;
  private held = 0;
  private buffer = 0;

  constructor(private readonly bits: string) {}

  read(): number {
    if (this.held === 0) {
      if (this.byte >= this.bits.length) throw new Error('bit code ends early');
      this.buffer = this.bits.charCodeAt(this.byte++) & 0xff;
      this.held = 8;
    }
    this.held--;
    return (this.buffer >>> this.held) & 1;
  }
}

/**
 * Ascending feature indices as the model file carries them: each one's distance from the one before
 * (the first from -1), less one, Rice-coded with the parameter that codes the list shortest. Kept
 * features spread evenly over the hashed space, so their distances are close to geometric, which a
 * Rice code fits: about five bits a feature, where a base-128 digit each took eight.
 */
export interface FeatureList {
  count: number;
  rice: number;
  bits: string;
}

export function featureList(ascending: readonly number[]): FeatureList {
  const gaps = ascending.map((f, i) => f - (i === 0 ? -1 : (ascending[i - 1] as number)) - 1);
  if (gaps.some((g) => g < 0)) throw new Error('feature indices must ascend');
  const cost = (k: number) => gaps.reduce((sum, g) => sum + (g >>> k) + 1 + k, 0);
  let rice = 0;
  for (let k = 1; k < 24; k++) if (cost(k) < cost(rice)) rice = k;
  const out = new BitWriter();
  for (const g of gaps) {
    for (let q = g >>> rice; q > 0; q--) out.write(1, 1);
    out.write(0, 1);
    out.write(g, rice);
  }
  return { count: ascending.length, rice, bits: out.text() };
}

export function readFeatureList(list: FeatureList): Int32Array {
  const input = new BitReader(list.bits);
  const out = new Int32Array(list.count);
  let previous = -1;
  for (let n = 0; n < list.count; n++) {
    let gap = 0;
    while (input.read() === 1) gap++;
    for (let b = 0; b < list.rice; b++) gap = (gap << 1) | input.read();
    previous += gap + 1;
    out[n] = previous;
  }
  return out;
}

/** Codes up to this long are read by one table lookup; longer (rare) ones bit by bit. */
const PEEK = 10;

/** The first `count` levels of a coded text. */
export function decodeLevels(coded: CodedLevels, count: number): Int8Array {
  const { lengths } = coded;
  const longest = Math.max(0, ...lengths);
  const codes = canonicalCodes(lengths);
  // Canonical decoding of a long code: per length, the first code and where its levels start
  // among the levels sorted by code.
  const sorted = inCodeOrder(lengths);
  const levelAt = Int8Array.from(sorted, (s) => s.symbol - MAX_LEVEL);
  const countOf = new Int32Array(longest + 2);
  for (const s of sorted) countOf[s.length] = (countOf[s.length] as number) + 1;
  const firstCode = new Int32Array(longest + 2);
  const firstIndex = new Int32Array(longest + 2);
  for (let length = 1, code = 0, index = 0; length <= longest; length++) {
    code = (code + (countOf[length - 1] as number)) << 1;
    firstCode[length] = code;
    firstIndex[length] = index;
    index += countOf[length] as number;
  }
  // For every PEEK bits, the level of the short code they open with and its length (0: a long code).
  const tableLevel = new Int8Array(1 << PEEK);
  const tableLength = new Uint8Array(1 << PEEK);
  for (const { length, symbol } of sorted) {
    if (length > PEEK) continue;
    const first = (codes[symbol] as number) << (PEEK - length);
    tableLevel.fill(symbol - MAX_LEVEL, first, first + (1 << (PEEK - length)));
    tableLength.fill(length, first, first + (1 << (PEEK - length)));
  }

  const { bits } = coded;
  const out = new Int8Array(count);
  let n = 0;
  // The next `held` bits of the text, oldest highest.
  let buffer = 0;
  let held = 0;
  let d = 0;
  while (n < count) {
    // At most 31 bits held, so the buffer stays a positive 32-bit integer.
    while (held <= 23 && d < bits.length) {
      buffer = (buffer << 8) | (bits.charCodeAt(d++) & 0xff);
      held += 8;
    }
    if (held === 0) break;
    const peek =
      held >= PEEK
        ? (buffer >>> (held - PEEK)) & ((1 << PEEK) - 1)
        : (buffer << (PEEK - held)) & ((1 << PEEK) - 1);
    let length = tableLength[peek] as number;
    if (length > 0 && length <= held) {
      out[n++] = tableLevel[peek] as number;
    } else {
      // A long code: read bit by bit (the buffer holds at least 24 bits unless the text ends).
      let value = 0;
      let level: number | undefined;
      for (length = 1; length <= Math.min(longest, held); length++) {
        value = (value << 1) | ((buffer >>> (held - length)) & 1);
        const offset = value - (firstCode[length] as number);
        if (offset >= 0 && offset < (countOf[length] as number)) {
          level = levelAt[(firstIndex[length] as number) + offset];
          break;
        }
      }
      if (level === undefined) break;
      out[n++] = level;
    }
    held -= length;
    buffer &= (1 << held) - 1;
  }
  if (n < count) throw new Error(`weight code holds ${n} levels, not ${count}`);
  return out;
}

/**
 * Huffman code lengths for the counts: the two rarest trees merged until one is left, ties going
 * to the tree holding the lowest level. A level that never occurs gets no code; a lone level gets
 * a one-bit code.
 */
function codeLengths(counts: readonly number[]): number[] {
  const lengths = new Array<number>(counts.length).fill(0);
  let trees = counts
    .map((count, symbol) => ({ count, lowest: symbol, symbols: [symbol] }))
    .filter((t) => t.count > 0);
  if (trees.length === 1) lengths[trees[0]?.lowest as number] = 1;
  const order = (a: (typeof trees)[number], b: (typeof trees)[number]) =>
    a.count - b.count || a.lowest - b.lowest;
  while (trees.length > 1) {
    trees.sort(order);
    const [a, b, ...rest] = trees as [(typeof trees)[number], (typeof trees)[number]];
    for (const symbol of [...a.symbols, ...b.symbols]) lengths[symbol] = (lengths[symbol] as number) + 1;
    trees = [
      ...rest,
      {
        count: a.count + b.count,
        lowest: Math.min(a.lowest, b.lowest),
        symbols: [...a.symbols, ...b.symbols],
      },
    ];
  }
  return lengths;
}

/** Canonical codes for the lengths: shorter codes first, and by level within a length. */
function canonicalCodes(lengths: readonly number[]): number[] {
  const codes = new Array<number>(lengths.length).fill(0);
  const sorted = inCodeOrder(lengths);
  let code = 0;
  let previous = sorted[0]?.length ?? 0;
  for (const { length, symbol } of sorted) {
    code <<= length - previous;
    previous = length;
    codes[symbol] = code++;
  }
  return codes;
}

/** The levels that have a code, with its length, in the order of their canonical codes. */
function inCodeOrder(lengths: readonly number[]): { length: number; symbol: number }[] {
  return lengths
    .map((length, symbol) => ({ length, symbol }))
    .filter((s) => s.length > 0)
    .sort((a, b) => a.length - b.length || a.symbol - b.symbol);
}

/** The stride of a feature's weights at run time: the outputs rounded up to a power of two. */
function rowWidth(outputs: number): number {
  return 1 << (32 - Math.clz32(outputs - 1));
}

/**
 * A model's shipped weights as they sit at run time: `outputs` levels per hashed feature, from its
 * index times rowWidth(outputs), zero for a feature the model does not keep. A feature's weights
 * share one cache line, and reading them costs one memory access, where a table of offsets into a
 * packed array cost two. Also gives the features kept, in ascending order.
 */
export function weightRows(
  list: FeatureList,
  coded: CodedLevels,
  outputs: number,
  space: number,
): { features: Int32Array; weights: Int8Array } {
  const features = readFeatureList(list);
  const levels = decodeLevels(coded, features.length * outputs);
  const row = rowWidth(outputs);
  const weights = new Int8Array(row * space);
  features.forEach((feature, kept) => {
    weights.set(levels.subarray(outputs * kept, outputs * (kept + 1)), feature * row);
  });
  return { features, weights };
}

/** Bias plus the weighted features, per output, into `out`, from weights laid out by weightRows. */
export function linearScores(
  weights: Int8Array,
  scale: number,
  bias: ArrayLike<number>,
  features: { indices: ArrayLike<number>; values: ArrayLike<number> },
  out: Float32Array | Float64Array,
): void {
  const { indices, values } = features;
  const outputs = out.length;
  const row = rowWidth(outputs);
  // Output by output, so each sum stays in a register; a text's rows stay in the cache meanwhile.
  for (let o = 0; o < outputs; o++) {
    let sum = 0;
    for (let i = 0; i < indices.length; i++) {
      sum += (weights[(indices[i] as number) * row + o] as number) * (values[i] as number);
    }
    out[o] = (bias[o] as number) + sum * scale;
  }
}
