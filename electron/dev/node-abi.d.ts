/** The part of node-abi (it ships no types) that maps a runtime's version to its NODE_MODULE_VERSION. */
declare module 'node-abi' {
  export function getAbi(target: string, runtime: 'node' | 'electron'): string;
}
