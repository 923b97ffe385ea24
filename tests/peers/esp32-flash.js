'use strict';
// Drives a virtual ESP32 served on loopback TCP (serve-esp32 / VirtualEsp32Server, raw socket) with the npm
// package esptool-js, through a Web Serial-shaped port (TcpWebSerialPort below) handed to esptool-js's own
// Transport. ROM loader only: we never call ESPLoader.main() or runStub(), which upload the flasher stub.
//
// What esptool-js does here, with its own code: detectChip('no_reset') (SYNC, GET_SECURITY_INFO -> unsupported,
// magic register), chip description and MAC from eFuses, flash id, then writeFlash({compress: true}) (zlib level 9 by
// pako, FLASH_DEFL_BEGIN/DATA) and flashMd5sum.
// What the script adds, because esptool-js 0.7.0 has no ROM-mode code for it (it relies on the stub):
//   * SPI_ATTACH in the ESP32 ROM's 8-byte form and SPI_SET_PARAMS, sent through esptool-js's own checkCommand,
//     as esptool does before flashing in ROM mode (esptool-js's flashSpiAttach sends the stub's 4-byte form and is
//     never called);
//   * the MD5 comparison: esptool-js's flashMd5sum hex-encodes the ROM's 32 ASCII hex digits (it expects the stub's
//     16 raw bytes), so the script turns that back into the ROM's digest and compares it with node's own MD5;
//   * on the ESP32-C6 only: esptool-js sends FLASH_DEFL_BEGIN to the C6 ROM with 16 bytes (it adds the fifth
//     "encrypted" word only for S2, S3, C3 and C2; docs/protocols/esp32-family.md §7.2), which the virtual C6, as strict
//     as the ROM, refuses; the script appends the zero word to that one command and reports it in "workarounds".
// None of these change what esptool-js does on the wire otherwise; each use is listed in the JSON's "workarounds".
//
// usage: node esp32-flash.js --port N [--host 127.0.0.1] [--baud 115200] [--detect-only] [--trace]
//                            [--rfc2217] [--usb-id 303A:1001] [--reset default_reset|no_reset|usb_reset]
//                            [--file 0x10000=path ...]
// --rfc2217 speaks Telnet COM-PORT-OPTION to the server (serve-esp32 --mode rfc2217), so esptool-js's setSignals
// reach the board's DTR/RTS; --usb-id makes getInfo() report those USB ids, from which esptool-js picks its reset
// (303A:1001: its USB-Serial/JTAG sequence); --reset is the mode given to detectChip (default no_reset). The JSON then
// also has "connectMs": detectChip (opening the port, the reset, SYNC, identification) plus the description and MAC
// reads, the "connect and identify" esptool-js does before any flash command.
// Prints one JSON line: {"ok":true,"chip":"ESP32","description":..,"mac":"30:ae:..","flashId":..,"writeMs":..,"flashMs":..,
//   "files":[{"address":"0x10000","length":..,"md5":"<node's>","flashMd5":"<the board's>","compressed":..}]}
// or {"ok":false,"error":"..."} and exits 1. writeMs is esptool-js's writeFlash alone; flashMs adds the MD5
// verification of every file. Neither includes node start-up, connecting or detection. --baud sets the rate
// esptool-js opens the port at (a raw socket cannot carry it: serve the board with the same line rate).

const crypto = require('node:crypto');
const fs = require('node:fs');
const { performance } = require('node:perf_hooks');

const ESP_SPI_ATTACH = 0x0d;
const ESP_SPI_SET_PARAMS = 0x0b;
const ESP_FLASH_DEFL_BEGIN = 0x10;

function parseArgs(argv) {
  const args = { host: '127.0.0.1', port: NaN, baud: 115200, detectOnly: false, trace: false, rfc2217: false, usbId: null, reset: 'no_reset', files: [] };
  for (let i = 0; i < argv.length; i++) {
    const next = () => {
      if (i + 1 >= argv.length) {
        throw new Error(`${argv[i]} needs a value`);
      }
      return argv[++i];
    };
    switch (argv[i]) {
      case '--host': args.host = next(); break;
      case '--port': args.port = Number(next()); break;
      case '--baud': args.baud = Number(next()); break;
      case '--detect-only': args.detectOnly = true; break;
      case '--trace': args.trace = true; break;
      case '--rfc2217': args.rfc2217 = true; break;
      case '--usb-id': {
        const [vid, pid] = next().split(':').map((h) => parseInt(h, 16));
        args.usbId = { usbVendorId: vid, usbProductId: pid };
        break;
      }
      case '--reset': args.reset = next(); break;
      case '--file': {
        const spec = next();
        const eq = spec.indexOf('=');
        if (eq < 0) {
          throw new Error(`--file wants ADDRESS=PATH, got ${spec}`);
        }
        args.files.push({ address: Number(spec.slice(0, eq)), path: spec.slice(eq + 1) });
        break;
      }
      default: throw new Error(`unknown argument ${argv[i]}`);
    }
  }
  if (!Number.isInteger(args.port) || args.port <= 0) {
    throw new Error('--port N is required');
  }
  return args;
}

const { TcpWebSerialPort } = require('./tcp-web-serial-port.js');

function u32(...words) {
  const bytes = new Uint8Array(words.length * 4);
  const view = new DataView(bytes.buffer);
  words.forEach((w, i) => view.setUint32(i * 4, w >>> 0, true));
  return bytes;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const { ESPLoader, Transport } = await import('esptool-js');
  const log = [];
  const terminal = {
    clean() {},
    writeLine(line) { log.push(line); if (args.trace) process.stderr.write(line + '\n'); },
    write(text) { if (args.trace) process.stderr.write(text); },
  };
  const device = new TcpWebSerialPort(args.host, args.port, { rfc2217: args.rfc2217, usbId: args.usbId });
  const transport = new Transport(device, args.trace);
  const loader = new ESPLoader({ transport, baudrate: args.baud, romBaudrate: args.baud, terminal, debugLogging: args.trace });
  const workarounds = [];
  const checkCommand = loader.checkCommand.bind(loader);
  loader.checkCommand = async (op, opcode, data, ...rest) => {
    if (opcode === ESP_FLASH_DEFL_BEGIN && !loader.IS_STUB && loader.chip && loader.chip.CHIP_NAME === 'ESP32-C6' && data && data.length === 16) {
      // esptool-js 0.7.0 leaves out the C6 ROM's fifth BEGIN word (docs/protocols/esp32-family.md §7.2).
      workarounds.push('c6-defl-begin-20-bytes');
      const padded = new Uint8Array(20);
      padded.set(data, 0);
      data = padded;
    }
    return checkCommand(op, opcode, data, ...rest);
  };
  try {
    const connecting = performance.now();
    await loader.detectChip(args.reset);
    const result = { ok: true, chip: loader.chip.CHIP_NAME, workarounds };
    result.description = await loader.chip.getChipDescription(loader);
    result.mac = await loader.chip.readMac(loader);
    result.connectMs = performance.now() - connecting;
    result.crystalMHz = await loader.chip.getCrystalFreq(loader);
    result.stub = loader.IS_STUB;
    if (!args.detectOnly) {
      result.flashId = (await loader.readFlashId()) >>> 0;
      const flashSize = await loader.detectFlashSize();
      result.flashSize = flashSize;
      // esptool-js never sends SPI_ATTACH in ROM mode (docs/protocols/esp32-family.md §7.2); the ROM needs it.
      workarounds.push('spi-attach-rom-form');
      await loader.checkCommand('attach SPI flash (ROM form)', ESP_SPI_ATTACH, u32(0, 0));
      await loader.checkCommand('set SPI params', ESP_SPI_SET_PARAMS,
        u32(0, loader.flashSizeBytes(flashSize), 0x10000, 0x1000, 0x100, 0xffff));
      const files = args.files.map((f) => ({ address: f.address, data: new Uint8Array(fs.readFileSync(f.path)) }));
      const started = performance.now();
      await loader.writeFlash({
        fileArray: files,
        flashMode: 'keep',
        flashFreq: 'keep',
        flashSize: 'keep',
        eraseAll: false,
        compress: true,
      });
      result.writeMs = performance.now() - started;
      result.files = [];
      for (const f of files) {
        const md5 = crypto.createHash('md5').update(f.data).digest('hex');
        const reported = await loader.flashMd5sum(f.address, f.data.length);
        // ROM: 32 ASCII hex digits, which esptool-js hex-encodes again (64 digits); stub: 16 raw bytes (32 digits).
        const flashMd5 = reported.length === 64 ? Buffer.from(reported, 'hex').toString('ascii') : reported;
        if (reported.length === 64 && !workarounds.includes('rom-md5-decoded')) {
          workarounds.push('rom-md5-decoded');
        }
        if (flashMd5 !== md5) {
          throw new Error(`MD5 of file does not match data in flash at 0x${f.address.toString(16)}: ${flashMd5} != ${md5}`);
        }
        result.files.push({ address: '0x' + f.address.toString(16), length: f.data.length, md5, flashMd5 });
      }
      result.flashMs = performance.now() - started;
      result.stub = loader.IS_STUB;
      const compressedLine = log.find((l) => l.startsWith('Compressed '));
      result.compressedLog = compressedLine || null;
    }
    await transport.disconnect();
    process.stdout.write(JSON.stringify(result) + '\n');
  } catch (e) {
    try { await transport.disconnect(); } catch { /* already gone */ }
    process.stdout.write(JSON.stringify({ ok: false, error: String(e && e.message ? e.message : e), log: log.slice(-20) }) + '\n');
    process.exitCode = 1;
  }
}

main().catch((e) => {
  process.stdout.write(JSON.stringify({ ok: false, error: String(e && e.stack ? e.stack : e) }) + '\n');
  process.exitCode = 1;
});
