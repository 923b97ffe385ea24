// Serves the real MicroPython interpreter (npm @micropython/micropython-webassembly-pyscript, pinned in
// package-lock.json) as a serial board on a loopback TCP port: bytes a client sends are fed to the wasm REPL one
// by one (replProcessCharWithAsyncify, in order), and everything the REPL prints goes back to the client.
//
//   node micropython-repl-bridge.js [--port 0] [--uname-like-pyboard]
//
// Prints "listening 127.0.0.1:PORT" once ready. One interpreter for the bridge's life, like one board: a client
// that reconnects finds it as the last one left it. Output printed while no client is connected is lost, as on a
// UART nobody listens to.
//
// Facts about this port the bridge does not hide: no os.uname, print output ends lines with \n, and Ctrl-C cannot
// stop code that is already running (the interpreter runs each piece of code to its end on node's one thread).
// One thing it must do: the wasm raw REPL has no raw-paste mode (it would block reading stdin), so the bridge
// answers the request \x05A\x01 at an empty raw prompt itself with "R\x00" (refused), as firmware that supports
// the request but not the mode does.
//
// --uname-like-pyboard installs an os module whose uname() returns a pyboard-shaped tuple, to exercise the main
// path of a version query against the real interpreter.
"use strict";

const net = require("net");
const path = require("path");
const { pathToFileURL } = require("url");

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : fallback;
};
const listenPort = Number(option("--port", "0"));
const unameLikePyboard = args.includes("--uname-like-pyboard");

const PYBOARD_UNAME = `
import sys
import os as _real_os
class _Uname:
    def __repr__(self):
        return "(sysname='pyboard', nodename='pyboard', release='1.22.2', version='v1.22.2 on 2024-02-22', machine='PYBv1.1 with STM32F405RG')"
class _Os:
    def uname(self):
        return _Uname()
    def __getattr__(self, name):
        return getattr(_real_os, name)
sys.modules['os'] = _Os()
`;

async function main() {
  const entry = pathToFileURL(path.join(__dirname, "node_modules", "@micropython", "micropython-webassembly-pyscript", "micropython.mjs")).href;
  const { loadMicroPython } = await import(entry);

  let client = null;
  const mp = await loadMicroPython({
    linebuffer: false,
    stdout: (bytes) => {
      if (client && !client.destroyed) {
        client.write(Buffer.from(bytes));
      }
    },
  });
  if (unameLikePyboard) {
    mp.runPython(PYBOARD_UNAME);
  }
  mp.replInit();

  // What the bridge knows of the REPL's state, only to recognise the raw-paste request at an empty raw prompt.
  let raw = false;
  let rawLineEmpty = false;
  let held = [];
  let queue = Promise.resolve();

  const feed = async (byte) => {
    await mp.replProcessCharWithAsyncify(byte);
  };

  const handle = async (byte) => {
    if (held.length > 0 || (raw && rawLineEmpty && byte === 0x05)) {
      held.push(byte);
      const expect = [0x05, 0x41, 0x01];
      if (held.every((b, i) => b === expect[i])) {
        if (held.length === 3) {
          held = [];
          if (client && !client.destroyed) {
            client.write(Buffer.from([0x52, 0x00]));
          }
        }
        return;
      }
      const pending = held;
      held = [];
      for (const b of pending) {
        await forward(b);
      }
      return;
    }
    await forward(byte);
  };

  const forward = async (byte) => {
    if (byte === 0x01) {
      raw = true;
      rawLineEmpty = true;
    } else if (byte === 0x02) {
      raw = false;
    } else if (raw) {
      rawLineEmpty = byte === 0x04 || byte === 0x03;
    }
    await feed(byte);
  };

  const server = net.createServer((socket) => {
    if (client && !client.destroyed) {
      client.destroy();
    }
    client = socket;
    socket.setNoDelay(true);
    socket.on("data", (data) => {
      for (const byte of data) {
        queue = queue.then(() => handle(byte)).catch((error) => {
          process.stderr.write(`bridge: ${error && error.stack ? error.stack : error}\n`);
        });
      }
    });
    socket.on("error", () => {});
  });
  server.listen(listenPort, "127.0.0.1", () => {
    process.stdout.write(`listening 127.0.0.1:${server.address().port}\n`);
  });
}

main().catch((error) => {
  process.stderr.write(`bridge failed: ${error && error.stack ? error.stack : error}\n`);
  process.exit(1);
});
