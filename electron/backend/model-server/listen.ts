import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

function listen(server: Server, host: string, port: number): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server.address() as AddressInfo);
    });
  });
}

function explainListenError(error: NodeJS.ErrnoException, host: string, port: number): Error {
  if (error.code === 'EADDRINUSE')
    return new Error(`port ${port} on ${host} is already in use: stop what holds it, or choose another port`);
  if (error.code === 'EACCES') return new Error(`not allowed to listen on ${host}:${port}: choose a port above 1024`);
  return error;
}

export interface Listening {
  address: AddressInfo;
  /** Why the server is not on the port it was given, when it is not. */
  note: string | null;
}

/** Listens on the port; when it is busy and any port will do, on one the system picks. */
export async function listenOrFallBack(
  server: Server,
  { host, port, anyPortIfBusy }: { host: string; port: number; anyPortIfBusy: boolean },
): Promise<Listening> {
  try {
    return { address: await listen(server, host, port), note: null };
  } catch (error) {
    const failure = error as NodeJS.ErrnoException;
    if (!anyPortIfBusy || failure.code !== 'EADDRINUSE') throw explainListenError(failure, host, port);
  }
  try {
    return { address: await listen(server, host, 0), note: `port ${port} was in use` };
  } catch (error) {
    throw explainListenError(error as NodeJS.ErrnoException, host, 0);
  }
}
