import { TriadError } from '../../../shared/contract/errors.js';
import {
  METHOD_NAMES,
  type MethodName,
  type MethodOutput,
  type MethodParams,
} from '../../../shared/contract/methods.js';
import { parseInput, parseOutput, requireMethodName } from '../../../shared/contract/validate.js';
import type { Reply } from '../../../shared/contract/wire.js';
import { errorBody } from '../error-body.js';

export type Handler<M extends MethodName> = (input: MethodParams<M>) => MethodOutput<M> | Promise<MethodOutput<M>>;

export type DomainHandlers = { [M in MethodName]?: Handler<M> };

/**
 * The one gate every call passes through, from any transport: the method must exist, its
 * input must match the contract, and whatever goes wrong comes back as a Reply, never a throw.
 */
export class HandlerRegistry {
  private readonly handlers = new Map<MethodName, { domain: string; handler: Handler<MethodName> }>();

  constructor(private readonly logError: (message: string) => void = () => {}) {}

  register(domain: string, handlers: DomainHandlers): void {
    for (const [name, handler] of Object.entries(handlers) as [MethodName, Handler<MethodName>][]) {
      const existing = this.handlers.get(name);
      if (existing) {
        throw new Error(`method ${name} is registered twice (by ${existing.domain} and by ${domain})`);
      }
      this.handlers.set(name, { domain, handler });
    }
  }

  assertComplete(): void {
    const missing = METHOD_NAMES.filter((name) => !this.handlers.has(name));
    if (missing.length > 0) throw new Error(`no handler for: ${missing.join(', ')}`);
  }

  async invoke(method: unknown, input: unknown): Promise<Reply> {
    try {
      const name = requireMethodName(method);
      const entry = this.handlers.get(name);
      if (!entry) throw new TriadError('unknown_method', `method ${name} has no handler in this backend`);
      const result = await entry.handler(parseInput(name, input));
      return { ok: true, result: parseOutput(name, result) };
    } catch (error) {
      const body = errorBody(error);
      if (body.code === 'internal')
        this.logError(
          `${String(method)} failed: ${error instanceof Error ? (error.stack ?? body.message) : body.message}`,
        );
      return { ok: false, error: body };
    }
  }
}
