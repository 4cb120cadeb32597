import type { TensorSignature } from '../../../shared/contract/schemas.js';
import type { LoadedModel } from './loaded-model.js';

function tensorMetadata(tensor: TensorSignature): { name: string; datatype: string; shape: number[] } {
  return { name: tensor.name, datatype: tensor.datatype, shape: tensor.shape ?? [-1] };
}

/** The protocol's model metadata: -1 for every dimension the model leaves open. */
export function modelMetadata(model: LoadedModel) {
  const { signature } = model.served;
  return {
    name: model.name,
    versions: [String(model.version)],
    platform: 'onnxruntime_onnx',
    inputs: signature.inputs.map(tensorMetadata),
    outputs: signature.outputs.filter((output) => !output.datatype.includes('<')).map(tensorMetadata),
  };
}
