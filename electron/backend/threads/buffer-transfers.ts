/**
 * Readies this thread for transferring ArrayBuffers to other threads. V8 optimizes code that reads
 * typed arrays on the assumption that no ArrayBuffer of the thread has ever been detached, and the
 * first transfer (which detaches the sender's buffer) throws all of that optimized code away at
 * once, to be compiled again: dozens of functions of an import, on cores its threads already fill.
 * Detaching a throwaway buffer first, before the work's code is optimized, has it compiled once.
 */
export function expectBufferTransfers(): void {
  const throwaway = new ArrayBuffer(8);
  structuredClone(throwaway, { transfer: [throwaway] });
}
