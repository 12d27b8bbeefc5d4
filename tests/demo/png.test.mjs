// png.mjs against PNGs made here: every filter type, RGB and RGBA, split
// IDAT chunks, and the files it must refuse.
//
//   node --test tests/demo/png.test.mjs

import assert from 'node:assert/strict'
import { test } from 'node:test'
import { deflateSync } from 'node:zlib'
import { decodePng, histogram, pixelAt, pngHeader } from './png.mjs'

function chunk (type, data) {
  const head = Buffer.alloc(8)
  head.writeUInt32BE(data.length, 0)
  head.write(type, 4, 'latin1')
  return Buffer.concat([head, data, Buffer.alloc(4)]) // the decoder does not check CRCs
}

// Paeth as the spec writes it, kept apart from the decoder's version.
function paeth (a, b, c) {
  const p = a + b - c
  const [pa, pb, pc] = [Math.abs(p - a), Math.abs(p - b), Math.abs(p - c)]
  if (pa <= pb && pa <= pc) return a
  return pb <= pc ? b : c
}

/** A PNG of `pixels`; row y is filtered with filters[y % filters.length]. */
function encode ({ width, height, channels, pixels }, filters, { bitDepth = 8, split = 1 } = {}) {
  const stride = width * channels
  const rows = []
  for (let y = 0; y < height; y++) {
    const f = filters[y % filters.length]
    const row = Buffer.alloc(stride + 1)
    row[0] = f
    for (let i = 0; i < stride; i++) {
      const x = pixels[y * stride + i]
      const a = i >= channels ? pixels[y * stride + i - channels] : 0
      const b = y > 0 ? pixels[(y - 1) * stride + i] : 0
      const c = y > 0 && i >= channels ? pixels[(y - 1) * stride + i - channels] : 0
      const pred = [0, a, b, Math.floor((a + b) / 2), paeth(a, b, c)][f]
      row[i + 1] = (x - pred + 256) % 256
    }
    rows.push(row)
  }
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(width, 0)
  ihdr.writeUInt32BE(height, 4)
  ihdr[8] = bitDepth
  ihdr[9] = channels === 4 ? 6 : 2
  const data = deflateSync(Buffer.concat(rows))
  const step = Math.ceil(data.length / split)
  const idats = []
  for (let at = 0; at < data.length; at += step) idats.push(chunk('IDAT', data.subarray(at, at + step)))
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), ...idats, chunk('IEND', Buffer.alloc(0))])
}

function randomImage (width, height, channels, seed) {
  const pixels = Buffer.alloc(width * height * channels)
  let s = seed
  for (let i = 0; i < pixels.length; i++) {
    s = (s * 1103515245 + 12345) >>> 0
    pixels[i] = s >>> 24
  }
  return { width, height, channels, pixels }
}

test('decodes every filter type, RGB and RGBA, one or several IDAT chunks', () => {
  for (const channels of [3, 4]) {
    for (const filters of [[0], [1], [2], [3], [4], [0, 1, 2, 3, 4], [4, 3, 2, 1, 0]]) {
      for (const split of [1, 3]) {
        const img = randomImage(7, 6, channels, channels * 100 + filters.length + split)
        const got = decodePng(encode(img, filters, { split }))
        assert.equal(got.width, 7)
        assert.equal(got.height, 6)
        assert.equal(got.channels, channels)
        assert.ok(got.pixels.equals(img.pixels), `channels ${channels}, filters ${filters}, split ${split}`)
      }
    }
  }
})

test('pixelAt and histogram', () => {
  const pixels = Buffer.alloc(4 * 2 * 3, 0xff) // 4×2 white, RGB
  pixels.set([0x10, 0x13, 0x1a], 3 * 5) // (1, 1)
  const img = decodePng(encode({ width: 4, height: 2, channels: 3, pixels }, [4]))
  assert.equal(pixelAt(img, 1, 1), '#10131a')
  assert.equal(pixelAt(img, 0, 0), '#ffffff')
  assert.deepEqual(histogram(img), { colours: 2, topShare: 7 / 8 })
})

test('refuses what it cannot read', () => {
  const png = encode(randomImage(2, 2, 3, 1), [0])
  assert.deepEqual(pngHeader(png), { width: 2, height: 2, bitDepth: 8, colourType: 2, interlace: 0 })
  assert.throws(() => pngHeader(Buffer.from('GIF89a' + 'x'.repeat(40))), /bad signature/)
  assert.throws(() => decodePng(encode(randomImage(2, 2, 3, 1), [0], { bitDepth: 16 })), /unsupported PNG: bit depth 16/)
  // The same header with other image data: rows whose filter byte is 9, then too few bytes.
  const withData = (raw) => Buffer.concat([png.subarray(0, png.indexOf('IDAT') - 4), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))])
  const rows = Buffer.from([9, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])
  assert.throws(() => decodePng(withData(rows)), /bad PNG filter type 9/)
  assert.throws(() => decodePng(withData(rows.subarray(0, 5))), /PNG data is 5 bytes, want 14/)
})
