/** Messages between the reading pool and its worker threads (structured clone). */
import type { InputFile } from '../input/types.js';
import type { FileResult, ReadSettings } from '../read.js';

/** Read this file. */
export interface Request {
  readonly id: number;
  readonly file: InputFile;
  readonly settings: ReadSettings;
}

export type Response =
  | { readonly type: 'progress'; readonly id: number; readonly bytesRead: number }
  | { readonly type: 'result'; readonly id: number; readonly result: FileResult }
  | { readonly type: 'error'; readonly id: number; readonly message: string };
