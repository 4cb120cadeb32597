import { readFileSync } from 'node:fs';
import { parquetMetadata, parquetRead } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { parquetHeader } from 'hyparquet/src/column.js';
import { decompressPage, readDataPage, readDataPageV2 } from 'hyparquet/src/datapage.js';
import { readPlain } from 'hyparquet/src/plain.js';
import { getSchemaPath, getMaxDefinitionLevel } from 'hyparquet/src/schema.js';
import { DEFAULT_PARSERS } from 'hyparquet/src/convert.js';
const file = 'node_modules/vega-datasets/data/flights-3m.parquet';
const bytes = readFileSync(file);
const ab = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
const metadata = parquetMetadata(ab);
const dec = new TextDecoder();
function flat(group, ci) {
  const meta = group.columns[ci].meta_data;
  const schemaPath = getSchemaPath(metadata.schema, meta.path_in_schema);
  const element = schemaPath.at(-1).element;
  const decoder = { pathInSchema: meta.path_in_schema, element, schemaPath, type: meta.type, codec: meta.codec, compressors, utf8: false, parsers: DEFAULT_PARSERS };
  const start = Number(meta.dictionary_page_offset || meta.data_page_offset);
  const end = start + Number(meta.total_compressed_size);
  const view = new DataView(ab, start, end - start);
  const reader = { view, offset: 0 };
  const rows = Number(group.num_rows);
  const maxDef = getMaxDefinitionLevel(schemaPath);
  const isString = meta.type === 'BYTE_ARRAY';
  const out = isString ? new Array(rows) : new Float64Array(rows);
  let row = 0; let dict; let dictNums;
  while (row < rows) {
    const header = parquetHeader(reader);
    const compressed = new Uint8Array(ab, start + reader.offset, header.compressed_page_size);
    reader.offset += header.compressed_page_size;
    if (header.type === 'DICTIONARY_PAGE') {
      const page = decompressPage(compressed, header.uncompressed_page_size, meta.codec, compressors);
      const raw = readPlain({ view: new DataView(page.buffer, page.byteOffset, page.byteLength), offset: 0 }, meta.type, header.dictionary_page_header.num_values, element.type_length);
      if (isString) dict = Array.from(raw, (b) => dec.decode(b));
      else if (raw instanceof BigInt64Array) { const i32 = new Int32Array(raw.buffer, raw.byteOffset, raw.length * 2); dictNums = new Float64Array(raw.length); for (let i = 0; i < raw.length; i++) dictNums[i] = i32[2*i+1] * 4294967296 + (i32[2*i] >>> 0); }
      else dictNums = Float64Array.from(raw);
      continue;
    }
    let result;
    if (header.type === 'DATA_PAGE') { const page = decompressPage(compressed, header.uncompressed_page_size, meta.codec, compressors); result = readDataPage(page, header.data_page_header, decoder); }
    else result = readDataPageV2(compressed, header, decoder);
    const { definitionLevels, dataPage } = result;
    const n = header.data_page_header?.num_values ?? header.data_page_header_v2.num_values;
    const enc = header.data_page_header?.encoding ?? header.data_page_header_v2.encoding;
    const dictionary = enc.includes('DICTIONARY') || enc === 'RLE';
    let vi = 0;
    let i32 = null;
    if (!dictionary && dataPage instanceof BigInt64Array) i32 = new Int32Array(dataPage.buffer, dataPage.byteOffset, dataPage.length * 2);
    for (let i = 0; i < n; i++) {
      if (definitionLevels && definitionLevels.length && definitionLevels[i] !== maxDef) { out[row++] = isString ? null : NaN; continue; }
      const v = dataPage[vi];
      if (dictionary) out[row++] = isString ? dict[v] : dictNums[v];
      else if (i32) out[row++] = i32[2*vi+1] * 4294967296 + (i32[2*vi] >>> 0);
      else out[row++] = isString ? dec.decode(v) : v;
      vi++;
    }
  }
  return out;
}
let t = performance.now();
let total = 0;
for (const group of metadata.row_groups) for (let c = 0; c < group.columns.length; c++) total += flat(group, c).length;
console.log('custom', (performance.now() - t).toFixed(0), 'ms', total);
t = performance.now();
let n2 = 0;
for (let g = 0, start = 0; g < metadata.row_groups.length; g++) { const rows = Number(metadata.row_groups[g].num_rows); await parquetRead({ file: ab, metadata, compressors, utf8: false, rowStart: start, rowEnd: start + rows, onChunk: (c) => { n2 += c.columnData.length; } }); start += rows; }
console.log('hyparquet', (performance.now() - t).toFixed(0), 'ms', n2);
