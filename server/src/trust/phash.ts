import exifReader from 'exif-reader';
import sharp from 'sharp';

/*
 * Facts about a photo that are read once, from the ORIGINAL upload (before re-encoding strips its
 * metadata), and stored with it: a 64-bit perceptual hash for finding the same picture again
 * (re-encoded, resized, cropped a little, or screenshotted on a phone) and the camera's capture
 * time. Rules read these facts; nothing recomputes them (DESIGN §7).
 *
 * The hash is a DCT hash: the picture's content box (edges that are flat bars, such as a phone's
 * status and navigation bars or letterboxing, trimmed away) is reduced to 32 × 32 grey levels, its
 * 8 × 8 lowest spatial frequencies kept, and each bit says whether one coefficient is above their
 * median. Low frequencies survive re-encoding and resizing unchanged, and move only a little when
 * up to a tenth of the picture is cut off.
 */

/** Hamming distance at or under which two hashes count as the same picture (docs/trust.md; measured by bench/trust.ts). */
export const NEAR_DUPLICATE_DISTANCE = 10;

/**
 * The lookup splits the hash into four 16-bit bands, each indexed, and asks for every band value
 * within BAND_RADIUS bits of the photo's own. Two hashes within NEAR_DUPLICATE_DISTANCE differ in
 * at most 10 bits, so one of the four bands differs in at most floor(10 / 4) = 2: with radius 2 the
 * index lookup misses no near-duplicate (pigeonhole), and the distance itself is then checked exactly.
 */
export const BAND_RADIUS = 2;

/** The short side of the grey image the content box is found on: cheap, and fine enough to see a phone's bars. */
const GRID = 160;
/** The DCT input size and the kept block. */
const DCT_N = 32;
/** Standard deviation of the 32 × 32 grey levels under which a picture is too flat to fingerprint. */
const MIN_DETAIL = 3;
const KEEP = 11;
/** The 64 lowest frequencies (by u + v, then the larger of the two), DC first: what the hash's bits compare. */
const ORDER: number[] = Array.from({ length: KEEP * KEEP }, (_, i) => i)
  .filter((i) => (i % KEEP) + Math.floor(i / KEEP) <= 10)
  .sort((a, b) => {
    const [au, av, bu, bv] = [a % KEEP, Math.floor(a / KEEP), b % KEEP, Math.floor(b / KEEP)];
    return au + av - (bu + bv) || Math.max(au, av) - Math.max(bu, bv) || a - b;
  })
  .slice(0, 64);

export interface PhotoFacts {
  /** The 64-bit perceptual hash as a signed 64-bit integer (PostgreSQL bigint); null when it could not be computed. */
  phash: bigint | null;
  /** EXIF DateTimeOriginal as an instant; null when the photo carries none (or an unreadable one). */
  capturedAt: Date | null;
}

/**
 * Reads the facts of one image file or buffer. Never throws: a photo whose hash cannot be computed
 * is still accepted, and stored as "not checked".
 */
/**
 * `exif`: the original's EXIF block when the caller has read it already (an empty buffer: it had
 * none), so that `input` may be a derived image (the upload pipeline hashes its thumbnail).
 */
export async function photoFacts(input: string | Buffer, exif?: Buffer): Promise<PhotoFacts> {
  const [phash, capturedAt] = await Promise.all([perceptualHash(input).catch(() => null), exif ? Promise.resolve(exif.length ? captureTimeOf(exif) : null) : captureTime(input)]);
  return { phash, capturedAt };
}

/** The perceptual hash of an image (see the top of this file); throws when the image cannot be decoded. */
export async function perceptualHash(input: string | Buffer): Promise<bigint> {
  // One decode, shrunk on load for JPEG: a 12-megapixel photo costs a few milliseconds here.
  const { data, info } = await sharp(input, { failOn: 'none' })
    .rotate()
    .greyscale()
    .resize(GRID, GRID, { fit: 'outside', kernel: 'cubic' })
    .raw()
    .toBuffer({ resolveWithObject: true });
  const box = contentBox(data, info.width, info.height);
  const small = resample(data, info.width, box, DCT_N);
  // A picture with almost no detail (a blank wall, a solid colour) hashes like every other such
  // picture: matching on it would only find look-alikes. It is left "not checked" instead.
  let mean = 0;
  for (const v of small) mean += v / small.length;
  let variance = 0;
  for (const v of small) variance += (v - mean) ** 2 / small.length;
  if (Math.sqrt(variance) < MIN_DETAIL) throw new Error('the picture has too little detail to fingerprint');
  return hashOf(lowFrequencies(small, DCT_N, KEEP));
}

interface Box {
  top: number;
  bottom: number;
  left: number;
  right: number;
}

/**
 * The picture inside a frame. A screenshot shows the photo between a phone's bars (status bar, app
 * bar, navigation bar) or letterboxing, and each border between them is a line of change across
 * (nearly) the whole width: the photo's own edges and the bars' edges. A photograph seldom has
 * one. The rows with such a line cut the image into bands, and the tallest band is the picture
 * (then the same across the columns); an image with no such line is all picture. The decision
 * depends only on lines that survive re-encoding, so a photo and its copies choose alike.
 */
export function contentBox(grey: Uint8Array | Buffer, width: number, height: number): Box {
  const row = (y: number) => (x: number) => grey[y * width + x]!;
  const rowCut = (y: number) => crossing(width, row(y - 1), row(y));
  const flatRows = (from: number, to: number) => mostlyUniform(from, to, (y) => uniform(width, row(y)));
  let [top, bottom] = tallestBand(height, rowCut, flatRows);
  // Letterboxing the photo's edge did not cut off (an edge of the same colour): uniform rows.
  while (bottom - top > height * 0.2 && uniform(width, row(top))) top++;
  while (bottom - top > height * 0.2 && uniform(width, row(bottom - 1))) bottom--;
  const column = (x: number) => (y: number) => grey[(top + y) * width + x]!;
  const colCut = (x: number) => crossing(bottom - top, column(x - 1), column(x));
  const flatCols = (from: number, to: number) => mostlyUniform(from, to, (x) => uniform(bottom - top, column(x)));
  let [left, right] = tallestBand(width, colCut, flatCols);
  while (right - left > width * 0.2 && uniform(bottom - top, column(left))) left++;
  while (right - left > width * 0.2 && uniform(bottom - top, column(right - 1))) right--;
  return { top, bottom, left, right };
}

/** A band of lines that is a letterbox: two of its lines at a quarter, a half and three quarters are of one colour. */
function mostlyUniform(from: number, to: number, isUniform: (i: number) => boolean): boolean {
  const at = [0.25, 0.5, 0.75].map((f) => Math.min(to - 1, from + Math.floor((to - from) * f)));
  return at.filter(isUniform).length >= 2;
}

/** A line of one colour (95% of it within 2 grey levels of its median): a bar or letterbox, never a photograph's. */
function uniform(length: number, at: (i: number) => number): boolean {
  const values = new Uint8Array(length);
  for (let i = 0; i < length; i++) values[i] = at(i);
  values.sort();
  const median = values[length >> 1]!;
  let near = 0;
  for (let i = 0; i < length; i++) if (Math.abs(values[i]! - median) <= 2) near++;
  return near >= length * 0.95;
}

/** Whether at least 70% of a line's pixels change by more than 6 grey levels from the previous line. */
function crossing(length: number, before: (i: number) => number, after: (i: number) => number): boolean {
  let changed = 0;
  for (let i = 0; i < length; i++) if (Math.abs(after(i) - before(i)) > 6) changed++;
  return changed >= length * 0.7;
}

/**
 * The tallest run of lines between cuts (a cut at line i separates i - 1 from i) that is not a
 * letterbox (`isFlat`); the whole when it is under a fifth.
 */
function tallestBand(size: number, isCut: (i: number) => boolean, isFlat: (from: number, to: number) => boolean): [number, number] {
  let best: [number, number] = [0, size];
  let bestSize = -1;
  let start = 0;
  for (let i = 1; i <= size; i++) {
    if (i === size || isCut(i)) {
      if (i - start > bestSize && !isFlat(start, i)) {
        best = [start, i];
        bestSize = i - start;
      }
      start = i;
    }
  }
  return bestSize >= size * 0.2 ? best : [0, size];
}

/** Area-averages the box of a grey image to size × size (floating point). */
export function resample(grey: Uint8Array | Buffer, width: number, box: Box, size: number): Float64Array {
  const out = new Float64Array(size * size);
  const bw = box.right - box.left;
  const bh = box.bottom - box.top;
  for (let oy = 0; oy < size; oy++) {
    const y0 = box.top + (oy * bh) / size;
    const y1 = box.top + ((oy + 1) * bh) / size;
    for (let ox = 0; ox < size; ox++) {
      const x0 = box.left + (ox * bw) / size;
      const x1 = box.left + ((ox + 1) * bw) / size;
      let sum = 0;
      let weight = 0;
      for (let y = Math.floor(y0); y < Math.ceil(y1); y++) {
        const wy = Math.min(y + 1, y1) - Math.max(y, y0);
        for (let x = Math.floor(x0); x < Math.ceil(x1); x++) {
          const w = wy * (Math.min(x + 1, x1) - Math.max(x, x0));
          sum += w * grey[y * width + x]!;
          weight += w;
        }
      }
      out[oy * size + ox] = sum / weight;
    }
  }
  return out;
}

const cosines = new Map<number, Float64Array>();
/** cos((2x + 1) u π / 2n) for u < keep, x < n: the DCT-II basis rows we need. */
function basis(n: number, keep: number): Float64Array {
  const key = n * 1000 + keep;
  let table = cosines.get(key);
  if (!table) {
    table = new Float64Array(keep * n);
    for (let u = 0; u < keep; u++) for (let x = 0; x < n; x++) table[u * n + x] = Math.cos(((2 * x + 1) * u * Math.PI) / (2 * n));
    cosines.set(key, table);
  }
  return table;
}

/** The keep × keep lowest-frequency coefficients of the 2-D DCT-II of an n × n block (separable). */
function lowFrequencies(block: Float64Array, n: number, keep: number): Float64Array {
  const c = basis(n, keep);
  const rows = new Float64Array(n * keep); // each row transformed: rows[y][u]
  for (let y = 0; y < n; y++) {
    for (let u = 0; u < keep; u++) {
      let sum = 0;
      for (let x = 0; x < n; x++) sum += block[y * n + x]! * c[u * n + x]!;
      rows[y * keep + u] = sum;
    }
  }
  const out = new Float64Array(keep * keep);
  for (let v = 0; v < keep; v++) {
    for (let u = 0; u < keep; u++) {
      let sum = 0;
      for (let y = 0; y < n; y++) sum += rows[y * keep + u]! * c[v * n + y]!;
      out[v * keep + u] = sum;
    }
  }
  return out;
}

/** One bit per coefficient: above the median of the 63 non-DC ones. The DC bit compares the mean brightness instead. */
function hashOf(all: Float64Array): bigint {
  const coefficients = ORDER.map((i) => all[i]!);
  const ac = coefficients.slice(1).sort((a, b) => a - b);
  const median = (ac[31]! + ac[32]!) / 2;
  let hash = 0n;
  for (let i = 0; i < 64; i++) {
    const bit = i === 0 ? coefficients[0]! / (DCT_N * DCT_N) > 127 : coefficients[i]! > median;
    if (bit) hash |= 1n << BigInt(63 - i);
  }
  return BigInt.asIntN(64, hash);
}

/** Bits that differ between two hashes. */
export function hamming(a: bigint, b: bigint): number {
  let x = BigInt.asUintN(64, a ^ b);
  let count = 0;
  while (x) {
    x &= x - 1n;
    count++;
  }
  return count;
}

/** The four 16-bit bands of a hash, highest first, as signed 16-bit integers (PostgreSQL smallint). */
export function bandsOf(hash: bigint): [number, number, number, number] {
  const u = BigInt.asUintN(64, hash);
  const band = (i: number) => {
    const v = Number((u >> BigInt(48 - 16 * i)) & 0xffffn);
    return v >= 0x8000 ? v - 0x10000 : v;
  };
  return [band(0), band(1), band(2), band(3)];
}

/** Every 16-bit value within `radius` bits of `band` (itself first), as smallints: 137 values for radius 2. */
export function bandNeighbours(band: number, radius = BAND_RADIUS): number[] {
  const u = band & 0xffff;
  const out = [u];
  if (radius >= 1) for (let i = 0; i < 16; i++) out.push(u ^ (1 << i));
  if (radius >= 2) for (let i = 0; i < 16; i++) for (let j = i + 1; j < 16; j++) out.push(u ^ (1 << i) ^ (1 << j));
  if (radius > 2) throw new Error('band radius above 2 is not supported');
  return out.map((v) => (v >= 0x8000 ? v - 0x10000 : v));
}

/** Hex of a hash (for logs and the workbench), 16 digits. */
export function hashHex(hash: bigint): string {
  return BigInt.asUintN(64, hash).toString(16).padStart(16, '0');
}

/**
 * EXIF DateTimeOriginal as an instant. The tag has no zone: OffsetTimeOriginal gives it when the
 * camera wrote one; otherwise the marketplace's business zone (Asia/Shanghai, +08:00) is assumed.
 */
async function captureTime(input: string | Buffer): Promise<Date | null> {
  try {
    const { exif } = await sharp(input).metadata();
    return exif ? captureTimeOf(exif) : null;
  } catch {
    return null;
  }
}

export function captureTimeOf(exif: Buffer): Date | null {
  try {
    const tags = exifReader(exif);
    const original = tags.Photo?.DateTimeOriginal;
    if (!(original instanceof Date) || Number.isNaN(original.getTime())) return null;
    // exif-reader reads the zoneless local time as if it were UTC.
    const offset = parseOffset(tags.Photo?.OffsetTimeOriginal) ?? 8 * 60;
    const at = new Date(original.getTime() - offset * 60_000);
    // A camera clock before digital cameras, or in the future, is no fact.
    if (at.getUTCFullYear() < 1990 || at.getTime() > Date.now() + 24 * 3600_000) return null;
    return at;
  } catch {
    return null;
  }
}

function parseOffset(value: unknown): number | null {
  if (typeof value !== 'string') return null;
  const match = /^([+-])(\d{2}):(\d{2})$/.exec(value.trim());
  if (!match) return null;
  return (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3]));
}
