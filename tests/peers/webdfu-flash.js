'use strict';
// Flashes a multi-element image into a DfuSe device served by the loopback USB bridge, using the npm
// package webdfu's own DFU/DFUse classes for every protocol step, then reads each element back with
// webdfu's upload. The only glue here is what webdfu's own demo page does around those classes: pick
// the "@Internal Flash" alternate setting, read wTransferSize from the DFU functional descriptor, and
// clear a dfuERROR left from before (the demo's connect step).
//
// usage: node webdfu-flash.js --port N [--host 127.0.0.1] [--timeout-ms 60000] [--verbose] [--leave]
//                             --element 0x08000000=path [--element 0x08020000=path ...]
// --leave: the last element is written with webdfu's manifestation step (Set Address + zero-length DNLOAD,
// then poll for dfuMANIFEST), which makes a DfuSe device leave DFU mode; nothing is read back then.
// Prints one JSON line on stdout: {"ok":true,"transferSize":..,"interfaceNames":[..],"flashMs":..,"readBackMs":..,
//   "elements":[{"address":"0x08000000","length":..,"sha256":"<of what was read back>"}]}
// or {"ok":false,"error":"..."} and exits 1. flashMs and readBackMs exclude node start-up and connecting.

const crypto = require('node:crypto');
const fs = require('node:fs');
const { performance } = require('node:perf_hooks');
const { DFU, DFUse } = require('webdfu');
const bridge = require('./webusb-bridge.js');

const DT_DFU_FUNCTIONAL = 0x21;
const DFUSE_VERSION = 0x011A;

function parseArgs(argv) {
  const args = { host: '127.0.0.1', port: NaN, timeoutMs: 60000, verbose: false, leave: false, elements: [] };
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
      case '--timeout-ms': args.timeoutMs = Number(next()); break;
      case '--verbose': args.verbose = true; break;
      case '--leave': args.leave = true; break;
      case '--element': {
        const spec = next();
        const eq = spec.indexOf('=');
        if (eq < 0) {
          throw new Error(`--element wants ADDRESS=FILE, got "${spec}"`);
        }
        args.elements.push({ address: Number(spec.substring(0, eq)), path: spec.substring(eq + 1) });
        break;
      }
      default: throw new Error(`unknown argument "${argv[i]}"`);
    }
  }
  if (!Number.isInteger(args.port) || args.port <= 0) {
    throw new Error('--port is required');
  }
  if (args.elements.length === 0 || args.elements.some((e) => !Number.isInteger(e.address))) {
    throw new Error('at least one --element ADDRESS=FILE with a numeric address is required');
  }
  return args;
}

function hex32(n) {
  return '0x' + n.toString(16).toUpperCase().padStart(8, '0');
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  // webdfu logs through console.log/debug/info, which would mix with the JSON result on stdout.
  const toStderr = (...parts) => process.stderr.write(parts.join(' ') + '\n');
  console.log = console.debug = console.info = args.verbose ? toStderr : () => {};

  const usb = await bridge.connect(args.port, args.host, { transferTimeoutMs: args.timeoutMs });
  const candidates = DFU.findDeviceDfuInterfaces(usb);
  const flash = candidates.find((s) => typeof s.name === 'string' && s.name.startsWith('@Internal Flash'));
  if (!flash) {
    throw new Error(`no "@Internal Flash" DFU alternate setting among ${JSON.stringify(candidates.map((s) => s.name))}`);
  }

  const dfu = new DFUse.Device(usb, flash);
  if (!args.verbose) {
    dfu.logDebug = dfu.logInfo = dfu.logProgress = () => {};
  }
  await dfu.open();

  const configuration = DFU.parseConfigurationDescriptor(await dfu.readConfigurationDescriptor(0));
  const functional = configuration.descriptors.find((d) => d.bDescriptorType === DT_DFU_FUNCTIONAL);
  if (!functional) {
    throw new Error('the configuration descriptor has no DFU functional descriptor');
  }
  if (functional.bcdDFUVersion !== DFUSE_VERSION || flash.alternate.interfaceProtocol !== 0x02) {
    throw new Error(`not a DfuSe device in DFU mode (bcdDFUVersion 0x${functional.bcdDFUVersion.toString(16)}, protocol ${flash.alternate.interfaceProtocol})`);
  }
  const transferSize = functional.wTransferSize;
  // webdfu's own string reads (a 1-byte read for bLength, then the whole descriptor), as its demo uses them.
  const names = await dfu.readInterfaceNames();
  const interfaceNames = Object.values(names[configuration.bConfigurationValue][flash.interface.interfaceNumber]);

  const status = await dfu.getStatus();
  if (status.state === DFU.dfuERROR) {
    await dfu.clearStatus();
  }

  const images = args.elements.map((e) => {
    const bytes = fs.readFileSync(e.path);
    return { address: e.address, data: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) };
  });

  const flashStart = performance.now();
  for (const [i, image] of images.entries()) {
    // webdfu 1.0.5 writes one contiguous region per call: erase its sectors, then Set Address + DNLOAD per chunk.
    dfu.startAddress = image.address;
    await dfu.do_download(transferSize, image.data, args.leave && i === images.length - 1);
  }
  const flashMs = performance.now() - flashStart;
  if (args.leave) {
    await dfu.close();
    await usb.forget();
    return { ok: true, transferSize, interfaceNames, flashMs, left: true, elements: [] };
  }

  const readStart = performance.now();
  const elements = [];
  for (const image of images) {
    dfu.startAddress = image.address;
    const blob = await dfu.do_upload(transferSize, image.data.byteLength);
    const read = Buffer.from(await blob.arrayBuffer());
    elements.push({
      address: hex32(image.address),
      length: read.length,
      sha256: crypto.createHash('sha256').update(read).digest('hex'),
    });
  }
  const readBackMs = performance.now() - readStart;

  await dfu.close();
  await usb.forget();
  return { ok: true, transferSize, interfaceNames, flashMs, readBackMs, elements };
}

main().then(
  (result) => {
    process.stdout.write(JSON.stringify(result) + '\n');
    process.exit(0);
  },
  (error) => {
    process.stdout.write(JSON.stringify({ ok: false, error: String(error && error.stack ? error.stack : error) }) + '\n');
    process.exit(1);
  },
);
