/**
 * Readers of System event-log exports, one per format people send (domain.md §8).
 * Each sniffs the content only; the highest score wins (`parse/index.ts`).
 */
import type { FormatReader } from '../types.js';
import { detailsTextReader } from './details-text.js';
import { eventViewerCsvReader, eventViewerTsvReader } from './eventviewer-csv.js';
import { messageTextReader } from './message-text.js';
import { psCsvReader } from './ps-csv.js';
import { psJsonReader } from './ps-json.js';
import { psListReader } from './ps-list.js';
import { psTableReader } from './ps-table.js';
import { supportToolCommaReader, supportToolSpaceReader } from './support-tool.js';
import { wevtutilTextReader } from './wevtutil-text.js';
import { eventXmlReader } from './xml.js';

export const eventExportReaders: readonly FormatReader[] = [
  eventViewerCsvReader,
  eventViewerTsvReader,
  eventXmlReader,
  wevtutilTextReader,
  detailsTextReader,
  psListReader,
  psCsvReader,
  psJsonReader,
  psTableReader,
  supportToolSpaceReader,
  supportToolCommaReader,
  messageTextReader,
];

export { RecordSink, type RawRecord } from './sink.js';
