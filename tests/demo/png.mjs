// Just enough PNG to check a screenshot without an image library: the
// header, and 8-bit RGB/RGBA pixels (what Chromium writes) inflated with
// node:zlib and unfiltered (PNG spec §9). Anything else is refused.

import { inflateSync } from 'node:zlib'

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
const CHANNELS = { 2: 3, 6: 4 } // colour type → samples per pixel

/**
 * @typedef {object} Image
 * @property {number} width
 * @property {number} height
 * @property {number} channels 3 (RGB) or 4 (RGBA)
 * @property {Buffer} pixels width × height × channels bytes, row by row
 */

/**
 * The header of a PNG file: {width, height, bitDepth, colourType, interlace}.
 * @param {Buffer} png
 */
export function pngHeader (png) {
  if (png.length < 33 || !png.subarray(0, 8).equals(SIGNATURE)) throw new Error('not a PNG file (bad signature)')
  if (png.toString('latin1', 12, 16) !== 'IHDR') throw new Error('not a PNG file (no IHDR first)')
  return {
    width: png.readUInt32BE(16),
    height: png.readUInt32BE(20),
    bitDepth: png[24],
    colourType: png[25],
    interlace: png[28],
  }
}

/**
 * Decodes a non-interlaced 8-bit RGB or RGBA PNG.
 * @param {Buffer} png
 * @returns {Image}
 */
export function decodePng (png) {
  const { width, height, bitDepth, colourType, interlace } = pngHeader(png)
  const channels = CHANNELS[colourType]
  if (bitDepth !== 8 || !channels || interlace !== 0) {
    throw new Error(`unsupported PNG: bit depth ${bitDepth}, colour type ${colourType}, interlace ${interlace}`)
  }
  const idat = []
  for (let at = 8; at + 8 <= png.length;) {
    const length = png.readUInt32BE(at)
    const type = png.toString('latin1', at + 4, at + 8)
    if (type === 'IDAT') idat.push(png.subarray(at + 8, at + 8 + length))
    if (type === 'IEND') break
    at += 12 + length // length, type, data, CRC
  }
  const raw = inflateSync(Buffer.concat(idat))
  const stride = width * channels
  if (raw.length !== height * (stride + 1)) throw new Error(`PNG data is ${raw.length} bytes, want ${height * (stride + 1)}`)
  const pixels = Buffer.alloc(height * stride)
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1))
    const out = pixels.subarray(y * stride, (y + 1) * stride)
    const up = y > 0 ? pixels.subarray((y - 1) * stride, y * stride) : Buffer.alloc(stride)
    for (let i = 0; i < stride; i++) {
      const a = i >= channels ? out[i - channels] : 0
      const b = up[i]
      const c = i >= channels ? up[i - channels] : 0
      out[i] = (line[i] + predict(filter, a, b, c)) & 0xff
    }
  }
  return { width, height, channels, pixels }
}

// The value filter type `filter` predicts from the left (a), upper (b) and
// upper-left (c) bytes.
function predict (filter, a, b, c) {
  switch (filter) {
    case 0: return 0
    case 1: return a
    case 2: return b
    case 3: return (a + b) >> 1
    case 4: {
      const p = a + b - c
      const pa = Math.abs(p - a)
      const pb = Math.abs(p - b)
      const pc = Math.abs(p - c)
      return pa <= pb && pa <= pc ? a : pb <= pc ? b : c
    }
    default: throw new Error(`bad PNG filter type ${filter}`)
  }
}

/**
 * The RGB colour at (x, y) as '#rrggbb'.
 * @param {Image} img
 */
export function pixelAt (img, x, y) {
  const i = (Math.round(y) * img.width + Math.round(x)) * img.channels
  return `#${[0, 1, 2].map((k) => img.pixels[i + k].toString(16).padStart(2, '0')).join('')}`
}

/**
 * Colour histogram of the image (RGB, alpha ignored): the number of distinct
 * colours and the share of the most common one.
 * @param {Image} img
 */
export function histogram (img) {
  const counts = new Map()
  for (let i = 0; i < img.pixels.length; i += img.channels) {
    const key = (img.pixels[i] << 16) | (img.pixels[i + 1] << 8) | img.pixels[i + 2]
    counts.set(key, (counts.get(key) ?? 0) + 1)
  }
  let top = 0
  for (const n of counts.values()) top = Math.max(top, n)
  return { colours: counts.size, topShare: top / (img.width * img.height) }
}
