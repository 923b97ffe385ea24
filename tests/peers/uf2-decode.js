// Decodes a .uf2 file block by block with the npm `uf2` package (wokwi/uf2, pinned in package-lock.json) and prints
// one JSON line: every block's header fields as uf2 reads them, the family name from its table, a SHA-256 of each
// payload, and the payload bytes of the whole file. `--encode OUT BIN ADDRESS` instead writes BIN as 256-byte RP2040
// pages at ADDRESS with uf2's own encodeBlock (family from its table), for our reader to accept.
'use strict';
const fs = require('fs');
const crypto = require('crypto');
const uf2 = require('uf2');

function decode(path) {
  const file = fs.readFileSync(path);
  if (file.length % uf2.blockSize !== 0) {
    throw new Error(`${path}: ${file.length} bytes is not a whole number of ${uf2.blockSize}-byte blocks`);
  }
  const blocks = [];
  for (let offset = 0; offset < file.length; offset += uf2.blockSize) {
    const bytes = new Uint8Array(file.buffer, file.byteOffset + offset, uf2.blockSize);
    if (!uf2.isUF2Block(bytes)) {
      throw new Error(`${path}: no UF2 block at offset ${offset}`);
    }
    const b = uf2.decodeBlock(bytes);
    blocks.push({
      flags: b.flags,
      address: b.flashAddress,
      payloadSize: b.payload.length,
      blockNumber: b.blockNumber,
      totalBlocks: b.totalBlocks,
      family: b.boardFamily,
      familyName: (b.flags & uf2.UF2Flags.familyIDPresent) ? (uf2.familyMap.get(b.boardFamily) || null) : null,
      payloadSha256: crypto.createHash('sha256').update(b.payload).digest('hex'),
    });
  }
  return { blocks };
}

function encode(out, bin, address) {
  const data = fs.readFileSync(bin);
  const pages = Math.ceil(data.length / 256);
  const family = uf2.familyID('Raspberry Pi RP2040');
  const file = new Uint8Array(pages * uf2.blockSize);
  for (let i = 0; i < pages; i++) {
    const payload = new Uint8Array(256).fill(0xff);
    payload.set(data.subarray(i * 256, Math.min(data.length, (i + 1) * 256)));
    uf2.encodeBlock({
      flags: uf2.UF2Flags.familyIDPresent,
      flashAddress: address + i * 256,
      payload,
      blockNumber: i,
      totalBlocks: pages,
      boardFamily: family,
    }, file, i * uf2.blockSize);
  }
  fs.writeFileSync(out, file);
  return { written: out, blocks: pages, family };
}

try {
  const args = process.argv.slice(2);
  const result = args[0] === '--encode' ? encode(args[1], args[2], Number(args[3])) : decode(args[0]);
  console.log(JSON.stringify(result));
} catch (e) {
  console.error(e.stack || String(e));
  process.exit(1);
}
