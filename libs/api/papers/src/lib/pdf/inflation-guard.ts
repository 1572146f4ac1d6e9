import type { Transform } from 'node:stream';
import { createInflate, constants as zlib, inflateSync } from 'node:zlib';
import type { PdfFile } from './pdf-file';
import { PdfName, type PdfValue } from './pdf-syntax';
import { createDecoder, DecoderStream, expandingFilter } from './stream-decoders';

/** How far the compressed streams of one file may inflate (bytes). */
export interface InflationLimits {
  /** One stream (a decompression bomb is usually one). */
  maxStreamBytes: number;
  /** All streams together. */
  maxTotalBytes: number;
}

/** A stream inflates past a bound: the file is refused before anything is stored. */
export class PdfInflationError extends Error {
  constructor(
    message: string,
    readonly limitBytes: number,
  ) {
    super(message);
    this.name = 'PdfInflationError';
  }
}

/** Streams this small inflate in one call: deflate expands at most ~1,032 times, so ≤ 17 MB. */
const SMALL_STREAM = 16 * 1024;
const CHUNK = 64 * 1024;

/**
 * Decodes every compressed stream of the file through its chain of filters (FlateDecode, and
 * the others that expand or wrap data: LZWDecode, RunLengthDecode, ASCII85Decode,
 * ASCIIHexDecode; a bomb may be compressed twice, or hex-encoded around deflate) up to the
 * first image codec, and counts the bytes, never holding more than a chunk of the output:
 * a stream that expands past `maxStreamBytes`, or all of them past `maxTotalBytes`, ends the
 * count with PdfInflationError. What readers would do with a corrupt stream (show what inflates)
 * is counted the same way: the count stops at the first error.
 */
export async function checkInflation(file: PdfFile, limits: InflationLimits): Promise<{ streams: number; inflatedBytes: number }> {
  function* streams() {
    for (const num of file.entries.keys()) {
      const stream = file.streamAt(num);
      if (!stream) continue;
      const filter = file.resolve(stream.dict.get('Filter'));
      yield { num, filters: Array.isArray(filter) ? filter.map((f) => file.resolve(f)) : [filter], data: file.bytes.subarray(stream.dataStart, stream.dataEnd) };
    }
  }
  return countInflation(streams(), limits);
}

/** A stream to count: its number (for the message), its filters (resolved) and its encoded data. */
export interface CountedStream {
  num: number;
  filters: PdfValue[];
  data: Buffer;
}

/** The count itself, over streams found any way (through the cross-reference, or by scanning a damaged file). */
export async function countInflation(streams: Iterable<CountedStream>, limits: InflationLimits): Promise<{ streams: number; inflatedBytes: number }> {
  let total = 0;
  let counted = 0;
  for (const { num, filters, data } of streams) {
    const stages = decodingStages(filters);
    if (stages.length === 0) continue;
    counted++;
    const budget = Math.min(limits.maxStreamBytes, limits.maxTotalBytes - total);
    const onlyFlate = stages.every((stage) => stage === 'flate');
    const size = data.length <= SMALL_STREAM && onlyFlate && stages.length === 1 ? inflatedSizeSmall(data, budget) : await inflatedSize(data, stages, budget);
    if (size > limits.maxStreamBytes) {
      throw new PdfInflationError(`stream ${num} inflates to more than ${limits.maxStreamBytes} bytes`, limits.maxStreamBytes);
    }
    total += size;
    if (total > limits.maxTotalBytes) {
      throw new PdfInflationError(`the streams inflate to more than ${limits.maxTotalBytes} bytes together`, limits.maxTotalBytes);
    }
  }
  return { streams: counted, inflatedBytes: total };
}

function isFlate(value: unknown): boolean {
  return value instanceof PdfName && (value.name === 'FlateDecode' || value.name === 'Fl');
}

type Stage = 'flate' | NonNullable<ReturnType<typeof expandingFilter>>;

/** The filters of a chain that are decoded to count, in order, up to the first one that is not (an image codec). */
function decodingStages(filters: PdfValue[]): Stage[] {
  const stages: Stage[] = [];
  for (const filter of filters) {
    const stage = isFlate(filter) ? 'flate' : filter instanceof PdfName ? expandingFilter(filter.name) : null;
    if (!stage) break;
    stages.push(stage);
  }
  return stages;
}

function stageStream(stage: Stage): Transform {
  return stage === 'flate' ? createInflate({ chunkSize: CHUNK, finishFlush: zlib.Z_SYNC_FLUSH }) : new DecoderStream(createDecoder(stage));
}

/** Inflated size of a small single-filter stream, or budget + 1 when it goes past the budget. */
function inflatedSizeSmall(raw: Buffer, budget: number): number {
  try {
    return inflateSync(raw, { maxOutputLength: Math.max(1, budget + 1), finishFlush: zlib.Z_SYNC_FLUSH }).length;
  } catch (error) {
    if (error instanceof RangeError) return budget + 1;
    return 0;
  }
}

/** Decodes `raw` through the stages in chunks, counting; stops once a stage passes the budget. */
function inflatedSize(raw: Buffer, stages: Stage[], budget: number): Promise<number> {
  return new Promise((resolve) => {
    const inflaters = stages.map(stageStream);
    const counts = new Array<number>(stages.length).fill(0);
    let settled = false;
    const finish = () => {
      if (settled) return;
      settled = true;
      for (const inflater of inflaters) inflater.destroy();
      resolve(Math.max(...counts));
    };
    inflaters.forEach((inflater, stage) => {
      inflater.on('data', (chunk: Buffer) => {
        counts[stage] += chunk.length;
        if (counts[stage] > budget) return finish();
        const next = inflaters[stage + 1];
        if (next && !next.write(chunk)) {
          inflater.pause();
          next.once('drain', () => inflater.resume());
        }
      });
      inflater.on('error', finish);
      inflater.on('end', () => {
        const next = inflaters[stage + 1];
        if (next) next.end();
        else finish();
      });
    });
    // Written in chunks too, so that a stage can stop the whole run early.
    const first = inflaters[0];
    let offset = 0;
    const feed = () => {
      while (!settled && offset < raw.length) {
        const chunk = raw.subarray(offset, offset + CHUNK);
        offset += chunk.length;
        if (!first.write(chunk)) return void first.once('drain', feed);
      }
      if (!settled) first.end();
    };
    feed();
  });
}
