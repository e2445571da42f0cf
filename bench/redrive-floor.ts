import * as fs from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { promisify } from 'node:util';

const open = promisify(fs.open);
const write = promisify(fs.writeFile);
const fsync = promisify(fs.fsync);
const close = promisify(fs.close);
const rename = promisify(fs.rename);
const readFile = promisify(fs.readFile);
const readdir = promisify(fs.readdir);
const rm = promisify(fs.rm);
const mkdir = promisify(fs.mkdir);

/** What a redrive of one store wrote, letter by letter: the floor writes the same bytes to the same keys. */
export interface RedrivePlan {
  vendor: string;
  letters: { id: string; events: { key: string; bytes: Buffer }[]; meta: Buffer }[];
}

/**
 * The plan of a redrive that has run over `root/fallback` into `root/sink`: each letter moved under
 * `replayed/` names its event ids in its meta; each event is found by id in the sink's tree.
 */
export function planFrom(root: string, vendor: string): RedrivePlan {
  const events = new Map<string, { key: string; bytes: Buffer }>();
  const sink = join(root, 'sink');
  for (const entry of fs.readdirSync(sink, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    events.set(entry.name.replace(/\.json$/, ''), { key: relative(sink, path), bytes: fs.readFileSync(path) });
  }
  const moved = join(root, 'fallback', 'replayed', 'deferred', vendor);
  const letters = fs
    .readdirSync(moved)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => {
      const meta = fs.readFileSync(join(moved, name));
      const ids = (JSON.parse(meta.toString('utf8')) as { replayed: { eventIds: string[] } }).replayed.eventIds;
      return { id: name.replace(/\.json$/, ''), meta, events: ids.map((id) => events.get(id) as { key: string; bytes: Buffer }) };
    });
  if (letters.some((letter) => letter.events.includes(undefined as never))) throw new Error('redrive plan: an event id with no file');
  return { vendor, letters };
}

/**
 * The floor of a redrive: the same durable work on the same letters, with nothing decided. It
 * lists the shelf, reads each letter's meta and body, and in batches of the same size writes the
 * events the redrive wrote (the same bytes at the same keys, each to a temporary file, fsynced,
 * renamed; then their directory fsynced), then per letter, as the redrive does, writes its meta
 * under `replayed/` the same way, renames its body there, fsyncs both directories and removes the old
 * meta. No decoding, validation, digests or batching decisions.
 */
export async function floorRedrive(root: string, plan: RedrivePlan, batchSize = 25): Promise<void> {
  const shelf = join(root, 'fallback', 'deferred', plan.vendor);
  const moved = join(root, 'fallback', 'replayed', 'deferred', plan.vendor);
  const sink = join(root, 'sink');
  const made = new Set<string>();
  const ensure = async (dir: string) => {
    if (made.has(dir)) return;
    await mkdir(dir, { recursive: true });
    made.add(dir);
  };
  const names = (await readdir(shelf)).filter((name) => name.endsWith('.body')).sort();
  if (names.length !== plan.letters.length || names.some((name, i) => name !== `${plan.letters[i]?.id}.body`))
    throw new Error('redrive floor: the shelf does not hold the letters of the plan');
  for (let start = 0; start < plan.letters.length; start += batchSize) {
    const batch = plan.letters.slice(start, start + batchSize);
    for (const letter of batch) {
      await readFile(join(shelf, `${letter.id}.json`));
      await readFile(join(shelf, `${letter.id}.body`));
    }
    const events = batch.flatMap((letter) => letter.events);
    const paths = events.map((event) => join(sink, event.key));
    await Promise.all(events.map((event, i) => atomicWrite(paths[i] as string, event.bytes, ensure)));
    await Promise.all([...new Set(paths.map((path) => dirname(path)))].map(fsyncDirectory));
    for (const letter of batch) {
      await atomicWrite(join(moved, `${letter.id}.json`), letter.meta, ensure);
      await rename(join(shelf, `${letter.id}.body`), join(moved, `${letter.id}.body`));
      await Promise.all([fsyncDirectory(moved), fsyncDirectory(shelf)]);
      await rm(join(shelf, `${letter.id}.json`), { force: true });
    }
  }
}

let counter = 0;
async function atomicWrite(path: string, bytes: Buffer, ensure: (dir: string) => Promise<void>): Promise<void> {
  await ensure(dirname(path));
  const temp = `${path}.${process.pid}-${counter++}.tmp`;
  const fd = await open(temp, 'wx');
  try {
    await write(fd, bytes);
    await fsync(fd);
  } finally {
    await close(fd);
  }
  await rename(temp, path);
}

async function fsyncDirectory(dir: string): Promise<void> {
  const fd = await open(dir, 'r');
  try {
    await fsync(fd);
  } finally {
    await close(fd);
  }
}

/** Every file under `dir`, relative, sorted: two redrives of the same letters leave the same tree. */
export function treeOf(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)).split(sep).join('/'))
    .sort();
}
