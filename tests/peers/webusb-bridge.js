'use strict';
// A WebUSB-shaped USBDevice for node that drives a device served by the loopback USB bridge
// (tests/FirmwareTools.Simulators/Usb/UsbBridgeServer.cs; protocol on src/FirmwareTools.Protocols/Usb/UsbBridgeCommand.cs).
// Browser WebUSB clients such as webdfu run unchanged on top of it.
//
// Wire format: every message is a u32 little-endian body length, then the body. Request body: one command
// byte and little-endian fields. Response body: one status byte, then the result (status 0) or a UTF-8
// message. Requests are answered in order, so a FIFO of pending promises matches replies to requests.
//
// How failures surface, as in Chrome's WebUSB:
//   STALL on a control transfer      -> resolved USBInTransferResult/USBOutTransferResult with status "stall"
//   device gone                      -> rejected with DOMException NotFoundError "The device was disconnected."
//   timeout / I/O error              -> rejected with DOMException NetworkError
//   not open / interface not claimed -> rejected with DOMException InvalidStateError
// WebUSB has no per-transfer timeout; the bridge sends `transferTimeoutMs` (default 60 s) so a hung device
// cannot hang the peer forever.

const net = require('node:net');

const Command = Object.freeze({
  GetDeviceDescriptor: 0x01,
  GetConfigurationDescriptor: 0x02,
  Open: 0x03,
  Close: 0x04,
  ClaimInterface: 0x05,
  ReleaseInterface: 0x06,
  SetAlternateSetting: 0x07,
  ControlTransferIn: 0x08,
  ControlTransferOut: 0x09,
  Reset: 0x0A,
  GetStringDescriptor: 0x0B,
});

const Status = Object.freeze({
  Ok: 0, Stall: 1, Timeout: 2, DeviceGone: 3, IoError: 4, AccessDenied: 5, InvalidState: 6, NotSupported: 7, BadRequest: 8,
});

const REQUEST_TYPES = { standard: 0, class: 1, vendor: 2 };
const RECIPIENTS = { device: 0, interface: 1, endpoint: 2, other: 3 };
const DT_CONFIGURATION = 2;
const DT_INTERFACE = 4;
const DT_ENDPOINT = 5;

/** A failed bridge request, carrying the server's status code. */
class BridgeError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

/** One TCP connection to the bridge server: framed requests answered in order. */
class BridgeConnection {
  constructor(socket) {
    this.socket = socket;
    this.pending = [];
    this.buffer = Buffer.alloc(0);
    this.closedError = null;
    socket.setNoDelay(true);
    socket.on('data', (chunk) => this.onData(chunk));
    const fail = (why) => {
      if (!this.closedError) {
        this.closedError = new DOMException(`The USB bridge connection closed (${why}).`, 'NetworkError');
      }
      for (const p of this.pending.splice(0)) {
        p.reject(this.closedError);
      }
    };
    socket.on('error', (e) => fail(e.message));
    socket.on('close', () => fail('closed'));
  }

  static open(port, host) {
    return new Promise((resolve, reject) => {
      const socket = net.createConnection({ port, host }, () => {
        socket.off('error', reject);
        resolve(new BridgeConnection(socket));
      });
      socket.once('error', reject);
    });
  }

  onData(chunk) {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    while (this.buffer.length >= 4) {
      const length = this.buffer.readUInt32LE(0);
      if (this.buffer.length < 4 + length) {
        return;
      }
      const body = this.buffer.subarray(4, 4 + length);
      this.buffer = this.buffer.subarray(4 + length);
      const p = this.pending.shift();
      if (p) {
        p.resolve({ status: body[0], payload: body.subarray(1) });
      }
    }
  }

  /** Sends one request body; resolves with the result bytes, rejects with a BridgeError. */
  request(body) {
    if (this.closedError) {
      return Promise.reject(this.closedError);
    }
    return new Promise((resolve, reject) => {
      this.pending.push({
        resolve: ({ status, payload }) => {
          if (status === Status.Ok) {
            resolve(payload);
          } else {
            reject(new BridgeError(status, payload.toString('utf8')));
          }
        },
        reject,
      });
      const header = Buffer.alloc(4);
      header.writeUInt32LE(body.length, 0);
      this.socket.write(Buffer.concat([header, body]));
    });
  }

  close() {
    this.socket.end();
  }
}

/** Maps a bridge failure to the DOMException a browser's WebUSB rejects with. */
function toWebUsbError(error, what) {
  if (!(error instanceof BridgeError)) {
    return error;
  }
  switch (error.status) {
    case Status.DeviceGone: return new DOMException('The device was disconnected.', 'NotFoundError');
    case Status.AccessDenied: return new DOMException('Access denied.', 'SecurityError');
    case Status.InvalidState: return new DOMException(error.message, 'InvalidStateError');
    case Status.BadRequest: return new TypeError(error.message);
    case Status.NotSupported: return new DOMException(`Unable to ${what}.`, 'NetworkError');
    default: return new DOMException(`A transfer error has occurred (${error.message}).`, 'NetworkError');
  }
}

function copyToDataView(bytes) {
  // webdfu slices `data.buffer` from 0, so the view must own a fresh buffer (never a slice of node's pool).
  const ab = new ArrayBuffer(bytes.length);
  new Uint8Array(ab).set(bytes);
  return new DataView(ab);
}

function toBytes(data) {
  if (data === undefined || data === null) {
    return Buffer.alloc(0);
  }
  if (data instanceof ArrayBuffer) {
    return Buffer.from(data);
  }
  if (ArrayBuffer.isView(data)) {
    return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  }
  throw new TypeError('data must be an ArrayBuffer or an ArrayBufferView');
}

function decodeString(descriptor) {
  const length = Math.min(descriptor[0] || 0, descriptor.length);
  let text = '';
  for (let i = 2; i + 1 < length; i += 2) {
    text += String.fromCharCode(descriptor.readUInt16LE(i));
  }
  return text;
}

/** A WebUSB USBDevice backed by the bridge (the members webdfu and similar clients use). */
class USBDevice {
  constructor(connection, options) {
    this._connection = connection;
    this._timeoutMs = options.transferTimeoutMs;
    this._gone = false;
    this.opened = false;
    this.configuration = null;
    this.configurations = [];
  }

  async _describe() {
    const d = await this._connection.request(Buffer.from([Command.GetDeviceDescriptor]));
    this.usbVersionMajor = d[3];
    this.usbVersionMinor = d[2] >> 4;
    this.usbVersionSubminor = d[2] & 0x0F;
    this.deviceClass = d[4];
    this.deviceSubclass = d[5];
    this.deviceProtocol = d[6];
    this.vendorId = d.readUInt16LE(8);
    this.productId = d.readUInt16LE(10);
    this.deviceVersionMajor = d[13];
    this.deviceVersionMinor = d[12] >> 4;
    this.deviceVersionSubminor = d[12] & 0x0F;

    const langIds = await this._string(0, 0);
    this._langId = langIds && langIds.length >= 4 ? langIds.readUInt16LE(2) : 0x0409;
    this.manufacturerName = await this._name(d[14]);
    this.productName = await this._name(d[15]);
    this.serialNumber = await this._name(d[16]);

    for (let index = 0; index < d[17]; index++) {
      const raw = await this._connection.request(Buffer.from([Command.GetConfigurationDescriptor, index]));
      this.configurations.push(await this._parseConfiguration(raw));
    }
    // The OS has configured a single-configuration device before anyone opens it.
    this.configuration = this.configurations[0] || null;
  }

  async _string(index, langId) {
    const body = Buffer.from([Command.GetStringDescriptor, index, langId & 0xFF, langId >> 8]);
    try {
      return await this._connection.request(body);
    } catch (e) {
      if (e instanceof BridgeError && e.status === Status.Stall) {
        return null;
      }
      throw e;
    }
  }

  async _name(index) {
    if (!index) {
      return null;
    }
    const descriptor = await this._string(index, this._langId);
    return descriptor ? decodeString(descriptor) : null;
  }

  async _parseConfiguration(raw) {
    const configuration = {
      configurationValue: raw[5],
      configurationName: await this._name(raw[6]),
      interfaces: [],
    };
    let currentAlternate = null;
    for (let offset = 0; offset + 2 <= raw.length && raw[offset] >= 2;) {
      const length = raw[offset];
      const type = raw[offset + 1];
      const d = raw.subarray(offset, offset + length);
      if (type === DT_INTERFACE && length >= 9) {
        currentAlternate = {
          alternateSetting: d[3],
          interfaceClass: d[5],
          interfaceSubclass: d[6],
          interfaceProtocol: d[7],
          interfaceName: await this._name(d[8]),
          endpoints: [],
        };
        let intf = configuration.interfaces.find((i) => i.interfaceNumber === d[2]);
        if (!intf) {
          intf = { interfaceNumber: d[2], alternate: currentAlternate, alternates: [], claimed: false };
          configuration.interfaces.push(intf);
        }
        intf.alternates.push(currentAlternate);
        if (currentAlternate.alternateSetting === 0) {
          intf.alternate = currentAlternate;
        }
      } else if (type === DT_ENDPOINT && length >= 7 && currentAlternate) {
        currentAlternate.endpoints.push({
          endpointNumber: d[2] & 0x0F,
          direction: (d[2] & 0x80) ? 'in' : 'out',
          type: ['control', 'isochronous', 'bulk', 'interrupt'][d[3] & 0x03],
          packetSize: d.readUInt16LE(4),
        });
      }
      offset += length;
    }
    configuration.interfaces.sort((a, b) => a.interfaceNumber - b.interfaceNumber);
    return configuration;
  }

  // Sends one request; a STALL stays a BridgeError when the caller turns it into a transfer status.
  async _call(body, what, stallIsResult = false) {
    if (this._gone) {
      throw new DOMException('The device was disconnected.', 'NotFoundError');
    }
    try {
      return await this._connection.request(body);
    } catch (e) {
      if (e instanceof BridgeError && e.status === Status.Stall && stallIsResult) {
        throw e;
      }
      if (e instanceof BridgeError && e.status === Status.DeviceGone) {
        this._gone = true;
      }
      throw toWebUsbError(e, what);
    }
  }

  _requireOpen() {
    if (this._gone) {
      throw new DOMException('The device was disconnected.', 'NotFoundError');
    }
    if (!this.opened) {
      throw new DOMException('The device must be opened first.', 'InvalidStateError');
    }
  }

  _interface(number) {
    const intf = this.configuration && this.configuration.interfaces.find((i) => i.interfaceNumber === number);
    if (!intf) {
      throw new DOMException('The interface number provided is not supported by the device in its current configuration.', 'NotFoundError');
    }
    return intf;
  }

  _setup(setup, direction, length) {
    const type = REQUEST_TYPES[setup.requestType];
    const recipient = RECIPIENTS[setup.recipient];
    if (type === undefined || recipient === undefined) {
      throw new TypeError(`Invalid USBControlTransferParameters: ${JSON.stringify(setup)}`);
    }
    if (setup.recipient === 'interface' && !this._interface(setup.index & 0xFF).claimed) {
      throw new DOMException('The specified interface has not been claimed.', 'InvalidStateError');
    }
    const header = Buffer.alloc(13);
    header[0] = direction === 'in' ? Command.ControlTransferIn : Command.ControlTransferOut;
    header[1] = (direction === 'in' ? 0x80 : 0x00) | (type << 5) | recipient;
    header[2] = setup.request & 0xFF;
    header.writeUInt16LE(setup.value & 0xFFFF, 3);
    header.writeUInt16LE(setup.index & 0xFFFF, 5);
    header.writeUInt16LE(length, 7);
    header.writeUInt32LE(this._timeoutMs, 9);
    return header;
  }

  async open() {
    if (this.opened) {
      return;
    }
    await this._call(Buffer.from([Command.Open]), 'open the device');
    this.opened = true;
  }

  async close() {
    if (!this.opened) {
      return;
    }
    await this._call(Buffer.from([Command.Close]), 'close the device');
    this.opened = false;
    for (const intf of this.configuration ? this.configuration.interfaces : []) {
      intf.claimed = false;
    }
  }

  async forget() {
    this._connection.close();
  }

  async selectConfiguration(configurationValue) {
    this._requireOpen();
    const configuration = this.configurations.find((c) => c.configurationValue === configurationValue);
    if (!configuration) {
      throw new DOMException('The configuration value provided is not supported by the device.', 'NotFoundError');
    }
    // The device seam has no SET_CONFIGURATION; the only configuration is already the active one.
    if (configuration !== this.configuration) {
      throw new DOMException('Switching configurations is not supported by the USB bridge.', 'NetworkError');
    }
  }

  async claimInterface(interfaceNumber) {
    this._requireOpen();
    const intf = this._interface(interfaceNumber);
    if (intf.claimed) {
      return;
    }
    await this._call(Buffer.from([Command.ClaimInterface, interfaceNumber]), 'claim the interface');
    intf.claimed = true;
  }

  async releaseInterface(interfaceNumber) {
    this._requireOpen();
    const intf = this._interface(interfaceNumber);
    if (!intf.claimed) {
      return;
    }
    await this._call(Buffer.from([Command.ReleaseInterface, interfaceNumber]), 'release the interface');
    intf.claimed = false;
  }

  async selectAlternateInterface(interfaceNumber, alternateSetting) {
    this._requireOpen();
    const intf = this._interface(interfaceNumber);
    if (!intf.claimed) {
      throw new DOMException('The interface is not claimed.', 'InvalidStateError');
    }
    const alternate = intf.alternates.find((a) => a.alternateSetting === alternateSetting);
    if (!alternate) {
      throw new DOMException('The alternate setting provided is not supported by the device.', 'NotFoundError');
    }
    await this._call(Buffer.from([Command.SetAlternateSetting, interfaceNumber, alternateSetting]), 'set the alternate setting');
    intf.alternate = alternate;
  }

  async controlTransferIn(setup, length) {
    this._requireOpen();
    const body = this._setup(setup, 'in', length);
    try {
      const data = await this._call(body, 'transfer', true);
      return { data: copyToDataView(data), status: 'ok' };
    } catch (e) {
      if (e instanceof BridgeError && e.status === Status.Stall) {
        return { data: undefined, status: 'stall' };
      }
      throw e;
    }
  }

  async controlTransferOut(setup, data) {
    this._requireOpen();
    const bytes = toBytes(data);
    const body = Buffer.concat([this._setup(setup, 'out', bytes.length), bytes]);
    try {
      const result = await this._call(body, 'transfer', true);
      return { bytesWritten: result.readUInt16LE(0), status: 'ok' };
    } catch (e) {
      if (e instanceof BridgeError && e.status === Status.Stall) {
        return { bytesWritten: 0, status: 'stall' };
      }
      throw e;
    }
  }

  async reset() {
    this._requireOpen();
    await this._call(Buffer.from([Command.Reset]), 'reset the device');
  }
}

/**
 * Connects to a bridge server and returns its device as a WebUSB USBDevice (descriptors and strings read, not opened).
 * options.transferTimeoutMs: the timeout sent with every control transfer (default 60000).
 */
async function connect(port, host = '127.0.0.1', options = {}) {
  const connection = await BridgeConnection.open(port, host);
  const device = new USBDevice(connection, { transferTimeoutMs: options.transferTimeoutMs || 60000 });
  await device._describe();
  return device;
}

module.exports = { connect, USBDevice, BridgeError, Command, Status };
