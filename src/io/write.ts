import { promises as fs, rmSync } from 'node:fs';
import { createHash, randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { InputError } from '../errors.js';

// ------------------------------------------------------------------ temporary files and signals

/** Temporary files this process is writing: a signal removes them before the process ends. */
const liveTemps = new Set<string>();
/** Other clean-up to run on a signal (an export directory's lock). */
const onSignal = new Set<() => void>();
let signalsHooked = false;

function hookSignals(): void {
  if (signalsHooked) return;
  signalsHooked = true;
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      for (const path of liveTemps) {
        try {
          rmSync(path, { force: true });
        } catch {
          // Nothing more can be done while the process ends.
        }
      }
      liveTemps.clear();
      for (const cleanUp of onSignal) cleanUp();
      // The listener is gone (once): raising the signal again ends the process as the signal would.
      process.kill(process.pid, signal);
    });
  }
}

/** This machine, in temporary file names: a process id means something only on the host that gave it. */
const HOST = createHash('sha256').update(hostname()).digest('hex').slice(0, 8);
/** `.<target>.trainaudit-<pid>-<host>-<random>.tmp`: what claimTemp names, and all that removeStaleTemps may remove. */
const TEMP_NAME = /^\..*\.trainaudit-(\d+)-([0-9a-f]{8})-[0-9a-f]{8}\.tmp$/s;

/** A temporary path beside `target`, unique to this process and call, registered for clean-up on a signal. */
export function claimTemp(target: string): string {
  hookSignals();
  // The target's name is only a reminder of what the file was for: cut so the name stays within 255 bytes.
  const name = basename(target).slice(0, 100);
  const temp = join(dirname(target), `.${name}.trainaudit-${process.pid}-${HOST}-${randomBytes(4).toString('hex')}.tmp`);
  liveTemps.add(temp);
  return temp;
}

/** Whether a file name is one of trainaudit's temporary files (this version's naming). */
export function isOurTemp(name: string): boolean {
  return TEMP_NAME.test(name);
}

export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Temporary files of killed runs removed by this process, for the CLI to report. */
const removedTemps: string[] = [];
const sweptDirs = new Set<string>();

/**
 * Removes, from `dir`, the temporary files an earlier run left when it was killed (`kill -9`, a
 * power cut) before it could rename or remove them: only files named as claimTemp names them, by
 * this host, whose process is gone. Anything else, a temporary file of a live process or of
 * another host among them, is left alone. Once per directory and process; best effort.
 */
export async function removeStaleTemps(dir: string): Promise<string[]> {
  const key = resolve(dir);
  if (sweptDirs.has(key)) return [];
  sweptDirs.add(key);
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const match = TEMP_NAME.exec(name);
    if (!match || match[2] !== HOST) continue;
    const pid = Number(match[1]);
    if (pid === process.pid || !Number.isSafeInteger(pid) || pid <= 0 || processAlive(pid)) continue;
    const path = join(dir, name);
    try {
      if (!(await fs.lstat(path)).isFile()) continue;
      await fs.rm(path);
      removed.push(path);
    } catch {
      // Gone already, or not ours to remove after all.
    }
  }
  removedTemps.push(...removed);
  return removed;
}

/** The temporary files of killed runs removed so far (and forgets them). */
export function takeRemovedTemps(): string[] {
  return removedTemps.splice(0);
}

/** The temporary file was renamed or removed: nothing left to clean. */
export function releaseTemp(temp: string): void {
  liveTemps.delete(temp);
}

/** Runs `cleanUp` if a signal ends the process before `dispose` is called. */
export function cleanUpOnSignal(cleanUp: () => void): () => void {
  hookSignals();
  onSignal.add(cleanUp);
  return () => onSignal.delete(cleanUp);
}

// ------------------------------------------------------------------ inputs that must never be written

interface Identity {
  dev: number;
  ino: number;
}

async function identityOf(path: string): Promise<Identity | null> {
  try {
    const stat = await fs.stat(path);
    return { dev: stat.dev, ino: stat.ino };
  } catch {
    return null;
  }
}

/**
 * The files a run reads (data, predictions, --train, config, plugins), by device and inode, so
 * that no output or export path reaches one of them: not by the same name, a symbolic link, a
 * hard link or another spelling of the path.
 */
export class ProtectedFiles {
  private constructor(private readonly files: { path: string; identity: Identity }[]) {}

  static async of(paths: readonly (string | null | undefined)[]): Promise<ProtectedFiles> {
    const files: { path: string; identity: Identity }[] = [];
    for (const path of paths) {
      if (typeof path !== 'string' || path === '' || path === '-' || path === '<stdin>' || path === '<memory>') continue;
      const identity = await identityOf(path);
      if (identity) files.push({ path, identity });
    }
    return new ProtectedFiles(files);
  }

  /** The input that `path` is (same device and inode), or null. */
  async inputAt(path: string): Promise<string | null> {
    if (this.files.length === 0) return null;
    const identity = await identityOf(path);
    if (!identity) return null;
    const hit = this.files.find((file) => file.identity.dev === identity.dev && file.identity.ino === identity.ino);
    return hit ? hit.path : null;
  }

  /** Throws when `path` is one of the inputs; `what` names the output in the message. */
  async assertNotInput(path: string, what: string): Promise<void> {
    const input = await this.inputAt(path);
    if (input !== null) {
      const same = resolve(input) === resolve(path) ? '' : ` (${input})`;
      throw new InputError(`refusing to write ${what}: it is one of the input files${same}`, path);
    }
  }
}

// ------------------------------------------------------------------ writing

/** Paths that are not ordinary files: written in place, never replaced by a rename. */
async function isSpecialTarget(path: string): Promise<boolean> {
  const absolute = resolve(path);
  if (absolute.startsWith('/dev/') || absolute.startsWith('/proc/')) return true;
  try {
    const stat = await fs.stat(path);
    return !stat.isFile() && !stat.isDirectory();
  } catch {
    return false;
  }
}

function writeError(error: unknown, path: string): InputError {
  if (error instanceof InputError) return error;
  const code = (error as NodeJS.ErrnoException).code;
  const reason =
    code === 'ENOENT'
      ? 'its directory does not exist'
      : code === 'EISDIR'
        ? 'it is a directory'
        : code === 'EACCES' || code === 'EPERM'
          ? 'permission denied'
          : code === 'ENOSPC'
            ? 'no space left on the device'
            : (error as Error).message;
  return new InputError(`cannot write the output file: ${reason}`, path);
}

/**
 * Writes a report file. A regular file (or a new one) is written atomically: a temporary file
 * beside the file a symbolic link points to, flushed, given the existing file's mode, then renamed
 * over it. Character devices, FIFOs, sockets and `/dev/stdout` are written in place: a rename would
 * put a regular file where the device was.
 */
async function writePieces(handle: fs.FileHandle, text: string | Iterable<string>): Promise<void> {
  for (const piece of typeof text === 'string' ? [text] : text) await handle.writeFile(piece, 'utf8');
}

export async function writeFileAtomic(path: string, text: string | Iterable<string>): Promise<void> {
  if (await isSpecialTarget(path)) {
    try {
      const handle = await fs.open(path, 'w');
      try {
        await writePieces(handle, text);
      } finally {
        await handle.close();
      }
    } catch (error) {
      throw writeError(error, path);
    }
    return;
  }
  let target = path;
  let mode = 0o666 & ~process.umask();
  try {
    target = await fs.realpath(path);
    const stat = await fs.stat(target);
    if (stat.isDirectory()) throw new InputError('cannot write the output file: it is a directory', path);
    mode = stat.mode & 0o7777;
  } catch (error) {
    if (error instanceof InputError) throw error;
    // A new file: written under its own name.
  }
  await removeStaleTemps(dirname(target));
  const temp = claimTemp(target);
  try {
    const handle = await fs.open(temp, 'wx', mode);
    try {
      await writePieces(handle, text);
      await handle.chmod(mode);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(temp, target);
    releaseTemp(temp);
  } catch (error) {
    await fs.rm(temp, { force: true }).catch(() => undefined);
    releaseTemp(temp);
    throw writeError(error, path);
  }
}

/** Throws for paths under /proc or /sys, which cannot hold files (and where `mkdir -p` never returns). */
export function assertNotVirtual(dir: string, what: string): void {
  if (/^\/(proc|sys)(\/|$)/.test(resolve(dir))) throw new InputError(`cannot ${what} here: the path is inside a virtual file system (/proc, /sys)`, dir);
}

/**
 * Creates a directory and its missing parents one level at a time, failing fast where a path
 * cannot hold files.
 */
export async function makeDirectory(dir: string): Promise<void> {
  assertNotVirtual(dir, 'create a directory');
  const absolute = resolve(dir);
  const missing: string[] = [];
  let at = absolute;
  for (;;) {
    try {
      const stat = await fs.stat(at);
      if (!stat.isDirectory()) throw new InputError(`cannot create the directory: ${at} is not a directory`, dir);
      break;
    } catch (error) {
      if (error instanceof InputError) throw error;
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw new InputError(`cannot create the directory: ${(error as Error).message}`, dir);
      missing.push(at);
      const parent = dirname(at);
      if (parent === at) break;
      at = parent;
    }
  }
  for (const path of missing.reverse()) {
    try {
      await fs.mkdir(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') continue;
      throw writeError(error, dir);
    }
  }
}
