// Preloaded with `node --import` into a process under test: records every file the process
// opens and every network connection it starts, and writes them as JSON lines to the file named
// by RECORD_ACCESS_FILE when the process exits.
import dns from 'node:dns';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';

const records = [];
const outFile = process.env.RECORD_ACCESS_FILE;
const writeFileSync = fs.writeFileSync;

function wrap(target, name, kind, describe) {
  const original = target[name];
  if (typeof original !== 'function') return;
  target[name] = function recorded(...args) {
    records.push({ kind, name, target: describe(args) });
    return original.apply(this, args);
  };
}

const pathOf = (args) => String(args[0] instanceof URL ? args[0].pathname : args[0]);
for (const name of [
  'openSync',
  'open',
  'readFileSync',
  'readFile',
  'createReadStream',
  'opendirSync',
  'readdirSync',
]) {
  wrap(fs, name, 'file', pathOf);
}
for (const name of ['open', 'readFile', 'opendir', 'readdir'])
  wrap(fs.promises, name, 'file', pathOf);

const hostOf = (args) => JSON.stringify(args[0]);
wrap(net.Socket.prototype, 'connect', 'network', hostOf);
wrap(dns, 'lookup', 'network', hostOf);
wrap(http, 'request', 'network', hostOf);
wrap(http, 'get', 'network', hostOf);
wrap(https, 'request', 'network', hostOf);
wrap(https, 'get', 'network', hostOf);
wrap(globalThis, 'fetch', 'network', hostOf);

process.on('exit', () => {
  if (outFile) writeFileSync(outFile, records.map((record) => JSON.stringify(record)).join('\n'));
});
