// Drives a virtual ESP32-family board served on loopback TCP (serve-esp32 / VirtualEsp32Server, raw socket) with the npm
// package tasmota-webserial-esptool (a maintained fork of Espressif's web flasher), ROM loader only, through the same
// Web Serial-shaped TCP port as esp32-flash.js. It is the second peer of docs/protocols/esp32-family.md §7.2 for the
// UNCOMPRESSED path, which it drives as the ROM wants with no help from this script: SPI_ATTACH (8-byte form) before
// FLASH_BEGIN, a 20-byte FLASH_BEGIN on the later chips, padded 0x400 blocks. Its ROM-mode FLASH_DEFL_BEGIN carries
// 16 bytes on every chip (wrong for S2/S3/C3/C6), and it has no MD5 command, so the caller compares the flash itself.
//
// usage: node tasmota-flash.mjs --port N [--file 0x10000=path] [--compress] [--trace]
// Prints one JSON line: {"ok":true,"chip":"ESP32-S3","mac":..,"writeMs":..} or {"ok":false,"error":..} and exits 1.
import { createRequire } from 'node:module';
import fs from 'node:fs';
import { performance } from 'node:perf_hooks';

const require = createRequire(import.meta.url);
const { TcpWebSerialPort } = require('./tcp-web-serial-port.js');

function parseArgs(argv) {
  const args = { host: '127.0.0.1', port: NaN, trace: false, compress: false, files: [] };
  for (let i = 0; i < argv.length; i++) {
    switch (argv[i]) {
      case '--host': args.host = argv[++i]; break;
      case '--port': args.port = Number(argv[++i]); break;
      case '--trace': args.trace = true; break;
      case '--compress': args.compress = true; break;
      case '--file': {
        const spec = argv[++i];
        const eq = spec.indexOf('=');
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

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const { ESPLoader } = await import('tasmota-webserial-esptool/js/modules/esptool.js');
  const lines = [];
  const logger = {
    log: (...m) => { lines.push(m.join(' ')); if (args.trace) process.stderr.write(m.join(' ') + '\n'); },
    error: (...m) => { lines.push(m.join(' ')); if (args.trace) process.stderr.write(m.join(' ') + '\n'); },
    debug: (...m) => { if (args.trace) process.stderr.write(m.join(' ') + '\n'); },
  };
  const port = new TcpWebSerialPort(args.host, args.port);
  await port.open({ baudRate: 115200 });
  const loader = new ESPLoader(port, logger);
  try {
    await loader.initialize();
    const result = { ok: true, chip: loader.chipName, stub: !!loader.IS_STUB, mac: loader.macAddr ? loader.macAddr().map((b) => b.toString(16).padStart(2, '0')).join(':') : null };
    const started = performance.now();
    for (const f of args.files) {
      const data = fs.readFileSync(f.path);
      const buffer = data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength);
      await loader.flashData(buffer, () => {}, f.address, args.compress);
    }
    result.writeMs = performance.now() - started;
    process.stdout.write(JSON.stringify(result) + '\n');
  } catch (e) {
    process.stdout.write(JSON.stringify({ ok: false, error: String(e && e.message ? e.message : e), log: lines.slice(-20) }) + '\n');
    process.exitCode = 1;
  } finally {
    try { await loader.disconnect(); } catch { /* gone */ }
    try { await port.close(); } catch { /* gone */ }
    setTimeout(() => process.exit(), 50).unref();
  }
}

main().catch((e) => {
  process.stdout.write(JSON.stringify({ ok: false, error: String(e && e.stack ? e.stack : e) }) + '\n');
  process.exitCode = 1;
});
