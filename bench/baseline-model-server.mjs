// The benchmark's baseline: the least a Node server can do to answer an Open Inference Protocol
// infer request, a node:http handler calling one onnxruntime session directly (no routing,
// checks, batching, metrics or logging). Inputs may be FP32, FP64 or BYTES.
// usage: node bench/baseline-model-server.mjs MODEL.onnx PORT
import { createServer } from 'node:http';
import * as ort from 'onnxruntime-node';

const [file, port] = process.argv.slice(2);
const session = await ort.InferenceSession.create(file, { intraOpNumThreads: 1, interOpNumThreads: 1 });

/** The onnxruntime tensor of an OIP input: its data as the datatype's typed array (strings for BYTES). */
const TENSORS = {
  FP32: (input) => new ort.Tensor('float32', Float32Array.from(input.data), input.shape),
  FP64: (input) => new ort.Tensor('float64', Float64Array.from(input.data), input.shape),
  BYTES: (input) => new ort.Tensor('string', input.data, input.shape),
};

const server = createServer((request, response) => {
  const chunks = [];
  request.on('data', (chunk) => chunks.push(chunk));
  request.on('end', async () => {
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    const feeds = {};
    for (const input of body.inputs) feeds[input.name] = TENSORS[input.datatype](input);
    const outputs = await session.run(feeds);
    const text = JSON.stringify({
      model_name: 'baseline',
      outputs: Object.entries(outputs).map(([name, tensor]) => ({
        name,
        datatype: tensor.type === 'int64' ? 'INT64' : 'FP32',
        shape: tensor.dims,
        data: Array.from(tensor.data, Number),
      })),
    });
    response.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
    response.end(text);
  });
});
server.listen(Number(port), '127.0.0.1', () => console.log(`listening http://127.0.0.1:${server.address().port}`));
