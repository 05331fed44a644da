// HMAC-SHA256 (RFC 2104, FIPS 180-4) under one fixed key, in JavaScript, for the export build's token bodies: the
// same bytes as node:crypto's createHmac, at about a fifth of its cost per short value. Node creates a C++ crypto
// object and sets the key up again for every createHmac (about 5 µs here); with the key's inner and outer states
// computed once, a value of up to 55 bytes costs two SHA-256 compressions in JIT-compiled code and allocates nothing.
// keyed-sha256.test.ts checks it against createHmac. Not constant-time: it hashes data the build is allowed to read,
// under a key that never leaves the server, and nothing observes its timing per value.
import { createHash } from "node:crypto";

// prettier-ignore
const K = Int32Array.from([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);
const IV = Int32Array.from([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);

/** One SHA-256 compression of the 64-byte block `bytes[at..at+64)` into `h`; `w` is 64 words of scratch. */
function compress(h: Int32Array, bytes: Uint8Array, at: number, w: Int32Array): void {
  for (let t = 0; t < 16; t++) {
    const i = at + 4 * t;
    w[t] = (bytes[i] << 24) | (bytes[i + 1] << 16) | (bytes[i + 2] << 8) | bytes[i + 3];
  }
  for (let t = 16; t < 64; t++) {
    const a = w[t - 15];
    const b = w[t - 2];
    const s0 = ((a >>> 7) | (a << 25)) ^ ((a >>> 18) | (a << 14)) ^ (a >>> 3);
    const s1 = ((b >>> 17) | (b << 15)) ^ ((b >>> 19) | (b << 13)) ^ (b >>> 10);
    w[t] = (w[t - 16] + s0 + w[t - 7] + s1) | 0;
  }
  let a = h[0],
    b = h[1],
    c = h[2],
    d = h[3],
    e = h[4],
    f = h[5],
    g = h[6],
    hh = h[7];
  for (let t = 0; t < 64; t++) {
    const s1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
    const t1 = (hh + s1 + ((e & f) ^ (~e & g)) + K[t] + w[t]) | 0;
    const s0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
    const t2 = (s0 + ((a & b) ^ (a & c) ^ (b & c))) | 0;
    hh = g;
    g = f;
    f = e;
    e = (d + t1) | 0;
    d = c;
    c = b;
    b = a;
    a = (t1 + t2) | 0;
  }
  h[0] = (h[0] + a) | 0;
  h[1] = (h[1] + b) | 0;
  h[2] = (h[2] + c) | 0;
  h[3] = (h[3] + d) | 0;
  h[4] = (h[4] + e) | 0;
  h[5] = (h[5] + f) | 0;
  h[6] = (h[6] + g) | 0;
  h[7] = (h[7] + hh) | 0;
}

/**
 * Hashes `bytes[0..length)` as the continuation of a state that has already absorbed `prefix` bytes (one block: the
 * key pad), padding it as SHA-256 does, into `h`. `bytes` must have room for the padding (length + 72).
 */
function finish(h: Int32Array, bytes: Uint8Array, length: number, prefix: number, w: Int32Array): void {
  let end = length;
  bytes[end++] = 0x80;
  while (end % 64 !== 56) bytes[end++] = 0;
  const bits = (prefix + length) * 8;
  // Messages here are far below 2^32 bytes: the high word of the 64-bit length is the quotient by 2^32.
  const hi = Math.floor(bits / 0x100000000);
  bytes[end++] = hi >>> 24;
  bytes[end++] = hi >>> 16;
  bytes[end++] = hi >>> 8;
  bytes[end++] = hi;
  bytes[end++] = bits >>> 24;
  bytes[end++] = bits >>> 16;
  bytes[end++] = bits >>> 8;
  bytes[end++] = bits;
  for (let at = 0; at < end; at += 64) compress(h, bytes, at, w);
}

/**
 * HMAC-SHA256 under `key` as a function of a UTF-8 string. The returned digest is a view reused by the next call:
 * read it before calling again.
 */
export function keyedSha256(key: Uint8Array): (message: string) => Uint8Array {
  const k = new Uint8Array(64);
  k.set(key.length > 64 ? createHash("sha256").update(key).digest() : key);
  const pad = new Uint8Array(64);
  const w = new Int32Array(64);
  const state = (x: number) => {
    for (let i = 0; i < 64; i++) pad[i] = k[i] ^ x;
    const h = IV.slice();
    compress(h, pad, 0, w);
    return h;
  };
  const inner = state(0x36);
  const outer = state(0x5c);
  const h = new Int32Array(8);
  const digest = new Uint8Array(32);
  const outerBlock = new Uint8Array(64 + 8);
  let bytes = new Uint8Array(256);
  return (message) => {
    // ASCII (every TIN, account number or id) is copied byte by byte; anything else through the UTF-8 encoder.
    let length = message.length;
    if (bytes.length < length * 3 + 72) bytes = new Uint8Array(length * 3 + 72);
    let ascii = true;
    for (let i = 0; i < length; i++) {
      const c = message.charCodeAt(i);
      if (c > 0x7f) {
        ascii = false;
        break;
      }
      bytes[i] = c;
    }
    if (!ascii) length = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).write(message, 0, "utf8");
    h.set(inner);
    finish(h, bytes, length, 64, w);
    for (let i = 0; i < 8; i++) {
      const v = h[i];
      outerBlock[4 * i] = v >>> 24;
      outerBlock[4 * i + 1] = v >>> 16;
      outerBlock[4 * i + 2] = v >>> 8;
      outerBlock[4 * i + 3] = v;
    }
    h.set(outer);
    finish(h, outerBlock, 32, 64, w);
    for (let i = 0; i < 8; i++) {
      const v = h[i];
      digest[4 * i] = v >>> 24;
      digest[4 * i + 1] = v >>> 16;
      digest[4 * i + 2] = v >>> 8;
      digest[4 * i + 3] = v;
    }
    return digest;
  };
}
