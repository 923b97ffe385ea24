'use strict';
// Shared by esp32-flash.js (esptool-js) and tasmota-flash.mjs (tasmota-webserial-esptool).
const net = require('node:net');

// A Web Serial SerialPort over a raw TCP socket: open/close, readable/writable web streams, getInfo, setSignals.
// A raw socket carries no modem lines, so setSignals does nothing (esptool-js's 'no_reset' never calls it).
class TcpWebSerialPort {
  constructor(host, port) {
    this.host = host;
    this.port = port;
    this.socket = null;
    this.readable = null;
    this.writable = null;
  }

  getInfo() {
    return {};
  }

  async open() {
    const socket = await new Promise((resolve, reject) => {
      const s = net.connect({ host: this.host, port: this.port }, () => resolve(s));
      s.once('error', reject);
    });
    socket.setNoDelay(true);
    this.socket = socket;
    this.readable = new ReadableStream({
      start(controller) {
        socket.on('data', (chunk) => controller.enqueue(new Uint8Array(chunk)));
        socket.on('close', () => {
          try { controller.close(); } catch { /* already closed or cancelled */ }
        });
        socket.on('error', () => { /* 'close' follows */ });
      },
      cancel() {
        socket.destroy();
      },
    });
    this.writable = new WritableStream({
      write(chunk) {
        return new Promise((resolve, reject) => socket.write(Buffer.from(chunk), (e) => (e ? reject(e) : resolve())));
      },
    });
  }

  async setSignals() {
  }

  async close() {
    if (this.socket) {
      this.socket.destroy();
      this.socket = null;
    }
    this.readable = null;
    this.writable = null;
  }
}

module.exports = { TcpWebSerialPort };
