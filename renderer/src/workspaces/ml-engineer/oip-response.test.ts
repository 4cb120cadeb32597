import { describe, expect, it } from 'vitest';
import { classifierAnswer, readAnswer } from './oip-response.js';

const answer = {
  model_name: 'churn',
  model_version: '3',
  outputs: [
    { name: 'label', datatype: 'BYTES', shape: [1], data: ['yes'] },
    { name: 'probabilities', datatype: 'FP64', shape: [1, 2], data: [0.25, 0.75] },
  ],
};

describe("a model server's answer", () => {
  it('gives the outputs of a success, and the error of a refusal', () => {
    expect(readAnswer(200, answer)).toEqual({ response: answer, error: null });
    expect(readAnswer(400, { error: 'input tenure is missing' })).toEqual({
      response: null,
      error: 'input tenure is missing',
    });
    expect(readAnswer(502, 'Bad gateway')).toEqual({
      response: null,
      error: 'the model server answered HTTP 502 without outputs',
    });
  });

  it("reads a classifier's label and its classes' probabilities, most probable first", () => {
    expect(classifierAnswer(answer.outputs, ['no', 'yes'])).toEqual({
      label: 'yes',
      probabilities: [
        { label: 'yes', probability: 0.75 },
        { label: 'no', probability: 0.25 },
      ],
    });
    expect(classifierAnswer(answer.outputs, null)?.probabilities.map((entry) => entry.label)).toEqual([
      'class 1',
      'class 0',
    ]);
  });

  it('is no classifier answer for a regression', () => {
    expect(classifierAnswer([{ name: 'variable', datatype: 'FP64', shape: [1, 1], data: [4.2] }], null)).toBeNull();
  });
});
