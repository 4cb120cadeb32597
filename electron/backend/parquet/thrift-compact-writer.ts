import { ByteOutput } from './byte-output.js';

/** Thrift compact protocol type codes, as they appear in field and list headers. */
const Compact = {
  True: 1,
  False: 2,
  I16: 4,
  I32: 5,
  I64: 6,
  Binary: 8,
  List: 9,
  Struct: 12,
} as const;
type Compact = (typeof Compact)[keyof typeof Compact];

const encoder = new TextEncoder();

/**
 * Writes Thrift structs in the compact protocol, the encoding of Parquet's page headers and
 * footer. Fields are written in increasing id order within each struct; `struct` and `structList`
 * write the stop byte that ends each struct.
 */
export class CompactWriter {
  private lastFieldId = 0;

  constructor(readonly output: ByteOutput = new ByteOutput()) {}

  private field(id: number, type: Compact): void {
    const delta = id - this.lastFieldId;
    if (delta > 0 && delta <= 15) this.output.byte((delta << 4) | type);
    else {
      this.output.byte(type);
      this.zigzag(id);
    }
    this.lastFieldId = id;
  }

  private zigzag(value: number): void {
    this.output.varint(value >= 0 ? value * 2 : -value * 2 - 1);
  }

  private listHeader(count: number, type: Compact): void {
    if (count < 15) this.output.byte((count << 4) | type);
    else {
      this.output.byte(0xf0 | type);
      this.output.varint(count);
    }
  }

  i16(id: number, value: number): void {
    this.field(id, Compact.I16);
    this.zigzag(value);
  }

  i32(id: number, value: number): void {
    this.field(id, Compact.I32);
    this.zigzag(value);
  }

  /** A 64-bit integer field whose value fits a double exactly (sizes, offsets, counts). */
  i64(id: number, value: number): void {
    this.field(id, Compact.I64);
    this.zigzag(value);
  }

  bool(id: number, value: boolean): void {
    this.field(id, value ? Compact.True : Compact.False);
  }

  binary(id: number, value: Uint8Array): void {
    this.field(id, Compact.Binary);
    this.output.varint(value.length);
    this.output.bytes(value);
  }

  string(id: number, value: string): void {
    this.binary(id, encoder.encode(value));
  }

  i32List(id: number, values: readonly number[]): void {
    this.field(id, Compact.List);
    this.listHeader(values.length, Compact.I32);
    for (const value of values) this.zigzag(value);
  }

  stringList(id: number, values: readonly string[]): void {
    this.field(id, Compact.List);
    this.listHeader(values.length, Compact.Binary);
    for (const value of values) {
      const bytes = encoder.encode(value);
      this.output.varint(bytes.length);
      this.output.bytes(bytes);
    }
  }

  /** A struct field: `writeFields` writes its fields. */
  struct(id: number, writeFields: () => void): void {
    this.field(id, Compact.Struct);
    this.nested(writeFields);
  }

  /** A list of structs, each written by `writeFields`. */
  structList<T>(id: number, items: readonly T[], writeFields: (item: T, index: number) => void): void {
    this.field(id, Compact.List);
    this.listHeader(items.length, Compact.Struct);
    items.forEach((item, index) => {
      this.nested(() => writeFields(item, index));
    });
  }

  /** The outermost struct's fields, ended by its stop byte. */
  message(writeFields: () => void): void {
    this.nested(writeFields);
  }

  private nested(writeFields: () => void): void {
    const outer = this.lastFieldId;
    this.lastFieldId = 0;
    writeFields();
    this.output.byte(0);
    this.lastFieldId = outer;
  }
}
