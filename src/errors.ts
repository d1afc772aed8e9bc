/** A usage or input problem: exit status 2, shown as one line naming the file and line. */
export class InputError extends Error {
  constructor(
    message: string,
    readonly file?: string,
    readonly line?: number,
  ) {
    super(message);
    this.name = 'InputError';
  }

  /** `file:line: message`, the form compilers and CI annotations use. */
  format(): string {
    if (this.file === undefined) return this.message;
    return this.line === undefined ? `${this.file}: ${this.message}` : `${this.file}:${this.line}: ${this.message}`;
  }
}

/** Maps a Node.js file-system error to an InputError naming the file. */
export function fileError(error: unknown, file: string): InputError {
  const code = (error as NodeJS.ErrnoException)?.code;
  switch (code) {
    case 'ENOENT':
      return new InputError('no such file', file);
    case 'EISDIR':
      return new InputError('is a directory, not a file', file);
    case 'EACCES':
    case 'EPERM':
      return new InputError('permission denied: the file cannot be read', file);
    case 'EIO':
      return new InputError('the file cannot be read (input/output error)', file);
    case 'Z_DATA_ERROR':
    case 'Z_BUF_ERROR':
      return new InputError('not valid gzip data', file);
    default:
      return new InputError(`cannot read the file: ${(error as Error)?.message ?? String(error)}`, file);
  }
}
