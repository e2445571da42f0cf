'use strict';
// The bench's second cold-start reference (bench/cold-start.ts): the least a durable handler can be.
// It parses the callback's body and makes the durable write the file sink makes for one event, with
// the same system calls in the same order (lib/sinks/file/: sink.ts, atomic-files.ts), through
// Node's callback fs API as the sink does: mkdir of the sink's directory (EEXIST → stat), mkdir of
// the file's directory (EEXIST → stat), open a `.tmp` beside the file with `wx`, write, fsync,
// close, rename over the file, then open the directory, fsync, close. Nothing else: no validation,
// no event, no logging. CommonJS, so that node `require`s it as it requires a function bundle.
const fs = require('node:fs');
const { join } = require('node:path');

function call(fn, ...args) {
  return new Promise((resolve, reject) => fn(...args, (error, value) => (error ? reject(error) : resolve(value))));
}

// The sink's makeDirectory, for a directory whose parent exists.
async function ensureDirectory(dir) {
  try {
    await call(fs.mkdir, dir);
  } catch (error) {
    if (error.code !== 'EEXIST' || !(await call(fs.stat, dir)).isDirectory()) throw error;
  }
}

exports.handler = async (event) => {
  const body = JSON.parse(event.body);
  const root = process.env.ALERTHOOK_SINK.slice('file://'.length);
  const dir = join(root, 'minimal-durable-handler');
  const path = join(dir, 'event.json');
  await ensureDirectory(root);
  await ensureDirectory(dir);
  const temp = `${path}.${process.pid.toString(36)}${Math.random().toString(36).slice(2, 8)}0.tmp`;
  const fd = await call(fs.open, temp, 'wx');
  try {
    await call(fs.writeFile, fd, `${JSON.stringify(body)}\n`);
    await call(fs.fsync, fd);
  } finally {
    await call(fs.close, fd);
  }
  await call(fs.rename, temp, path);
  const dirFd = await call(fs.open, dir, 'r');
  try {
    await call(fs.fsync, dirFd);
  } finally {
    await call(fs.close, dirFd);
  }
  return { statusCode: 200 };
};
