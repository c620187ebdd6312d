/**
 * Where a command's output goes. Each command writes to the streams it is given, so tests can
 * run commands in-process and read what a user would see (main.ts passes stdout and stderr).
 */
export interface Io {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
}
