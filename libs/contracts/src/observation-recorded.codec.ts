/**
 * ObservationRecorded written straight to protobuf bytes, without building a message object: the ingest consumer
 * publishes one per stored reading, and the reflective `create` + `toBinary` of @bufbuild/protobuf cost it about as
 * much CPU as the rest of its work per reading. The bytes are exactly `encodeMessage(ObservationRecordedSchema, …)`'s
 * (proto3 wire format: fields in number order, implicit-presence scalars at their default omitted, a oneof member
 * always written; observation-recorded.codec.spec.ts compares the two on random records). A change to
 * ObservationRecorded, EventHeader, Coding or Timestamp in proto/ must change this file too (the spec fails until it does).
 */
import { encodeMessage, toTimestamp } from './codec';
import { ObservationRecordedSchema, type Modality } from './gen/shuji/events/v1/events_pb';

export interface ObservationRecordedFields {
  readonly eventId: string;
  readonly schemaVersion: number;
  readonly patientId: string;
  /** Milliseconds since the epoch (a Timestamp of whole milliseconds, as `toTimestamp(new Date(ms))` makes). */
  readonly effectiveMs: number;
  readonly receivedMs: number;
  readonly source: string;
  readonly code: { readonly system: string; readonly code: string; readonly display: string };
  readonly value:
    | { readonly case: 'numericValue'; readonly value: number }
    | { readonly case: 'codedValue'; readonly value: { readonly system: string; readonly code: string; readonly display: string } }
    | { readonly case: 'textValue'; readonly value: string };
  readonly unit: string;
  readonly modality: Modality;
  readonly fhirResourceId: string;
  readonly fhirVersionId: string;
}

const LEN = 2; // wire type: length-delimited
const VARINT = 0;
const FIXED64 = 1;
const tag = (field: number, wire: number): number => (field << 3) | wire;

function varintSize(n: number): number {
  let size = 1;
  while (n >= 0x80) {
    n = Math.floor(n / 128);
    size++;
  }
  return size;
}

function timestampSize(ms: number): number {
  const seconds = Math.floor(ms / 1000);
  const nanos = (ms - seconds * 1000) * 1_000_000;
  return (seconds !== 0 ? 1 + varintSize(seconds) : 0) + (nanos !== 0 ? 1 + varintSize(nanos) : 0);
}

/** UTF-8 length; ids, codes and units are short ASCII, counted here without a call into the runtime. */
function utf8Length(s: string): number {
  if (s.length > 64) return Buffer.byteLength(s, 'utf8');
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) >= 0x80) return Buffer.byteLength(s, 'utf8');
  return s.length;
}

/** Bytes of a string field (tag, length, UTF-8), 0 when it is empty (implicit presence). */
function stringSize(s: string): number {
  if (s.length === 0) return 0;
  const n = utf8Length(s);
  return 1 + varintSize(n) + n;
}

function codingSize(c: { readonly system: string; readonly code: string; readonly display: string }): number {
  return stringSize(c.system) + stringSize(c.code) + stringSize(c.display);
}

class Writer {
  pos = 0;
  constructor(readonly buf: Buffer) {}

  varint(n: number): void {
    while (n >= 0x80) {
      this.buf[this.pos++] = (n % 128) | 0x80;
      n = Math.floor(n / 128);
    }
    this.buf[this.pos++] = n;
  }

  string(field: number, s: string): void {
    if (s.length === 0) return;
    this.buf[this.pos++] = tag(field, LEN);
    this.bytes(s);
  }

  /** Length and UTF-8 bytes of `s`. */
  bytes(s: string): void {
    const n = utf8Length(s);
    this.varint(n);
    if (n === s.length && n <= 64) for (let i = 0; i < n; i++) this.buf[this.pos++] = s.charCodeAt(i);
    else this.pos += this.buf.write(s, this.pos, 'utf8');
  }

  message(field: number, size: number): void {
    this.buf[this.pos++] = tag(field, LEN);
    this.varint(size);
  }

  timestamp(field: number, ms: number): void {
    const seconds = Math.floor(ms / 1000);
    const nanos = (ms - seconds * 1000) * 1_000_000;
    this.message(field, timestampSize(ms));
    if (seconds !== 0) {
      this.buf[this.pos++] = tag(1, VARINT);
      this.varint(seconds);
    }
    if (nanos !== 0) {
      this.buf[this.pos++] = tag(2, VARINT);
      this.varint(nanos);
    }
  }

  coding(field: number, c: { readonly system: string; readonly code: string; readonly display: string }): void {
    this.message(field, codingSize(c));
    this.string(1, c.system);
    this.string(2, c.code);
    this.string(3, c.display);
  }

  double(field: number, v: number): void {
    this.buf[this.pos++] = tag(field, FIXED64);
    this.pos = this.buf.writeDoubleLE(v, this.pos);
  }
}

/** Instants this writer takes: whole milliseconds from 1970 on (a negative seconds field is a 10-byte varint it does not write). */
function plainInstant(ms: number): boolean {
  return Number.isInteger(ms) && ms >= 0 && ms < 253_402_300_800_000;
}

/** A whole number in [0, max]: a uint32 (schema_version) or a non-negative int32 (an enum) this writer takes. */
function inRange(n: number, max: number): boolean {
  return Number.isInteger(n) && n >= 0 && n <= max;
}

/** The protobuf bytes of one ObservationRecorded, byte for byte what encodeMessage(ObservationRecordedSchema, …) writes. */
export function encodeObservationRecorded(f: ObservationRecordedFields): Buffer {
  // anything else (a uint32 or int32 out of range included) goes to the reflective encoder, which refuses it
  if (!plainInstant(f.effectiveMs) || !plainInstant(f.receivedMs) || !inRange(f.schemaVersion, 0xffff_ffff) || !inRange(f.modality, 0x7fff_ffff)) return encodeObservationRecordedReflectively(f);
  const effective = timestampSize(f.effectiveMs);
  const received = timestampSize(f.receivedMs);
  const header =
    stringSize(f.eventId) +
    (f.schemaVersion !== 0 ? 1 + varintSize(f.schemaVersion) : 0) +
    stringSize(f.patientId) +
    (1 + varintSize(effective) + effective) +
    (1 + varintSize(received) + received) +
    stringSize(f.source);
  const code = codingSize(f.code);
  const v = f.value;
  const valueSize = v.case === 'numericValue' ? 9 : v.case === 'codedValue' ? ((n) => 1 + varintSize(n) + n)(codingSize(v.value)) : ((n) => 1 + varintSize(n) + n)(utf8Length(v.value));
  const size =
    (1 + varintSize(header) + header) +
    (1 + varintSize(code) + code) +
    valueSize +
    stringSize(f.unit) +
    (f.modality !== 0 ? 1 + varintSize(f.modality) : 0) +
    stringSize(f.fhirResourceId) +
    stringSize(f.fhirVersionId);
  const w = new Writer(Buffer.allocUnsafe(size));
  w.message(1, header);
  w.string(1, f.eventId);
  if (f.schemaVersion !== 0) {
    w.buf[w.pos++] = tag(2, VARINT);
    w.varint(f.schemaVersion);
  }
  w.string(3, f.patientId);
  w.timestamp(4, f.effectiveMs);
  w.timestamp(5, f.receivedMs);
  w.string(6, f.source);
  w.coding(2, f.code);
  if (v.case === 'numericValue') w.double(3, v.value);
  else if (v.case === 'codedValue') w.coding(4, v.value);
  else {
    // a oneof member is written even when empty (explicit presence)
    w.buf[w.pos++] = tag(5, LEN);
    w.bytes(v.value);
  }
  w.string(6, f.unit);
  if (f.modality !== 0) {
    w.buf[w.pos++] = tag(7, VARINT);
    w.varint(f.modality);
  }
  w.string(8, f.fhirResourceId);
  w.string(9, f.fhirVersionId);
  if (w.pos !== size) throw new Error(`encodeObservationRecorded wrote ${w.pos} bytes of ${size}`);
  return w.buf;
}

/**
 * The same message through protobuf-es' reflective encoder (Timestamps as `toTimestamp` makes them): what the fast
 * writer falls back to for instants it does not write (before 1970), and its reference in the spec.
 */
export function encodeObservationRecordedReflectively(f: ObservationRecordedFields): Buffer {
  return encodeMessage(ObservationRecordedSchema, {
    header: { eventId: f.eventId, schemaVersion: f.schemaVersion, patientId: f.patientId, effectiveTime: toTimestamp(new Date(f.effectiveMs)), receivedTime: toTimestamp(new Date(f.receivedMs)), source: f.source, correlationId: '' },
    code: f.code,
    value: f.value,
    unit: f.unit,
    modality: f.modality,
    fhirResourceId: f.fhirResourceId,
    fhirVersionId: f.fhirVersionId,
  });
}
