// The commands' side of the local admin channel (src/auth/local-admin.ts): while a server holds
// the embedded database (PGlite allows one process per directory), `npm run apikey:*` and
// `npm run db:seed` ask that server, with the token it left in the directory's lock file.
import { config } from '../config.js';
import { dataDirOwner } from '../data-dir-lock.js';

export interface RunningServer {
  port: number;
  token: string;
}

/** The server holding the embedded database, if one runs; without one a command opens the database itself. */
export function runningServer(): RunningServer | undefined {
  const owner = config.databaseUrl || config.dataDir === 'memory://' ? undefined : dataDirOwner(config.dataDir);
  if (!owner) return undefined;
  if (!(owner.port && owner.adminToken)) throw new Error(`${config.dataDir} is in use by process ${owner.pid}; try again when it has started or stopped.`);
  return { port: owner.port, token: owner.adminToken };
}

/** Sends a request to the running server as its local administrator. */
export function callServer(server: RunningServer, path: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`http://127.0.0.1:${server.port}${path}`, { ...init, headers: { ...init.headers, authorization: server.token } });
}
