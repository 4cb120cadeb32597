import { networkInterfaces } from 'node:os';

const ANY_IPV4 = '0.0.0.0';
const ANY_IPV6 = new Set(['::', '[::]', '0:0:0:0:0:0:0:0']);

/** The addresses other machines can reach a server on, given the address it listens on. */
export function exposedAddresses(host: string): string[] {
  const wildcardIpv4 = host === ANY_IPV4;
  if (!wildcardIpv4 && !ANY_IPV6.has(host)) return [host];
  const addresses = Object.values(networkInterfaces())
    .flatMap((list) => list ?? [])
    .filter((address) => !address.internal && (!wildcardIpv4 || address.family === 'IPv4'))
    .map((address) => (address.family === 'IPv6' ? `[${address.address}]` : address.address));
  return addresses.length > 0 ? addresses : [host];
}
