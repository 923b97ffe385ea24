'use strict';
// Exercises webusb-bridge.js against a bridge server and prints what a WebUSB client would see, as one
// JSON line. The test (UsbBridgeServerTests) serves a small device that echoes class requests, so every
// value here is checked against the device's own state.
//
// usage: node webusb-probe.js --port N
// Sequence: describe; transfer before open; open; transfer before claim; claim 0; alt 1;
// OUT class request 0x01 (wValue 2, data 01..05); IN class request 0x02 (64 bytes); IN request 0x7F (stalls);
// OUT class request 0x00 (the device leaves the bus after it); IN class request 0x03; reset.

const bridge = require('./webusb-bridge.js');

function failure(e) {
  return { name: e && e.name, message: e && e.message };
}

async function attempt(fn) {
  try {
    return { value: await fn() };
  } catch (e) {
    return { error: failure(e) };
  }
}

function hex(view) {
  return view ? Buffer.from(view.buffer, view.byteOffset, view.byteLength).toString('hex') : null;
}

async function main() {
  const port = Number(process.argv[process.argv.indexOf('--port') + 1]);
  const device = await bridge.connect(port);
  const setup = (request, value = 0) => ({ requestType: 'class', recipient: 'interface', request, value, index: 0 });
  const out = {};
  out.vendorId = device.vendorId;
  out.productId = device.productId;
  out.manufacturerName = device.manufacturerName;
  out.productName = device.productName;
  out.serialNumber = device.serialNumber;
  out.deviceVersion = `${device.deviceVersionMajor}.${device.deviceVersionMinor}.${device.deviceVersionSubminor}`;
  out.configurations = device.configurations.map((c) => ({
    configurationValue: c.configurationValue,
    interfaces: c.interfaces.map((i) => ({
      interfaceNumber: i.interfaceNumber,
      alternates: i.alternates.map((a) => ({
        alternateSetting: a.alternateSetting,
        interfaceClass: a.interfaceClass,
        interfaceSubclass: a.interfaceSubclass,
        interfaceProtocol: a.interfaceProtocol,
        interfaceName: a.interfaceName,
      })),
    })),
  }));

  out.beforeOpen = await attempt(() => device.controlTransferIn(setup(0x03), 6));
  await device.open();
  out.opened = device.opened;
  out.beforeClaim = await attempt(() => device.controlTransferIn(setup(0x03), 6));
  await device.selectConfiguration(1);
  await device.claimInterface(0);
  await device.selectAlternateInterface(0, 1);
  out.alternateAfterSelect = device.configuration.interfaces[0].alternate.alternateSetting;

  const written = await device.controlTransferOut(setup(0x01, 2), new Uint8Array([1, 2, 3, 4, 5]));
  out.outResult = { status: written.status, bytesWritten: written.bytesWritten };
  const read = await device.controlTransferIn(setup(0x02), 64);
  out.inResult = { status: read.status, hex: hex(read.data), byteOffset: read.data.byteOffset, bufferLength: read.data.buffer.byteLength };
  const stalled = await device.controlTransferIn(setup(0x7F), 8);
  out.stallResult = { status: stalled.status, hasData: stalled.data !== undefined };

  out.leave = await attempt(async () => (await device.controlTransferOut(setup(0x00))).status);
  out.afterGone = await attempt(() => device.controlTransferIn(setup(0x03), 6));
  out.resetAfterGone = await attempt(() => device.reset());
  process.stdout.write(JSON.stringify(out) + '\n');
  process.exit(0);
}

main().catch((e) => {
  process.stdout.write(JSON.stringify({ fatal: String(e && e.stack ? e.stack : e) }) + '\n');
  process.exit(1);
});
