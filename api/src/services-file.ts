/**
 * `SERVICES_FILE`: the operator's card list, served as `/services.json` in embedded mode.
 *
 * Read once at start, and again only when it changed (a `stat` per request compares its
 * identity, size and modification time), so a request costs no read and every visitor gets
 * the same buffer however slowly it reads. Only a regular file of at most 1 MiB is taken:
 * it is opened without blocking and checked with `fstat` on that very descriptor, so a FIFO
 * cannot hang start-up, `/dev/zero` cannot fill memory, and a file swapped in between the
 * check and the read is the one checked.
 */
import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import { open, stat } from 'node:fs/promises';

/** A card list is a few kilobytes; 1 MiB holds thousands of cards. */
export const SERVICES_FILE_MAX_BYTES = 1024 * 1024;

const FLAGS = constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY;

export class ServicesFileError extends Error {
  override name = 'ServicesFileError';
}

/** Same identity, size and modification time: the same content as when it was read. */
function identity(stats: Stats): string {
  return `${stats.dev}:${stats.ino}:${stats.size}:${stats.mtimeMs}`;
}

/** Why `stats` is not a file to serve, or null. */
function refusal(stats: Stats): string | null {
  if (!stats.isFile()) return 'it is not a regular file';
  if (stats.size > SERVICES_FILE_MAX_BYTES) return `it holds ${stats.size} bytes, over 1 MiB`;
  return null;
}

function readError(error: unknown): ServicesFileError {
  if (error instanceof ServicesFileError) return error;
  const code = (error as { code?: string } | null)?.code;
  return new ServicesFileError(code ? `it cannot be read (${code})` : 'it cannot be read');
}

/**
 * Room for the size `fstat` gave plus one byte: a file that grew since is noticed (and taken
 * at its next change) instead of being served cut.
 */
function bufferFor(stats: Stats): Buffer {
  return Buffer.alloc(Math.min(stats.size, SERVICES_FILE_MAX_BYTES) + 1);
}

function whole(buffer: Buffer, length: number): Buffer {
  if (length === buffer.length) throw new ServicesFileError('it changed while it was read');
  return buffer.subarray(0, length);
}

function readSyncBounded(file: string): { content: Buffer; version: string } {
  let fd: number;
  try {
    fd = openSync(file, FLAGS);
  } catch (error) {
    throw readError(error);
  }
  try {
    const stats = fstatSync(fd);
    const refused = refusal(stats);
    if (refused) throw new ServicesFileError(refused);
    const buffer = bufferFor(stats);
    let length = 0;
    for (let got = -1; got !== 0 && length < buffer.length; length += got) {
      got = readSync(fd, buffer, length, buffer.length - length, null);
    }
    return { content: whole(buffer, length), version: identity(stats) };
  } catch (error) {
    throw readError(error);
  } finally {
    closeSync(fd);
  }
}

async function readBounded(file: string): Promise<{ content: Buffer; version: string }> {
  const handle = await open(file, FLAGS);
  try {
    const stats = await handle.stat();
    const refused = refusal(stats);
    if (refused) throw new ServicesFileError(refused);
    const buffer = bufferFor(stats);
    let length = 0;
    for (let got = -1; got !== 0 && length < buffer.length; length += got) {
      ({ bytesRead: got } = await handle.read(buffer, length, buffer.length - length, null));
    }
    return { content: whole(buffer, length), version: identity(stats) };
  } finally {
    await handle.close();
  }
}

export class ServicesFile {
  readonly path: string;
  #content: Buffer;
  #version: string;
  /** The identity of the last version that could not be used, so it is tried (and told) once. */
  #refused: string | null = null;
  #reading: Promise<void> | null = null;

  private constructor(file: string, content: Buffer, version: string) {
    this.path = file;
    this.#content = content;
    this.#version = version;
  }

  /** Reads the file at start; a `ServicesFileError` says why it cannot be served. */
  static load(file: string): ServicesFile {
    const { content, version } = readSyncBounded(file);
    return new ServicesFile(file, content, version);
  }

  /**
   * The content to serve: re-read when the file changed. A change that cannot be served (too
   * big, gone, not a file) keeps the last good content, and `warn` hears about it once.
   */
  async current(warn: (message: string) => void): Promise<Buffer> {
    let version: string;
    try {
      version = identity(await stat(this.path));
    } catch (error) {
      version = `missing:${(error as { code?: string }).code ?? ''}`;
    }
    if (version === this.#version || version === this.#refused) return this.#content;
    this.#reading ??= this.#reread(version, warn).finally(() => {
      this.#reading = null;
    });
    await this.#reading;
    return this.#content;
  }

  async #reread(seen: string, warn: (message: string) => void): Promise<void> {
    try {
      const { content, version } = await readBounded(this.path);
      this.#content = content;
      this.#version = version;
      this.#refused = null;
    } catch (error) {
      this.#refused = seen;
      warn(`SERVICES_FILE changed but ${readError(error).message}; serving the previous content`);
    }
  }
}
