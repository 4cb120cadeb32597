import { PORT_RANGE, parsePortNumber } from '../../shared/port-number.js';

export const MODEL_PORT_ENV = 'TRIAD_MODEL_PORT';

/** The model server's port chosen for the desktop app (undefined: the default), or why the choice is unusable. */
export type ModelPortChoice = { port: number | undefined } | { problem: string };

export function chooseModelPort(env: NodeJS.ProcessEnv): ModelPortChoice {
  const text = env[MODEL_PORT_ENV];
  if (!text) return { port: undefined };
  const port = parsePortNumber(text);
  if (port !== null) return { port };
  return {
    problem: `${MODEL_PORT_ENV} is "${text}", which is not a port number (${PORT_RANGE}): set it to one, or unset it to use the default port.`,
  };
}
