'use strict';
// Shared by esp32-flash.js (esptool-js) and tasmota-flash.mjs (tasmota-webserial-esptool).
const net = require('node:net');

const IAC = 0xff;
const SB = 0xfa;
const SE = 0xf0;
const WILL = 0xfb;
const COM_PORT_OPTION = 44;
const SET_CONTROL = 5;

// A Web Serial SerialPort over TCP (raw, or RFC 2217 with options.rfc2217): open/close, readable/writable web streams, getInfo, setSignals. On a raw socket
// there are no modem lines, so setSignals does nothing (esptool-js's 'no_reset' never calls it); with rfc2217 the data
// travels Telnet-escaped (0xFF doubled) and setSignals sends SET-CONTROL (RFC 2217: DTR on 8, off 9; RTS on 11, off 12).
class TcpWebSerialPort {
  constructor(host, port, options = {}) {
    this.host = host;
    this.port = port;
    this.rfc2217 = !!options.rfc2217;
    this.info = options.usbId || {};
    this.socket = null;
    this.readable = null;
    this.writable = null;
  }

  getInfo() {
    return this.info;
  }

  // Telnet receive side: data bytes out, IAC IAC as one 0xFF, option negotiation and subnegotiations dropped.
  unescape(chunk) {
    const out = [];
    for (const b of chunk) {
      switch (this.telnetState) {
        case 'iac':
          if (b === IAC) { out.push(IAC); this.telnetState = 'data'; }
          else if (b === SB) { this.telnetState = 'sb'; }
          else if (b >= 0xfb) { this.telnetState = 'option'; }
          else { this.telnetState = 'data'; }
          break;
        case 'option': this.telnetState = 'data'; break;
        case 'sb': if (b === IAC) { this.telnetState = 'sb-iac'; } break;
        case 'sb-iac': this.telnetState = b === SE ? 'data' : 'sb'; break;
        default:
          if (b === IAC) { this.telnetState = 'iac'; } else { out.push(b); }
      }
    }
    return new Uint8Array(out);
  }

  async open() {
    const socket = await new Promise((resolve, reject) => {
      const s = net.connect({ host: this.host, port: this.port }, () => resolve(s));
      s.once('error', reject);
    });
    socket.setNoDelay(true);
    this.socket = socket;
    const self = this;
    this.telnetState = 'data';
    if (this.rfc2217) {
      socket.write(Buffer.from([IAC, WILL, COM_PORT_OPTION]));
    }
    this.readable = new ReadableStream({
      start(controller) {
        socket.on('data', (chunk) => {
          const data = self.rfc2217 ? self.unescape(chunk) : new Uint8Array(chunk);
          if (data.length > 0) {
            controller.enqueue(data);
          }
        });
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
        const bytes = self.rfc2217 ? Buffer.from(Array.from(chunk).flatMap((b) => (b === IAC ? [IAC, IAC] : [b]))) : Buffer.from(chunk);
        return new Promise((resolve, reject) => socket.write(bytes, (e) => (e ? reject(e) : resolve())));
      },
    });
  }

  async setSignals(signals) {
    if (!this.rfc2217 || !this.socket) {
      return;
    }
    const control = [];
    if (signals.dataTerminalReady !== undefined) { control.push(signals.dataTerminalReady ? 8 : 9); }
    if (signals.requestToSend !== undefined) { control.push(signals.requestToSend ? 11 : 12); }
    for (const value of control) {
      await new Promise((resolve, reject) => this.socket.write(Buffer.from([IAC, SB, COM_PORT_OPTION, SET_CONTROL, value, IAC, SE]), (e) => (e ? reject(e) : resolve())));
    }
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
