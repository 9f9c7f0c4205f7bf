/** Messages between the reading pool and its worker threads (structured clone). */
import type { InputFile } from '../input/types.js';
import type { FileResult, ReadSettings } from '../read.js';
import type { SegmentResult, SegmentTask } from './segments.js';

/** Read this file. */
export interface Request {
  readonly id: number;
  readonly file: InputFile;
  /** Read only this part of the file (null: the whole file). */
  readonly segment: SegmentTask | null;
  readonly settings: ReadSettings;
}

export type Response =
  | { readonly type: 'progress'; readonly id: number; readonly bytesRead: number }
  | { readonly type: 'result'; readonly id: number; readonly result: FileResult | SegmentResult }
  | { readonly type: 'error'; readonly id: number; readonly message: string };
